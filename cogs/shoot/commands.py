"""/shoot start | next | back | meal | resume | delay | ahead | skip | wrap | status | reminder."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import ButtonAction, action_view, ad_action, answer, register_button, set_subject
from bot.cues.liveday import LiveDayService, Outcome
from bot.domain.errors import DomainError
from bot.domain.plan import MEAL_NAMES
from bot.domain.progress import MAX_MEAL_MINUTES, POOL, remaining_numbers
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
#: Actions whose public message is the cue the bot posts itself (ONE message): the AD's reply is private.
POSTED_BY_CUE = ("meal", "resume", "wrap")


def _reason_option(func):
    func = app_commands.rename(reason=L("cmd.shoot.opt_reason.name"))(func)
    return app_commands.describe(reason=L("cmd.shoot.opt_reason.description"))(func)


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
        button for the AD while scenes remain, except those whose public message the bot posts itself
        (meal, return, wrap: one message, in the set channel), answered to the AD alone; what the
        change did to the cues goes to the AD alone, in their language."""
        mine = normalize_locale(interaction.locale)
        extra = {}
        if out.projection.state == "shooting" and out.projection.next is not None and out.day.id is not None:
            extra["view"] = action_view("shoot_next", out.production.id, out.day.id, out.progress.version, out.production.language)
        if kind in POSTED_BY_CUE:  # ``@ad_action(public=False)``: the deferral is the AD's alone
            await answer(interaction, "\n".join(x for x in (action_text(kind, out, mine, **params), ad_note(out, mine)) if x), **extra)
            return
        await answer(interaction, in_languages(lambda loc: action_text(kind, out, loc, **params), out.production.channel_locale), **extra)
        if note := ad_note(out, mine):
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

    @shoot.command(name=L("cmd.shoot.meal.name"), description=L("cmd.shoot.meal.description"))
    @app_commands.rename(meal=L("cmd.shoot.opt_meal.name"), minutes=L("cmd.shoot.opt_meal_minutes.name"))
    @app_commands.describe(meal=L("cmd.shoot.opt_meal.description"), minutes=L("cmd.shoot.opt_meal_minutes.description"))
    @app_commands.choices(meal=[app_commands.Choice(name=L(f"cmd.choice.meal.{m}"), value=m) for m in MEAL_NAMES])
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def meal(self, interaction: discord.Interaction, meal: str | None = None,
                   minutes: app_commands.Range[int, 1, MAX_MEAL_MINUTES] | None = None, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "meal", await self.service.meal(prod.id, day_id, meal, minutes=minutes, by=interaction.user.id))

    @shoot.command(name=L("cmd.shoot.resume.name"), description=L("cmd.shoot.resume.description"))
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def resume(self, interaction: discord.Interaction, production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        await self._reply(interaction, "resume", await self.service.resume(prod.id, day_id, by=interaction.user.id))

    @shoot.command(name=L("cmd.shoot.delay.name"), description=L("cmd.shoot.delay.description"))
    @app_commands.rename(minutes=L("cmd.shoot.opt_minutes.name"))
    @app_commands.describe(minutes=L("cmd.shoot.opt_minutes.description"))
    @_reason_option
    @production_option
    @ad_only()
    @ad_action()
    async def delay(self, interaction: discord.Interaction, minutes: app_commands.Range[int, 1, 240],
                    reason: app_commands.Range[str, 0, 200] = "", production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        out = await self.service.delay(prod.id, day_id, minutes, reason=reason, by=interaction.user.id)
        await self._reply(interaction, "delay", out, minutes=minutes)

    @shoot.command(name=L("cmd.shoot.ahead.name"), description=L("cmd.shoot.ahead.description"))
    @app_commands.rename(minutes=L("cmd.shoot.opt_minutes.name"))
    @app_commands.describe(minutes=L("cmd.shoot.opt_minutes.description"))
    @_reason_option
    @production_option
    @ad_only()
    @ad_action()
    async def ahead(self, interaction: discord.Interaction, minutes: app_commands.Range[int, 1, 240],
                    reason: app_commands.Range[str, 0, 200] = "", production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        out = await self.service.ahead(prod.id, day_id, minutes, reason=reason, by=interaction.user.id)
        await self._reply(interaction, "ahead", out, minutes=minutes)

    @shoot.command(name=L("cmd.shoot.skip.name"), description=L("cmd.shoot.skip.description"))
    @app_commands.rename(scene=L("cmd.shoot.opt_scene.name"), to=L("cmd.shoot.opt_to.name"))
    @app_commands.describe(scene=L("cmd.shoot.opt_scene.description"), to=L("cmd.shoot.opt_to.description"))
    @_reason_option
    @production_option
    @ad_only()
    @ad_action()
    async def skip(self, interaction: discord.Interaction, scene: app_commands.Range[str, 1, 16], to: str | None = None,
                   reason: app_commands.Range[str, 0, 200] = "", production: str | None = None) -> None:
        prod, day_id = await self._day(interaction, production)
        number = scene.strip()
        out = await self.service.skip(prod.id, day_id, number, reason=reason, to=to, by=interaction.user.id)
        await self._reply(interaction, "skip", out, scene=number)

    @skip.autocomplete("scene")
    async def skip_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        try:
            prod, day_id = await self._day(interaction, getattr(interaction.namespace, "production", None))
            day, progress = await self.service.load(prod, day_id)
        except DomainError:
            return []
        by_number = {s.number: s for s in day.scenes}
        needle = current.strip().casefold()
        return [
            app_commands.Choice(name=f"{n} · {s.set_name}"[:100], value=n)
            for n in remaining_numbers(day, progress)
            if (s := by_number.get(n)) is not None and (needle in n.casefold() or needle in s.set_name.casefold())
        ][:25]

    @skip.autocomplete("to")
    async def skip_to_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The unscheduled pool, then every later shoot day."""
        try:
            prod, day_id = await self._day(interaction, getattr(interaction.namespace, "production", None))
            today, _ = await self.service.load(prod, day_id)
        except DomainError:
            return []
        locale = normalize_locale(interaction.locale)
        async with self.bot.db.read() as tx:
            days = [d for d in await PlanRepo.days(tx, prod.id, prod.tz) if d.date > today.date]
        needle = current.strip().casefold()
        out = [app_commands.Choice(name=t("shoot.choice.pool", locale), value=POOL)]
        out += [app_commands.Choice(name=t("shoot.choice.day", locale, n=d.day_number, m=d.total_days, date=d.date.isoformat())[:100],
                                    value=d.date.isoformat()) for d in days]
        return [c for c in out if not needle or needle in c.name.casefold() or needle in c.value][:25]

    @shoot.command(name=L("cmd.shoot.wrap.name"), description=L("cmd.shoot.wrap.description"))
    @production_option
    @ad_only()
    @ad_action(public=False)
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
