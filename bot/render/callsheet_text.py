"""Text pieces of a call sheet shared by the embeds, the DM, the PDF and the ICS, in the reader's
language. Pure functions over :class:`bot.domain.callsheet.CallSheet`."""

from __future__ import annotations

import unicodedata
from datetime import date

from bot.domain.callsheet import CallSheet, CastCall, Change, PersonCall, SceneLine
from bot.domain.castlist import CAST_STATUSES, CONTACT_ROLES, Contact
from bot.i18n import duration, join_list, normalize_locale, t

#: How much of a synopsis the embeds show, in half-width columns (a Chinese character is two): about
#: three lines of a Discord embed. The PDF clamps to three lines; the data keeps it all.
SYNOPSIS_CLAMP = 150


def second_language(locale: str) -> bool:
    """Crew who do not read Chinese see the second-language names where the stripboard has them."""
    return normalize_locale(locale) != "zh-CN"


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def clamp(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` half-width columns (a Chinese character counts two), ending in "…"."""
    used = 0
    for i, ch in enumerate(text):
        used += _columns(ch)
        if used > limit:
            return text[: max(0, i - 1)].rstrip() + "…"
    return text


def set_label(sheet: CallSheet, name: str, locale: str) -> str:
    """"医院病房" for a Chinese reader; "Hospital ward (医院病房)" for the others when the set has a
    second-language name (they can still match the Chinese sign on the door)."""
    alt = sheet.alt_set_name(name)
    return f"{alt} ({name})" if alt and second_language(locale) and alt != name else name


def character_label(sheet: CallSheet, character: str, locale: str) -> str:
    alt = sheet.alt_character(character) if second_language(locale) else ""
    return alt or character


def synopsis_text(line: SceneLine, locale: str) -> str:
    return line.alt_synopsis if line.alt_synopsis and second_language(locale) else line.synopsis


def notes_text(sheet: CallSheet, locale: str) -> str:
    return sheet.alt_notes if sheet.alt_notes and second_language(locale) else sheet.notes


def status_word(status: str, locale: str) -> str:
    return t(f"callsheet.status_word.{status}", locale) if status in CAST_STATUSES else ""


def role_word(role: str, locale: str) -> str:
    return t(f"callsheet.role.{role}", locale) if role in CONTACT_ROLES else ""


def contact_text(contact: Contact, locale: str) -> str:
    """"统筹 周敏 Zhou Min 138 0579 0003"."""
    return " ".join(x for x in (role_word(contact.role, locale), contact.name, contact.phone) if x)


def header_contacts(sheet: CallSheet) -> list[Contact]:
    """Director, producer and coordinator (统筹) first, then the others, as the sheet's header has them."""
    order = {"director": 0, "producer": 1, "coordinator": 2}
    return sorted(sheet.contacts, key=lambda c: order.get(c.role, 9))


def actor_times(sheet: CallSheet, c: CastCall, locale: str) -> str:
    """"pickup 03:55 (Hengdian International Hotel) · makeup 04:15 · rehearsal 05:45 · on set 06:00"."""
    parts = []
    if c.pickup is not None:
        pickup = t("callsheet.pickup", locale, time=sheet.fmt(c.pickup, locale))
        parts.append(f"{pickup} ({c.pickup_place})" if c.pickup_place else pickup)
    if c.makeup is not None:
        parts.append(t("callsheet.makeup", locale, time=sheet.fmt(c.makeup, locale)))
    if c.rehearsal is not None:
        parts.append(t("callsheet.rehearsal", locale, time=sheet.fmt(c.rehearsal, locale)))
    elif c.ready != c.on_set:
        parts.append(t("callsheet.ready", locale, time=sheet.fmt(c.ready, locale)))
    parts.append(t("callsheet.on_set", locale, time=sheet.fmt(c.on_set, locale)))
    return " · ".join(parts)


def actor_line(sheet: CallSheet, c: CastCall, locale: str, *, scenes_max: int = 10) -> str:
    """"🔄 #1 **林晓 Lin Xiao** 苏晚 · 主演 — pickup 03:55 · makeup 04:15 · ... · scenes 1-2, 1-3"."""
    characters = join_list((alt if alt and second_language(locale) else ch for ch, alt in
                            zip(c.characters, c.alt_characters or ("",) * len(c.characters), strict=False)), locale)
    head = " ".join(x for x in ("🔄" if c.actor in sheet.revised_cast else "", f"#{c.number}" if c.number else "", f"**{c.actor}**") if x)
    who = " · ".join(x for x in (characters, status_word(c.status, locale)) if x)
    scenes = list(c.scenes[:scenes_max]) + (["…"] if len(c.scenes) > scenes_max else [])
    tail = t("callsheet.scenes_short", locale, scenes=join_list(scenes, locale))
    return f"{head} {who} — {actor_times(sheet, c, locale)} · {tail}"


def extras_lines(sheet: CallSheet, locale: str) -> list[str]:
    """Totals per call time, each group, the holding area and the extras coordinator."""
    if not sheet.extras:
        return []
    out = [t("callsheet.extras.total", locale, time=sheet.fmt(call, locale), count=count) for call, count in sheet.extras_totals()]
    for g in sheet.extras:
        out.append(t("callsheet.extras.group", locale, count=g.count, description=g.description or "—",
                     scenes=join_list(g.scenes, locale), time=sheet.fmt(g.call, locale)))
    if sheet.extras_holding:
        out.append(t("callsheet.extras.holding", locale, place=sheet.extras_holding))
    if (who := sheet.contact("extras_coordinator")) is not None:
        out.append(t("callsheet.extras.coordinator", locale, name=who.name, phone=who.phone or "—"))
    return out


def changes_lines(sheet: CallSheet, locale: str, limit: int = 12) -> list[str]:
    """The "changes in this version" box: up to ``limit`` lines, then how many more."""
    lines = [f"• {change_text(c, locale)}" for c in sheet.changes[:limit]]
    if len(sheet.changes) > limit:
        lines.append(t("callsheet.changes_more", locale, count=len(sheet.changes) - limit))
    return lines


def fmt_date(d: date, locale: str) -> str:
    return t("callsheet.date", locale, date=d.isoformat(), weekday=t(f"callsheet.weekday.{d.weekday()}", locale))


def dept_name(department: str, locale: str) -> str:
    return t(f"dept.{department}", locale)


def minutes_text(minutes: int, locale: str) -> str:
    return duration(minutes, locale)


def title(sheet: CallSheet, locale: str) -> str:
    return t("callsheet.title", locale, production=sheet.production_name, n=sheet.day_number, m=sheet.total_days)


def int_ext(value: str, locale: str) -> str:
    return t(f"callsheet.ie.{value.replace('/', '_').lower()}", locale)


def day_night(value: str, locale: str) -> str:
    return t(f"callsheet.dn.{value.lower()}", locale)


def ie_dn(line: SceneLine, locale: str) -> str:
    """"INT DAY" in English, "日内" / "夜外" in Chinese: the order a sheet in that language uses."""
    return t("callsheet.ie_dn.text", locale, ie=int_ext(line.int_ext, locale), dn=day_night(line.day_night, locale))


def episodes(line: SceneLine, locale: str) -> str:
    return t("callsheet.episodes", locale, episodes=",".join(line.episodes)) if line.episodes else ""


def cast_names(line: SceneLine, locale: str, sheet: CallSheet | None = None) -> str:
    if sheet is None:
        return join_list((c.character for c in line.cast), locale)
    return join_list((character_label(sheet, c.character, locale) for c in line.cast), locale)


def header_lines(sheet: CallSheet, locale: str) -> list[str]:
    """The facts at the top of every sheet, one per line (markdown bold on the key numbers)."""
    call = t("callsheet.head.general_call", locale, time=sheet.fmt(sheet.general_call, locale))
    if sheet.first_shot != sheet.general_call:
        call += " · " + t("callsheet.head.shooting_call", locale, time=sheet.fmt(sheet.first_shot, locale))
    out = [t("callsheet.head.date", locale, date=fmt_date(sheet.date, locale)), call]
    if sheet.planned_wrap is not None or sheet.est_wrap is not None:
        out.append(t("callsheet.head.wrap", locale, planned=sheet.fmt(sheet.planned_wrap, locale), estimated=sheet.fmt(sheet.est_wrap, locale)))
    meals = [t(f"callsheet.head.{name}", locale, time=sheet.fmt(start, locale), minutes=minutes) for name, start, minutes in sheet.planned_meals()]
    if meals:
        out.append(" · ".join(meals))
    if sheet.base:
        out.append(t("callsheet.head.base", locale, base=sheet.base))
    if sheet.parking:
        out.append(t("callsheet.head.parking", locale, parking=sheet.parking))
    if sheet.weather or sheet.sunrise:
        out.append(t("callsheet.head.weather", locale, weather=sheet.weather or "—", sunrise=sheet.sunrise or "—"))
    if sheet.hospital:
        parts = [p for p in (sheet.hospital, sheet.hospital_address, sheet.hospital_phone) if p]
        out.append(t("callsheet.head.hospital", locale, hospital=" · ".join(parts)))
    if sheet.emergency_contacts:
        out.append(t("callsheet.head.emergency", locale, contacts=" · ".join(sheet.emergency_contacts)))
    if sheet.contacts:
        out.append(" · ".join(contact_text(c, locale) for c in header_contacts(sheet)))
    return out


def scene_line(sheet: CallSheet, line: SceneLine, locale: str, *, synopsis_max: int = SYNOPSIS_CLAMP) -> str:
    """"`06:00` **1-2** EP1 · INT DAY · Hospital ward · 35′ — synopsis · cast · extras"; a revised
    row starts with 🔄; a long synopsis is clamped (the data keeps it whole)."""
    mark = "🔄 " if line.number in sheet.revised else ""
    bits = [f"{mark}`{sheet.fmt(line.start, locale)}` **{line.number}**"]
    meta = [episodes(line, locale), ie_dn(line, locale), set_label(sheet, line.set_name, locale),
            t("callsheet.est", locale, minutes=line.est_minutes)]
    bits.append(" · ".join(m for m in meta if m))
    text = " ".join(bits)
    if line.carried_from is not None:
        text += " " + t("callsheet.carried", locale, date=line.carried_from.strftime("%m-%d"))
    synopsis = clamp(synopsis_text(line, locale), synopsis_max)
    if synopsis and synopsis_max > 0:
        text += f"\n　{synopsis}"
    if line.cast:
        text += "\n　" + t("callsheet.cast_short", locale, cast=cast_names(line, locale, sheet))
    if line.extras:
        text += "\n　" + t("callsheet.extras_short", locale, extras=join_list((f"{g.count} {g.description}".strip() for g in line.extras), locale))
    return text


def person_call_line(sheet: CallSheet, person: PersonCall, locale: str) -> str:
    """"**林晓 Lin Xiao** (苏晚 Su Wan) — pickup 04:10 · makeup 04:30 · on set 06:00 · 1-2, 1-3"."""
    who = f"**{person.name}**" + (f" ({join_list(person.characters, locale)})" if person.characters else "")
    parts = []
    if person.pickup is not None:
        parts.append(t("callsheet.pickup", locale, time=sheet.fmt(person.pickup, locale)))
    if person.makeup is not None:
        parts.append(t("callsheet.makeup", locale, time=sheet.fmt(person.makeup, locale)))
    if person.on_set is not None:
        parts.append(t("callsheet.on_set", locale, time=sheet.fmt(person.on_set, locale)))
    if person.kind == "override":
        parts.append(t("callsheet.special_call", locale, time=sheet.fmt(person.call, locale)))
    if person.scenes:
        parts.append(t("callsheet.scenes_short", locale, scenes=join_list(person.scenes, locale)))
    return f"{who} — " + " · ".join(parts)


def change_text(change: Change, locale: str) -> str:
    return t(change.key, locale, **change.text_params(locale))


def where_text(sheet: CallSheet, where: str, locale: str) -> str:
    if where and where == sheet.base:
        return t("callsheet.base_where", locale, base=where)
    if not where:
        return t("callsheet.where_own", locale)
    loc = sheet.set_location(where)
    name = set_label(sheet, where, locale)
    return f"{name} ({loc.address})" if loc.address else name


def meal_line(sheet: CallSheet, name: str, start, minutes: int, locale: str) -> str:
    """"🍱 **Lunch 12:14** (30 min)": a meal break where the timeline puts it."""
    return t(f"callsheet.meal_line.{name}", locale, time=sheet.fmt(start, locale), minutes=minutes)


def change_line(sheet: CallSheet, line: SceneLine, locale: str) -> str:
    """"👗 Costume / makeup change: Su Wan (10 min …)": the actors coming straight from the scene
    before change, and the scene waits for them (the day's timeline counts it)."""
    who = join_list((character_label(sheet, c, locale) for c in line.changing), locale)
    return t("callsheet.change_line", locale, who=who, minutes=line.change_minutes)


def move_line(sheet: CallSheet, move, locale: str) -> str:
    """"🚚 Company move → …" or "🔀 Set move → …" (same building, a short walk)."""
    key = "callsheet.set_move_line" if getattr(move, "kind", "company") == "set" else "callsheet.move_line"
    if not move.minutes:  # the walks table has no time for it: not "0 min walk"
        key += "_no_walk"
    return t(key, locale, to=where_text(sheet, move.to_set, locale), minutes=move.minutes)
