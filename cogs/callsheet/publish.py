"""Publishing a call sheet: store version N+1, post it (embeds + PDF) in the announcements channel,
DM each person who needs it (their call, an ICS, a Confirm button), fall back to a mention in the
department channel for closed DMs, and tell the AD."""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass, field, replace

import discord

from bot.domain.callsheet import CallSheet, DeliveryPlan, plan_deliveries
from bot.domain.crew import CrewMember, Production
from bot.domain.errors import DomainError
from bot.domain.plan import ShootDay
from bot.i18n import normalize_locale, t
from bot.render import ics, pdf
from bot.render.callsheet_embeds import announcement, personal
from bot.render.callsheet_text import change_text, dept_name, where_text
from bot.render.escape import escape, markdown_safe
from bot.render.fonts import FontMissing
from cogs.callsheet.views import confirm_view
from cogs.plan.common import embeds_of, load_context
from db.repositories.callsheet import CallsheetRepo

log = logging.getLogger(__name__)


@dataclass
class PublishReport:
    sheet: CallSheet
    version_id: int
    notified: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    pdf: bytes | None = None
    announcement_channel: int | None = None


def _unchanged(a: CallSheet, b: CallSheet) -> bool:
    def plain(s: CallSheet) -> CallSheet:
        return replace(s, version=0, published_at=None, changes=(), revised=(), revised_cast=())

    return plain(a) == plain(b)


async def _channel(bot, channel_id: int | None):
    if not channel_id:
        return None
    channel = bot.get_channel(channel_id)
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except discord.HTTPException:
            return None
    return channel


async def publish(bot, prod: Production, day: ShootDay, *, by: int) -> PublishReport:
    ctx = await load_context(bot, prod, day)
    now = bot.clock.now()
    async with bot.db.transaction() as tx:
        latest = await CallsheetRepo.latest(tx, day.id)
        previous = {d.user_id: d for d in await CallsheetRepo.deliveries(tx, latest.id)} if latest else {}
        received = await CallsheetRepo.last_received(tx, day.id) if latest else {}
        sheet = ctx.sheet(bot, version=(latest.version + 1) if latest else 1, published_at=now, previous=latest.sheet if latest else None)
        undelivered = any(d.status == "pending" for d in previous.values())
        if latest is not None and _unchanged(latest.sheet, sheet) and not undelivered:
            raise DomainError("callsheet.error.unchanged", version=latest.version, date=day.date.isoformat())
        if not sheet.scenes:
            raise DomainError("callsheet.error.no_scenes", date=day.date.isoformat())
        plans = plan_deliveries(latest.sheet if latest else None, previous, sheet, bot.settings.cues.notify_threshold_minutes, received)
        version_id, deliveries = await CallsheetRepo.publish(tx, day.id, sheet, plans, previous, by=by, now=now)
    report = PublishReport(sheet=sheet, version_id=version_id)

    # the announcement, with the PDF on its last message (the second channel language, if any, on its first line)
    locale = prod.language
    try:
        report.pdf = await asyncio.to_thread(pdf.render_pdf, sheet, locale)
    except FontMissing:
        log.exception("no CJK font: the call sheet goes out without its PDF")
    channel = await _channel(bot, prod.channel("announcements") or prod.channel("production"))
    if channel is not None:
        summary = None
        if latest is not None:
            summary = [t("callsheet.publish.changed_people", locale, count=sum(1 for p in plans if p.notify))]
        messages = announcement(sheet, prod.channel_locale, changes_summary=summary)
        try:
            for i, message in enumerate(messages):
                files = [discord.File(io.BytesIO(report.pdf), filename=pdf.filename(sheet))] if report.pdf and i == len(messages) - 1 else []
                sent = await channel.send(content=message["content"] or None, embeds=embeds_of(message), files=files)
                async with bot.db.transaction() as tx:
                    await CallsheetRepo.add_post(tx, version_id, i, channel.id, sent.id)
            report.announcement_channel = channel.id
        except discord.HTTPException:  # the DMs matter more than the channel post: go on
            log.exception("could not post the call sheet in channel %s", channel.id)

    # personal DMs, only to the people this version concerns
    crew = {m.user_id: m for m in ctx.crew}
    old_sheet = latest.sheet if latest else None
    for plan in plans:
        member = crew.get(plan.user_id)
        if not plan.notify:
            report.unchanged.append(plan.user_id)
            continue
        if member is None:
            continue
        ok = await _deliver(bot, prod, sheet, old_sheet, plan, member, deliveries.get(plan.user_id))
        (report.removed if plan.removed else report.notified if ok else report.unreachable).append(plan.user_id)
    if report.unreachable:
        await _tell_ad(bot, prod, sheet, [crew[u] for u in report.unreachable])
    return report


async def _deliver(bot, prod: Production, sheet: CallSheet, old: CallSheet | None, plan: DeliveryPlan, member: CrewMember, delivery) -> bool:
    """DM one person; on closed DMs mention them in their department channel. True when DMed."""
    locale = normalize_locale(member.language)
    person = sheet.person(plan.user_id) if not plan.removed else (old.person(plan.user_id) if old else None)
    if person is None:
        return False
    messages = personal(sheet, person, locale, changes=list(plan.changes), removed=plan.removed)
    calendar = ics.person_calendar(sheet, person, locale, now=bot.clock.now(), removed=plan.removed)
    error = ""
    try:
        user = bot.get_user(plan.user_id) or await bot.fetch_user(plan.user_id)
        last = None
        for i, message in enumerate(messages):
            final = i == len(messages) - 1
            kwargs: dict = {"content": message["content"] or None, "embeds": embeds_of(message)}
            if final:
                kwargs["files"] = [discord.File(io.BytesIO(calendar), filename=ics.filename(sheet))]
                if delivery is not None:
                    kwargs["view"] = confirm_view(delivery.id, locale)
            last = await user.send(**kwargs)
        if delivery is not None and last is not None:
            async with bot.db.transaction() as tx:
                await CallsheetRepo.mark_sent(tx, delivery.id, last.channel.id, last.id, bot.clock.now())
        return True
    except discord.Forbidden as exc:
        error = f"{exc.status} {exc.code}"
    except discord.HTTPException as exc:
        log.warning("DM to %s failed", plan.user_id, exc_info=True)
        error = f"{exc.status} {exc.code}"
    if delivery is None:
        return False
    fallback = await _channel(bot, prod.department_channel(member.department) or prod.channel("production") or prod.channel("announcements"))
    fallback_id = fallback_msg = None
    if fallback is not None:
        loc = prod.language
        safe = markdown_safe(sheet)
        lines = [t("callsheet.fallback.text", loc, mention=f"<@{member.user_id}>", time=sheet.fmt(person.call, loc),
                   where=where_text(safe, escape(person.where), loc), date=sheet.date.isoformat(), version=sheet.version)]
        lines += [f"• {change_text(c, loc)}" for c in markdown_safe(list(plan.changes))]
        try:
            sent = await fallback.send("\n".join(lines)[:2000], view=confirm_view(delivery.id, loc),
                                       allowed_mentions=discord.AllowedMentions(users=[discord.Object(member.user_id)]))
            fallback_id, fallback_msg = fallback.id, sent.id
        except discord.HTTPException:
            log.warning("fallback mention in %s failed", getattr(fallback, "id", None), exc_info=True)
    async with bot.db.transaction() as tx:
        await CallsheetRepo.mark_unreachable(tx, delivery.id, error, fallback_id, fallback_msg)
    return False


async def _tell_ad(bot, prod: Production, sheet: CallSheet, people: list[CrewMember]) -> None:
    channel = await _channel(bot, prod.channel("ad") or prod.channel("production"))
    if channel is None:
        return
    loc = prod.language
    names = "\n".join(f"• <@{m.user_id}> {escape(m.display_name)} ({dept_name(m.department, loc)})" for m in people)
    text = t("callsheet.fallback.ad", loc, count=len(people), date=sheet.date.isoformat(), version=sheet.version) + "\n" + names
    try:
        await channel.send(text[:2000])
    except discord.HTTPException:
        log.warning("could not tell the AD about unreachable crew", exc_info=True)
