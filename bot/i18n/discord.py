"""Adapts the catalogs to discord.py: ``app_commands.Translator`` for command names,
descriptions, options and choices, and ``L()`` to declare a localizable command string."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.i18n import DEFAULT_LOCALE, catalog

#: Discord locale -> the catalog its users see commands in. Every language we have a catalog for,
#: plus the regional variants Discord has for them (Latin-American Spanish reads the Spanish
#: catalog, Traditional-Chinese clients the Chinese one, as their messages do).
COMMAND_LOCALES: dict[discord.Locale, str] = {
    discord.Locale.american_english: "en-US",
    discord.Locale.british_english: "en-US",
    discord.Locale.chinese: "zh-CN",
    discord.Locale.taiwan_chinese: "zh-CN",
    discord.Locale.korean: "ko",
    discord.Locale.japanese: "ja",
    discord.Locale.spain_spanish: "es-ES",
    discord.Locale.latin_american_spanish: "es-ES",
    discord.Locale.thai: "th",
}


def L(key: str) -> app_commands.locale_str:
    """A command string: its English text (as Discord's default) plus the catalog key."""
    text = catalog(DEFAULT_LOCALE).get(key)
    if text is None:
        raise KeyError(f"missing translation key {key}")
    return app_commands.locale_str(text, key=key)


def command_locales() -> list[discord.Locale]:
    """Discord locales we send localizations for."""
    return list(COMMAND_LOCALES)


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        loc = COMMAND_LOCALES.get(locale)
        if key is None or loc is None:
            return None
        return catalog(loc).get(key)
