"""When scenes start and who is called when: planned scene starts, the estimated wrap, every call.

Calls are written the way a 统筹 writes them (:mod:`bot.domain.callsheet.rules`): rounded down to
the production's step, and never later than the work they feed.

* Actors (everyone in a scene row, on Discord or not, :func:`actor_calls`): on set for their first
  scene; ready (made up and dressed) a rehearsal (走戏) before it, or at an earlier on-set time the
  cast table gives; makeup before that; pickup (接车) before makeup.
* Departments (:func:`department_calls`): the general (crew) call plus the department's offset,
  but no later than the first scene with a need for them, no later than the first shot for the
  departments on set, and for the departments that work from the base (服化间) no later than the
  first actor's makeup. Only those are called to the base; the canteen is not called to a set.
* Extras (:func:`extras_calls`): each group before its first scene, or at the day's extras call
  when that is early enough.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain import timeline
from bot.domain.callsheet.model import CastCall, ExtrasCall, PersonCall
from bot.domain.callsheet.rules import CallRules, floor_to
from bot.domain.castlist import CAST_STATUSES, CastMember, actor_key
from bot.domain.crew import CrewMember
from bot.domain.plan import DEFAULT_MAKEUP_MINUTES, Scene, ShootDay, Walk

#: Departments that work from the base (服化间) by default (settings: ``calls.base_departments``).
BASE_DEPARTMENTS = CallRules().base_departments
#: Departments that are not on set: they are not held to the first shot, nor called to a set.
OFF_SET_DEPARTMENTS = ("canteen", "producer", "other", "cast")


def planned_scene_starts(day: ShootDay, walks: Sequence[Walk] = (), *, rules: CallRules = CallRules()) -> dict[str, datetime]:
    """Planned start of every scene (by number), in shooting order, by the day's one timeline rule
    (``bot.domain.timeline``: company moves before the scene, meals at the closest scene boundary,
    a costume or look change between back-to-back scenes as long as ``rules.changes`` says)."""
    return timeline.scene_starts(day, walks, changes=rules.changes)


def estimated_wrap(day: ShootDay, walks: Sequence[Walk] = (), scene_starts: Mapping[str, datetime] | None = None, *,
                   rules: CallRules = CallRules()) -> datetime | None:
    """End of the last scene as planned (``scene_starts`` replace planned starts, e.g. projected ones)."""
    if not day.scenes:
        return None
    if not scene_starts:
        return timeline.wrap(day, walks, changes=rules.changes)
    starts = dict(planned_scene_starts(day, walks, rules=rules))
    starts.update(scene_starts)
    last = timeline.ordered(day)[-1]
    end = starts[last.number].astimezone(UTC) + timedelta(minutes=last.est_minutes)
    return end.astimezone(day.general_call.tzinfo)


def _ordered(day: ShootDay) -> list[Scene]:
    return sorted(day.scenes, key=lambda s: s.position)


def _first_set(day: ShootDay) -> str:
    ordered = _ordered(day)
    return ordered[0].set_name if ordered else ""


def _number_key(number: str) -> tuple[int, int, str]:
    return (0, int(number), "") if number.isdigit() else (1 if number else 2, 0, number)


def actor_calls(day: ShootDay, starts: Mapping[str, datetime], rules: CallRules = CallRules(),
                crew_ids: set[int] | None = None) -> tuple[CastCall, ...]:
    """Every actor named in the day's scenes, with their times, on Discord or not, in cast-number
    order (then by call). ``crew_ids``: the Discord ids of the production's crew (an actor linked to
    someone who is not on the crew counts as not on Discord)."""
    rows: dict[str, CastMember] = {}
    alt_by_character: dict[str, str] = {}
    for m in day.cast:
        rows.setdefault(actor_key(m.actor), m)
        if m.character and m.alt_character:
            alt_by_character.setdefault(actor_key(m.character), m.alt_character)
    acting: dict[str, dict] = {}
    for scene in _ordered(day):
        for role in scene.cast:
            entry = acting.setdefault(actor_key(role.actor), {"role": role, "first": scene, "scenes": [], "characters": []})
            if scene.number not in entry["scenes"]:
                entry["scenes"].append(scene.number)
            if role.character and role.character not in entry["characters"]:
                entry["characters"].append(role.character)
    out = []
    step = rules.step
    for key, entry in acting.items():
        role, first = entry["role"], entry["first"]
        row = rows.get(key)
        on_set = floor_to(starts.get(first.number, day.first_shot), step)
        ready = floor_to(on_set - timedelta(minutes=rules.rehearsal), step)
        rehearsal = ready if rules.rehearsal else None
        ignored = None
        if row is not None and row.on_set is not None:
            if row.on_set <= ready:
                ready = floor_to(row.on_set, step)
            else:
                ignored = row.on_set
        makeup_minutes = next((m for m in (row.makeup_minutes if row else None, role.makeup_minutes) if m is not None), DEFAULT_MAKEUP_MINUTES)
        pickup_minutes = next((m for m in (row.pickup_minutes if row else None, role.pickup_minutes) if m is not None), None)
        makeup = floor_to(ready - timedelta(minutes=makeup_minutes), step) if makeup_minutes else None
        report = makeup if makeup is not None else ready
        pickup = floor_to(report - timedelta(minutes=pickup_minutes), step) if pickup_minutes else None
        user = role.user_id if role.user_id is not None else (row.user_id if row else None)
        if crew_ids is not None and user not in crew_ids:
            user = None
        characters = tuple(entry["characters"])
        out.append(CastCall(
            actor=role.actor, characters=characters, scenes=tuple(entry["scenes"]), on_set=on_set, ready=ready, call=report,
            number=row.number if row else "", status=row.status if row and row.status in CAST_STATUSES else "", user_id=user,
            phone=row.phone if row else "", pickup_place=row.pickup_place if row else "", pickup=pickup, makeup=makeup,
            rehearsal=rehearsal, makeup_minutes=makeup_minutes,
            alt_characters=tuple(alt_by_character.get(actor_key(c), "") for c in characters),
            where=day.base if makeup is not None and day.base else first.set_name, ignored_on_set=ignored,
        ))
    return tuple(sorted(out, key=lambda c: (_number_key(c.number), c.call, c.actor.casefold())))


def department_calls(day: ShootDay, departments: Sequence[str], offsets: Mapping[str, int], starts: Mapping[str, datetime],
                     cast: Sequence[CastCall] = (), rules: CallRules = CallRules()) -> dict[str, tuple[datetime, str]]:
    """department -> (call, where). See the module docstring for the rules."""
    step = rules.step
    ordered = _ordered(day)
    first_shot = floor_to(min(starts.values()), step) if starts else floor_to(day.first_shot, step)
    makeups = [c.makeup for c in cast if c.makeup is not None]
    earliest_makeup = min(makeups) if makeups else None
    first_set = _first_set(day)
    out: dict[str, tuple[datetime, str]] = {}
    for dept in departments:
        if dept == "cast":
            continue
        call = floor_to(day.general_call + timedelta(minutes=int(offsets.get(dept, 0))), step)
        needs = [starts[s.number] for s in ordered if dept in s.needs and s.number in starts]
        if needs:
            call = min(call, floor_to(min(needs), step))
        if dept not in OFF_SET_DEPARTMENTS:
            call = min(call, first_shot)
        if dept in rules.base_departments and earliest_makeup is not None:
            call = min(call, earliest_makeup)
        if dept in rules.base_departments and day.base:
            where = day.base
        elif dept in OFF_SET_DEPARTMENTS and dept != "cast" and dept != "producer":
            where = ""  # not called to a set: the canteen cooks in the canteen
        else:
            where = first_set
        out[dept] = (call, where)
    return out


def compute_calls(
    day: ShootDay,
    crew: list[CrewMember],
    offsets: Mapping[str, int],
    overrides: Mapping[int, datetime] | None = None,
    scene_starts: Mapping[str, datetime] | None = None,
    *,
    walks: Sequence[Walk] = (),
    rules: CallRules = CallRules(),
) -> dict[int, PersonCall]:
    """Everyone on Discord called on ``day``, keyed by Discord user id.

    * Department crew: :func:`department_calls`.
    * Actors on the crew (matched by user id): :func:`actor_calls`; the call is when they report
      (makeup, else ready on set). A crew member from another department who also acts is called
      at the earlier of the two.
    * Cast-department members with no scene that day are not called (absent from the result).
    * ``overrides`` replace a person's call; ``scene_starts`` replace planned scene starts.
    """
    overrides = overrides or {}
    starts = dict(planned_scene_starts(day, walks, rules=rules))
    if scene_starts:
        starts.update(scene_starts)
    scenes = _ordered(day)
    cast = actor_calls(day, starts, rules, {m.user_id for m in crew})
    by_user = {c.user_id: c for c in cast if c.user_id is not None}
    depts = department_calls(day, sorted({m.department for m in crew}), offsets, starts, cast, rules)
    out: dict[int, PersonCall] = {}
    for member in crew:
        uid = member.user_id
        dept_call: PersonCall | None = None
        if member.department != "cast":
            call, where = depts[member.department]
            dept_scenes = tuple(s.number for s in scenes if member.department in s.needs)
            dept_call = PersonCall(user_id=uid, call=call, where=where, scenes=dept_scenes, department=member.department,
                                   name=member.display_name)
        cast_call: PersonCall | None = None
        if (c := by_user.get(uid)) is not None:
            cast_call = PersonCall(
                user_id=uid, call=c.call, where=c.where, scenes=c.scenes, department=member.department, name=member.display_name,
                kind="cast", pickup=c.pickup, makeup=c.makeup, on_set=c.on_set, characters=c.characters, rehearsal=c.rehearsal,
            )
        chosen = cast_call if dept_call is None or (cast_call is not None and cast_call.call < dept_call.call) else dept_call
        if chosen is cast_call and dept_call is not None and cast_call is not None:
            chosen = replace(cast_call, scenes=tuple(dict.fromkeys(cast_call.scenes + dept_call.scenes)))
        elif chosen is dept_call and cast_call is not None and dept_call is not None:
            chosen = replace(dept_call, scenes=tuple(dict.fromkeys(cast_call.scenes + dept_call.scenes)),
                             on_set=cast_call.on_set, characters=cast_call.characters, rehearsal=cast_call.rehearsal)
        if chosen is None:
            continue
        if uid in overrides:
            at = overrides[uid]
            pickup = None
            if chosen.pickup is not None and chosen.makeup is not None:
                pickup = at - (chosen.makeup - chosen.pickup)
            chosen = replace(chosen, call=at, kind="override", makeup=at if chosen.makeup is not None else None, pickup=pickup)
        out[uid] = chosen
    return out


def extras_calls(day: ShootDay, starts: Mapping[str, datetime], rules: CallRules = CallRules()) -> tuple[ExtrasCall, ...]:
    """The day's extras by group (the same description in several scenes is the same people: the
    group is as big as its biggest scene), each called ``rules.extras_lead`` before its first scene.
    The day's extras call, when the stripboard gives one, is the call of the first group(s) needed,
    unless it is later than they must arrive (then the computed call stands, marked ``late_day_call``)."""
    groups: dict[str, dict] = {}
    for scene in _ordered(day):
        for g in scene.extras:
            key = "".join(g.description.split()).casefold()
            entry = groups.setdefault(key, {"description": g.description, "count": 0, "scenes": [], "first": starts.get(scene.number)})
            entry["count"] = max(entry["count"], g.count)
            if scene.number not in entry["scenes"]:
                entry["scenes"].append(scene.number)
    out = []
    earliest = min((e["first"] or day.first_shot for e in groups.values()), default=None)
    for entry in groups.values():
        first = entry["first"] or day.first_shot
        needed = floor_to(first - timedelta(minutes=rules.extras_lead), rules.step)
        late = False
        call = needed
        if day.extras_call is not None and first == earliest:
            if day.extras_call <= needed:
                call = floor_to(day.extras_call, rules.step)
            else:
                late = True
        out.append(ExtrasCall(entry["description"], entry["count"], tuple(entry["scenes"]), call, first, late))
    return tuple(sorted(out, key=lambda e: (e.call, e.first_start, e.description)))
