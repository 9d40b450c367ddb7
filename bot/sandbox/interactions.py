"""Interactions: the INTERACTION_CREATE payloads members cause, and what a test gets back.

:class:`PendingInteraction` is the sandbox's record of one interaction (who, where, what, the bot's
acknowledgement); :class:`InteractionResult` is the view a test holds and awaits.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import TYPE_CHECKING, Any

from .errors import DiscordHTTPError, SandboxTimeout
from .message import SandboxMessage

if TYPE_CHECKING:
    from .sandbox import Sandbox
    from .state import SandboxChannel, SandboxGuild, SandboxMember, SandboxUser

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
ACK_DEADLINE = 3.0
TOKEN_TTL = 15 * 60.0
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
DEFERRED = (5, 6)
# Callback types the bot may use for each interaction type (Discord answers 400 otherwise).
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}


class InteractionResult:
    """What a member saw after acting. Fields fill in as the bot responds (edits, followups)."""

    def __init__(self, pending: PendingInteraction) -> None:
        self._pending = pending
        self.type: int | None = None
        self.message: SandboxMessage | None = None
        self.followups: list[SandboxMessage] = []
        self.modal: dict[str, Any] | None = None
        self.choices: list[dict[str, Any]] | None = None
        self.error: DiscordHTTPError | None = None
        self.errors: list[DiscordHTTPError] = []
        self._answered = asyncio.Event()
        self._done = asyncio.Event()

    def __repr__(self) -> str:
        return (f"<InteractionResult type={self.type} ephemeral={self.ephemeral} content={self.content!r} "
                f"followups={len(self.followups)} error={self.error}>")

    @property
    def interaction_id(self) -> int:
        return self._pending.id

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.components if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def deferred(self) -> bool:
        return self.type in DEFERRED

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def text(self) -> str:
        return self.all_text()

    @property
    def shown(self) -> str:
        """:attr:`text` as the member's client shows it (markdown escapes resolved, ZWSPs gone)."""
        from .message import shown_text

        return shown_text(self.all_text())

    def all_text(self) -> str:
        """Text of the response message and every followup (content + embeds), in order."""
        parts: list[str] = []
        seen: set[int] = set()
        for msg in ([self.message] if self.message else []) + self.followups:
            if msg.id not in seen:
                seen.add(msg.id)
                if msg.text:
                    parts.append(msg.text)
        return "\n".join(parts)

    def custom_ids(self) -> list[str]:
        return self.message.custom_ids() if self.message else []

    async def wait_done(self, timeout: float = 5.0) -> InteractionResult:
        """Wait until the response is complete (a deferral was followed by an edit or a followup)."""
        try:
            await asyncio.wait_for(self._done.wait(), timeout)
        except asyncio.TimeoutError:
            raise SandboxTimeout(f"interaction {self._pending.describe()} not completed after {timeout}s "
                                 f"(callback type {self.type}, error {self.error})") from None
        return self

    async def wait_followups(self, count: int, timeout: float = 5.0) -> list[SandboxMessage]:
        from .util import wait_until
        await wait_until(lambda: len(self.followups) >= count, timeout, f"{count} followups")
        return self.followups

    # --- updates from the server side ---
    def _answer(self, callback_type: int) -> None:
        self.type = callback_type
        self._answered.set()
        if callback_type not in DEFERRED:
            self._done.set()

    def _fail(self, error: DiscordHTTPError) -> None:
        self.error = error
        self.errors.append(error)
        self._answered.set()


class PendingInteraction:
    """The sandbox's record of one interaction."""

    def __init__(self, sb: Sandbox, itype: int, user: SandboxUser, channel: SandboxChannel, data: dict[str, Any], *,
                 member: SandboxMember | None, locale: str, source: SandboxMessage | None = None,
                 label: str = "", origin: PendingInteraction | None = None) -> None:
        self.sb = sb
        self.id = sb._new_id()
        self.token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        self.type = itype
        self.user = user
        self.member = member
        self.channel = channel
        self.guild: SandboxGuild | None = channel.guild
        self.data = data
        self.locale = locale
        self.source = source  # the message of a clicked component
        self.origin = origin  # for a modal submit: the interaction that showed the modal
        self.label = label
        self.created = asyncio.get_running_loop().time()
        self.created_wall = time.time()
        self.response_type: int | None = None
        self.original: SandboxMessage | None = None
        self.modal: dict[str, Any] | None = None
        self.result = InteractionResult(self)

    def describe(self) -> str:
        return f"{self.label or self.type} by {self.user.name}"

    def age(self) -> float:
        return asyncio.get_running_loop().time() - self.created

    def token_expired(self) -> bool:
        return time.time() - self.created_wall > self.sb.interaction_token_ttl

    @property
    def message_type(self) -> int:
        """Type of messages this interaction creates: 20 chat input, 23 context menu, else 0."""
        if self.type == APPLICATION_COMMAND:
            return 20 if self.data.get("type", 1) == 1 else 23
        return 0

    def payload(self) -> dict[str, Any]:
        sb = self.sb
        app_perms = self.channel.permissions_for(sb.bot_user_id)
        data: dict[str, Any] = {
            "id": str(self.id),
            "application_id": str(sb.application_id),
            "type": self.type,
            "data": self.data,
            "token": self.token,
            "version": 1,
            "locale": self.locale,
            "app_permissions": str(app_perms),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "channel_id": str(self.channel.id),
        }
        channel = self.channel.payload()
        if self.guild is not None:
            assert self.member is not None
            perms = self.channel.permissions_for(self.user.id)
            member = self.member.payload()
            member["permissions"] = str(perms)
            channel["permissions"] = str(perms)
            data.update(
                guild_id=str(self.guild.id),
                guild={"id": str(self.guild.id), "locale": self.guild.preferred_locale, "features": []},
                guild_locale=self.guild.preferred_locale,
                member=member,
                authorizing_integration_owners={"0": str(self.guild.id)},
                context=0,
            )
        else:
            data.update(user=self.user.payload(), authorizing_integration_owners={"0": "0"}, context=1)
        data["channel"] = channel
        if self.source is not None:
            data["message"] = self.source.payload()
        return data


def resolved_for(sb: Sandbox, guild: SandboxGuild | None, channel: SandboxChannel, value: Any, kind: int,
                 resolved: dict[str, dict[str, Any]]) -> str:
    """Add ``value`` (member/user/role/channel/attachment) to ``resolved``; return its id as a string."""
    from .message import SandboxAttachment
    from .state import SandboxChannel as Channel
    from .state import SandboxMember, SandboxRole, SandboxUser

    if isinstance(value, SandboxMember):
        value_user: SandboxUser | None = value.user
    elif isinstance(value, SandboxUser):
        value_user = value
    else:
        value_user = None
    if value_user is not None and kind in (6, 9):
        resolved.setdefault("users", {})[str(value_user.id)] = value_user.payload()
        gm = guild.members.get(value_user.id) if guild is not None else None
        if gm is not None:
            mp = gm.payload(with_user=False)
            mp["permissions"] = str(channel.permissions_for(gm.id))
            resolved.setdefault("members", {})[str(gm.id)] = mp
        return str(value_user.id)
    if isinstance(value, SandboxRole) and kind in (8, 9):
        resolved.setdefault("roles", {})[str(value.id)] = value.payload()
        return str(value.id)
    if isinstance(value, Channel) and kind == 7:
        entry = {"id": str(value.id), "name": value.name, "type": value.type,
                 "permissions": str(value.permissions_for(sb.bot_user_id)), "parent_id": None,
                 "guild_id": str(guild.id) if guild else None, "flags": 0}
        if value.parent_id:
            entry["parent_id"] = str(value.parent_id)
        resolved.setdefault("channels", {})[str(value.id)] = entry
        return str(value.id)
    if isinstance(value, SandboxAttachment) and kind == 11:
        resolved.setdefault("attachments", {})[str(value.id)] = value.payload()
        return str(value.id)
    raise TypeError(f"value {value!r} does not fit option type {kind}")

