"""What the producer's daily report (制片日报) holds: plain, language-neutral figures. Rendering
(embeds, the chart, the XLSX) turns it into words in the reader's language; ``None`` where a
source does not exist reads "n/a".

A report is stored as JSON when it is drafted, so that what the AD checked and signed off is
exactly what the producers receive (:func:`to_json` / :func:`from_json`).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.rest import Breach, DepartmentBreach, RestRules


@dataclass(frozen=True, slots=True)
class MealLine:
    """A meal of the day: when the AD called it (放饭), for how long, when the crew was back."""

    name: str  # breakfast | lunch | supper | late
    called: datetime | None  # None: planned, never called
    minutes: int  # the break as called (planned length)
    back: datetime | None = None  # the break ended (the AD called the return, or moved on)
    returned: bool = False  # the AD called the return (/shoot resume)
    planned: datetime | None = None

    @property
    def taken_minutes(self) -> int | None:
        if self.called is None or self.back is None:
            return None
        return max(0, round((self.back - self.called).total_seconds() / 60))


@dataclass(frozen=True, slots=True)
class SceneLine:
    number: str
    set_name: str
    episodes: tuple[str, ...]
    est_minutes: int
    status: str  # shot | dropped | unshot (left at the wrap) | shooting | pending
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    reason: str = ""  # why it was dropped
    moved_to: str = ""  # dropped: an ISO date (the day it moved to) or "pool" (unscheduled)
    moved_to_day: int | None = None  # that day's number
    carried_from: date | None = None  # it was carried over (顺延) from that day

    @property
    def actual_minutes(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return max(0, round((self.end - self.start).total_seconds() / 60))


@dataclass(frozen=True, slots=True)
class MoveLine:
    from_set: str
    to_set: str
    at: datetime
    walk_minutes: int
    company: bool  # a company move (转场); else a set move (换景)


@dataclass(frozen=True, slots=True)
class DelayLine:
    at: datetime
    minutes: int  # + delay, - ahead
    scene: str | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class WindowLine:
    """A scene shot outside its set's window (booking, permit, road closure) or its light."""

    scene: str
    set_name: str
    kind: str  # window | sunset | dusk
    minutes: int
    early: bool
    opens: datetime | None
    closes: datetime | None


@dataclass(frozen=True, slots=True)
class SheetStatus:
    """A day's published call sheet: how many of the people it went to confirmed."""

    date: date
    day_number: int
    version: int | None  # None: not published yet
    confirmed: int = 0
    total: int = 0
    unreachable: int = 0
    published_at: datetime | None = None

    @property
    def published(self) -> bool:
        return self.version is not None

    @property
    def rate(self) -> float | None:
        return None if not self.total else self.confirmed / self.total


@dataclass(frozen=True, slots=True)
class StandbyLine:
    """Standby calls (候场) to one department: how fast the first answer came."""

    department: str
    calls: int
    answered: int
    median_seconds: int | None
    p90_seconds: int | None


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """One meal the canteen fed (报餐): portions, cost and meal allowances (餐补), in fen."""

    meal: str
    portions: int
    cost: int
    allowance: int = 0
    allowance_people: int = 0


@dataclass(frozen=True, slots=True)
class HoursLine:
    """Call to wrap (a department) or call to release (an actor)."""

    key: str  # a department code, or a person key
    name: str
    department: str
    start: datetime
    end: datetime
    minutes: int
    people: int = 1
    break_minutes: int = 0


@dataclass(frozen=True, slots=True)
class Override:
    """A call sheet the AD published although it broke the rest rules, and why."""

    date: date
    day_number: int
    version: int
    reason: str
    by_name: str
    at: datetime
    people: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pace:
    """The shoot so far, by unique scene: planned up to this day vs shot, and where the current pace
    (estimated minutes of scenes shot per shoot day) puts the last day."""

    scenes_total: int
    planned_to_date: int
    shot_to_date: int
    minutes_total: int
    minutes_planned_to_date: int
    minutes_shot_to_date: int
    days_worked: int
    per_day_minutes: float | None  # None: nothing shot yet
    days_needed: int | None  # more shoot days at this pace after this one
    projected_last_date: date | None
    projected_last_day: int | None
    planned_last_date: date | None
    planned_days: int
    estimated_days: int = 0  # planned days not imported yet (their work estimated from the imported days)

    @property
    def behind_scenes(self) -> int:
        """> 0 behind the plan, < 0 ahead."""
        return self.planned_to_date - self.shot_to_date

    @property
    def behind_days(self) -> float | None:
        if not self.per_day_minutes:
            return None
        return (self.minutes_planned_to_date - self.minutes_shot_to_date) / self.per_day_minutes

    @property
    def over_days(self) -> int | None:
        """Shoot days past the planned last day (negative: earlier)."""
        if self.projected_last_day is None:
            return None
        return self.projected_last_day - self.planned_days


@dataclass(frozen=True, slots=True)
class DayPoint:
    """One shoot day for the pace chart."""

    day_number: int
    date: date
    planned: int
    shot: int
    state: str


@dataclass(frozen=True, slots=True)
class CurvePoint:
    at: datetime
    scenes: int


@dataclass(frozen=True, slots=True)
class RestSection:
    rules: RestRules
    breaches: tuple[Breach, ...] = ()
    departments: tuple[DepartmentBreach, ...] = ()
    next_date: date | None = None  # the day whose calls the rest is measured to
    next_published: bool = False  # its call sheet is out (else: the planned calls)


@dataclass(frozen=True)
class DailyReport:
    production_code: str
    production_name: str
    timezone: str
    date: date
    day_number: int
    total_days: int
    state: str  # planned | shooting | wrapped
    general_call: datetime
    first_shot: datetime | None
    planned_first_shot: datetime | None
    planned_wrap: datetime | None
    wrap: datetime | None  # actual; while shooting: projected
    meals: tuple[MealLine, ...] = ()
    scenes: tuple[SceneLine, ...] = ()
    episodes_done: int = 0
    episodes_total: int = 0
    episodes_today: tuple[str, ...] = ()  # episodes completed by this day's shooting
    screen_minutes: float = 0.0  # estimated screen minutes shot this day
    screen_minutes_total: float = 0.0  # ... and so far
    pace: Pace | None = None
    moves: tuple[MoveLine, ...] = ()
    delays: tuple[DelayLine, ...] = ()
    delays_known: bool = True  # the live day records delays (False: the source does not exist)
    windows: tuple[WindowLine, ...] = ()
    sheet: SheetStatus | None = None
    tomorrow: SheetStatus | None = None  # None: no next shoot day
    standby: tuple[StandbyLine, ...] | None = None  # None: n/a
    money: tuple[MoneyLine, ...] | None = None  # None: n/a
    hours_departments: tuple[HoursLine, ...] = ()
    hours_actors: tuple[HoursLine, ...] = ()
    rest: RestSection | None = None
    overrides: tuple[Override, ...] = ()
    planned_curve: tuple[CurvePoint, ...] = ()
    actual_curve: tuple[CurvePoint, ...] = ()
    days: tuple[DayPoint, ...] = ()
    generated_at: datetime | None = None

    # ------------------------------------------------------------------ figures read off the lines

    def count(self, status: str) -> int:
        return sum(1 for s in self.scenes if s.status == status)

    @property
    def planned_scenes(self) -> int:
        return len(self.scenes)

    @property
    def shot(self) -> int:
        return self.count("shot")

    @property
    def dropped(self) -> tuple[SceneLine, ...]:
        return tuple(s for s in self.scenes if s.status in ("dropped", "unshot"))

    @property
    def call_to_first_shot(self) -> int | None:
        if self.first_shot is None:
            return None
        return round((self.first_shot - self.general_call).total_seconds() / 60)

    @property
    def wrap_vs_plan(self) -> int | None:
        """Minutes the wrap came after the planned wrap (negative: before)."""
        if self.wrap is None or self.planned_wrap is None:
            return None
        return round((self.wrap - self.planned_wrap).total_seconds() / 60)

    @property
    def company_moves(self) -> tuple[MoveLine, ...]:
        return tuple(m for m in self.moves if m.company)

    @property
    def move_minutes(self) -> int:
        return sum(m.walk_minutes for m in self.company_moves)

    @property
    def delay_minutes(self) -> int:
        return sum(d.minutes for d in self.delays)

    @property
    def money_total(self) -> tuple[int, int] | None:
        if self.money is None:
            return None
        return sum(m.cost for m in self.money), sum(m.allowance for m in self.money)

    @property
    def worst(self) -> tuple:
        """Sort key for the park view: the worst production first (most days behind, then most
        people short of rest, then the latest wrap against plan)."""
        behind = self.pace.behind_days if self.pace is not None and self.pace.behind_days is not None else 0.0
        over = self.pace.over_days if self.pace is not None and self.pace.over_days is not None else 0
        people = len({b.key for b in self.rest.breaches}) if self.rest is not None else 0
        return (-over, -behind, -people, -(self.wrap_vs_plan or 0), self.production_code)


# --------------------------------------------------------------------------- JSON round trip


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], value) if len(args) == 1 else value
    if tp is datetime:
        return datetime.fromisoformat(value["$dt"])
    if tp is date:
        return date.fromisoformat(value["$date"])
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _decode(hints[k], v) for k, v in value.items() if k in known})
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=False))
    if origin is frozenset:
        (arg,) = typing.get_args(tp)
        return frozenset(_decode(arg, v) for v in value)
    return value


def to_json(report: DailyReport) -> str:
    return json.dumps(_encode(report), ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> DailyReport:
    return _decode(DailyReport, json.loads(text))


def as_payload(report: DailyReport) -> dict[str, Any]:
    """The report as plain JSON data (an outbox row's payload)."""
    return _encode(report)


def from_payload(data: dict[str, Any]) -> DailyReport:
    return _decode(DailyReport, data)


__all__ = [
    "CurvePoint",
    "DailyReport",
    "DayPoint",
    "DelayLine",
    "HoursLine",
    "MealLine",
    "MoneyLine",
    "MoveLine",
    "Override",
    "Pace",
    "RestSection",
    "SceneLine",
    "SheetStatus",
    "StandbyLine",
    "WindowLine",
    "as_payload",
    "from_json",
    "from_payload",
    "to_json",
]
