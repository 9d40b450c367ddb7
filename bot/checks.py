"""Kept for code written before ``bot.tenancy``: the permission decorators and the production of
an interaction now live there (one resolver, one check, applied by the tree)."""

from __future__ import annotations

import discord

from bot.domain.crew import Production
from bot.tenancy import (
    ad_only,
    anyone,
    crew_only,
    guild_ad,
    joining,
    owner_or_ad,
    producer_or_ad,
    production_autocomplete,
    production_of,
    production_option,
)

__all__ = [
    "ad_only", "anyone", "crew_only", "guild_ad", "joining", "owner_or_ad", "producer_or_ad",
    "production_autocomplete", "production_option", "resolve_production",
]


async def resolve_production(bot, interaction: discord.Interaction, code: str | None = None) -> Production:
    """The production ``bot.tenancy.admit`` decided for this interaction (``code`` is ignored: the
    option was already taken into account there)."""
    return production_of(interaction)
