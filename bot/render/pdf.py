"""The call sheet as a PDF in the conventional layout (A4 portrait):

header (production, CALL SHEET, day N of M, date, a big general call box), the day's facts
(wrap, meals, unit base, weather, sunrise), safety (nearest hospital, emergency contacts), notes,
department calls, cast calls (pickup / makeup / on set), the scenes in shooting order with meals
and company moves, sets with building and road, and every person's call. Each page has a
footer with the version. A CJK font (:mod:`bot.render.fonts`) is embedded (subset), so Chinese,
Japanese and Korean names render; Thai and emoji come from fallback fonts (fpdf2's
``set_fallback_fonts``), shaped with HarfBuzz so Thai vowels and tone marks stack as they should.
Whatever no font can draw is left out rather than printed as an empty box.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from bot.domain.callsheet import CallSheet
from bot.i18n import join_list, t
from bot.render.callsheet_text import dept_name, fmt_date, ie_dn, minutes_text, where_text
from bot.i18n import catalog, normalize_locale
from bot.render.fonts import add_cjk_font, fallbacks_for

FONT = "cjk"
GREY = (235, 235, 235)
DARK = (40, 40, 40)
ACCENT = (255, 230, 153)
# Joiners and selectors that belong to an emoji sequence: kept for the shaper, never drawn alone.
ZERO_WIDTH = {"\u200d": True, "\ufe0f": True, "\ufe0e": True}


def _shaping() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def _sample(sheet: CallSheet, locale: str) -> str:
    """Every character the PDF may draw: the sheet's own text and the labels it prints."""
    labels = (v for k, v in catalog(normalize_locale(locale)).items()
              if k.startswith(("callsheet.pdf.", "callsheet.meal_line.", "callsheet.move_line", "callsheet.ie", "callsheet.dn",
                               "callsheet.weekday.", "callsheet.date", "callsheet.base_where", "dept.", "fmt.")))
    return sheet.to_json() + "".join(labels)


def _needs_shaping(text: str) -> bool:
    """Thai marks must be positioned by a shaper; nothing else here needs one (and shaping costs
    time), so it is switched on only when there is Thai to draw."""
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


class _SheetPDF(FPDF):
    footer_text = ""

    def normalize_text(self, text: str) -> str:
        """Drop characters no font here has a glyph for instead of printing empty boxes; what the
        CJK font lacks (Thai, emoji) is drawn by the fallback fonts."""
        text = super().normalize_text(text)
        cmaps = [getattr(self.current_font, "cmap", None)] + [getattr(self.fonts.get(k), "cmap", None) for k in self._fallback_font_ids]
        cmaps = [c for c in cmaps if c]
        if not cmaps:
            return text
        return "".join(ch for ch in text if ch in "\n\r\t " or ZERO_WIDTH.get(ch) or any(ord(ch) in c for c in cmaps))

    def set_font(self, family=None, style="", size=0):  # type: ignore[override]
        """The CJK font has no bold face: one face, so the font is subset once per document."""
        if isinstance(style, str) and family in (None, FONT):
            style = style.replace("B", "")
        super().set_font(family, style, size)

    def footer(self) -> None:  # fpdf2 hook
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


def render_pdf(sheet: CallSheet, locale: str) -> bytes:
    pdf = _SheetPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_plain(t("callsheet.title", locale, production=sheet.production_name, n=sheet.day_number, m=sheet.total_days)))
    pdf.set_author("SetCall")
    pdf.set_creator("SetCall")
    add_cjk_font(pdf, FONT)  # parsed once per process; no bold face (headings use size and shading)
    sample = _sample(sheet, locale)
    fallbacks = fallbacks_for(sample)  # only the ones this sheet needs: loading a font takes time
    for family, file in fallbacks:
        pdf.add_font(family, "", str(file))
    if fallbacks:
        pdf.set_fallback_fonts([family for family, _ in fallbacks])
    if _needs_shaping(sample) and _shaping():
        pdf.set_text_shaping(True)
    pdf.footer_text = t("callsheet.pdf.footer", locale, code=sheet.production_code, date=sheet.date.isoformat(), version=sheet.version)
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # --- header ------------------------------------------------------------------------------
    top = pdf.get_y()
    pdf.set_font(FONT, size=15)
    pdf.multi_cell(width * 0.62, 7, sheet.production_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=11)
    pdf.cell(width * 0.62, 6, t("callsheet.pdf.call_sheet", locale, version=sheet.version), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(width * 0.62, 6, t("callsheet.pdf.day_of", locale, n=sheet.day_number, m=sheet.total_days) + "  ·  "
             + fmt_date(sheet.date, locale), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_bottom = pdf.get_y()
    box_x, box_w = pdf.l_margin + width * 0.64, width * 0.36
    pdf.set_xy(box_x, top)
    pdf.set_fill_color(*ACCENT)
    pdf.set_font(FONT, size=9)
    pdf.cell(box_w, 6, t("callsheet.pdf.general_call", locale), border="LTR", align="C", fill=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=24)
    pdf.cell(box_w, 12, sheet.fmt(sheet.general_call, locale), border="LR", align="C", fill=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=8)
    pdf.cell(box_w, 5, t("callsheet.pdf.wrap", locale, planned=sheet.fmt(sheet.planned_wrap, locale), estimated=sheet.fmt(sheet.est_wrap, locale)),
             border="LBR", align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 2)

    # --- the day's facts and safety ----------------------------------------------------------
    facts = []
    if sheet.lunch_start is not None:
        facts.append((t("callsheet.pdf.lunch", locale), f"{sheet.fmt(sheet.lunch_start, locale)} ({minutes_text(sheet.lunch_minutes, locale)})"))
    if sheet.supper_start is not None:
        facts.append((t("callsheet.pdf.supper", locale), f"{sheet.fmt(sheet.supper_start, locale)} ({minutes_text(sheet.supper_minutes, locale)})"))
    facts.append((t("callsheet.pdf.base", locale), sheet.base or "—"))
    facts.append((t("callsheet.pdf.weather", locale), sheet.weather or "—"))
    facts.append((t("callsheet.pdf.sunrise", locale), sheet.sunrise or "—"))
    hospital = " · ".join(p for p in (sheet.hospital, sheet.hospital_address, sheet.hospital_phone) if p)
    facts.append((t("callsheet.pdf.hospital", locale), hospital or "—"))
    facts.append((t("callsheet.pdf.emergency", locale), " · ".join(sheet.emergency_contacts) or "—"))
    pdf.set_font(FONT, size=8.5)
    label_style = FontFace(fill_color=GREY)
    with pdf.table(col_widths=(28, width - 28), first_row_as_headings=False, line_height=4.6, text_align="LEFT",
                   padding=(0.8, 1.5)) as table:
        for label, value in facts:
            row = table.row()
            row.cell(label, style=label_style)
            row.cell(value)
    if sheet.notes:
        pdf.ln(1.5)
        with pdf.table(col_widths=(28, width - 28), first_row_as_headings=False, line_height=4.6, text_align="LEFT",
                       padding=(0.8, 1.5)) as table:
            row = table.row()
            row.cell(t("callsheet.pdf.notes", locale), style=FontFace(fill_color=ACCENT))
            row.cell(sheet.notes)

    heading_style = FontFace(emphasis=None, fill_color=DARK, color=(255, 255, 255))

    def section(title: str) -> None:
        pdf.ln(2.5)
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.set_font(FONT, size=10.5)
        pdf.cell(width, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=8)

    # --- department calls ----------------------------------------------------------------------
    section(t("callsheet.pdf.departments", locale))
    calls = list(sheet.department_calls)
    half = (len(calls) + 1) // 2
    with pdf.table(col_widths=(40, 18, 10, 40, 18, 10), line_height=4.6, text_align=("LEFT", "CENTER", "CENTER") * 2,
                   headings_style=heading_style, padding=(0.8, 1.5)) as table:
        head = table.row()
        for _ in range(2):
            for label in (t("callsheet.pdf.department", locale), t("callsheet.pdf.call", locale), t("callsheet.pdf.people", locale)):
                head.cell(label)
        for i in range(half):
            row = table.row()
            for d in (calls[i], calls[i + half] if i + half < len(calls) else None):
                if d is None:
                    row.cell("")
                    row.cell("")
                    row.cell("")
                else:
                    row.cell(dept_name(d.department, locale))
                    row.cell(sheet.fmt(d.call, locale))
                    row.cell(str(d.people) if d.people else "")

    # --- cast ----------------------------------------------------------------------------------
    cast = sheet.cast_calls
    if cast:
        section(t("callsheet.pdf.cast", locale))
        with pdf.table(col_widths=(40, 40, 18, 18, 18, 56), line_height=4.6, text_align="LEFT", headings_style=heading_style,
                       padding=(0.8, 1.5)) as table:
            head = table.row()
            for label in ("actor", "character", "pickup", "makeup", "on_set", "scenes"):
                head.cell(t(f"callsheet.pdf.col.{label}", locale))
            for p in cast:
                row = table.row()
                row.cell(p.name)
                row.cell(join_list(p.characters, locale))
                row.cell(sheet.fmt(p.pickup, locale) if p.pickup else "—")
                row.cell(sheet.fmt(p.makeup, locale) if p.makeup else "—")
                row.cell(sheet.fmt(p.on_set, locale))
                row.cell(join_list(p.scenes, locale))

    # --- scenes --------------------------------------------------------------------------------
    total = sum(s.est_minutes for s in sheet.scenes)
    section(t("callsheet.pdf.scenes", locale, count=len(sheet.scenes), total=minutes_text(total, locale)))
    moves = {m.after_scene: m for m in sheet.moves}
    meals = sorted((s, m, k) for s, m, k in ((sheet.lunch_start, sheet.lunch_minutes, "lunch"), (sheet.supper_start, sheet.supper_minutes, "supper")) if s)
    note_style = FontFace(fill_color=GREY)
    with pdf.table(col_widths=(12, 13, 9, 17, 34, 62, 33, 10), line_height=4.3, text_align="LEFT", headings_style=heading_style,
                   padding=(0.8, 1.2)) as table:
        head = table.row()
        for label in ("time", "scene", "ep", "ie_dn", "set", "synopsis", "cast", "est"):
            head.cell(t(f"callsheet.pdf.col.{label}", locale))
        for line in sheet.scenes:
            while meals and line.start >= meals[0][0]:
                start, minutes, kind = meals.pop(0)
                row = table.row()
                row.cell(sheet.fmt(start, locale), style=note_style)
                row.cell(_plain(t(f"callsheet.meal_line.{kind}", locale, time=sheet.fmt(start, locale), minutes=minutes)), colspan=7, style=note_style)
            row = table.row()
            row.cell(sheet.fmt(line.start, locale))
            row.cell(line.number)
            row.cell(",".join(line.episodes))
            row.cell(ie_dn(line, locale))
            row.cell(line.set_name)
            text = line.synopsis
            if line.needs:
                text += "\n" + "\n".join(f"[{dept_name(d, locale)}] {n}" for d, n in line.needs)
            row.cell(text)
            row.cell("\n".join(f"{c.character}: {c.actor}" for c in line.cast))
            row.cell(str(line.est_minutes))
            if (m := moves.get(line.number)) is not None:
                row = table.row()
                row.cell("", style=note_style)
                row.cell(_plain(t("callsheet.move_line", locale, to=sheet.where_text(m.to_set), minutes=m.minutes)), colspan=7, style=note_style)

    # --- sets ----------------------------------------------------------------------------------
    if sheet.sets:
        section(t("callsheet.pdf.sets", locale))
        with pdf.table(col_widths=(55, 35, 40, 60), line_height=4.6, text_align="LEFT", headings_style=heading_style,
                       padding=(0.8, 1.5)) as table:
            head = table.row()
            for label in ("set", "building", "road", "notes"):
                head.cell(t(f"callsheet.pdf.col.{label}", locale))
            for s in sheet.sets:
                row = table.row()
                row.cell(s.name)
                row.cell(s.building)
                row.cell(s.road)
                row.cell(s.notes)

    # --- every person's call -------------------------------------------------------------------
    if sheet.people:
        section(t("callsheet.pdf.crew", locale, count=len(sheet.people)))
        with pdf.table(col_widths=(50, 38, 22, 80), line_height=4.6, text_align="LEFT", headings_style=heading_style,
                       padding=(0.8, 1.5)) as table:
            head = table.row()
            for label in ("name", "department", "call", "where"):
                head.cell(t(f"callsheet.pdf.col.{label}", locale))
            for p in sheet.people:
                row = table.row()
                row.cell(p.name)
                row.cell(dept_name(p.department, locale))
                row.cell(sheet.fmt(p.call, locale) + (" *" if p.kind == "override" else ""))
                row.cell(_plain(where_text(sheet, p.where, locale)))
    return bytes(pdf.output())


def filename(sheet: CallSheet, locale: str | None = None) -> str:
    """"callsheet-CEO1-2026-11-23-v2.pdf"; a copy in someone's own language ends in "-th.pdf"."""
    suffix = f"-{locale}" if locale else ""
    return f"callsheet-{sheet.production_code}-{sheet.date.isoformat()}-v{sheet.version}{suffix}.pdf"
