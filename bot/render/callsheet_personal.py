"""A crew member's own call sheet DM, the AD's confirmation status, and the AD's list of people to
phone (everyone on the sheet who is not on Discord), as embed dicts within Discord's limits.

The DM holds the whole day's lineup (time, scene, set), the member's own scenes marked ▶ and their
department's notes highlighted under them; a crew member who does not read Chinese sees the
second-language names where the stripboard has them.
"""

from __future__ import annotations

from bot.domain.callsheet import CallSheet, CastCall, Change, Delivery, MakeupLate, PersonCall, diff_for_actor, status_by_department
from bot.domain.crew import DEPARTMENTS
from bot.i18n import join_list, t
from bot.render.callsheet_embeds import (
    COLOR_PERSON,
    COLOR_REVISION,
    COLOR_STATUS,
    DESCRIPTION_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    TITLE_MAX,
    Message,
    _footer,
    check_message,
    clip,
    group_messages,
    paged_embeds,
)
from bot.render.callsheet_text import (
    actor_times,
    change_line,
    change_text,
    character_label,
    clamp,
    dept_name,
    extras_lines,
    fmt_date,
    header_lines,
    ie_dn,
    meal_line,
    move_line,
    notes_text,
    set_label,
    synopsis_text,
    title,
    where_text,
)
from bot.render.escape import markdown_safe

#: Past this many scenes the lineup leaves out the synopses of the member's own scenes.
LINEUP_SYNOPSES_UP_TO = 30


def _lineup(sheet: CallSheet, person: PersonCall, locale: str) -> list[str]:
    """Every scene of the day in shooting order, with meals and moves; the member's scenes marked
    ▶ and bold, their department's need highlighted under them."""
    mine = set(person.scenes)
    dept = person.department if person.department != "cast" else ""
    meals = [(b.start, b.minutes, b.name) for b in sheet.meal_breaks()]  # where the day's timeline puts them
    moves = {m.after_scene: m for m in sheet.moves}
    short = len(sheet.scenes) > LINEUP_SYNOPSES_UP_TO
    lines: list[str] = []
    for line in sheet.scenes:
        while meals and line.start >= meals[0][0]:
            start, minutes, kind = meals.pop(0)
            lines.append(meal_line(sheet, kind, start, minutes, locale))
        if line.change_minutes:
            lines.append(change_line(sheet, line, locale))
        revised = "🔄 " if line.number in sheet.revised else ""
        place = f"{set_label(sheet, line.set_name, locale)} · {ie_dn(line, locale)}"
        if line.carried_from is not None:
            place += " " + t("callsheet.carried", locale, date=line.carried_from.strftime("%m-%d"))
        if line.number in mine:
            text = f"▶ {revised}`{sheet.fmt(line.start, locale)}` **{line.number}** · **{place}**"
            if (synopsis := synopsis_text(line, locale)) and not short:
                text += f"\n　{clamp(synopsis, 60)}"
            if len(person.characters) > 1:  # who they play in this scene, when they play several
                played = [c.character for c in line.cast if c.character in person.characters]
                if played:
                    text += "\n　" + t("callsheet.dm.as", locale, characters=join_list((character_label(sheet, c, locale) for c in played), locale))
            if dept and (need := dict(line.needs).get(dept)):
                text += "\n　📌 " + t("callsheet.dm.need", locale, need=need)
        else:
            text = f"{revised}`{sheet.fmt(line.start, locale)}` {line.number} · {place}"
        lines.append(text)
        if (m := moves.get(line.number)) is not None:
            lines.append(move_line(sheet, m, locale))
    return lines


def _own_times(sheet: CallSheet, person: PersonCall, locale: str) -> list[str]:
    lines = [t("callsheet.dm.call", locale, time=sheet.fmt(person.call, locale)),
             t("callsheet.dm.where", locale, where=where_text(sheet, person.where, locale))]
    actor = next((c for c in sheet.cast if c.user_id == person.user_id), None)
    if person.pickup is not None:
        place = actor.pickup_place if actor is not None else ""
        key = "callsheet.dm.pickup_at" if place else "callsheet.dm.pickup"
        lines.append(t(key, locale, time=sheet.fmt(person.pickup, locale), place=place))
    if person.makeup is not None and person.makeup != person.call:
        lines.append(t("callsheet.dm.makeup", locale, time=sheet.fmt(person.makeup, locale)))
    if person.rehearsal is not None:
        lines.append(t("callsheet.dm.rehearsal", locale, time=sheet.fmt(person.rehearsal, locale)))
    if person.on_set is not None:
        lines.append(t("callsheet.dm.on_set", locale, time=sheet.fmt(person.on_set, locale)))
    if person.characters:
        lines.append(t("callsheet.dm.playing", locale, characters=join_list((character_label(sheet, c, locale) for c in person.characters), locale)))
    return lines


def personal(sheet: CallSheet, person: PersonCall, locale: str, *, changes: list[Change] | None = None,
             removed: bool = False) -> list[Message]:
    """A crew member's own call: when, where, and the whole day's lineup with their scenes marked;
    on a revision, what changed for them first."""
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
    lines += _own_times(sheet, person, locale)
    lines.append("")
    lines += header_lines(sheet, locale)
    if notes := notes_text(sheet, locale):
        lines.append(t("callsheet.head.notes", locale, notes=clip(notes, 800)))
    color = COLOR_REVISION if changes else COLOR_PERSON
    embeds = paged_embeds(t("callsheet.dm.title", locale, name=person.name, n=sheet.day_number, m=sheet.total_days,
                            production=sheet.production_name), lines, color=color, locale=locale)
    lineup = _lineup(sheet, person, locale)
    heading = t("callsheet.dm.lineup", locale, count=len(sheet.scenes), mine=len([n for n in person.scenes if sheet.scene(n)]))
    embeds += paged_embeds(heading, lineup or [t("callsheet.no_scenes", locale)], color=color, locale=locale)
    embeds[-1]["footer"] = {"text": clip(t("callsheet.dm.footer", locale, version=sheet.version), FOOTER_MAX)}
    messages = group_messages(embeds)
    for m in messages:
        assert not check_message(m), check_message(m)
    return messages


# --- the AD's list of people to phone -------------------------------------------------------------


def phone_line(sheet: CallSheet, c: CastCall, locale: str) -> str:
    """"#5 **王建国 Wang Jianguo** 医生 · 📞 139 0579 1101 — makeup 05:15 · rehearsal 05:45 · on set 06:00 @ base"."""
    who = " ".join(x for x in (f"#{c.number}" if c.number else "", f"**{c.actor}**") if x)
    characters = join_list((character_label(sheet, ch, locale) for ch in c.characters), locale)
    phone = f"📞 {c.phone}" if c.phone else t("callsheet.phone.none", locale)
    where = t("callsheet.at_base", locale) if c.where and c.where == sheet.base else where_text(sheet, c.where, locale)
    return f"{who} {characters} · {phone} — {actor_times(sheet, c, locale)} · {where}"


def phone_list(sheet: CallSheet, locale: str, previous: CallSheet | None = None, threshold: int = 15) -> list[str]:
    """The people the AD must phone: every actor not on Discord (on a revision only those it changes,
    with what changed) and, when there are extras, the extras coordinator with the totals."""
    sheet = markdown_safe(sheet)
    prev = markdown_safe(previous) if previous is not None else None
    lines = []
    for c in sheet.not_on_discord:
        if prev is None:
            lines.append(phone_line(sheet, c, locale))
        elif changes := diff_for_actor(prev, sheet, c.actor, threshold):
            lines.append(phone_line(sheet, c, locale) + "\n　" + t("fmt.clause_sep", locale).join(change_text(x, locale) for x in changes))
    if prev is not None:
        for c in prev.not_on_discord:
            if sheet.actor(c.actor) is None:
                lines.append(f"**{c.actor}** · 📞 {c.phone or '—'} — " + t("callsheet.change.no_longer_called", locale, date=sheet.date.isoformat()))
    coordinator = sheet.contact("extras_coordinator")
    if sheet.extras and (prev is None or [(e.call, e.count) for e in prev.extras] != [(e.call, e.count) for e in sheet.extras]):
        totals = join_list((t("callsheet.extras.total", locale, time=sheet.fmt(at, locale), count=n) for at, n in sheet.extras_totals()), locale)
        name = f"{coordinator.name} · 📞 {coordinator.phone or '—'}" if coordinator else t("callsheet.phone.no_coordinator", locale)
        lines.append(t("callsheet.phone.extras", locale, who=name, totals=totals))
    return lines


def ad_warnings(sheet: CallSheet, late: list[MakeupLate], artists: int, locale: str) -> list[str]:
    """What the AD should fix before the day: makeup that cannot be done in time, an on-set time
    the cast table gave that is after the actor's first scene, an extras call too late."""
    sheet = markdown_safe(sheet)
    out = []
    if late and artists <= 0:
        out.append(t("callsheet.warn.no_artist", locale, count=len(late)))
    else:
        for x in late:
            out.append(t("callsheet.warn.makeup_late", locale, actor=markdown_safe(x.actor), artists=artists, start=sheet.fmt(x.start, locale),
                         finish=sheet.fmt(x.finish, locale), ready=sheet.fmt(x.ready, locale), minutes=x.minutes))
    for c in sheet.cast:
        if c.ignored_on_set is not None:
            out.append(t("callsheet.warn.on_set_ignored", locale, actor=c.actor, time=sheet.fmt(c.ignored_on_set, locale),
                         ready=sheet.fmt(c.ready, locale)))
    for g in sheet.extras:
        if g.late_day_call:
            out.append(t("callsheet.warn.extras_late", locale, description=g.description or "—", start=sheet.fmt(g.first_start, locale),
                         call=sheet.fmt(g.call, locale)))
    return out


# --- status -------------------------------------------------------------------------------------


def status(sheet: CallSheet, deliveries: list[Delivery], locale: str) -> list[Message]:
    """Confirmed / not yet / unreachable per department, then who is not on Discord (phone them)."""
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
    off = [f"📵 {phone_line(sheet, c, locale)}" for c in sheet.not_on_discord]
    extras = extras_lines(sheet, locale)
    if off or extras:
        lines = off + ([""] if off and extras else []) + extras
        embeds += paged_embeds(t("callsheet.status.not_on_discord", locale, count=len(sheet.not_on_discord)), lines, color=COLOR_STATUS,
                               locale=locale)
    return group_messages(embeds)
