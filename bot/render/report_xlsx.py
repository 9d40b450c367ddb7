"""The daily report as an Excel workbook (XLSX) in the reader's language: the summary the embeds
show, then every list in full (scenes, delays, moves, hours, rest, standby, meals, days).

Every piece of text is written as a string cell (a name or a reason starting with "=" is never a
formula). Times are written as text the way the report shows them ("次日 01:05"), durations as
numbers of minutes, money in yuan. openpyxl in write-only mode; call it off the event loop.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from bot.domain.report import DailyReport
from bot.i18n import t
from bot.render.report_text import MEAL_ORDER, Fmt, breach_line, dropped_line, meal_line, pace_lines, rules_text, sheet_text

MAX_SHEET_TITLE = 31
_INVALID_TITLE = set('[]:*?/\\')


def filename(report: DailyReport) -> str:
    return f"report-{report.production_code}-{report.date.isoformat()}.xlsx"


def _title(text: str) -> str:
    return "".join(ch for ch in text if ch not in _INVALID_TITLE)[:MAX_SHEET_TITLE] or "-"


class _Sheet:
    def __init__(self, wb: Workbook, title: str) -> None:
        self.ws = wb.create_sheet(_title(title))
        self.bold = Font(bold=True)

    def cell(self, value: Any, *, bold: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value=None)
        if isinstance(value, str):
            c.value = value
            c.data_type = "s"  # text stays text: "=HYPERLINK(...)" in a name is not a formula
        else:
            c.value = value
        if bold:
            c.font = self.bold
        c.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 40)
        return c

    def header(self, *labels: str) -> None:
        self.ws.append([self.cell(x, bold=True) for x in labels])

    def row(self, *values: Any) -> None:
        self.ws.append([self.cell(v) for v in values])

    def widths(self, *widths: int) -> None:
        for i, w in enumerate(widths):
            self.ws.column_dimensions[chr(ord("A") + i)].width = w


def _h(key: str, locale: str) -> str:
    return t(f"report.xlsx.{key}", locale)


def render_xlsx(report: DailyReport, locale: str) -> bytes:
    """The workbook as bytes."""
    f = Fmt(report, locale)
    loc = locale
    wb = Workbook(write_only=True)

    summary = _Sheet(wb, _h("sheet_summary", loc))
    summary.widths(28, 90)
    summary.header(t("report.title", loc, code=report.production_code, name=report.production_name), "")
    rows: list[tuple[str, str]] = [
        (_h("date", loc), t("report.subtitle", loc, date=report.date.isoformat(), day=report.day_number, total=report.total_days)),
        (t("report.call.title", loc), t("report.call.line", loc, call=f.time(report.general_call), first=f.time(report.first_shot),
                                          planned=f.time(report.planned_first_shot))),
        (t("report.wrap.title", loc), t("report.wrap.line" if report.state == "wrapped" else "report.wrap.projected", loc,
                                         planned=f.time(report.planned_wrap), wrap=f.time(report.wrap))
         + (" · " + f.vs_plan(report.wrap_vs_plan) if report.wrap_vs_plan is not None else "")),
        (t("report.scenes.title", loc), t("report.scenes.counts", loc, planned=report.planned_scenes, shot=report.shot,
                                           dropped=len(report.dropped))),
        (t("report.episodes.title", loc), t("report.episodes.line", loc, done=report.episodes_done, total=report.episodes_total,
                                             minutes=f"{report.screen_minutes:.1f}", total_minutes=f"{report.screen_minutes_total:.1f}")),
    ]
    rows += [(t("report.pace.title", loc), line) for line in pace_lines(report, f)]
    rows += [(t("report.meals.title", loc), meal_line(m, f)) for m in report.meals]
    rows.append((t("report.moves.title", loc), t("report.moves.summary", loc, count=len(report.company_moves),
                                                 minutes=f.dur(report.move_minutes), set_moves=len(report.moves) - len(report.company_moves))))
    rows.append((t("report.sheet.title", loc), sheet_text(report.sheet, f, today=True) if report.sheet else t("report.sheet.none_today", loc)))
    rows.append((t("report.sheet.title", loc), sheet_text(report.tomorrow, f, today=False)))
    if report.money is None:
        rows.append((t("report.money_section.title", loc), f.na()))
    elif report.money_total is not None:
        cost, allowance = report.money_total
        rows.append((t("report.money_section.title", loc),
                     t("report.money_section.total", loc, cost=f.money(cost), allowance=f.money(allowance), total=f.money(cost + allowance))))
    rules = report.rest.rules if report.rest is not None else None
    rows.append((_h("rules", loc), rules_text(rules.pack, rules.min_rest_minutes, loc) if rules else f.na()))
    for label, value in rows:
        summary.row(label, value)

    scenes = _Sheet(wb, _h("sheet_scenes", loc))
    scenes.widths(10, 28, 12, 12, 14, 14, 14, 14, 12, 36, 18)
    scenes.header(*(_h(k, loc) for k in ("scene", "set", "episodes", "status", "planned_start", "planned_end", "start", "end",
                                         "minutes", "reason", "moved_to")))
    for s in report.scenes:
        moved = "" if s.status not in ("dropped",) else dropped_line(s, f).split("→")[-1].strip()
        scenes.row(s.number, s.set_name, ", ".join(s.episodes), _h(f"status_{s.status}", loc), f.time(s.planned_start), f.time(s.planned_end),
                   f.time(s.start) if s.start else "", f.time(s.end) if s.end else "", s.actual_minutes if s.actual_minutes is not None else "",
                   s.reason, moved)

    events = _Sheet(wb, _h("sheet_events", loc))
    events.widths(14, 16, 50, 12)
    events.header(_h("time", loc), _h("kind", loc), _h("what", loc), _h("minutes", loc))
    for m in report.meals:
        events.row(f.time(m.called) if m.called else "", t("report.meals.title", loc), meal_line(m, f), m.taken_minutes or "")
    for mv in report.moves:
        kind = t("report.moves.title", loc) if mv.company else _h("set_move", loc)
        events.row(f.time(mv.at), kind, f"{mv.from_set} → {mv.to_set}", mv.walk_minutes)
    for d in report.delays:
        events.row(f.time(d.at), t("report.delays.title", loc), f"{d.scene or '—'}: {d.reason}", d.minutes)
    for w in report.windows:
        events.row(f.time(w.opens) if w.opens else "", t("report.windows.title", loc),
                   t(f"report.windows.{w.kind}{'_early' if w.early else ''}", loc, scene=w.scene, set=w.set_name, minutes=f.dur(w.minutes),
                     opens=f.time(w.opens), closes=f.time(w.closes)), w.minutes)

    hours = _Sheet(wb, _h("sheet_hours", loc))
    hours.widths(24, 20, 14, 14, 12, 12, 10)
    hours.header(_h("name", loc), _h("department", loc), _h("from", loc), _h("to", loc), _h("minutes", loc), _h("breaks", loc), _h("people", loc))
    for h in report.hours_departments:
        hours.row(f.dept(h.department), f.dept(h.department), f.time(h.start), f.time(h.end), h.minutes, h.break_minutes, h.people)
    for h in report.hours_actors:
        hours.row(h.name, f.dept(h.department), f.time(h.start), f.time(h.end), h.minutes, h.break_minutes, 1)

    rest = _Sheet(wb, _h("sheet_rest", loc))
    rest.widths(20, 18, 16, 12, 12, 12, 70)
    rest.header(_h("name", loc), _h("department", loc), _h("rule", loc), _h("value", loc), _h("limit", loc), _h("short", loc), _h("what", loc))
    for b in report.rest.breaches if report.rest else ():
        rest.row(b.name, f.dept(b.department), _h(f"rule_{b.kind}", loc), b.value, b.limit, b.by, breach_line(b, f))
    for o in report.overrides:
        rest.row(o.by_name, "", _h("override", loc), "", "", "", t("report.override.line", loc, day=o.day_number, date=f.date(o.date),
                                                                      version=o.version, by=o.by_name, time=f.time(o.at), reason=o.reason,
                                                                      people=len(o.people)))

    standby = _Sheet(wb, _h("sheet_standby", loc))
    standby.widths(22, 10, 10, 16, 16)
    standby.header(_h("department", loc), _h("calls", loc), _h("answered", loc), _h("median_s", loc), _h("p90_s", loc))
    if report.standby is None:
        standby.row(f.na())
    for s in report.standby or ():
        standby.row(f.dept(s.department), s.calls, s.answered, s.median_seconds if s.median_seconds is not None else "",
                    s.p90_seconds if s.p90_seconds is not None else "")

    money = _Sheet(wb, _h("sheet_money", loc))
    money.widths(16, 12, 14, 14, 14)
    money.header(_h("meal", loc), _h("portions", loc), _h("cost", loc), _h("allowance", loc), _h("allowance_people", loc))
    if report.money is None:
        money.row(f.na())
    for m in report.money or ():
        name = t(f"report.meal_name.{m.meal}", loc) if m.meal in MEAL_ORDER else m.meal
        money.row(name, m.portions, round(m.cost / 100, 2), round(m.allowance / 100, 2), m.allowance_people)

    days = _Sheet(wb, _h("sheet_days", loc))
    days.widths(10, 14, 12, 12, 14)
    days.header(_h("day", loc), _h("date", loc), _h("planned", loc), _h("shot", loc), _h("status", loc))
    for d in report.days:
        days.row(d.day_number, d.date.isoformat(), d.planned, d.shot if d.date <= report.date else "", _h(f"day_{d.state}", loc))

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["filename", "render_xlsx"]
