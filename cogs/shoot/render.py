"""Text and embeds for /shoot replies (localized; times in the production's timezone)."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.cues.kinds import behind_text
from bot.cues.problems import failure_item, item_line
from bot.cues.liveday import Outcome
from bot.domain.callsheet import fmt_time
from bot.i18n import join_list, t
from bot.render.escape import escape as e

MAX_UPCOMING = 10


def hhmm(out: Outcome, when: datetime | None, locale: str) -> str:
    return fmt_time(when, out.day.date, out.production.tz, locale)


def action_text(kind: str, out: Outcome, locale: str, **params: object) -> str:
    """The public reply to an AD action: what happened and where the day stands."""
    proj = out.projection
    cur = proj.current
    lines: list[str] = []
    if kind == "started" and cur is not None:
        lines.append(t("shoot.reply.started", locale, scene=e(cur.number), set=e(cur.set_name)))
    elif kind == "next" and cur is not None:
        done = out.progress.steps[-1].finished if out.progress.steps else None
        lines.append(t("shoot.reply.next", locale, done=e(done) if done else "—", scene=e(cur.number), set=e(cur.set_name)))
    elif kind == "back":
        if proj.state == "planned":
            lines.append(t("shoot.reply.back_planned", locale))
        elif out.before.state == "wrapped" and cur is not None:
            lines.append(t("shoot.reply.back_unwrapped", locale, scene=e(cur.number)))
        elif cur is not None:
            lines.append(t("shoot.reply.back", locale, scene=e(cur.number)))
    elif kind in ("delay", "ahead"):
        what = t("shoot.reply.the_scene", locale, scene=e(cur.number)) if cur is not None else t("shoot.reply.the_start", locale)
        lines.append(t(f"shoot.reply.{kind}", locale, minutes=params.get("minutes", ""), what=what))
    elif kind == "skip":
        lines.append(t("shoot.reply.skip", locale, scene=e(params.get("scene", ""))))
    elif kind == "wrap":
        lines.append(t("shoot.reply.wrap", locale, time=hhmm(out, proj.wrap, locale)))
    if proj.state != "wrapped":
        lines.append(t("shoot.reply.projection", locale, vs_plan=behind_text(proj.behind_minutes, locale), wrap=hhmm(out, proj.wrap, locale)))
        if (nxt := proj.next) is not None:
            lines.append(t("shoot.reply.next_up", locale, scene=e(nxt.number), set=e(nxt.set_name), time=hhmm(out, nxt.start, locale)))
    return "\n".join(lines)[:2000]


def ad_note(out: Outcome, locale: str) -> str:
    """For the AD alone: what the change did to the cues and who was told their call moved."""
    lines = []
    if out.retimed or out.inserted or out.cancelled:
        lines.append(t("shoot.reply.cues", locale, retimed=out.retimed, inserted=out.inserted, cancelled=out.cancelled))
    if out.told:
        lines.append(t("shoot.reply.told", locale, count=len(out.told)))
    return "\n".join(lines)


def status_embed(out: Outcome, locale: str, undelivered: list | None = None) -> discord.Embed:
    """Where the day stands; ``undelivered``: the day's cues that could not be sent, and why."""
    proj, day = out.projection, out.day
    embed = discord.Embed(
        title=t("shoot.status.title", locale, day=day.day_number, total=day.total_days, date=day.date.isoformat()), colour=0xC05621
    )
    if proj.state == "planned":
        first = proj.slots[0].start if proj.slots else day.first_shot
        state = t("shoot.status.planned", locale, time=hhmm(out, first, locale))
    elif proj.state == "wrapped":
        state = t("shoot.status.wrapped", locale, time=hhmm(out, proj.wrap, locale))
    else:
        state = t("shoot.status.shooting", locale)
    embed.description = f"{state}\n{t('shoot.status.vs_plan', locale)}: **{behind_text(proj.behind_minutes, locale)}**"
    if proj.state != "wrapped":
        embed.add_field(
            name=t("shoot.status.wrap", locale),
            value=f"**{hhmm(out, proj.wrap, locale)}** · {t('shoot.status.planned_wrap', locale, time=hhmm(out, proj.planned_wrap, locale))}",
            inline=False,
        )
    if (cur := proj.current) is not None:
        embed.add_field(
            name=t("shoot.status.now", locale),
            value=t("shoot.status.current", locale, scene=e(cur.number), set=e(cur.set_name), since=hhmm(out, cur.boundary, locale), end=hhmm(out, cur.end, locale))[:1024],
            inline=False,
        )
    if proj.state != "wrapped":
        lines: list[str] = []
        pending = proj.pending
        for slot in pending[:MAX_UPCOMING]:
            if slot.is_move:
                lines.append(t("shoot.status.move", locale, minutes=slot.walk_minutes, set=e(slot.set_name)))
            for meal in slot.meals:
                lines.append(
                    t("shoot.status.meal", locale, meal=t(f"cues.meal_name.{meal.name}", locale), start=hhmm(out, meal.start, locale), end=hhmm(out, meal.end, locale))
                )
            lines.append(t("shoot.status.line", locale, time=hhmm(out, slot.start, locale), scene=e(slot.number), set=e(slot.set_name)))
        if len(pending) > MAX_UPCOMING:
            lines.append(t("shoot.status.more", locale, count=len(pending) - MAX_UPCOMING))
        embed.add_field(name=t("shoot.status.upcoming", locale), value=("\n".join(lines) or t("shoot.status.none_left", locale))[:1024], inline=False)
    if proj.skipped:
        embed.add_field(name=t("shoot.status.skipped", locale), value=join_list((e(x) for x in proj.skipped), locale)[:1024], inline=False)
    if proj.unshot:
        embed.add_field(name=t("shoot.status.unshot", locale), value=join_list((e(x) for x in proj.unshot), locale)[:1024], inline=False)
    if undelivered:
        lines = [item_line(failure_item(c, status=c.error_status, code=c.error_code, error=c.error, missing=c.error_missing), locale)
                 for c in undelivered[:8]]
        if len(undelivered) > 8:
            lines.append(t("outbox.more", locale, count=len(undelivered) - 8))
        embed.add_field(name=t("shoot.status.undelivered", locale, count=len(undelivered)), value="\n".join(lines)[:1024], inline=False)
    return embed
