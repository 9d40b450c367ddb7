"""A test-only extension whose commands fail in each way the tree must answer."""

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError
from bot.tenancy import anyone, crew_only, production_option


class Failing(commands.Cog):
    @app_commands.command(name="boom", description="raises before responding")
    @anyone()
    async def boom(self, interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    @app_commands.command(name="boom-late", description="defers, then raises")
    @anyone()
    async def boom_late(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        raise RuntimeError("kaboom after defer")

    @app_commands.command(name="boom-crew", description="raises inside a production")
    @production_option
    @crew_only()
    async def boom_crew(self, interaction: discord.Interaction, production: str | None = None) -> None:
        raise RuntimeError("kaboom in a production")

    @app_commands.command(name="refuse", description="a domain refusal")
    @anyone()
    async def refuse(self, interaction: discord.Interaction) -> None:
        raise DomainError("time.error.unrecognized", text="@everyone soon")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Failing())
