"""Permission checks and the production a command is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.tree import NotAD, NotOwner, NotProducer
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot


def _roles(member: discord.abc.User) -> set[int]:
    return {r.id for r in getattr(member, "roles", [])}


def is_ad_member(bot: SetCallBot, interaction: discord.Interaction) -> bool:
    user = interaction.user
    if user.id in bot.settings.owner_ids:
        return True
    if interaction.guild_id is None or not isinstance(user, discord.Member):
        return False
    perms = interaction.permissions
    if perms.manage_guild or perms.administrator:
        return True
    return bool(_roles(user) & set(bot.settings.guild(interaction.guild_id).ad_role_ids))


def is_producer_member(bot: SetCallBot, interaction: discord.Interaction) -> bool:
    if is_ad_member(bot, interaction):
        return True
    return bool(_roles(interaction.user) & set(bot.settings.guild(interaction.guild_id).producer_role_ids))


def is_canteen_member(bot: SetCallBot, interaction: discord.Interaction) -> bool:
    if is_ad_member(bot, interaction):
        return True
    return bool(_roles(interaction.user) & set(bot.settings.guild(interaction.guild_id).canteen_role_ids))


def _require(allowed, refusal: type[app_commands.CheckFailure]):
    async def predicate(interaction: discord.Interaction) -> bool:
        if not allowed(interaction.client, interaction):
            raise refusal()
        return True

    return app_commands.check(predicate)


def ad_only():
    """``@ad_only()``: the AD role, Manage Server, or a bot owner."""
    return _require(is_ad_member, NotAD)


def producer_or_ad():
    """``@producer_or_ad()``: ADs and the producer roles (read-only overviews such as confirmations)."""
    return _require(is_producer_member, NotProducer)


def owner_or_ad():
    """``@owner_or_ad()``: administration (a bot owner or an AD)."""
    return _require(is_ad_member, NotOwner)


async def resolve_production(bot: SetCallBot, interaction: discord.Interaction, code: str | None = None) -> Production:
    """Which production a command is about, never another guild's.

    1. the ``production`` option, 2. the channel belongs to exactly one production, 3. the user is
    crew on exactly one production here, 4. the guild has exactly one production.
    """
    guild_id = interaction.guild_id
    if guild_id is None:
        raise DomainError("errors.guild_only")
    async with bot.db.read() as tx:
        if code:
            prod = await ProductionRepo.by_code(tx, guild_id, code)
            if prod is None:
                raise DomainError("production.error.unknown_code", code=code.upper())
            return prod
        by_channel = await ProductionRepo.by_channel(tx, guild_id, interaction.channel_id or 0)
        if len(by_channel) == 1:
            return by_channel[0]
        mine = await ProductionRepo.of_user(tx, guild_id, interaction.user.id)
        if len(mine) == 1:
            return mine[0]
        every = await ProductionRepo.in_guild(tx, guild_id)
    if len(every) == 1:
        return every[0]
    if not every:
        raise DomainError("production.error.none")
    raise DomainError("production.error.which", codes=", ".join(p.code for p in every))


async def production_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot: SetCallBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        return []
    async with bot.db.read() as tx:
        prods = await ProductionRepo.in_guild(tx, interaction.guild_id)
    needle = current.casefold()
    return [
        app_commands.Choice(name=f"{p.code} · {p.name}"[:100], value=p.code)
        for p in prods
        if needle in p.code.casefold() or needle in p.name.casefold()
    ][:25]
