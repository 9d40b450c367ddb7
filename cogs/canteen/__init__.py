"""Supper and late-night meal orders (报餐) for the crews sharing the park's canteen: ``/canteen``
(the canteen's staff: menus, every production's orders), ``/supper`` (crew orders; counts, lists
and costs for the meal coordinator 生活制片, producers and ADs), and the persistent buttons on order
posts, reminder DMs and tickets. The rules live in ``bot.domain.meals``, the service in
``bot.meals``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.meals import rounds as R
from bot.meals.kinds import register_kinds
from bot.meals.service import MealService
from cogs.canteen.buttons import DYNAMIC_ITEMS
from cogs.canteen.canteen import Canteen
from cogs.canteen.supper import Supper

if TYPE_CHECKING:
    from bot.app import SetCallBot


async def setup(bot: SetCallBot) -> None:
    register_kinds()
    service = MealService(bot.db, bot.cues, bot.clock, bot.settings, bot.liveday)
    bot.meals = service  # type: ignore[attr-defined]
    if bot.liveday is not None:
        bot.liveday.add_hook(service.sync.on_day, supersedes_on=service.sync.owned)
    if bot.cues is not None:
        bot.cues.handle(R.CUTOFF, service.sync.on_cutoff)
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(Canteen(bot))
    await bot.add_cog(Supper(bot))


async def teardown(bot: SetCallBot) -> None:
    service = getattr(bot, "meals", None)
    if service is not None and bot.liveday is not None:
        bot.liveday.remove_hook(service.sync.on_day)
    bot.remove_dynamic_items(*DYNAMIC_ITEMS)
