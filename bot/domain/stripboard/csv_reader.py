"""Reading a CSV (or TSV) stripboard into tables."""

from __future__ import annotations

import csv
import io

from bot.domain.stripboard.headers import _MARKER
from bot.domain.stripboard.problems import Problem
from bot.domain.stripboard.tables import RawTable, _build_table, _split_sections


def _read_csv(data: bytes, problems: list[Problem]) -> list[RawTable]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # WPS / Excel on a Chinese Windows saves CSV as GBK
        except UnicodeDecodeError:
            problems.append(Problem("csv", None, None, "stripboard.problem.not_utf8", {}))
            return []
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, [c for c in cells]))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem("csv", reader.line_num, None, "stripboard.problem.bad_csv", {"error": str(exc)}))
        return []
    tables = []
    has_markers = any(_MARKER.match(next((c for c in cells if c.strip()), "") or "-") for _, cells in rows)
    sections = _split_sections(None if has_markers else "scenes", rows, problems)
    for name, section_rows in sections:
        table = _build_table(name, section_rows, problems, strict_name=has_markers)
        if table is not None:
            tables.append(table)
    return tables
