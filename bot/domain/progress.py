"""Shoot progress on the day and the projected timeline of every remaining scene.

Progress is a stack of :class:`Step` records (``start``, ``next``, ``wrap``) plus the scenes dropped
for today and a manual adjustment (``/shoot delay`` / ``/shoot ahead``). ``back`` pops the last step.
Every operation is a pure function returning a new :class:`Progress` or raising
:class:`~bot.domain.errors.DomainError`.

The timeline rules (:func:`project`):

* A step's time is the moment the AD pressed the command. ``/shoot next`` at ``T`` finishes the
  current scene at ``T`` and begins the next one at ``T``; when the next scene is on another set
  the company move (walking minutes from the plan) happens first, so cameras roll at
  ``T + walk``. The first scene's planned start is the general call.
* The current scene is projected to end at ``rolling start + est minutes + adjustment``, and never
  before *now* (a scene that runs over is still running). Remaining scenes follow back to back,
  each preceded by its company move when the set changes.
* The manual adjustment belongs to the scene in progress (before the first shot: to the start of
  the day). ``delay 20`` adds twenty minutes to it, ``ahead 10`` takes ten away; it is consumed when
  the scene finishes, because the actual times then carry the slip.
* Meals (lunch, supper) follow the call sheet's rule (``bot.domain.callsheet``): a break is
  taken before the first scene that would otherwise run more than 15 minutes into it, after any
  company move, and lasts its planned minutes from the later of then and its planned start. A
  scene running over therefore pushes the meal. When ``next`` (or ``start``) begins a scene that
  the rule puts after a meal, the meal is recorded as taken at that boundary.
* Skipped scenes vanish from the timeline; behind/ahead is measured against the original plan
  (skipping a scene therefore puts the day ahead).

All datetimes are aware; a day that runs past midnight is simply later datetimes of the same day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.domain.errors import DomainError
from bot.domain.plan import Scene, ShootDay, Walk, walk_minutes

MAX_ADJUST_STEP = 240  # one /shoot delay or ahead
MAX_ADJUST_TOTAL = 600

STEP_KINDS = ("start", "next", "wrap")

#: Two ``next`` presses by different ADs this close together (by Discord's own timestamps) are one.
SIMULTANEOUS_MS = 5000
_DISCORD_EPOCH_MS = 1420070400000


def snowflake_ms(snowflake: int) -> int:
    """Unix milliseconds at which Discord created ``snowflake`` (an interaction id)."""
    return (snowflake >> 22) + _DISCORD_EPOCH_MS


def pressed_together(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and abs(snowflake_ms(a) - snowflake_ms(b)) < SIMULTANEOUS_MS


@dataclass(frozen=True, slots=True)
class Step:
    """One press of start / next / wrap, with what ``back`` needs to undo it."""

    kind: str  # "start" | "next" | "wrap"
    at: datetime
    finished: str | None  # scene finished by this step (None for start)
    started: str | None  # scene begun by this step (None for wrap)
    prev_adjust: int = 0
    prev_meals: tuple[tuple[str, datetime], ...] = ()
    by: int | None = None  # Discord user id of the AD
    request: int | None = None  # the Discord interaction (snowflake) that made the step


@dataclass(frozen=True, slots=True)
class Progress:
    day_id: int
    steps: tuple[Step, ...] = ()
    skipped: frozenset[str] = frozenset()
    adjust_minutes: int = 0
    meals: tuple[tuple[str, datetime], ...] = ()  # (meal, scene boundary at which it was taken)
    version: int = 0

    @property
    def meals_at(self) -> dict[str, datetime]:
        return dict(self.meals)

    @property
    def state(self) -> str:
        """``planned`` (no first shot yet), ``shooting`` or ``wrapped``."""
        if not self.steps:
            return "planned"
        return "wrapped" if self.steps[-1].kind == "wrap" else "shooting"

    @property
    def current(self) -> str | None:
        return self.steps[-1].started if self.steps and self.steps[-1].kind != "wrap" else None

    @property
    def started_at(self) -> dict[str, datetime]:
        return {s.started: s.at for s in self.steps if s.started is not None}

    @property
    def finished_at(self) -> dict[str, datetime]:
        return {s.finished: s.at for s in self.steps if s.finished is not None}

    @property
    def first_shot(self) -> datetime | None:
        return self.steps[0].at if self.steps else None

    @property
    def wrapped_at(self) -> datetime | None:
        return self.steps[-1].at if self.state == "wrapped" else None

    def started_order(self) -> list[str]:
        return [s.started for s in self.steps if s.started is not None]


def _minutes(delta: timedelta) -> int:
    """Whole minutes, rounded half away from zero (so -0.5 min is -1, not 0)."""
    secs = delta.total_seconds()
    return int(secs / 60 + (0.5 if secs >= 0 else -0.5))


def _scene_or_error(day: ShootDay, number: str) -> Scene:
    scene = day.scene(number)
    if scene is None:
        raise DomainError("shoot.error.unknown_scene", scene=number)
    return scene


def remaining_numbers(day: ShootDay, progress: Progress) -> list[str]:
    """Scenes not yet begun and not dropped, in shooting order."""
    begun = set(progress.started_at)
    return [s.number for s in _ordered(day) if s.number not in begun and s.number not in progress.skipped]


def _ordered(day: ShootDay) -> list[Scene]:
    return sorted(day.scenes, key=lambda s: (s.position, day.scenes.index(s)))


def _check_open(progress: Progress) -> None:
    if progress.state == "wrapped":
        raise DomainError("shoot.error.wrapped")


def _begin(day: ShootDay, walks: Sequence[Walk], progress: Progress, number: str, now: datetime) -> tuple[tuple[str, datetime], ...]:
    """Meals taken at this boundary: those the rule puts before scene ``number`` beginning now."""
    scene = _scene_or_error(day, number)
    prev = progress.started_order()
    last = day.scene(prev[-1]) if prev else None
    walk = walk_minutes(walks, last.set_name, scene.set_name) if last is not None else 0
    waiting = [m for m in meals(day) if m.name not in progress.meals_at]
    _, _, taken = _roll(now, walk, scene.est_minutes, waiting)
    return progress.meals + tuple((m.name, now) for m in taken)


def start(
    day: ShootDay, walks: Sequence[Walk], progress: Progress, now: datetime, *, by: int | None = None, request: int | None = None
) -> Progress:
    """First shot: the first scene that is not dropped begins now."""
    _check_open(progress)
    if progress.state == "shooting":
        raise DomainError("shoot.error.already_started", scene=progress.current or "")
    todo = remaining_numbers(day, progress)
    if not todo:
        raise DomainError("shoot.error.no_scenes")
    step = Step("start", now, None, todo[0], progress.adjust_minutes, progress.meals, by, request)
    return replace(
        progress, steps=progress.steps + (step,), adjust_minutes=0, meals=_begin(day, walks, progress, todo[0], now), version=progress.version + 1
    )


def advance(
    day: ShootDay,
    walks: Sequence[Walk],
    progress: Progress,
    now: datetime,
    *,
    expected: str | None = None,
    by: int | None = None,
    request: int | None = None,
) -> Progress:
    """``/shoot next``: the current scene is done, the next one begins.

    Two ADs pressing at once advance once; the other press is refused ("already moved on") when

    * ``expected`` (the scene the AD's command saw as current) is no longer current, or
    * the last step was a start/next by *another* AD whose Discord interaction was created within
      :data:`SIMULTANEOUS_MS` of this one (``request``): neither could have seen the other's press.
      The same AD pressing twice quickly means it.
    """
    _check_open(progress)
    if progress.state == "planned":
        raise DomainError("shoot.error.not_started")
    current = progress.current
    assert current is not None
    if expected is not None and expected != current:
        raise DomainError("shoot.error.already_moved_on", scene=current)
    last = progress.steps[-1]
    if last.kind in ("start", "next") and last.by != by and pressed_together(last.request, request):
        raise DomainError("shoot.error.already_moved_on", scene=current)
    todo = remaining_numbers(day, progress)
    if not todo:
        raise DomainError("shoot.error.last_scene", scene=current)
    step = Step("next", now, current, todo[0], progress.adjust_minutes, progress.meals, by, request)
    return replace(
        progress, steps=progress.steps + (step,), adjust_minutes=0, meals=_begin(day, walks, progress, todo[0], now), version=progress.version + 1
    )


def back(progress: Progress) -> Progress:
    """Undo the last start / next / wrap (skips are not undone)."""
    if not progress.steps:
        raise DomainError("shoot.error.nothing_to_undo")
    last = progress.steps[-1]
    return replace(
        progress,
        steps=progress.steps[:-1],
        adjust_minutes=last.prev_adjust,
        meals=last.prev_meals,
        version=progress.version + 1,
    )


def adjust(progress: Progress, minutes: int) -> Progress:
    """``delay`` (positive) or ``ahead`` (negative) for the scene in progress or the day's start."""
    _check_open(progress)
    if minutes == 0 or abs(minutes) > MAX_ADJUST_STEP:
        raise DomainError("shoot.error.bad_minutes", max=MAX_ADJUST_STEP)
    total = progress.adjust_minutes + minutes
    if abs(total) > MAX_ADJUST_TOTAL:
        raise DomainError("shoot.error.too_much_adjust", max=MAX_ADJUST_TOTAL)
    return replace(progress, adjust_minutes=total, version=progress.version + 1)


def skip(day: ShootDay, progress: Progress, number: str) -> Progress:
    """Drop a scene for today."""
    _check_open(progress)
    scene = _scene_or_error(day, number)
    if scene.number in progress.skipped:
        raise DomainError("shoot.error.already_skipped", scene=scene.number)
    if scene.number == progress.current:
        raise DomainError("shoot.error.skip_current", scene=scene.number)
    if scene.number in progress.started_at:
        raise DomainError("shoot.error.already_shot", scene=scene.number)
    return replace(progress, skipped=progress.skipped | {scene.number}, version=progress.version + 1)


def wrap(progress: Progress, now: datetime, *, by: int | None = None, request: int | None = None) -> Progress:
    """That's a wrap: the current scene finishes now and the day is over."""
    _check_open(progress)
    if progress.state == "planned":
        raise DomainError("shoot.error.not_started")
    step = Step("wrap", now, progress.current, None, progress.adjust_minutes, progress.meals, by, request)
    return replace(progress, steps=progress.steps + (step,), adjust_minutes=0, version=progress.version + 1)


# --------------------------------------------------------------------------- meals


#: A scene may run this far into a planned meal before the meal is taken first (as the call sheet).
MEAL_SLACK = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Meal:
    name: str  # "lunch" | "supper"
    planned: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class MealBreak:
    name: str
    start: datetime
    end: datetime
    taken: bool = False  # recorded by a step (not just projected)


def meals(day: ShootDay) -> list[Meal]:
    out = [
        Meal(name, at, minutes)
        for name, at, minutes in (("lunch", day.lunch_start, day.lunch_minutes), ("supper", day.supper_start, day.supper_minutes))
        if at is not None and minutes > 0
    ]
    return sorted(out, key=lambda m: m.planned)


def _roll(boundary: datetime, walk: int, est: int, waiting: list[Meal]) -> tuple[datetime, datetime, list[MealBreak]]:
    """Walk, then take every meal the scene would run too far into. Consumes ``waiting``."""
    arrive = boundary + timedelta(minutes=walk)
    t = arrive
    taken: list[MealBreak] = []
    length = timedelta(minutes=est)
    while waiting and t + length > waiting[0].planned + MEAL_SLACK:
        m = waiting.pop(0)
        start_at = max(t, m.planned)
        t = start_at + timedelta(minutes=m.minutes)
        taken.append(MealBreak(m.name, start_at, t))
    return arrive, t, taken


# --------------------------------------------------------------------------- projection


@dataclass(frozen=True, slots=True)
class Slot:
    """One scene on the timeline. ``start`` is when cameras roll (after the walk and any meal)."""

    scene: Scene
    status: str  # "done" | "current" | "pending"
    boundary: datetime  # the previous scene ended / this slot began (the step time for begun scenes)
    move_start: datetime | None  # the company move begins (None: same set as the previous scene)
    walk_minutes: int
    start: datetime
    end: datetime
    meals: tuple[MealBreak, ...] = ()  # breaks taken between the walk and this scene
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    from_set: str | None = None

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
class Projection:
    day_id: int | None
    state: str
    slots: tuple[Slot, ...]
    skipped: tuple[str, ...]
    unshot: tuple[str, ...]  # scenes left when the day wrapped
    meals: tuple[MealBreak, ...]  # projected (or taken) meal breaks in time order
    wrap: datetime
    planned_wrap: datetime
    behind_minutes: int  # > 0 behind the plan, < 0 ahead
    adjust_minutes: int
    now: datetime | None = None
    planned_slots: tuple[Slot, ...] = field(default=(), repr=False)

    def slot(self, number: str) -> Slot | None:
        return next((s for s in self.slots if s.number == number), None)

    def meal(self, name: str) -> MealBreak | None:
        return next((m for m in self.meals if m.name == name), None)

    @property
    def current(self) -> Slot | None:
        return next((s for s in self.slots if s.status == "current"), None)

    @property
    def pending(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.status == "pending")

    @property
    def next(self) -> Slot | None:
        return next(iter(self.pending), None)

    def following(self, number: str) -> Slot | None:
        """The slot after scene ``number`` on the timeline."""
        for i, s in enumerate(self.slots):
            if s.number == number:
                return self.slots[i + 1] if i + 1 < len(self.slots) else None
        return None

    def scene_starts(self) -> dict[str, datetime]:
        """Projected rolling start of every scene still on the timeline (for personal calls)."""
        return {s.number: s.start for s in self.slots}


def _lay_out(day: ShootDay, walks: Sequence[Walk], progress: Progress, now: datetime | None) -> tuple[list[Slot], list[MealBreak], list[str]]:
    by_number = {s.number: s for s in day.scenes}
    started = progress.started_at
    finished = progress.finished_at
    plan_meals = {m.name: m for m in meals(day)}
    taken_at = progress.meals_at
    slots: list[Slot] = []
    breaks: list[MealBreak] = []
    prev_set: str | None = None
    cursor: datetime | None = None
    adjust = timedelta(minutes=progress.adjust_minutes)

    for number in progress.started_order():
        scene = by_number.get(number)
        if scene is None:  # the plan was revised under a running day: keep what we know
            continue
        boundary = started[number]
        walk = walk_minutes(walks, prev_set, scene.set_name) if prev_set is not None else 0
        here = sorted((plan_meals[n] for n, at in taken_at.items() if at == boundary and n in plan_meals), key=lambda m: m.planned)
        arrive = boundary + timedelta(minutes=walk)
        rolling = arrive
        mine: list[MealBreak] = []
        for m in here:
            begin = max(rolling, m.planned)
            rolling = begin + timedelta(minutes=m.minutes)
            mine.append(MealBreak(m.name, begin, rolling, taken=True))
        breaks += mine
        move_start = boundary if walk else None
        if number in finished:
            end = finished[number]
            status = "done"
            rolling = min(rolling, end)
        else:
            end = rolling + timedelta(minutes=scene.est_minutes) + adjust
            if now is not None:
                end = max(end, now)
            end = max(end, rolling)
            status = "current"
        slots.append(Slot(scene, status, boundary, move_start, walk, rolling, end, tuple(mine), from_set=prev_set if walk else None))
        prev_set, cursor = scene.set_name, end

    unshot: list[str] = []
    remaining = [by_number[n] for n in remaining_numbers(day, progress)]
    if progress.state == "wrapped":
        unshot = [s.number for s in remaining]
        remaining = []
    if cursor is None:
        cursor = day.first_shot + adjust
        if now is not None:
            cursor = max(cursor, now)
    waiting = [m for m in meals(day) if m.name not in taken_at]
    for scene in remaining:
        boundary = cursor
        walk = walk_minutes(walks, prev_set, scene.set_name) if prev_set is not None else 0
        _, rolling, mine = _roll(boundary, walk, scene.est_minutes, waiting)
        breaks += mine
        end = rolling + timedelta(minutes=scene.est_minutes)
        slots.append(
            Slot(scene, "pending", boundary, boundary if walk else None, walk, rolling, end, tuple(mine), from_set=prev_set if walk else None)
        )
        prev_set, cursor = scene.set_name, end
    return slots, sorted(breaks, key=lambda b: b.start), unshot


def plan_timeline(day: ShootDay, walks: Sequence[Walk]) -> list[Slot]:
    """The day as planned: every scene, no progress, no clock (same times as the call sheet)."""
    slots, _, _ = _lay_out(day, walks, Progress(day_id=day.id or 0), None)
    return [replace(s, planned_start=s.start, planned_end=s.end) for s in slots]


def planned_scene_starts(day: ShootDay, walks: Sequence[Walk]) -> dict[str, datetime]:
    """Planned rolling start of every scene (equal to ``callsheet.planned_scene_starts``)."""
    return {s.number: s.start for s in plan_timeline(day, walks)}


def project(day: ShootDay, walks: Sequence[Walk], progress: Progress, now: datetime) -> Projection:
    """Where the day stands and when every remaining scene is expected, from actual progress."""
    planned = plan_timeline(day, walks)
    planned_by = {s.number: s for s in planned}
    slots, breaks, unshot = _lay_out(day, walks, progress, now)
    slots = [
        replace(s, planned_start=planned_by[s.number].start, planned_end=planned_by[s.number].end) if s.number in planned_by else s
        for s in slots
    ]
    planned_wrap = planned[-1].end if planned else day.first_shot
    if progress.state == "wrapped":
        wrap_at = progress.wrapped_at
        assert wrap_at is not None
        behind = _minutes(wrap_at - planned_wrap)
    else:
        wrap_at = slots[-1].end if slots else max(day.first_shot, now)
        ref = next((s for s in slots if s.status == "current"), None) or next((s for s in slots if s.status == "pending"), None)
        if ref is None or ref.planned_end is None or ref.planned_start is None:
            behind = 0
        elif ref.status == "current":
            behind = _minutes(ref.end - ref.planned_end)
        else:
            behind = _minutes(ref.start - ref.planned_start)
    skipped = tuple(s.number for s in _ordered(day) if s.number in progress.skipped)
    return Projection(
        day_id=day.id,
        state=progress.state,
        slots=tuple(slots),
        skipped=skipped,
        unshot=tuple(unshot),
        meals=tuple(breaks),
        wrap=wrap_at,
        planned_wrap=planned_wrap,
        behind_minutes=behind,
        adjust_minutes=progress.adjust_minutes,
        now=now,
        planned_slots=tuple(planned),
    )


# --------------------------------------------------------------------------- which day is "today"


@dataclass(frozen=True, slots=True)
class DayState:
    day_id: int
    date: date
    state: str  # Progress.state


def pick_active_day(days: Iterable[DayState], local_today: date) -> int | None:
    """The day ``/shoot`` is about: one that is shooting (a day past midnight still belongs to the
    date it started on), else the day dated today, else yesterday's (a night that just wrapped),
    else ``None``."""
    days = list(days)
    shooting = [d for d in days if d.state == "shooting"]
    if shooting:
        return max(shooting, key=lambda d: d.date).day_id
    for wanted in (local_today, local_today - timedelta(days=1)):
        found = [d for d in days if d.date == wanted]
        if found:
            return found[0].day_id
    return None


def format_behind(minutes: int) -> tuple[str, int]:
    """``("behind", n)``, ``("ahead", n)`` or ``("on_time", 0)`` for catalog keys."""
    if minutes > 0:
        return "behind", minutes
    if minutes < 0:
        return "ahead", -minutes
    return "on_time", 0


__all__ = [
    "DayState",
    "Meal",
    "MealBreak",
    "Progress",
    "Projection",
    "Slot",
    "Step",
    "adjust",
    "advance",
    "back",
    "format_behind",
    "meals",
    "pick_active_day",
    "plan_timeline",
    "planned_scene_starts",
    "project",
    "remaining_numbers",
    "skip",
    "start",
    "wrap",
]
