"""Meal orders, Discord-free: crew orders (one per person per meal), counts for people not on
Discord, the canteen's 已接单 / Ready, and what each side may read.

Every action is ONE transaction. A person's order is refused after the cutoff with nothing stored;
stock is taken with a conditional update in the same transaction as the order (the last portion is
never sold twice); every action sets absolute values (this dish, this many), so pressing again
after a lost answer changes nothing. Counts the AD or the meal coordinator enters after the cutoff
are kept, flagged, and told to the canteen."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.crew import DEPARTMENTS, CrewMember, Production
from bot.domain.errors import DomainError
from bot.domain.meals import orders as O
from bot.domain.meals.menu import MEALS, MenuItem, check_meal
from bot.domain.meals.orders import Order
from bot.domain.meals.rounds import MealRound
from bot.domain.meals.tickets import MealCost
from bot.meals.menu import CanteenMenu
from bot.meals.sync import MealSync
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.crew import CrewRepo
from db.repositories.meals import MenuRepo, MoneyRepo, OrderRepo, RoundRepo

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.cues.engine import CueEngine
    from bot.cues.liveday import LiveDayService

log = logging.getLogger(__name__)

UNSET = object()


@dataclass(frozen=True)
class Placed:
    """What an order action did."""

    round: MealRound
    order: Order
    item: MenuItem | None
    changed: bool = True
    clash: bool = False  # a 素 / 清真 eater chose a dish not tagged for it
    ticket: bool = False  # this count went to the canteen as the ticket (a meal too close for orders)


class MealService:
    def __init__(self, db: Database, engine: CueEngine | None, clock: Clock, settings: Settings, liveday: LiveDayService | None) -> None:
        self.db = db
        self.engine = engine
        self.clock = clock
        self.settings = settings
        self.liveday = liveday
        self.canteen = CanteenMenu(self)
        self.sync = MealSync(self)

    async def refresh(self, ids: list[int]) -> None:
        if self.engine is not None and ids:
            await self.engine.refresh(ids)

    # --------------------------------------------------------------------------- which round

    async def round(self, prod: Production, round_id: int) -> MealRound:
        async with self.db.read() as tx:
            r = await RoundRepo.get(tx, round_id)
        if r is None or r.production_id != prod.id:
            raise DomainError("meals.error.no_round")
        return r

    async def rounds_today(self, prod: Production) -> list[MealRound]:
        """Today's rounds (the service date: a late meal after midnight is still last night's)."""
        today = self.canteen.today()
        async with self.db.read() as tx:
            return await RoundRepo.between(tx, prod.id, today, today)

    async def pick_round(self, prod: Production, meal: str | None, item_id: int | None = None) -> MealRound:
        """The round ``meal`` names today (or the meal of the dish ``item_id``), or the first one still
        open (else the last one)."""
        rounds = await self.rounds_today(prod)
        if meal is None and item_id is not None:
            async with self.db.read() as tx:
                item = await MenuRepo.item(tx, item_id)
            if item is not None and item.guild_id == prod.guild_id:
                meal = item.meal
        if meal is not None:
            check_meal(meal)
            found = next((r for r in rounds if r.meal == meal), None)
            if found is None:
                raise DomainError(f"meals.error.no_round_{meal}")
            return found
        if not rounds:
            raise DomainError("meals.error.no_round")
        now = self.clock.now()
        return next((r for r in rounds if r.is_open(now)), rounds[-1])

    async def menu_of(self, r: MealRound, guild_id: int) -> list[MenuItem]:
        async with self.db.read() as tx:
            return await MenuRepo.menu(tx, guild_id, r.service_date, r.meal)

    # --------------------------------------------------------------------------- crew orders

    async def _open_round(self, tx: Tx, prod: Production, round_id: int, now: datetime) -> MealRound:
        r = await RoundRepo.get(tx, round_id)
        if r is None or r.production_id != prod.id:
            raise DomainError("meals.error.no_round")
        if not r.is_open(now):
            raise r.refusal(prod.tz)
        return r

    async def _member(self, tx: Tx, prod: Production, user_id: int) -> CrewMember:
        member = await CrewRepo.get(tx, prod.id, user_id)
        if member is None:
            raise DomainError("meals.error.not_crew", code=prod.code)
        return member

    async def order(self, prod: Production, round_id: int, user_id: int, *, item_id: int | None = None, quantity: int | None = None,
                    diet: str | None = None, deliver: str | None = None, notes: str | None | object = UNSET) -> Placed:
        """要: this dish (or the one already chosen), these portions, 荤/素/清真, where, notes.
        Unset fields keep what the order had (a new order: 1 portion, the diet from /crew join, to set)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            r = await self._open_round(tx, prod, round_id, now)
            member = await self._member(tx, prod, user_id)
            old = await OrderRepo.of_person(tx, r.id, user_id)
            had = old is not None and old.wants
            chosen = item_id if item_id is not None else (old.item_id if had and old else None)
            if chosen is None:
                raise DomainError("meals.error.pick_item")
            item = O.check_orderable(await MenuRepo.item(tx, chosen), guild_id=prod.guild_id, service_date=r.service_date, meal=r.meal)
            qty = O.check_quantity(quantity if quantity is not None else (old.quantity if had and old else 1), self.settings.meals.max_quantity)
            new = Order(
                id=old.id if old else 0, round_id=r.id, user_id=user_id, label="", department=member.department, wants=True,
                item_id=item.id, quantity=qty,
                unit_price=old.unit_price if had and old and old.item_id == item.id else item.price,
                diet=O.check_diet(diet) if diet is not None else (old.diet if old else O.diet_from_dietary(member.dietary)),
                deliver=O.check_place(deliver) if deliver is not None else (old.deliver if old else "set"),
                notes=O.clean_notes(notes) if notes is not UNSET else (old.notes if old else ""),  # type: ignore[arg-type]
                entered_by=user_id,
            )
            if old is not None and _same(old, new):
                return Placed(r, old, item, changed=False, clash=O.diet_clash(item, old.diet))
            if had and old is not None and old.item_id is not None:
                await MenuRepo.release(tx, old.item_id, old.quantity, now)
            if not await MenuRepo.take(tx, item.id, qty, now):
                fresh = await MenuRepo.item(tx, item.id)
                left = fresh.left if fresh is not None else 0
                raise DomainError("meals.error.sold_out" if not left else "meals.error.not_enough", name=item.name_zh, left=left or 0)
            saved = await OrderRepo.save(tx, new, now)
        return Placed(r, saved, item, clash=O.diet_clash(item, saved.diet))

    async def decline(self, prod: Production, round_id: int, user_id: int) -> Placed:
        """不要 (also what cancelling an order means): the portion goes back on the menu."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            r = await self._open_round(tx, prod, round_id, now)
            member = await self._member(tx, prod, user_id)
            old = await OrderRepo.of_person(tx, r.id, user_id)
            if old is not None and not old.wants:
                return Placed(r, old, None, changed=False)
            if old is not None and old.item_id is not None:
                await MenuRepo.release(tx, old.item_id, old.quantity, now)
            new = Order(id=old.id if old else 0, round_id=r.id, user_id=user_id, label="", department=member.department, wants=False,
                        item_id=None, quantity=0, unit_price=0, diet=old.diet if old else O.diet_from_dietary(member.dietary),
                        deliver=old.deliver if old else "set", notes="", entered_by=user_id)
            saved = await OrderRepo.save(tx, new, now)
        return Placed(r, saved, None)

    async def mine(self, prod: Production, round_id: int, user_id: int) -> tuple[MealRound, Order | None, CrewMember | None]:
        async with self.db.read() as tx:
            r = await RoundRepo.get(tx, round_id)
            if r is None or r.production_id != prod.id:
                raise DomainError("meals.error.no_round")
            return r, await OrderRepo.of_person(tx, r.id, user_id), await CrewRepo.get(tx, prod.id, user_id)

    async def my_orders(self, prod: Production, user_id: int) -> list[tuple[MealRound, Order | None, dict[int, MenuItem]]]:
        today = self.canteen.today()
        out = []
        async with self.db.read() as tx:
            for r in await RoundRepo.between(tx, prod.id, today, today + timedelta(days=1)):
                items = {i.id: i for i in await MenuRepo.menu(tx, prod.guild_id, r.service_date, r.meal)}
                out.append((r, await OrderRepo.of_person(tx, r.id, user_id), items))
        return out

    # --------------------------------------------------------------------------- counts (AD / 生活制片)

    async def count(self, prod: Production, round_id: int, *, label: str, item_id: int, quantity: int, department: str,
                    diet: str = "meat", notes: str = "", by: int) -> tuple[Placed, bool]:
        """Set how many of ``label`` (群演, 司机...) eat this dish (0 removes it). Before the cutoff it is
        simply part of the orders; after it, it is kept, flagged and told to the canteen. For a meal
        too close for the canteen to take orders (counts only) the first count is sent at once as the
        ticket, and later ones are flagged like any count after a ticket.
        Returns (what was stored, late)."""
        label, qty = O.clean_label(label), O.check_count(quantity)
        if department not in DEPARTMENTS:
            raise DomainError("crew.error.bad_department", department=department)
        diet, notes = O.check_diet(diet), O.clean_notes(notes)
        now = self.clock.now()
        touched: list[int] = []
        async with self.db.transaction() as tx:
            r = await RoundRepo.get(tx, round_id)
            if r is None or r.production_id != prod.id:
                raise DomainError("meals.error.no_round")
            first = r.counts_only and r.status == "open"  # too late for orders: the first count is the ticket
            late = not r.is_open(now) and not first
            item = O.check_orderable(await MenuRepo.item(tx, item_id), guild_id=prod.guild_id, service_date=r.service_date, meal=r.meal) \
                if qty else await MenuRepo.item(tx, item_id)
            if item is None:
                raise DomainError("meals.error.no_such_item")
            old = await OrderRepo.of_group(tx, r.id, label, item.id)
            before = old.quantity if old is not None else 0
            if old is None and qty == 0:
                raise DomainError("meals.error.nothing_to_change")
            new = Order(id=old.id if old else 0, round_id=r.id, user_id=None, label=label, department=department, wants=True,
                        item_id=item.id, quantity=max(qty, 1), unit_price=old.unit_price if old else item.price, diet=diet,
                        deliver=old.deliver if old else "set", notes=notes, late=late or bool(old and old.late), entered_by=by)
            if old is not None and qty and _same(old, new):
                return Placed(r, old, item, changed=False), late
            if before:
                await MenuRepo.release(tx, item.id, before, now)
            if qty and not await MenuRepo.take(tx, item.id, qty, now):
                fresh = await MenuRepo.item(tx, item.id)
                left = fresh.left if fresh is not None else 0
                raise DomainError("meals.error.sold_out" if not left else "meals.error.not_enough", name=item.name_zh, left=left or 0)
            if qty:
                saved = await OrderRepo.save(tx, new, now)
            else:
                assert old is not None
                await OrderRepo.delete(tx, old.id)
                saved = replace(old, quantity=0, wants=False)
            if late:
                await OrderRepo.add_late_change(tx, r.id, label, item.id, before, qty, by, now)
                touched += await self.sync.tell_late_change(tx, prod, r, item, label, department, before, qty, by, now)
            elif first and qty:
                touched += await self.sync.close_in(tx, r.id, now)  # the canteen gets it at once, as a ticket
        await self.refresh(touched)
        return Placed(r, saved, item, ticket=first and bool(qty)), late

    async def production_orders(self, prod: Production, round_id: int) -> tuple[MealRound, list[Order], dict[int, MenuItem],
                                                                                dict[int, CrewMember], set[int]]:
        """The round, its orders, the menu, the crew, and who is on the day's sheet."""
        async with self.db.read() as tx:
            r = await RoundRepo.get(tx, round_id)
            if r is None or r.production_id != prod.id:
                raise DomainError("meals.error.no_round")
            items = {i.id: i for i in await MenuRepo.menu(tx, prod.guild_id, r.service_date, r.meal)}
            crew = {m.user_id: m for m in await CrewRepo.list(tx, prod.id)}
            return r, await OrderRepo.of_round(tx, r.id), items, crew, await self.sync.on_sheet(tx, prod, r, crew)

    # --------------------------------------------------------------------------- the canteen's buttons

    async def mark(self, round_id: int, status: str, by: int) -> tuple[MealRound, bool]:
        """已接单 (received) / Ready: once each; the people who ordered are told in their language.
        Returns (the round, whether this press changed it)."""
        now = self.clock.now()
        touched: list[int] = []
        async with self.db.transaction() as tx:
            if status == "received":
                changed = await RoundRepo.received(tx, round_id, by, now)
            elif status == "ready":
                changed = await RoundRepo.ready(tx, round_id, by, now)
            else:
                raise ValueError(status)
            r = await RoundRepo.get(tx, round_id)
            if r is None:
                raise DomainError("meals.error.no_round")
            if changed:
                touched = await self.sync.tell_diners(tx, r, status, now)
        await self.refresh(touched)
        return r, changed

    # --------------------------------------------------------------------------- money

    async def costs(self, prod: Production, date_from: date, date_to: date) -> tuple[list[MealCost], list]:
        async with self.db.read() as tx:
            return await MoneyRepo.costs(tx, prod.id, date_from, date_to), await MoneyRepo.allowances(tx, prod.id, date_from, date_to)


def _same(a: Order, b: Order) -> bool:
    keys = ("wants", "item_id", "quantity", "diet", "deliver", "notes", "department")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


__all__ = ["MEALS", "MealService", "Placed"]
