"""The producer's daily report (制片日报) and the rest guard in Discord: the draft the AD signs off at
the wrap (persistent buttons), ``/report day | park | dm``, ``/rest rules | check``, and the warning
``/callsheet publish`` gives before a sheet that breaks the rest rules goes out. The figures live in
``bot.domain.report`` and ``bot.domain.rest``, the service in ``bot.report``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.report.service import ReportService
from cogs.report.commands import Report, Rest
from cogs.report.views import DYNAMIC_ITEMS

if TYPE_CHECKING:
    from bot.app import SetCallBot

__all__ = ["Report", "Rest", "setup", "teardown"]


async def setup(bot: SetCallBot) -> None:
    service = ReportService(bot.db, bot.cues, bot.clock, bot.settings)
    service.register()
    bot.reports = service  # type: ignore[attr-defined]
    if bot.liveday is not None:
        bot.liveday.add_hook(service.on_day)
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(Report(bot))
    await bot.add_cog(Rest(bot))


async def teardown(bot: SetCallBot) -> None:
    service = getattr(bot, "reports", None)
    if service is not None and bot.liveday is not None:
        bot.liveday.remove_hook(service.on_day)
    bot.remove_dynamic_items(*DYNAMIC_ITEMS)
