"""The call sheet as a PDF in the conventional layout (A4 portrait, legible in black and white):

a one-page summary first (:func:`bot.render.pdf_pages.summary_page`: production, day, the crew call
and the shooting call in big boxes, director / producer / 统筹 with their phones, the "changes in
this version" box on a revision, meals, wrap, weather, sunrise/sunset, base, parking, hospital,
notes, department calls, extras totals), then the lineup (the scenes in shooting order with meals
and moves, revised rows marked; every actor with pickup, makeup, rehearsal and on-set times; the
extras; the sets; everyone's call). Long text is broken the Chinese way (no line starts with a
closing punctuation mark) and a long synopsis is clamped to three lines. Each page has a footer
with the version. A CJK font (:mod:`bot.render.fonts`) is embedded (subset), so Chinese,
Japanese and Korean names render; Thai and emoji come from fallback fonts (fpdf2's
``set_fallback_fonts``), shaped with HarfBuzz so Thai vowels and tone marks stack as they should.
Whatever no font can draw is left out rather than printed as an empty box.
"""

from __future__ import annotations

import logging

from fpdf import FPDF

from bot.domain.callsheet import CallSheet
from bot.i18n import catalog, normalize_locale, t
from bot.render.fonts import add_cjk_font, fallbacks_for
from bot.render.pdf_pages import FITS, FONT, Writer, lineup_pages, summary_page

log = logging.getLogger(__name__)

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
              if k.startswith(("callsheet.pdf.", "callsheet.meal_line.", "callsheet.move_line", "callsheet.change_line", "callsheet.set_move_line", "callsheet.carried", "callsheet.ie", "callsheet.dn",
                               "callsheet.weekday.", "callsheet.date", "callsheet.base_where", "dept.", "fmt.", "callsheet.status_word.",
                               "callsheet.role.", "callsheet.sheet_change.", "callsheet.changes_more", "callsheet.where_own",
                               "callsheet.extras.")))
    return sheet.to_json() + "".join(labels)


def _needs_shaping(text: str) -> bool:
    """Thai marks must be positioned by a shaper; nothing else here needs one (and shaping costs
    time), so it is switched on only when there is Thai to draw."""
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


class _SheetPDF(FPDF):
    footer_text = ""
    #: The shaper's settings when the document has Thai to draw; shaping is then switched on for
    #: each piece of text that has Thai in it and off for the rest (shaping every CJK or Latin
    #: cell of an 80-scene sheet cost seconds and changes nothing on the page).
    shaping: dict | None = None

    def _shape_if_needed(self, text: object) -> None:
        if self.shaping is not None:
            self.text_shaping = self.shaping if isinstance(text, str) and _needs_shaping(text) else None

    def cell(self, w=None, h=None, text="", *args, **kwargs):  # type: ignore[override]
        self._shape_if_needed(text)
        return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w, h=None, text="", *args, **kwargs):  # type: ignore[override]
        self._shape_if_needed(text)
        return super().multi_cell(w, h, text, *args, **kwargs)

    def get_string_width(self, s, *args, **kwargs):  # type: ignore[override]
        self._shape_if_needed(s)
        return super().get_string_width(s, *args, **kwargs)

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


def _document(sheet: CallSheet, locale: str, sample: str, fallbacks) -> _SheetPDF:
    pdf = _SheetPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_plain(t("callsheet.title", locale, production=sheet.production_name, n=sheet.day_number, m=sheet.total_days)))
    pdf.set_author("SetCall")
    pdf.set_creator("SetCall")
    add_cjk_font(pdf, FONT)  # parsed once per process; no bold face (headings use size and shading)
    for family, file in fallbacks:
        pdf.add_font(family, "", str(file))
    if fallbacks:
        pdf.set_fallback_fonts([family for family, _ in fallbacks])
    if _needs_shaping(sample) and _shaping():
        pdf.set_text_shaping(True)
        pdf.shaping = pdf.text_shaping
    pdf.footer_text = t("callsheet.pdf.footer", locale, code=sheet.production_code, date=sheet.date.isoformat(), version=sheet.version)
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    return pdf


def render_pdf(sheet: CallSheet, locale: str) -> bytes:
    """The summary page, then the lineup. The summary is drawn at the first :data:`FITS` level at
    which it stays on page 1 (a sheet that overflows is drawn again, tighter, in a fresh document:
    fpdf2 cannot take a page back), so it is one page whatever the sheet holds."""
    sample = _sample(sheet, locale)
    fallbacks = fallbacks_for(sample)  # only the ones this sheet needs: loading a font takes time
    for n, level in enumerate(FITS):
        pdf = _document(sheet, locale, sample, fallbacks)
        out = Writer(pdf, sheet, locale, level)
        summary_page(out)
        if pdf.page_no() == 1:
            break
        log.info("call sheet %s %s (%s): the summary needs more than a page at level %d; trimming", sheet.production_code, sheet.date,
                 locale, n)
    else:
        log.error("call sheet %s %s (%s): the summary does not fit one page even at its tightest", sheet.production_code, sheet.date, locale)
    pdf.add_page()
    lineup_pages(out)
    return bytes(pdf.output())


def filename(sheet: CallSheet, locale: str | None = None) -> str:
    """"callsheet-CEO1-2026-11-23-v2.pdf"; a copy in someone's own language ends in "-th.pdf"."""
    suffix = f"-{locale}" if locale else ""
    return f"callsheet-{sheet.production_code}-{sheet.date.isoformat()}-v{sheet.version}{suffix}.pdf"
