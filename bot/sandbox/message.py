"""Messages and attachments as the sandbox stores them, and their text for assertions."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator

from .util import iso, snowflake_time

if TYPE_CHECKING:
    from .sandbox import Sandbox
    from .state import SandboxChannel, SandboxUser

EPHEMERAL = 1 << 6
LOADING = 1 << 7
COMPONENTS_V2 = 1 << 15


@dataclass(eq=False)
class SandboxAttachment:
    """A file: uploaded by a member as a command option, or attached by the bot to a message."""

    _sb: Sandbox = field(repr=False)
    id: int
    filename: str
    data: bytes = field(repr=False)
    content_type: str | None = None
    description: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def url(self) -> str:
        return f"{self._sb.http_base}/attachments/{self.id}/{self.filename}"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
        }
        if self.content_type:
            data["content_type"] = self.content_type
        if self.description:
            data["description"] = self.description
        return data


@dataclass
class MessageVersion:
    """A previous version of an edited message."""

    content: str
    embeds: list[dict[str, Any]]
    components: list[dict[str, Any]]
    attachments: list[SandboxAttachment]
    flags: int
    at: datetime

    @property
    def text(self) -> str:
        return message_text(self.content, self.embeds)


def shown_text(text: str) -> str:
    """Markdown escapes resolved as Discord renders them (a backslash before punctuation), ZWSPs removed."""
    import re

    return re.sub(r"\\([^0-9A-Za-z\s])", r"\1", text).replace("\u200b", "")


def embed_text(embed: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    author = embed.get("author") or {}
    if author.get("name"):
        parts.append(author["name"])
    for key in ("title", "description"):
        if embed.get(key):
            parts.append(str(embed[key]))
    for f in embed.get("fields") or []:
        parts.append(f"{f.get('name', '')}: {f.get('value', '')}")
    footer = embed.get("footer") or {}
    if footer.get("text"):
        parts.append(footer["text"])
    return parts


def components_text(components: list[dict[str, Any]]) -> list[str]:
    """Visible text of components v2 (text displays), buttons' labels are not included."""
    parts: list[str] = []
    for comp in components:
        if comp.get("type") == 10 and comp.get("content"):
            parts.append(comp["content"])
        for key in ("components",):
            parts.extend(components_text(comp.get(key) or []))
    return parts


def message_text(content: str, embeds: list[dict[str, Any]], components: list[dict[str, Any]] | None = None) -> str:
    parts = [content] if content else []
    for embed in embeds:
        parts.extend(embed_text(embed))
    parts.extend(components_text(components or []))
    return "\n".join(parts)


@dataclass(eq=False)
class SandboxMessage:
    _sb: Sandbox = field(repr=False)
    id: int
    channel_id: int
    author_id: int
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[SandboxAttachment] = field(default_factory=list)
    flags: int = 0
    nonce: str | int | None = None
    type: int = 0
    tts: bool = False
    guild_id: int | None = None
    mentions: list[int] = field(default_factory=list)
    mention_roles: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    edits: list[MessageVersion] = field(default_factory=list)
    edited_at: datetime | None = None
    deleted: bool = False
    webhook_id: int | None = None
    interaction_id: int | None = None  # set when the message belongs to an interaction (response or followup)
    interaction_user_id: int | None = None
    interaction_type: int | None = None
    interaction_name: str | None = None
    reference: dict[str, Any] | None = None
    reactions: dict[str, set[int]] = field(default_factory=dict)

    @property
    def created_at(self) -> datetime:
        return snowflake_time(self.id)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def interaction_owned(self) -> bool:
        return self.interaction_id is not None

    @property
    def channel(self) -> SandboxChannel:
        return self._sb.channels[self.channel_id]

    @property
    def author(self) -> SandboxUser:
        return self._sb.users[self.author_id]

    @property
    def text(self) -> str:
        """Content plus embed author/title/description/fields/footer (and v2 text displays), joined by newlines."""
        return message_text(self.content, self.embeds, self.components)

    @property
    def shown(self) -> str:
        """:attr:`text` as a Discord client shows it: markdown escapes resolved (``\\*`` reads ``*``),
        zero-width spaces (which break mentions) gone."""
        return shown_text(self.text)

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in iter_components(self.components) if c.get("custom_id")]

    def find_component(self, custom_id: str) -> dict[str, Any] | None:
        return next((c for c in iter_components(self.components) if c.get("custom_id") == custom_id), None)

    def button(self, label: str) -> dict[str, Any]:
        """The button whose label is ``label`` (for ``member.click(msg, msg.button("Confirm")["custom_id"])``)."""
        for comp in iter_components(self.components):
            if comp.get("type") == 2 and comp.get("label") == label:
                return comp
        raise KeyError(f"no button labelled {label!r} on message {self.id}; buttons: {self._labels()}")

    def _labels(self) -> list[str]:
        return [c.get("label") or "" for c in iter_components(self.components) if c.get("type") == 2]

    def snapshot(self) -> MessageVersion:
        return MessageVersion(
            self.content,
            copy.deepcopy(self.embeds),
            copy.deepcopy(self.components),
            list(self.attachments),
            self.flags,
            self.edited_at or self.created_at,
        )

    def payload(self, *, nonce: bool = False) -> dict[str, Any]:
        """The message as Discord sends it. The ``nonce`` is only in the answer to its creation and in
        MESSAGE_CREATE (``nonce=True``): Discord does not return it when history is read."""
        sb = self._sb
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "type": self.type,
            "content": self.content,
            "author": sb.users[self.author_id].payload(),
            "timestamp": iso(self.created_at),
            "edited_timestamp": iso(self.edited_at),
            "tts": self.tts,
            "mention_everyone": self.mention_everyone,
            "mentions": [sb.users[u].payload() for u in self.mentions if u in sb.users],
            "mention_roles": [str(r) for r in self.mention_roles],
            "attachments": [a.payload() for a in self.attachments],
            "embeds": copy.deepcopy(self.embeds),
            "components": copy.deepcopy(self.components),
            "pinned": False,
            "flags": self.flags,
        }
        if nonce and self.nonce is not None:
            data["nonce"] = self.nonce
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
            data["application_id"] = str(sb.application_id)
        if self.reactions:
            data["reactions"] = [
                {"count": len(users), "me": sb.bot_user_id in users, "emoji": {"id": None, "name": emoji},
                 "burst_colors": [], "count_details": {"burst": 0, "normal": len(users)}, "burst_count": 0,
                 "me_burst": False}
                for emoji, users in self.reactions.items() if users
            ]
        if self.reference is not None:
            data["message_reference"] = self.reference
        if self.interaction_id is not None and self.interaction_user_id is not None:
            user = sb.users[self.interaction_user_id].payload()
            guild_key = "0" if self.guild_id else "1"
            owner = str(self.guild_id) if self.guild_id else str(self.interaction_user_id)
            data["interaction_metadata"] = {
                "id": str(self.interaction_id),
                "type": self.interaction_type or 2,
                "user": user,
                "authorizing_integration_owners": {guild_key: owner},
            }
            if self.interaction_name and self.interaction_type == 2:
                data["interaction"] = {"id": str(self.interaction_id), "type": 2, "name": self.interaction_name,
                                       "user": user}
        return data


def iter_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, depth first (rows, containers, sections, labels and their children)."""
    for comp in components:
        yield comp
        yield from iter_components(comp.get("components") or [])
        if isinstance(comp.get("component"), dict):
            yield from iter_components([comp["component"]])
        if isinstance(comp.get("accessory"), dict):
            yield from iter_components([comp["accessory"]])
