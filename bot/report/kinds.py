"""The daily report's outbox kinds: the AD's draft (with the sign-off and refresh buttons), the
post in the producers' channel and each producer's DM, all rendered from the report stored in the
row, in the row's language, with the chart (PNG) and the spreadsheet (XLSX) made at send time by
file sources (off the event loop) from the same stored report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cues import kinds as K
from bot.cues.kinds import Button, CueKind, FileRef, Rendered
from bot.domain.cues import Cue
from bot.domain.report import DailyReport, from_payload
from bot.i18n import t
from bot.render import report_chart, report_xlsx
from bot.render.escape import escape
from bot.render.report_text import draft_footer, embeds, signed_footer

DRAFT = "report_draft"
POST = "report_post"
DM = "report_dm"
SCOPE = "report"
CHART_SOURCE = "report_chart"
XLSX_SOURCE = "report_xlsx"
SIGN_PREFIX = "setcall:report:sign:"
REFRESH_PREFIX = "setcall:report:refresh:"


def key(report_id: int, *parts: object) -> str:
    return ":".join(["report", str(report_id), *map(str, parts)])


def sign_id(report_id: int) -> str:
    return f"{SIGN_PREFIX}{report_id}"


def refresh_id(report_id: int) -> str:
    return f"{REFRESH_PREFIX}{report_id}"


def files(report: DailyReport, report_id: int, locale: str) -> tuple[FileRef, ...]:
    """The chart (when the CJK font is there to draw it) and the spreadsheet."""
    ref = {"report": report_id, "locale": locale}
    out = [FileRef(report_xlsx.filename(report), source=XLSX_SOURCE, ref=ref)]
    if report_chart.available():
        out.insert(0, FileRef(report_chart.filename(report), source=CHART_SOURCE, ref=ref))
    return tuple(out)


def draft_buttons(report_id: int, locale: str, *, disabled: bool = False) -> tuple[Button, ...]:
    return (Button(sign_id(report_id), t("report.button.sign", locale), "success", disabled),
            Button(refresh_id(report_id), t("report.button.refresh", locale), "secondary", disabled))


def _report(cue: Cue) -> DailyReport:
    return from_payload(cue.payload["report"])


def render_draft(cue: Cue, tz: ZoneInfo) -> Rendered:
    report, rid = _report(cue), int(cue.payload["report_id"])
    content = t("report.draft.content", cue.locale, code=escape(report.production_code), day=report.day_number,
                revision=cue.payload.get("revision", 1))
    return Rendered(content, embeds=tuple(embeds(report, cue.locale, footer=draft_footer(cue.locale))),
                    files=files(report, rid, cue.locale), buttons=draft_buttons(rid, cue.locale))


def _signed(cue: Cue, tz: ZoneInfo) -> tuple[DailyReport, str]:
    report = _report(cue)
    at = cue.payload.get("signed_at")
    footer = signed_footer(str(cue.payload.get("signed_by") or ""), datetime.fromisoformat(at), tz, cue.locale) if at else ""
    return report, footer


def render_post(cue: Cue, tz: ZoneInfo) -> Rendered:
    report, footer = _signed(cue, tz)
    content = t("report.post.content", cue.locale, code=escape(report.production_code), name=escape(report.production_name),
                day=report.day_number, date=report.date.isoformat())
    return Rendered(content, embeds=tuple(embeds(report, cue.locale, footer=footer)), files=files(report, int(cue.payload["report_id"]), cue.locale))


def render_dm(cue: Cue, tz: ZoneInfo) -> Rendered:
    report, footer = _signed(cue, tz)
    content = t("report.dm.content", cue.locale, code=escape(report.production_code), name=escape(report.production_name),
                day=report.day_number, date=report.date.isoformat())
    return Rendered(content, embeds=tuple(embeds(report, cue.locale, footer=footer)), files=files(report, int(cue.payload["report_id"]), cue.locale))


def register_kinds() -> None:
    for kind in (CueKind(DRAFT, render_draft, timely=False), CueKind(POST, render_post, timely=False), CueKind(DM, render_dm, timely=False)):
        K.register(kind, replace=True)


def register_sources(make: Callable[[str, int, str], Awaitable[bytes]]) -> None:
    """The chart and spreadsheet file sources: ``make(source, report_id, locale)`` reads the stored
    report and renders it off the event loop."""

    def source(name: str):
        async def made(ref: Mapping[str, Any]) -> bytes:
            return await make(name, int(ref["report"]), str(ref.get("locale") or "zh-CN"))

        return made

    K.register_file_source(CHART_SOURCE, source(CHART_SOURCE))
    K.register_file_source(XLSX_SOURCE, source(XLSX_SOURCE))


def render_file(source: str, report: DailyReport, locale: str) -> bytes:
    """The bytes of one file source (call it off the event loop)."""
    if source == CHART_SOURCE:
        return report_chart.render_chart(report, locale)
    return report_xlsx.render_xlsx(report, locale)
