"""The one helper for user text in anything Discord renders as markdown.

Names, titles, set names, notes, production names and every other piece of free text go through
:func:`escape` before they land in message content, embed titles, descriptions and field names or
values: markdown (bold, underline, spoilers, headings, lists, quotes, code) shows as typed, a
masked link ``[OK](https://evil.example)`` stays visible text with its real address, and mentions
(``@everyone``, ``@here``, ``<@id>``, ``<@&id>``, ``<#id>``, ``</cmd:id>``, ``<t:...>``) neither
ping nor render. ``allowed_mentions`` stays the second guard. Footers, author names, button labels,
select options and autocomplete choices are never markdown: pass them unescaped. PDF and ICS text
is not markdown either.
"""

from __future__ import annotations

import re

import discord

_ANGLE = re.compile(r"<(?=[@#/:]|a:|t:)")
_ZWSP = "\u200b"


def escape(text: object) -> str:
    """``text`` as literal characters in Discord markdown, pinging nobody."""
    out = discord.utils.escape_markdown(str(text if text is not None else ""))
    out = discord.utils.escape_mentions(out)
    return _ANGLE.sub("<" + _ZWSP, out)


def escape_all(values: dict[str, object]) -> dict[str, str]:
    """Every value of a ``t(...)`` parameter dict escaped (for templates whose params are all user text)."""
    return {k: escape(v) for k, v in values.items()}
