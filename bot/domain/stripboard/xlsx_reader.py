"""Reading an XLSX workbook stripboard into tables (one sheet per table, or marked sections)."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.domain.stripboard.headers import _IGNORED_SHEETS, _MARKER, MAX_ROWS, _norm
from bot.domain.stripboard.problems import Problem
from bot.domain.stripboard.tables import RawTable, _build_table, _is_comment, _split_sections


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):  # openpyxl reads [h]:mm durations like 26:30 as timedelta
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes, problems: list[Problem]) -> list[RawTable]:
    from openpyxl import load_workbook  # local import: only XLSX imports pay for openpyxl

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        problems.append(Problem("xlsx", None, None, "stripboard.problem.bad_xlsx", {}))
        return []
    tables = []
    try:
        for ws in wb.worksheets:
            if _norm(ws.title) in {_norm(n) for n in _IGNORED_SHEETS}:
                continue
            rows = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                rows.append((number, [_cell_text(v) for v in values]))
                if number > MAX_ROWS + 50:
                    problems.append(Problem(ws.title, None, None, "stripboard.problem.too_many_rows", {"max": MAX_ROWS}))
                    break
            first = next((c for _, cells in rows if not _is_comment(cells) for c in cells if c.strip()), "")
            if _MARKER.match(first or "-"):
                for name, section_rows in _split_sections(ws.title, rows, problems):
                    if (table := _build_table(name, section_rows, problems, strict_name=True)) is not None:
                        tables.append(table)
            elif (table := _build_table(ws.title, rows, problems, strict_name=False)) is not None:
                tables.append(table)
    finally:
        wb.close()
    return tables
