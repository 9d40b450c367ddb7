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

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.crew import DEPARTMENTS, CrewMember
from bot.domain.errors import DomainError
from bot.domain.plan import (
    DAY_NIGHT,
    INT_EXT,
    MAX_EST_MINUTES,
    MAX_NEED,
    MAX_SET_NAME,
    MAX_SYNOPSIS,
    SCENE_NUMBER_RE,
    CastRole,
    Scene,
    SetLocation,
    ShootDay,
    Walk,
    parse_cast,
    renumber,
)
from bot.domain.timeparse import parse_time

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 3000
MAX_TEXT = 300
MAX_PROBLEMS = 200

#: Department columns of the scenes table that carry per-department needs.
NEED_DEPARTMENTS = tuple(d for d in DEPARTMENTS if d not in ("ad", "cast", "producer"))


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...]  # Chinese and alternative spellings; the first is the Chinese template header
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    required: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_NEED_ALIASES = {
    "camera": ("摄影", "摄像"),
    "lighting": ("灯光",),
    "makeup": ("化妆", "妆发", "化妆造型"),
    "wardrobe": ("服装", "服化"),
    "art": ("美术", "道具", "美术道具"),
    "sound": ("录音", "声音"),
    "canteen": ("餐饮", "场务餐饮"),
    "other": ("其他",),
}

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "days",
        ("拍摄日", "日程", "day", "shoot_days"),
        (
            Column("date", ("日期",), True),
            Column("day", ("第几天", "天", "day_number"), True),
            Column("total_days", ("总天数", "共几天", "of")),
            Column("general_call", ("大通告", "集合时间", "通告时间", "call"), True),
            Column("wrap", ("预计收工", "收工", "planned_wrap")),
            Column("lunch", ("午饭", "午餐", "lunch_start")),
            Column("lunch_minutes", ("午饭分钟", "午饭时长")),
            Column("supper", ("晚饭", "晚餐", "supper_start")),
            Column("supper_minutes", ("晚饭分钟", "晚饭时长")),
            Column("base", ("基地", "化妆间", "unit_base")),
            Column("weather", ("天气",)),
            Column("sunrise", ("日出", "日出日落")),
            Column("notes", ("备注", "notes_day")),
        ),
        required=True,
    ),
    TableSpec(
        "sets",
        ("场景", "景点", "locations", "set"),
        (
            Column("name", ("名称", "场景", "set"), True),
            Column("building", ("楼栋", "建筑")),
            Column("road", ("道路", "路")),
            Column("notes", ("备注",)),
        ),
    ),
    TableSpec(
        "walks",
        ("步行", "步行时间", "moves"),
        (
            Column("from", ("起点", "从"), True),
            Column("to", ("终点", "到"), True),
            Column("minutes", ("分钟", "步行分钟"), True),
        ),
    ),
    TableSpec(
        "cast",
        ("演员", "actors"),
        (
            Column("actor", ("演员", "name"), True),
            Column("makeup_minutes", ("化妆分钟", "妆造时长", "makeup")),
            Column("pickup_minutes", ("接送分钟", "接送", "pickup")),
        ),
    ),
    TableSpec(
        "scenes",
        ("场次", "顺场表", "通告", "strip", "stripboard"),
        (
            Column("date", ("日期",), True),
            Column("scene", ("场次", "场号", "number"), True),
            Column("episodes", ("集数", "集", "episode", "ep")),
            Column("set", ("场景", "景点", "set_name", "location"), True),
            Column("int_ext", ("内外景", "内外", "i/e")),
            Column("day_night", ("日夜", "时间", "d/n")),
            Column("synopsis", ("内容", "剧情", "梗概")),
            Column("cast", ("演员", "角色", "人物")),
            Column("est_minutes", ("预计分钟", "时长", "minutes", "est"), True),
            *(Column(d, _NEED_ALIASES.get(d, ())) for d in NEED_DEPARTMENTS),
        ),
        required=True,
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}
_IGNORED_SHEETS = {"readme", "instructions", "说明", "填写说明", "help"}

_INT_EXT_WORDS = {"INT": "INT", "EXT": "EXT", "INT/EXT": "INT/EXT", "I/E": "INT/EXT", "内": "INT", "内景": "INT",
                  "外": "EXT", "外景": "EXT", "内外": "INT/EXT", "内/外": "INT/EXT", "内外景": "INT/EXT"}
_DAY_NIGHT_WORDS = {"DAY": "DAY", "D": "DAY", "NIGHT": "NIGHT", "N": "NIGHT", "DAWN": "DAWN", "DUSK": "DUSK",
                    "日": "DAY", "白天": "DAY", "日景": "DAY", "夜": "NIGHT", "夜景": "NIGHT", "晚": "NIGHT",
                    "晨": "DAWN", "清晨": "DAWN", "黎明": "DAWN", "昏": "DUSK", "黄昏": "DUSK", "傍晚": "DUSK"}
_MARKER = re.compile(r"^\s*[\[【]\s*([^\]】]+?)\s*[\]】]\s*$")


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", str(text).strip().lower().replace("（", "(").replace("）", ")"))


def _table_for(name: str) -> TableSpec | None:
    key = _norm(name)
    for spec in TABLES:
        if key == spec.name or key in {_norm(a) for a in spec.aliases}:
            return spec
    return None


def _column_for(spec: TableSpec, header: str) -> Column | None:
    key = _norm(header)
    key = re.sub(r"\(.*\)$", "", key).strip("_")  # "est_minutes (min)" / "时长(分钟)"
    for col in spec.columns:
        if key == col.name or key in {_norm(a) for a in col.aliases}:
            return col
    return None


# --- problems -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and a catalog key (``stripboard.problem.*``) saying what."""

    sheet: str
    row: int | None
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        order = {t.name: i for i, t in enumerate(TABLES)}
        return (order.get(self.sheet, 99), self.row or 0, self.column or "")


class StripboardError(DomainError):
    """The file was refused; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        problems = sorted(problems, key=Problem.sort_key)
        super().__init__("stripboard.error.invalid", count=len(problems))
        self.problems = problems


# --- reading the file into tables ---------------------------------------------------------------


@dataclass
class RawTable:
    spec: TableSpec
    sheet: str  # the name the user sees ("scenes", "场次", or the CSV section)
    header_row: int
    columns: dict[int, Column]  # cell index -> column
    rows: list[tuple[int, dict[str, str]]]  # (row number, column name -> text)


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


# --- validating cells ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedPlan:
    days: tuple[ShootDay, ...]
    sets: tuple[SetLocation, ...]  # sets given in the file (new or updated)
    walks: tuple[Walk, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def scene_count(self) -> int:
        return sum(len(d.scenes) for d in self.days)


class _Cells:
    """Reads typed values out of one row, recording a problem for every bad cell."""

    def __init__(self, table: RawTable, number: int, values: dict[str, str], problems: list[Problem]) -> None:
        self.table, self.number, self.values, self.problems = table, number, values, problems
        self.ok = True

    def problem(self, where: str | None, key: str, /, **params: Any) -> None:
        self.ok = False
        self.problems.append(Problem(self.table.sheet, self.number, where, key, params))

    def text(self, name: str, *, required: bool = False, max_len: int = MAX_TEXT) -> str:
        value = " ".join(self.values.get(name, "").split()) if name != "synopsis" else self.values.get(name, "").strip()
        if required and not value:
            self.problem(name, "stripboard.problem.required", column=name)
        elif len(value) > max_len:
            self.problem(name, "stripboard.problem.too_long", column=name, max=max_len)
            value = value[:max_len]
        return value

    def integer(self, name: str, *, required: bool = False, lo: int = 0, hi: int = 10_000, default: int | None = None) -> int | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            if required:
                self.problem(name, "stripboard.problem.required", column=name)
            return default
        cleaned = re.sub(r"\s*(min|mins|minutes|m|分钟|分)$", "", raw, flags=re.I)
        try:
            value = int(float(cleaned)) if re.fullmatch(r"\d+(\.0+)?", cleaned) else int(cleaned)
        except ValueError:
            self.problem(name, "stripboard.problem.not_a_number", column=name, value=raw)
            return default
        if not lo <= value <= hi:
            self.problem(name, "stripboard.problem.out_of_range", column=name, value=raw, lo=lo, hi=hi)
            return default
        return value

    def day(self, name: str) -> date | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            self.problem(name, "stripboard.problem.required", column=name)
            return None
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?", raw)
        if not m:
            self.problem(name, "stripboard.problem.bad_date", column=name, value=raw)
            return None
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            self.problem(name, "stripboard.problem.bad_date", column=name, value=raw)
            return None

    def when(self, name: str, day: date, tz: ZoneInfo, anchor: time, *, required: bool = False) -> datetime | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            if required:
                self.problem(name, "stripboard.problem.required", column=name)
            return None
        raw_time = re.sub(r"^\d{4}-\d{2}-\d{2}\s+", "", raw)  # a full datetime cell: the shoot day decides the date
        if raw_time[:1] in "+-":
            self.problem(name, "stripboard.problem.bad_time", column=name, value=raw)
            return None
        now = datetime.combine(day, time(12), tzinfo=tz)
        try:
            return parse_time(raw_time, now=now, tz=tz, day=day, anchor=anchor)
        except DomainError:
            self.problem(name, "stripboard.problem.bad_time", column=name, value=raw)
            return None

    def choice(self, name: str, words: dict[str, str], default: str) -> str:
        raw = self.values.get(name, "").strip()
        if not raw:
            return default
        value = words.get(raw.upper().replace(" ", "").replace(".", ""))
        if value is None:
            self.problem(name, "stripboard.problem.bad_choice", column=name, value=raw,
                         allowed=" / ".join(dict.fromkeys(words.values())))
            return default
        return value


_CALL_ANCHOR = time(4, 0)  # a general call is read on the calendar day itself (00:00-23:59)


_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")


def name_keys(name: str) -> set[str]:
    """Ways a person may be written: the whole name, or only its CJK or only its Latin part
    ("林晓 Lin Xiao" -> {"林晓linxiao", "林晓", "linxiao"}), case- and space-insensitive."""
    full = "".join(name.split()).casefold()
    cjk = "".join(ch for ch in full if _CJK.match(ch))
    latin = "".join(ch for ch in full if not _CJK.match(ch))
    return {k for k in (full, cjk, latin) if len(k) >= 2 or (k and k == full)}


def match_actor(name: str, crew: Iterable[CrewMember]) -> int | None:
    """The Discord id of the crew member called ``name`` (a mention, a raw id, their display name
    or only its Chinese or Latin part), or None when nobody or several people match."""
    crew = list(crew)
    if m := re.fullmatch(r"<@!?(\d{15,20})>|(\d{15,20})", name.strip()):
        uid = int(m.group(1) or m.group(2))
        return uid if any(c.user_id == uid for c in crew) else None
    full = "".join(name.split()).casefold()
    exact = [c.user_id for c in crew if "".join(c.display_name.split()).casefold() == full]
    if len(exact) == 1:
        return exact[0]
    wanted = name_keys(name)
    matches = {c.user_id for c in crew if wanted & name_keys(c.display_name)}
    return next(iter(matches)) if len(matches) == 1 else None


def resolve_cast(
    pairs: list[tuple[str, str]],
    crew: list[CrewMember],
    prep: dict[str, tuple[int | None, int | None]] | None = None,
) -> tuple[CastRole, ...]:
    """(character, actor) pairs -> CastRoles with crew user ids and makeup/pickup minutes."""
    prep = prep or {}
    roles = []
    for character, actor in pairs:
        makeup, pickup = prep.get("".join(actor.split()).casefold(), (None, None))
        roles.append(CastRole(character, actor, match_actor(actor, crew), makeup, pickup))
    return tuple(roles)


def parse_stripboard(
    data: bytes,
    filename: str,
    *,
    production_id: int,
    tz: ZoneInfo,
    crew: list[CrewMember] | None = None,
    known_sets: Iterable[str] = (),
) -> ParsedPlan:
    """Parse and validate a whole stripboard file; raise :class:`StripboardError` listing every problem."""
    problems: list[Problem] = []
    crew = crew or []
    if len(data) > MAX_BYTES:
        raise StripboardError([Problem("file", None, None, "stripboard.problem.too_big", {"max_kb": MAX_BYTES // 1024})])
    lower = filename.lower()
    if lower.endswith(".xlsx") or data[:2] == b"PK":
        tables = _read_xlsx(data, problems)
    elif lower.endswith((".csv", ".tsv", ".txt")):
        tables = _read_csv(data, problems)
    else:
        raise StripboardError([Problem("file", None, None, "stripboard.problem.bad_type", {"name": filename})])

    if problems and not tables:
        raise StripboardError(problems)
    by_name: dict[str, RawTable] = {}
    for table in tables:
        if table.spec.name in by_name:
            problems.append(Problem(table.sheet, table.header_row or None, None, "stripboard.problem.duplicate_section", {"name": table.spec.name}))
            continue
        by_name[table.spec.name] = table
    for spec in TABLES:
        if spec.required and spec.name not in by_name:
            problems.append(Problem(spec.name, None, None, "stripboard.problem.missing_section", {"name": spec.name}))
    if problems and not by_name:
        raise StripboardError(problems)

    # sets ------------------------------------------------------------------------------------
    sets: dict[str, SetLocation] = {}
    if (table := by_name.get("sets")) is not None:
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            name = c.text("name", required=True, max_len=MAX_SET_NAME)
            loc = SetLocation(name, c.text("building"), c.text("road"), c.text("notes"))
            if name and name in sets:
                c.problem("name", "stripboard.problem.duplicate_set", name=name)
            elif name:
                sets[name] = loc
    known = set(known_sets) | set(sets)

    # walks -----------------------------------------------------------------------------------
    walks: list[Walk] = []
    if (table := by_name.get("walks")) is not None:
        pairs: set[tuple[str, str]] = set()
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            a, b = c.text("from", required=True), c.text("to", required=True)
            minutes = c.integer("minutes", required=True, lo=0, hi=180)
            for col, name in (("from", a), ("to", b)):
                if name and name not in known:
                    c.problem(col, "stripboard.problem.unknown_set", value=name)
            if a and a == b:
                c.problem("to", "stripboard.problem.same_set", value=a)
            if (a, b) in pairs:
                c.problem("to", "stripboard.problem.duplicate_walk", a=a, b=b)
            pairs.add((a, b))
            if c.ok and minutes is not None:
                walks.append(Walk(a, b, minutes))

    # cast prep -------------------------------------------------------------------------------
    prep: dict[str, tuple[int | None, int | None]] = {}
    if (table := by_name.get("cast")) is not None:
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            actor = c.text("actor", required=True)
            makeup = c.integer("makeup_minutes", lo=0, hi=360)
            pickup = c.integer("pickup_minutes", lo=0, hi=240)
            key = "".join(actor.split()).casefold()
            if key in prep:
                c.problem("actor", "stripboard.problem.duplicate_actor", name=actor)
            elif actor:
                prep[key] = (makeup, pickup)

    # days ------------------------------------------------------------------------------------
    days: dict[date, ShootDay] = {}
    day_rows: dict[date, int] = {}
    if (table := by_name.get("days")) is not None:
        numbers: dict[int, date] = {}
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            d = c.day("date")
            n = c.integer("day", required=True, lo=1, hi=365)
            total = c.integer("total_days", lo=1, hi=365)
            if n is not None and total is not None and n > total:
                c.problem("total_days", "stripboard.problem.day_after_total", day=n, total=total)
            if d is not None and d in days:
                c.problem("date", "stripboard.problem.duplicate_day", date=d.isoformat())
                continue
            if n is not None and n in numbers:
                c.problem("day", "stripboard.problem.duplicate_day_number", day=n, date=numbers[n].isoformat())
            if d is None:
                continue
            general = c.when("general_call", d, tz, _CALL_ANCHOR, required=True)
            anchor = (general.astimezone(tz).time() if general else time(6))
            wrap = c.when("wrap", d, tz, anchor)
            lunch = c.when("lunch", d, tz, anchor)
            supper = c.when("supper", d, tz, anchor)
            lunch_minutes = c.integer("lunch_minutes", lo=0, hi=180, default=30)
            supper_minutes = c.integer("supper_minutes", lo=0, hi=180, default=45)
            if general and wrap and wrap <= general:
                c.problem("wrap", "stripboard.problem.wrap_before_call", value=values.get("wrap", ""))
            for col, value in (("lunch", lunch), ("supper", supper)):
                if general and value and value < general:
                    c.problem(col, "stripboard.problem.before_call", column=col, value=values.get(col, ""))
            base, weather, sunrise = c.text("base"), c.text("weather", max_len=100), c.text("sunrise", max_len=40)
            notes = c.text("notes", max_len=1000)
            if n is not None:
                numbers[n] = d
            if not c.ok or general is None or n is None:
                days[d] = None  # type: ignore[assignment]  # known but invalid: scenes still get checked
                day_rows[d] = number
                continue
            days[d] = ShootDay(
                production_id=production_id, date=d, day_number=n, total_days=total or n, general_call=general,
                planned_wrap=wrap, supper_start=supper, supper_minutes=supper_minutes or 0, notes=notes,
                lunch_start=lunch, lunch_minutes=lunch_minutes or 0, base=base, weather=weather, sunrise=sunrise,
            )
            day_rows[d] = number

    # scenes ----------------------------------------------------------------------------------
    scenes_by_day: dict[date, list[Scene]] = {d: [] for d in days}
    numbers_by_day: dict[date, dict[str, int]] = {d: {} for d in days}
    unknown_actors: dict[str, int] = {}
    if (table := by_name.get("scenes")) is not None:
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            d = c.day("date")
            if d is not None and d not in days:
                c.problem("date", "stripboard.problem.day_not_in_days", date=d.isoformat())
            scene_no = c.text("scene", required=True, max_len=16)
            if scene_no and not SCENE_NUMBER_RE.match(scene_no):
                c.problem("scene", "stripboard.problem.bad_scene_number", value=scene_no)
            elif scene_no and d in numbers_by_day:
                if scene_no in numbers_by_day[d]:
                    c.problem("scene", "stripboard.problem.duplicate_scene", scene=scene_no, row=numbers_by_day[d][scene_no])
                else:
                    numbers_by_day[d][scene_no] = number
            episodes = tuple(e for e in re.split(r"[,，、/\s]+", c.text("episodes", max_len=60)) if e)
            set_name = c.text("set", required=True, max_len=MAX_SET_NAME)
            if set_name and set_name not in known:
                c.problem("set", "stripboard.problem.unknown_set", value=set_name)
            int_ext = c.choice("int_ext", _INT_EXT_WORDS, "INT")
            day_night = c.choice("day_night", _DAY_NIGHT_WORDS, "DAY")
            synopsis = c.text("synopsis", max_len=MAX_SYNOPSIS)
            est = c.integer("est_minutes", required=True, lo=1, hi=MAX_EST_MINUTES)
            cast: tuple[CastRole, ...] = ()
            raw_cast = values.get("cast", "")
            try:
                pairs = parse_cast(raw_cast)
            except ValueError as exc:
                c.problem("cast", "stripboard.problem.bad_cast", value=str(exc)[:60])
                pairs = []
            if len({p[1] for p in pairs}) != len(pairs) and pairs:
                c.problem("cast", "stripboard.problem.actor_twice", value=raw_cast[:60])
            cast = resolve_cast(pairs, crew, prep)
            for role in cast:
                if role.user_id is None:
                    unknown_actors.setdefault(role.actor, number)
            needs = {}
            for dept in NEED_DEPARTMENTS:
                if need := c.text(dept, max_len=MAX_NEED):
                    needs[dept] = need
            if c.ok and d in scenes_by_day and est is not None:
                scenes_by_day[d].append(Scene(
                    number=scene_no, set_name=set_name, est_minutes=est, episodes=episodes, int_ext=int_ext,
                    day_night=day_night, synopsis=synopsis, cast=cast, needs=needs,
                ))
    if "days" in by_name and "scenes" in by_name:
        for d, row in day_rows.items():
            if not numbers_by_day.get(d):
                problems.append(Problem(by_name["days"].sheet, row, "date", "stripboard.problem.day_without_scenes", {"date": d.isoformat()}))

    if problems:
        if len(problems) > MAX_PROBLEMS:
            problems = sorted(problems, key=Problem.sort_key)[:MAX_PROBLEMS]
        raise StripboardError(problems)

    warnings = tuple(
        Problem(by_name["scenes"].sheet, row, "cast", "stripboard.warning.actor_not_crew", {"actor": actor})
        for actor, row in unknown_actors.items()
    )
    out_days = tuple(
        replace(day, scenes=renumber(scenes_by_day[d]))
        for d, day in sorted(days.items())
    )
    return ParsedPlan(out_days, tuple(sets.values()), tuple(walks), warnings)


def problem_text(problem: Problem, locale: str) -> str:
    """"scenes, row 14, column 'est_minutes': 'ten' is not a number" in the reader's language."""
    from bot.i18n import t

    if problem.row and problem.column:
        where = t("stripboard.where.cell", locale, sheet=problem.sheet, row=problem.row, column=problem.column)
    elif problem.row:
        where = t("stripboard.where.row", locale, sheet=problem.sheet, row=problem.row)
    elif problem.column:
        where = t("stripboard.where.column", locale, sheet=problem.sheet, column=problem.column)
    else:
        where = t("stripboard.where.sheet", locale, sheet=problem.sheet)
    return f"{where}: {t(problem.key, locale, **problem.params)}"
