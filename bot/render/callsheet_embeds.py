"""Call sheet embeds as plain dicts (``discord.Embed.from_dict`` takes them), grouped into
messages that always fit Discord's limits, however long the day:

content 2000 · embed title 256 · description 4096 · 25 fields · field name 256 / value 1024 ·
footer 2048 · author 256 · 6000 characters across all embeds of a message · 10 embeds per message.

Nothing here imports discord. :func:`check_message` lists every limit a message breaks (the tests
and the cogs use it as a guard).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.domain.callsheet import CallSheet, DeptCall
from bot.i18n import in_languages, join_list, split_locales, t
from bot.render.callsheet_text import (
    actor_line,
    change_line,
    changes_lines,
    dept_name,
    extras_lines,
    fmt_date,
    header_lines,
    meal_line,
    minutes_text,
    move_line,
    notes_text,
    scene_line,
    set_label,
    title,
    where_text,
)
from bot.render.escape import markdown_safe

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
MESSAGE_TOTAL_MAX = 6000
EMBEDS_PER_MESSAGE = 10

COLOR_SHEET = 0xF1C40F
COLOR_PERSON = 0x3498DB
COLOR_REVISION = 0xE67E22
COLOR_STATUS = 0x2ECC71

Embed = dict[str, Any]
Message = dict[str, Any]  # {"content": str, "embeds": [Embed]}


# --- limits -------------------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def embed_length(embed: Embed) -> int:
    """Characters Discord counts towards the 6000 per message."""
    n = len(embed.get("title", "")) + len(embed.get("description", ""))
    n += len(embed.get("footer", {}).get("text", "")) + len(embed.get("author", {}).get("name", ""))
    for f in embed.get("fields", []):
        n += len(f.get("name", "")) + len(f.get("value", ""))
    return n


def check_message(message: Message) -> list[str]:
    """Every Discord limit ``message`` breaks (empty when it would be accepted)."""
    problems = []
    if len(message.get("content", "") or "") > CONTENT_MAX:
        problems.append("content > 2000")
    embeds = message.get("embeds", [])
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds > 10")
    total = 0
    for i, e in enumerate(embeds):
        total += embed_length(e)
        if len(e.get("title", "")) > TITLE_MAX:
            problems.append(f"embed {i}: title > 256")
        if len(e.get("description", "")) > DESCRIPTION_MAX:
            problems.append(f"embed {i}: description > 4096")
        if len(e.get("fields", [])) > FIELDS_MAX:
            problems.append(f"embed {i}: > 25 fields")
        for f in e.get("fields", []):
            if not f.get("name") or len(f["name"]) > FIELD_NAME_MAX:
                problems.append(f"embed {i}: field name empty or > 256")
            if not f.get("value") or len(f["value"]) > FIELD_VALUE_MAX:
                problems.append(f"embed {i}: field value empty or > 1024")
        if len(e.get("footer", {}).get("text", "")) > FOOTER_MAX:
            problems.append(f"embed {i}: footer > 2048")
        if not (e.get("title") or e.get("description") or e.get("fields")):
            problems.append(f"embed {i}: empty")
    if total > MESSAGE_TOTAL_MAX:
        problems.append(f"total {total} > 6000")
    if not embeds and not (message.get("content") or "").strip():
        problems.append("empty message")
    return problems


def pack_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines with newlines into chunks of at most ``limit`` characters; a line longer than the
    limit is cut. Never returns an empty chunk."""
    chunks: list[str] = []
    current = ""
    for raw in lines:
        line = clip(raw, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def paged_embeds(heading: str, lines: list[str], *, color: int, locale: str, budget: int = 3900) -> list[Embed]:
    """One or more embeds carrying ``lines`` in their descriptions; continuation embeds are titled
    "heading (cont.)". ``budget`` keeps each embed well under the 6000 per message."""
    chunks = pack_lines(lines, min(budget, DESCRIPTION_MAX))
    out = []
    for i, chunk in enumerate(chunks):
        name = heading if i == 0 else t("callsheet.continued", locale, title=heading)
        out.append({"title": clip(name, TITLE_MAX), "description": chunk, "color": color})
    return out


def group_messages(embeds: list[Embed], content: str = "") -> list[Message]:
    """Put embeds into as few messages as the 10-embed and 6000-character limits allow, in order."""
    messages: list[Message] = []
    current: list[Embed] = []
    size = 0
    for e in embeds:
        n = embed_length(e)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + n > MESSAGE_TOTAL_MAX):
            messages.append({"content": "", "embeds": current})
            current, size = [], 0
        current.append(e)
        size += n
    if current or not messages:
        messages.append({"content": "", "embeds": current})
    messages[0]["content"] = clip(content, CONTENT_MAX)
    return messages


# --- the announcement ---------------------------------------------------------------------------


def dept_line(sheet: CallSheet, d: DeptCall, locale: str) -> str:
    """"Makeup & hair · **04:00** (2) · at the base — 陈静 03:45": the people called at another time
    are named, so the table agrees with every personal call."""
    text = f"{dept_name(d.department, locale)} · **{sheet.fmt(d.call, locale)}**" + (f" ({d.people})" if d.people else "")
    if d.where and d.where == sheet.base:
        text += " · " + t("callsheet.at_base", locale)
    if d.exceptions:
        text += " — " + join_list((f"{name} {sheet.fmt(at, locale)}" for name, at in d.exceptions), locale)
    return text


def _footer(sheet: CallSheet, locale: str) -> dict[str, str]:
    if sheet.version == 0:
        return {"text": clip(t("callsheet.extra.footer_draft", locale, code=sheet.production_code, date=sheet.date.isoformat()), FOOTER_MAX)}
    return {"text": clip(t("callsheet.footer", locale, version=sheet.version, code=sheet.production_code,
                            date=sheet.date.isoformat()), FOOTER_MAX)}


def announcement(sheet: CallSheet, locale: str, *, mention: str = "", changes_summary: list[str] | None = None) -> list[Message]:
    """The call sheet for the announcements channel: header, department calls, cast, scenes with
    company moves and meals, sets. Split over as many embeds and messages as it needs. With a
    second channel language ("zh-CN+th") the line above the sheet carries it too."""
    locales = split_locales(locale)
    locale = locales[0]
    sheet = markdown_safe(sheet)  # every name, set, note and synopsis shows as typed
    head_lines = header_lines(sheet, locale)
    if notes := notes_text(sheet, locale):
        head_lines.append(t("callsheet.head.notes", locale, notes=clip(notes, 1500)))
    header: Embed = {
        "title": clip(title(sheet, locale), TITLE_MAX),
        "description": clip("\n".join(head_lines), 3500),
        "color": COLOR_REVISION if sheet.version > 1 else COLOR_SHEET,
        "fields": [],
        "footer": _footer(sheet, locale),
    }
    dept_lines = [dept_line(sheet, d, locale) for d in sheet.department_calls]
    for i, chunk in enumerate(pack_lines(dept_lines, FIELD_VALUE_MAX)[:1]):
        header["fields"].append({"name": t("callsheet.section.departments", locale) if i == 0 else "\u200b", "value": chunk, "inline": False})
    box = (changes_summary or []) + changes_lines(sheet, locale)
    if box:
        header["fields"].append({"name": t("callsheet.section.changes", locale), "value": pack_lines(box, FIELD_VALUE_MAX)[0], "inline": False})
    if extras := extras_lines(sheet, locale):
        header["fields"].append({"name": t("callsheet.section.extras", locale, count=sum(n for _, n in sheet.extras_totals())),
                                 "value": pack_lines(extras, FIELD_VALUE_MAX)[0], "inline": False})
    if not header["fields"]:
        del header["fields"]
    embeds = [header]

    cast_lines = [actor_line(sheet, c, locale) for c in sheet.cast]
    if cast_lines:
        embeds += paged_embeds(t("callsheet.section.cast", locale, count=len(cast_lines)), cast_lines, color=COLOR_SHEET, locale=locale)

    total = sum(s.est_minutes for s in sheet.scenes)
    scene_lines: list[str] = []
    moves = {m.after_scene: m for m in sheet.moves}
    meals = [(b.start, b.minutes, b.name) for b in sheet.meal_breaks()]
    for line in sheet.scenes:
        while meals and line.start >= meals[0][0]:
            start, minutes, kind = meals.pop(0)
            scene_lines.append(meal_line(sheet, kind, start, minutes, locale))
        if line.change_minutes:
            scene_lines.append(change_line(sheet, line, locale))
        scene_lines.append(scene_line(sheet, line, locale))
        if (m := moves.get(line.number)) is not None:
            scene_lines.append(move_line(sheet, m, locale))
    heading = t("callsheet.section.scenes", locale, count=len(sheet.scenes), total=minutes_text(total, locale))
    embeds += paged_embeds(heading, scene_lines or [t("callsheet.no_scenes", locale)], color=COLOR_SHEET, locale=locale)

    set_lines = []
    for s in sheet.sets:
        bits = [f"**{set_label(sheet, s.name, locale)}**"] + ([s.address] if s.address else [])
        text = " · ".join(bits)
        if s.notes:
            text += f" — {s.notes}"
        set_lines.append(text)
    if set_lines:
        embeds += paged_embeds(t("callsheet.section.sets", locale, count=len(set_lines)), set_lines, color=COLOR_SHEET, locale=locale)
    embeds[-1]["footer"] = _footer(sheet, locale)
    if sheet.version == 0:
        content = t("callsheet.draft", locale, date=fmt_date(sheet.date, locale))
    else:
        content = in_languages(lambda loc: t("callsheet.announce", loc, mention=mention if loc == locale else "",
                                             date=fmt_date(sheet.date, loc), version=sheet.version).strip(), "+".join(locales))
    messages = group_messages(embeds, content)
    for m in messages:
        assert not check_message(m), check_message(m)
    return messages


# The crew member's own DM and the AD's status live in their own module; imported here so that
# ``from bot.render.callsheet_embeds import personal, status`` keeps working.
from bot.render.callsheet_personal import personal, status  # noqa: E402

__all__ = ["announcement", "check_message", "clip", "group_messages", "pack_lines", "paged_embeds", "personal", "status"]
