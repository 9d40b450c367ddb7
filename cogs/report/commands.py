"""/report day | park | dm, and /rest rules | check."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError
from bot.i18n import LANGUAGE_CHOICES, duration, join_list, normalize_locale, t
from bot.i18n.discord import L
from bot.render import report_chart, report_xlsx
from bot.render.report_text import embeds, park_view, rest_warning, rules_text
from bot.tenancy import crew_only, park_view as park_level, producer_or_ad, production_of, production_option, tenant_of
from cogs.plan.common import day_autocomplete, find_day
from cogs.report.common import reports_of
from bot.report.facts import rules_of

if TYPE_CHECKING:
    from bot.app import SetCallBot

NONE = discord.AllowedMentions.none()
LANGUAGES = [app_commands.Choice(name=L(f"cmd.choice.lang.{code}"), value=code) for code in LANGUAGE_CHOICES]


def locale_of(interaction: discord.Interaction) -> str:
    return normalize_locale(interaction.locale)


async def report_files(report, locale: str) -> list[discord.File]:
    """The chart (when it can be drawn) and the spreadsheet, rendered off the event loop."""
    out = []
    if report_chart.available():
        png = await asyncio.to_thread(report_chart.render_chart, report, locale)
        out.append(discord.File(io.BytesIO(png), filename=report_chart.filename(report)))
    data = await asyncio.to_thread(report_xlsx.render_xlsx, report, locale)
    out.append(discord.File(io.BytesIO(data), filename=report_xlsx.filename(report)))
    return out


class Report(commands.Cog):
    report = app_commands.Group(name=L("cmd.report.name"), description=L("cmd.report.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    @report.command(name=L("cmd.report.day.name"), description=L("cmd.report.day.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(day=L("cmd.report.opt_day.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @producer_or_ad()
    async def day(self, interaction: discord.Interaction, day: str | None = None, production: str | None = None) -> None:
        """The report of a day, now, in your language, with its chart and spreadsheet (only you see it)."""
        prod = production_of(interaction)
        service = reports_of(self.bot)
        locale = locale_of(interaction)
        found = await find_day(self.bot, prod, day) if day else await service.default_day(prod)
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await service.report_of(prod, found)
        await interaction.followup.send(embeds=[discord.Embed.from_dict(e) for e in embeds(report, locale)],
                                        files=await report_files(report, locale), ephemeral=True, allowed_mentions=NONE)

    @report.command(name=L("cmd.report.park.name"), description=L("cmd.report.park.description"))
    @park_level()
    async def park(self, interaction: discord.Interaction) -> None:
        """Every production you produce on this server, one line each, the one in most trouble first."""
        productions = list(tenant_of(interaction).accessible)
        locale = locale_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        reports = await reports_of(self.bot).park(productions)
        if not reports:
            raise DomainError("report.error.park_empty")
        await interaction.followup.send(park_view(reports, locale)[:2000], ephemeral=True, allowed_mentions=NONE)

    @report.command(name=L("cmd.report.dm.name"), description=L("cmd.report.dm.description"))
    @app_commands.rename(on=L("cmd.report.opt_on.name"), language=L("cmd.report.opt_language.name"))
    @app_commands.describe(on=L("cmd.report.opt_on.description"), language=L("cmd.report.opt_language.description"))
    @app_commands.choices(language=LANGUAGES)
    @production_option
    @producer_or_ad()
    async def dm(self, interaction: discord.Interaction, on: bool = True, language: str | None = None, production: str | None = None) -> None:
        """Get the signed-off daily report by DM (or stop getting it), in your language."""
        prod = production_of(interaction)
        chosen = normalize_locale(language or interaction.locale)
        await reports_of(self.bot).set_dm(prod, interaction.user.id, on=on, language=chosen)
        key = "report.dm.on" if on else "report.dm.off"
        await interaction.response.send_message(t(key, chosen, code=prod.code, language=t(f"lang.{chosen}", chosen)), ephemeral=True,
                                                allowed_mentions=NONE)


class Rest(commands.Cog):
    rest = app_commands.Group(name=L("cmd.rest.name"), description=L("cmd.rest.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    @rest.command(name=L("cmd.rest.rules.name"), description=L("cmd.rest.rules.description"))
    @production_option
    @crew_only()
    async def rules(self, interaction: discord.Interaction, production: str | None = None) -> None:
        """The rest rules in force for this production, and the wrap-out each department works."""
        prod = production_of(interaction)
        locale = locale_of(interaction)
        rules = rules_of(self.bot.settings, prod)
        lines = [t("rest.rules.line", locale, code=prod.code, rules=rules_text(rules.pack, rules.min_rest_minutes, locale))]
        wrap_out = self.bot.settings.rest.wrap_out
        if wrap_out:
            parts = [t("rest.rules.wrap_out_item", locale, department=t(f"dept.{d}", locale), duration=duration(m, locale))
                     for d, m in wrap_out.items() if m]
            lines.append(t("rest.rules.wrap_out", locale, items=join_list(parts, locale)))
        await interaction.response.send_message("\n".join(lines), ephemeral=True, allowed_mentions=NONE)

    @rest.command(name=L("cmd.rest.check.name"), description=L("cmd.rest.check.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @producer_or_ad()
    async def check(self, interaction: discord.Interaction, day: str | None = None, production: str | None = None) -> None:
        """Would this day's call sheet break the rest rules? (Nothing is published.)"""
        prod = production_of(interaction)
        locale = locale_of(interaction)
        found = await find_day(self.bot, prod, day)
        result = await reports_of(self.bot).rest_check(prod, found)
        if result.ok:
            rules = rules_text(result.rules.pack, result.rules.min_rest_minutes, locale)
            await interaction.response.send_message(t("rest.check.ok", locale, day=found.day_number, date=found.date.isoformat(), rules=rules),
                                                    ephemeral=True, allowed_mentions=NONE)
            return
        embed = discord.Embed.from_dict(rest_warning(result, found.date, found.day_number, prod.timezone, locale))
        embed.remove_field(1)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NONE)
