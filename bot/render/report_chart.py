"""The daily report's chart (PNG, matplotlib): scenes done through the day, planned against actual,
and the shoot's days so far, planned against shot.

Labels are in the reader's language and drawn with the project's CJK font (:mod:`bot.render.fonts`),
with its Thai and emoji fallbacks; a character no font has is left out rather than drawn as a box
(so matplotlib never warns about a missing glyph). Uses matplotlib's object API with the Agg
canvas (no pyplot, no global figure state): call it off the event loop (``asyncio.to_thread``).
"""

from __future__ import annotations

import io
import threading
from functools import cache
from zoneinfo import ZoneInfo

from bot.domain.callsheet.model import day_time
from bot.domain.report import DailyReport
from bot.i18n import t
from bot.render import fonts

_LOCK = threading.Lock()
PLANNED_COLOR = "#9aa5b1"
ACTUAL_COLOR = "#d1495b"
SHOT_COLOR = "#2e86ab"


@cache
def _families() -> tuple[str, ...]:
    """Register the CJK font and its fallbacks with matplotlib; their family names in order."""
    from matplotlib import font_manager

    names: list[str] = []
    path, index = fonts.cjk_font()
    for p in [path, *(f for _, f in fonts.fallback_fonts())]:
        font_manager.fontManager.addfont(str(p))
        names.append(font_manager.FontProperties(fname=str(p)).get_name())
    return tuple(dict.fromkeys(names))


@cache
def _drawable() -> frozenset[int]:
    path, index = fonts.cjk_font()
    cps = set(fonts.font_cmap(path, index))
    for _, f in fonts.fallback_fonts():
        cps |= fonts.font_cmap(f)
    return frozenset(cps)


def drawable(text: str) -> str:
    """``text`` without the characters no font of ours can draw."""
    cps = _drawable()
    return "".join(ch for ch in text if ch.isspace() or ord(ch) in cps)


def _label(text: str) -> str:
    # matplotlib reads $...$ as math; a production name with a dollar sign stays text
    return drawable(text).replace("$", r"\$")


def available() -> bool:
    """Whether the chart can be drawn (the CJK font is installed)."""
    try:
        fonts.cjk_font()
    except fonts.FontMissing:
        return False
    return True


def filename(report: DailyReport) -> str:
    return f"report-{report.production_code}-{report.date.isoformat()}.png"


def render_chart(report: DailyReport, locale: str) -> bytes:
    """The chart as PNG bytes."""
    return _with_fonts(lambda: _png(figure(report, locale)))


def _with_fonts(draw):
    import matplotlib

    with _LOCK:  # font registration, matplotlib's caches and rc settings are shared
        with matplotlib.rc_context({"font.family": list(_families()), "axes.unicode_minus": False}):
            return draw()


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def texts(report: DailyReport, locale: str) -> list[tuple[str, str]]:
    """(text, font file) of every label the chart draws (what the tests look at)."""
    from matplotlib import font_manager
    from matplotlib.text import Text

    def collect():
        fig = figure(report, locale)
        fig.canvas.draw()
        return [(t.get_text(), font_manager.findfont(t.get_fontproperties())) for t in fig.findobj(Text) if t.get_text().strip()]

    return _with_fonts(collect)


def figure(report: DailyReport, locale: str):
    """The chart's matplotlib figure (with the fonts set: call inside :func:`_with_fonts`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, date2num, num2date
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    tz = ZoneInfo(report.timezone)
    fig = Figure(figsize=(11, 4.4), dpi=110)
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    fig.suptitle(_label(t("report.chart.title", locale, code=report.production_code, name=report.production_name,
                          date=report.date.isoformat(), day=report.day_number, total=report.total_days)),
                 fontsize=13)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})

    # left: scenes done through the day
    def step(points):
        xs = [date2num(p.at.astimezone(tz)) for p in points]
        ys = [p.scenes for p in points]
        return xs, ys

    if report.planned_curve:
        xs, ys = step(report.planned_curve)
        left.step(xs, ys, where="post", color=PLANNED_COLOR, linestyle="--", linewidth=2, label=_label(t("report.chart.planned", locale)))
    if report.actual_curve:
        xs, ys = step(report.actual_curve)
        left.step(xs, ys, where="post", color=ACTUAL_COLOR, linewidth=2.4, label=_label(t("report.chart.actual", locale)))
    if report.wrap is not None and report.state == "wrapped":
        left.axvline(date2num(report.wrap.astimezone(tz)), color=ACTUAL_COLOR, linewidth=1, linestyle=":")
    if report.planned_wrap is not None:
        left.axvline(date2num(report.planned_wrap.astimezone(tz)), color=PLANNED_COLOR, linewidth=1, linestyle=":")

    def clock(x: float, _pos: int) -> str:
        value = day_time(num2date(x, tz=tz), report.date, tz)
        return _label(value.text(locale) if not isinstance(value, str) else value)

    left.xaxis.set_major_formatter(FuncFormatter(clock))
    left.xaxis.set_major_locator(AutoDateLocator(tz=tz, minticks=4, maxticks=8))
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_ylim(bottom=0, top=max(1, report.planned_scenes) + 1)
    left.set_title(_label(t("report.chart.scenes_title", locale, shot=report.shot, planned=report.planned_scenes)))
    left.set_xlabel(_label(t("report.chart.time", locale)))
    left.set_ylabel(_label(t("report.chart.scenes_axis", locale)))
    left.grid(True, alpha=0.3)
    if report.planned_curve or report.actual_curve:
        left.legend(loc="upper left")

    # right: the shoot's days, planned against shot
    days = report.days
    xs = list(range(len(days)))
    width = 0.38
    right.bar([x - width / 2 for x in xs], [d.planned for d in days], width, color=PLANNED_COLOR, label=_label(t("report.chart.planned_day", locale)))
    shot = [d.shot if d.date <= report.date else 0 for d in days]
    right.bar([x + width / 2 for x in xs], shot, width, color=SHOT_COLOR, label=_label(t("report.chart.shot_day", locale)))
    for x, d, s in zip(xs, days, shot, strict=True):
        if d.date <= report.date:
            right.annotate(str(s), (x + width / 2, s), ha="center", va="bottom", fontsize=8)
    right.set_xticks(xs, [_label(t("report.chart.day_tick", locale, n=d.day_number, date=d.date.strftime("%m-%d"))) for d in days],
                     fontsize=8)
    for tick, d in zip(right.get_xticklabels(), days, strict=True):
        if d.date == report.date:
            tick.set_color(ACTUAL_COLOR)
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    title = t("report.chart.days_title", locale)
    if report.pace is not None and report.pace.projected_last_day is not None:
        title += "\n" + t("report.chart.projection", locale, day=report.pace.projected_last_day, total=report.pace.planned_days)
    right.set_title(_label(title), fontsize=10)
    right.set_ylabel(_label(t("report.chart.scenes_axis", locale)))
    right.grid(True, axis="y", alpha=0.3)
    right.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig

