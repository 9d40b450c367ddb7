"""The rest guard on ``/callsheet publish``: before a sheet that breaks the production's rest rules
goes out, the AD sees who is short and by how much (privately), with **Publish anyway…**; that asks
for a reason, publishes, and records the reason in the publish's own transaction (one action: a
second submit after the sheet went out is told it is already out, nothing is sent twice)."""

from __future__ import annotations

import discord

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.plan import ShootDay
from bot.domain.tenancy import Access
from bot.i18n import normalize_locale, t
from bot.render.escape import escape
from bot.render.report_text import rest_warning
from bot.tenancy import admit_component
from cogs.callsheet.publish import tell_ad
from cogs.plan.common import replan_cues
from cogs.report.common import member_name
from db.database import forget_next_transaction, in_next_transaction
from db.repositories.actions import ActionRepo
from db.repositories.callsheet import CallsheetRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

NONE = discord.AllowedMentions.none()


async def day_and_production(bot, day_id: int) -> tuple[Production, ShootDay]:
    async with bot.db.read() as tx:
        row = await PlanRepo.day_by_id(tx, day_id)
        prod = await ProductionRepo.get(tx, row.production_id) if row is not None else None
        day = await PlanRepo.day_by_id(tx, day_id, prod.tz) if prod is not None else None
    if prod is None or day is None:
        raise DomainError("report.error.missing")
    return prod, day


async def _version(bot, day_id: int) -> tuple[int, object | None]:
    async with bot.db.read() as tx:
        latest = await CallsheetRepo.latest(tx, day_id)
    return (latest.version, latest) if latest is not None else (0, None)


async def rest_guard(bot, interaction: discord.Interaction, prod: Production, day: ShootDay) -> bool:
    """True: publish. False: the sheet breaks the rest rules and the AD was shown the warning (the
    interaction is already acknowledged, privately, by ``ad_action``)."""
    service = getattr(bot, "reports", None)
    if service is None or day.id is None:
        return True
    check = await service.rest_check(prod, day)
    if check.ok:
        return True
    from cogs.report.views import OverrideButton

    locale = normalize_locale(interaction.locale)
    seen, _ = await _version(bot, day.id)
    view = discord.ui.View(timeout=None)
    view.add_item(OverrideButton(day.id, seen, t("rest.override.button", locale)))
    embed = discord.Embed.from_dict(rest_warning(check, day.date, day.day_number, prod.timezone, locale))
    await interaction.followup.send(t("rest.warning.content", locale, count=len(check.people())), embed=embed, view=view, ephemeral=True,
                                    allowed_mentions=NONE)
    return False


async def publish_anyway(interaction: discord.Interaction, day_id: int, seen: int, reason: str) -> None:
    """The reason's modal was submitted: publish, recording the override with it."""
    bot = interaction.client
    prod, day = await day_and_production(bot, day_id)
    await admit_component(interaction, Access.AD, prod)
    locale = normalize_locale(interaction.locale)
    reason = " ".join(reason.split())[:200]
    if len(reason) < 3:
        raise DomainError("rest.error.no_reason")
    await interaction.response.defer(ephemeral=True, thinking=True)
    current, latest = await _version(bot, day_id)
    if current != seen:
        when = latest.sheet.published_at.astimezone(prod.tz).strftime("%H:%M") if latest is not None and latest.sheet.published_at else "—"
        await interaction.followup.send(t("rest.override.already", locale, version=current, time=when, date=day.date.isoformat()),
                                        ephemeral=True, allowed_mentions=NONE)
        return
    service = bot.reports
    check = await service.rest_check(prod, day)
    name = await member_name(bot.db, prod, interaction.user)

    async def record(tx) -> None:
        published = await CallsheetRepo.latest(tx, day_id)
        if published is None or published.version not in (seen, seen + 1):  # another publish got in between: this one is not applied
            raise DomainError("rest.error.stale", date=day.date.isoformat())
        now = bot.clock.now()
        if not check.ok:
            await service.record_override(tx, day, check, reason=reason, by=interaction.user.id, by_name=name, request=interaction.id, now=now)
        await ActionRepo.record(tx, production_id=prod.id, user_id=interaction.user.id, command="callsheet publish",
                                key=f"callsheet publish override {day_id}:{seen}", subject=day.date.isoformat(), interaction_id=interaction.id,
                                now=now)

    token = in_next_transaction(record)
    try:
        published = await bot.callsheets.publish(prod, day, by=interaction.user.id)
    finally:
        forget_next_transaction(token)
    await replan_cues(bot, prod.id, [day_id])
    head = t("rest.override.done", locale, reason=escape(reason), people=len(check.people())) if not check.ok else t("rest.override.now_ok", locale)
    await tell_ad(bot, interaction, prod, day_id, published, locale, head=head)
