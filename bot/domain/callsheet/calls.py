"""When scenes start and who is called when: planned scene starts, the estimated wrap, every call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain.callsheet.model import PersonCall
from bot.domain.crew import CrewMember
from bot.domain.plan import DEFAULT_MAKEUP_MINUTES, ShootDay, Walk, walk_minutes

BREAK_SLACK = timedelta(minutes=15)
#: Departments whose people report to the unit base (makeup room) rather than the first set.
BASE_DEPARTMENTS = ("makeup", "wardrobe", "canteen")


def _breaks(day: ShootDay) -> list[tuple[datetime, int]]:
    out = [(s, m) for s, m in ((day.lunch_start, day.lunch_minutes), (day.supper_start, day.supper_minutes)) if s is not None and m > 0]
    return sorted(out)


def planned_scene_starts(day: ShootDay, walks: Sequence[Walk] = ()) -> dict[str, datetime]:
    """Planned start of every scene (by number), in shooting order.

    The first scene starts at the shooting call (else the general call); each next one when the previous ends plus the walk
    between their sets (a company move). A meal break is taken before the first scene that would
    otherwise run more than 15 minutes into it, at its planned time or as soon after as the
    previous scene ends, and lasts its planned minutes. (``bot.domain.progress`` projects a live
    day with the same rule; a test keeps the two equal.)
    """
    starts: dict[str, datetime] = {}
    now = day.first_shot
    previous_set: str | None = None
    pending = _breaks(day)
    for scene in sorted(day.scenes, key=lambda s: s.position):
        if previous_set is not None:
            now += timedelta(minutes=walk_minutes(walks, previous_set, scene.set_name))
        while pending and now + timedelta(minutes=scene.est_minutes) > pending[0][0] + BREAK_SLACK:
            brk_start, brk_minutes = pending.pop(0)
            now = max(now, brk_start) + timedelta(minutes=brk_minutes)
        starts[scene.number] = now
        now += timedelta(minutes=scene.est_minutes)
        previous_set = scene.set_name
    return starts


def estimated_wrap(day: ShootDay, walks: Sequence[Walk] = (), scene_starts: Mapping[str, datetime] | None = None) -> datetime | None:
    if not day.scenes:
        return None
    starts = dict(planned_scene_starts(day, walks))
    if scene_starts:
        starts.update(scene_starts)
    last = max(day.scenes, key=lambda s: s.position)
    return starts[last.number] + timedelta(minutes=last.est_minutes)


def _first_set(day: ShootDay) -> str:
    ordered = sorted(day.scenes, key=lambda s: s.position)
    return ordered[0].set_name if ordered else ""


def compute_calls(
    day: ShootDay,
    crew: list[CrewMember],
    offsets: Mapping[str, int],
    overrides: Mapping[int, datetime] | None = None,
    scene_starts: Mapping[str, datetime] | None = None,
    *,
    walks: Sequence[Walk] = (),
) -> dict[int, PersonCall]:
    """Everyone called on ``day``, keyed by Discord user id.

    * Department crew: general call + ``offsets[department]`` minutes, at the first set (makeup,
      wardrobe and canteen at the unit base when the day has one).
    * Actors (anyone cast in a scene, matched by user id): on set at their first scene's start,
      makeup that many minutes before (their ``makeup_minutes``, default 60), pickup before that
      when they have ``pickup_minutes``; the call is the makeup time. A crew member from another
      department who also acts is called at the earlier of the two.
    * Cast-department members with no scene that day are not called (absent from the result).
    * ``overrides`` replace a person's call; ``scene_starts`` replace planned scene starts.
    """
    overrides = overrides or {}
    starts = dict(planned_scene_starts(day, walks))
    if scene_starts:
        starts.update(scene_starts)
    scenes = sorted(day.scenes, key=lambda s: s.position)
    first_set = _first_set(day)
    # actor -> (their scenes, first role, characters)
    acting: dict[int, list] = {}
    for scene in scenes:
        for role in scene.cast:
            if role.user_id is None:
                continue
            entry = acting.setdefault(role.user_id, [[], role, scene, []])
            if scene.number not in entry[0]:
                entry[0].append(scene.number)
            if role.character not in entry[3]:
                entry[3].append(role.character)
    out: dict[int, PersonCall] = {}
    for member in crew:
        uid = member.user_id
        dept_call: PersonCall | None = None
        if member.department != "cast":
            where = day.base if member.department in BASE_DEPARTMENTS and day.base else first_set
            dept_scenes = tuple(s.number for s in scenes if member.department in s.needs)
            dept_call = PersonCall(
                user_id=uid, call=day.general_call + timedelta(minutes=int(offsets.get(member.department, 0))),
                where=where, scenes=dept_scenes, department=member.department, name=member.display_name,
            )
        cast_call: PersonCall | None = None
        if uid in acting:
            numbers, role, first_scene, characters = acting[uid]
            on_set = starts.get(first_scene.number, day.general_call)
            makeup_minutes = role.makeup_minutes if role.makeup_minutes is not None else DEFAULT_MAKEUP_MINUTES
            makeup = on_set - timedelta(minutes=makeup_minutes)
            pickup = makeup - timedelta(minutes=role.pickup_minutes) if role.pickup_minutes else None
            cast_call = PersonCall(
                user_id=uid, call=makeup, where=(day.base if makeup_minutes and day.base else first_scene.set_name),
                scenes=tuple(numbers), department=member.department, name=member.display_name, kind="cast",
                pickup=pickup, makeup=makeup, on_set=on_set, characters=tuple(characters),
            )
        chosen = cast_call if dept_call is None or (cast_call is not None and cast_call.call < dept_call.call) else dept_call
        if chosen is cast_call and dept_call is not None and cast_call is not None:
            chosen = replace(cast_call, scenes=tuple(dict.fromkeys(cast_call.scenes + dept_call.scenes)))
        elif chosen is dept_call and cast_call is not None and dept_call is not None:
            chosen = replace(dept_call, scenes=tuple(dict.fromkeys(cast_call.scenes + dept_call.scenes)),
                             on_set=cast_call.on_set, characters=cast_call.characters)
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
