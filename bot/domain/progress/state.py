"""Shoot progress on the day: what the ADs pressed, and the pure operations on it.

Progress is a stack of :class:`Step` records (``start``, ``next``, ``meal``, ``resume``, ``wrap``)
plus the meals the AD called, the scenes dropped for today (with a reason and where they were
carried), the delays the AD declared (with a reason) and the manual adjustment of the scene in
progress. ``back`` pops the last step. Every operation is a pure function returning a new
:class:`Progress` or raising :class:`~bot.domain.errors.DomainError`.

* A step's time is the moment the AD pressed the command. ``/shoot next`` at ``T`` finishes the
  current scene at ``T`` and begins the next one at ``T`` (its walk, if any, starts then).
* ``/shoot meal [lunch|supper|late]`` calls a meal break now (:func:`call_meal`): it lasts the
  meal's planned minutes from *now*, or until ``/shoot resume`` (:func:`resume`). Pressing
  ``next`` or ``wrap`` during a break ends it (at its planned end, or now if that is earlier). Each
  meal is called at most once a day, so a day has four meals at most.
* The manual adjustment belongs to the scene in progress (before the first shot: to the start of
  the day). ``delay 20`` adds twenty minutes to it, ``ahead 10`` takes ten away; it is consumed when
  the scene finishes, because the actual times then carry the slip. Every delay and ahead is kept
  with its reason (:class:`Delay`) for the producer's report.
* Skipped scenes vanish from today's timeline; each :class:`Skip` says why and where the scene was
  carried (a later day's date, or :data:`POOL`, the unscheduled pool).

Where this leaves the day is :func:`bot.domain.progress.projection.project`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain import timeline
from bot.domain.errors import DomainError
from bot.domain.plan import MEAL_NAMES, Scene, ShootDay, Walk

MAX_ADJUST_STEP = 240  # one /shoot delay or ahead
MAX_ADJUST_TOTAL = 600
MAX_REASON = 200
MAX_MEAL_MINUTES = 180

STEP_KINDS = ("start", "next", "meal", "resume", "wrap")
#: Where a skipped scene goes when no later day is chosen: the unscheduled pool (/plan show lists it).
POOL = "pool"

#: Two ``next`` presses by different ADs this close together (by Discord's own timestamps) are one.
SIMULTANEOUS_MS = 5000
_DISCORD_EPOCH_MS = 1420070400000


def snowflake_ms(snowflake: int) -> int:
    """Unix milliseconds at which Discord created ``snowflake`` (an interaction id)."""
    return (snowflake >> 22) + _DISCORD_EPOCH_MS


def pressed_together(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and abs(snowflake_ms(a) - snowflake_ms(b)) < SIMULTANEOUS_MS


@dataclass(frozen=True, slots=True)
class MealTaken:
    """A meal the AD called: at ``called`` for ``minutes``; ``resumed`` when they called the return."""

    name: str
    called: datetime
    minutes: int
    resumed: datetime | None = None
    scene: str | None = None  # the scene being shot when it was called
    by: int | None = None
    returned: bool = False  # the AD called the return (/shoot resume), not just moved on

    @property
    def planned_end(self) -> datetime:
        return self.called + timedelta(minutes=self.minutes)

    @property
    def end(self) -> datetime:
        return self.resumed if self.resumed is not None else self.planned_end

    def as_called(self) -> timeline.Called:
        return timeline.Called(self.name, self.called, self.minutes, self.resumed, self.returned)


@dataclass(frozen=True, slots=True)
class Step:
    """One press of start / next / meal / resume / wrap, with what ``back`` needs to undo it."""

    kind: str  # one of STEP_KINDS
    at: datetime
    finished: str | None  # scene finished by this step (None for start, meal, resume)
    started: str | None  # scene begun by this step (None for meal, resume, wrap)
    prev_adjust: int = 0
    prev_meals: tuple[MealTaken, ...] = ()
    by: int | None = None  # Discord user id of the AD
    request: int | None = None  # the Discord interaction (snowflake) that made the step


@dataclass(frozen=True, slots=True)
class Skip:
    """A scene dropped for today: why, and where it went (a later day's ISO date, or :data:`POOL`)."""

    scene: str
    at: datetime
    reason: str = ""
    carried_to: str = POOL
    by: int | None = None


@dataclass(frozen=True, slots=True)
class Delay:
    """``/shoot delay`` (+minutes) or ``/shoot ahead`` (-minutes), on the scene then in progress."""

    at: datetime
    minutes: int
    scene: str | None = None  # None: before the first shot
    reason: str = ""
    by: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    day_id: int
    steps: tuple[Step, ...] = ()
    skips: tuple[Skip, ...] = ()
    adjust_minutes: int = 0
    meals: tuple[MealTaken, ...] = ()  # in the order the AD called them
    delays: tuple[Delay, ...] = ()
    version: int = 0

    @property
    def skipped(self) -> frozenset[str]:
        return frozenset(s.scene for s in self.skips)

    @property
    def state(self) -> str:
        """``planned`` (no first shot yet), ``shooting`` or ``wrapped``."""
        if not self.steps:
            return "planned"
        return "wrapped" if self.steps[-1].kind == "wrap" else "shooting"

    @property
    def current(self) -> str | None:
        """The scene being shot (None before the first shot and after the wrap)."""
        if self.state != "shooting":
            return None
        return next(s.started for s in reversed(self.steps) if s.started is not None)

    @property
    def on_break(self) -> MealTaken | None:
        """The meal the crew is on (called, not yet resumed), while shooting."""
        if self.state != "shooting":
            return None
        return next((m for m in self.meals if m.resumed is None), None)

    @property
    def taken(self) -> frozenset[str]:
        return frozenset(m.name for m in self.meals)

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

    def skip_of(self, scene: str) -> Skip | None:
        return next((s for s in self.skips if s.scene == scene), None)


def _scene_or_error(day: ShootDay, number: str) -> Scene:
    scene = day.scene(number)
    if scene is None:
        raise DomainError("shoot.error.unknown_scene", scene=number)
    return scene


def clean_reason(text: str | None) -> str:
    """A reason as stored: one line, at most :data:`MAX_REASON` characters."""
    return " ".join((text or "").split())[:MAX_REASON]


def remaining_numbers(day: ShootDay, progress: Progress) -> list[str]:
    """Scenes not yet begun and not dropped, in shooting order."""
    begun = set(progress.started_at)
    skipped = progress.skipped
    return [s.number for s in timeline.ordered(day) if s.number not in begun and s.number not in skipped]


def _check_open(progress: Progress) -> None:
    if progress.state == "wrapped":
        raise DomainError("shoot.error.wrapped")


def _end_break(progress: Progress, now: datetime) -> tuple[MealTaken, ...]:
    """The meals with a running break ended now (a step during a break is the crew back at work):
    at its planned end, or now if the AD moved on earlier."""
    return tuple(replace(m, resumed=min(now, m.planned_end)) if m.resumed is None else m for m in progress.meals)


def _step(progress: Progress, step: Step, **changes: object) -> Progress:
    return replace(progress, steps=progress.steps + (step,), version=progress.version + 1, **changes)


def start(day: ShootDay, walks: Sequence[Walk], progress: Progress, now: datetime, *, by: int | None = None, request: int | None = None) -> Progress:
    """First shot: the first scene that is not dropped begins now."""
    _check_open(progress)
    if progress.state == "shooting":
        raise DomainError("shoot.error.already_started", scene=progress.current or "")
    todo = remaining_numbers(day, progress)
    if not todo:
        raise DomainError("shoot.error.no_scenes")
    step = Step("start", now, None, todo[0], progress.adjust_minutes, progress.meals, by, request)
    return _step(progress, step, adjust_minutes=0)


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
    return _step(progress, step, adjust_minutes=0, meals=_end_break(progress, now))


def call_meal(
    day: ShootDay, progress: Progress, now: datetime, name: str | None = None, *, minutes: int | None = None, by: int | None = None
) -> Progress:
    """``/shoot meal``: the AD calls a meal break now (放饭). ``name`` defaults to the next planned
    meal not yet taken; ``minutes`` to that meal's planned length."""
    _check_open(progress)
    if progress.state == "planned":
        raise DomainError("shoot.error.not_started")
    if (running := progress.on_break) is not None:
        raise DomainError("shoot.error.on_break", meal=running.name)
    if name is None:
        name = timeline.next_meal(day, progress.taken)
        if name is None:
            raise DomainError("shoot.error.no_meal_left")
    if name not in MEAL_NAMES:
        raise DomainError("shoot.error.unknown_meal", meal=name)
    if name in progress.taken:
        raise DomainError("shoot.error.meal_taken", meal=name)
    length = timeline.meal_minutes(day, name) if minutes is None else minutes
    if not 1 <= length <= MAX_MEAL_MINUTES:
        raise DomainError("shoot.error.bad_meal_minutes", max=MAX_MEAL_MINUTES)
    meal = MealTaken(name, now, length, None, progress.current, by)
    step = Step("meal", now, None, None, progress.adjust_minutes, progress.meals, by)
    return _step(progress, step, meals=progress.meals + (meal,))


def resume(progress: Progress, now: datetime, *, by: int | None = None) -> Progress:
    """``/shoot resume``: back from the meal (返场); the scene's estimate runs on from now."""
    _check_open(progress)
    running = progress.on_break
    if running is None:
        raise DomainError("shoot.error.not_on_break")
    meals = tuple(replace(m, resumed=max(now, m.called), returned=True) if m is running else m for m in progress.meals)
    step = Step("resume", now, None, None, progress.adjust_minutes, progress.meals, by)
    return _step(progress, step, meals=meals)


def back(progress: Progress) -> Progress:
    """Undo the last start / next / meal / resume / wrap (skips and delays are not undone)."""
    if not progress.steps:
        raise DomainError("shoot.error.nothing_to_undo")
    last = progress.steps[-1]
    return replace(progress, steps=progress.steps[:-1], adjust_minutes=last.prev_adjust, meals=last.prev_meals, version=progress.version + 1)


def adjust(progress: Progress, minutes: int, *, now: datetime | None = None, reason: str = "", by: int | None = None) -> Progress:
    """``delay`` (positive) or ``ahead`` (negative) for the scene in progress or the day's start;
    recorded with its reason (``now`` is when the AD said it)."""
    _check_open(progress)
    if minutes == 0 or abs(minutes) > MAX_ADJUST_STEP:
        raise DomainError("shoot.error.bad_minutes", max=MAX_ADJUST_STEP)
    total = progress.adjust_minutes + minutes
    if abs(total) > MAX_ADJUST_TOTAL:
        raise DomainError("shoot.error.too_much_adjust", max=MAX_ADJUST_TOTAL)
    delays = progress.delays
    if now is not None:
        delays += (Delay(now, minutes, progress.current, clean_reason(reason), by),)
    return replace(progress, adjust_minutes=total, delays=delays, version=progress.version + 1)


def skip(
    day: ShootDay,
    progress: Progress,
    number: str,
    *,
    now: datetime | None = None,
    reason: str = "",
    carried_to: str = POOL,
    by: int | None = None,
) -> Progress:
    """Drop a scene for today; it is carried to ``carried_to`` (a later day's ISO date or the pool)."""
    _check_open(progress)
    scene = _scene_or_error(day, number)
    if scene.number in progress.skipped:
        raise DomainError("shoot.error.already_skipped", scene=scene.number)
    if scene.number == progress.current:
        raise DomainError("shoot.error.skip_current", scene=scene.number)
    if scene.number in progress.started_at:
        raise DomainError("shoot.error.already_shot", scene=scene.number)
    at = now if now is not None else (progress.steps[-1].at if progress.steps else day.general_call)
    item = Skip(scene.number, at, clean_reason(reason), carried_to, by)
    return replace(progress, skips=progress.skips + (item,), version=progress.version + 1)


def wrap(progress: Progress, now: datetime, *, by: int | None = None, request: int | None = None) -> Progress:
    """That's a wrap: the current scene finishes now and the day is over."""
    _check_open(progress)
    if progress.state == "planned":
        raise DomainError("shoot.error.not_started")
    step = Step("wrap", now, progress.current, None, progress.adjust_minutes, progress.meals, by, request)
    return _step(progress, step, adjust_minutes=0, meals=_end_break(progress, now))
