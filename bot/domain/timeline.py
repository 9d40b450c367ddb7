"""The day's timeline: when each scene rolls, where the meals fall, when the day wraps.

ONE rule, used for the day as planned (the call sheet: :func:`planned`, :func:`scene_starts`,
:func:`wrap`) and for the day as it is being shot (``bot.domain.progress.project`` passes what
actually happened as :class:`Begun` scenes with the meals the AD called):

* Scenes follow one another in shooting order and the crew never idles. A scene on another set
  than the one before it is preceded by the walk (minutes from the walks table); the first scene
  of the day rolls at the shooting call (开拍), else at the general call (``ShootDay.first_shot``).
* **Meals not yet called** are projected at a scene boundary, never at a fixed clock time and never
  by waiting. At a boundary the crew could stop after the walk (they eat by the new set); the next
  planned meal is projected there when that moment is at least as close to its planned start as the
  next moment they could stop (after the following scene and its walk). So it lands at the boundary
  closest to its planned start; on a tie it is not taken more than :data:`MEAL_EARLY` before its
  planned start (but on a tie with the wrap it is eaten). At most one meal per boundary, none after
  the last scene (a meal whose closest moment is the wrap is not taken: the day wraps first). A day plans up to four meals
  (``bot.domain.plan.MEAL_NAMES``: breakfast, lunch, supper and the late-night meal 夜宵, which
  belongs to the day even after midnight).
* **Meals the AD called** (``/shoot meal``, :class:`Called`) are a pause inside the scene being
  shot: the break runs from when it was called for its minutes, or until the AD called the return
  (``/shoot resume``); the scene's estimate resumes after it.
* The boundary the AD has just crossed still counts for a meal not yet called: for
  :data:`MEAL_CALL_GRACE` after the scene in progress began rolling (the AD moves on, then calls
  the meal), the rule may project the meal there, as a pause at the start of that scene.
* **A costume or look change holds the next scene** (``bot.domain.looks``): when an actor of a
  scene was also in the scene just before and their costume or look differs, the scene rolls no
  earlier than the end of the one before plus the change (``changes``: minutes per department,
  ``[calls.change_minutes]``; the longest change of the actors concerned, not the sum). The change
  runs alongside the walk and a meal taken at that boundary, so only what is left of it adds time.
  An actor who was not in the scene just before changes during it and costs nothing.
* Because nobody waits for a meal, a slip of N minutes moves every later scene, meal and the wrap
  by exactly N minutes (as long as the same meals are taken).
* The day as shot: a done scene keeps its actual times (it began at the step that started it, plus
  its walk, and ended at the next step); the scene in progress is projected to end at its start +
  estimate + the AD's adjustment + its meal breaks (:attr:`Slot.estimated_end`) and never before
  *now* (an overrun pushes everything after it); the scenes to come follow from there by the rule.
  Skipped scenes are simply not passed in.

Arithmetic is done in UTC (a day may cross a DST change or midnight); results are in the time zone
of the day's general call. Laying out N scenes is O(N): scenes are ordered once and walks are
dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from bot.domain import looks
from bot.domain.looks import CHANGE_MINUTES, Change
from bot.domain.plan import DEFAULT_MEAL_MINUTES, MEAL_NAMES, Scene, ShootDay, Walk, walk_table

#: On a tie between two boundaries, a meal is not taken earlier than this before its planned start.
MEAL_EARLY = timedelta(minutes=15)
#: How long after the scene in progress began its boundary still counts for a meal not yet called.
MEAL_CALL_GRACE = timedelta(minutes=10)

Walks = Mapping[tuple[str, str], int]
#: Minutes a change takes, per department ("wardrobe", "makeup").
Changes = Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Meal:
    """A meal on the plan."""

    name: str  # one of bot.domain.plan.MEAL_NAMES
    planned: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class Called:
    """A meal the AD called (``/shoot meal``): from ``at`` for ``minutes``, or until ``resumed``."""

    name: str
    at: datetime
    minutes: int
    resumed: datetime | None = None
    returned: bool = False  # the AD called the return (rather than moving on during the break)

    @property
    def end(self) -> datetime:
        return self.resumed if self.resumed is not None else self.at + timedelta(minutes=self.minutes)


@dataclass(frozen=True, slots=True)
class MealBreak:
    """A meal on the timeline: called by the AD (``called``), or projected by the rule."""

    name: str
    start: datetime
    end: datetime
    called: bool = False
    resumed: datetime | None = None  # the break ended at this time (the return, or the next step)
    planned: datetime | None = None  # its planned start (None: a meal the plan did not have)
    returned: bool = False  # the AD called the return (/shoot resume)

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)


@dataclass(frozen=True, slots=True)
class Slot:
    """One scene on the timeline. ``start`` is when cameras roll (after the walk and any meal)."""

    scene: Scene
    status: str  # "done" | "current" | "pending"
    boundary: datetime  # the previous scene ended / this slot began (the step time for begun scenes)
    move_start: datetime | None  # the walk to this set begins (None: same set as the previous scene)
    walk_minutes: int
    start: datetime
    end: datetime
    meals: tuple[MealBreak, ...] = ()  # breaks in this slot (projected: before the scene; called: inside it)
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    from_set: str | None = None
    estimated_end: datetime | None = None  # the scene in progress: start + estimate + adjustment + breaks
    changes: tuple[Change, ...] = ()  # actors whose costume or look changes for this scene
    change_minutes: int = 0  # how long the changes of actors coming straight from the scene before take (0: none)

    @property
    def held(self) -> bool:
        """Held for a change: the scene rolls when the change is done, later than the walk (and
        any meal) alone would allow."""
        return self.change_minutes > 0 and self.start == self.boundary + timedelta(minutes=self.change_minutes)

    @property
    def number(self) -> str:
        return self.scene.number

    @property
    def set_name(self) -> str:
        return self.scene.set_name

    @property
    def is_move(self) -> bool:
        return self.move_start is not None


@dataclass(frozen=True, slots=True)
class Begun:
    """A scene the AD has begun: the step that began it, the step that finished it (None: it is
    being shot) and the meals the AD called while it was current."""

    number: str
    at: datetime
    finished: datetime | None = None
    breaks: tuple[Called, ...] = ()


def ordered(day: ShootDay) -> list[Scene]:
    """The day's scenes in shooting order (by position, then by their order in the day)."""
    return [s for _, s in sorted(enumerate(day.scenes), key=lambda p: (p[1].position, p[0]))]


def meals(day: ShootDay) -> list[Meal]:
    """The day's planned meals, in time order."""
    return [Meal(name, at, minutes) for name, at, minutes in day.planned_meals()]


def meal_minutes(day: ShootDay, name: str) -> int:
    """How long meal ``name`` lasts on this day (its planned minutes, else the usual length)."""
    return next((m for n, _, m in day.planned_meals() if n == name), DEFAULT_MEAL_MINUTES.get(name, 30))


def next_meal(day: ShootDay, taken: Collection[str]) -> str | None:
    """The meal ``/shoot meal`` calls when the AD does not say which: the first planned meal not yet
    taken, else the first meal name not yet taken in the day's order, else ``None`` (all four)."""
    for name, _, _ in day.planned_meals():
        if name not in taken:
            return name
    return next((n for n in MEAL_NAMES if n not in taken), None)


def call_here(here: datetime, later: datetime, meal: Meal, *, later_is_wrap: bool = False) -> bool:
    """Is ``meal`` taken at ``here`` rather than at the next possible moment, ``later``? On a tie
    it is not taken more than :data:`MEAL_EARLY` early, unless the later moment is the wrap (a
    meal is eaten rather than skipped)."""
    d_here, d_later = abs(here - meal.planned), abs(later - meal.planned)
    if d_here != d_later:
        return d_here < d_later
    return later_is_wrap or here >= meal.planned - MEAL_EARLY


def _walk(walks: Walks, a: str | None, b: str) -> int:
    return 0 if a is None or a == b else walks.get((a, b), 0)


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)


def _holds(scenes: Sequence[Scene], table: Changes) -> list[tuple[tuple[Change, ...], int]]:
    """Each scene's changes and how long they hold it (linear: one reading of the day's looks)."""
    return [(found, looks.hold_minutes(found, table)) for found in looks.changes(scenes)]


def _follow(walks: Walks, cursor: datetime, prev_set: str | None, scenes: Sequence[Scene], waiting: list[Meal],
            holds: Sequence[tuple[tuple[Change, ...], int]] = ()) -> list[Slot]:
    """Lay ``scenes`` out from ``cursor`` (UTC) by the rule; consumes the meals it projects.
    ``holds``: each scene's changes and the minutes they hold it after the scene before."""
    out: list[Slot] = []
    queue = sorted((replace(m, planned=_utc(m.planned)) for m in waiting), key=lambda m: m.planned)
    for i, scene in enumerate(scenes):
        found, hold = holds[i] if i < len(holds) else ((), 0)
        walk = _walk(walks, prev_set, scene.set_name)
        arrive = cursor + timedelta(minutes=walk)
        changed = cursor + timedelta(minutes=hold)  # the actors coming from the scene before are changed
        rolling = max(arrive, changed)
        mine: tuple[MealBreak, ...] = ()
        if queue:
            after = scenes[i + 1] if i + 1 < len(scenes) else None
            later = rolling + timedelta(minutes=scene.est_minutes + (_walk(walks, scene.set_name, after.set_name) if after else 0))
            if call_here(arrive, later, queue[0], later_is_wrap=after is None):
                m = queue.pop(0)
                rolling = max(arrive + timedelta(minutes=m.minutes), changed)
                mine = (MealBreak(m.name, arrive, arrive + timedelta(minutes=m.minutes), planned=m.planned),)
        end = rolling + timedelta(minutes=scene.est_minutes)
        out.append(Slot(scene, "pending", cursor, cursor if walk else None, walk, rolling, end, mine, from_set=prev_set if walk else None,
                        changes=found, change_minutes=hold))
        prev_set, cursor = scene.set_name, end
    return out


def lay_out(
    day: ShootDay,
    walks: Sequence[Walk] | Walks,
    begun: Sequence[Begun],
    upcoming: Sequence[Scene],
    *,
    now: datetime | None = None,
    adjust_minutes: int = 0,
    changes: Changes = CHANGE_MINUTES,
) -> tuple[list[Slot], list[MealBreak]]:
    """The timeline: ``begun`` scenes as they happened (the last one still running unless it has
    ``finished``), then ``upcoming`` by the rule. ``adjust_minutes`` applies to the scene in progress,
    or before the first shot to the start of the day; ``now`` (None for the plan) is the earliest a
    running scene can end and, before the first shot, the earliest the day can start; ``changes``
    the minutes a costume / look change takes per department. Returns the slots and every meal
    break (called and projected) in time order."""
    table = walks if isinstance(walks, Mapping) else walk_table(tuple(walks))
    tz: tzinfo | None = day.general_call.tzinfo
    by_number = {s.number: s for s in day.scenes}
    begun = [b for b in begun if b.number in by_number]  # the plan was revised under a running day: keep what we know
    holds = _holds([by_number[b.number] for b in begun] + list(upcoming), changes)
    planned_at = {m.name: m.planned for m in meals(day)}
    adjust = timedelta(minutes=adjust_minutes)
    now_utc = _utc(now) if now is not None else None
    slots: list[Slot] = []
    prev_set: str | None = None
    cursor: datetime | None = None
    called: set[str] = set()
    for i, b in enumerate(begun):
        scene = by_number[b.number]
        found, hold = holds[i]
        boundary = _utc(b.at)
        walk = _walk(table, prev_set, scene.set_name)
        rolling = boundary + timedelta(minutes=max(walk, hold))
        breaks = tuple(
            MealBreak(c.name, _utc(c.at), _utc(c.end), called=True, resumed=c.resumed, planned=planned_at.get(c.name), returned=c.returned)
            for c in sorted(b.breaks, key=lambda c: c.at)
        )
        called |= {c.name for c in b.breaks}
        paused = sum((m.end - m.start for m in breaks), timedelta())
        estimated: datetime | None = None
        if b.finished is not None:
            end, status = _utc(b.finished), "done"
            rolling = min(rolling, end)
        else:
            estimated = rolling + timedelta(minutes=scene.est_minutes) + adjust + paused
            end = max(estimated, rolling, now_utc) if now_utc is not None else max(estimated, rolling)
            status = "current"
        slots.append(
            Slot(scene, status, boundary, boundary if walk else None, walk, rolling, end, breaks,
                 from_set=prev_set if walk else None, estimated_end=estimated, changes=found, change_minutes=hold)
        )
        prev_set, cursor = scene.set_name, end
    if cursor is None:
        cursor = _utc(day.first_shot) + adjust
        if now_utc is not None:
            cursor = max(cursor, now_utc)
    waiting = sorted((replace(m, planned=_utc(m.planned)) for m in meals(day) if m.name not in called), key=lambda m: m.planned)
    if waiting and slots and slots[-1].status == "current" and not slots[-1].meals and now_utc is not None:
        cur = slots[-1]
        here = max(cur.start, now_utc)
        if now_utc < cur.start + MEAL_CALL_GRACE:
            after = upcoming[0] if upcoming else None
            later = cur.end + timedelta(minutes=_walk(table, cur.set_name, after.set_name) if after else 0)
            if call_here(here, later, waiting[0], later_is_wrap=after is None):
                m = waiting.pop(0)
                brk = MealBreak(m.name, here, here + timedelta(minutes=m.minutes), planned=m.planned)
                end = cur.end + timedelta(minutes=m.minutes)
                slots[-1] = replace(cur, meals=(brk,), end=end, estimated_end=(cur.estimated_end or cur.end) + timedelta(minutes=m.minutes))
                cursor = end
    slots += _follow(table, cursor, prev_set, upcoming, waiting, holds[len(begun):])
    slots = [_in_zone(s, tz) for s in slots]
    breaks = sorted((m for s in slots for m in s.meals), key=lambda m: m.start)
    return slots, breaks


def _in_zone(slot: Slot, tz: tzinfo | None) -> Slot:
    def z(dt: datetime | None) -> datetime | None:
        return None if dt is None else dt.astimezone(tz)

    meals_ = tuple(replace(m, start=z(m.start), end=z(m.end), resumed=z(m.resumed), planned=z(m.planned)) for m in slot.meals)
    return replace(
        slot, boundary=z(slot.boundary), move_start=z(slot.move_start), start=z(slot.start), end=z(slot.end), meals=meals_,
        estimated_end=z(slot.estimated_end),
    )


def planned(day: ShootDay, walks: Sequence[Walk] | Walks, *, changes: Changes = CHANGE_MINUTES) -> list[Slot]:
    """The day as planned: every scene from general call, no progress, no clock."""
    slots, _ = lay_out(day, walks, (), ordered(day), changes=changes)
    return [replace(s, planned_start=s.start, planned_end=s.end) for s in slots]


def scene_starts(day: ShootDay, walks: Sequence[Walk] | Walks, *, changes: Changes = CHANGE_MINUTES) -> dict[str, datetime]:
    """Planned rolling start of every scene, by number, in shooting order."""
    return {s.number: s.start for s in planned(day, walks, changes=changes)}


def wrap(day: ShootDay, walks: Sequence[Walk] | Walks, *, changes: Changes = CHANGE_MINUTES) -> datetime | None:
    """Planned end of the last scene (None for a day without scenes)."""
    slots = planned(day, walks, changes=changes)
    return slots[-1].end if slots else None


def planned_breaks(day: ShootDay, walks: Sequence[Walk] | Walks, *, changes: Changes = CHANGE_MINUTES) -> list[MealBreak]:
    """The meal breaks of the day as planned (where the call sheet puts them)."""
    return [m for s in planned(day, walks, changes=changes) for m in s.meals]


@dataclass(frozen=True, slots=True)
class Stretch:
    """Working time between two meals (or from the first shot / to the wrap)."""

    after: str  # "start" or the meal that ended it
    start: datetime
    end: datetime
    before: str  # the meal that ends it, or "wrap"

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)


def stretches(slots: Sequence[Slot], end: datetime) -> list[Stretch]:
    """The working stretches of a timeline that ends (wraps) at ``end``."""
    if not slots:
        return []
    breaks = sorted((m for s in slots for m in s.meals), key=lambda m: m.start)
    out: list[Stretch] = []
    cursor, after = slots[0].start, "start"
    for m in breaks:
        if m.start > cursor:
            out.append(Stretch(after, cursor, m.start, m.name))
        cursor, after = max(cursor, m.end), m.name
    if end > cursor:
        out.append(Stretch(after, cursor, end, "wrap"))
    return out


__all__ = [
    "CHANGE_MINUTES",
    "MEAL_CALL_GRACE",
    "MEAL_EARLY",
    "Begun",
    "Called",
    "Changes",
    "Meal",
    "MealBreak",
    "Slot",
    "Stretch",
    "call_here",
    "lay_out",
    "meal_minutes",
    "meals",
    "next_meal",
    "ordered",
    "planned",
    "planned_breaks",
    "scene_starts",
    "stretches",
    "wrap",
]
