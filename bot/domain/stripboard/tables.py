"""Rows read from a file (CSV or XLSX) into tables: ``[section]`` markers, header rows, columns."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.stripboard.headers import _MARKER, MAX_ROWS, TABLES, Column, TableSpec, _column_for, _table_for
from bot.domain.stripboard.problems import Problem


@dataclass
class RawTable:
    spec: TableSpec
    sheet: str  # the name the user sees ("scenes", "场次", or the CSV section)
    header_row: int
    columns: dict[int, Column]  # cell index -> column
    rows: list[tuple[int, dict[str, str]]]  # (row number, column name -> text)


def _is_comment(cells: list[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    return first.lstrip().startswith("#")


def _split_sections(sheet: str | None, rows: list[tuple[int, list[str]]], problems: list[Problem]) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """Cut rows at ``[section]`` marker rows. Rows before the first marker belong to ``sheet``; when
    ``sheet`` is None they must be empty or comments (``# ...``)."""
    sections: list[tuple[str | None, list[tuple[int, list[str]]]]] = []
    current_name, current = sheet, []
    for number, cells in rows:
        if _is_comment(cells):
            continue
        filled = [c for c in cells if c.strip()]
        m = _MARKER.match(filled[0]) if len(filled) == 1 else None
        if m:
            sections.append((current_name, current))
            current_name, current = m.group(1), []
        else:
            current.append((number, cells))
    sections.append((current_name, current))
    out = []
    for name, body in sections:
        content = [(n, cs) for n, cs in body if any(c.strip() for c in cs)]
        if not content:
            continue
        if name is None:
            problems.append(Problem("file", content[0][0], None, "stripboard.problem.before_first_section", {}))
            continue
        out.append((name, body))
    return out


def _build_table(name: str, rows: list[tuple[int, list[str]]], problems: list[Problem], *, strict_name: bool) -> RawTable | None:
    spec = _table_for(name)
    if spec is None:
        if strict_name:
            problems.append(Problem(name, None, None, "stripboard.problem.unknown_section",
                                    {"name": name, "known": ", ".join(t.name for t in TABLES)}))
        return None
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells) and not _is_comment(cells)]
    if not rows:
        return RawTable(spec, name, 0, {}, [])
    header_row, header = rows[0]
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for index, text in enumerate(header):
        if not text.strip():
            continue
        col = _column_for(spec, text)
        if col is None:
            problems.append(Problem(name, header_row, text.strip(), "stripboard.problem.unknown_column",
                                    {"column": text.strip(), "known": ", ".join(c.name for c in spec.columns)}))
            continue
        if col.name in seen:
            problems.append(Problem(name, header_row, text.strip(), "stripboard.problem.duplicate_column", {"column": col.name}))
            continue
        seen[col.name] = index
        columns[index] = col
    for col in spec.columns:
        if col.required and col.name not in seen:
            problems.append(Problem(name, header_row, col.name, "stripboard.problem.missing_column", {"column": col.name}))
    body = []
    for number, cells in rows[1:]:
        values = {col.name: cells[i].strip() if i < len(cells) else "" for i, col in columns.items()}
        extra = [c for i, c in enumerate(cells) if i not in columns and c.strip() and i >= len(header)]
        if extra:
            problems.append(Problem(name, number, None, "stripboard.problem.extra_cells", {"value": extra[0][:40]}))
        body.append((number, values))
    if len(body) > MAX_ROWS:
        problems.append(Problem(name, None, None, "stripboard.problem.too_many_rows", {"max": MAX_ROWS}))
        body = body[:MAX_ROWS]
    return RawTable(spec, name, header_row, columns, body)
