"""The CommandTree: every failure gets a localized, ephemeral answer.

Like Red-DiscordBot's ``redbot/core/tree.py``: respond if we still can, otherwise follow up,
and never let an error escape unanswered. Views share :func:`reply_error`.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.domain.errors import DomainError
from bot.i18n import has_key, t
from bot.render.escape import escape

log = logging.getLogger(__name__)


class NotAD(app_commands.CheckFailure):
    key = "errors.not_ad"


class NotOwner(app_commands.CheckFailure):
    key = "errors.not_owner"


class NotProducer(app_commands.CheckFailure):
    key = "errors.not_producer"


def error_text(interaction: discord.Interaction, error: Exception) -> str | None:
    """The user's message for a foreseen error; None for an unexpected one (see ``bot.errors``)."""
    locale = interaction.locale
    original = getattr(error, "original", None) or getattr(error, "__cause__", None) or error
    if isinstance(error, app_commands.TransformerError) and isinstance(error.__cause__, DomainError):
        original = error.__cause__
    if isinstance(original, DomainError):
        if not has_key(original.key):
            return None
        # what the user typed comes back in refusals: shown as typed, never as markdown or a ping
        return t(original.key, locale, **{k: escape(v) if isinstance(v, str) else v for k, v in original.params.items()})
    if isinstance(error, app_commands.CheckFailure) and isinstance(getattr(error, "key", None), str):
        return t(error.key, locale)
    if isinstance(error, app_commands.NoPrivateMessage):
        return t("errors.guild_only", locale)
    if isinstance(error, app_commands.CommandOnCooldown):
        return t("errors.cooldown", locale, seconds=f"{error.retry_after:.0f}")
    if isinstance(error, app_commands.BotMissingPermissions):
        return t("errors.missing_permissions", locale, perms=", ".join(error.missing_permissions))
    if isinstance(error, app_commands.CheckFailure):
        return t("errors.not_ad", locale)
    return None


def _original(error: BaseException) -> BaseException:
    return getattr(error, "original", None) or error


async def reply_error(interaction: discord.Interaction, error: Exception) -> None:
    text = error_text(interaction, error)
    if text is None:
        from bot.errors import unexpected

        text = await unexpected(interaction, _original(error))
    try:
        if interaction.response.is_done():
            if interaction.extras.get("setcall.public_defer") and not interaction.extras.get("setcall.answered"):
                # a public "thinking..." would turn the refusal public: remove it, answer privately
                try:
                    await interaction.delete_original_response()
                except discord.HTTPException:
                    pass
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException:
        log.warning("could not deliver an error reply", exc_info=True)


class SetCallTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Tenancy: every slash command and every autocomplete passes the one resolver and check."""
        from bot.tenancy import admit

        if interaction.type in (discord.InteractionType.application_command, discord.InteractionType.autocomplete):
            return await admit(interaction)
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await reply_error(interaction, error)


class SetCallView(discord.ui.View):
    """Base view: errors answered like commands."""

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:  # type: ignore[override]
        await reply_error(interaction, error)
