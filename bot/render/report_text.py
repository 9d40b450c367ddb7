"""The daily report (制片日报) in words, in the reader's language: two embeds (the day; people, money
and rest) and the park view's one line per production. The full lists are in the XLSX; an embed
field that would run past Discord's limits says how many more lines the XLSX holds.

Free text (production, set and people's names, reasons) is escaped; "n/a" only where the source
does not exist (``None`` in the report).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.callsheet.model import fmt_time
from bot.domain.progress import format_behind
from bot.domain.report import DailyReport, HoursLine, MealLine, SceneLine, SheetStatus
from bot.domain.rest import DAY, DAYS_IN_A_ROW, OVERTIME_MONTH, REST, Breach, DepartmentBreach, RestCheck
from bot.i18n import duration, join_list, t
from bot.render.escape import escape

FIELD_LIMIT = 1024
EMBED_BUDGET = 5800  # under Discord's 6000 characters per message
COLOUR_OK = 0x2F855A
COLOUR_LATE = 0xDD6B20
COLOUR_BAD = 0xC53030
MEAL_ORDER = ("breakfast", "lunch", "supper", "late")


# --------------------------------------------------------------------------- small pieces


class Fmt:
    """Times, durations and money in one language, for one shoot day (times after its midnight read
    "次日 01:05")."""

    def __init__(self, report: DailyReport | None, locale: str, *, day: date | None = None, timezone: str | None = None) -> None:
        self.loc = locale
        self.day = report.date if report is not None else day
        self.tz = ZoneInfo(report.timezone if report is not None else timezone or "Asia/Shanghai")

    def time(self, when: datetime | None) -> str:
        if when is None or self.day is None:
            return t("report.na", self.loc)
        return fmt_time(when, self.day, self.tz, self.loc)

    def span(self, a: datetime, b: datetime) -> str:
        return t("report.span", self.loc, start=self.time(a), end=self.time(b))

    def dur(self, minutes: int) -> str:
        return duration(minutes, self.loc)

    def secs(self, seconds: int | None) -> str:
        if seconds is None:
            return t("report.na", self.loc)
        if seconds < 60:
            return t("report.seconds", self.loc, s=seconds)
        m, s = divmod(seconds, 60)
        return t("report.min_sec", self.loc, m=m, s=s) if s else duration(m, self.loc)

    def money(self, fen: int) -> str:
        return t("report.money", self.loc, amount=f"{fen / 100:,.2f}")

    def date(self, d: date | None) -> str:
        return d.strftime("%m-%d") if d is not None else t("report.na", self.loc)

    def vs_plan(self, minutes: int) -> str:
        kind, n = format_behind(minutes)
        return t(f"report.vs_plan.{kind}", self.loc, duration=duration(n, self.loc))

    def dept(self, code: str) -> str:
        return t(f"dept.{code}", self.loc)

    def na(self) -> str:
        return t("report.na", self.loc)


def clip(lines: Sequence[str], locale: str, limit: int = FIELD_LIMIT) -> str:
    """Lines joined up to ``limit`` characters; the rest said as "… N more in the XLSX"."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        more = t("report.more", locale, count=len(lines) - i)
        if used + len(line) + 1 + (len(more) + 1 if i < len(lines) - 1 else 0) > limit:
            out.append(more)
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out) or "—"


# --------------------------------------------------------------------------- sections


def meal_line(m: MealLine, f: Fmt) -> str:
    name = t(f"report.meal_name.{m.name}", f.loc) if m.name in MEAL_ORDER else escape(m.name)
    if m.called is None:
        return t("report.meals.not_called", f.loc, meal=name, planned=f.time(m.planned))
    if m.back is None:
        return t("report.meals.on_break", f.loc, meal=name, called=f.time(m.called), minutes=m.minutes)
    key = "report.meals.returned" if m.returned else "report.meals.moved_on"
    return t(key, f.loc, meal=name, called=f.time(m.called), back=f.time(m.back), taken=f.dur(m.taken_minutes or 0))


def dropped_line(s: SceneLine, f: Fmt) -> str:
    if s.status == "unshot":
        return t("report.scenes.unshot", f.loc, scene=escape(s.number), set=escape(s.set_name))
    if s.moved_to == "pool":
        where = t("report.scenes.to_pool", f.loc)
    elif s.moved_to:
        day = s.moved_to_day if s.moved_to_day is not None else "?"
        where = t("report.scenes.to_day", f.loc, day=day, date=s.moved_to[5:])
    else:
        where = t("report.scenes.to_unknown", f.loc)
    reason = escape(s.reason) if s.reason else t("report.no_reason", f.loc)
    return t("report.scenes.dropped_line", f.loc, scene=escape(s.number), reason=reason, where=where)


def sheet_text(s: SheetStatus | None, f: Fmt, *, today: bool) -> str:
    if s is None:
        return t("report.sheet.no_next_day", f.loc)
    if not s.published:
        return t("report.sheet.not_published", f.loc, day=s.day_number, date=f.date(s.date))
    rate = f"{round(100 * s.rate)}%" if s.rate is not None else f.na()
    key = "report.sheet.today" if today else "report.sheet.tomorrow"
    text = t(key, f.loc, day=s.day_number, date=f.date(s.date), version=s.version, confirmed=s.confirmed, total=s.total, rate=rate)
    if s.unreachable:
        text += " " + t("report.sheet.unreachable", f.loc, count=s.unreachable)
    return text


def hours_line(h: HoursLine, f: Fmt, *, department: bool) -> str:
    name = f.dept(h.department) if department else escape(h.name)
    key = "report.hours.department_line" if department else "report.hours.actor_line"
    return t(key, f.loc, name=name, span=f.span(h.start, h.end), duration=f.dur(h.minutes), people=h.people)


def breach_line(b: Breach, f: Fmt) -> str:
    who, dept = escape(b.name), f.dept(b.department)
    if b.kind == REST:
        return t("report.rest.rest_line", f.loc, name=who, department=dept, rest=f.dur(b.value), limit=f.dur(b.limit),
                 short=f.dur(b.by), release=f.time(b.release), call=f.time(b.next_call))
    if b.kind == DAY:
        return t("report.rest.day_line", f.loc, name=who, department=dept, work=f.dur(b.value), limit=f.dur(b.limit))
    if b.kind == OVERTIME_MONTH:
        return t("report.rest.month_line", f.loc, name=who, department=dept, overtime=f.dur(b.value), limit=f.dur(b.limit))
    return t("report.rest.run_line", f.loc, name=who, department=dept, days=b.value, limit=b.limit)


def rules_text(pack: str, min_rest: int | None, locale: str) -> str:
    if pack == "custom":
        return t("report.rules.custom", locale, hours=duration(min_rest or 0, locale))
    return t(f"report.rules.{pack}", locale)


def rest_lines(report: DailyReport, f: Fmt) -> list[str]:
    rest = report.rest
    if rest is None:
        return [f.na()]
    if not rest.breaches:
        if rest.next_date is None:
            return [t("report.rest.ok_no_next", f.loc)]
        key = "report.rest.ok_published" if rest.next_published else "report.rest.ok_planned"
        return [t(key, f.loc, date=f.date(rest.next_date))]
    return department_lines(rest.departments, f) + [breach_line(b, f) for b in rest.breaches]


def department_lines(departments: Iterable[DepartmentBreach], f: Fmt) -> list[str]:
    """"⚠️ Lighting & grip: 6 short of rest, least 9 h 10 min (王强, 刘洋 ...)"."""
    lines = []
    for d in departments:
        value = f.dur(d.worst) if d.kind != DAYS_IN_A_ROW else str(d.worst)
        names = join_list((escape(n) for n in d.names[:6]), f.loc)
        if len(d.names) > 6:
            names += t("report.and_more", f.loc, count=len(d.names) - 6)
        lines.append(t(f"report.rest.department.{d.kind}", f.loc, department=f.dept(d.department), people=d.people, value=value, names=names))
    return lines


# --------------------------------------------------------------------------- the embeds


def _field(name: str, lines: Sequence[str], locale: str) -> dict[str, Any]:
    return {"name": name[:256], "value": clip(list(lines), locale), "inline": False}


def _colour(report: DailyReport) -> int:
    bad = bool(report.rest and report.rest.breaches) or (report.pace is not None and (report.pace.over_days or 0) > 0)
    late = (report.wrap_vs_plan or 0) > 30
    return COLOUR_BAD if bad else COLOUR_LATE if late else COLOUR_OK


def day_fields(report: DailyReport, f: Fmt) -> list[dict[str, Any]]:
    loc = f.loc
    fields = []
    first = [t("report.call.line", loc, call=f.time(report.general_call), first=f.time(report.first_shot),
               planned=f.time(report.planned_first_shot))]
    if report.call_to_first_shot is not None:
        first.append(t("report.call.after", loc, duration=f.dur(report.call_to_first_shot)))
    fields.append(_field(t("report.call.title", loc), [" · ".join(first)], loc))

    wrap_key = "report.wrap.line" if report.state == "wrapped" else "report.wrap.projected"
    wrap = [t(wrap_key, loc, planned=f.time(report.planned_wrap), wrap=f.time(report.wrap))]
    if report.wrap_vs_plan is not None:
        wrap.append(f.vs_plan(report.wrap_vs_plan))
    fields.append(_field(t("report.wrap.title", loc), [" · ".join(wrap)], loc))

    meals = [meal_line(m, f) for m in report.meals] or [t("report.meals.none", loc)]
    fields.append(_field(t("report.meals.title", loc), meals, loc))

    scenes = [t("report.scenes.counts", loc, planned=report.planned_scenes, shot=report.shot, dropped=len(report.dropped))]
    if report.count("shooting") or report.count("pending"):
        scenes[0] += " · " + t("report.scenes.to_go", loc, count=report.count("shooting") + report.count("pending"))
    carried_in = [s for s in report.scenes if s.carried_from is not None]
    if carried_in:
        scenes.append(t("report.scenes.carried_in", loc, scenes=join_list((escape(s.number) for s in carried_in), loc)))
    scenes += [dropped_line(s, f) for s in report.dropped]
    fields.append(_field(t("report.scenes.title", loc), scenes, loc))

    eps = [t("report.episodes.line", loc, done=report.episodes_done, total=report.episodes_total,
             minutes=f"{report.screen_minutes:.1f}", total_minutes=f"{report.screen_minutes_total:.1f}")]
    if report.episodes_today:
        eps.append(t("report.episodes.today", loc, episodes=join_list((escape(e) for e in report.episodes_today), loc)))
    fields.append(_field(t("report.episodes.title", loc), eps, loc))

    fields.append(_field(t("report.pace.title", loc), pace_lines(report, f), loc))

    company = report.company_moves
    moves = [t("report.moves.summary", loc, count=len(company), minutes=f.dur(report.move_minutes),
               set_moves=len(report.moves) - len(company))]
    moves += [t("report.moves.line", loc, time=f.time(m.at), from_set=escape(m.from_set), to_set=escape(m.to_set), minutes=m.walk_minutes)
              for m in company]
    fields.append(_field(t("report.moves.title", loc), moves, loc))

    if not report.delays_known:
        delays = [f.na()]
    elif not report.delays:
        delays = [t("report.delays.none", loc)]
    else:
        delays = [t("report.delays.summary", loc, count=len(report.delays), net=f.vs_plan(report.delay_minutes))]
        for d in report.delays:
            key = "report.delays.line" if d.minutes > 0 else "report.delays.ahead_line"
            delays.append(t(key, loc, time=f.time(d.at), minutes=abs(d.minutes), scene=escape(d.scene or "—"),
                            reason=escape(d.reason) if d.reason else t("report.no_reason", loc)))
    fields.append(_field(t("report.delays.title", loc), delays, loc))

    windows = [t(f"report.windows.{w.kind}{'_early' if w.early else ''}", loc, scene=escape(w.scene), set=escape(w.set_name),
                 minutes=f.dur(w.minutes), opens=f.time(w.opens), closes=f.time(w.closes))
               for w in report.windows] or [t("report.windows.none", loc)]
    fields.append(_field(t("report.windows.title", loc), windows, loc))
    return fields


def pace_lines(report: DailyReport, f: Fmt) -> list[str]:
    p, loc = report.pace, f.loc
    if p is None:
        return [f.na()]
    lines = [t("report.pace.to_date", loc, shot=p.shot_to_date, planned=p.planned_to_date, total=p.scenes_total)]
    behind = p.behind_scenes
    days = f.na() if p.behind_days is None else "<0.1" if abs(p.behind_days) < 0.05 else f"{abs(p.behind_days):.1f}"
    if behind > 0:
        lines.append(t("report.pace.behind", loc, scenes=behind, days=days))
    elif behind < 0:
        lines.append(t("report.pace.ahead", loc, scenes=-behind, days=days))
    else:
        lines.append(t("report.pace.on_plan", loc))
    if p.per_day_minutes is None or p.projected_last_day is None:
        lines.append(t("report.pace.no_pace", loc))
    else:
        lines.append(t("report.pace.projection", loc, per_day=f.dur(round(p.per_day_minutes)), day=p.projected_last_day,
                       date=f.date(p.projected_last_date), planned_day=p.planned_days, planned_date=f.date(p.planned_last_date)))
        if p.estimated_days:
            lines.append(t("report.pace.estimated", loc, days=p.estimated_days))
    return lines


def people_fields(report: DailyReport, f: Fmt) -> list[dict[str, Any]]:
    loc = f.loc
    fields = [_field(t("report.sheet.title", loc), [sheet_text(report.sheet, f, today=True) if report.sheet else t("report.sheet.none_today", loc),
                                                     sheet_text(report.tomorrow, f, today=False)], loc)]
    if report.standby is None:
        standby = [f.na()]
    elif not report.standby:
        standby = [t("report.standby.none", loc)]
    else:
        standby = [t("report.standby.line", loc, department=f.dept(s.department), calls=s.calls, answered=s.answered,
                     median=f.secs(s.median_seconds), p90=f.secs(s.p90_seconds)) for s in report.standby]
    fields.append(_field(t("report.standby.title", loc), standby, loc))

    if report.money is None:
        money = [f.na()]
    elif not report.money:
        money = [t("report.money_section.none", loc)]
    else:
        money = [t("report.money_section.line", loc, meal=t(f"report.meal_name.{m.meal}", loc) if m.meal in MEAL_ORDER else escape(m.meal),
                   portions=m.portions, cost=f.money(m.cost), allowance=f.money(m.allowance), people=m.allowance_people) for m in report.money]
        cost, allowance = report.money_total or (0, 0)
        money.append(t("report.money_section.total", loc, cost=f.money(cost), allowance=f.money(allowance), total=f.money(cost + allowance)))
    fields.append(_field(t("report.money_section.title", loc), money, loc))

    depts = [hours_line(h, f, department=True) for h in report.hours_departments] or [f.na()]
    fields.append(_field(t("report.hours.departments", loc), depts, loc))
    actors = [hours_line(h, f, department=False) for h in report.hours_actors] or [t("report.hours.no_actors", loc)]
    fields.append(_field(t("report.hours.actors", loc), actors, loc))

    rules = report.rest.rules if report.rest is not None else None
    title = t("report.rest.title", loc, rules=rules_text(rules.pack, rules.min_rest_minutes, loc) if rules else f.na())
    fields.append(_field(title, rest_lines(report, f), loc))

    if report.overrides:
        lines = [t("report.override.line", loc, day=o.day_number, date=f.date(o.date), version=o.version, by=escape(o.by_name),
                   time=f.time(o.at), reason=escape(o.reason), people=len(o.people)) for o in report.overrides]
        fields.append(_field(t("report.override.title", loc), lines, loc))
    return fields


def embeds(report: DailyReport, locale: str, *, footer: str = "") -> list[dict[str, Any]]:
    """The report as two embeds (the day; people, money and rest), within Discord's limits."""
    f = Fmt(report, locale)
    title = t("report.title", locale, code=escape(report.production_code), name=escape(report.production_name))
    state = "" if report.state == "wrapped" else "\n" + t(f"report.state.{report.state}", locale)
    description = t("report.subtitle", locale, date=report.date.isoformat(), day=report.day_number, total=report.total_days) + state
    first = {"title": title[:256], "description": description, "color": _colour(report), "fields": day_fields(report, f)}
    second = {"title": t("report.people_title", locale)[:256], "color": _colour(report), "fields": people_fields(report, f)}
    if footer:
        second["footer"] = {"text": footer[:2048]}
    out = [first, second]
    _fit(out, locale)
    return out


def _size(e: dict[str, Any]) -> int:
    return len(e.get("title", "")) + len(e.get("description", "")) + len(e.get("footer", {}).get("text", "")) + sum(
        len(x["name"]) + len(x["value"]) for x in e.get("fields", []))


def _fit(out: list[dict[str, Any]], locale: str) -> None:
    """Shorten the longest field values until both embeds fit one message."""
    while sum(_size(e) for e in out) > EMBED_BUDGET:
        fields = [x for e in out for x in e.get("fields", [])]
        longest = max(fields, key=lambda x: len(x["value"]))
        lines = longest["value"].split("\n")
        if len(lines) <= 2:
            longest["value"] = longest["value"][: max(40, len(longest["value"]) // 2)]
            continue
        longest["value"] = clip(lines[:-2], locale, limit=len(longest["value"]) - 1)


def park_line(report: DailyReport, locale: str) -> str:
    """One production in the park view."""
    f = Fmt(report, locale)
    p = report.pace
    parts = [t("report.park.head", locale, code=escape(report.production_code), name=escape(report.production_name), day=report.day_number,
               total=report.total_days, shot=report.shot, planned=report.planned_scenes)]
    if p is not None:
        if p.behind_scenes > 0:
            parts.append(t("report.park.behind", locale, scenes=p.behind_scenes))
        elif p.behind_scenes < 0:
            parts.append(t("report.park.ahead", locale, scenes=-p.behind_scenes))
        if p.projected_last_day is not None:
            parts.append(t("report.park.last_day", locale, day=p.projected_last_day, total=p.planned_days))
    if report.wrap is not None:
        key = "report.park.wrap" if report.state == "wrapped" else "report.park.projected"
        parts.append(t(key, locale, time=f.time(report.wrap)))
        if report.wrap_vs_plan:
            parts.append(f.vs_plan(report.wrap_vs_plan))
    if report.rest is not None and report.rest.breaches:
        parts.append(t("report.park.rest", locale, count=len({b.key for b in report.rest.breaches})))
    return " · ".join(parts)


def park_view(reports: Iterable[DailyReport], locale: str) -> str:
    """One line per production, worst first."""
    ordered = sorted(reports, key=lambda r: r.worst)
    lines = [t("report.park.title", locale, count=len(ordered))]
    lines += [f"{i}. {park_line(r, locale)}" for i, r in enumerate(ordered, start=1)]
    return "\n".join(lines)


def rest_warning(check: RestCheck, day: date, day_number: int, timezone: str, locale: str) -> dict[str, Any]:
    """The warning /callsheet publish gives the AD before a sheet that breaks the rest rules: who,
    by how much, per department, and how to publish anyway."""
    before = next((b.release_day for b in check.breaches if b.release_day is not None), day)
    f = Fmt(None, locale, day=before, timezone=timezone)  # "22:32 → 次日 06:00": times read from the day they were released
    rules = rules_text(check.rules.pack, check.rules.min_rest_minutes, locale)
    lines = department_lines(check.departments, f) + [breach_line(b, f) for b in check.breaches]
    return {
        "title": t("rest.warning.title", locale, day=day_number, date=day.isoformat())[:256],
        "description": t("rest.warning.description", locale, rules=rules, people=len(check.people())),
        "color": COLOUR_BAD,
        "fields": [{"name": t("rest.warning.who", locale), "value": clip(lines, locale), "inline": False},
                   {"name": t("rest.warning.what_now", locale), "value": t("rest.warning.how", locale), "inline": False}],
    }


def draft_footer(locale: str) -> str:
    return t("report.footer.draft", locale)


def signed_footer(by: str, at: datetime, tz: ZoneInfo, locale: str) -> str:
    return t("report.footer.signed", locale, by=by, time=at.astimezone(tz).strftime("%H:%M"))


def superseded_footer(revision: int, locale: str) -> str:
    return t("report.footer.superseded", locale, revision=revision)

