"""Standby calls (候场) in Discord: ``/standby`` for ADs and heads of department, the answer buttons
(persistent), the board in the department channel and the AD office, the escalation ladder and the
automatic standbys of the live day (all rows of the outbox); ``/duty`` for who is on duty and each
actor's 跟妆."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.standby import auto, moved, outbox
from cogs.standby.commands import Standby
from cogs.standby.duty import Duty
from cogs.standby.views import AnswerButton

if TYPE_CHECKING:
    from bot.app import SetCallBot

__all__ = ["AnswerButton", "Duty", "Standby", "setup"]


async def setup(bot: SetCallBot) -> None:
    outbox.register()
    moved.register()
    bot.add_dynamic_items(AnswerButton)
    cog = Standby(bot)
    await bot.add_cog(cog)
    await bot.add_cog(Duty(bot))
    auto.AutoStandbys(bot, cog.service).register()
