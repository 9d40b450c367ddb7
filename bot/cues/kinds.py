"""The seam for cue kinds: kind -> renderer (+ an optional send-time check).

A renderer turns a stored cue into text in the cue's locale (the production's language for
channels, the person's for DMs) and says whom the message may mention. Other features add kinds
with :func:`register`::

    register(CueKind("standby", render_standby))

and put cues in the table through ``CueRepo`` / ``LiveDayService.sync`` with their own scope.
Nothing here imports discord.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import cues as C
from bot.domain.callsheet import fmt_time
from bot.domain.cues import Cue
from bot.i18n import t
from db.database import Tx


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str
    mention_users: tuple[int, ...] = ()
    mention_roles: tuple[int, ...] = ()


Renderer = Callable[[Cue, ZoneInfo], Rendered]
Precheck = Callable[[Tx, Cue], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class CueKind:
    name: str
    render: Renderer
    precheck: Precheck | None = None  # False at send time: the cue is skipped ("no longer wanted")


_KINDS: dict[str, CueKind] = {}


def register(kind: CueKind, *, replace: bool = False) -> None:
    if kind.name in _KINDS and not replace:
        raise ValueError(f"cue kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind


def get(name: str) -> CueKind | None:
    return _KINDS.get(name)


def registered() -> tuple[str, ...]:
    return tuple(_KINDS)


def render(cue: Cue, tz: ZoneInfo, *, late: bool = False) -> Rendered:
    kind = _KINDS.get(cue.kind)
    if kind is None:
        raise LookupError(f"no renderer for cue kind {cue.kind!r}")
    out = kind.render(cue, tz)
    if late:
        out = Rendered(t("cues.late_prefix", cue.locale) + out.content, out.mention_users, out.mention_roles)
    if cue.target.role_id is not None and cue.target.channel_id is not None:
        out = Rendered(f"<@&{cue.target.role_id}> {out.content}", out.mention_users, (*out.mention_roles, cue.target.role_id))
    return Rendered(out.content[:2000], out.mention_users, out.mention_roles)


async def precheck(tx: Tx, cue: Cue) -> bool:
    kind = _KINDS.get(cue.kind)
    if kind is None or kind.precheck is None:
        return True
    return await kind.precheck(tx, cue)


# --------------------------------------------------------------------------- helpers


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _day(cue: Cue) -> date | None:
    d = cue.payload.get("date")
    return date.fromisoformat(d) if d else None


def when(cue: Cue, field: str, tz: ZoneInfo) -> str:
    """A payload time in the production's timezone: "14:40", or "01:10 (+1)" past midnight."""
    value = _dt(cue.payload.get(field))
    day = _day(cue)
    if value is None:
        return "—"
    return fmt_time(value, day, tz) if day is not None else value.astimezone(tz).strftime("%H:%M")


PLACEHOLDERS = {"-", "—", "–", "/", "n/a", "N/A"}


def place(cue: Cue) -> str:
    """"Courtroom, Building 3, Heart Road South"."""
    p = cue.payload
    parts = (str(p.get(k) or "").strip() for k in ("set", "building", "road"))
    return ", ".join(x for x in parts if x and x not in PLACEHOLDERS)


def _scenes(cue: Cue) -> str:
    return ", ".join(cue.payload.get("scenes") or [])


def _walk(cue: Cue) -> str:
    minutes = int(cue.payload.get("walk") or 0)
    return t("cues.walk", cue.locale, minutes=minutes) if minutes else t("cues.walk_unknown", cue.locale)


# --------------------------------------------------------------------------- the live day's kinds


def render_call(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    text = t("cues.call.text", loc, call=when(cue, "call", tz), where=p.get("where", ""), day=p.get("day_number", ""), total=p.get("total_days", ""))
    if scenes := _scenes(cue):
        text += "\n" + t("cues.call.scenes", loc, scenes=scenes)
    return Rendered(text)


def render_unconfirmed(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    return Rendered(t("cues.unconfirmed.text", cue.locale, date=p.get("date", ""), call=when(cue, "call", tz), where=p.get("where", "")))


def render_call_changed(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    delta = int(p.get("delta") or 0)
    key = "cues.call_changed.later" if delta > 0 else "cues.call_changed.earlier"
    return Rendered(t(key, cue.locale, old=when(cue, "old", tz), new=when(cue, "new", tz), minutes=abs(delta), where=p.get("where", "")))


def render_next_set(cue: Cue, tz: ZoneInfo) -> Rendered:
    return Rendered(t("cues.next_set.text", cue.locale, place=place(cue), about=when(cue, "about", tz), walk=_walk(cue), scene=cue.payload.get("scene", "")))


def render_prelight(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    key = "cues.prelight.art" if p.get("department") == "art" else "cues.prelight.lighting"
    text = t(key, cue.locale, place=place(cue), scene=p.get("scene", ""), about=when(cue, "about", tz))
    if p.get("need"):
        text += "\n" + t("cues.prelight.need", cue.locale, need=p["need"])
    return Rendered(text)


def render_company_move(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    return Rendered(
        t("cues.company_move.text", cue.locale, from_set=p.get("from_set", ""), place=place(cue), walk=_walk(cue), about=when(cue, "about", tz), scene=p.get("scene", ""))
    )


def _meal_name(cue: Cue) -> str:
    meal = cue.payload.get("meal", "supper")
    return t(f"cues.meal_name.{'lunch' if meal == 'lunch' else 'supper'}", cue.locale)


def render_meal(cue: Cue, tz: ZoneInfo) -> Rendered:
    return Rendered(t("cues.meal.text", cue.locale, meal=_meal_name(cue), minutes=cue.payload.get("minutes", ""), end=when(cue, "end", tz)))


def render_meal_warning(cue: Cue, tz: ZoneInfo) -> Rendered:
    return Rendered(t("cues.meal_warning.text", cue.locale, meal=_meal_name(cue), start=when(cue, "start", tz), minutes=cue.payload.get("minutes", "")))


def behind_text(minutes: int, locale: str) -> str:
    if minutes > 0:
        return t("cues.behind", locale, minutes=minutes)
    if minutes < 0:
        return t("cues.ahead", locale, minutes=-minutes)
    return t("cues.on_time", locale)


def render_wrap(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc, p = cue.locale, cue.payload
    text = t(
        "cues.wrap.text",
        loc,
        day=p.get("day_number", ""),
        total=p.get("total_days", ""),
        at=when(cue, "at", tz),
        shot=p.get("shot", 0),
        vs_plan=behind_text(int(p.get("behind") or 0), loc),
    )
    if p.get("unshot"):
        text += "\n" + t("cues.wrap.unshot", loc, scenes=", ".join(p["unshot"]))
    if p.get("skipped"):
        text += "\n" + t("cues.wrap.skipped", loc, scenes=", ".join(p["skipped"]))
    return Rendered(text)


MAX_SUMMARY_LINES = 20


def render_missed_summary(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc = cue.locale
    items = list(cue.payload.get("items") or [])
    lines = [t("cues.missed.title", loc, count=len(items))]
    for item in items[:MAX_SUMMARY_LINES]:
        due = _dt(item.get("due"))
        target = f"<@{item['user_id']}>" if item.get("user_id") and not item.get("channel_id") else f"<#{item.get('channel_id')}>"
        kind = t(f"cues.kind.{item.get('kind')}", loc) if item.get("kind") in C.LIVE_KINDS else str(item.get("kind"))
        key = "cues.missed.line_uncertain" if item.get("abandoned") else "cues.missed.line"
        lines.append(t(key, loc, due=due.astimezone(tz).strftime("%m-%d %H:%M") if due else "—", kind=kind, target=target))
    if len(items) > MAX_SUMMARY_LINES:
        lines.append(t("cues.missed.more", loc, count=len(items) - MAX_SUMMARY_LINES))
    return Rendered("\n".join(lines))


async def _still_unconfirmed(tx: Tx, cue: Cue) -> bool:
    """Skip the "please confirm" reminder when the person confirmed meanwhile."""
    from db.repositories.callsheet import CallsheetRepo

    if cue.day_id is None or cue.target.user_id is None:
        return True
    latest = await CallsheetRepo.latest(tx, cue.day_id)
    if latest is None:
        return True
    for d in await CallsheetRepo.deliveries(tx, latest.id):
        if d.user_id == cue.target.user_id:
            return d.status != "confirmed"
    return False  # no longer called


for _kind in (
    CueKind(C.CALL, render_call),
    CueKind(C.UNCONFIRMED, render_unconfirmed, _still_unconfirmed),
    CueKind(C.CALL_CHANGED, render_call_changed),
    CueKind(C.NEXT_SET, render_next_set),
    CueKind(C.PRELIGHT, render_prelight),
    CueKind(C.COMPANY_MOVE, render_company_move),
    CueKind(C.MEAL, render_meal),
    CueKind(C.MEAL_WARNING, render_meal_warning),
    CueKind(C.WRAP, render_wrap),
    CueKind(C.MISSED_SUMMARY, render_missed_summary),
):
    register(_kind)
