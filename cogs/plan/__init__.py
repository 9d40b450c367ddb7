"""The shoot plan in Discord: import a stripboard, hand out the template, show and edit a day."""

from __future__ import annotations

from cogs.plan.commands import Plan, import_bytes

__all__ = ["Plan", "import_bytes", "setup"]


async def setup(bot) -> None:
    await bot.add_cog(Plan(bot))
