"""The live day's machinery, Discord-free: the cue engine, the kind registry and the service
behind ``/shoot``.

How the bot wires it (``SetCallBot.setup_hook``, after the extensions are loaded)::

    from bot.cues import create_live_day
    self.cues, self.liveday = create_live_day(self.db, self.scheduler, self.clock, self.settings, deliver)
    await self.cues.start()           # recover missed cues, arm every pending one
    await self.liveday.sync_upcoming()  # make sure today's and tomorrow's reminders exist

and ``await self.cues.stop()`` in ``close()``. ``deliver(cue, late)`` is the Discord adapter
(``cogs.shoot.delivery.DiscordDelivery``); until the core does this, ``cogs.shoot`` wires itself
in its ``setup``.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.cues.engine import CueEngine, Deliver, DeliveryResult
from bot.cues.kinds import CueKind, Rendered, register, render
from bot.cues.liveday import LiveDayService, Outcome
from bot.settings import Settings
from db.database import Database


def create_live_day(db: Database, scheduler, clock: Clock, settings: Settings, deliver: Deliver) -> tuple[CueEngine, LiveDayService]:
    engine = CueEngine(db, scheduler, clock, settings, deliver)
    return engine, LiveDayService(db, engine, clock, settings)


__all__ = [
    "CueEngine",
    "CueKind",
    "Deliver",
    "DeliveryResult",
    "LiveDayService",
    "Outcome",
    "Rendered",
    "create_live_day",
    "register",
    "render",
]
