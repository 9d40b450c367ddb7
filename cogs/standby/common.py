"""What the standby and duty commands share: the active day, the context, autocomplete for people
and sets, and naming departments in the reader's language."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.standby import actor_key
from bot.i18n import join_list, normalize_locale, t
from bot.tenancy import production_of
from cogs.standby.roster import Context, load


async def context(bot, prod: Production) -> Context:
    """The standby context of ``prod`` now (the active shoot day, if one is on)."""
    day_id: int | None = None
    if bot.liveday is not None:
        try:
            day_id = await bot.liveday.active_day(prod)
        except DomainError:
            day_id = None
    async with bot.db.read() as tx:
        return await load(tx, prod, day_id, bot.clock.now(), bot.settings.call_offsets, bot.settings.call_rules)


def locale_of(interaction: discord.Interaction) -> str:
    return normalize_locale(interaction.locale)


def dept(code: str, locale: str) -> str:
    return t(f"dept.{code}", locale)


def person_choices(ctx: Context, current: str, *, actors_only: bool = False) -> list[app_commands.Choice[str]]:
    """Actors of the day by character and name (value ``u:<id>`` when on Discord, ``a:<name>`` when
    not), then crew members by name."""
    needle = "".join(current.split()).casefold()
    out: dict[str, str] = {}
    by_id = {m.user_id: m for m in ctx.crew}
    for c in ctx.cast:
        label = c.actor if c.character == c.actor else f"{c.character} · {c.actor}"
        value = f"u:{c.user_id}" if c.user_id is not None and c.user_id in by_id else f"a:{c.actor}"
        if not needle or needle in "".join(label.split()).casefold():
            out.setdefault(value, label)
    if not actors_only:
        for m in ctx.crew:
            if not needle or needle in "".join(m.display_name.split()).casefold():
                out.setdefault(f"u:{m.user_id}", f"{m.display_name} · {m.title}")
    else:
        for m in ctx.crew:
            if m.department == "cast" and (not needle or needle in "".join(m.display_name.split()).casefold()):
                out.setdefault(f"u:{m.user_id}", m.display_name)
    return [app_commands.Choice(name=label[:100], value=value[:100]) for value, label in out.items()][:25]


async def person_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    ctx = await context(interaction.client, production_of(interaction))  # decided and checked by the tree's gate
    return person_choices(ctx, current)


async def actor_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    ctx = await context(interaction.client, production_of(interaction))
    return person_choices(ctx, current, actors_only=True)


def not_found(key: str, param: str, typed: str, options, locale: str) -> DomainError:
    """"Nobody called X. Nearest: A, B" (the tree escapes these user texts when it answers)."""
    matches = join_list(options, locale) or t("standby.error.no_matches", locale)
    return DomainError(key, **{param: typed.strip().removeprefix("u:").removeprefix("a:")[:60]}, matches=matches)


def follower_label(ctx: Context, key: str) -> str:
    if key.startswith("u:") and (m := ctx.member(int(key[2:]))) is not None:
        return m.display_name
    return ctx.follower_names.get(key, key[2:])


__all__ = ["actor_autocomplete", "actor_key", "context", "dept", "follower_label", "locale_of", "not_found", "person_autocomplete",
           "person_choices"]
