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
    "days": ("date", "day", "total_days", "general_call", "wrap", "lunch", "lunch_minutes", "supper", "supper_minutes",
             "base", "weather", "sunrise", "notes"),
    "sets": ("name", "building", "road", "notes"),
    "walks": ("from", "to", "minutes"),
    "cast": ("actor", "makeup_minutes", "pickup_minutes"),
    "scenes": ("date", "scene", "episodes", "set", "int_ext", "day_night", "synopsis", "cast", "est_minutes",
               "makeup", "wardrobe", "art", "lighting", "camera", "sound"),
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
    return {
        "days": [{"date": d, "day": "1", "total_days": "6", "general_call": "06:00", "wrap": "26:00", "lunch": "12:00",
                  "lunch_minutes": "30", "supper": "18:30", "supper_minutes": "45",
                  "base": "3号楼一层化妆间" if zh else "Building 3 ground floor (makeup)",
                  "weather": "晴 12-18°C" if zh else "Sunny 12-18°C", "sunrise": "06:32 / 17:05",
                  "notes": "夜戏较多，注意保暖" if zh else "Night work tonight: bring warm clothes"}],
        "sets": [{"name": villa, "building": "1号楼" if zh else "Building 1", "road": "秦淮路" if zh else "Qinhuai Road",
                  "notes": "请换鞋套" if zh else "Shoe covers inside"},
                 {"name": hospital, "building": "5号楼" if zh else "Building 5", "road": "明清街" if zh else "Ming-Qing Street",
                  "notes": ""}],
        "walks": [{"from": villa, "to": hospital, "minutes": "8"}],
        "cast": [{"actor": "张伟" if zh else "Zhang Wei", "makeup_minutes": "90", "pickup_minutes": "20"}],
        "scenes": [
            {"date": d, "scene": "1-1", "episodes": "1", "set": villa, "int_ext": "内" if zh else "INT",
             "day_night": "日" if zh else "DAY",
             "synopsis": "林晓第一次见到顾总" if zh else "Lin Xiao meets CEO Gu for the first time",
             "cast": "林晓=张伟; 顾总=James Carter" if zh else "Lin Xiao=Zhang Wei; CEO Gu=James Carter",
             "est_minutes": "40", "wardrobe": "职业装" if zh else "office suit", "art": "合同道具" if zh else "contract prop"},
            {"date": d, "scene": "1-2", "episodes": "1", "set": hospital, "int_ext": "内" if zh else "INT",
             "day_night": "夜" if zh else "NIGHT",
             "synopsis": "林晓守在病床前" if zh else "Lin Xiao keeps watch at the bedside",
             "cast": "林晓=张伟" if zh else "Lin Xiao=Zhang Wei", "est_minutes": "30",
             "makeup": "左脸伤痕" if zh else "wound on left cheek", "lighting": "夜景" if zh else "night look"},
        ],
    }


def _rows(locale: str, start: date) -> dict[str, tuple[list[str], list[list[str]]]]:
    ex = _examples(locale, start)
    out = {}
    for spec in TABLES:
        cols = _SHOWN[spec.name]
        out[spec.name] = ([header(spec.name, c, locale) for c in cols], [[row.get(c, "") for c in cols] for row in ex[spec.name]])
    return out


def help_lines(locale: str) -> list[str]:
    return [t(f"stripboard.template.help_{i}", locale) for i in range(1, 8)]


def template_csv(locale: str, start: date | None = None) -> bytes:
    """A sectioned CSV (UTF-8 with BOM so Excel and WPS open the Chinese correctly)."""
    start = start or date.today() + timedelta(days=1)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    for line in help_lines(locale):
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
    from openpyxl.styles import Font, PatternFill

    start = start or date.today() + timedelta(days=1)
    wb = Workbook()
    first = True
    for name, (head, rows) in _rows(locale, start).items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = sheet_name(name, locale)
        ws.append(head)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="FFE699")
        for row in rows:
            ws.append(row)
        for i, h in enumerate(head, start=1):
            width = max([len(h) * 2 + 2] + [min(60, len(r[i - 1]) * 2 + 2) for r in rows])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, width)
        ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("说明" if normalize_locale(locale) == "zh-CN" else "README")
    for line in help_lines(locale):
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
