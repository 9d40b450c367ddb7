"""Where the day stands and when every remaining scene is expected, from actual progress.

The times come from the day's one timeline rule (``bot.domain.timeline``, the same as the call
sheet's): done scenes at their actual times, the meals the AD called where they were called, the
scene in progress ending no earlier than *now*, the rest back to back with their walks and the
meals not yet called at the closest scene boundary.

**Behind/ahead** is the projected wrap against the planned wrap (the call sheet's timeline), the
same number in every message (after the wrap: the actual wrap against the planned one). A scene
dropped for today therefore puts the day ahead by its length. The scene in progress running past
its estimate is told separately (:attr:`Projection.overrun_minutes`).

All datetimes are aware; a day that runs past midnight is simply later datetimes of the same day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.domain import timeline
from bot.domain.plan import ShootDay, Walk, walk_table
from bot.domain.progress.state import Progress, remaining_numbers
from bot.domain.timeline import MealBreak, Slot


@dataclass(frozen=True, slots=True)
class Projection:
    day_id: int | None
    state: str
    slots: tuple[Slot, ...]
    skipped: tuple[str, ...]
    unshot: tuple[str, ...]  # scenes left when the day wrapped
    meals: tuple[MealBreak, ...]  # called and projected meal breaks, in time order
    wrap: datetime
    planned_wrap: datetime
    behind_minutes: int  # projected (or actual) wrap - planned wrap: > 0 behind, < 0 ahead
    adjust_minutes: int
    now: datetime | None = None
    planned_slots: tuple[Slot, ...] = field(default=(), repr=False)
    overrun_minutes: int = 0  # the scene in progress is this far past its estimate
    on_break: MealBreak | None = None  # the meal the crew is on now (called, not yet resumed)

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

    @property
    def planned_meals(self) -> tuple[MealBreak, ...]:
        """Where the call sheet put the meals."""
        return tuple(m for s in self.planned_slots for m in s.meals)

    def stretches(self) -> list[timeline.Stretch]:
        """Working stretches between meals, first shot to wrap (see :func:`timeline.stretches`)."""
        return timeline.stretches(self.slots, self.wrap)


def minutes_between(a: datetime, b: datetime) -> int:
    """Whole minutes from ``a`` to ``b``, rounded half away from zero (so -0.5 min is -1, not 0)."""
    secs = (b - a).total_seconds()
    return int(secs / 60 + (0.5 if secs >= 0 else -0.5))


def _begun(progress: Progress) -> list[timeline.Begun]:
    started, finished = progress.started_at, progress.finished_at
    breaks: dict[str | None, list[timeline.Called]] = {}
    for m in progress.meals:
        breaks.setdefault(m.scene, []).append(m.as_called())
    return [timeline.Begun(n, started[n], finished.get(n), tuple(breaks.get(n, ()))) for n in progress.started_order()]


def plan_timeline(day: ShootDay, walks: Sequence[Walk] | Mapping[tuple[str, str], int], *,
                  changes: timeline.Changes = timeline.CHANGE_MINUTES) -> list[Slot]:
    """The day as planned: every scene, no progress, no clock (the call sheet's times)."""
    return timeline.planned(day, walks, changes=changes)


def planned_scene_starts(day: ShootDay, walks: Sequence[Walk] | Mapping[tuple[str, str], int], *,
                         changes: timeline.Changes = timeline.CHANGE_MINUTES) -> dict[str, datetime]:
    """Planned rolling start of every scene (the call sheet's ``planned_scene_starts``)."""
    return timeline.scene_starts(day, walks, changes=changes)


def project(day: ShootDay, walks: Sequence[Walk] | Mapping[tuple[str, str], int], progress: Progress, now: datetime, *,
            changes: timeline.Changes = timeline.CHANGE_MINUTES) -> Projection:
    """Where the day stands and when every remaining scene is expected, from actual progress;
    ``changes``: the minutes a costume / look change takes per department (the settings'
    ``[calls.change_minutes]``, the same the call sheet was laid out with)."""
    table = walks if isinstance(walks, Mapping) else walk_table(tuple(walks))
    planned = timeline.planned(day, table, changes=changes)
    planned_by = {s.number: s for s in planned}
    by_number = {s.number: s for s in day.scenes}
    remaining = [by_number[n] for n in remaining_numbers(day, progress)]
    unshot: list[str] = []
    if progress.state == "wrapped":
        unshot, remaining = [s.number for s in remaining], []
    slots, breaks = timeline.lay_out(day, table, _begun(progress), remaining, now=now, adjust_minutes=progress.adjust_minutes,
                                     changes=changes)
    slots = [
        replace(s, planned_start=planned_by[s.number].start, planned_end=planned_by[s.number].end) if s.number in planned_by else s
        for s in slots
    ]
    planned_wrap = planned[-1].end if planned else day.first_shot
    if progress.state == "wrapped":
        wrap_at = progress.wrapped_at
        assert wrap_at is not None
    else:
        wrap_at = slots[-1].end if slots else max(day.first_shot, now)
    current = next((s for s in slots if s.status == "current"), None)
    overrun = 0
    if current is not None and current.estimated_end is not None and now > current.estimated_end:
        overrun = minutes_between(current.estimated_end, now)
    on_break = next((m for m in breaks if m.called and m.resumed is None and progress.state == "shooting" and progress.on_break is not None
                     and m.name == progress.on_break.name), None)
    skipped = tuple(s.number for s in timeline.ordered(day) if s.number in progress.skipped)
    return Projection(
        day_id=day.id,
        state=progress.state,
        slots=tuple(slots),
        skipped=skipped,
        unshot=tuple(unshot),
        meals=tuple(breaks),
        wrap=wrap_at,
        planned_wrap=planned_wrap,
        behind_minutes=minutes_between(planned_wrap, wrap_at),
        adjust_minutes=progress.adjust_minutes,
        now=now,
        planned_slots=tuple(planned),
        overrun_minutes=overrun,
        on_break=on_break,
    )


def no_meal_stretches(projection: Projection, hours: float) -> list[timeline.Stretch]:
    """Stretches of the projected day longer than ``hours`` without a meal that are not over yet."""
    limit = timedelta(hours=hours)
    now = projection.now
    return [s for s in projection.stretches() if s.end - s.start > limit and (now is None or s.end > now)]
