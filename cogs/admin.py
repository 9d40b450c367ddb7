"""Owner/AD administration: command sync on demand (no global sync on every start)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import SetCallBot
from bot.tenancy import owner_or_ad
from bot.i18n import t
from bot.i18n.discord import L


class Admin(commands.Cog):
    admin = app_commands.Group(name=L("cmd.admin.name"), description=L("cmd.admin.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    @admin.command(name=L("cmd.admin.sync.name"), description=L("cmd.admin.sync.description"))
    @app_commands.rename(scope=L("cmd.admin.sync.scope.name"))
    @app_commands.describe(scope=L("cmd.admin.sync.scope.description"))
    @app_commands.choices(
        scope=[
            app_commands.Choice(name=L("cmd.admin.sync.scope_choice.guild"), value="guild"),
            app_commands.Choice(name=L("cmd.admin.sync.scope_choice.global"), value="global"),
        ]
    )
    @owner_or_ad()
    async def sync(self, interaction: discord.Interaction, scope: str = "guild") -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        if scope == "global":
            count = await self.bot.sync_global()
            await interaction.followup.send(t("admin.synced_global", interaction.locale, count=count), ephemeral=True)
        else:
            assert interaction.guild_id is not None
            count = await self.bot.sync_guild(interaction.guild_id)
            await interaction.followup.send(t("admin.synced", interaction.locale, count=count), ephemeral=True)


async def setup(bot: SetCallBot) -> None:
    await bot.add_cog(Admin(bot))
