"""Turning what the bot sends into stored messages: bodies, files, mentions, edits."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import permissions as P
from .errors import DiscordHTTPError, FieldError
from .message import EPHEMERAL, LOADING, SandboxAttachment, SandboxMessage
from .util import utcnow

if TYPE_CHECKING:
    from .sandbox import Sandbox
    from .state import SandboxChannel

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE_MENTION = re.compile(r"@(everyone|here)")
EDITABLE_FLAGS = (1 << 2) | (1 << 15)  # SUPPRESS_EMBEDS, IS_COMPONENTS_V2


@dataclass
class UploadedFile:
    index: int
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class BotBody:
    """A request body from the bot: JSON (or multipart ``payload_json``) plus uploaded files."""

    json: Any = None
    files: list[UploadedFile] = field(default_factory=list)
    multipart: bool = False

    @property
    def data(self) -> dict[str, Any]:
        return self.json if isinstance(self.json, dict) else {}


def strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def normalize_embeds(embeds: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    out = []
    for embed in embeds or []:
        e = strip_nulls(embed)
        e.setdefault("type", "rich")
        out.append(e)
    return out


def normalize_components(components: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Discord drops nulls and numbers every component (``id``) when it stores a message."""
    comps = strip_nulls(components or [])
    counter = 0

    def number(items: list[dict[str, Any]]) -> None:
        nonlocal counter
        for comp in items:
            counter += 1
            comp.setdefault("id", counter)
            number(comp.get("components") or [])
            for key in ("component", "accessory"):
                if isinstance(comp.get(key), dict):
                    number([comp[key]])

    number(comps)
    return comps


def guess_type(filename: str, given: str | None) -> str | None:
    if given and given != "application/octet-stream":
        return given
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or given


def resolve_attachments(sb: Sandbox, body: BotBody, existing: list[SandboxAttachment] | None) -> list[SandboxAttachment]:
    """Final attachment list. ``attachments`` entries name new files by index or keep existing ones by id."""
    uploads = {f.index: f for f in body.files}
    listed = body.data.get("attachments")

    def new(upload: UploadedFile, meta: dict[str, Any]) -> SandboxAttachment:
        filename = meta.get("filename") or upload.filename
        att = SandboxAttachment(sb, sb._new_id(), filename, upload.data, guess_type(filename, upload.content_type),
                                meta.get("description"))
        sb.attachments[att.id] = att
        return att

    if listed is None:
        kept = list(existing or [])
        return kept + [new(f, {}) for f in body.files]
    result: list[SandboxAttachment] = []
    by_id = {a.id: a for a in existing or []}
    used: set[int] = set()
    for i, meta in enumerate(listed):
        try:
            ident = int(meta.get("id"))
        except (TypeError, ValueError):
            raise DiscordHTTPError.invalid_form([FieldError(("attachments", i, "id"), "BASE_TYPE_REQUIRED",
                                                            "This field is required")])
        if ident in uploads:
            result.append(new(uploads[ident], meta))
            used.add(ident)
        elif ident in by_id:
            result.append(by_id[ident])
        else:
            raise DiscordHTTPError.invalid_form([FieldError(("attachments", i, "id"), "ATTACHMENT_NOT_FOUND",
                                                            f"Unknown attachment {ident}")])
    return result


def compute_mentions(sb: Sandbox, channel: SandboxChannel, author_id: int, content: str,
                     allowed: dict[str, Any] | None, replied_user: int | None, *,
                     interaction: bool = False) -> tuple[list[int], list[int], bool]:
    """Who is actually pinged: the mentions in ``content`` filtered by ``allowed_mentions``. Absent,
    Discord parses every kind in a channel message but only users in an interaction response or
    followup. A role that is not mentionable is pinged only by an author with Mention Everyone."""
    if allowed is None:
        parse = {"users"} if interaction else {"users", "roles", "everyone"}
    else:
        parse = set(allowed.get("parse") or [])
    allow_users = {int(u) for u in (allowed or {}).get("users") or []}
    allow_roles = {int(r) for r in (allowed or {}).get("roles") or []}
    users: list[int] = []
    for match in USER_MENTION.finditer(content or ""):
        uid = int(match.group(1))
        if uid in sb.users and uid not in users and ("users" in parse or uid in allow_users):
            users.append(uid)
    roles: list[int] = []
    guild = channel.guild
    if guild is not None:
        may_ping_any = bool(channel.permissions_for(author_id) & P.MENTION_EVERYONE)
        for match in ROLE_MENTION.finditer(content or ""):
            rid = int(match.group(1))
            role = guild.roles.get(rid)
            if role is None or rid in roles or not (role.mentionable or may_ping_any):
                continue
            if "roles" in parse or rid in allow_roles:
                roles.append(rid)
    everyone = False
    if EVERYONE_MENTION.search(content or "") and "everyone" in parse:
        everyone = bool(channel.permissions_for(author_id) & P.MENTION_EVERYONE)
    if replied_user is not None and replied_user not in users:
        ping_reply = True if allowed is None else bool(allowed.get("replied_user", False))
        if ping_reply:
            users.append(replied_user)
    return users, roles, everyone


def _reference(sb: Sandbox, channel: SandboxChannel, ref: Any) -> tuple[dict[str, Any] | None, int | None]:
    if not isinstance(ref, dict) or ref.get("message_id") is None:
        return None, None
    target = sb.messages.get(int(ref["message_id"]))
    if target is None or target.deleted:
        if ref.get("fail_if_not_exists", True):
            raise DiscordHTTPError.invalid_form([FieldError(("message_reference",), "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                                                            "Unknown message")])
        return None, None
    data = {"type": ref.get("type", 0), "message_id": str(target.id), "channel_id": str(target.channel_id)}
    if target.guild_id:
        data["guild_id"] = str(target.guild_id)
    return data, target.author_id


def build_message(sb: Sandbox, channel: SandboxChannel, author_id: int, body: BotBody, *, msg_type: int = 0,
                  flags_extra: int = 0, interaction: bool = False) -> SandboxMessage:
    data = body.data
    content = data.get("content") or ""
    flags = (data.get("flags") or 0) | flags_extra
    reference, replied = _reference(sb, channel, data.get("message_reference"))
    users, roles, everyone = compute_mentions(sb, channel, author_id, content, data.get("allowed_mentions"), replied,
                                              interaction=interaction)
    msg = SandboxMessage(
        sb, sb._new_id(), channel.id, author_id,
        content=content,
        embeds=normalize_embeds(data.get("embeds")),
        components=normalize_components(data.get("components")),
        attachments=resolve_attachments(sb, body, None),
        flags=flags,
        nonce=data.get("nonce"),
        tts=bool(data.get("tts")),
        type=19 if reference and msg_type == 0 else msg_type,
        guild_id=channel.guild.id if channel.guild else None,
        mentions=users, mention_roles=roles, mention_everyone=everyone,
        reference=reference,
    )
    if not (msg.content or msg.embeds or msg.components or msg.attachments or data.get("sticker_ids")
            or data.get("poll") or flags & LOADING):
        raise DiscordHTTPError(400, 50006, "Cannot send an empty message")
    return msg


def apply_edit(sb: Sandbox, msg: SandboxMessage, body: BotBody) -> bool:
    """Apply a PATCH to ``msg``; the previous version goes to ``msg.edits`` (except a deferred placeholder).
    Returns True when the edit filled a deferred "thinking" placeholder."""
    data = body.data
    content = (data.get("content") or "") if "content" in data else msg.content
    embeds = normalize_embeds(data["embeds"]) if "embeds" in data else msg.embeds
    components = normalize_components(data["components"]) if "components" in data else msg.components
    attachments = msg.attachments
    if "attachments" in data or body.files:
        attachments = resolve_attachments(sb, body, msg.attachments)
    if not (content or embeds or components or attachments):
        raise DiscordHTTPError(400, 50006, "Cannot send an empty message")
    was_loading = msg.loading
    if not was_loading:
        msg.edits.append(msg.snapshot())
        msg.edited_at = utcnow()
    msg.content, msg.embeds, msg.components, msg.attachments = content, embeds, components, attachments
    if data.get("flags") is not None:
        msg.flags = (msg.flags & ~EDITABLE_FLAGS) | (data["flags"] & EDITABLE_FLAGS)
    msg.flags &= ~LOADING
    if "content" in data or "allowed_mentions" in data:
        channel = sb.channels[msg.channel_id]
        replied = None
        if msg.reference is not None and int(msg.reference["message_id"]) in sb.messages:
            replied = sb.messages[int(msg.reference["message_id"])].author_id
        msg.mentions, msg.mention_roles, msg.mention_everyone = compute_mentions(
            sb, channel, msg.author_id, msg.content, data.get("allowed_mentions"), replied,
            interaction=msg.interaction_id is not None)
    return was_loading


def is_ephemeral(data: dict[str, Any]) -> bool:
    return bool((data.get("flags") or 0) & EPHEMERAL)
