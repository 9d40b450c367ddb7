"""The stripboard template handed out by ``/plan template``: CSV and XLSX, English or Chinese.

The headers are the format's own vocabulary (:data:`bot.domain.stripboard.TABLES`); the
explanations and the example rows are in the reader's language. The template is a valid
stripboard: importing it unchanged works (a test checks), so people start from something that
imports and edit it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta

from bot.domain.stripboard import TABLE_BY_NAME, TABLES
from bot.i18n import normalize_locale, t

#: Columns shown in the template, per table (all the format knows, in a readable order).
_SHOWN = {
    "days": ("date", "day", "total_days", "general_call", "shooting_call", "wrap", "breakfast", "breakfast_minutes", "lunch",
             "lunch_minutes", "supper", "supper_minutes", "late", "late_minutes", "base", "extras_call", "extras_holding", "parking",
             "weather", "sunrise", "notes", "alt_notes"),
    "sets": ("name", "alt_name", "building", "road", "notes", "base", "generator", "vehicles", "prelight", "window"),
    "walks": ("from", "to", "minutes"),
    "cast": ("number", "status", "character", "alt_character", "actor", "phone", "pickup_place", "pickup_minutes",
             "makeup_minutes", "on_set"),
    "scenes": ("date", "scene", "episodes", "set", "int_ext", "day_night", "synopsis", "alt_synopsis", "cast", "extras",
               "est_minutes", "makeup", "wardrobe", "art", "lighting", "camera", "sound"),
    "contacts": ("role", "name", "phone"),
}
#: Columns added since the first format: each is explained in the template (a comment line in the
#: CSV, a note on its header in the XLSX, a line of the help sheet). Old files without them import.
DOCUMENTED = {
    "days": ("shooting_call", "extras_call", "extras_holding", "parking", "alt_notes"),
    "sets": ("alt_name",),
    "cast": ("number", "status", "character", "alt_character", "actor", "phone", "pickup_place", "pickup_minutes",
             "makeup_minutes", "on_set"),
    "scenes": ("alt_synopsis", "cast", "extras"),
    "contacts": ("role", "name", "phone"),
}


#: The templates with their own column headers: English names, and the Chinese aliases.
HEADER_LOCALES: tuple[str, ...] = ("en-US", "zh-CN")


def template_locales(reader: object | None) -> tuple[str, ...]:
    """Which templates to hand someone: theirs first (English columns with explanations in their
    language, when it is neither English nor Chinese), then the English and the Chinese one."""
    mine = normalize_locale(reader)
    return tuple(dict.fromkeys((mine, *HEADER_LOCALES)))


def header(table: str, column: str, locale: str) -> str:
    col = TABLE_BY_NAME[table].column(column)
    return col.aliases[0] if normalize_locale(locale) == "zh-CN" and col.aliases else col.name


def sheet_name(table: str, locale: str) -> str:
    spec = TABLE_BY_NAME[table]
    return spec.aliases[0] if normalize_locale(locale) == "zh-CN" else spec.name


def _examples(locale: str, start: date) -> dict[str, list[dict[str, str]]]:
    zh = normalize_locale(locale) == "zh-CN"
    d = start.isoformat()
    villa, hospital = ("总裁别墅-客厅", "医院-病房") if zh else ("CEO villa - living room", "Hospital - ward")
    lin, gu, nurse = ("林晓", "顾总", "护士") if zh else ("Lin Xiao", "CEO Gu", "Nurse")
    hotel = "横店国贸大酒店" if zh else "Hengdian International Hotel"
    return {
        "days": [{"date": d, "day": "1", "total_days": "6", "general_call": "05:30", "shooting_call": "06:30", "wrap": "26:00",
                  "lunch": "12:00", "lunch_minutes": "30", "supper": "18:30", "supper_minutes": "45",
                  "late": "00:30", "late_minutes": "30",
                  "base": "3号楼一层服化间" if zh else "Building 3 ground floor (makeup room)",
                  "extras_call": "", "extras_holding": "5号楼一层大厅" if zh else "Building 5 lobby",
                  "parking": "南门 P3 停车场" if zh else "South Gate car park P3",
                  "weather": "晴 12-18°C" if zh else "Sunny 12-18°C", "sunrise": "06:32 / 17:05",
                  "notes": "夜戏较多，注意保暖" if zh else "Night work tonight: bring warm clothes",
                  "alt_notes": "Night work tonight: bring warm clothes" if zh else "夜戏较多，注意保暖"}],
        "sets": [{"name": villa, "alt_name": "CEO villa - living room" if zh else "总裁别墅-客厅",
                  "building": "1号楼" if zh else "Building 1", "road": "秦淮路" if zh else "Qinhuai Road",
                  "notes": "请换鞋套" if zh else "Shoe covers inside", "generator": "是" if zh else "yes",
                  "vehicles": "道具车" if zh else "props truck"},
                 {"name": hospital, "alt_name": "Hospital - ward" if zh else "医院-病房",
                  "building": "5号楼" if zh else "Building 5", "road": "明清街" if zh else "Ming-Qing Street", "notes": "",
                  "window": "08:00-24:00"}],
        "walks": [{"from": villa, "to": hospital, "minutes": "8"}],
        "cast": [{"number": "1", "status": "主演" if zh else "lead", "character": lin, "alt_character": "Lin Xiao" if zh else "林晓",
                  "actor": "张伟" if zh else "Zhang Wei", "phone": "138 0000 0001", "pickup_place": hotel, "pickup_minutes": "20",
                  "makeup_minutes": "90", "on_set": ""},
                 {"number": "2", "status": "主演" if zh else "lead", "character": gu, "alt_character": "CEO Gu" if zh else "顾总",
                  "actor": "James Carter", "phone": "+44 7700 900123", "pickup_place": hotel, "pickup_minutes": "20",
                  "makeup_minutes": "60", "on_set": ""},
                 {"number": "3", "status": "特约" if zh else "day player", "character": nurse, "alt_character": "Nurse" if zh else "护士",
                  "actor": "王芳" if zh else "Wang Fang", "phone": "139 0000 0003", "pickup_place": "", "pickup_minutes": "",
                  "makeup_minutes": "30", "on_set": "09:00"}],
        "scenes": [
            {"date": d, "scene": "1-1", "episodes": "1", "set": villa, "int_ext": "内" if zh else "INT",
             "day_night": "日" if zh else "DAY",
             "synopsis": "林晓第一次见到顾总" if zh else "Lin Xiao meets CEO Gu for the first time",
             "alt_synopsis": "Lin Xiao meets CEO Gu for the first time" if zh else "林晓第一次见到顾总",
             "cast": f"{lin}; {gu}", "extras": "", "est_minutes": "40",
             "wardrobe": "职业装" if zh else "office suit", "art": "合同道具" if zh else "contract prop"},
            {"date": d, "scene": "1-2", "episodes": "1", "set": hospital, "int_ext": "内" if zh else "INT",
             "day_night": "夜" if zh else "NIGHT",
             "synopsis": "林晓守在病床前" if zh else "Lin Xiao keeps watch at the bedside",
             "alt_synopsis": "Lin Xiao keeps watch at the bedside" if zh else "林晓守在病床前",
             "cast": "1; 3", "extras": "6 病人家属" if zh else "6 patients' families", "est_minutes": "30",
             "makeup": "左脸伤痕" if zh else "wound on left cheek", "lighting": "夜景" if zh else "night look"},
        ],
        "contacts": [{"role": "导演" if zh else "director", "name": "陈凯" if zh else "Chen Kai", "phone": "138 0000 0010"},
                     {"role": "制片" if zh else "producer", "name": "赵磊" if zh else "Zhao Lei", "phone": "138 0000 0011"},
                     {"role": "统筹" if zh else "coordinator", "name": "周敏" if zh else "Zhou Min", "phone": "138 0000 0012"},
                     {"role": "群头" if zh else "extras coordinator", "name": "老郑" if zh else "Lao Zheng", "phone": "137 0000 0013"}],
    }


def _rows(locale: str, start: date) -> dict[str, tuple[list[str], list[list[str]]]]:
    ex = _examples(locale, start)
    out = {}
    for spec in TABLES:
        cols = _SHOWN[spec.name]
        out[spec.name] = ([header(spec.name, c, locale) for c in cols], [[row.get(c, "") for c in cols] for row in ex[spec.name]])
    return out


def help_lines(locale: str) -> list[str]:
    return [t(f"stripboard.template.help_{i}", locale) for i in range(1, 8)] + [t("stripboard.template.help_contacts", locale)]


def column_note(table: str, column: str, locale: str) -> str:
    """What a column holds, in the reader's language (every column added since the first format)."""
    return t(f"stripboard.column.{table}.{column}", locale)


def column_lines(locale: str) -> list[str]:
    """"[cast] status (类型): lead / supporting / day player / extra (主演/配角/特约/群演)" for every
    documented column, table by table."""
    out = [t("stripboard.template.columns", locale)]
    for table, columns in DOCUMENTED.items():
        for column in columns:
            out.append(f"[{sheet_name(table, locale)}] {header(table, column, locale)}: {column_note(table, column, locale)}")
    return out


def template_csv(locale: str, start: date | None = None) -> bytes:
    """A sectioned CSV (UTF-8 with BOM so Excel and WPS open the Chinese correctly)."""
    start = start or date.today() + timedelta(days=1)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    for line in help_lines(locale) + column_lines(locale):
        w.writerow([f"# {line}"])
    for name, (head, rows) in _rows(locale, start).items():
        w.writerow([])
        w.writerow([f"[{sheet_name(name, locale)}]"])
        w.writerow(head)
        w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def template_xlsx(locale: str, start: date | None = None) -> bytes:
    """A workbook with one sheet per table and a help sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    start = start or date.today() + timedelta(days=1)
    wb = Workbook()
    first = True
    for name, (head, rows) in _rows(locale, start).items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = sheet_name(name, locale)
        ws.append(head)
        for cell, column in zip(ws[1], _SHOWN[name], strict=True):
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="FFE699")
            if column in DOCUMENTED.get(name, ()):
                cell.comment = Comment(column_note(name, column, locale), "SetCall", width=320, height=120)
        for row in rows:
            ws.append(row)
        for i, h in enumerate(head, start=1):
            width = max([len(h) * 2 + 2] + [min(60, len(r[i - 1]) * 2 + 2) for r in rows])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, width)
        ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("说明" if normalize_locale(locale) == "zh-CN" else "README")
    for line in help_lines(locale) + [""] + column_lines(locale):
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _typed(value: str) -> object:
    """What a spreadsheet would hold: numbers as numbers, dates as dates, clock times as times."""
    v = value.strip()
    if re.fullmatch(r"\d{1,6}", v):
        return int(v)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v):
        return datetime(int(m[1]), int(m[2]), int(m[3]))
    if (m := re.fullmatch(r"(\d{1,2}):(\d{2})", v)) and int(m[1]) < 24:
        return time(int(m[1]), int(m[2]))
    return value


def plan_to_xlsx(tables: dict[str, tuple[list[str], list[list[str]]]], *, typed: bool = True) -> bytes:
    """Write ``{sheet: (header, rows)}`` as a workbook (used to make XLSX versions of CSV data)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for name, (head, rows) in tables.items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = name
        ws.append(head)
        for row in rows:
            ws.append([_typed(c) for c in row] if typed else row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, time):
                    cell.number_format = "hh:mm"
                elif isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_to_xlsx(data: bytes) -> bytes:
    """Turn a sectioned stripboard CSV into the equivalent workbook (one sheet per section)."""
    text = data.decode("utf-8-sig")
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    current: str | None = None
    for cells in csv.reader(io.StringIO(text, newline="")):
        filled = [c for c in cells if c.strip()]
        if not filled or filled[0].lstrip().startswith("#"):
            continue
        if len(filled) == 1 and filled[0].strip().startswith("[") and filled[0].strip().endswith("]"):
            current = filled[0].strip()[1:-1].strip()
            continue
        if current is None:
            current = "scenes"
        if current not in tables:
            tables[current] = (cells, [])
        else:
            tables[current][1].append(cells)
    return plan_to_xlsx(tables)
