"""Who worked (or is called to work) from when to when on a shoot day: the spans the producer's
report counts hours with and the rest guard checks (:mod:`bot.domain.rest`).

* An actor (a cast member) works from their call (makeup) to their release: the end of their last
  scene shot that day; if every one of their scenes was dropped, when the last one was dropped
  (never before their call, never after the wrap).
* Everyone else works from their call to the wrap plus their department's wrap-out (lighting and
  art strike the set after the last shot: ``[rest.wrap_out]`` in the settings).
* Meal breaks inside a span are kept apart (``Span.break_minutes``).

The same function serves a day that was shot (actual scene ends and wrap), a day being shot (the
projection's) and a day as planned (the call sheet's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.callsheet import PersonCall
from bot.domain.callsheet.model import CastCall
from bot.domain.crew import DEPARTMENTS
from bot.domain.plan import ShootDay
from bot.domain.rest import Span, minutes_between, overlap_minutes


def person_key(user_id: int | None, name: str = "") -> str:
    return f"u:{user_id}" if user_id is not None else "n:" + "".join(name.split()).casefold()


def actor_scenes(day: ShootDay) -> dict[int, list[str]]:
    """Discord id -> the numbers of the day's scenes they act in, in shooting order."""
    out: dict[int, list[str]] = {}
    for scene in sorted(day.scenes, key=lambda s: s.position):
        for role in scene.cast:
            if role.user_id is not None and scene.number not in out.setdefault(role.user_id, []):
                out[role.user_id].append(scene.number)
    return out


def _release(own: Sequence[str], call: datetime, scene_ends: Mapping[str, datetime], dropped_at: Mapping[str, datetime],
             wrap: datetime) -> datetime:
    """An actor is released at the end of their last scene shot, else when the last of their scenes
    was dropped; never before their call, never after the wrap."""
    ends = [scene_ends[n] for n in own if n in scene_ends]
    end = max(ends) if ends else max([dropped_at[n] for n in own if n in dropped_at], default=call)
    return max(min(end, wrap), call)


def spans(
    day: ShootDay,
    calls: Mapping[int, PersonCall],
    *,
    cast: Sequence[CastCall] = (),
    scene_ends: Mapping[str, datetime],
    wrap: datetime,
    dropped_at: Mapping[str, datetime] | None = None,
    wrap_out: Mapping[str, int] | None = None,
    departments: Mapping[int, str] | None = None,
    breaks: Sequence[tuple[datetime, datetime]] = (),
) -> list[Span]:
    """One :class:`Span` per person called: ``calls`` (the crew on Discord, by id, each with the call
    they heard) and ``cast`` (the day's actors, on Discord or not: the call sheet's cast table).
    ``scene_ends``: when each scene shot (or to be shot) ends; ``dropped_at``: when each dropped
    scene was dropped; ``departments``: a person's crew department when it differs from the call's.
    An actor whose scenes were all dropped before their call never came: no span."""
    dropped_at = dropped_at or {}
    wrap_out = wrap_out or {}
    departments = departments or {}
    acting = actor_scenes(day)
    out: list[Span] = []
    actors_on_discord = {c.user_id for c in cast if c.user_id is not None}
    for uid, pc in calls.items():
        department = departments.get(uid) or pc.department or "other"
        own = acting.get(uid, [])
        if department == "cast":
            if uid in actors_on_discord:
                continue  # their row of the cast table
            end = _release(own, pc.call, scene_ends, dropped_at, wrap)
            if end <= pc.call:
                continue
        else:
            end = max(wrap + timedelta(minutes=int(wrap_out.get(department, 0))), pc.call)
        out.append(Span(person_key(uid), pc.name, department, day.date, pc.call, end, actor=department == "cast" or bool(own),
                        break_minutes=overlap_minutes(pc.call, end, breaks)))
    for c in cast:
        if c.user_id is not None and c.user_id in calls and (departments.get(c.user_id) or calls[c.user_id].department) != "cast":
            continue  # a crew member who also acts works their department's day
        call = calls[c.user_id].call if c.user_id is not None and c.user_id in calls else c.call
        end = _release(c.scenes, call, scene_ends, dropped_at, wrap)
        if end <= call:
            continue
        out.append(Span(person_key(c.user_id, c.actor), c.actor, "cast", day.date, call, end, actor=True,
                        break_minutes=overlap_minutes(call, end, breaks)))
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    return sorted(out, key=lambda s: (order.get(s.department, 99), s.start, s.name))


@dataclass(frozen=True, slots=True)
class DepartmentHours:
    """A department's day: its earliest call to its latest release."""

    department: str
    start: datetime
    end: datetime
    people: int
    break_minutes: int = 0

    @property
    def minutes(self) -> int:
        return max(0, minutes_between(self.start, self.end))


def department_hours(spans_: Iterable[Span], breaks: Sequence[tuple[datetime, datetime]] = ()) -> list[DepartmentHours]:
    """Call to wrap per department (actors are counted one by one, not here)."""
    groups: dict[str, list[Span]] = {}
    for s in spans_:
        if s.department != "cast":
            groups.setdefault(s.department, []).append(s)
    out = []
    for dept, items in groups.items():
        start, end = min(s.start for s in items), max(s.end for s in items)
        out.append(DepartmentHours(dept, start, end, len(items), overlap_minutes(start, end, breaks)))
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    return sorted(out, key=lambda h: (order.get(h.department, 99), h.department))
