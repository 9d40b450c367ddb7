"""The producer's daily report (制片日报): the figures (:mod:`.model`), how they are computed from a
recorded day (:mod:`.build`), and the park view of several productions (:mod:`.park`)."""

from bot.domain.report.build import DayFacts, NextDay, PlanDay, PlanScene, Skip, build_report, moves_from, pace, percentile, standby_lines
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
    as_payload,
    from_json,
    from_payload,
    to_json,
)

__all__ = [
    "CurvePoint", "DailyReport", "DayFacts", "DayPoint", "DelayLine", "HoursLine", "MealLine", "MoneyLine", "MoveLine", "NextDay",
    "Override", "Pace", "PlanDay", "PlanScene", "RestSection", "SceneLine", "SheetStatus", "Skip", "StandbyLine", "WindowLine",
    "as_payload", "build_report", "from_json", "from_payload", "moves_from", "pace", "percentile", "standby_lines", "to_json",
]
