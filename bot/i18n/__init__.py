"""The translation layer: every user-facing string goes through :func:`t`.

Catalogs live in ``bot/i18n/locales/<locale>/<feature>.toml`` for en-US, zh-CN, ko, ja, es-ES and
th; nested tables flatten to dotted keys (``[crew.join]`` ``done = "..."`` is ``crew.join.done``).
Placeholders use ``str.format`` syntax (``{name}``). Every locale must have every key with the same
placeholders, and use the set terms of ``glossary.toml`` where the English does: tests enforce it.
Times after midnight, durations and lists go through :func:`time_of_day`, :func:`duration` and
:func:`join_list` (``次日 03:41``, ``1小时34分``, ``林晓、周毅``); a channel post with a second
language goes through :func:`in_languages`. This module imports nothing from discord;
``bot.i18n.discord`` adapts it to ``app_commands.Translator``.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Every language with a complete catalog (a test fails on a missing key or placeholder).
LOCALES: tuple[str, ...] = ("en-US", "zh-CN", "ko", "ja", "es-ES", "th")
DEFAULT_LOCALE = "en-US"
LOCALE_DIR = Path(__file__).with_name("locales")
GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")

#: Languages a crew member (or a production's channels) may pick, in menu order.
LANGUAGE_CHOICES: tuple[str, ...] = ("zh-CN", "en-US", "ko", "ja", "es-ES", "th")

#: The language prefix of a Discord locale (or a setting) -> our catalog.
_BY_PREFIX = {"zh": "zh-CN", "en": "en-US", "ko": "ko", "ja": "ja", "es": "es-ES", "th": "th"}


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
    English), any Spanish (es-419 too) to es-ES, Korean, Japanese and Thai to their own; everything
    else falls back to en-US.
    """
    text = str(value or "").strip()
    if not text:
        return DEFAULT_LOCALE
    prefix = text.lower().replace("_", "-").split("-")[0]
    return _BY_PREFIX.get(prefix, DEFAULT_LOCALE)


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


def join_list(items: Any, locale: object | None) -> str:
    """Names or scene numbers as a list in ``locale``: "A, B" in English, "A、B" in Chinese."""
    return t("fmt.list_sep", locale).join(str(i) for i in items)


def duration(minutes: int, locale: object | None) -> str:
    """"1 h 34 min", "1小时34分", "1시간 34분"..."""
    h, m = divmod(abs(int(minutes)), 60)
    if h and m:
        return t("fmt.duration.hm", locale, h=h, m=m)
    if h:
        return t("fmt.duration.h", locale, h=h)
    return t("fmt.duration.m", locale, m=m)


def time_of_day(hhmm: str, day_shift: int, locale: object | None) -> str:
    """A time of day on a shoot day: "03:41", and past midnight "次日 03:41" / "03:41 (+1)"."""
    if day_shift == 0:
        return hhmm
    if day_shift == 1:
        return t("fmt.time.next_day", locale, time=hhmm)
    return t("fmt.time.day_shift", locale, time=hhmm, days=day_shift)


def split_locales(value: object | None) -> tuple[str, ...]:
    """A channel's languages: "zh-CN" or "zh-CN+th" (the second line for a mixed crew)."""
    parts = [normalize_locale(p) for p in str(value or "").split("+") if p.strip()]
    return tuple(dict.fromkeys(parts)) or (DEFAULT_LOCALE,)


def in_languages(render: Callable[[str], str], locales: object | None, *, limit: int = 2000) -> str:
    """A channel post in its languages: ``render(locale)`` for the channel language, then, for a
    production with a second language ("zh-CN+th"), the same text again in that language as
    Discord subtext (``-# `` lines) under it. If both would not fit in ``limit`` characters the
    post keeps its first language alone rather than being cut."""
    locs = split_locales(locales)
    first = render(locs[0])
    if len(locs) == 1:
        return first
    other = render(locs[1])
    if other == first:  # nothing language-dependent in it (a prepared message): say it once
        return first
    second = "\n".join(f"-# {line}" if line.strip() else line for line in other.splitlines())
    both = f"{first}\n{second}"
    return both if len(both) <= limit else first


@cache
def glossary() -> dict[str, dict[str, Any]]:
    """The fixed set terms, one table per term: ``en`` (patterns that find the term in English
    text) and, per locale, the accepted forms (the first is the one to write)."""
    with GLOSSARY_FILE.open("rb") as fh:
        return tomllib.load(fh)


def term(name: str, locale: object | None) -> str:
    """The glossary's word for ``name`` in ``locale``."""
    return glossary()[name][normalize_locale(locale)][0]
