"""The live day in Discord: the ``/shoot`` commands. The cue engine and the live-day service are
core (``bot.cues`` and ``bot.liveday``, built in ``SetCallBot.setup_hook``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.shoot.commands import Shoot
from cogs.shoot.views import ProposalActions

if TYPE_CHECKING:
    from bot.app import SetCallBot


async def setup(bot: SetCallBot) -> None:
    assert bot.liveday is not None, "the core builds the live-day service before loading extensions"
    ProposalActions(bot.liveday).register()  # the cast call proposal's buttons and menu: AD actions (bot.actions)
    await bot.add_cog(Shoot(bot, bot.liveday))
