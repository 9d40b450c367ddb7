"""One production's orders for one meal of one shoot day (a *round*): when the meal is, when orders
close, where it is delivered, and the messages the bot owes for it.

* **When**: the meal's time comes from the day's timeline (the live projection,
  ``bot.domain.progress`` / ``bot.domain.timeline``): the break the AD called (``/shoot meal``),
  else the one the timeline projects from the plan (supper, or the 夜宵 after midnight, which
  belongs to its shoot day). This module never decides where a meal falls and keeps no clock time
  of its own: it reads the projection's meal break and the slot it is taken in.
* **Where**: the set the crew is on at the meal (the scene the break is taken before), its
  building from the sets table.
* **Whether**: a round is opened only for a meal on the day's timeline (the plan has it, or the
  AD called it); one already open follows the day wherever it goes, and keeps its last time and
  place if the timeline drops the meal (the day wraps before it).
* **Cutoff**: ``cutoff_before`` minutes before the meal (it moves with the meal), or a fixed clock
  time; never later than ``min_lead`` (the kitchen's lead time) before the meal.
* **Late**: a round that opens when its cutoff has passed or is about to (the AD calls a meal the
  plan did not have, the menu or the plan came late, the day started late) gets a short window
  instead (:func:`settle`): ``late_window`` minutes from the moment it opened, still never later
  than the kitchen's lead time before the meal; a slip that pulls an open round's cutoff into the
  past does the same (never later than the cutoff people were told). The order post and the
  reminder say that cutoff, the ticket goes out at it. When not even that is possible (the meal is
  closer than the kitchen's lead time) the round takes no crew orders (*counts only*): the AD is
  told, and the counts the AD or the meal coordinator (生活制片) enter go to the canteen at once.
* **Cues** (rows of the outbox, scope :data:`SCOPE`, reconciled on every change of the day): the
  order post in the production's channel, one reminder per person on the day's sheet who has not
  answered, and the cutoff itself (an internal row that closes the round into a ticket). After the
  ticket, a meal that moves by ``correction_minutes`` or to another place is corrected to the
  canteen ("晚饭推迟至 19:10，改送 1号楼").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.domain.cues import CueSpec, Target, iso
from bot.domain.errors import DomainError
from bot.domain.meals.menu import MenuItem
from bot.domain.plan import SetLocation, ShootDay
from bot.domain.timeparse import on_shoot_day

SCOPE = "meals"
NOTICE_SCOPE = "notice"

# outbox kinds
POST = "meal_post"  # the order post in the production's channel (buttons)
REMIND = "meal_remind"  # DM: you have not answered, orders close at ...
NO_ORDERS = "meal_no_orders"  # to the AD: too late for the canteen to take orders, enter counts
CUTOFF = "meal_cutoff"  # internal: close the round, queue the ticket
TICKET = "meal_ticket"  # the canteen's ticket (counts, CSV, 已接单 / Ready buttons)
FIX = "meal_fix"  # to the canteen: the meal moved after its ticket
LATE = "meal_late"  # to the canteen: a count changed after the cutoff
STATUS = "meal_status"  # DM to people who ordered: received / ready
KINDS = (POST, REMIND, NO_ORDERS, CUTOFF, TICKET, FIX, LATE, STATUS)

#: The order post waits until the canteen has left the menu alone this long (it adds dishes one by
#: one; the post should list them all).
MENU_SETTLE = timedelta(minutes=2)

#: Less time than this to order is no time at all: the round takes counts only (or, already open,
#: closes into its ticket now).
MIN_WINDOW = timedelta(minutes=5)


class RuleLike(Protocol):
    """``bot.settings.MealRule``."""

    cutoff: str | None
    cutoff_before: int | None
    min_lead: int
    late_window: int
    remind_before: int
    post_before: int


@dataclass(frozen=True, slots=True)
class MealRound:
    id: int
    production_id: int
    shoot_day_id: int
    service_date: date
    meal: str
    meal_at: datetime
    cutoff_at: datetime
    set_name: str = ""
    building: str = ""
    status: str = "open"  # open | closed
    ticket: str = "none"  # none | queued | received | ready
    closed_at: datetime | None = None
    told_meal_at: datetime | None = None
    told_set: str | None = None
    told_building: str | None = None
    corrections: int = 0
    received_by: int | None = None
    received_at: datetime | None = None
    ready_by: int | None = None
    ready_at: datetime | None = None
    late_from: datetime | None = None  # orders opened late at this moment (its cutoff had passed or was about to)
    late_until: datetime | None = None  # ... and the short window runs until here (== late_from: counts only)

    @property
    def counts_only(self) -> bool:
        """Too late for crew orders: only the AD's and the meal coordinator's counts, sent at once."""
        return self.late_from is not None and self.late_until is not None and self.late_until <= self.late_from

    def is_open(self, now: datetime) -> bool:
        return self.status == "open" and not self.counts_only and now < self.cutoff_at

    def refusal(self, tz: ZoneInfo) -> DomainError:
        """Why a crew order is refused now (counts only, or past the cutoff)."""
        if self.counts_only:
            return DomainError("meals.error.counts_only", time=self.meal_at.astimezone(tz).strftime("%H:%M"))
        return DomainError("meals.error.closed", cutoff=self.cutoff_at.astimezone(tz).strftime("%H:%M"))

    @property
    def place(self) -> str:
        return self.building or self.set_name


@dataclass(frozen=True, slots=True)
class Timing:
    meal_at: datetime
    cutoff_at: datetime
    set_name: str = ""
    building: str = ""
    late_from: datetime | None = None
    late_until: datetime | None = None


# --------------------------------------------------------------------------- when and where


def _slots(projection: Any) -> Sequence[Any]:
    return tuple(getattr(projection, "slots", ()) or ())


def projected_meal(projection: Any, meal: str) -> tuple[datetime, str | None] | None:
    """The timeline's start of ``meal`` and the set of the slot it is taken in (None: no such meal)."""
    finder = getattr(projection, "meal", None)
    brk = finder(meal) if finder is not None else None
    if brk is None:
        return None
    where = next((s.set_name for s in _slots(projection) if any(m.name == meal for m in getattr(s, "meals", ()))), None)
    return brk.start, where


def set_at(projection: Any, when: datetime) -> str | None:
    """The set the crew is on (or walking to) at ``when``: the last slot begun by then."""
    slots = _slots(projection)
    if not slots:
        return None
    current = slots[0]
    for slot in slots:
        if slot.boundary <= when:
            current = slot
        else:
            break
    return current.set_name


def _clock(text: str) -> tuple[int, int]:
    h, m = text.split(":")
    return int(h), int(m)


def _anchor(day: ShootDay, tz: ZoneInfo) -> time:
    return day.general_call.astimezone(tz).time().replace(second=0, microsecond=0)


def latest_cutoff(rule: RuleLike, meal_at: datetime) -> datetime:
    """The kitchen's lead time: no order closes later than this."""
    return meal_at - timedelta(minutes=rule.min_lead)


def cutoff_for(rule: RuleLike, meal_at: datetime, day: ShootDay, tz: ZoneInfo) -> datetime:
    """The configured cutoff (a fixed clock time, or minutes before the meal), never later than the
    kitchen's lead time before the meal."""
    if rule.cutoff:
        h, m = _clock(rule.cutoff)
        wanted = on_shoot_day(day.date, h, m, tz, anchor=_anchor(day, tz))
    else:
        wanted = meal_at - timedelta(minutes=rule.cutoff_before or 0)
    return min(wanted, latest_cutoff(rule, meal_at))


def settle(when: Timing, old: MealRound | None, rule: RuleLike, now: datetime) -> Timing:
    """``when`` (the configured cutoff) as the round gets it now, given the round as it was (None:
    it opens now). A cutoff never falls in the past behind people's backs:

    * a round that opens with its cutoff passed, or closer than ``late_window``, is open for
      ``late_window`` minutes from now; a slip that pulls an open round's cutoff into the past gives
      the same window, never past the cutoff people were told;
    * neither is ever later than the kitchen's lead time before the meal (:func:`latest_cutoff`);
      the meal moving later gives back the configured cutoff once it is the later one;
    * a round that opens when even that is impossible (less than :data:`MIN_WINDOW` to order)
      takes counts only (``late_until ==
      late_from``), and stays so;
    * a closed round keeps the cutoff it closed at; one whose cutoff has passed closes.
    """
    if old is not None and old.status != "open":
        return replace(when, cutoff_at=old.cutoff_at, late_from=old.late_from, late_until=old.late_until)
    latest = latest_cutoff(rule, when.meal_at)
    window = timedelta(minutes=rule.late_window)
    late_from, late_until = (old.late_from, old.late_until) if old is not None else (None, None)
    if late_from is None:
        if old is None and when.cutoff_at > now + window:
            return when
        if old is not None and (when.cutoff_at > now or old.cutoff_at <= now):
            return when  # on time, or its cutoff passed (the cutoff row closes it)
        told = old.cutoff_at if old is not None else now + window
        if min(told, now + window, latest) < now + MIN_WINDOW:
            if old is not None:
                return when  # too close to the meal to wait: the ticket goes now with what was ordered
            return replace(when, cutoff_at=now, late_from=now, late_until=now)  # counts only
        late_from, late_until = now, min(told, now + window)
    assert late_until is not None
    if late_until <= late_from:
        return replace(when, cutoff_at=late_from, late_from=late_from, late_until=late_until)
    return replace(when, cutoff_at=max(when.cutoff_at, min(late_until, latest)), late_from=late_from, late_until=late_until)


def timing(day: ShootDay, projection: Any, meal: str, rule: RuleLike, sets: Mapping[str, SetLocation], tz: ZoneInfo) -> Timing | None:
    """When and where ``meal`` is now, and when its orders close; None when the day's timeline has
    no such meal (not on the plan, not called, or the day wraps before it)."""
    found = projected_meal(projection, meal)
    if found is None:
        return None
    meal_at, where = found
    where = where or set_at(projection, meal_at) or ""
    loc = sets.get(where)
    return Timing(meal_at.astimezone(tz), cutoff_for(rule, meal_at, day, tz).astimezone(tz), where, loc.building if loc else "")


# --------------------------------------------------------------------------- the cues


def key(day_id: int, meal: str, *parts: object) -> str:
    return ":".join([SCOPE, str(day_id), meal, *map(str, parts)])


def menu_payload(items: Sequence[MenuItem]) -> list[dict[str, Any]]:
    return [
        {"zh": i.name_zh, "en": i.name_en, "price": i.price, "marks": i.marks(), "left": i.left, "closed": not i.available}
        for i in items
    ]


def base_payload(r: MealRound, code: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "round": r.id,
        "code": code,
        "meal": r.meal,
        "date": r.service_date.isoformat(),
        "meal_at": iso(r.meal_at),
        "cutoff": iso(r.cutoff_at),
        "set": r.set_name,
        "building": r.building,
    }
    if r.late_from is not None and not r.counts_only:
        out["late"] = max(0, int((r.cutoff_at - r.late_from).total_seconds() // 60))  # opened late: minutes to order
    return out


@dataclass(frozen=True, slots=True)
class Diner:
    """Someone on the day's sheet."""

    user_id: int
    locale: str
    department: str


def desired(
    r: MealRound,
    *,
    code: str,
    rule: RuleLike,
    menu: Sequence[MenuItem],
    post_channel: int | None,
    system_channel: int,
    language: str,
    diners: Mapping[int, Diner],
    answered: Collection[int],
    ad_channel: int | None = None,
) -> list[CueSpec]:
    """The round's cues as they should be now (empty once it is closed: what went out stays). A
    round opened late reminds the silent halfway through its short window at the latest; a round
    that takes counts only tells the AD (``ad_channel``) so, and nothing else."""
    if r.status != "open":
        return []
    out: list[CueSpec] = []
    base = base_payload(r, code)
    if r.counts_only:
        if ad_channel is not None:
            out.append(CueSpec(key(r.shoot_day_id, r.meal, "no_orders"), NO_ORDERS, r.late_from or r.cutoff_at, Target(channel_id=ad_channel),
                               language, {**base, "lead": rule.min_lead}, scope=SCOPE))
        return out
    if post_channel is not None and menu:
        post_at = r.cutoff_at - timedelta(minutes=rule.post_before)
        edited = [i.changed_at for i in menu if i.changed_at is not None]
        if edited:
            post_at = min(max(post_at, max(edited) + MENU_SETTLE), r.cutoff_at)
        out.append(CueSpec(key(r.shoot_day_id, r.meal, "post"), POST, post_at,
                           Target(channel_id=post_channel), language, {**base, "menu": menu_payload(menu)}, expires=r.cutoff_at, scope=SCOPE))
    if rule.remind_before > 0 and menu:
        due = r.cutoff_at - timedelta(minutes=rule.remind_before)
        if r.late_from is not None:
            due = max(due, r.late_from + (r.cutoff_at - r.late_from) / 2)
        for uid, diner in sorted(diners.items()):
            if uid in answered:
                continue
            out.append(CueSpec(key(r.shoot_day_id, r.meal, "remind", uid), REMIND, due, Target(user_id=uid), diner.locale,
                               {**base, "department": diner.department}, expires=r.cutoff_at, scope=SCOPE))
    out.append(CueSpec(key(r.shoot_day_id, r.meal, "cutoff"), CUTOFF, r.cutoff_at, Target(channel_id=system_channel), language,
                       {"round": r.id}, scope=SCOPE))
    return out


def correction(r: MealRound, now_timing: Timing, *, code: str, channel: int, language: str, threshold_minutes: int,
               now: datetime) -> CueSpec | None:
    """Tell the canteen when the meal moved after its ticket (by ``threshold_minutes`` or more) or
    goes to another place. None when nothing worth telling changed."""
    if r.status != "closed" or r.ticket == "ready" or r.told_meal_at is None:
        return None
    moved = int((now_timing.meal_at - r.told_meal_at).total_seconds() // 60)
    elsewhere = (now_timing.building or now_timing.set_name) != (r.told_building or r.told_set or "") and bool(now_timing.set_name)
    if abs(moved) < threshold_minutes and not elsewhere:
        return None
    payload = {
        **base_payload(r, code),
        "meal_at": iso(now_timing.meal_at),
        "old_meal_at": iso(r.told_meal_at),
        "moved": moved if abs(moved) >= threshold_minutes else 0,
        "set": now_timing.set_name,
        "building": now_timing.building,
        "old_set": r.told_set or "",
        "old_building": r.told_building or "",
        "elsewhere": elsewhere,
    }
    return CueSpec(key(r.shoot_day_id, r.meal, "fix", r.corrections + 1), FIX, now, Target(channel_id=channel), language, payload,
                   scope=NOTICE_SCOPE)
