"""/production create | list | channel."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import SetCallBot
from bot.checks import ad_only, production_autocomplete, resolve_production
from bot.domain.crew import DEPARTMENTS, validate_production
from bot.domain.errors import DomainError
from bot.i18n import normalize_locale, t
from bot.i18n.discord import L
from db.repositories.productions import ProductionRepo

PURPOSES = ("announcements", "production", "ad")


def production_embed(prod, locale: str) -> discord.Embed:
    embed = discord.Embed(title=t("production.embed.title", locale, name=prod.name, code=prod.code), colour=0x2B6CB0)
    embed.add_field(name=t("production.embed.timezone", locale), value=prod.timezone)
    embed.add_field(name=t("production.embed.language", locale), value=t(f"lang.{prod.language}", locale))
    lines = [f"{t(f'production.purpose.{p}', locale)}: <#{cid}>" for p in PURPOSES if (cid := prod.channel(p))]
    lines += [f"{t(f'dept.{d}', locale)}: <#{cid}>" for d in DEPARTMENTS if (cid := prod.department_channel(d))]
    if lines:
        embed.add_field(name=t("production.embed.channels", locale), value="\n".join(lines)[:1024], inline=False)
    return embed


class Productions(commands.Cog):
    production = app_commands.Group(name=L("cmd.production.name"), description=L("cmd.production.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    @production.command(name=L("cmd.production.create.name"), description=L("cmd.production.create.description"))
    @app_commands.rename(
        name=L("cmd.production.create.opt_name.name"),
        code=L("cmd.production.create.opt_code.name"),
        timezone=L("cmd.production.create.opt_timezone.name"),
        language=L("cmd.production.create.opt_language.name"),
    )
    @app_commands.describe(
        name=L("cmd.production.create.opt_name.description"),
        code=L("cmd.production.create.opt_code.description"),
        timezone=L("cmd.production.create.opt_timezone.description"),
        language=L("cmd.production.create.opt_language.description"),
    )
    @app_commands.choices(
        language=[
            app_commands.Choice(name=L("cmd.choice.lang.zh-CN"), value="zh-CN"),
            app_commands.Choice(name=L("cmd.choice.lang.en-US"), value="en-US"),
        ]
    )
    @ad_only()
    async def create(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 80],
        code: app_commands.Range[str, 2, 16],
        timezone: str | None = None,
        language: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        new = validate_production(
            interaction.guild_id,
            name,
            code,
            timezone or self.bot.settings.timezone,
            language or self.bot.settings.language,
            interaction.user.id,
        )
        configured = self.bot.settings.guild(interaction.guild_id).productions.get(new.code)
        here = interaction.channel_id or 0
        channels = {p: here for p in PURPOSES}
        if configured is not None:
            channels.update(configured.channels)
            channels.update({f"dept:{d}": cid for d, cid in configured.department_channels.items()})
        async with self.bot.db.transaction() as tx:
            prod = await ProductionRepo.create(tx, new, self.bot.clock.now(), channels)
        if prod is None:
            raise DomainError("production.error.code_taken", code=new.code)
        locale = prod.language
        await interaction.response.send_message(
            t("production.created", locale, name=prod.name, code=prod.code),
            embed=production_embed(prod, locale),
        )

    @production.command(name=L("cmd.production.list.name"), description=L("cmd.production.list.description"))
    async def list_(self, interaction: discord.Interaction) -> None:
        locale = normalize_locale(interaction.locale)
        assert interaction.guild_id is not None
        async with self.bot.db.read() as tx:
            prods = await ProductionRepo.in_guild(tx, interaction.guild_id)
        if not prods:
            raise DomainError("production.error.none")
        embed = discord.Embed(title=t("production.list.title", locale), colour=0x2B6CB0)
        embed.description = "\n".join(
            t("production.list.line", locale, code=p.code, name=p.name, timezone=p.timezone, language=t(f"lang.{p.language}", locale))
            for p in prods[:40]
        )[:4096]
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @production.command(name=L("cmd.production.channel.name"), description=L("cmd.production.channel.description"))
    @app_commands.rename(
        purpose=L("cmd.production.channel.opt_purpose.name"),
        channel=L("cmd.production.channel.opt_channel.name"),
        production=L("cmd.opt_production.name"),
    )
    @app_commands.describe(
        purpose=L("cmd.production.channel.opt_purpose.description"),
        channel=L("cmd.production.channel.opt_channel.description"),
        production=L("cmd.opt_production.description"),
    )
    @app_commands.choices(
        purpose=[app_commands.Choice(name=L(f"cmd.choice.purpose.{p}"), value=p) for p in PURPOSES]
        + [app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=f"dept:{d}") for d in DEPARTMENTS if d not in ("cast", "producer")]
    )
    @app_commands.autocomplete(production=production_autocomplete)
    @ad_only()
    async def channel(
        self,
        interaction: discord.Interaction,
        purpose: str,
        channel: discord.TextChannel,
        production: str | None = None,
    ) -> None:
        prod = await resolve_production(self.bot, interaction, production)
        async with self.bot.db.transaction() as tx:
            await ProductionRepo.set_channel(tx, prod.id, purpose, channel.id)
        label = t(f"production.purpose.{purpose}", interaction.locale) if purpose in PURPOSES else t(f"dept.{purpose[5:]}", interaction.locale)
        await interaction.response.send_message(
            t("production.channel_set", interaction.locale, purpose=label, channel=channel.mention, code=prod.code), ephemeral=True
        )


async def setup(bot: SetCallBot) -> None:
    await bot.add_cog(Productions(bot))
