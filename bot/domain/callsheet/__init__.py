"""The call sheet: who is called when and where, built from the plan, the crew and the settings.

Public contract (the live-day cue engine depends on it):

* :func:`planned_scene_starts` - when each scene should start: sequential from general call using
  the estimates, walking time between sets, and the lunch and supper breaks, by the one timeline
  rule of ``bot.domain.timeline`` (shared with the live projection).
* :func:`compute_calls` - every called person's :class:`PersonCall`, keyed by Discord user id.
  Department calls are relative to general call (they move when it moves); an actor's call is
  their first scene's start minus their makeup time (it moves when ``scene_starts`` moves); an
  override replaces the call.
* :func:`build_callsheet` - the whole sheet (a frozen :class:`CallSheet`), serialisable to JSON
  so a published version keeps exactly what people received.
* :func:`diff_for_person` - what changed for one person between two versions, as
  :class:`Change` items with catalog keys (``callsheet.change.*``); only moves past the threshold,
  and scenes added, removed or reordered, count. :func:`mark_revision` gives the sheet its
  "changes in this version" box and the revised rows.
* :func:`actor_calls` - every actor of the day (on Discord or not) with pickup, makeup, rehearsal
  and on-set times; :func:`extras_calls`, :func:`department_calls` and :func:`makeup_check`. Every
  call is rounded down to the production's step (:class:`CallRules`, :func:`floor_to`).
"""

from __future__ import annotations

from bot.domain.callsheet.build import build_callsheet
from bot.domain.callsheet.calls import (
    BASE_DEPARTMENTS,
    actor_calls,
    compute_calls,
    department_calls,
    estimated_wrap,
    extras_calls,
    planned_scene_starts,
)
from bot.domain.callsheet.makeup import MakeupLate, makeup_check
from bot.domain.callsheet.deliveries import (
    STATUSES,
    Delivery,
    DeliveryPlan,
    PublishedVersion,
    plan_deliveries,
    status_by_department,
)
from bot.domain.callsheet.model import (
    CallSheet,
    CastCall,
    ExtrasCall,
    CompanyMove,
    DayTime,
    DeptCall,
    PersonCall,
    SceneLine,
    fmt_time,
    sheet_asdict,
)
from bot.domain.callsheet.revisions import DEFAULT_THRESHOLD, Change, affected, diff_for_actor, diff_for_person, mark_revision
from bot.domain.callsheet.rules import CallRules, floor_to

__all__ = [
    "BASE_DEPARTMENTS",
    "DEFAULT_THRESHOLD",
    "STATUSES",
    "CallRules",
    "CallSheet",
    "CastCall",
    "Change",
    "ExtrasCall",
    "MakeupLate",
    "actor_calls",
    "department_calls",
    "diff_for_actor",
    "extras_calls",
    "floor_to",
    "makeup_check",
    "mark_revision",
    "CompanyMove",
    "DayTime",
    "Delivery",
    "DeliveryPlan",
    "DeptCall",
    "PersonCall",
    "PublishedVersion",
    "SceneLine",
    "affected",
    "build_callsheet",
    "compute_calls",
    "diff_for_person",
    "estimated_wrap",
    "fmt_time",
    "plan_deliveries",
    "planned_scene_starts",
    "sheet_asdict",
    "status_by_department",
]
