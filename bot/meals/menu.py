"""The canteen's side: its channel, the menu per service date and meal, and the park-wide view.

Each change is one transaction. Afterwards the productions with a shoot day on that date re-plan
their meal rounds (the order post lists the menu; a first dish opens a round) through the live
day's recompute, which is idempotent and also runs at start-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import DomainError
from bot.domain.meals import menu as M
from bot.domain.meals.menu import MenuItem
from bot.domain.meals.rounds import MealRound
from db.repositories.crew import CrewRepo
from db.repositories.meals import LateChange, MenuRepo, OrderRepo, RoundRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.meals.service import MealService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoundView:
    """One production's round as the canteen sees it."""

    code: str
    production: str
    round: MealRound
    orders: list
    late: list[LateChange]
    names: dict[int, str]  # the production's crew by user id (for the canteen's CSV)


class CanteenMenu:
    def __init__(self, service: MealService) -> None:
        self.s = service

    @property
    def db(self):
        return self.s.db

    async def channel(self, guild_id: int) -> int | None:
        async with self.db.read() as tx:
            stored = await MenuRepo.canteen_channel(tx, guild_id)
        return stored or self.s.settings.guild(guild_id).canteen_channel_id

    async def set_channel(self, guild_id: int, channel_id: int) -> None:
        async with self.db.transaction() as tx:
            await MenuRepo.set_canteen_channel(tx, guild_id, channel_id, self.s.clock.now())

    def today(self) -> date:
        return M.service_date(self.s.clock.now().astimezone(self.s.settings.tz))

    # --------------------------------------------------------------------------- the menu

    async def add(self, guild_id: int, service_date: date, meal: str, *, name_zh: str, name_en: str, price: str,
                  tags: tuple[str, ...], stock: int | None, by: int) -> MenuItem:
        meal = M.check_meal(meal)
        zh, en = M.clean_name(name_zh), M.clean_name(name_en, required=False)
        fen, stock = M.parse_price(price), M.clean_stock(stock)
        async with self.db.transaction() as tx:
            item = await MenuRepo.add(tx, guild_id=guild_id, service_date=service_date, meal=meal, name_zh=zh, name_en=en or zh,
                                      price=fen, tags=tags, stock=stock, by=by, now=self.s.clock.now())
        if item is None:
            raise DomainError("meals.error.duplicate_item", name=zh)
        await self.resync(guild_id, service_date)
        return item

    async def item(self, guild_id: int, item_id: int) -> MenuItem:
        async with self.db.read() as tx:
            item = await MenuRepo.item(tx, item_id)
        if item is None or item.guild_id != guild_id:
            raise DomainError("meals.error.no_such_item")
        return item

    async def change(self, guild_id: int, item_id: int, *, name_zh: str | None = None, name_en: str | None = None,
                     price: str | None = None, stock: int | None = None, unlimited: bool = False,
                     tags: tuple[str, ...] | None = None) -> MenuItem:
        async with self.db.transaction() as tx:
            item = await MenuRepo.item(tx, item_id)
            if item is None or item.guild_id != guild_id:
                raise DomainError("meals.error.no_such_item")
            new_stock = None if unlimited else (M.clean_stock(stock) if stock is not None else item.stock)
            M.check_stock_change(item, new_stock)
            changed = replace(
                item,
                name_zh=M.clean_name(name_zh) if name_zh is not None else item.name_zh,
                name_en=M.clean_name(name_en, required=False) or item.name_en if name_en is not None else item.name_en,
                price=M.parse_price(price) if price is not None else item.price,
                stock=new_stock,
                tags=tags if tags is not None else item.tags,
            )
            if changed == item:
                raise DomainError("meals.error.nothing_to_change")
            if changed.name_zh != item.name_zh and await MenuRepo.by_name(tx, guild_id, item.service_date, item.meal, changed.name_zh):
                raise DomainError("meals.error.duplicate_item", name=changed.name_zh)
            await MenuRepo.update(tx, changed, self.s.clock.now())
            fresh = await MenuRepo.item(tx, item_id)
        assert fresh is not None
        await self.resync(guild_id, item.service_date)
        return fresh

    async def remove(self, guild_id: int, item_id: int) -> MenuItem:
        async with self.db.transaction() as tx:
            item = await MenuRepo.item(tx, item_id)
            if item is None or item.guild_id != guild_id:
                raise DomainError("meals.error.no_such_item")
            if not await MenuRepo.delete(tx, item_id):
                orders, portions = await MenuRepo.orders_of(tx, item_id)
                raise DomainError("meals.error.item_has_orders", name=item.name_zh, portions=portions or orders)
        await self.resync(guild_id, item.service_date)
        return item

    async def close(self, guild_id: int, item_id: int, *, reopen: bool = False) -> MenuItem:
        async with self.db.transaction() as tx:
            item = await MenuRepo.item(tx, item_id)
            if item is None or item.guild_id != guild_id:
                raise DomainError("meals.error.no_such_item")
            if not await MenuRepo.set_closed(tx, item_id, not reopen, self.s.clock.now()):
                raise DomainError("meals.error.already_open" if reopen else "meals.error.already_closed", name=item.name_zh)
            fresh = await MenuRepo.item(tx, item_id)
        assert fresh is not None
        await self.resync(guild_id, item.service_date)
        return fresh

    async def copy(self, guild_id: int, to_date: date, from_date: date | None, meals: tuple[str, ...], by: int) -> tuple[list[MenuItem], list[str]]:
        """Copy a day's menu (yesterday's by default): prices, tags and stock limits, nothing ordered.
        Dishes already on the target menu are left as they are (listed as skipped)."""
        source = from_date or (to_date - timedelta(days=1))
        if source == to_date:
            raise DomainError("meals.error.copy_same_day")
        copied: list[MenuItem] = []
        skipped: list[str] = []
        now = self.s.clock.now()
        async with self.db.transaction() as tx:
            for meal in meals:
                for item in await MenuRepo.menu(tx, guild_id, source, meal):
                    new = await MenuRepo.add(tx, guild_id=guild_id, service_date=to_date, meal=meal, name_zh=item.name_zh,
                                             name_en=item.name_en, price=item.price, tags=item.tags, stock=item.stock, by=by, now=now)
                    (copied.append(new) if new is not None else skipped.append(item.name_zh))
        if not copied and not skipped:
            raise DomainError("meals.error.nothing_to_copy", date=source.isoformat())
        if copied:
            await self.resync(guild_id, to_date)
        return copied, skipped

    async def menu(self, guild_id: int, service_date: date, meal: str | None = None) -> list[MenuItem]:
        async with self.db.read() as tx:
            if meal is None:
                return await MenuRepo.menu_on(tx, guild_id, service_date)
            return await MenuRepo.menu(tx, guild_id, service_date, meal)

    # --------------------------------------------------------------------------- the park's view

    async def overview(self, guild_id: int, service_date: date, meal: str | None = None) -> tuple[list[RoundView], dict[int, MenuItem]]:
        """Every production's round on that date (the canteen's one view of the park)."""
        async with self.db.read() as tx:
            rounds = [r for r in await RoundRepo.in_guild(tx, guild_id, service_date) if meal is None or r.meal == meal]
            items = {i.id: i for i in await MenuRepo.menu_on(tx, guild_id, service_date)}
            out = []
            for r in rounds:
                prod = await ProductionRepo.get(tx, r.production_id)
                if prod is None:
                    continue
                names = {m.user_id: m.display_name for m in await CrewRepo.list(tx, prod.id)}
                out.append(RoundView(prod.code, prod.name, r, await OrderRepo.of_round(tx, r.id), await OrderRepo.late_changes(tx, r.id), names))
        return out, items

    # --------------------------------------------------------------------------- after a change

    async def resync(self, guild_id: int, service_date: date) -> None:
        """Re-plan the meal rounds of every production with a shoot day on that date."""
        liveday = self.s.liveday
        if liveday is None:
            return
        async with self.db.read() as tx:
            targets = []
            for prod in await ProductionRepo.in_guild(tx, guild_id):
                day = await PlanRepo.day(tx, prod.id, service_date, prod.tz)
                if day is not None and day.id is not None:
                    targets.append((prod.id, day.id))
        for production_id, day_id in targets:
            try:
                await liveday.sync(production_id, day_id)
            except DomainError as exc:
                log.warning("meal re-plan of day %s skipped: %s", day_id, exc)
