"""Standby calls as Discord shows them, in the reader's language: the board (an embed, the same in
the department channel and the AD office), the one-line summary, the DM, the escalation steps and
the answers. Pure functions over :class:`bot.domain.standby.Standby`; user text is escaped."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain import standby as S
from bot.i18n import join_list, t
from bot.render.escape import escape

COLOURS = {S.OPEN: 0xDD6B20, S.ANSWERED: 0x2F855A, S.CANCELLED: 0x718096}
ICONS = {S.ON_MY_WAY: "🏃", S.READY: "✅", S.NEED_MORE: "⏳"}
MAX_NAMES = 30


def hm(when: datetime, tz: ZoneInfo) -> str:
    return when.astimezone(tz).strftime("%H:%M")


def after(seconds: int, locale: str) -> str:
    """"45 s", "3 min", "1 h 5 min"."""
    if seconds < 60:
        return t("standby.after.seconds", locale, s=seconds)
    minutes = seconds // 60
    h, m = divmod(minutes, 60)
    if h:
        return t("standby.after.hm", locale, h=h, m=m)
    return t("standby.after.m", locale, m=m)


def names(people: list[str] | tuple[str, ...], locale: str) -> str:
    """Names (free text, escaped, in the order given) as a list the reader's way: "林晓、周毅" /
    "Lin Xiao, Zhou Yi"."""
    text = join_list((escape(n) for n in people[:MAX_NAMES]), locale)
    if len(people) > MAX_NAMES:
        text += t("standby.and_more", locale, count=len(people) - MAX_NAMES)
    return text


def who(sb: S.Standby, locale: str, *, cut: int | None = None) -> str:
    """The person called, or the people (the plan's actor call) listed in the reader's language;
    ``cut``: each name at most that long (a title), cut before it is escaped."""
    if sb.people:
        return names([p[:cut] for p in sb.people] if cut else sb.people, locale)
    return escape(sb.person[:cut] if cut else sb.person)


def look_text(look: S.Look, locale: str) -> str:
    """"苏晚换装 米色大衣" / "Su Wan: costume change, 米色大衣" (a costume change), "苏晚 泪痕" (a look)."""
    text = " · ".join(escape(p) for p in (look.wardrobe, look.makeup) if p)
    return t("standby.look.costume" if look.wardrobe else "standby.look.makeup", locale, name=escape(look.name), look=text)


def what_text(sb: S.Standby, locale: str) -> str:
    """What the call is about: a change call's looks listed the reader's way, else the text as typed."""
    if sb.looks:
        return join_list((look_text(x, locale) for x in sb.looks), locale)
    return escape(sb.what) if sb.what else t("standby.what_default", locale)


def department(code: str, locale: str) -> str:
    return t(f"dept.{code}", locale)


def answer_label(answer: str, locale: str) -> str:
    return t(f"standby.answer.{answer}", locale)


def by_text(sb: S.Standby, locale: str, tz: ZoneInfo) -> str:
    return t("standby.by", locale, time=hm(sb.due, tz)) if sb.due is not None else t("standby.now", locale)


def summary(sb: S.Standby, locale: str, tz: ZoneInfo) -> str:
    """The call in one line ("👗 2-6 苏晚换装 米色大衣，08:35 前到 5号楼 3F 候场")."""
    what = what_text(sb, locale)
    where = escape(sb.place or sb.set_name) or t("standby.set_here", locale)
    when = hm(sb.due, tz) if sb.due is not None else hm(sb.called_at, tz)
    params = {"department": department(sb.department, locale), "what": what, "person": who(sb, locale), "scene": escape(sb.scene),
              "place": where, "set": escape(sb.set_name), "time": when,
              "where": escape(" · ".join(p for p in (sb.set_name, sb.place) if p)) or t("standby.set_here", locale)}
    if sb.kind in (S.CHANGE, S.ACTOR, S.PRELIGHT):
        line = t(f"standby.summary.{sb.kind}", locale, **params)
        if sb.keep:  # the minimum crew left on the set being shot, in the reader's language
            line = " · ".join(x for x in (line.rstrip(), t("standby.auto.keep", locale, count=sb.keep)) if x)
        return line
    line = t(f"standby.summary.{sb.kind}", locale, **params)
    if sb.set_name or sb.place:
        line += " · " + t("standby.at", locale, place=escape(" · ".join(p for p in (sb.set_name, sb.place) if p)))
    return line + " · " + by_text(sb, locale, tz)


def _answer_line(a: S.Answer, locale: str, tz: ZoneInfo) -> str:
    line = t("standby.board.answer", locale, icon=ICONS.get(a.answer, "•"), name=escape(a.name), answer=answer_label(a.answer, locale),
             time=hm(a.at, tz), after=after(a.seconds, locale))
    if a.answer == S.NEED_MORE:
        from datetime import timedelta

        line += t("standby.board.until", locale, time=hm(a.at + timedelta(minutes=S.NEED_MORE_MINUTES), tz))
    return line


def board_lines(sb: S.Standby, locale: str, tz: ZoneInfo) -> list[str]:
    """Who answered what and when, who is still awaited and why some were not DMed, the ladder."""
    lines: list[str] = []
    if sb.moved and sb.due is not None and sb.first_due is not None:  # the scene moved after the call: the time now in force
        lines.append(t("standby.board.moved", locale, time=hm(sb.due, tz), was=hm(sb.first_due, tz)))
    latest = sb.latest()
    lines += [_answer_line(a, locale, tz) for a in latest.values()]
    answered = set(latest)
    groups: dict[str, list[str]] = {}
    for c in sb.called:
        if c.user_id is not None and c.user_id in answered:
            continue
        key = {S.DM: "waiting", S.OFF_DUTY: "off_duty", S.OFF_CALL: "off_call", S.NO_DISCORD: "no_discord",
               S.FALLBACK: "fallback", S.UNREACHED: "unreached"}.get(c.reach)
        if key is not None:
            groups.setdefault(key, []).append(c.name)
    for key in ("waiting", "fallback", "unreached", "no_discord", "off_call", "off_duty"):
        if groups.get(key):
            lines.append(t(f"standby.board.{key}", locale, names=names(groups[key], locale)))
    for s in sb.steps:
        lines.append(t(f"standby.board.step.{s.step}", locale, time=hm(s.at, tz)))
    if sb.state == S.CANCELLED:
        lines.append(t("standby.board.cancelled", locale))
    if not lines:
        lines.append(t("standby.board.nobody", locale))
    return lines


def board(sb: S.Standby, locale: str, tz: ZoneInfo, *, with_summary: bool = True) -> dict[str, Any]:
    """The board embed (as a dict): the call (unless the message's content already says it), then
    every answer, then who is missing and the ladder's steps."""
    head = [summary(sb, locale, tz), ""] if with_summary else []
    description = "\n".join(head + board_lines(sb, locale, tz))
    if len(description) > 4000:
        description = description[:3990] + "\n…"
    title_key = "standby.title.person" if sb.kind in (S.PERSON, S.ACTOR) else f"standby.title.{sb.kind}"
    title = t(title_key, locale, department=department(sb.department, locale), person=who(sb, locale, cut=80), scene=escape(sb.scene),
              set=escape(sb.set_name[:80]))
    if sb.called_by is not None:
        footer = t("standby.footer.by", locale, name=sb.called_by_name[:60], time=hm(sb.called_at, tz), id=sb.id)
    else:
        footer = t("standby.footer.plan", locale, time=hm(sb.called_at, tz), id=sb.id)
    if (first := sb.first_answer) is not None:
        footer += " · " + t("standby.footer.first", locale, after=after(first.seconds, locale))
    return {"title": title[:256], "description": description, "color": COLOURS.get(sb.state, COLOURS[S.OPEN]), "footer": {"text": footer[:2048]}}


def post_content(sb: S.Standby, locale: str, tz: ZoneInfo) -> str:
    """The channel post's first line (the role ping is put in front of it by the outbox)."""
    return t("standby.post", locale, summary=summary(sb, locale, tz))


def dm_text(sb: S.Standby, called: S.Called, locale: str, tz: ZoneInfo) -> str:
    key = {S.SUBJECT: "standby.dm.subject", S.FOLLOWER: "standby.dm.follower"}.get(called.role, "standby.dm.duty")
    caller = escape(sb.called_by_name) if sb.called_by is not None else t("standby.dm.the_plan", locale)
    return t(key, locale, summary=summary(sb, locale, tz), person=who(sb, locale), by=caller)


def answered_text(answer: S.Answer, locale: str, tz: ZoneInfo) -> str:
    return t("standby.reply.answered", locale, answer=answer_label(answer.answer, locale), time=hm(answer.at, tz))


def escalation_text(sb: S.Standby, step: str, minutes: int, locale: str, tz: ZoneInfo) -> str:
    waiting = [c.name for c in sb.waiting() if c.reach in (S.DM, S.FALLBACK, S.UNREACHED, S.NO_DISCORD)]
    pending = names(waiting, locale) if waiting else t("standby.escalate.nobody_named", locale)
    return t(f"standby.escalate.{step}", locale, summary=summary(sb, locale, tz), minutes=minutes, waiting=pending,
             department=department(sb.department, locale))


def moved_text(sb: S.Standby, was: datetime, locale: str, tz: ZoneInfo) -> str:
    """"🕒 The time moved (was 06:45): …, be there by 07:05": an automatic call whose scene moved."""
    return t("standby.moved", locale, summary=summary(sb, locale, tz), was=hm(was, tz))


def fallback_text(sb: S.Standby, user_ids: list[int], locale: str, tz: ZoneInfo) -> str:
    mentions = " ".join(f"<@{u}>" for u in user_ids)
    return t("standby.fallback", locale, mentions=mentions, summary=summary(sb, locale, tz))
