"""/callsheet publish | status | mine."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError
from bot.i18n import join_list, normalize_locale, t
from bot.actions import ad_action, set_subject
from bot.i18n.discord import L
from bot.tenancy import ad_only, crew_only, producer_or_ad, production_of, production_option
from bot.render import ics
from bot.render import pdf as pdf_render
from bot.render.fonts import FontMissing
from bot.render.callsheet_embeds import personal, status
from cogs.callsheet.publish import tell_ad
from cogs.callsheet.views import confirm_view
from cogs.report.guard import rest_guard
from cogs.plan.common import day_autocomplete, embeds_of, find_day, interaction_locale, replan_cues, reply_messages
from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo


class Callsheet(commands.Cog):
    callsheet = app_commands.Group(name=L("cmd.callsheet.name"), description=L("cmd.callsheet.description"), guild_only=True)

    def __init__(self, bot) -> None:
        self.bot = bot

    @callsheet.command(name=L("cmd.callsheet.publish.name"), description=L("cmd.callsheet.publish.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def publish_(self, interaction: discord.Interaction, day: str | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        set_subject(interaction, found.date.isoformat())
        if not await rest_guard(self.bot, interaction, prod, found):
            return  # the AD was warned: names and hours, and "publish anyway" with a reason
        published = await self.bot.callsheets.publish(prod, found, by=interaction.user.id)
        await replan_cues(self.bot, prod.id, [found.id])
        await tell_ad(self.bot, interaction, prod, found.id, published, interaction_locale(interaction))

    @callsheet.command(name=L("cmd.callsheet.status.name"), description=L("cmd.callsheet.status.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @producer_or_ad()
    async def status_(self, interaction: discord.Interaction, day: str | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        async with self.bot.db.read() as tx:
            latest = await CallsheetRepo.latest(tx, found.id)
            deliveries = await CallsheetRepo.deliveries(tx, latest.id) if latest else []
        if latest is None:
            raise DomainError("callsheet.error.not_published", date=found.date.isoformat())
        await reply_messages(interaction, status(latest.sheet, deliveries, interaction_locale(interaction)))

    @callsheet.command(name=L("cmd.callsheet.mine.name"), description=L("cmd.callsheet.mine.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"), pdf=L("cmd.callsheet.mine.opt_pdf.name"))
    @app_commands.describe(day=L("cmd.plan.opt_day.description"), pdf=L("cmd.callsheet.mine.opt_pdf.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @crew_only()
    async def mine(self, interaction: discord.Interaction, day: str | None = None, pdf: bool = False, production: str | None = None) -> None:
        """Your own call; with ``pdf`` the whole call sheet as a PDF in your language (Thai, Korean...)."""
        prod = production_of(interaction)
        uid = interaction.user.id
        async with self.bot.db.read() as tx:
            member = await CrewRepo.get(tx, prod.id, uid)
        if member is None:
            raise DomainError("callsheet.error.not_crew", code=prod.code)
        locale = normalize_locale(member.language)
        if day:
            found = await find_day(self.bot, prod, day)
            async with self.bot.db.read() as tx:
                published = await CallsheetRepo.latest(tx, found.id)
        else:
            today = (self.bot.clock.now().astimezone(prod.tz) - timedelta(hours=6)).date()
            async with self.bot.db.read() as tx:
                published = await CallsheetRepo.latest_for_user(tx, prod.id, uid, today)
        if published is None or published.sheet.person(uid) is None:
            raise DomainError("callsheet.error.nothing_for_you")
        sheet = published.sheet
        person = sheet.person(uid)
        async with self.bot.db.read() as tx:
            current = await CallsheetRepo.current_for_user(tx, published.shoot_day_id, uid)
            plan_day = await PlanRepo.day_by_id(tx, published.shoot_day_id)
        messages = personal(sheet, person, locale)
        calendar = discord.File(io.BytesIO(ics.person_calendar(sheet, person, locale, now=self.bot.clock.now())), filename=ics.filename(sheet))
        files = [calendar]
        note: list[str] = []
        if pdf:  # a PDF takes seconds: answer "thinking" first, then render it off the event loop
            await interaction.response.defer(ephemeral=True, thinking=True)
            try:
                data = await asyncio.to_thread(pdf_render.render_pdf, sheet, locale)
                files.append(discord.File(io.BytesIO(data), filename=pdf_render.filename(sheet, locale)))
            except FontMissing:
                note.append(t("callsheet.publish.no_pdf", locale))
        if plan_day is not None and plan_day.revision != sheet.day_revision:
            note.append(t("callsheet.mine.plan_changed", locale))
        for i, message in enumerate(messages):
            kwargs: dict = {"content": ("\n".join(note) or None) if i == 0 else None, "embeds": embeds_of(message), "ephemeral": True}
            if i == len(messages) - 1:
                kwargs["files"] = files
                if current is not None:
                    kwargs["view"] = confirm_view(current.id, locale, confirmed=current.status == "confirmed")
            if i == 0 and not interaction.response.is_done():
                await interaction.response.send_message(**kwargs)
            else:
                await interaction.followup.send(**kwargs)
