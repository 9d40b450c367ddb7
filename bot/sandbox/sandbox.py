"""The Sandbox: a local Discord (REST + gateway on one loopback aiohttp server) for the real discord.py client."""

from __future__ import annotations

import asyncio
import logging
import secrets
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from . import permissions as P
from .commands import CommandStore
from .errors import DiscordHTTPError, FieldError, SandboxTimeout, SandboxUsageError
from .events import SandboxEvent
from .gateway import DIRECT_MESSAGES, GUILD_MEMBERS, GUILD_MESSAGES, MESSAGE_CONTENT, Gateway, Session
from .interactions import PendingInteraction
from .message import SandboxAttachment, SandboxMessage
from .ratelimits import RateLimits
from .server import Fault, Hold, RequestRecord, build_app
from .spec import SpecValidator, load_spec
from .state import SandboxChannel, SandboxGuild, SandboxMember, SandboxUser
from .util import SnowflakeGenerator, wait_until

log = logging.getLogger(__name__)

NONCE_WINDOW = 300.0  # seconds Discord remembers a nonce per author ("the past few minutes")
MAX_FILE_SIZE = 10 * 1024 * 1024  # per file, without boosts


class BotHandlers(Protocol):
    """The bot's interaction handlers, as whoever runs the bot in this process sees them."""

    def running(self) -> frozenset[object]:
        """The handlers running now."""

    async def finished(self, before: frozenset[object], timeout: float) -> None:
        """Until every handler not in ``before`` has finished (at most ``timeout`` seconds)."""


class Sandbox:
    """A local Discord. ``strict``: a spec/limit violation is recorded in :attr:`violations` and answered
    400/50035; otherwise it is only recorded and the request proceeds."""

    def __init__(self, spec_path: Path | str | None = None, strict: bool = True, *, bot_name: str = "SetCall",
                 heartbeat_interval: float = 41.25, host: str = "127.0.0.1",
                 bot_permissions: int = P.DEFAULT_BOT, rate_limits: bool = True, privileged_intents: int = 0,
                 nonce_window: float = NONCE_WINDOW) -> None:
        """``rate_limits=False`` lifts Discord's rate limits (headers stay) for a test that is not about
        them; ``privileged_intents``: the gateway intents enabled for the application in the developer
        portal (members 1<<1, presences 1<<8, message content 1<<15); asking for others closes with 4014;
        ``nonce_window``: seconds a nonce is remembered per author ("a few minutes" on Discord)."""
        self.strict = strict
        self.rate_limits = RateLimits(enabled=rate_limits, record=lambda kind, detail: self._event(kind, detail=detail))
        self.privileged_intents = privileged_intents
        self.nonce_window = nonce_window
        self.max_file_size = MAX_FILE_SIZE
        self.holds: list[Hold] = []
        self.spec: SpecValidator | None = load_spec(spec_path)
        self.host = host
        self.port = 0
        self.heartbeat_interval_ms = int(heartbeat_interval * 1000)
        self.bot_permissions = bot_permissions
        self.interaction_token_ttl = 15 * 60.0
        self.reconnect_grace = 2.0  # how long a member's action waits for a (re)connecting bot
        self._ids = SnowflakeGenerator()
        self.token = f"SANDBOX.{secrets.token_urlsafe(24)}"
        self.users: dict[int, SandboxUser] = {}
        self.guilds: dict[int, SandboxGuild] = {}
        self.channels: dict[int, SandboxChannel] = {}
        self.messages: dict[int, SandboxMessage] = {}
        self.attachments: dict[int, SandboxAttachment] = {}
        self.interactions: dict[int, PendingInteraction] = {}
        self.interactions_by_token: dict[str, PendingInteraction] = {}
        self.nonces: dict[tuple[int, str], tuple[SandboxMessage, float]] = {}  # (author, nonce) -> message, when
        self.events: list[SandboxEvent] = []
        self.requests: list[RequestRecord] = []
        self.violations: list[str] = []
        self.unsupported: list[str] = []
        self.internal_errors: list[str] = []
        self.faults: list[Fault] = []
        #: Whoever runs the bot in this process: a member's action returns only once the bot has
        #: finished handling it (a person reading an answer gives the bot that moment; a test acts
        #: within microseconds, before the bot even heard that Discord took its answer).
        self.bot_handlers: BotHandlers | None = None
        self.command_store = CommandStore(self)
        self.gateway = Gateway(self)
        self.bot_user = self._new_user(bot_name, bot=True)
        self.bot_user_id = self.application_id = self.bot_user.id
        self.developer = self._new_user("Developer")
        self._runner: web.AppRunner | None = None
        self._installed: tuple[str, Any] | None = None

    # --- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> Sandbox:
        self._runner = web.AppRunner(build_app(self), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        for hold in self.holds:
            hold.release()
        self.uninstall()
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def http_base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def install(self) -> None:
        """Point discord.py (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY) at this sandbox."""
        import discord.gateway
        import discord.http
        import yarl

        if self._installed is None:
            self._installed = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url + "/")

    def uninstall(self) -> None:
        if self._installed is None:
            return
        import discord.gateway
        import discord.http

        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._installed
        self._installed = None

    # --- building the world ----------------------------------------------------------------------------
    def _new_id(self) -> int:
        return self._ids.next()

    def _new_user(self, name: str, *, bot: bool = False, locale: str = "en-US", dm_open: bool = True) -> SandboxUser:
        ident = self._new_id()
        username = name if bot else (
            "".join(ch for ch in name.lower().replace(" ", "_") if ch.isascii() and (ch.isalnum() or ch in "_."))[:32]
            or f"user{ident % 100000}")
        user = SandboxUser(self, ident, username, None if bot else name, bot=bot, locale=locale, dm_open=dm_open)
        self.users[user.id] = user
        return user

    def create_user(self, name: str, locale: str = "en-US", *, dm_open: bool = True) -> SandboxUser:
        """A user who is in no guild yet (``guild.add_member(name, user=u)`` to add them)."""
        return self._new_user(name, locale=locale, dm_open=dm_open)

    def create_guild(self, name: str, preferred_locale: str = "en-US", *,
                     owner: SandboxUser | SandboxMember | None = None,
                     bot_permissions: int | None = None) -> SandboxGuild:
        owner_user = owner.user if isinstance(owner, SandboxMember) else owner
        if owner_user is None:
            owner_user = self._new_user(f"{name} Owner")
        guild = SandboxGuild(self, self._new_id(), name, owner_user.id, preferred_locale)
        from .state import SandboxRole

        guild.roles[guild.id] = SandboxRole(self, guild.id, guild.id, "@everyone", P.DEFAULT_EVERYONE)
        bot_role = SandboxRole(self, self._new_id(), guild.id, self.bot_user.username,
                               self.bot_permissions if bot_permissions is None else bot_permissions,
                               position=1, managed=True, mentionable=False, bot_id=self.bot_user_id)
        guild.roles[bot_role.id] = bot_role
        guild.members[self.bot_user_id] = SandboxMember(self, self.bot_user, guild, [bot_role.id])
        guild.members[owner_user.id] = SandboxMember(self, owner_user, guild, [])
        self.guilds[guild.id] = guild
        for session in self.gateway.live_sessions():
            session.push("GUILD_CREATE", self._guild_payload_for(guild, session))
        return guild

    def shares_guild(self, user_id: int) -> bool:
        """Whether the user and the bot are members of a common server (Discord refuses DMs otherwise)."""
        return any(user_id in g.members and self.bot_user_id in g.members for g in self.guilds.values())

    def dm_channel(self, user: SandboxUser | SandboxMember) -> SandboxChannel:
        """The DM channel between ``user`` and the bot (created on first use)."""
        u = user.user if isinstance(user, SandboxMember) else user
        if u.dm_channel_id is None:
            ch = SandboxChannel(self, self._new_id(), 1, "", recipient_id=u.id)
            self.channels[ch.id] = ch
            u.dm_channel_id = ch.id
        return self.channels[u.dm_channel_id]

    def attachment(self, filename: str, data: bytes, content_type: str | None = None) -> SandboxAttachment:
        """A file a member uploads (pass it as an attachment option to ``member.run``)."""
        from .posting import guess_type

        att = SandboxAttachment(self, self._new_id(), filename, data, guess_type(filename, content_type))
        self.attachments[att.id] = att
        return att

    # --- waiting and inspecting -------------------------------------------------------------------------
    async def wait_bot_ready(self, timeout: float = 10.0) -> None:
        """Until a bot session IDENTIFY'd and all its GUILD_CREATEs went out (on_ready comes
        ``guild_ready_timeout`` later in the client)."""
        await wait_until(self.gateway.ready, timeout, "a bot to IDENTIFY and receive its guilds")

    async def wait_commands_synced(self, guild_id: int | None = None, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Until commands were synced to ``guild_id`` (None = global) at least once; returns them."""
        store = self.command_store
        await wait_until(lambda: store.sync_counts.get(guild_id, 0) > 0, timeout,
                         f"a command sync to {'guild ' + str(guild_id) if guild_id else 'global'}")
        return store.get(guild_id)

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        return self.command_store.get(guild_id)

    async def settle(self, quiet: float = 0.05, timeout: float = 3.0) -> None:
        """Until neither REST requests nor events happened for ``quiet`` seconds (the bot went idle)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last = (len(self.requests), len(self.events))
        quiet_since = loop.time()
        while loop.time() < deadline:
            await asyncio.sleep(0.01)
            now = (len(self.requests), len(self.events))
            if now != last:
                last, quiet_since = now, loop.time()
            elif loop.time() - quiet_since >= quiet:
                return

    def transcript(self, since: int = 0) -> str:
        from .transcript import format_transcript

        return format_transcript(self, since)

    # --- fault injection ----------------------------------------------------------------------------------
    def fail_next(self, method: str, path_regex: str, status: int = 429, retry_after: float = 0.3,
                  global_: bool = False, count: int = 1, *, code: int = 0, message: str | None = None, skip: int = 0) -> Fault:
        """Answer the next ``count`` REST requests matching (method or "*", regex on the path after
        /api/v10) with ``status`` (429 with Via + retry_after, or 500/502/503/403...), after letting
        ``skip`` matching requests through."""
        import re

        fault = Fault(method.upper(), re.compile(path_regex), status, retry_after, global_, count, code, message, skip)
        self.faults.append(fault)
        return fault

    def hold(self, method: str, path_regex: str, *, when: str = "before", count: int = 1) -> Hold:
        """Hold the next ``count`` REST requests matching (method or "*", regex on the path after
        /api/v10) ``"before"`` the sandbox handles them or ``"after"`` (handled, answer held back)
        until ``hold.release()``. ``await hold.reached.wait()`` says one arrived: a test kills the
        bot process at exactly that step; a request whose client is gone is then dropped."""
        import re

        if when not in ("before", "after"):
            raise ValueError("when is 'before' or 'after'")
        hold = Hold(method.upper(), re.compile(path_regex), when, count)
        self.holds.append(hold)
        return hold

    def forget_nonces(self) -> None:
        """As if Discord's nonce window had passed for every message sent so far."""
        self.nonces.clear()

    async def gateway_reconnect(self) -> int:
        """Send op 7 RECONNECT; the client closes and RESUMEs."""
        return await self.gateway.reconnect()

    async def drop_socket(self) -> int:
        """Cut the gateway socket(s) abruptly; the client reconnects and RESUMEs (missed events replayed)."""
        return await self.gateway.drop()

    async def invalidate_session(self, resumable: bool = False) -> None:
        await self.gateway.invalidate(resumable)

    # --- internals used by routes and actors -----------------------------------------------------------
    def _check(self, method: str, template: str, body: Any, limit_errors: list[FieldError], *,
               callback_type: int | None = None) -> None:
        errors = list(limit_errors)
        if self.spec is not None and body is not None:
            # a spec error at (or above) a path the documented limits already explain is the same problem
            known = [e.path for e in errors]
            spec_errors = self.spec.validate(method, template, body, callback_type)
            errors += [e for e in spec_errors if not any(k[: len(e.path)] == e.path for k in known)]
        if not errors:
            return
        route = f"{method} {template}"
        for err in errors:
            self.violations.append(f"{route}: {err.dotted()}: {err.message} [{err.code}]")
        if self.strict:
            raise DiscordHTTPError.invalid_form(errors, route)

    def _event(self, kind: str, *, channel: SandboxChannel | None = None, user: SandboxUser | None = None,
               message: SandboxMessage | None = None, detail: str = "", interaction: PendingInteraction | None = None,
               data: Any = None) -> SandboxEvent:
        event = SandboxEvent(len(self.events), kind, channel, user, message,
                             message.snapshot() if message is not None else None, detail, interaction, data)
        self.events.append(event)
        return event

    def _message_payload(self, msg: SandboxMessage, *, nonce: bool = False) -> dict[str, Any]:
        data = msg.payload(nonce=nonce)
        if msg.guild_id is not None:
            data["guild_id"] = str(msg.guild_id)
            member = self.guilds[msg.guild_id].members.get(msg.author_id)
            if member is not None:
                data["member"] = member.payload(with_user=False)
        return data

    def _dispatch_message(self, event: str, msg: SandboxMessage) -> None:
        if msg.ephemeral:
            return
        intent = GUILD_MESSAGES if msg.guild_id is not None else DIRECT_MESSAGES

        def redact(session: Session, data: dict[str, Any]) -> dict[str, Any]:
            if session.intents & MESSAGE_CONTENT or msg.guild_id is None or msg.author_id == self.bot_user_id \
                    or self.bot_user_id in msg.mentions:
                return data
            return {**data, "content": "", "embeds": [], "attachments": [], "components": []}

        self.gateway.dispatch(event, self._message_payload(msg, nonce=event == "MESSAGE_CREATE"), intent=intent, transform=redact)

    def _post(self, msg: SandboxMessage, *, interaction: PendingInteraction | None = None,
              followup: bool = False) -> None:
        self.messages[msg.id] = msg
        channel = self.channels[msg.channel_id]
        user = interaction.user if interaction is not None else (self.users.get(channel.recipient_id or 0))
        if msg.ephemeral:
            kind = "thinking" if msg.loading else "ephemeral"
        else:
            channel.messages.append(msg)
            kind = "thinking" if msg.loading else ("dm" if channel.is_dm else "post")
            self._dispatch_message("MESSAGE_CREATE", msg)
        self._event(kind, channel=channel, user=user, message=msg, interaction=interaction,
                    detail="followup" if followup else "")

    def _edited(self, msg: SandboxMessage, *, interaction: PendingInteraction | None = None,
                filled: bool = False) -> None:
        """``filled``: the edit replaced a deferred "thinking" placeholder (logged as the response itself)."""
        channel = self.channels[msg.channel_id]
        user = interaction.user if interaction is not None else self.users.get(channel.recipient_id or 0)
        if filled:
            kind = "ephemeral" if msg.ephemeral else ("dm" if channel.is_dm else "post")
        else:
            kind = "edit"
        self._dispatch_message("MESSAGE_UPDATE", msg)
        self._event(kind, channel=channel, user=user, message=msg, interaction=interaction)

    def _deleted(self, msg: SandboxMessage, *, interaction: PendingInteraction | None = None) -> None:
        msg.deleted = True
        channel = self.channels[msg.channel_id]
        if msg in channel.messages:
            channel.messages.remove(msg)
        if not msg.ephemeral:
            data = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id is not None:
                data["guild_id"] = str(msg.guild_id)
            intent = GUILD_MESSAGES if msg.guild_id is not None else DIRECT_MESSAGES
            self.gateway.dispatch("MESSAGE_DELETE", data, intent=intent)
        self._event("delete", channel=channel, message=msg, interaction=interaction)

    def _dispatch_guild(self, event: str, data: Any, guild_id: int, intent: int = 0) -> None:
        self.gateway.dispatch(event, data, intent=intent)

    def _member_updated(self, member: SandboxMember) -> None:
        data = member.payload()
        data["guild_id"] = str(member.guild.id)
        self.gateway.dispatch("GUILD_MEMBER_UPDATE", data, intent=GUILD_MEMBERS)

    async def _dispatch_interaction(self, pending: PendingInteraction) -> None:
        """Send INTERACTION_CREATE to the connected bot (waiting ``reconnect_grace`` s for one that is reconnecting)."""
        try:
            await wait_until(lambda: self.gateway.interaction_target() is not None, self.reconnect_grace,
                             "a connected bot")
        except SandboxTimeout:
            raise SandboxUsageError("no bot is connected to the sandbox") from None
        session = self.gateway.interaction_target()
        assert session is not None
        pending.created = asyncio.get_running_loop().time()
        self.interactions[pending.id] = pending
        self.interactions_by_token[pending.token] = pending
        self._event("user", channel=pending.channel, user=pending.user, detail=pending.label, interaction=pending)
        session.push("INTERACTION_CREATE", pending.payload())

    def _user_message(self, user: SandboxUser, channel: SandboxChannel, content: str) -> SandboxMessage:
        from .posting import compute_mentions

        if not content:
            raise SandboxUsageError("empty message")
        users, roles, everyone = compute_mentions(self, channel, user.id, content, None, None)
        msg = SandboxMessage(self, self._new_id(), channel.id, user.id, content=content,
                             guild_id=channel.guild.id if channel.guild else None,
                             mentions=users, mention_roles=roles, mention_everyone=everyone)
        self.messages[msg.id] = msg
        channel.messages.append(msg)
        self._dispatch_message("MESSAGE_CREATE", msg)
        self._event("user_post", channel=channel, user=user, message=msg)
        return msg

    @property
    def application_flags(self) -> int:
        """The GATEWAY_*_LIMITED flags of the privileged intents enabled for the application."""
        from .gateway import GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT

        flags = 0
        for intent, flag in ((GUILD_PRESENCES, 1 << 13), (GUILD_MEMBERS, 1 << 15), (MESSAGE_CONTENT, 1 << 19)):
            if self.privileged_intents & intent:
                flags |= flag
        return flags

    # --- payloads ------------------------------------------------------------------------------------------
    def _ready_payload(self, session: Session) -> dict[str, Any]:
        user = self.bot_user.payload()
        user.update(verified=True, mfa_enabled=False, flags=0, email=None)
        data: dict[str, Any] = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(g), "unavailable": True} for g in self.guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "private_channels": [], "relationships": [], "presences": [], "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"], "user_settings": {}, "auth": {},
            "_trace": ["[\"sandbox\"]"],
        }
        data["shard"] = session.shard or [0, 1]
        return data

    def _guild_payload_for(self, guild: SandboxGuild, session: Session) -> dict[str, Any]:
        data = guild.payload()
        if not session.intents & GUILD_MEMBERS:
            data["members"] = [guild.bot_member.payload()]
        return data

    def _application_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "hook": True,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "owner": self.developer.payload(),
            "team": None,
            "bot": self.bot_user.payload(),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": len(self.guilds),
            "integration_types_config": {"0": {}},
            "tags": [],
        }
