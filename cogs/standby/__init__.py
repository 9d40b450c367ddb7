"""Standby calls (候场) in Discord: ``/standby`` for ADs and heads of department, the answer buttons
(persistent), the board in the department channel and the AD office, the escalation ladder and the
automatic standbys of the live day (all rows of the outbox); ``/duty`` for who is on duty and each
actor's 跟妆."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.standby.duty import Duty

if TYPE_CHECKING:
    from bot.app import SetCallBot

__all__ = ["Duty", "setup"]


async def setup(bot: SetCallBot) -> None:
    await bot.add_cog(Duty(bot))
