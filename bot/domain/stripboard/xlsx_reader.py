"""Reading an XLSX workbook stripboard into tables (one sheet per table, or marked sections).

The workbook is checked first (:mod:`bot.domain.stripboard.xlsx_guard`); openpyxl then reads each
sheet only as far as the cells that hold a value, never to the dimension the file declares."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.domain.stripboard.headers import _IGNORED_SHEETS, _MARKER, MAX_CELL_CHARS, _norm
from bot.domain.stripboard.problems import Problem
from bot.domain.stripboard.tables import RawTable, _build_table, _is_comment, _split_sections
from bot.domain.stripboard.xlsx_guard import XlsxRefused, check_xlsx


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
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)[:40]
    if isinstance(value, int):
        return str(value)[:40] if abs(value) < 10**40 else "9" * 41  # refused later as out of range
    return str(value).strip()[:MAX_CELL_CHARS]


def _read_xlsx(data: bytes, problems: list[Problem]) -> list[RawTable]:
    from openpyxl import load_workbook  # local import: only XLSX imports pay for openpyxl

    try:
        extents = check_xlsx(io.BytesIO(data))
    except XlsxRefused as refused:
        problems.append(Problem("xlsx", None, None, refused.key, dict(refused.params)))
        return []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        problems.append(Problem("xlsx", None, None, "stripboard.problem.bad_xlsx", {}))
        return []
    sheets: list[tuple[str, list[tuple[int, list[str]]]]] = []
    try:
        for ws in wb.worksheets:
            if _norm(ws.title) in {_norm(n) for n in _IGNORED_SHEETS}:
                continue
            extent = extents.get(str(getattr(ws, "_worksheet_path", "")).lstrip("/"))
            if extent is None or not extent.rows:
                continue  # a chart sheet, or nothing in it
            grid = ws.iter_rows(min_row=1, max_row=extent.rows, min_col=1, max_col=extent.columns, values_only=True)
            sheets.append((ws.title, [(number, [_cell_text(v) for v in values]) for number, values in enumerate(grid, start=1)]))
    except Exception:  # a part the check let through that openpyxl still cannot read
        problems.append(Problem("xlsx", None, None, "stripboard.problem.bad_xlsx", {}))
        return []
    finally:
        wb.close()
    tables = []
    for title, rows in sheets:
        first = next((c for _, row in rows if not _is_comment(row) for c in row if c.strip()), "")
        if _MARKER.match(first or "-"):
            for name, section_rows in _split_sections(title, rows, problems):
                if (table := _build_table(name, section_rows, problems, strict_name=True)) is not None:
                    tables.append(table)
        elif (table := _build_table(title, rows, problems, strict_name=False)) is not None:
            tables.append(table)
    return tables
