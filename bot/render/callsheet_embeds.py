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

from bot.domain.callsheet import CallSheet, Change, Delivery, PersonCall, status_by_department
from bot.domain.crew import DEPARTMENTS
from bot.i18n import in_languages, join_list, split_locales, t
from bot.render.escape import markdown_safe
from bot.render.callsheet_text import (
    change_text,
    dept_name,
    fmt_date,
    header_lines,
    minutes_text,
    person_call_line,
    scene_line,
    title,
    where_text,
)

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
    if sheet.notes:
        head_lines.append(t("callsheet.head.notes", locale, notes=clip(sheet.notes, 1500)))
    header: Embed = {
        "title": clip(title(sheet, locale), TITLE_MAX),
        "description": clip("\n".join(head_lines), 3500),
        "color": COLOR_REVISION if sheet.version > 1 else COLOR_SHEET,
        "fields": [],
        "footer": _footer(sheet, locale),
    }
    dept_lines = [f"{dept_name(d.department, locale)} · **{sheet.fmt(d.call, locale)}**" + (f" ({d.people})" if d.people else "")
                  for d in sheet.department_calls]
    for i, chunk in enumerate(pack_lines(dept_lines, FIELD_VALUE_MAX)[:1]):
        header["fields"].append({"name": t("callsheet.section.departments", locale) if i == 0 else "\u200b", "value": chunk, "inline": False})
    if changes_summary:
        header["fields"].append({"name": t("callsheet.section.changes", locale),
                                 "value": pack_lines(changes_summary, FIELD_VALUE_MAX)[0], "inline": False})
    if not header["fields"]:
        del header["fields"]
    embeds = [header]

    cast_lines = [person_call_line(sheet, p, locale) for p in sheet.cast_calls]
    if cast_lines:
        embeds += paged_embeds(t("callsheet.section.cast", locale, count=len(cast_lines)), cast_lines, color=COLOR_SHEET, locale=locale)

    total = sum(s.est_minutes for s in sheet.scenes)
    scene_lines: list[str] = []
    moves = {m.after_scene: m for m in sheet.moves}
    meals = sorted((s, m, k) for s, m, k in ((sheet.lunch_start, sheet.lunch_minutes, "lunch"), (sheet.supper_start, sheet.supper_minutes, "supper")) if s)
    for line in sheet.scenes:
        while meals and line.start >= meals[0][0]:
            start, minutes, kind = meals.pop(0)
            scene_lines.append(t(f"callsheet.meal_line.{kind}", locale, time=sheet.fmt(start, locale), minutes=minutes))
        scene_lines.append(scene_line(sheet, line, locale))
        if (m := moves.get(line.number)) is not None:
            scene_lines.append(t("callsheet.move_line", locale, to=sheet.where_text(m.to_set), minutes=m.minutes))
    heading = t("callsheet.section.scenes", locale, count=len(sheet.scenes), total=minutes_text(total, locale))
    embeds += paged_embeds(heading, scene_lines or [t("callsheet.no_scenes", locale)], color=COLOR_SHEET, locale=locale)

    set_lines = []
    for s in sheet.sets:
        bits = [f"**{s.name}**"] + ([s.address] if s.address else [])
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


# --- personal DM --------------------------------------------------------------------------------


def personal(sheet: CallSheet, person: PersonCall, locale: str, *, changes: list[Change] | None = None,
             removed: bool = False) -> list[Message]:
    """A crew member's own call: when, where, their scenes; on a revision, what changed first."""
    sheet, person, changes = markdown_safe(sheet), markdown_safe(person), markdown_safe(changes)
    if removed:
        embed = {
            "title": clip(title(sheet, locale), TITLE_MAX),
            "description": clip("\n".join([t("callsheet.dm.removed", locale, date=fmt_date(sheet.date, locale))]
                                           + [f"• {change_text(c, locale)}" for c in changes or []]), DESCRIPTION_MAX),
            "color": COLOR_REVISION,
            "footer": _footer(sheet, locale),
        }
        return group_messages([embed])
    lines = []
    if changes:
        lines.append(t("callsheet.dm.revised", locale, version=sheet.version))
        lines += [f"• {change_text(c, locale)}" for c in changes]
        lines.append("")
    lines.append(t("callsheet.dm.call", locale, time=sheet.fmt(person.call, locale)))
    lines.append(t("callsheet.dm.where", locale, where=where_text(sheet, person.where, locale)))
    if person.pickup is not None:
        lines.append(t("callsheet.dm.pickup", locale, time=sheet.fmt(person.pickup, locale)))
    if person.on_set is not None:
        lines.append(t("callsheet.dm.on_set", locale, time=sheet.fmt(person.on_set, locale)))
    if person.characters:
        lines.append(t("callsheet.dm.playing", locale, characters=join_list(person.characters, locale)))
    lines.append("")
    lines += header_lines(sheet, locale)
    if sheet.notes:
        lines.append(t("callsheet.head.notes", locale, notes=clip(sheet.notes, 800)))
    color = COLOR_REVISION if changes else COLOR_PERSON
    embeds = paged_embeds(t("callsheet.dm.title", locale, name=person.name, n=sheet.day_number, m=sheet.total_days,
                            production=sheet.production_name), lines, color=color, locale=locale)
    scene_lines = []
    compact = len(person.scenes) > 12  # a long list stays one readable DM: no synopses
    for number in person.scenes:
        line = sheet.scene(number)
        if line is None:
            continue
        text = scene_line(sheet, line, locale, synopsis_max=0 if compact else 100)
        need = dict(line.needs).get(person.department) if person.kind != "cast" else None
        if need:
            text += "\n　" + t("callsheet.dm.need", locale, need=need)
        scene_lines.append(text)
    if scene_lines:
        embeds += paged_embeds(t("callsheet.dm.your_scenes", locale, count=len(scene_lines)), scene_lines, color=color, locale=locale)
    else:
        embeds[-1]["description"] = clip(embeds[-1]["description"] + "\n\n" + t("callsheet.dm.all_scenes", locale, count=len(sheet.scenes)),
                                         DESCRIPTION_MAX)
    embeds[-1]["footer"] = {"text": clip(t("callsheet.dm.footer", locale, version=sheet.version), FOOTER_MAX)}
    messages = group_messages(embeds)
    for m in messages:
        assert not check_message(m), check_message(m)
    return messages


# --- status -------------------------------------------------------------------------------------


def status(sheet: CallSheet, deliveries: list[Delivery], locale: str) -> list[Message]:
    """Confirmed / not yet / unreachable per department."""
    sheet = markdown_safe(sheet)
    groups = status_by_department(sheet, deliveries)
    counts = {k: sum(len(g[k]) for g in groups.values()) for k in ("confirmed", "waiting", "unreachable")}
    by_user = {d.user_id: d for d in deliveries}

    def why(user_id: int) -> str:
        """Why someone is unreachable, as Discord said it, and whether they were mentioned instead."""
        d = by_user.get(user_id)
        if d is None:
            return ""
        text = t("callsheet.status.closed" if d.error_code == 50007 else "callsheet.status.refused", locale)
        if d.fallback_message_id:
            text += " · " + t("callsheet.status.mentioned", locale, channel=f"<#{d.fallback_channel_id}>")
        return f" ({text})"

    fields = []
    for dept in DEPARTMENTS:
        if dept not in groups:
            continue
        g = groups[dept]
        lines = []
        for state, icon in (("confirmed", "✅"), ("waiting", "⏳"), ("unreachable", "📵")):
            if g[state]:
                names = join_list((p.name + (why(p.user_id) if state == "unreachable" else "") for p in g[state]), locale)
                lines.append(f"{icon} {names}")
        value = clip("\n".join(lines), FIELD_VALUE_MAX)
        fields.append({"name": clip(f"{dept_name(dept, locale)} · {len(g['confirmed'])}/{sum(len(v) for v in g.values())}", FIELD_NAME_MAX),
                       "value": value, "inline": False})
    embed = {
        "title": clip(t("callsheet.status.title", locale, date=fmt_date(sheet.date, locale), version=sheet.version), TITLE_MAX),
        "description": t("callsheet.status.summary", locale, **counts),
        "color": COLOR_STATUS,
        "fields": fields[:FIELDS_MAX],
    }
    embeds = [embed]
    if len(fields) > FIELDS_MAX:
        embeds.append({"title": t("callsheet.continued", locale, title=embed["title"])[:TITLE_MAX], "fields": fields[FIELDS_MAX:], "color": COLOR_STATUS})
    return group_messages(embeds)
