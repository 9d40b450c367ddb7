"""Text and embeds for /shoot replies (localized; times in the production's timezone).

Behind/ahead is the same number everywhere (projected wrap against planned wrap, ``behind_text``);
the scene in progress running over its estimate is shown on its own line."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.cues.kinds import behind_text
from bot.cues.live_kinds import meal_name
from bot.cues.problems import failure_item, item_line
from bot.cues.liveday import Outcome
from bot.domain.callsheet import fmt_time
from bot.domain.progress import POOL
from bot.i18n import duration, join_list, t
from bot.render.escape import escape as e

MAX_UPCOMING = 10


def hhmm(out: Outcome, when: datetime | None, locale: str) -> str:
    return fmt_time(when, out.day.date, out.production.tz, locale)


def _state_lines(out: Outcome, locale: str) -> list[str]:
    """Behind/ahead and projected wrap, the running break or overrun, what is next."""
    proj = out.projection
    lines: list[str] = []
    if proj.state == "wrapped":
        return lines
    lines.append(t("shoot.reply.projection", locale, vs_plan=behind_text(proj.behind_minutes, locale), wrap=hhmm(out, proj.wrap, locale)))
    if (brk := proj.on_break) is not None:
        lines.append(t("shoot.reply.on_break", locale, meal=meal_name(brk.name, locale), end=hhmm(out, brk.end, locale)))
    elif proj.overrun_minutes > 0 and (cur := proj.current) is not None:
        lines.append(t("shoot.reply.overrun", locale, scene=e(cur.number), duration=duration(proj.overrun_minutes, locale)))
    if (nxt := proj.next) is not None:
        lines.append(t("shoot.reply.next_up", locale, scene=e(nxt.number), set=e(nxt.set_name), time=hhmm(out, nxt.start, locale)))
    return lines


def action_text(kind: str, out: Outcome, locale: str, **params: object) -> str:
    """The reply to an AD action: what happened and where the day stands."""
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
        scene = str(params.get("scene", ""))
        item = out.progress.skip_of(scene)
        if item is not None and item.carried_to != POOL and out.carried_day is not None:
            d = out.carried_day
            lines.append(t("shoot.reply.skip_to_day", locale, scene=e(scene), n=d.day_number, date=d.date.isoformat()))
        else:
            lines.append(t("shoot.reply.skip_to_pool", locale, scene=e(scene)))
    elif kind == "meal" and out.progress.meals:
        m = out.progress.meals[-1]
        lines.append(t("shoot.reply.meal", locale, meal=meal_name(m.name, locale), time=hhmm(out, m.called, locale), minutes=m.minutes,
                       end=hhmm(out, m.planned_end, locale)))
        return "\n".join(lines)[:2000]
    elif kind == "resume" and out.progress.meals:
        m = next((x for x in reversed(out.progress.meals) if x.returned), out.progress.meals[-1])
        lines.append(t("shoot.reply.resume", locale, meal=meal_name(m.name, locale), time=hhmm(out, m.resumed, locale)))
    elif kind == "wrap":
        lines.append(t("shoot.reply.wrap", locale, time=hhmm(out, proj.wrap, locale)))
    lines += _state_lines(out, locale)
    return "\n".join(lines)[:2000]


def ad_note(out: Outcome, locale: str) -> str:
    """For the AD alone: what the change did to the cues, who was told their call moved, and the
    cast call changes waiting for the AD's decision."""
    lines = []
    if out.retimed or out.inserted or out.cancelled:
        lines.append(t("shoot.reply.cues", locale, retimed=out.retimed, inserted=out.inserted, cancelled=out.cancelled))
    if out.told:
        lines.append(t("shoot.reply.told", locale, count=len(out.told)))
    if out.proposal is not None and out.waiting:
        lines.append(t("shoot.reply.waiting", locale, count=len(out.waiting)))
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
    elif (brk := proj.on_break) is not None:
        state = t("shoot.status.on_break", locale, meal=meal_name(brk.name, locale), end=hhmm(out, brk.end, locale))
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
        if proj.overrun_minutes > 0 and proj.on_break is None:
            embed.add_field(name=t("shoot.status.overrun", locale),
                            value=t("shoot.status.overrun_value", locale, scene=e(cur.number), duration=duration(proj.overrun_minutes, locale)),
                            inline=False)
    if proj.state != "wrapped":
        lines: list[str] = []
        pending = proj.pending
        for slot in pending[:MAX_UPCOMING]:
            if slot.is_move:
                lines.append(t("shoot.status.move", locale, minutes=slot.walk_minutes, set=e(slot.set_name)))
            for meal in slot.meals:
                lines.append(t("shoot.status.meal", locale, meal=meal_name(meal.name, locale), start=hhmm(out, meal.start, locale),
                               end=hhmm(out, meal.end, locale)))
            lines.append(t("shoot.status.line", locale, time=hhmm(out, slot.start, locale), scene=e(slot.number), set=e(slot.set_name)))
        if len(pending) > MAX_UPCOMING:
            lines.append(t("shoot.status.more", locale, count=len(pending) - MAX_UPCOMING))
        embed.add_field(name=t("shoot.status.upcoming", locale), value=("\n".join(lines) or t("shoot.status.none_left", locale))[:1024], inline=False)
    called = [m for m in proj.meals if m.called]
    if called:
        embed.add_field(name=t("shoot.status.meals_called", locale), value="\n".join(
            t("shoot.status.meal_called", locale, meal=meal_name(m.name, locale), start=hhmm(out, m.start, locale), end=hhmm(out, m.end, locale))
            for m in called)[:1024], inline=False)
    if out.progress.skips:
        carried = [t("shoot.status.carried_pool", locale, scene=e(s.scene)) if s.carried_to == POOL
                   else t("shoot.status.carried_day", locale, scene=e(s.scene), date=s.carried_to) for s in out.progress.skips]
        embed.add_field(name=t("shoot.status.carried", locale), value="\n".join(carried)[:1024], inline=False)
    if proj.unshot:
        embed.add_field(name=t("shoot.status.unshot", locale), value=join_list((e(x) for x in proj.unshot), locale)[:1024], inline=False)
    if undelivered:
        lines = [item_line(failure_item(c, status=c.error_status, code=c.error_code, error=c.error, missing=c.error_missing), locale)
                 for c in undelivered[:8]]
        if len(undelivered) > 8:
            lines.append(t("outbox.more", locale, count=len(undelivered) - 8))
        embed.add_field(name=t("shoot.status.undelivered", locale, count=len(undelivered)), value="\n".join(lines)[:1024], inline=False)
    return embed
