"""Computing the daily report from a recorded day (:class:`DayFacts`): every figure is a pure
function of what the live day stored, the plan, the call sheets and the features' own records.

* **Scenes**: in shooting order, each shot, dropped (with the reason and the day it moved to, or
  the unscheduled pool), left unshot at the wrap, or still to come; times from the live day's
  projection (no second timeline is computed here).
* **Episodes and screen minutes**: an episode is complete when every scene of it (on any day or in
  the pool) has been shot; each episode is ``episode_minutes`` long on screen, shared equally
  among its scenes, so a shot scene adds its share.
* **Pace** (:func:`pace`): by unique scene number across the shoot, planned up to this day vs
  shot; the pace is the estimated minutes of scenes shot per shoot day worked, and the projected
  last day is where the remaining minutes run out at that pace.
* **Hours and rest** (:mod:`bot.domain.workday`, :mod:`bot.domain.rest`): spans from call to
  release; the rest from this day's releases to the next day's calls.
* **Standby** (:func:`standby_lines`): per department, the call to its first answer: median and
  90th percentile (nearest rank).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from bot.domain.callsheet import CastCall, PersonCall
from bot.domain.plan import ShootDay
from bot.domain.report.model import (
    CurvePoint,
    DailyReport,
    DayPoint,
    DelayLine,
    HoursLine,
    MealLine,
    MoneyLine,
    MoveLine,
    Override,
    Pace,
    RestSection,
    SceneLine,
    SheetStatus,
    StandbyLine,
    WindowLine,
)
from bot.domain.rest import RestRules, Span, check
from bot.domain.standby.times import ResponseRow
from bot.domain.workday import department_hours, spans

POOL = "pool"


@dataclass(frozen=True, slots=True)
class PlanScene:
    number: str
    est_minutes: int
    episodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanDay:
    """One shoot day of the production for the running totals: its scenes and those it shot."""

    date: date
    day_number: int
    state: str  # planned | shooting | wrapped
    scenes: tuple[PlanScene, ...] = ()
    shot: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Skip:
    scene: str
    at: datetime
    reason: str = ""
    moved_to: str = ""  # an ISO date, "pool", or "" (not recorded)


@dataclass(frozen=True, slots=True)
class NextDay:
    """The next shoot day, as its call sheet (or, unpublished, its plan) calls people."""

    day: ShootDay
    calls: Mapping[int, PersonCall]
    scene_ends: Mapping[str, datetime]
    wrap: datetime
    breaks: tuple[tuple[datetime, datetime], ...] = ()
    sheet: SheetStatus | None = None
    cast: tuple[CastCall, ...] = ()


@dataclass(frozen=True)
class DayFacts:
    production_code: str
    production_name: str
    timezone: str
    day: ShootDay
    projection: Any  # bot.domain.progress.Projection: slots, planned_slots, state, wrap, unshot
    meals: tuple[MealLine, ...] = ()
    delays: tuple[DelayLine, ...] | None = ()  # None: the live day does not record them
    skips: tuple[Skip, ...] = ()
    moves: tuple[MoveLine, ...] = ()
    windows: tuple[WindowLine, ...] = ()
    plan_days: tuple[PlanDay, ...] = ()
    pool: tuple[PlanScene, ...] = ()
    calls: Mapping[int, PersonCall] = field(default_factory=dict)  # the crew on Discord, with the call each heard
    cast: tuple[CastCall, ...] = ()  # the day's actors, on Discord or not (the call sheet's cast table)
    departments: Mapping[int, str] = field(default_factory=dict)
    next: NextDay | None = None
    history: tuple[Span, ...] = ()
    rules: RestRules | None = None
    wrap_out: Mapping[str, int] = field(default_factory=dict)
    sheet: SheetStatus | None = None
    standby: tuple[ResponseRow, ...] | None = None
    money: tuple[MoneyLine, ...] | None = None
    overrides: tuple[Override, ...] = ()
    episode_minutes: float = 1.0
    now: datetime | None = None


# --------------------------------------------------------------------------- scenes


def scene_lines(facts: DayFacts) -> tuple[SceneLine, ...]:
    proj = facts.projection
    slots = {s.number: s for s in proj.slots}
    planned = {s.number: s for s in proj.planned_slots}
    skips = {s.scene: s for s in facts.skips}
    unshot = set(proj.unshot)
    numbers = {d.date.isoformat(): d.day_number for d in facts.plan_days}
    out = []
    for scene in sorted(facts.day.scenes, key=lambda s: s.position):
        slot, plan = slots.get(scene.number), planned.get(scene.number)
        skip = skips.get(scene.number)
        if skip is not None:
            status = "dropped"
        elif scene.number in unshot:
            status = "unshot"
        elif slot is None:
            status = "pending"
        else:
            status = {"done": "shot", "current": "shooting"}.get(slot.status, "pending")
        begun = status in ("shot", "shooting")
        moved = skip.moved_to if skip is not None else ""
        out.append(SceneLine(
            number=scene.number, set_name=scene.set_name, episodes=tuple(scene.episodes), est_minutes=scene.est_minutes, status=status,
            planned_start=plan.start if plan else None, planned_end=plan.end if plan else None,
            start=slot.start if slot is not None and begun else None, end=slot.end if slot is not None and status == "shot" else None,
            reason=skip.reason if skip is not None else "", moved_to=moved, moved_to_day=numbers.get(moved),
            carried_from=getattr(scene, "carried_from", None),
        ))
    return tuple(out)


# --------------------------------------------------------------------------- episodes and pace


def _unique_scenes(days: Sequence[PlanDay], pool: Sequence[PlanScene]) -> dict[str, PlanScene]:
    """Every scene of the shoot by number (its latest scheduling wins)."""
    out: dict[str, PlanScene] = {}
    for d in sorted(days, key=lambda d: d.date):
        for s in d.scenes:
            out[s.number] = s
    for s in pool:
        out.setdefault(s.number, s)
    return out


def shot_through(days: Sequence[PlanDay], until: date, *, before: bool = False) -> set[str]:
    return {n for d in days if (d.date < until if before else d.date <= until) for n in d.shot}


def episodes(days: Sequence[PlanDay], pool: Sequence[PlanScene], on: date, episode_minutes: float) -> tuple[int, int, tuple[str, ...], float, float]:
    """(complete, total, completed on this day, screen minutes shot this day, screen minutes so far)."""
    scenes = _unique_scenes(days, pool)
    members: dict[str, set[str]] = {}
    for s in scenes.values():
        for ep in s.episodes:
            members.setdefault(ep, set()).add(s.number)
    now, before = shot_through(days, on), shot_through(days, on, before=True)

    def done(shot: set[str]) -> set[str]:
        return {ep for ep, ns in members.items() if ns <= shot}

    def screen(shot: set[str]) -> float:
        return sum(episode_minutes * len(ns & shot) / len(ns) for ns in members.values())

    today = done(now) - done(before)
    return (len(done(now)), len(members), tuple(sorted(today, key=_natural)), round(screen(now) - screen(before), 2), round(screen(now), 2))


def _natural(text: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _chunks(text))


def _chunks(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        if out and out[-1][-1].isdigit() == ch.isdigit():
            out[-1] += ch
        else:
            out.append(ch)
    return out


def pace(days: Sequence[PlanDay], pool: Sequence[PlanScene], on: date, total_days: int | None = None,
         today_planned: Iterable[str] | None = None) -> Pace:
    """The shoot so far and where the current pace puts its last day. ``total_days``: the shoot's
    planned length (the stripboard's "day N of M"); days not imported yet are counted with the
    average planned work of the imported ones. ``today_planned``: while the day is being shot, the
    scenes it planned to have done by now (default: all of its scenes)."""
    scenes = _unique_scenes(days, pool)
    ordered = sorted(days, key=lambda d: d.date)
    planned_to = {s.number for d in ordered if d.date < on for s in d.scenes}
    planned_to |= set(today_planned) if today_planned is not None else {s.number for d in ordered if d.date == on for s in d.scenes}
    shot = shot_through(ordered, on)
    est = {n: s.est_minutes for n, s in scenes.items()}
    minutes_shot = sum(est.get(n, 0) for n in shot)
    worked = [d for d in ordered if d.date <= on and (d.state == "wrapped" or d.shot)]
    per_day = minutes_shot / len(worked) if worked and minutes_shot else None
    planned_days = max(total_days or 0, len(ordered))
    missing = planned_days - len(ordered)
    average = sum(s.est_minutes for d in ordered for s in d.scenes) / len(ordered) if ordered else 0.0
    remaining = sum(m for n, m in est.items() if n not in shot) + missing * average
    needed = None if per_day is None else math.ceil(remaining / per_day - 1e-9) if remaining else 0
    last_known = ordered[-1].date if ordered else None
    planned_last = last_known + timedelta(days=missing) if last_known is not None else None
    projected_date = projected_day = None
    if needed is not None:
        upcoming = [d for d in ordered if d.date > on]
        projected_day = len([d for d in ordered if d.date <= on]) + needed
        if needed == 0:
            projected_date = on
        elif needed <= len(upcoming):
            projected_date = upcoming[needed - 1].date
        else:
            projected_date = (last_known or on) + timedelta(days=needed - len(upcoming))
    return Pace(
        scenes_total=len(scenes),
        planned_to_date=len(planned_to),
        shot_to_date=len(shot),
        minutes_total=sum(est.values()),
        minutes_planned_to_date=sum(est.get(n, 0) for n in planned_to),
        minutes_shot_to_date=minutes_shot,
        days_worked=len(worked),
        per_day_minutes=round(per_day, 2) if per_day is not None else None,
        days_needed=needed,
        projected_last_date=projected_date,
        projected_last_day=projected_day,
        planned_last_date=planned_last,
        planned_days=planned_days,
        estimated_days=missing,
    )


def day_points(days: Sequence[PlanDay], on: date) -> tuple[DayPoint, ...]:
    """The pace chart's days: every shoot day up to this one (and the planned ones after it)."""
    return tuple(DayPoint(d.day_number, d.date, len(d.scenes), len(d.shot) if d.date <= on else 0, d.state)
                 for d in sorted(days, key=lambda d: d.date))


# --------------------------------------------------------------------------- curves


def curves(facts: DayFacts) -> tuple[tuple[CurvePoint, ...], tuple[CurvePoint, ...]]:
    """Scenes done through the day: as planned (each planned scene's end), as shot (each end)."""
    proj = facts.projection
    planned = [CurvePoint(facts.day.general_call, 0)]
    for i, s in enumerate(sorted(proj.planned_slots, key=lambda s: s.end), start=1):
        planned.append(CurvePoint(s.end, i))
    done = sorted((s for s in proj.slots if s.status == "done"), key=lambda s: s.end)
    begun = [s for s in proj.slots if s.status in ("done", "current")]
    actual: list[CurvePoint] = []
    if begun:
        actual.append(CurvePoint(min(s.start for s in begun), 0))
        actual += [CurvePoint(s.end, i) for i, s in enumerate(done, start=1)]
    return tuple(planned), tuple(actual)


# --------------------------------------------------------------------------- standby


def percentile(values: Sequence[int], p: float) -> int | None:
    """Nearest-rank percentile (p in 0-100): the smallest value with at least p% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def standby_lines(rows: Iterable[ResponseRow]) -> tuple[StandbyLine, ...]:
    """Per department: standby calls made to it, how many were answered, and the seconds from the
    call to its first answer: median and 90th percentile. Slowest first."""
    dept_of: dict[int, str] = {}
    first: dict[int, int | None] = {}
    for r in rows:
        dept_of.setdefault(r.standby_id, r.department)
        first.setdefault(r.standby_id, None)
        if r.user_id is not None and r.seconds is not None:
            prev = first[r.standby_id]
            first[r.standby_id] = r.seconds if prev is None else min(prev, r.seconds)
    by_dept: dict[str, list[int | None]] = {}
    for sid, dept in dept_of.items():
        by_dept.setdefault(dept, []).append(first[sid])
    out = []
    for dept, values in by_dept.items():
        got = [v for v in values if v is not None]
        out.append(StandbyLine(dept, len(values), len(got), int(median(got)) if got else None, percentile(got, 90)))
    return tuple(sorted(out, key=lambda s: (-(s.p90_seconds or 0), s.department)))


# --------------------------------------------------------------------------- hours and rest


def _breaks(meals: Iterable[MealLine]) -> tuple[tuple[datetime, datetime], ...]:
    return tuple((m.called, m.back or m.called + timedelta(minutes=m.minutes)) for m in meals if m.called is not None)


def scene_ends(projection: Any) -> dict[str, datetime]:
    """When each scene on the live timeline ends (actual for done scenes, projected for the rest)."""
    return {s.number: s.end for s in projection.slots}


def day_spans(facts: DayFacts) -> list[Span]:
    proj = facts.projection
    wrap = proj.wrap
    dropped = {s.scene: s.at for s in facts.skips}
    return spans(facts.day, facts.calls, cast=facts.cast, scene_ends=scene_ends(proj), wrap=wrap, dropped_at=dropped,
                 wrap_out=facts.wrap_out, departments=facts.departments, breaks=_breaks(facts.meals))


def next_spans(facts: DayFacts) -> list[Span]:
    n = facts.next
    if n is None:
        return []
    return spans(n.day, n.calls, cast=n.cast, scene_ends=n.scene_ends, wrap=n.wrap, wrap_out=facts.wrap_out,
                 departments=facts.departments, breaks=n.breaks)


def hours(today: Sequence[Span], breaks: Sequence[tuple[datetime, datetime]]) -> tuple[tuple[HoursLine, ...], tuple[HoursLine, ...]]:
    depts = tuple(HoursLine(h.department, h.department, h.department, h.start, h.end, h.minutes, h.people, h.break_minutes)
                  for h in department_hours(today, breaks))
    actors = tuple(HoursLine(s.key, s.name, s.department, s.start, s.end, s.minutes, 1, s.break_minutes)
                   for s in sorted((s for s in today if s.department == "cast"), key=lambda s: (-s.minutes, s.name)))
    return depts, actors


def rest_section(facts: DayFacts, today: Sequence[Span]) -> RestSection | None:
    if facts.rules is None:
        return None
    result = check(facts.rules, today=today, tomorrow=next_spans(facts), history=facts.history)
    nxt = facts.next
    return RestSection(facts.rules, result.breaches, result.departments, nxt.day.date if nxt else None,
                       bool(nxt and nxt.sheet and nxt.sheet.published))


# --------------------------------------------------------------------------- the report


def _planned_by_now(facts: DayFacts) -> set[str] | None:
    """While a day is being shot, the scenes it planned to have finished by now."""
    if facts.projection.state != "shooting" or facts.now is None:
        return None
    return {s.number for s in facts.projection.planned_slots if s.end <= facts.now}


def build_report(facts: DayFacts) -> DailyReport:
    day, proj = facts.day, facts.projection
    state = proj.state
    begun = [s for s in proj.slots if s.status in ("done", "current")]
    planned_first = min((s.start for s in proj.planned_slots), default=None)
    complete, total, today_eps, screen_today, screen_total = episodes(facts.plan_days, facts.pool, day.date, facts.episode_minutes)
    today = day_spans(facts) if state != "planned" else []
    depts, actors = hours(today, _breaks(facts.meals))
    planned_curve, actual_curve = curves(facts)
    return DailyReport(
        production_code=facts.production_code,
        production_name=facts.production_name,
        timezone=facts.timezone,
        date=day.date,
        day_number=day.day_number,
        total_days=day.total_days,
        state=state,
        general_call=day.general_call,
        first_shot=min((s.start for s in begun), default=None),
        planned_first_shot=planned_first,
        planned_wrap=proj.planned_wrap,
        wrap=proj.wrap if state != "planned" else None,
        meals=tuple(sorted(facts.meals, key=lambda m: (m.called or m.planned or day.general_call))),
        scenes=scene_lines(facts),
        episodes_done=complete,
        episodes_total=total,
        episodes_today=today_eps,
        screen_minutes=screen_today,
        screen_minutes_total=screen_total,
        pace=pace(facts.plan_days, facts.pool, day.date, day.total_days, _planned_by_now(facts)) if facts.plan_days else None,
        moves=tuple(sorted(facts.moves, key=lambda m: m.at)),
        delays=tuple(sorted(facts.delays or (), key=lambda d: d.at)),
        delays_known=facts.delays is not None,
        windows=tuple(facts.windows),
        sheet=facts.sheet,
        tomorrow=facts.next.sheet if facts.next is not None else None,
        standby=standby_lines(facts.standby) if facts.standby is not None else None,
        money=tuple(facts.money) if facts.money is not None else None,
        hours_departments=depts,
        hours_actors=actors,
        rest=rest_section(facts, today) if state != "planned" else None,
        overrides=tuple(sorted(facts.overrides, key=lambda o: o.at)),
        planned_curve=planned_curve,
        actual_curve=actual_curve,
        days=day_points(facts.plan_days, day.date),
        generated_at=facts.now,
    )


def moves_from(projection: Any, company: Callable[[str, str, int], bool]) -> tuple[MoveLine, ...]:
    """The set changes the day went through (scenes begun after a walk), classified by ``company``
    (from set, to set, walk minutes) as company moves or set moves."""
    out = []
    for s in projection.slots:
        if s.status in ("done", "current") and s.move_start is not None and s.from_set:
            out.append(MoveLine(s.from_set, s.set_name, s.move_start, s.walk_minutes, company(s.from_set, s.set_name, s.walk_minutes)))
    return tuple(out)
