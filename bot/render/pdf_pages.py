"""The pages of the call sheet PDF: the one-page summary, then the lineup.

Black and white first: headings are black with white text, labels and note rows light grey,
revised rows grey and marked with a word ("改" / "REV"), never by colour alone. Every cell of free
text is broken into lines here (:mod:`bot.render.linebreak`), so no Chinese line starts with a
closing punctuation mark, and a long synopsis is clamped to a few lines (the data keeps it whole).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from bot.domain.callsheet import CallSheet
from bot.domain.castlist import Contact
from bot.i18n import join_list, t
from bot.render.callsheet_text import (
    change_line,
    change_text,
    character_label,
    contact_text,
    dept_name,
    fmt_date,
    header_contacts,
    ie_dn,
    meal_line,
    minutes_text,
    move_line,
    role_word,
    set_label,
    status_word,
    where_text,
)
from bot.render.linebreak import clamp_lines, wrap

FONT = "cjk"
GREY = (232, 232, 232)
MARK = (205, 205, 205)  # a revised row: darker than a note row, still light enough to read through
BLACK = (0, 0, 0)
WHITE = (255, 255, 255)
SYNOPSIS_LINES = 3
ALT_SYNOPSIS_LINES = 2
CHANGES_ON_SUMMARY = 12
NOTES_LINES = 5
FACT_LINES = 2  # a value of the summary's facts table (weather, base, parking, hospital...): the page stays one page
CONTACT_LINES = 2
#: The most lines any one cell shows: a table row must fit on a page (fpdf2 refuses a taller one), so
#: a scene with 40 characters, eight long department notes or an actor in 120 scenes is clamped, the
#: cut marked "…" (the cast table lists every actor; the data keeps every word).
CELL_LINES = 40
PAD = 1.5  # horizontal cell padding (mm)


@dataclass(frozen=True)
class Fit:
    """How much the summary page shows. The first one is the sheet as it always was; each next one
    trims more, so that the page stays ONE page whatever the production throws at it (a revision
    with forty changes, thirty contacts, names as long as a cell allows). What a trimmed summary
    leaves out it says so on the page ("+N more", "…") and prints in full after the lineup."""

    name_lines: int = 2
    contacts: int | None = None  # None: every contact
    contact_lines: int = CONTACT_LINES
    changes: int = CHANGES_ON_SUMMARY
    change_lines: int = 2  # per change
    fact_lines: int = FACT_LINES
    safety_lines: int = FACT_LINES  # hospital and emergency contacts
    notes_lines: int = NOTES_LINES
    dept_lines: int = FACT_LINES + 1
    extras_lines: int = FACT_LINES


#: From the sheet as it always was to the floor. The floor is bounded by construction: a title line,
#: one row of contacts, 2 changes, at most 9 one-line facts and 2 safety rows of 2 lines, 1 line of
#: notes, 6 department rows of one line (the department names are the catalog's), 2 extras rows and
#: the 2-line note: the worst case ends about 60 mm above the page's bottom margin
#: (``tests/render/test_pdf_summary.py`` reads it back from the PDF).
FITS = (
    Fit(),
    Fit(contacts=9, changes=8, change_lines=1, notes_lines=3, dept_lines=2),
    Fit(name_lines=1, contacts=6, contact_lines=1, changes=4, change_lines=1, fact_lines=1, notes_lines=2, dept_lines=1, extras_lines=1),
    Fit(name_lines=1, contacts=3, contact_lines=1, changes=2, change_lines=1, fact_lines=1, notes_lines=1, dept_lines=1, extras_lines=1),
)


def _plain(text: str) -> str:
    """A catalog line written for Discord (its **bold**) as print; never for user text, which prints as typed."""
    return text.replace("**", "").replace("`", "")


@dataclass
class Writer:
    pdf: FPDF
    sheet: CallSheet
    locale: str
    level: Fit = field(default_factory=Fit)
    #: what the summary shortened: (label, the text as typed), printed in full after the lineup
    overflow: list[tuple[str, str]] = field(default_factory=list)
    all_contacts: bool = False  # the summary could not show every contact whole: they follow the lineup
    _widths: dict[tuple[str, str, float], float] = field(default_factory=dict, repr=False)

    @property
    def width(self) -> float:
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def fmt(self, when) -> str:
        return self.sheet.fmt(when, self.locale)

    def fit(self, text: str, column: float, lines: int = CELL_LINES, *, label: str | None = None) -> str:
        """``text`` broken into the lines a ``column`` mm wide cell shows (in the current font), at
        most ``lines`` of them; when that cuts it and ``label`` is given, the whole text is kept for
        the end of the sheet (:attr:`overflow`)."""
        most = min(lines, CELL_LINES)
        inner = self._inner(column)
        out = wrap(text, inner, self.measure, most)  # user text as typed: ** and ` are a name's, not markdown
        if label is not None and len(out) > most:
            self.overflow.append((label, text))
        out = clamp_lines(out, most, inner, self.measure)
        return "\n".join(out)

    def fits_in(self, text: str, column: float, lines: int) -> bool:
        return len(wrap(text, self._inner(column), self.measure, lines)) <= lines

    def _inner(self, column: float) -> float:
        # room kept for one hanging punctuation mark, so the cell never has to break a line itself
        return column - 2 * PAD - 0.8 - self.measure("。")

    def measure(self, text: str) -> float:
        """``get_string_width`` in the current font, remembered (fpdf2 spends a millisecond on a
        string with Thai or emoji, and breaking a line measures many)."""
        key = (text, self.pdf.font_family, self.pdf.font_size_pt)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.pdf.get_string_width(text)
        return found

    def section(self, title: str) -> None:
        pdf = self.pdf
        pdf.ln(2.5)
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.set_font(FONT, size=10.5)
        pdf.cell(self.width, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=8)

    @property
    def heading(self) -> FontFace:
        return FontFace(emphasis=None, fill_color=BLACK, color=WHITE)

    @contextmanager
    def grid(self, cols: tuple[float, ...], labels: tuple[str, ...], line_height: float = 4.2):
        """A table in 8 pt with its heading row (``callsheet.pdf.col.<label>``) on black."""
        self.pdf.set_font(FONT, size=8)
        with self.pdf.table(col_widths=cols, line_height=line_height, text_align="LEFT", headings_style=self.heading,
                            padding=(0.7, PAD)) as table:
            head = table.row()
            for label in labels:
                head.cell(t(f"callsheet.pdf.col.{label}", self.locale))
            yield table


# --- the summary page -----------------------------------------------------------------------------


def _call_box(w: Writer, x: float, y: float, width: float, label: str, time: str, sub: str) -> float:
    pdf = w.pdf
    pdf.set_xy(x, y)
    pdf.set_fill_color(*GREY)
    pdf.set_font(FONT, size=8.5)
    pdf.cell(width, 5.5, label, border="LTR", align="C", fill=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=22)
    pdf.cell(width, 11, time, border="LR", align="C", fill=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
    size = 7.5
    pdf.set_font(FONT, size=size)
    while size > 5 and pdf.get_string_width(sub) > width - 1.5:
        size -= 0.5
        pdf.set_font(FONT, size=size)
    pdf.cell(width, 4.5, sub, border="LBR", align="C", fill=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return pdf.get_y()


def _label_table(w: Writer, rows: list[tuple[str, str] | tuple[str, str, int]], label_width: float = 30, *, keep: bool = True) -> None:
    """Label / value rows; a row may give its own most lines (else the level's facts). ``keep``: a
    value cut short is printed whole after the lineup."""
    pdf = w.pdf
    pdf.set_font(FONT, size=8.5)
    value_width = w.width - label_width
    with pdf.table(col_widths=(label_width, value_width), first_row_as_headings=False, line_height=4.4, text_align="LEFT",
                   padding=(0.7, PAD)) as table:
        for label, value, *most in rows:
            row = table.row()
            row.cell(label, style=FontFace(fill_color=GREY))
            row.cell(w.fit(value, value_width, most[0] if most else w.level.fact_lines, label=label if keep else None))


def _contact_cell(w: Writer, c: Contact, column: float) -> str:
    """"统筹 周敏 Zhou Min 138 0579 0003"; when that does not fit, the phone before the name, so the
    cut falls on the name (every contact is then printed whole after the lineup)."""
    loc, lines = w.locale, w.level.contact_lines
    text = contact_text(c, loc)
    if w.fits_in(text, column, lines):
        return w.fit(text, column, lines)
    w.all_contacts = True
    return w.fit(" ".join(x for x in (role_word(c.role, loc), c.phone, c.name) if x), column, lines)


def summary_page(w: Writer) -> None:
    """Page 1: everything a crew member needs at a glance."""
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    top = pdf.get_y()
    left = w.width * 0.52
    pdf.set_font(FONT, size=15)
    pdf.multi_cell(left, 7, w.fit(sheet.production_name, left, w.level.name_lines), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=11)
    pdf.cell(left, 6, t("callsheet.pdf.call_sheet", loc, version=sheet.version), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(left, 6, t("callsheet.pdf.day_of", loc, n=sheet.day_number, m=sheet.total_days) + "  ·  " + fmt_date(sheet.date, loc),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    left_bottom = pdf.get_y()
    box = (w.width - left - 4) / 2
    x = pdf.l_margin + left + 4
    wrap_line = t("callsheet.pdf.wrap", loc, planned=w.fmt(sheet.planned_wrap), estimated=w.fmt(sheet.est_wrap))
    bottom = _call_box(w, x, top, box - 1, t("callsheet.pdf.general_call", loc), w.fmt(sheet.general_call), wrap_line)
    _call_box(w, x + box + 1, top, box - 1, t("callsheet.pdf.shooting_call", loc), w.fmt(sheet.first_shot),
              t("callsheet.pdf.scene_count", loc, count=len(sheet.scenes)))
    pdf.set_y(max(left_bottom, bottom) + 2)

    contacts = header_contacts(sheet)
    if contacts:
        pdf.set_font(FONT, size=8.5)
        per_row = 3
        col = w.width / per_row
        shown: list[Contact | str] = list(contacts)
        most = w.level.contacts
        if most is not None and len(contacts) > most:  # the last cell says how many more, and where they are
            shown = [*contacts[:most - 1], t("callsheet.pdf.contacts_more", loc, count=len(contacts) - most + 1)]
            w.all_contacts = True
        with pdf.table(col_widths=(col,) * per_row, first_row_as_headings=False, line_height=4.4, text_align="LEFT",
                       padding=(0.7, PAD)) as table:
            for i in range(0, len(shown), per_row):
                row = table.row()
                for c in shown[i:i + per_row] + [None] * (per_row - len(shown[i:i + per_row])):
                    if isinstance(c, str):
                        row.cell(w.fit(c, col, CONTACT_LINES), style=FontFace(fill_color=GREY))
                    else:
                        row.cell(_contact_cell(w, c, col) if c else "")
        pdf.ln(1.5)

    if sheet.changes:
        _changes_box(w)

    facts: list[tuple[str, str]] = []
    for key, start, minutes in sheet.planned_meals():
        facts.append((t(f"callsheet.pdf.{key}", loc), f"{w.fmt(start)} ({minutes_text(minutes, loc)})"))
    facts.append((t("callsheet.pdf.weather", loc), sheet.weather or "—"))
    facts.append((t("callsheet.pdf.sunrise", loc), sheet.sunrise or "—"))
    facts.append((t("callsheet.pdf.base", loc), sheet.base or "—"))
    if sheet.parking:
        facts.append((t("callsheet.pdf.parking", loc), sheet.parking))
    if sheet.extras_holding:
        facts.append((t("callsheet.pdf.holding", loc), sheet.extras_holding))
    hospital = " · ".join(p for p in (sheet.hospital, sheet.hospital_address, sheet.hospital_phone) if p)
    facts.append((t("callsheet.pdf.hospital", loc), hospital or "—", w.level.safety_lines))
    facts.append((t("callsheet.pdf.emergency", loc), " · ".join(sheet.emergency_contacts) or "—", w.level.safety_lines))
    notes = [n for n in (sheet.notes, sheet.alt_notes) if n]
    _label_table(w, facts)
    if notes:
        pdf.ln(1.5)
        pdf.set_font(FONT, size=8.5)
        value_width = w.width - 30
        with pdf.table(col_widths=(30, value_width), first_row_as_headings=False, line_height=4.4, text_align="LEFT",
                       padding=(0.7, PAD)) as table:
            row = table.row()
            row.cell(t("callsheet.pdf.notes", loc), style=FontFace(fill_color=GREY))
            row.cell(w.fit("\n".join(notes), value_width, w.level.notes_lines, label=t("callsheet.pdf.notes", loc)))

    _department_table(w)
    if sheet.extras:
        w.section(t("callsheet.pdf.extras", loc, count=sum(n for _, n in sheet.extras_totals())))
        totals = join_list((t("callsheet.extras.total", loc, time=w.fmt(at), count=n) for at, n in sheet.extras_totals()), loc)
        rows = [(t("callsheet.pdf.col.call", loc), totals, w.level.extras_lines)]  # every group is in the extras table
        if (who := sheet.contact("extras_coordinator")) is not None:
            rows.append((role_word("extras_coordinator", loc), " ".join(x for x in (who.phone, who.name) if x), w.level.extras_lines))
        _label_table(w, rows, keep=False)
    if w.overflow or w.all_contacts:  # said on the page: nothing it left out is lost
        pdf.set_font(FONT, size=7.5)
        pdf.ln(1)
        pdf.multi_cell(w.width, 3.8, w.fit(t("callsheet.pdf.trimmed", loc), w.width, 2), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _changes_box(w: Writer) -> None:
    """The "changes in this version" box: a heavy frame, its title on black, one change a line."""
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    most = w.level.changes
    pdf.set_font(FONT, size=8.5)
    lines = [w.fit(f"• {change_text(c, loc)}", w.width, w.level.change_lines) for c in sheet.changes[:most]]
    if len(sheet.changes) > most:  # the revised rows are marked in the lineup
        lines.append(t("callsheet.changes_more", loc, count=len(sheet.changes) - most))
    lines.append(w.fit(t("callsheet.pdf.revised_hint", loc, mark=t("callsheet.pdf.revised", loc)), w.width, 2))
    pdf.set_line_width(0.6)
    with pdf.table(col_widths=(w.width,), first_row_as_headings=True, line_height=4.4, text_align="LEFT", padding=(0.9, PAD),
                   headings_style=w.heading) as table:
        table.row().cell(t("callsheet.pdf.changes", loc, version=sheet.version))
        table.row().cell("\n".join(lines))
    pdf.set_line_width(0.2)
    pdf.ln(1.5)


def _department_table(w: Writer) -> None:
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    w.section(t("callsheet.pdf.departments", loc))
    calls = list(sheet.department_calls)
    half = (len(calls) + 1) // 2
    col = (36, 16, 9, 34)
    with pdf.table(col_widths=col * 2, line_height=4.4, text_align=("LEFT", "CENTER", "CENTER", "LEFT") * 2,
                   headings_style=w.heading, padding=(0.7, PAD)) as table:
        head = table.row()
        for _ in range(2):
            for label in (t("callsheet.pdf.department", loc), t("callsheet.pdf.call", loc), t("callsheet.pdf.people", loc),
                          t("callsheet.pdf.col.where", loc)):
                head.cell(label)
        for i in range(half):
            row = table.row()
            for d in (calls[i], calls[i + half] if i + half < len(calls) else None):
                if d is None:
                    for _ in range(4):
                        row.cell("")
                    continue
                row.cell(dept_name(d.department, loc))
                row.cell(w.fmt(d.call))
                row.cell(str(d.people) if d.people else "")
                where = t("callsheet.pdf.base", loc) if d.where and d.where == sheet.base else (set_label(sheet, d.where, loc) if d.where else "")
                extra = join_list((f"{name} {w.fmt(at)}" for name, at in d.exceptions), loc)
                row.cell(w.fit("\n".join(x for x in (where, extra) if x), col[3], w.level.dept_lines))  # everyone's call: the crew list


# --- the lineup ---------------------------------------------------------------------------------------


def lineup_pages(w: Writer) -> None:
    _scenes(w)
    _cast(w)
    _extras(w)
    _sets(w)
    _crew(w)
    _in_full(w)


def _in_full(w: Writer) -> None:
    """What the summary shortened to stay one page: every contact, and each cut text whole."""
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    if not (w.overflow or w.all_contacts):
        return
    w.section(t("callsheet.pdf.in_full", loc))
    if w.all_contacts:
        cols = (40, 110, 40)
        with w.grid(cols, ("role", "name", "phone"), 4.4) as table:
            for c in header_contacts(sheet):
                row = table.row()
                row.cell(role_word(c.role, loc))
                row.cell(w.fit(c.name, cols[1]))
                row.cell(w.fit(c.phone, cols[2]))
        pdf.ln(2)
    if w.overflow:
        _label_table(w, [(label, text, CELL_LINES) for label, text in dict(w.overflow).items()], keep=False)


def _scenes(w: Writer) -> None:
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    total = sum(s.est_minutes for s in sheet.scenes)
    w.section(t("callsheet.pdf.scenes", loc, count=len(sheet.scenes), total=minutes_text(total, loc)))
    moves = {m.after_scene: m for m in sheet.moves}
    meals = [(b.start, b.minutes, b.name) for b in sheet.meal_breaks()]  # where the day's timeline puts them
    note = FontFace(fill_color=GREY)
    marked = FontFace(fill_color=MARK)
    mark = t("callsheet.pdf.revised", loc)
    cols = (12, 12, 8, 13, 30, 59, 30, 18, 8)
    with w.grid(cols, ("time", "scene", "ep", "ie_dn", "set", "synopsis", "cast", "extras", "est")) as table:
        for line in sheet.scenes:
            while meals and line.start >= meals[0][0]:
                start, minutes, kind = meals.pop(0)
                row = table.row()
                row.cell(w.fmt(start), style=note)
                row.cell(_plain(meal_line(sheet, kind, start, minutes, loc)), colspan=len(cols) - 1, style=note)
            if line.change_minutes:
                row = table.row()
                row.cell("", style=note)
                row.cell(change_line(sheet, line, loc), colspan=len(cols) - 1, style=note)  # character names print as typed
            revised = line.number in sheet.revised
            style = marked if revised else None
            row = table.row()
            row.cell(w.fmt(line.start), style=style)
            number = line.number + (f"\n{t('callsheet.carried', loc, date=line.carried_from.strftime('%m-%d'))}" if line.carried_from else "")
            row.cell(f"{number}\n{mark}" if revised else number, style=style)
            row.cell(",".join(line.episodes), style=style)
            row.cell(ie_dn(line, loc), style=style)
            row.cell(w.fit(set_label(sheet, line.set_name, loc), cols[4]), style=style)
            text = w.fit(line.synopsis, cols[5], SYNOPSIS_LINES)
            if line.alt_synopsis:
                text += "\n" + w.fit(line.alt_synopsis, cols[5], ALT_SYNOPSIS_LINES)
            if line.needs:
                needs = "\n".join(f"[{dept_name(d, loc)}] {n}" for d, n in line.needs)
                text += "\n" + w.fit(needs, cols[5], CELL_LINES - SYNOPSIS_LINES - ALT_SYNOPSIS_LINES)
            row.cell(text, style=style)
            row.cell(w.fit("\n".join(f"{character_label(sheet, c.character, loc)}: {c.actor}" for c in line.cast), cols[6]), style=style)
            row.cell(w.fit("\n".join(f"{g.count} {g.description}".strip() for g in line.extras), cols[7]), style=style)
            row.cell(str(line.est_minutes), style=style)
            if (m := moves.get(line.number)) is not None:
                row = table.row()
                row.cell("", style=note)
                row.cell(move_line(sheet, m, loc), colspan=len(cols) - 1, style=note)  # set names print as typed


def _cast(w: Writer) -> None:
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    if not sheet.cast:
        return
    w.section(t("callsheet.pdf.cast_all", loc, count=len(sheet.cast), off=len(sheet.not_on_discord)))
    mark = t("callsheet.pdf.revised", loc)
    marked = FontFace(fill_color=MARK)
    cols = (9, 13, 27, 32, 29, 14, 14, 14, 38)
    with w.grid(cols, ("number", "status", "character", "actor", "pickup", "makeup", "rehearsal", "on_set", "scenes")) as table:
        for c in sheet.cast:
            revised = c.actor in sheet.revised_cast
            style = marked if revised else None
            row = table.row()
            row.cell(f"{c.number}\n{mark}" if revised else c.number, style=style)
            row.cell(status_word(c.status, loc), style=style)
            characters = [character_label(sheet, ch, loc) for ch in c.characters]
            row.cell(w.fit(join_list(characters, loc), cols[2]), style=style)
            row.cell(w.fit(c.actor, cols[3]), style=style)
            pickup = w.fmt(c.pickup) + (f"\n{c.pickup_place}" if c.pickup_place else "") if c.pickup else "—"
            row.cell(w.fit(pickup, cols[4]), style=style)
            row.cell(w.fmt(c.makeup) if c.makeup else "—", style=style)
            row.cell(w.fmt(c.rehearsal) if c.rehearsal else w.fmt(c.ready), style=style)
            row.cell(w.fmt(c.on_set), style=style)
            row.cell(w.fit(join_list(c.scenes, loc), cols[8]), style=style)


def _extras(w: Writer) -> None:
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    if not sheet.extras:
        return
    w.section(t("callsheet.pdf.extras", loc, count=sum(n for _, n in sheet.extras_totals())))
    cols = (16, 14, 70, 90)
    with w.grid(cols, ("call", "count", "description", "scenes")) as table:
        for g in sheet.extras:
            row = table.row()
            row.cell(w.fmt(g.call))
            row.cell(str(g.count))
            row.cell(w.fit(g.description or "—", cols[2]))
            row.cell(w.fit(join_list(g.scenes, loc), cols[3]))
        for at, n in sheet.extras_totals():
            row = table.row()
            row.cell(w.fmt(at), style=FontFace(fill_color=GREY))
            row.cell(str(n), style=FontFace(fill_color=GREY))
            row.cell(t("callsheet.pdf.extras_total", loc), colspan=2, style=FontFace(fill_color=GREY))


def _sets(w: Writer) -> None:
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    if not sheet.sets:
        return
    w.section(t("callsheet.pdf.sets", loc))
    cols = (55, 35, 40, 60)
    with w.grid(cols, ("set", "building", "road", "notes"), 4.4) as table:
        for s in sheet.sets:
            row = table.row()
            row.cell(w.fit(s.name + (f"\n{s.alt_name}" if s.alt_name else ""), cols[0]))
            row.cell(w.fit(s.building, cols[1]))
            row.cell(w.fit(s.road, cols[2]))
            row.cell(w.fit(s.notes, cols[3]))


def _crew(w: Writer) -> None:
    pdf, sheet, loc = w.pdf, w.sheet, w.locale
    if not sheet.people:
        return
    w.section(t("callsheet.pdf.crew", loc, count=len(sheet.people)))
    cols = (50, 38, 22, 80)
    with w.grid(cols, ("name", "department", "call", "where"), 4.4) as table:
        for p in sheet.people:
            row = table.row()
            row.cell(w.fit(p.name, cols[0]))
            row.cell(dept_name(p.department, loc))
            row.cell(w.fmt(p.call) + (" *" if p.kind == "override" else ""))
            row.cell(w.fit(where_text(sheet, p.where, loc), cols[3]))
