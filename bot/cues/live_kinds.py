"""The live day's cue kinds: how each renders (in the cue's language; times in the production's
timezone, "次日 01:10" past midnight) and, where it matters, a send-time check.

Registered with ``bot.cues.kinds.register`` when ``bot.cues.kinds`` is imported. Nothing here
imports discord; the cast call proposal carries :class:`~bot.cues.kinds.Button` specs whose
custom ids are AD action buttons (``bot.domain.actions.button_id``: production, proposal, drawn for
the open state), answered once by the ``/shoot`` cog (``cogs.shoot.views``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.cues.kinds import (
    Button,
    CueKind,
    Rendered,
    _day,
    _dt,
    behind_text,
    clock,
    kind_label,
    place,
    register,
    scenes_text,
    text,
    walk_text,
    when,
)
from bot.domain import cues as C
from bot.domain.actions import button_id
from bot.domain.crew import DEPARTMENTS
from bot.domain.cues import Cue
from bot.domain.plan import MEAL_NAMES
from bot.i18n import duration, join_list, t
from bot.render.escape import escape
from db.database import Tx

MAX_LIST_LINES = 25


def proposal_custom_id(action: str, production_id: int, proposal_id: int) -> str:
    """``action``: all | pick | hold; the AD action button ``cc_<action>`` drawn for the open proposal (state 0)."""
    return button_id(f"cc_{action}", production_id, proposal_id, 0)


def meal_name(name: object, locale: str) -> str:
    return t(f"cues.meal_name.{name if name in MEAL_NAMES else 'supper'}", locale)


def department(code: object, locale: str) -> str:
    return t(f"dept.{code}", locale) if code in DEPARTMENTS else str(code or "")


# --------------------------------------------------------------------------- people


def render_call(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    key = "cues.call.text" if p.get("where") else "cues.call.text_here"  # the canteen is not called to a set
    out = t(key, loc, call=when(cue, "call", tz), where=text(cue, "where"), day=p.get("day_number", ""), total=p.get("total_days", ""))
    if scenes := scenes_text(cue):
        out += "\n" + t("cues.call.scenes", loc, scenes=scenes)
    return Rendered(out)


def render_unconfirmed(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    return Rendered(t("cues.unconfirmed.text", cue.locale, date=p.get("date", ""), call=when(cue, "call", tz), where=text(cue, "where") or "—"))


def render_unconfirmed_list(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    people = list(p.get("people") or [])
    lines = [t("cues.unconfirmed_list.title", loc, count=len(people), date=p.get("date", ""))]
    for person in people[:MAX_LIST_LINES]:
        lines.append(t("cues.unconfirmed_list.line", loc, name=escape(person.get("name")), department=department(person.get("department"), loc),
                       call=clock(_dt(person.get("call")), _day(cue), tz, loc)))
    if len(people) > MAX_LIST_LINES:
        lines.append(t("cues.missed.more", loc, count=len(people) - MAX_LIST_LINES))
    return Rendered("\n".join(lines))


def render_call_changed(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    delta = int(p.get("delta") or 0)
    key = "cues.call_changed.later" if delta > 0 else "cues.call_changed.earlier"
    return Rendered(t(key, cue.locale, old=when(cue, "old", tz), new=when(cue, "new", tz), minutes=abs(delta), where=text(cue, "where") or "—"))


def render_cast_proposal(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    items = list(p.get("items") or [])
    lines = [t("cues.cast_proposal.title", loc, count=len(items), date=p.get("date", ""))]
    for item in items:
        delta = int(item.get("delta") or 0)
        key = "cues.cast_proposal.later" if delta > 0 else "cues.cast_proposal.earlier"
        lines.append(t(key, loc, name=escape(item.get("name")), old=clock(_dt(item.get("old")), _day(cue), tz, loc),
                       new=clock(_dt(item.get("new")), _day(cue), tz, loc), minutes=abs(delta)))
    lines.append(t("cues.cast_proposal.ask", loc))
    pid = int(p.get("proposal") or 0)
    buttons = (
        Button(proposal_custom_id("all", cue.production_id, pid), t("cues.cast_proposal.send_all", loc), "success"),
        Button(proposal_custom_id("pick", cue.production_id, pid), t("cues.cast_proposal.pick", loc), "primary"),
        Button(proposal_custom_id("hold", cue.production_id, pid), t("cues.cast_proposal.hold", loc), "secondary"),
    )
    return Rendered("\n".join(lines), buttons=buttons)


# --------------------------------------------------------------------------- moves


def render_next_set(cue: Cue, tz: ZoneInfo) -> Rendered:
    return Rendered(t("cues.next_set.text", cue.locale, place=place(cue), about=when(cue, "about", tz), walk=walk_text(cue),
                      scene=text(cue, "scene")))


def render_prelight(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    key = "cues.prelight.art" if p.get("department") == "art" else "cues.prelight.lighting"
    out = t(key, cue.locale, place=place(cue), scene=text(cue, "scene"), about=when(cue, "about", tz))
    if p.get("need"):
        out += "\n" + t("cues.prelight.need", cue.locale, need=text(cue, "need"))
    return Rendered(out)


def render_company_move(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    out = t("cues.company_move.text", loc, from_set=text(cue, "from_set"), place=place(cue), walk=walk_text(cue),
            about=when(cue, "about", tz), scene=text(cue, "scene"))
    moving = []
    if p.get("base"):
        moving.append(t("cues.company_move.base", loc, base=text(cue, "base")))
    if p.get("generator"):
        moving.append(t("cues.company_move.generator", loc))
    if p.get("vehicles"):
        moving.append(text(cue, "vehicles"))
    if moving:
        out += "\n" + t("cues.company_move.with", loc, what=join_list(moving, loc))
    return Rendered(out)


def render_set_move(cue: Cue, tz: ZoneInfo) -> Rendered:
    return Rendered(t("cues.set_move.text", cue.locale, from_set=text(cue, "from_set"), set=text(cue, "set"), walk=walk_text(cue),
                      scene=text(cue, "scene")))


# --------------------------------------------------------------------------- meals


def render_meal(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    key = "cues.meal.canteen" if p.get("to") == "canteen" else "cues.meal.text"
    return Rendered(t(key, cue.locale, meal=meal_name(p.get("meal"), cue.locale), minutes=p.get("minutes", ""), start=when(cue, "start", tz),
                      end=when(cue, "end", tz)))


def render_meal_return(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    key = "cues.meal_return.scene" if p.get("scene") else "cues.meal_return.text"
    return Rendered(t(key, cue.locale, meal=meal_name(p.get("meal"), cue.locale), scene=text(cue, "scene"), at=when(cue, "at", tz)))


def render_meal_warning(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    return Rendered(t("cues.meal_warning.text", cue.locale, meal=meal_name(p.get("meal"), cue.locale), start=when(cue, "start", tz),
                      minutes=p.get("minutes", "")))


def render_meal_moved(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    meal = meal_name(p.get("meal"), cue.locale)
    if not p.get("start"):
        return Rendered(t("cues.meal_moved.cancelled", cue.locale, meal=meal, old=when(cue, "old", tz)))
    return Rendered(t("cues.meal_moved.text", cue.locale, meal=meal, old=when(cue, "old", tz), start=when(cue, "start", tz),
                      minutes=p.get("minutes", "")))


def render_no_meal(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    before = p.get("before")
    until = t("cues.no_meal.until_wrap", loc) if before == "wrap" else meal_name(before, loc)
    return Rendered(t("cues.no_meal.text", loc, start=when(cue, "start", tz), end=when(cue, "end", tz), until=until,
                      duration=duration(int(p.get("minutes") or 0), loc), hours=p.get("hours", "")))


# --------------------------------------------------------------------------- windows, wrap


def render_window(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    kind = p.get("window") if p.get("window") in ("window", "sunset", "dusk") else "window"
    key = f"cues.window.{kind}" + ("_early" if p.get("early") and kind != "sunset" else "")
    return Rendered(t(key, loc, scene=text(cue, "scene"), set=text(cue, "set"), start=when(cue, "start", tz), end=when(cue, "end", tz),
                      opens=when(cue, "opens", tz), closes=when(cue, "closes", tz), by=duration(int(p.get("minutes") or 0), loc)))


def render_wrap(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    out = t("cues.wrap.text", loc, day=p.get("day_number", ""), total=p.get("total_days", ""), at=when(cue, "at", tz), shot=p.get("shot", 0),
            vs_plan=behind_text(int(p.get("behind") or 0), loc))
    if p.get("unshot"):
        out += "\n" + t("cues.wrap.unshot", loc, scenes=join_list((escape(x) for x in p["unshot"]), loc))
    if p.get("skipped"):
        out += "\n" + t("cues.wrap.skipped", loc, scenes=join_list((escape(x) for x in p["skipped"]), loc))
    return Rendered(out)


MAX_SUMMARY_LINES = 20


def render_missed_summary(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc = cue.locale
    items = list(cue.payload.get("items") or [])
    lines = [t("cues.missed.title", loc, count=len(items))]
    for item in items[:MAX_SUMMARY_LINES]:
        due = _dt(item.get("due"))
        target = f"<@{item['user_id']}>" if item.get("user_id") and not item.get("channel_id") else f"<#{item.get('channel_id')}>"
        kind = kind_label(str(item.get("kind")), loc)
        key = "cues.missed.line_uncertain" if item.get("abandoned") else "cues.missed.line"
        lines.append(t(key, loc, due=due.astimezone(tz).strftime("%m-%d %H:%M") if due else "—", kind=kind, target=target))
    if len(items) > MAX_SUMMARY_LINES:
        lines.append(t("cues.missed.more", loc, count=len(items) - MAX_SUMMARY_LINES))
    return Rendered("\n".join(lines))


def render_internal(cue: Cue, tz: ZoneInfo) -> Rendered:
    raise LookupError(f"internal cue kind {cue.kind!r} is never rendered")


async def _still_unconfirmed(tx: Tx, cue: Cue) -> bool:
    """Skip the "please confirm" reminder when the person confirmed meanwhile."""
    from db.repositories.callsheet import CallsheetRepo

    if cue.day_id is None or cue.target.user_id is None:
        return True
    version_id = await CallsheetRepo.latest_id(tx, cue.day_id)
    if version_id is None:
        return True
    for d in await CallsheetRepo.deliveries(tx, version_id):
        if d.user_id == cue.target.user_id:
            return d.status != "confirmed"
    return False  # no longer called


for _kind in (
    CueKind(C.CALL, render_call),
    CueKind(C.UNCONFIRMED, render_unconfirmed, _still_unconfirmed),
    CueKind(C.UNCONFIRMED_LIST, render_unconfirmed_list),
    CueKind(C.CALL_CHANGED, render_call_changed),
    CueKind(C.CAST_PROPOSAL, render_cast_proposal),
    CueKind(C.NEXT_SET, render_next_set),
    CueKind(C.PRELIGHT, render_prelight),
    CueKind(C.COMPANY_MOVE, render_company_move),
    CueKind(C.SET_MOVE, render_set_move),
    CueKind(C.MEAL, render_meal),
    CueKind(C.MEAL_RETURN, render_meal_return),
    CueKind(C.MEAL_WARNING, render_meal_warning),
    CueKind(C.MEAL_MOVED, render_meal_moved),
    CueKind(C.NO_MEAL, render_no_meal),
    CueKind(C.WINDOW, render_window),
    CueKind(C.WRAP, render_wrap),
    CueKind(C.MISSED_SUMMARY, render_missed_summary, timely=False),
    CueKind(C.REPLAN, render_internal, internal=True),  # run by LiveDayService.replan
):
    register(_kind)
