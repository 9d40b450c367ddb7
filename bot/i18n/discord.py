"""Adapts the catalogs to discord.py: ``app_commands.Translator`` for command names,
descriptions, options and choices, and ``L()`` to declare a localizable command string."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.i18n import DEFAULT_LOCALE, catalog, normalize_locale


def L(key: str) -> app_commands.locale_str:
    """A command string: its English text (as Discord's default) plus the catalog key."""
    text = catalog(DEFAULT_LOCALE).get(key)
    if text is None:
        raise KeyError(f"missing translation key {key}")
    return app_commands.locale_str(text, key=key)


def command_locales() -> list[discord.Locale]:
    """Discord locales we send localizations for (en-US is the default text itself)."""
    return [discord.Locale.chinese]


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        if key is None or locale not in command_locales():
            return None
        return catalog(normalize_locale(str(locale))).get(key)
