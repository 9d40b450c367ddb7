"""Building the whole call sheet for a shoot day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain import moves as M
from bot.domain import timeline
from bot.domain.callsheet.calls import actor_calls, compute_calls, department_calls, extras_calls
from bot.domain.callsheet.model import CallSheet, CompanyMove, DeptCall, MealSlot, SceneLine
from bot.domain.callsheet.revisions import DEFAULT_THRESHOLD, mark_revision
from bot.domain.callsheet.rules import CallRules
from bot.domain.castlist import Contact
from bot.domain.crew import DEPARTMENTS, CrewMember
from bot.domain.plan import SetLocation, ShootDay, Walk

#: Departments listed on the sheet's department table even before anyone of them joined.
LISTED_DEPARTMENTS = ("ad", "camera", "lighting", "makeup", "wardrobe", "art", "sound")


def build_callsheet(
    *,
    production_id: int,
    production_code: str,
    production_name: str,
    timezone: str,
    day: ShootDay,
    crew: list[CrewMember],
    sets: Iterable[SetLocation],
    walks: Sequence[Walk],
    offsets: Mapping[str, int],
    safety: Any = None,
    overrides: Mapping[int, datetime] | None = None,
    version: int = 1,
    published_at: datetime | None = None,
    rules: CallRules = CallRules(),
    contacts: Sequence[Contact] = (),
    previous: CallSheet | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    move_threshold: int = M.DEFAULT_THRESHOLD_MINUTES,
) -> CallSheet:
    """Everything on the sheet for ``day``. ``safety`` is anything with ``nearest_hospital``,
    ``hospital_address``, ``hospital_phone`` and ``emergency_contacts`` (the settings' section).
    Scene times, meal breaks, moves and the estimated wrap are the day's one timeline
    (``bot.domain.timeline``); ``move_threshold`` tells a set move from a company move.
    With ``previous`` (the version before), the sheet says what changed in this version and marks
    the revised rows (:func:`bot.domain.callsheet.revisions.mark_revision`)."""
    plan = timeline.planned(day, walks, changes=rules.changes)
    starts = {s.number: s.start for s in plan}
    calls = compute_calls(day, crew, offsets, overrides, scene_starts=starts, walks=walks, rules=rules)
    cast = actor_calls(day, starts, rules, {m.user_id for m in crew})
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    people = tuple(sorted(calls.values(), key=lambda p: (order.get(p.department, 99), p.call, p.name.casefold(), p.user_id)))
    present = {m.department for m in crew}
    listed = [d for d in DEPARTMENTS if d != "cast" and (d in present or d in LISTED_DEPARTMENTS)]
    by_dept = department_calls(day, listed, offsets, starts, cast, rules)
    dept_calls = []
    for d in listed:
        call, where = by_dept[d]
        members = [p for p in people if p.department == d]
        exceptions = tuple((p.name, p.call) for p in members if p.call != call)
        dept_calls.append(DeptCall(d, call, len(members), where, exceptions))
    scenes = sorted(day.scenes, key=lambda s: s.position)
    held = {s.number: s for s in plan}
    lines = tuple(
        SceneLine(
            position=s.position, number=s.number, episodes=s.episodes, set_name=s.set_name, int_ext=s.int_ext,
            day_night=s.day_night, synopsis=s.synopsis, est_minutes=s.est_minutes, start=starts[s.number], cast=s.cast,
            needs=tuple((d, s.needs[d]) for d in sorted(s.needs, key=lambda d: order.get(d, 99))), extras=s.extras,
            alt_synopsis=s.alt_synopsis, carried_from=s.carried_from, change_minutes=held[s.number].change_minutes,
            changing=tuple(dict.fromkeys(c.role.character for c in held[s.number].changes if c.back_to_back)),
        )
        for s in scenes
    )
    by_name = {s.name: s for s in sets}
    used = tuple(by_name.get(n, SetLocation(n)) for n in day.set_names())
    moves = []
    for prev, slot in zip(plan, plan[1:], strict=False):
        if slot.is_move or prev.set_name != slot.set_name:
            kind = M.between(by_name, prev.set_name, slot.set_name, slot.walk_minutes, threshold=move_threshold, day_base=day.base).kind
            moves.append(CompanyMove(prev.number, prev.set_name, slot.set_name, slot.walk_minutes, prev.end, kind))
    breaks = tuple(MealSlot(m.name, m.start, m.minutes, m.planned) for s in plan for m in s.meals)
    sheet = CallSheet(
        production_id=production_id, production_code=production_code, production_name=production_name, timezone=timezone,
        date=day.date, day_number=day.day_number, total_days=day.total_days, general_call=day.general_call,
        version=version, day_revision=day.revision, planned_wrap=day.planned_wrap,
        est_wrap=plan[-1].end if plan else None, lunch_start=day.lunch_start, lunch_minutes=day.lunch_minutes,
        supper_start=day.supper_start, supper_minutes=day.supper_minutes, base=day.base, weather=day.weather,
        sunrise=day.sunrise, notes=day.notes, department_calls=tuple(dept_calls), people=people, scenes=lines, sets=used,
        moves=tuple(moves),
        hospital=getattr(safety, "nearest_hospital", "") or "",
        hospital_address=getattr(safety, "hospital_address", "") or "",
        hospital_phone=getattr(safety, "hospital_phone", "") or "",
        emergency_contacts=tuple(getattr(safety, "emergency_contacts", ()) or ()),
        published_at=published_at,
        shooting_call=day.first_shot, cast=cast, extras=extras_calls(day, starts, rules), extras_holding=day.extras_holding,
        parking=day.parking, contacts=tuple(contacts), alt_notes=day.alt_notes,
        breakfast_start=day.breakfast_start, breakfast_minutes=day.breakfast_minutes if day.breakfast_start else 0,
        late_start=day.late_start, late_minutes=day.late_minutes if day.late_start else 0, breaks=breaks,
    )
    if previous is not None:
        sheet = mark_revision(previous, sheet, threshold)
    return sheet
