"""The world inside the sandbox: users, guilds, channels, roles, members, messages, attachments.

Every object knows how to render itself as the JSON Discord would send. Objects created after a bot
connected are announced on the gateway (GUILD_CREATE, CHANNEL_CREATE, GUILD_ROLE_CREATE, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import permissions as P
from .actors import MemberActions
from .message import SandboxMessage
from .util import iso, sid, utcnow

if TYPE_CHECKING:
    from .sandbox import Sandbox

CHANNEL_KINDS = {
    "text": 0,
    "voice": 2,
    "category": 4,
    "announcement": 5,
    "news": 5,
    "stage": 13,
    "forum": 15,
}


@dataclass(eq=False)
class SandboxUser:
    _sb: Sandbox = field(repr=False)
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    locale: str = "en-US"
    dm_open: bool = True
    dm_channel_id: int | None = None

    @property
    def name(self) -> str:
        return self.global_name or self.username

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    @property
    def dms(self) -> list[SandboxMessage]:
        """Messages in this user's DM channel with the bot (both directions), oldest first."""
        if self.dm_channel_id is None:
            return []
        return self._sb.channels[self.dm_channel_id].messages

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
            "avatar_decoration_data": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass(eq=False)
class SandboxRole:
    _sb: Sandbox = field(repr=False)
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = True
    managed: bool = False
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": self.hoist,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class Overwrite:
    target_id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {"id": str(self.target_id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass(eq=False)
class SandboxChannel:
    _sb: Sandbox = field(repr=False)
    id: int
    type: int
    name: str
    guild: SandboxGuild | None = field(default=None, repr=False)
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    recipient_id: int | None = None  # DMs
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    messages: list[SandboxMessage] = field(default_factory=list)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def is_dm(self) -> bool:
        return self.type == 1

    def set_permissions(self, target: SandboxRole | SandboxMember | SandboxUser | int, *, allow: int = 0,
                        deny: int = 0) -> None:
        """Set a channel overwrite for a role (or @everyone: the guild id) or a member."""
        if isinstance(target, int):
            kind = 0 if self.guild is not None and (target == self.guild.id or target in self.guild.roles) else 1
            target_id = target
        else:
            kind = 0 if isinstance(target, SandboxRole) else 1
            target_id = target.id
        self.overwrites[target_id] = Overwrite(target_id, kind, allow, deny)
        if self.guild is not None:
            self._sb._dispatch_guild("CHANNEL_UPDATE", self.payload(), self.guild.id)

    def permissions_for(self, user_id: int) -> int:
        return P.channel_permissions(self, user_id)

    def last_message_id(self) -> int | None:
        return self.messages[-1].id if self.messages else None

    def payload(self) -> dict[str, Any]:
        if self.type == 1:
            recipient = self._sb.users[self.recipient_id] if self.recipient_id else None
            return {
                "id": str(self.id), "type": 1, "last_message_id": sid(self.last_message_id()), "flags": 0,
                "recipients": [recipient.payload()] if recipient else [],
            }
        assert self.guild is not None
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild.id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [ow.payload() for ow in self.overwrites.values()],
            "parent_id": sid(self.parent_id),
            "nsfw": False,
            "flags": 0,
        }
        if self.type in (0, 5, 15):
            data.update(topic=self.topic, last_message_id=sid(self.last_message_id()), rate_limit_per_user=0)
        if self.type in (2, 13):
            data.update(bitrate=64000, user_limit=0, rtc_region=None, last_message_id=sid(self.last_message_id()))
        if self.type == 15:
            data.update(available_tags=[], default_reaction_emoji=None, default_sort_order=None,
                        default_forum_layout=0, default_thread_rate_limit_per_user=0)
        return data


@dataclass(eq=False)
class SandboxGuild:
    _sb: Sandbox = field(repr=False)
    id: int
    name: str
    owner_id: int
    preferred_locale: str = "en-US"
    channels: dict[int, SandboxChannel] = field(default_factory=dict)
    roles: dict[int, SandboxRole] = field(default_factory=dict)
    members: dict[int, SandboxMember] = field(default_factory=dict)
    joined_at: datetime = field(default_factory=utcnow)

    @property
    def everyone_role(self) -> SandboxRole:
        return self.roles[self.id]

    @property
    def bot_member(self) -> SandboxMember:
        return self.members[self._sb.bot_user_id]

    def channel(self, name: str) -> SandboxChannel:
        for ch in self.channels.values():
            if ch.name == name.lstrip("#"):
                return ch
        raise KeyError(f"no channel #{name} in {self.name}")

    def role(self, name: str) -> SandboxRole:
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role {name!r} in {self.name}")

    def member(self, name: str) -> SandboxMember:
        for m in self.members.values():
            if name in (m.name, m.user.username):
                return m
        raise KeyError(f"no member {name!r} in {self.name}")

    def create_channel(self, name: str, kind: str = "text", *, category: SandboxChannel | None = None,
                       topic: str | None = None) -> SandboxChannel:
        if kind not in CHANNEL_KINDS:
            raise ValueError(f"unknown channel kind {kind!r}; one of {sorted(CHANNEL_KINDS)}")
        ch = SandboxChannel(self._sb, self._sb._new_id(), CHANNEL_KINDS[kind], name, guild=self,
                            position=len(self.channels), parent_id=category.id if category else None, topic=topic)
        self.channels[ch.id] = ch
        self._sb.channels[ch.id] = ch
        self._sb._dispatch_guild("CHANNEL_CREATE", ch.payload(), self.id)
        return ch

    def create_role(self, name: str, permissions: int = 0, *, color: int = 0, mentionable: bool = True,
                    hoist: bool = False) -> SandboxRole:
        role = SandboxRole(self._sb, self._sb._new_id(), self.id, name, permissions, position=len(self.roles),
                           color=color, mentionable=mentionable, hoist=hoist)
        self.roles[role.id] = role
        self._sb._dispatch_guild("GUILD_ROLE_CREATE", {"guild_id": str(self.id), "role": role.payload()}, self.id)
        return role

    def edit_role(self, role: SandboxRole, *, permissions: int) -> SandboxRole:
        """Change a role's permissions (Server Settings › Roles), as Discord tells the bot: GUILD_ROLE_UPDATE."""
        role.permissions = permissions
        self._sb._dispatch_guild("GUILD_ROLE_UPDATE", {"guild_id": str(self.id), "role": role.payload()}, self.id)
        return role

    def add_member(self, name: str, roles: list[SandboxRole] | None = None, locale: str = "en-US", *,
                   dm_open: bool = True, manage_guild: bool = False, permissions: int = 0,
                   user: SandboxUser | None = None, nick: str | None = None) -> SandboxMember:
        """Add a human member. ``manage_guild`` grants Manage Server, ``permissions`` further bits: as on
        Discord, through a role (created once per distinct permission set), so the bot's own role-based
        permission math agrees with the interaction's. Pass ``user`` to add an existing user here."""
        if user is None:
            user = self._sb._new_user(name, locale=locale, dm_open=dm_open)
        role_ids = [r.id for r in roles or []]
        extra = permissions | (P.MANAGE_GUILD if manage_guild else 0)
        if extra:
            role_ids.append(self._permission_role(extra).id)
        member = SandboxMember(self._sb, user, self, role_ids, nick=nick)
        self.members[user.id] = member
        if user.id != self._sb.bot_user_id:
            payload = member.payload()
            payload["guild_id"] = str(self.id)
            self._sb._dispatch_guild("GUILD_MEMBER_ADD", payload, self.id, intent=1 << 1)
        return member

    def _permission_role(self, permissions: int) -> SandboxRole:
        name = "Server Managers" if permissions == P.MANAGE_GUILD else f"Permissions {permissions}"
        for role in self.roles.values():
            if role.name == name and role.permissions == permissions:
                return role
        return self.create_role(name, permissions, mentionable=False)

    def payload(self) -> dict[str, Any]:
        members = list(self.members.values())
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None, "splash": None, "discovery_splash": None, "banner": None, "description": None,
            "owner_id": str(self.owner_id),
            "preferred_locale": self.preferred_locale,
            "afk_channel_id": None, "afk_timeout": 300, "system_channel_id": None, "system_channel_flags": 0,
            "rules_channel_id": None, "public_updates_channel_id": None, "safety_alerts_channel_id": None,
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "nsfw_level": 0, "nsfw": False, "premium_tier": 0, "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False, "vanity_url_code": None, "application_id": None,
            "max_members": 500000, "max_video_channel_users": 25, "max_stage_video_channel_users": 50,
            "features": [], "emojis": [], "stickers": [],
            "roles": [r.payload() for r in self.roles.values()],
            "joined_at": iso(self.joined_at),
            "large": False,
            "unavailable": False,
            "member_count": len(members),
            "voice_states": [],
            "members": [m.payload() for m in members],
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [], "presences": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": [], "embedded_activities": [], "activity_instances": [],
            "incidents_data": None, "lazy": True,
        }


class SandboxMember(MemberActions):
    """A user's membership of a guild; also the handle tests use to act as that user."""

    def __init__(self, sb: Sandbox, user: SandboxUser, guild: SandboxGuild, role_ids: list[int], *,
                 nick: str | None = None) -> None:
        self._sb = sb
        self.user = user
        self.guild = guild
        self.role_ids = role_ids
        self.nick = nick
        self.joined_at = utcnow()

    def __repr__(self) -> str:
        return f"<SandboxMember {self.name!r} id={self.id} guild={self.guild.name!r}>"

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def mention(self) -> str:
        return self.user.mention

    @property
    def name(self) -> str:
        return self.nick or self.user.name

    @property
    def locale(self) -> str:
        return self.user.locale

    @locale.setter
    def locale(self, value: str) -> None:
        self.user.locale = value

    @property
    def dm_open(self) -> bool:
        return self.user.dm_open

    @dm_open.setter
    def dm_open(self, value: bool) -> None:
        self.user.dm_open = value

    @property
    def dms(self) -> list[SandboxMessage]:
        return self.user.dms

    @property
    def roles(self) -> list[SandboxRole]:
        return [self.guild.roles[r] for r in self.role_ids if r in self.guild.roles]

    @property
    def permissions(self) -> int:
        return P.base_permissions(self.guild, self.id)

    def add_role(self, role: SandboxRole) -> None:
        if role.id not in self.role_ids:
            self.role_ids.append(role.id)
            self._sb._member_updated(self)

    def remove_role(self, role: SandboxRole) -> None:
        if role.id in self.role_ids:
            self.role_ids.remove(role.id)
            self._sb._member_updated(self)

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "nick": self.nick, "avatar": None, "banner": None,
            "roles": [str(r) for r in self.role_ids],
            "joined_at": iso(self.joined_at), "premium_since": None,
            "deaf": False, "mute": False, "flags": 0, "pending": False,
            "communication_disabled_until": None, "avatar_decoration_data": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data
