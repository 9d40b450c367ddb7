"""The live day in Discord: ``/shoot`` commands and the cue delivery adapter.

``setup`` wires the cue engine if the core has not (``bot.cues`` is None): it builds the engine
and the live-day service around :class:`~cogs.shoot.delivery.DiscordDelivery`, starts the engine
(recovering missed cues, re-arming pending ones) and syncs the days around today. Other features
reach the service as ``bot.liveday`` (e.g. ``await bot.liveday.sync(production_id, day_id)`` after
publishing a call sheet).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.cues import create_live_day
from bot.cues.liveday import LiveDayService
from cogs.shoot.commands import Shoot
from cogs.shoot.delivery import DiscordDelivery

if TYPE_CHECKING:
    from bot.app import SetCallBot

log = logging.getLogger(__name__)


async def setup(bot: SetCallBot) -> None:
    service: LiveDayService | None = getattr(bot, "liveday", None)
    if bot.cues is None or service is None:
        delivery = DiscordDelivery(bot)
        engine, service = create_live_day(bot.db, bot.scheduler, bot.clock, bot.settings, delivery.deliver)
        bot.cues = engine
        bot.liveday = service  # type: ignore[attr-defined]
        bot.cue_delivery = delivery  # type: ignore[attr-defined]
        await engine.start()
        try:
            await service.sync_upcoming()
        except Exception:  # a broken day must not keep the bot from starting
            log.exception("could not sync the days around today")
    await bot.add_cog(Shoot(bot, service))
