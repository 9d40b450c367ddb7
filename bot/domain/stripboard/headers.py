"""The stripboard format: its tables, their columns, the English and Chinese names accepted for
each, and the limits on a file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.crew import DEPARTMENTS

MAX_BYTES = 2 * 1024 * 1024  # the file as uploaded
MAX_ROWS = 3000  # data rows in one table
MAX_LINES = MAX_ROWS * 2 + 500  # every line of a CSV or row of a sheet, blank ones included
MAX_COLUMNS = 100  # cells in one row
MAX_TEXT = 300
MAX_PROBLEMS = 200
MAX_NUMBER_DIGITS = 6  # a count of minutes or days: anything longer is refused before int() sees it

# An XLSX workbook is a zip of XML: checked member by member, as it is decompressed, before openpyxl
# reads it (bot/domain/stripboard/xlsx_guard.py).
MAX_ZIP_MEMBERS = 200
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # one decompressed member (a sheet, the shared strings)
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # all of them
MAX_SHEETS = 20
MAX_DECLARED_CELLS = (MAX_LINES + 50) * 1024  # a sheet's <dimension>: LibreOffice declares 1024 columns
MAX_CELLS = 120_000  # cells holding a value (and shared strings), all sheets together: 3000 scenes x 25 columns and room
MAX_CELL_CHARS = 4000  # one cell's or shared string's text

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
            Column("breakfast", ("早饭", "早餐", "breakfast_start")),
            Column("breakfast_minutes", ("早饭分钟", "早饭时长")),
            Column("late", ("夜宵", "late_meal", "late_start")),
            Column("late_minutes", ("夜宵分钟", "夜宵时长")),
            Column("base", ("基地", "化妆间", "unit_base")),
            Column("weather", ("天气",)),
            Column("sunrise", ("日出", "日出日落")),
            Column("notes", ("备注", "notes_day")),
            Column("shooting_call", ("开拍", "开拍时间", "第一镜", "first_shot", "shoot_call")),
            Column("extras_call", ("群演通告", "群演集合", "群演时间")),
            Column("extras_holding", ("群演候场", "群演候场区", "holding", "holding_area")),
            Column("parking", ("停车", "停车场", "停车位置")),
            Column("alt_notes", ("外文备注", "notes_en", "english_notes", "notes_2")),
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
            Column("alt_name", ("外文名", "name_en", "english_name", "英文名", "name_2")),
            Column("base", ("服化间", "化妆间", "unit_base")),
            Column("generator", ("发电车", "发电")),
            Column("vehicles", ("车辆", "随行车辆")),
            Column("prelight", ("提前铺光", "预铺光", "提前陈设", "pre_light")),
            Column("window", ("可用时段", "时段", "封路时段", "available")),
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
            Column("number", ("编号", "演员编号", "cast_number", "cast_no", "no", "#")),
            Column("status", ("类型", "演员类型", "级别", "type")),
            Column("character", ("角色", "character_name", "role")),
            Column("actor", ("演员", "name"), True),
            Column("phone", ("电话", "手机", "联系电话", "tel", "mobile")),
            Column("pickup_place", ("接车地点", "接车点", "pickup_at", "pickup_location")),
            Column("pickup_minutes", ("接车分钟", "接送分钟", "接送", "pickup")),
            Column("makeup_minutes", ("化妆分钟", "妆造时长", "makeup")),
            Column("on_set", ("到场", "到场时间", "现场时间", "on_set_time")),
            Column("alt_character", ("角色外文名", "character_en", "英文角色名", "character_2")),
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
            Column("extras", ("群演", "群众演员", "extras_count")),
            Column("alt_synopsis", ("外文梗概", "synopsis_en", "英文梗概", "synopsis_2")),
            *(Column(d, _NEED_ALIASES.get(d, ())) for d in NEED_DEPARTMENTS),
        ),
        required=True,
    ),
    TableSpec(
        "contacts",
        ("联系人", "通讯录", "contact", "剧组联系人"),
        (
            Column("role", ("职务", "岗位", "title"), True),
            Column("name", ("姓名", "名字"), True),
            Column("phone", ("电话", "手机", "tel", "mobile")),
        ),
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}
_IGNORED_SHEETS = {"readme", "instructions", "说明", "填写说明", "help"}
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
