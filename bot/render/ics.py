"""An RFC 5545 calendar for one person's call: one VEVENT from their call to the estimated wrap.

Times are written in UTC (``...Z``), which every calendar accepts without a VTIMEZONE block. The
UID is stable per production, shoot day and person, and SEQUENCE is the call sheet version, so a
revised sheet updates the event people already imported instead of adding a second one. Lines end
in CRLF and are folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.callsheet import CallSheet, PersonCall
from bot.i18n import join_list, t
from bot.render.callsheet_text import where_text

PRODID = "-//SetCall//Call sheet//EN"


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line at 75 octets (continuation lines start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space counts
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(sheet: CallSheet, user_id: int) -> str:
    return f"callsheet-{sheet.production_id}-{sheet.date.isoformat()}-{user_id}@setcall"


def person_calendar(sheet: CallSheet, person: PersonCall, locale: str, *, now: datetime, removed: bool = False) -> bytes:
    """The ``.ics`` bytes for ``person`` (``removed``: a CANCEL for someone no longer called)."""
    end = sheet.est_wrap or sheet.planned_wrap or person.call + timedelta(hours=12)
    if end <= person.call:
        end = person.call + timedelta(hours=1)
    summary = t("callsheet.ics.summary", locale, time=sheet.fmt(person.call, locale), n=sheet.day_number, m=sheet.total_days,
                production=sheet.production_name)
    description_lines = [t("callsheet.dm.call", locale, time=sheet.fmt(person.call, locale)).replace("**", "")]
    if person.pickup is not None:
        description_lines.append(t("callsheet.dm.pickup", locale, time=sheet.fmt(person.pickup, locale)).replace("**", ""))
    if person.on_set is not None:
        description_lines.append(t("callsheet.dm.on_set", locale, time=sheet.fmt(person.on_set, locale)).replace("**", ""))
    description_lines.append(t("callsheet.head.general_call", locale, time=sheet.fmt(sheet.general_call, locale)).replace("**", ""))
    if person.scenes:
        description_lines.append(t("callsheet.scenes_short", locale, scenes=join_list(person.scenes, locale)))
    if sheet.hospital:
        description_lines.append(t("callsheet.head.hospital", locale, hospital=" ".join(
            p for p in (sheet.hospital, sheet.hospital_phone) if p)).replace("**", ""))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if removed else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{uid(sheet, person.user_id)}",
        f"SEQUENCE:{sheet.version}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(person.call)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(where_text(sheet, person.where, locale))}",
        f"DESCRIPTION:{escape(chr(10).join(description_lines))}",
        f"STATUS:{'CANCELLED' if removed else 'CONFIRMED'}",
    ]
    if not removed:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape(summary)}",
            "TRIGGER:-PT60M",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def filename(sheet: CallSheet) -> str:
    return f"call-{sheet.production_code}-{sheet.date.isoformat()}-v{sheet.version}.ics"
