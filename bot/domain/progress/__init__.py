"""Shoot progress on the day and the projected timeline of every remaining scene.

* :mod:`~bot.domain.progress.state` - what the ADs pressed (:class:`Progress`, :class:`Step`, the
  meals they called, the skips and delays with their reasons) and the pure operations ``start`` /
  ``advance`` / ``call_meal`` / ``resume`` / ``back`` / ``adjust`` / ``skip`` / ``wrap``;
* :mod:`~bot.domain.progress.projection` - :func:`project`: where the day stands and when every
  remaining scene is expected, by the day's one timeline rule (``bot.domain.timeline``); behind/
  ahead is projected wrap against planned wrap; the current scene's overrun separately;
* :mod:`~bot.domain.progress.days` - which day ``/shoot`` is about, and behind/ahead wording.
"""

from __future__ import annotations

from bot.domain.progress.days import DayState, format_behind, pick_active_day
from bot.domain.progress.projection import Projection, minutes_between, no_meal_stretches, plan_timeline, planned_scene_starts, project
from bot.domain.progress.state import (
    MAX_ADJUST_STEP,
    MAX_ADJUST_TOTAL,
    MAX_MEAL_MINUTES,
    MAX_REASON,
    POOL,
    SIMULTANEOUS_MS,
    STEP_KINDS,
    Delay,
    MealTaken,
    Progress,
    Skip,
    Step,
    adjust,
    advance,
    back,
    call_meal,
    clean_reason,
    pressed_together,
    remaining_numbers,
    resume,
    skip,
    snowflake_ms,
    start,
    wrap,
)
from bot.domain.timeline import Meal, MealBreak, Slot, meals

__all__ = [
    "MAX_ADJUST_STEP",
    "MAX_ADJUST_TOTAL",
    "MAX_MEAL_MINUTES",
    "MAX_REASON",
    "POOL",
    "SIMULTANEOUS_MS",
    "STEP_KINDS",
    "DayState",
    "Delay",
    "Meal",
    "MealBreak",
    "MealTaken",
    "Progress",
    "Projection",
    "Skip",
    "Slot",
    "Step",
    "adjust",
    "advance",
    "back",
    "call_meal",
    "clean_reason",
    "format_behind",
    "meals",
    "minutes_between",
    "no_meal_stretches",
    "pick_active_day",
    "plan_timeline",
    "planned_scene_starts",
    "pressed_together",
    "project",
    "remaining_numbers",
    "resume",
    "skip",
    "snowflake_ms",
    "start",
    "wrap",
]
