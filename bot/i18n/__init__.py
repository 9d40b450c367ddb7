"""The translation layer: every user-facing string goes through :func:`t`.

Catalogs live in ``bot/i18n/locales/<locale>/<feature>.toml``; nested tables flatten to dotted
keys (``[crew.join]`` ``done = "..."`` is ``crew.join.done``). Placeholders use ``str.format``
syntax (``{name}``). Every locale must have every key with the same placeholders: a test
enforces it. This module imports nothing from discord; ``bot.i18n.discord`` adapts it to
``app_commands.Translator``.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LOCALES: tuple[str, ...] = ("en-US", "zh-CN")
DEFAULT_LOCALE = "en-US"
LOCALE_DIR = Path(__file__).with_name("locales")

#: Languages a crew member may pick. Posts fall back to English for those without a catalog yet.
LANGUAGE_CHOICES: tuple[str, ...] = ("zh-CN", "en-US", "ko", "ja", "es-ES", "th")


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, str], origin: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            _flatten(full, value, out, origin)
        elif isinstance(value, str):
            if full in out:
                raise ValueError(f"{origin}: duplicate key {full}")
            out[full] = value
        else:
            raise ValueError(f"{origin}: {full} must be a string")


@cache
def catalog(locale: str) -> dict[str, str]:
    out: dict[str, str] = {}
    folder = LOCALE_DIR / locale
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten("", tomllib.load(fh), out, path)
    return out


def normalize_locale(value: object | None) -> str:
    """Map a Discord locale (or a language setting) onto a catalog we have.

    Any Chinese goes to zh-CN (a Taiwanese or Hong Kong crew member still reads it better than
    English); everything else falls back to en-US.
    """
    text = str(value or "").strip()
    if not text:
        return DEFAULT_LOCALE
    low = text.lower()
    if low.startswith("zh"):
        return "zh-CN"
    if low.startswith("en"):
        return "en-US"
    return DEFAULT_LOCALE


def has_key(key: str) -> bool:
    return key in catalog(DEFAULT_LOCALE)


def t(key: str, locale: object | None = None, /, **params: Any) -> str:
    """Translate ``key`` into ``locale`` (any form :func:`normalize_locale` takes)."""
    loc = normalize_locale(locale)
    text = catalog(loc).get(key)
    if text is None:
        text = catalog(DEFAULT_LOCALE).get(key)
        if text is None:
            log.error("missing translation key %s", key)
            return key
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        log.exception("bad placeholders for %s in %s", key, loc)
        return text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def translate_error(err: Exception, locale: object | None) -> str:
    """The localized message of a DomainError (anything with ``key`` and ``params``)."""
    key = getattr(err, "key", None)
    if key and has_key(key):
        return t(key, locale, **getattr(err, "params", {}))
    return t("errors.generic", locale)
