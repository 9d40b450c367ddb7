"""The one helper for user text in anything Discord renders as markdown.

Names, titles, set names, notes, production names and every other piece of free text go through
:func:`escape` before they land in message content, embed titles, descriptions and field names or
values: markdown (bold, italics, underline, strikethrough, spoilers, code, headings, lists, quotes,
subtext) shows as typed, a masked link ``[OK](https://evil.example)`` stays visible text with its
real address, and mentions (``@everyone``, ``@here``, ``<@id>``, ``<@&id>``, ``<#id>``,
``</cmd:id>``, ``<t:...>``) neither ping nor render. ``allowed_mentions`` stays the second guard.

The semantics are discord.py's ``escape_markdown`` (every markdown character, links left alone)
plus ``escape_mentions``, implemented here without discord so the discord-free renderers use it too.
Footers, author names, button labels, select options and autocomplete choices are not markdown:
pass them unescaped. PDF and ICS text is not markdown either: :func:`markdown_safe` makes an
escaped copy of a call sheet for the Discord renderers and leaves the original for the documents.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_URL = re.compile(r"https?://[^\s<>]+")
_CHARS = re.compile(r"([\\*_~`|\[\]>])")
_LINE_START = re.compile(r"^(\s*)(#|-|\+|\d+\.)", re.M)
_EVERYONE = re.compile(r"@(everyone|here)")
_ANGLE = re.compile(r"<(?=[@#/:]|a:|t:)")
_ZWSP = "\u200b"

T = TypeVar("T")


def _escape_plain(text: str) -> str:
    text = _CHARS.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2)[0].isdigit() else m.group(2)[:-1] + "\\."), text)
    return text


def escape(text: object) -> str:
    """``text`` as literal characters in Discord markdown, pinging nobody."""
    raw = "" if text is None else str(text)
    out, last = [], 0
    for m in _URL.finditer(raw):  # a bare link stays a link (its underscores are not markdown)
        out.append(_escape_plain(raw[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_escape_plain(raw[last:]))
    joined = "".join(out)
    joined = _EVERYONE.sub("@" + _ZWSP + r"\1", joined)
    return _ANGLE.sub("<" + _ZWSP, joined)


#: Machine fields of the call sheet's dataclasses: codes and lookups, never shown as free text.
_KEEP = frozenset({"timezone", "production_code", "department", "kind", "int_ext", "day_night", "hhmm", "key", "status", "role"})


def markdown_safe(value: T) -> T:
    """A copy of a dataclass tree (a call sheet, a person's call, a change) with every free-text
    string escaped. Escaping is deterministic, so lookups by name or number inside the copy agree."""
    return _safe(value, "")  # type: ignore[return-value]


def _safe(value: Any, name: str) -> Any:
    if name in _KEEP:
        return value
    if isinstance(value, str):
        return escape(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _safe(getattr(value, f.name), f.name) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_safe(v, name) for v in value)
    if isinstance(value, list):
        return [_safe(v, name) for v in value]
    if isinstance(value, dict):
        return {k: _safe(v, name) for k, v in value.items()}
    return value


#: What a spreadsheet (Excel, WPS, LibreOffice, Numbers) reads as the start of a formula or a
#: command when it opens a CSV: ``=`` ``+`` ``-`` ``@``, and a tab or carriage return before them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_text(value: object) -> str:
    """User text for a CSV cell, never run as a formula (CSV injection): a cell that would start
    like one gets a leading apostrophe, which spreadsheets show as text. Numbers we write ourselves
    (amounts, portions) are not user text: do not pass them here."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
