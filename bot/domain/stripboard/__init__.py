"""Import a stripboard (the shoot plan) from CSV or XLSX, all or nothing.

The format has five tables. In an XLSX workbook each is a sheet; in a CSV file each starts with
a marker row ``[days]``, ``[sets]``, ``[walks]``, ``[cast]`` or ``[scenes]`` (a workbook sheet may
use markers too). The next row is the header; column and sheet names are accepted in English or
Chinese (see :data:`TABLES`). Only ``days`` and ``scenes`` are required: sets already known to the
production need not be repeated.

* days:   date, day, total_days, general_call, wrap, lunch, lunch_minutes, supper, supper_minutes,
          base, weather, sunrise, notes
* sets:   name, building, road, notes
* walks:  from, to, minutes
* cast:   actor, makeup_minutes, pickup_minutes
* scenes: date, scene, episodes, set, int_ext, day_night, synopsis, cast, est_minutes, and one
          optional column per department for that department's needs (makeup, wardrobe, ...)

Scenes are in shooting order in the order of their rows. Every problem is collected with its
sheet, row and column; nothing is returned unless there are none (:class:`StripboardError`).
Times use the shoot day's timeline (:mod:`bot.domain.timeparse`): ``02:30`` after an evening
supper is the next morning, ``26:30`` is explicit.
"""

from __future__ import annotations

from bot.domain.stripboard.actors import match_actor, name_keys, resolve_cast
from bot.domain.stripboard.assemble import ParsedPlan, parse_stripboard
from bot.domain.stripboard.headers import (
    MAX_BYTES,
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_TEXT,
    NEED_DEPARTMENTS,
    TABLE_BY_NAME,
    TABLES,
    Column,
    TableSpec,
)
from bot.domain.stripboard.problems import Problem, StripboardError, problem_text
from bot.domain.stripboard.tables import RawTable

__all__ = [
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_TEXT",
    "NEED_DEPARTMENTS",
    "TABLES",
    "TABLE_BY_NAME",
    "Column",
    "ParsedPlan",
    "Problem",
    "RawTable",
    "StripboardError",
    "TableSpec",
    "match_actor",
    "name_keys",
    "parse_stripboard",
    "problem_text",
    "resolve_cast",
]
