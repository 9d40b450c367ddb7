"""Reading a CSV (or TSV) stripboard into tables, bounded before anything is built from it."""

from __future__ import annotations

import csv
import io
import itertools

from bot.domain.stripboard.encoding import decode_text, label
from bot.domain.stripboard.headers import _MARKER, MAX_COLUMNS, MAX_LINES
from bot.domain.stripboard.problems import Problem
from bot.domain.stripboard.tables import RawTable, _build_table, _split_sections


def _read_csv(data: bytes, problems: list[Problem], warnings: list[Problem] | None = None) -> list[RawTable]:
    decoded = decode_text(data, problems)
    if decoded is None:
        return []
    if decoded.detected and warnings is not None:
        warnings.append(Problem("csv", None, None, "stripboard.warning.encoding", {"encoding": label(decoded.encoding)}))
    text = decoded.text
    if not text.strip():
        problems.append(Problem("csv", None, None, "stripboard.problem.empty", {}))
        return []
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in itertools.islice(reader, MAX_LINES + 1):
            if len(rows) >= MAX_LINES:
                problems.append(Problem("csv", None, None, "stripboard.problem.too_many_lines", {"max": MAX_LINES}))
                return []
            if len(cells) > MAX_COLUMNS:
                problems.append(Problem("csv", line, None, "stripboard.problem.too_many_columns", {"max": MAX_COLUMNS}))
                cells = cells[:MAX_COLUMNS]
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem("csv", reader.line_num, None, "stripboard.problem.bad_csv", {"error": str(exc)[:200]}))
        return []
    tables = []
    has_markers = any(_MARKER.match(next((c for c in cells if c.strip()), "") or "-") for _, cells in rows)
    sections = _split_sections(None if has_markers else "scenes", rows, problems)
    for name, section_rows in sections:
        table = _build_table(name, section_rows, problems, strict_name=has_markers)
        if table is not None:
            tables.append(table)
    return tables
