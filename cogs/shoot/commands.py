"""/shoot start | next | back | delay | ahead | skip | wrap | status | reminder."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import ButtonAction, action_view, ad_action, answer, register_button, set_subject
from bot.cues.liveday import LiveDayService, Outcome
from bot.domain.errors import DomainError
from bot.domain.progress import remaining_numbers
from bot.domain.tenancy import Access
from bot.i18n import in_languages, normalize_locale, t
from bot.i18n.discord import L
from bot.tenancy import ad_only, crew_only, production_of, production_option
from cogs.shoot.render import action_text, ad_note, status_embed
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo
from db.repositories.progress import ProgressRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot

NONE = discord.AllowedMentions.none()


class Shoot(commands.Cog):
    shoot = app_commands.Group(name=L("cmd.shoot.name"), description=L("cmd.shoot.description"), guild_only=True)

    def __init__(self, bot: SetCallBot, service: LiveDayService) -> None:
        self.bot = bot
        self.service = service
        register_button(ButtonAction("shoot_next", Access.AD, "shoot.button.next", self._version, self._next_button))

    async def _version(self, bot, prod, day_id: int) -> int:
        async with bot.db.read() as tx:
            return (await ProgressRepo.load(tx, day_id)).version

    async def _next_button(self, interaction: discord.Interaction, prod, day_id: int) -> None:
        """The "moving on" button under a /shoot reply: /shoot next for the day it was drawn for."""
        set_subject(interaction, f"shoot_day:{day_id}")
        expected = await self.service.current_scene(day_id)
        await self._reply(interaction, "next", await self.service.next(prod.id, day_id, expected=expected, by=interaction.user.id, request=interaction.id))

    async def _reply(self, interaction: discord.Interaction, kind: str, out: Outcome, **params: object) -> None:
        """AD actions are answered in the channel, in the production's language, with a "moving on"
        button for the AD while scenes remain; what the change did to the cues goes to the AD alone."""
        extra = {}
        if out.projection.state == "shooting" and out.projection.next is not None and out.day.id is not None:
            extra["view"] = action_view("shoot_next", out.production.id, out.day.id, out.progress.version, out.production.language)
        await answer(interaction, in_languages(lambda loc: action_text(kind, out, loc, **params), out.production.channel_locale), **extra)
        if note := ad_note(out, normalize_locale(interaction.locale)):
            await interaction.followup.send(note, ephemeral=True, allowed_mentions=NONE)

    async def _day(self, interaction: discord.Interaction, production: str | None, day: int | None = None):
        prod = production_of(interaction)
        day_id = await self.service.active_day(prod, day)
        set_subject(interaction, f"shoot_day:{day_id}")
        return prod, day_id

    # --------------------------------------------------------------------------- AD actions

    @shoot.command(name=L("cmd.shoot.start.name"), description=L("cmd.shoot.start.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def start(self, interaction: discord.Interaction, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "started", await self.service.start(prod.id, day_id, by=interaction.user.id, request=interaction.id))

    @shoot.command(name=L("cmd.shoot.next.name"), description=L("cmd.shoot.next.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def next_(self, interaction: discord.Interaction, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        # what this AD saw as the current scene: if another AD moves on first, this press is refused
        expected = await self.service.current_scene(day_id)
        await self._reply(interaction, "next", await self.service.next(prod.id, day_id, expected=expected, by=interaction.user.id, request=interaction.id))

    @shoot.command(name=L("cmd.shoot.back.name"), description=L("cmd.shoot.back.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def back(self, interaction: discord.Interaction, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "back", await self.service.back(prod.id, day_id, by=interaction.user.id))

    @shoot.command(name=L("cmd.shoot.delay.name"), description=L("cmd.shoot.delay.description"))
    @app_commands.rename(minutes=L("cmd.shoot.opt_minutes.name"))
    @app_commands.describe(minutes=L("cmd.shoot.opt_minutes.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def delay(self, interaction: discord.Interaction, minutes: app_commands.Range[int, 1, 240], production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "delay", await self.service.delay(prod.id, day_id, minutes, by=interaction.user.id), minutes=minutes)

    @shoot.command(name=L("cmd.shoot.ahead.name"), description=L("cmd.shoot.ahead.description"))
    @app_commands.rename(minutes=L("cmd.shoot.opt_minutes.name"))
    @app_commands.describe(minutes=L("cmd.shoot.opt_minutes.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def ahead(self, interaction: discord.Interaction, minutes: app_commands.Range[int, 1, 240], production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "ahead", await self.service.ahead(prod.id, day_id, minutes, by=interaction.user.id), minutes=minutes)

    @shoot.command(name=L("cmd.shoot.skip.name"), description=L("cmd.shoot.skip.description"))
    @app_commands.rename(scene=L("cmd.shoot.opt_scene.name"))
    @app_commands.describe(scene=L("cmd.shoot.opt_scene.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def skip(self, interaction: discord.Interaction, scene: app_commands.Range[str, 1, 16], production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        number = scene.strip()
        await self._reply(interaction, "skip", await self.service.skip(prod.id, day_id, number, by=interaction.user.id), scene=number)

    @skip.autocomplete("scene")
    async def skip_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        try:
            prod, day_id = await self._day(interaction, getattr(interaction.namespace, "production", None))
        except DomainError:
            return []
        async with self.bot.db.read() as tx:
            day = await PlanRepo.day_by_id(tx, day_id)
            progress = await ProgressRepo.load(tx, day_id)
        if day is None:
            return []
        todo = remaining_numbers(day, progress)
        needle = current.strip().casefold()
        return [
            app_commands.Choice(name=f"{n} · {s.set_name}"[:100], value=n)
            for n in todo
            if (s := day.scene(n)) is not None and (needle in n.casefold() or needle in s.set_name.casefold())
        ][:25]

    @shoot.command(name=L("cmd.shoot.wrap.name"), description=L("cmd.shoot.wrap.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def wrap(self, interaction: discord.Interaction, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "wrap", await self.service.wrap(prod.id, day_id, by=interaction.user.id, request=interaction.id))

    # --------------------------------------------------------------------------- everyone

    @shoot.command(name=L("cmd.shoot.status.name"), description=L("cmd.shoot.status.description"))
    @app_commands.rename(day=L("cmd.shoot.opt_day.name"))
    @app_commands.describe(day=L("cmd.shoot.opt_day.description"))
    @production_option
    @crew_only()
    async def status(self, interaction: discord.Interaction, day: app_commands.Range[int, 1, 366] | None = None, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production, day)
        out = await self.service.status(prod.id, day_id)
        undelivered = await self.service.undelivered(day_id)
        await interaction.response.send_message(embed=status_embed(out, normalize_locale(interaction.locale), undelivered), ephemeral=True)

    @shoot.command(name=L("cmd.shoot.reminder.name"), description=L("cmd.shoot.reminder.description"))
    @app_commands.rename(minutes=L("cmd.shoot.opt_reminder_minutes.name"))
    @app_commands.describe(minutes=L("cmd.shoot.opt_reminder_minutes.description"))
    @production_option
    @crew_only()
    async def reminder(self, interaction: discord.Interaction, minutes: app_commands.Range[int, 0, 720] | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        async with self.bot.db.read() as tx:
            member = await CrewRepo.get(tx, prod.id, interaction.user.id)
        if member is None:
            raise DomainError("shoot.error.not_crew", code=prod.code)
        await self.service.set_reminder(prod.id, interaction.user.id, minutes)
        try:  # re-plan today's reminders right away
            await self.service.sync(prod.id, await self.service.active_day(prod))
        except DomainError:
            pass
        locale = interaction.locale
        if minutes is None:
            text = t("shoot.reminder.default", locale, code=prod.code, minutes=self.bot.settings.cues.call_reminder_minutes)
        elif minutes == 0:
            text = t("shoot.reminder.off", locale, code=prod.code)
        else:
            text = t("shoot.reminder.set", locale, code=prod.code, minutes=minutes)
        await interaction.response.send_message(text, ephemeral=True)
