"""Text pieces of a call sheet shared by the embeds, the DM, the PDF and the ICS, in the reader's
language. Pure functions over :class:`bot.domain.callsheet.CallSheet`."""

from __future__ import annotations

from datetime import date

from bot.domain.callsheet import CallSheet, Change, PersonCall, SceneLine
from bot.i18n import duration, join_list, t


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


def cast_names(line: SceneLine, locale: str) -> str:
    return join_list((c.character for c in line.cast), locale)


def header_lines(sheet: CallSheet, locale: str) -> list[str]:
    """The facts at the top of every sheet, one per line (markdown bold on the key numbers)."""
    out = [
        t("callsheet.head.date", locale, date=fmt_date(sheet.date, locale)),
        t("callsheet.head.general_call", locale, time=sheet.fmt(sheet.general_call, locale)),
    ]
    if sheet.planned_wrap is not None or sheet.est_wrap is not None:
        out.append(t("callsheet.head.wrap", locale, planned=sheet.fmt(sheet.planned_wrap, locale), estimated=sheet.fmt(sheet.est_wrap, locale)))
    meals = []
    if sheet.lunch_start is not None:
        meals.append(t("callsheet.head.lunch", locale, time=sheet.fmt(sheet.lunch_start, locale), minutes=sheet.lunch_minutes))
    if sheet.supper_start is not None:
        meals.append(t("callsheet.head.supper", locale, time=sheet.fmt(sheet.supper_start, locale), minutes=sheet.supper_minutes))
    if meals:
        out.append(" · ".join(meals))
    if sheet.base:
        out.append(t("callsheet.head.base", locale, base=sheet.base))
    if sheet.weather or sheet.sunrise:
        out.append(t("callsheet.head.weather", locale, weather=sheet.weather or "—", sunrise=sheet.sunrise or "—"))
    if sheet.hospital:
        parts = [p for p in (sheet.hospital, sheet.hospital_address, sheet.hospital_phone) if p]
        out.append(t("callsheet.head.hospital", locale, hospital=" · ".join(parts)))
    if sheet.emergency_contacts:
        out.append(t("callsheet.head.emergency", locale, contacts=" · ".join(sheet.emergency_contacts)))
    return out


def scene_line(sheet: CallSheet, line: SceneLine, locale: str, *, synopsis_max: int = 160) -> str:
    """"`06:00` **1-2** EP1 · INT DAY · Hospital ward · 35′ — synopsis · cast"."""
    bits = [f"`{sheet.fmt(line.start, locale)}` **{line.number}**"]
    meta = [episodes(line, locale), ie_dn(line, locale), line.set_name,
            t("callsheet.est", locale, minutes=line.est_minutes)]
    bits.append(" · ".join(m for m in meta if m))
    text = " ".join(bits)
    synopsis = line.synopsis if len(line.synopsis) <= synopsis_max else line.synopsis[: max(0, synopsis_max - 1)] + "…"
    if synopsis and synopsis_max > 0:
        text += f"\n　{synopsis}"
    if line.cast:
        text += "\n　" + t("callsheet.cast_short", locale, cast=cast_names(line, locale))
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
    return sheet.where_text(where) if where else "—"
