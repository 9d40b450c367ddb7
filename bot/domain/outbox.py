"""The outbox's rules, Discord-free: how an answer from Discord is read, how long to back off, how a
message is recognised in a channel's history, and how embeds read as plain text.

* :func:`classify` sorts an HTTP status and Discord JSON error code into *throttled* (Discord says
  "slower": 429 after the client's own retries, 40003 opening DMs too fast; wait and try again,
  not counted as a failed attempt), *retry* (5xx, network: try again after a back-off, a few
  times) and *failed* (nothing will change by retrying: 50007 closed DMs, 50013 missing
  permissions, unknown channel, invalid body).
* :func:`reason` names what happened in words the AD is told (``dm_closed`` is ONLY 50007).
* :func:`fingerprint` identifies a message by what it shows (content and embed text): Discord does
  not return a message's nonce when history is read, so after a crash the bot recognises its own
  message by what it says, after the moment it claimed the row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Discord JSON error codes the outbox reads.
DM_CLOSED = 50007  # "Cannot send messages to this user": closed DMs, no shared server, a bot
DM_THROTTLED = 40003  # "You are opening direct messages too fast"
MISSING_PERMISSIONS = 50013
MISSING_ACCESS = 50001
UNKNOWN_CHANNEL = 10003
UNKNOWN_USER = 10013
TOO_LARGE = 40005
INVALID_FORM = 50035

#: The permissions the bot needs in every channel it posts in (Discord permission names).
REQUIRED_PERMISSIONS: tuple[str, ...] = ("view_channel", "send_messages", "embed_links", "attach_files", "read_message_history")
#: Their bits, and the integer the invite link carries.
PERMISSION_BITS = {"view_channel": 1 << 10, "send_messages": 1 << 11, "embed_links": 1 << 14, "attach_files": 1 << 15, "read_message_history": 1 << 16}
INVITE_PERMISSIONS = sum(PERMISSION_BITS.values())  # 117760

#: Back-off after Discord throttled us (seconds, wall clock), by how many times in a row.
THROTTLE_BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
#: After this many throttles in a row a row counts a failed attempt (and backs off like a 5xx).
MAX_THROTTLES = 12


def classify(status: int, code: int = 0) -> str:
    """"throttled", "retry" or "failed" for an error answer."""
    if status == 429 or code == DM_THROTTLED:
        return "throttled"
    if status >= 500 or status in (408, 0):
        return "retry"
    return "failed"


def throttle_backoff(times: int) -> float:
    """Seconds to wait after the ``times``-th throttle in a row (1-based)."""
    return THROTTLE_BACKOFF[min(max(times, 1), len(THROTTLE_BACKOFF)) - 1]


REASONS = ("dm_closed", "missing_permissions", "missing_access", "unknown_channel", "unknown_user", "too_large", "invalid",
           "server_error", "rate_limited", "no_channel", "no_font", "interrupted", "other")


def reason(status: int | None, code: int | None, error: str = "") -> str:
    """What happened, as a catalog key suffix (``outbox.reason.<key>``)."""
    if code == DM_CLOSED:
        return "dm_closed"
    if code == MISSING_PERMISSIONS:
        return "missing_permissions"
    if code == MISSING_ACCESS:
        return "missing_access"
    if code == UNKNOWN_CHANNEL:
        return "unknown_channel"
    if code == UNKNOWN_USER:
        return "unknown_user"
    if code == TOO_LARGE or status == 413:
        return "too_large"
    if code == INVALID_FORM or status == 400:
        return "invalid"
    if status == 429 or code == DM_THROTTLED:
        return "rate_limited"
    if status is not None and status >= 500:
        return "server_error"
    if error.startswith("no channel"):
        return "no_channel"
    if error.startswith("no CJK font"):
        return "no_font"
    if error.startswith("interrupted"):
        return "interrupted"
    return "other"


def describe(status: int | None, code: int | None, message: str) -> str:
    """One line for the log and the row's ``error`` column: "403 50007 Cannot send messages to this user"."""
    parts = [str(status) if status else "", str(code) if code else "", message.strip()]
    return " ".join(p for p in parts if p)[:500]


# --------------------------------------------------------------------------- recognising a message


def _norm(text: str | None) -> str:
    return " ".join(str(text or "").split())


def embed_texts(embeds: Iterable[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    for e in embeds:
        out.append(_norm((e.get("author") or {}).get("name")))
        out.append(_norm(e.get("title")))
        out.append(_norm(e.get("description")))
        for f in e.get("fields") or []:
            out.append(_norm(f.get("name")) + "=" + _norm(f.get("value")))
        out.append(_norm((e.get("footer") or {}).get("text")))
    return out


def fingerprint(content: str | None, embeds: Sequence[Mapping[str, Any]] = ()) -> str:
    """A short hash of what a message shows (whitespace-insensitive), equal for what the bot sent and
    what Discord returns when the channel's history is read."""
    text = "\x1f".join([_norm(content), *embed_texts(embeds)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


# --------------------------------------------------------------------------- embeds as plain text

CONTENT_MAX = 2000


def embeds_as_text(content: str, embeds: Sequence[Mapping[str, Any]], *, more: str = "", limit: int = CONTENT_MAX) -> str:
    """What a message with embeds says, as plain text (for a channel where the bot may not embed
    links): title in bold, description, "name: value" fields, footer; clipped to ``limit`` with
    ``more`` (e.g. "full call sheet in the PDF") at the end when it had to be cut."""
    lines: list[str] = [content] if content else []
    for e in embeds:
        if lines:
            lines.append("")
        if (author := (e.get("author") or {}).get("name")):
            lines.append(str(author))
        if e.get("title"):
            lines.append(f"**{e['title']}**")
        if e.get("description"):
            lines.append(str(e["description"]))
        for f in e.get("fields") or []:
            name, value = f.get("name") or "", f.get("value") or ""
            lines.append(f"{name}: {value}" if name.strip("\u200b ") else str(value))
        if (footer := (e.get("footer") or {}).get("text")):
            lines.append(f"-# {footer}")
    text = "\n".join(lines).strip()
    if len(text) <= limit:
        return text
    tail = ("\n…" + (f" {more}" if more else "")) if more else "\n…"
    return text[: limit - len(tail)].rstrip() + tail
