"""Meal rounds on the day's timeline, and the messages they owe (all rows of the outbox).

* :meth:`MealSync.on_day` is a live-day hook (``LiveDayService.add_hook``): after every recompute
  of a day, in the same transaction, each meal with a menu gets its round (created or re-timed
  from the projection; one that opens late gets a short window, or counts only: ``rounds.settle``),
  its cues reconciled (order post, reminders, the cutoff; counts only: the AD is told), and, once
  its ticket is out, a correction to the canteen when the meal moved or goes elsewhere.
* :meth:`MealSync.owned`: a meal this service runs for the day (the canteen has its menu, or its
  round exists) is told to the canteen by its ticket and its corrections; the live day's own
  heads-up and correction of that meal's time are left out (one message per change, not two).
* :meth:`MealSync.close` runs at the cutoff (the ``meal_cutoff`` row): one transaction closes the
  round (once), fixes the 餐补 list and queues the canteen's ticket.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.domain.crew import CrewMember, Production
from bot.domain.cues import MEAL_MOVED, MEAL_WARNING, Changes, CueSpec, Target, iso, reconcile
from bot.domain.errors import DomainError
from bot.domain.meals import rounds as R
from bot.domain.meals.menu import MEALS, MenuItem
from bot.domain.meals.rounds import MealRound
from bot.domain.meals.tickets import Who, allowances, build_ticket
from bot.domain.plan import ShootDay
from bot.render import meals as text
from db.database import Tx
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.meals import MenuRepo, MoneyRepo, OrderRepo, RoundRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.cues.liveday import DayChange
    from bot.meals.service import MealService

log = logging.getLogger(__name__)


class MealSync:
    def __init__(self, service: MealService) -> None:
        self.s = service

    # --------------------------------------------------------------------------- channels

    async def canteen_channel(self, tx: Tx, prod: Production) -> int | None:
        """The park canteen's channel (``/canteen channel``, else config), else the production's own
        canteen department channel."""
        stored = await MenuRepo.canteen_channel(tx, prod.guild_id)
        return stored or self.s.settings.guild(prod.guild_id).canteen_channel_id or prod.department_channel("canteen")

    @staticmethod
    def post_channel(prod: Production) -> int | None:
        return prod.channel("production") or prod.channel("announcements")

    async def system_channel(self, tx: Tx, prod: Production) -> int:
        found = await self.canteen_channel(tx, prod) or self.post_channel(prod) or prod.channel("ad")
        if found is None:
            raise DomainError("meals.error.no_channel", code=prod.code)
        return found

    # --------------------------------------------------------------------------- the live day's hook

    async def owned(self, tx: Tx, prod: Production, day: ShootDay) -> Callable[[CueSpec], bool]:
        """The live day's canteen notices of a meal this service runs on ``day`` (it has a menu or a
        round): the round's ticket says when the meal is and its 【更正】 corrects it."""
        meals = set(await MenuRepo.meals_with_menu(tx, prod.guild_id, day.date))
        if day.id is not None:
            meals |= {r.meal for r in await RoundRepo.of_day(tx, day.id)}
        return lambda spec: spec.kind in (MEAL_WARNING, MEAL_MOVED) and spec.payload.get("meal") in meals

    async def on_day(self, tx: Tx, change: DayChange) -> list[int]:
        prod, day, now = change.production, change.day, change.now
        if day.id is None:
            return []
        settings = self.s.settings.meals
        with_menu = await MenuRepo.meals_with_menu(tx, prod.guild_id, day.date)
        existing = {r.meal: r for r in await RoundRepo.of_day(tx, day.id)}
        members = {m.user_id: m for m in change.crew}
        diners = {uid: R.Diner(uid, members[uid].language, members[uid].department) for uid in change.calls if uid in members}
        desired: list[CueSpec] = []
        notices: list[tuple[MealRound, R.Timing, CueSpec]] = []
        system = await self.system_channel(tx, prod)
        canteen = await self.canteen_channel(tx, prod)
        for meal in MEALS:
            if meal not in with_menu and meal not in existing:
                continue
            rule = settings.rule(meal)
            when = R.timing(day, change.projection, meal, rule, change.sets, prod.tz)
            old = existing.get(meal)
            if when is None:
                if old is None:
                    continue  # not on the day's timeline: no round
                r = old  # the timeline dropped the meal (an early wrap): it stays where it was last
            else:
                when = R.settle(when, old, rule, now)  # never a cutoff already past: a short window, or counts only
                r = await RoundRepo.ensure(tx, production_id=prod.id, day_id=day.id, service_date=day.date, meal=meal, timing=when, now=now)
            if old is not None and when is not None and old.status == "closed" and canteen is not None:
                fix = R.correction(old, when, code=prod.code, channel=canteen, language=settings.canteen_language,
                                   threshold_minutes=settings.correction_minutes, now=now)
                if fix is not None:
                    notices.append((old, when, fix))
            menu = await MenuRepo.menu(tx, prod.guild_id, day.date, meal)
            desired += R.desired(r, code=prod.code, rule=rule, menu=menu, post_channel=self.post_channel(prod), system_channel=system,
                                 language=prod.language, diners=diners, answered=await OrderRepo.answered(tx, r.id),
                                 ad_channel=prod.channel("ad") or self.post_channel(prod))
        changes = reconcile(await CueRepo.in_scope(tx, day.id, R.SCOPE), desired, now)
        inserts: list[CueSpec] = []
        for old, when, fix in notices:
            if await RoundRepo.told(tx, old, when, now):
                inserts.append(fix)
        return await CueRepo.apply(tx, prod.id, day.id, changes + Changes(insert=tuple(inserts)), now)

    # --------------------------------------------------------------------------- the cutoff

    async def on_cutoff(self, cue) -> None:
        """The ``meal_cutoff`` row's handler (``CueEngine.handle``)."""
        await self.close(int(cue.payload["round"]))

    async def close(self, round_id: int) -> list[int]:
        """Close the round into the canteen's ticket (once); returns the rows to arm."""
        now = self.s.clock.now()
        async with self.s.db.transaction() as tx:
            touched = await self.close_in(tx, round_id, now)
        await self.s.refresh(touched)
        return touched

    async def close_in(self, tx: Tx, round_id: int, now: datetime) -> list[int]:
        r = await RoundRepo.get(tx, round_id)
        if r is None or r.status != "open" or not await RoundRepo.close(tx, r.id, now):
            return []
        prod = await ProductionRepo.get(tx, r.production_id)
        if prod is None:
            return []
        settings = self.s.settings
        crew = {m.user_id: m for m in await CrewRepo.list(tx, prod.id)}
        orders = await OrderRepo.of_round(tx, r.id)
        items = {i.id: i for i in await MenuRepo.menu(tx, prod.guild_id, r.service_date, r.meal)}
        people = {uid: Who(m.display_name, m.department, m.dietary) for uid, m in crew.items()}
        ticket = build_ticket(r, prod.code, prod.name, orders, items, people)
        on_sheet = await self.on_sheet(tx, prod, r, crew)
        await MoneyRepo.set_allowances(tx, r.id, allowances({u: people[u] for u in on_sheet if u in people}, orders,
                                                           settings.meals.rule(r.meal).allowance))
        channel = await self.canteen_channel(tx, prod) or self.post_channel(prod)
        if channel is None:
            log.warning("meal round %s of %s: no channel for the canteen's ticket", r.id, prod.code)
            return []
        loc = settings.meals.canteen_language
        csv = text.ticket_csv(ticket, orders, items, people, loc, prod.tz)
        payload = {
            "round": r.id,
            "code": prod.code,
            "content": text.ticket_text(ticket, loc, prod.tz),
            "csv": base64.b64encode(csv).decode("ascii"),
            "filename": text.ticket_filename(ticket),
        }
        spec = CueSpec(R.key(r.shoot_day_id, r.meal, "ticket"), R.TICKET, now, Target(channel_id=channel), loc, payload,
                       scope=R.NOTICE_SCOPE)
        closing = reconcile([c for c in await CueRepo.in_scope(tx, r.shoot_day_id, R.SCOPE) if c.key.startswith(R.key(r.shoot_day_id, r.meal, ""))],
                            [], now)
        return await CueRepo.apply(tx, prod.id, r.shoot_day_id, closing + Changes(insert=(spec,)), now)

    async def on_sheet(self, tx: Tx, prod: Production, r: MealRound, crew: dict[int, CrewMember]) -> set[int]:
        """Who is on the day's sheet (the call sheet's rule: crew called that day)."""
        from bot.domain.callsheet import compute_calls

        day = await PlanRepo.day_by_id(tx, r.shoot_day_id, prod.tz)
        if day is None:
            return set()
        overrides = await PlanRepo.overrides(tx, r.shoot_day_id, prod.tz)
        return set(compute_calls(day, list(crew.values()), self.s.settings.call_offsets, overrides, walks=await PlanRepo.walks(tx, prod.id),
                                 rules=self.s.settings.call_rules))

    # --------------------------------------------------------------------------- telling people

    async def tell_diners(self, tx: Tx, r: MealRound, status: str, now: datetime) -> list[int]:
        """已接单 / Ready: a DM to each person who ordered (their language), and to whoever entered
        counts for people not on Discord."""
        prod = await ProductionRepo.get(tx, r.production_id)
        if prod is None:
            return []
        crew = {m.user_id: m for m in await CrewRepo.list(tx, prod.id)}
        items = {i.id: i for i in await MenuRepo.menu(tx, prod.guild_id, r.service_date, r.meal)}
        base = R.base_payload(r, prod.code) | {"status": status}
        specs: list[CueSpec] = []
        counts: dict[int, list[str]] = {}
        for o in await OrderRepo.of_round(tx, r.id):
            if not o.wants or o.item_id is None:
                continue
            item = items.get(o.item_id)
            if o.is_count:
                counts.setdefault(o.entered_by, []).append(_count_line(o.label, item, o.quantity))
                continue
            member = crew.get(o.user_id or 0)
            if member is None or o.user_id is None:
                continue
            payload = base | {"zh": item.name_zh if item else "", "en": item.name_en if item else "", "quantity": o.quantity,
                              "deliver": o.deliver, "department": member.department}
            specs.append(CueSpec(R.key(r.shoot_day_id, r.meal, status, o.user_id), R.STATUS, now, Target(user_id=o.user_id),
                                 member.language, payload, scope=R.NOTICE_SCOPE))
        for uid, lines in counts.items():
            member = crew.get(uid)
            specs.append(CueSpec(R.key(r.shoot_day_id, r.meal, status, "counts", uid), R.STATUS, now, Target(user_id=uid),
                                 member.language if member else prod.language,
                                 base | {"counts": lines, "department": member.department if member else "other"}, scope=R.NOTICE_SCOPE))
        return await CueRepo.apply(tx, prod.id, r.shoot_day_id, Changes(insert=tuple(specs)), now)

    async def tell_late_change(self, tx: Tx, prod: Production, r: MealRound, item: MenuItem, label: str, department: str,
                               before: int, after: int, by: int, now: datetime) -> list[int]:
        """A count changed after the cutoff: the canteen is told at once, flagged."""
        channel = await self.canteen_channel(tx, prod)
        if channel is None:
            return []
        member = await CrewRepo.get(tx, prod.id, by)
        payload = R.base_payload(r, prod.code) | {"label": label, "department": department, "zh": item.name_zh, "en": item.name_en,
                                                 "before": before, "after": after, "by": member.display_name if member else str(by),
                                                 "at": iso(now)}
        seq = len(await OrderRepo.late_changes(tx, r.id))
        spec = CueSpec(R.key(r.shoot_day_id, r.meal, "late", seq), R.LATE, now, Target(channel_id=channel),
                       self.s.settings.meals.canteen_language, payload, scope=R.NOTICE_SCOPE)
        return await CueRepo.apply(tx, prod.id, r.shoot_day_id, Changes(insert=(spec,)), now)


def _count_line(label: str, item: MenuItem | None, quantity: int) -> str:
    return f"{label} · {item.both() if item else '?'} ×{quantity}"
