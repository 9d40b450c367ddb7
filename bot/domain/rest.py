"""The rest guard: who works how long, and whose rest falls short under the production's rules.

Rule packs (``[rest]`` in the settings, per production in ``[[guilds.productions]]``):

* ``china`` - 《劳动法》: an 8-hour working day (Art. 36), overtime at most 3 hours a day and 36 hours
  a month (Art. 41), at least one day off a week (Art. 38). Meal breaks are not working time.
* ``uk`` - Working Time Regulations 1998: 11 consecutive hours' rest in each 24 hours (reg. 10), a
  24-hour rest in each 7 days (reg. 11).
* ``turnaround12`` - a 12-hour turnaround (release to next call), the common crew agreement.
* ``custom`` - the production's own minimum rest in hours.

A :class:`Span` is one person's working day: from their call to their release (an actor's last
scene, a crew member's wrap plus their department's wrap-out). :func:`check` compares the spans of
one day with the next day's calls and with the days worked before, and returns every
:class:`Breach`: each person whose rest, day, monthly overtime or run of days breaks a rule;
:func:`by_department` sums them up per department. Pure: no Discord, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.domain.errors import DomainError

PACKS = ("china", "uk", "turnaround12", "custom")

#: Breach kinds, in the order a report lists them.
REST = "rest"  # too little rest between release and the next call
DAY = "day"  # a working day longer than the standard day plus the daily overtime cap
OVERTIME_MONTH = "overtime_month"  # more overtime this calendar month than the monthly cap
DAYS_IN_A_ROW = "days_in_a_row"  # no day off in too many days
KINDS = (REST, DAY, OVERTIME_MONTH, DAYS_IN_A_ROW)

MIN_CUSTOM_HOURS = 1
MAX_CUSTOM_HOURS = 24


@dataclass(frozen=True, slots=True)
class RestRules:
    """What a pack checks (None: that rule is not part of the pack). Minutes throughout."""

    pack: str
    min_rest_minutes: int | None = None
    standard_day_minutes: int | None = None
    max_overtime_day_minutes: int | None = None
    max_overtime_month_minutes: int | None = None
    max_days_in_a_row: int | None = None

    @property
    def max_day_minutes(self) -> int | None:
        if self.standard_day_minutes is None or self.max_overtime_day_minutes is None:
            return None
        return self.standard_day_minutes + self.max_overtime_day_minutes


def rules_for(pack: str, min_rest_hours: float | None = None) -> RestRules:
    """The rules of ``pack``; ``min_rest_hours`` is the custom pack's minimum rest (and, for the
    other packs, a stricter minimum rest when it is longer than theirs)."""
    extra = None if min_rest_hours is None else int(round(min_rest_hours * 60))
    if pack == "china":
        rules = RestRules("china", None, 8 * 60, 3 * 60, 36 * 60, 6)
    elif pack == "uk":
        rules = RestRules("uk", 11 * 60, max_days_in_a_row=6)
    elif pack == "turnaround12":
        rules = RestRules("turnaround12", 12 * 60)
    elif pack == "custom":
        if extra is None or not MIN_CUSTOM_HOURS * 60 <= extra <= MAX_CUSTOM_HOURS * 60:
            raise DomainError("rest.error.custom_hours", lo=MIN_CUSTOM_HOURS, hi=MAX_CUSTOM_HOURS)
        return RestRules("custom", extra)
    else:
        raise DomainError("rest.error.unknown_pack", pack=pack, packs=", ".join(PACKS))
    if extra is not None and (rules.min_rest_minutes is None or extra > rules.min_rest_minutes):
        rules = RestRules(rules.pack, extra, rules.standard_day_minutes, rules.max_overtime_day_minutes,
                          rules.max_overtime_month_minutes, rules.max_days_in_a_row)
    return rules


def minutes_between(a: datetime, b: datetime) -> int:
    """Whole minutes from ``a`` to ``b``, rounded half away from zero."""
    secs = (b - a).total_seconds()
    return int(secs / 60 + (0.5 if secs >= 0 else -0.5))


@dataclass(frozen=True, slots=True)
class Span:
    """One person's working day on ``day``: call to release. ``break_minutes``: meal breaks inside
    it (not working time under the China pack)."""

    key: str  # "u:<discord id>" (or "n:<name>" for someone not on Discord)
    name: str
    department: str
    day: date
    start: datetime
    end: datetime
    actor: bool = False
    break_minutes: int = 0

    @property
    def minutes(self) -> int:
        return max(0, minutes_between(self.start, self.end))

    @property
    def work_minutes(self) -> int:
        return max(0, self.minutes - self.break_minutes)


@dataclass(frozen=True, slots=True)
class Breach:
    """``value`` against ``limit``: the rest they get (REST), the working minutes of the day (DAY),
    the month's overtime minutes (OVERTIME_MONTH), the days worked in a row (DAYS_IN_A_ROW)."""

    kind: str
    key: str
    name: str
    department: str
    day: date  # the day the breach is about (the day after the rest, for REST)
    value: int
    limit: int
    actor: bool = False
    release: datetime | None = None  # REST: when they were released ...
    next_call: datetime | None = None  # ... and when they are called again
    release_day: date | None = None  # REST: the shoot day they were released from

    @property
    def by(self) -> int:
        """How far it is over the limit (minutes, or days for DAYS_IN_A_ROW)."""
        return self.limit - self.value if self.kind == REST else self.value - self.limit


@dataclass(frozen=True, slots=True)
class DepartmentBreach:
    department: str
    kind: str
    people: int
    worst: int  # the worst value (least rest, longest day, ...)
    limit: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RestCheck:
    rules: RestRules
    breaches: tuple[Breach, ...] = ()
    departments: tuple[DepartmentBreach, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.breaches

    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.name for b in self.breaches))


def overlap_minutes(start: datetime, end: datetime, breaks: Iterable[tuple[datetime, datetime]]) -> int:
    """Minutes of ``breaks`` inside ``start``-``end``."""
    total = 0.0
    for b0, b1 in breaks:
        lo, hi = max(start, b0), min(end, b1)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return int(total / 60 + 0.5)


def rest_breaches(rules: RestRules, before: Iterable[Span], after: Mapping[str, Span]) -> list[Breach]:
    """People released from ``before`` and called again in ``after`` (by key) with less than the
    minimum rest in between."""
    if rules.min_rest_minutes is None:
        return []
    out: list[Breach] = []
    for span in before:
        nxt = after.get(span.key)
        if nxt is None:
            continue
        rest = minutes_between(span.end, nxt.start)
        if rest < rules.min_rest_minutes:
            out.append(Breach(REST, span.key, nxt.name or span.name, nxt.department or span.department, nxt.day, max(rest, 0),
                              rules.min_rest_minutes, span.actor or nxt.actor, span.end, nxt.start, span.day))
    return out


def day_breaches(rules: RestRules, spans: Iterable[Span]) -> list[Breach]:
    """Working days longer than the standard day plus the daily overtime cap."""
    cap = rules.max_day_minutes
    if cap is None:
        return []
    return [Breach(DAY, s.key, s.name, s.department, s.day, s.work_minutes, cap, s.actor) for s in spans if s.work_minutes > cap]


def overtime_minutes(rules: RestRules, span: Span) -> int:
    if rules.standard_day_minutes is None:
        return 0
    return max(0, span.work_minutes - rules.standard_day_minutes)


def month_breaches(rules: RestRules, spans: Iterable[Span], history: Iterable[Span]) -> list[Breach]:
    """Overtime over the monthly cap: each span's day plus the same person's earlier days of that
    calendar month (``history``; days on or after the span's day are ignored there)."""
    if rules.max_overtime_month_minutes is None or rules.standard_day_minutes is None:
        return []
    past: dict[str, dict[date, int]] = {}
    for h in history:
        past.setdefault(h.key, {})[h.day] = overtime_minutes(rules, h)
    out: list[Breach] = []
    for s in spans:
        month = sum(m for d, m in past.get(s.key, {}).items() if (d.year, d.month) == (s.day.year, s.day.month) and d < s.day)
        month += overtime_minutes(rules, s)
        if month > rules.max_overtime_month_minutes:
            out.append(Breach(OVERTIME_MONTH, s.key, s.name, s.department, s.day, month, rules.max_overtime_month_minutes, s.actor))
    return out


def run_breaches(rules: RestRules, spans: Iterable[Span], history: Iterable[Span]) -> list[Breach]:
    """No day off in more than ``max_days_in_a_row`` days, counting back from each span's day."""
    if rules.max_days_in_a_row is None:
        return []
    worked: dict[str, set[date]] = {}
    for h in history:
        worked.setdefault(h.key, set()).add(h.day)
    out: list[Breach] = []
    for s in spans:
        days = worked.get(s.key, set()) | {s.day}
        run, d = 0, s.day
        while d in days:
            run += 1
            d -= timedelta(days=1)
        if run > rules.max_days_in_a_row:
            out.append(Breach(DAYS_IN_A_ROW, s.key, s.name, s.department, s.day, run, rules.max_days_in_a_row, s.actor))
    return out


def _order(b: Breach) -> tuple:
    return (KINDS.index(b.kind), -b.by, b.department, b.name)


def by_department(breaches: Iterable[Breach]) -> list[DepartmentBreach]:
    """One line per department and kind: how many people, the worst value, their names."""
    groups: dict[tuple[str, str], list[Breach]] = {}
    for b in breaches:
        groups.setdefault((b.department, b.kind), []).append(b)
    out = []
    for (dept, kind), items in groups.items():
        worst = min(items, key=lambda b: b.value) if kind == REST else max(items, key=lambda b: b.value)
        out.append(DepartmentBreach(dept, kind, len({b.key for b in items}), worst.value, worst.limit,
                                    tuple(dict.fromkeys(b.name for b in sorted(items, key=_order)))))
    return sorted(out, key=lambda d: (KINDS.index(d.kind), -d.people, d.department))


def check(rules: RestRules, *, today: Sequence[Span], tomorrow: Sequence[Span] = (), history: Sequence[Span] = (),
          checked: Sequence[Span] | None = None) -> RestCheck:
    """Every breach of ``rules``:

    * rest from each release of ``today`` to the same person's call in ``tomorrow``;
    * the day, monthly overtime and days in a row of the spans in ``checked`` (default: ``today``),
      with ``history`` the person's earlier days.
    """
    checked = today if checked is None else checked
    after = {s.key: s for s in tomorrow}
    found = rest_breaches(rules, today, after)
    found += day_breaches(rules, checked)
    found += month_breaches(rules, checked, history)
    found += run_breaches(rules, checked, history)
    found.sort(key=_order)
    return RestCheck(rules, tuple(found), tuple(by_department(found)))


def check_sheet(rules: RestRules, *, previous: Sequence[Span], planned: Sequence[Span], history: Sequence[Span] = ()) -> RestCheck:
    """What a call sheet about to go out breaks: the rest from the previous day's releases to its
    calls, and its planned days (length, monthly overtime, days in a row)."""
    return check(rules, today=previous, tomorrow=planned, history=[*history, *previous], checked=planned)
