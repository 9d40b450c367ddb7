"""REST routes the bot uses: login, command sync, channels and messages, DMs, guild reads, interactions."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import errors as E
from . import permissions as P
from .commands import validate_commands
from .errors import DiscordHTTPError, FieldError
from .limits import check_message
from .message import SandboxMessage
from .posting import BotBody, apply_edit, build_message
from .responses import execute_webhook, interaction_callback, webhook_message
from .util import json_response

if TYPE_CHECKING:
    from .sandbox import Sandbox
    from .state import SandboxChannel, SandboxGuild


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1


def _reply(status: int, data: Any) -> web.Response:
    if status == 204:
        return web.Response(status=204)
    return json_response(data, status)


class RestApi:
    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb

    def register(self, router: web.UrlDispatcher) -> None:
        p = "/api/v{version}"
        routes = [
            ("GET", "/users/@me", self.me),
            ("GET", "/users/{user_id}", self.get_user),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/oauth2/applications/@me", self.application),
            ("GET", "/applications/@me", self.application),
            ("GET", "/gateway", self.gateway),
            ("GET", "/gateway/bot", self.gateway),
            ("GET", "/applications/{application_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/commands", self.put_commands),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.put_commands),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("GET", "/channels/{channel_id}/messages", self.list_messages),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            ("POST", "/channels/{channel_id}/typing", self.typing),
            ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.react),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.unreact),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self.guild_roles),
            ("GET", "/guilds/{guild_id}/members", self.guild_members),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.guild_member),
            ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.add_role),
            ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.remove_role),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.callback),
            ("POST", "/webhooks/{application_id}/{token}", self.execute),
            ("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", self.webhook_msg),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", self.webhook_msg),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", self.webhook_msg),
        ]
        for method, path, handler in routes:
            router.add_route(method, p + path, handler)

    # --- lookups -------------------------------------------------------------------------------
    def _channel(self, request: web.Request) -> SandboxChannel:
        ch = self.sb.channels.get(_int(request.match_info["channel_id"]))
        if ch is None:
            raise DiscordHTTPError.not_found("Channel", E.UNKNOWN_CHANNEL)
        if ch.guild is not None and not ch.permissions_for(self.sb.bot_user_id) & P.VIEW_CHANNEL:
            raise DiscordHTTPError.missing_access()
        return ch

    def _guild(self, request: web.Request) -> SandboxGuild:
        guild = self.sb.guilds.get(_int(request.match_info["guild_id"]))
        if guild is None:
            raise DiscordHTTPError.not_found("Guild", E.UNKNOWN_GUILD)
        return guild

    def _message(self, ch: SandboxChannel, request: web.Request) -> SandboxMessage:
        msg = self.sb.messages.get(_int(request.match_info["message_id"]))
        if msg is None or msg.deleted or msg.channel_id != ch.id or msg.ephemeral:
            raise DiscordHTTPError.not_found("Message", E.UNKNOWN_MESSAGE)
        return msg

    @staticmethod
    def _body(request: web.Request) -> BotBody:
        from .server import BODY_KEY

        return request[BODY_KEY]

    # --- users, application, gateway ------------------------------------------------------------
    async def me(self, request: web.Request) -> web.Response:
        data = self.sb.bot_user.payload()
        data.update(verified=True, mfa_enabled=False, flags=0, email=None, locale="en-US", bio="", banner=None)
        return json_response(data)

    async def get_user(self, request: web.Request) -> web.Response:
        user = self.sb.users.get(_int(request.match_info["user_id"]))
        if user is None:
            raise DiscordHTTPError.not_found("User", E.UNKNOWN_USER)
        return json_response(user.payload())

    async def application(self, request: web.Request) -> web.Response:
        return json_response(self.sb._application_payload())

    async def gateway(self, request: web.Request) -> web.Response:
        data: dict[str, Any] = {"url": self.sb.gateway_url}
        if request.path.endswith("/bot"):
            data.update(shards=1, session_start_limit={"total": 1000, "remaining": 999, "reset_after": 0,
                                                       "max_concurrency": 1})
        return json_response(data)

    async def create_dm(self, request: web.Request) -> web.Response:
        data = self._body(request).data
        self.sb._check("POST", "/users/@me/channels", self._body(request).json, [])
        user = self.sb.users.get(_int(str(data.get("recipient_id"))))
        if user is None:
            raise DiscordHTTPError.invalid_form([FieldError(("recipient_id",), "USER_UNKNOWN", "Unknown user")])
        if user.dm_channel_id is None:  # a new DM channel: Discord's anti-spam applies (40003)
            self.sb.rate_limits.open_dm()
        return json_response(self.sb.dm_channel(user).payload())

    # --- commands --------------------------------------------------------------------------------
    def _scope(self, request: web.Request) -> int | None:
        if request.match_info["application_id"] != str(self.sb.application_id):
            raise DiscordHTTPError.not_found("Application", E.UNKNOWN_APPLICATION)
        if "guild_id" in request.match_info:
            return self._guild(request).id
        return None

    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.sb.command_store.get(self._scope(request)))

    async def put_commands(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        body = self._body(request).json
        template = ("/applications/{application_id}/guilds/{guild_id}/commands" if scope is not None
                    else "/applications/{application_id}/commands")
        self.sb._check("PUT", template, body, validate_commands(body))
        stored = self.sb.command_store.replace(scope, body)
        self.sb._event("sync", detail=f"{len(stored)} commands synced to {'guild ' + str(scope) if scope else 'global'}")
        return json_response(stored)

    # --- channels and messages ----------------------------------------------------------------------
    async def get_channel(self, request: web.Request) -> web.Response:
        return json_response(self._channel(request).payload())

    async def list_messages(self, request: web.Request) -> web.Response:
        ch = self._channel(request)
        if ch.guild is not None and not ch.permissions_for(self.sb.bot_user_id) & P.READ_MESSAGE_HISTORY:
            return json_response([])
        q = request.query
        limit = max(1, min(100, int(q.get("limit", 50))))
        msgs = [m for m in ch.messages if not m.deleted]
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])][:limit]
        if "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if m.id <= around][-(limit // 2 + limit % 2):]
            newer = [m for m in msgs if m.id > around][: limit // 2]
            msgs = older + newer
        msgs = msgs[-limit:]
        return json_response([m.payload() for m in reversed(msgs)])  # no nonces in history, as on Discord

    async def get_message(self, request: web.Request) -> web.Response:
        ch = self._channel(request)
        return json_response(self._message(ch, request).payload())

    def _check_can_send(self, ch: SandboxChannel, body: BotBody) -> bool:
        """Refuse what Discord refuses; True when the message may keep its embeds."""
        sb = self.sb
        if ch.is_dm:
            recipient = sb.users[ch.recipient_id] if ch.recipient_id else None
            # closed DMs, another bot, or nobody who shares a server with the bot: all 50007
            if recipient is None or not recipient.dm_open or recipient.bot or not sb.shares_guild(recipient.id):
                raise DiscordHTTPError(403, E.CANNOT_DM, "Cannot send messages to this user")
            return True
        perms = ch.permissions_for(sb.bot_user_id)
        if ch.type in (4, 15) or not perms & P.SEND_MESSAGES:
            raise DiscordHTTPError.missing_permissions()
        if body.files and not perms & P.ATTACH_FILES:
            raise DiscordHTTPError.missing_permissions()
        if body.data.get("message_reference") and not perms & P.READ_MESSAGE_HISTORY:
            raise DiscordHTTPError.missing_permissions()  # a reply needs Read Message History
        if body.data.get("embeds") and not perms & P.EMBED_LINKS:
            data = body.data
            if not (data.get("content") or body.files or data.get("components") or data.get("sticker_ids") or data.get("poll")):
                raise DiscordHTTPError.missing_permissions()  # embed-only without Embed Links
            return False  # Discord drops the embeds and posts the rest
        return True

    async def create_message(self, request: web.Request) -> web.Response:
        sb = self.sb
        ch = self._channel(request)
        body = self._body(request)
        keep_embeds = self._check_can_send(ch, body)
        sb._check("POST", "/channels/{channel_id}/messages", body.json,
                  check_message(body.data, files=len(body.files)))
        nonce = body.data.get("nonce")
        key = (sb.bot_user_id, str(nonce))  # Discord: the same author, in the past few minutes
        if nonce is not None and body.data.get("enforce_nonce"):
            seen = sb.nonces.get(key)
            if seen is not None and time.time() - seen[1] < sb.nonce_window and not seen[0].deleted:
                return json_response(seen[0].payload(nonce=True))
        if not keep_embeds:
            body = BotBody({k: v for k, v in body.data.items() if k != "embeds"}, body.files, body.multipart)
        msg = build_message(sb, ch, sb.bot_user_id, body)
        sb._post(msg)
        if nonce is not None:
            sb.nonces[key] = (msg, time.time())
        return json_response(msg.payload(nonce=True))

    async def edit_message(self, request: web.Request) -> web.Response:
        sb = self.sb
        ch = self._channel(request)
        msg = self._message(ch, request)
        if msg.author_id != sb.bot_user_id:
            raise DiscordHTTPError(403, E.CANNOT_EDIT_OTHERS, "Cannot edit a message authored by another user")
        body = self._body(request)
        sb._check("PATCH", "/channels/{channel_id}/messages/{message_id}", body.json,
                  check_message(body.data, files=len(body.files)))
        sb._edited(msg, filled=apply_edit(sb, msg, body))
        return json_response(msg.payload())

    async def delete_message(self, request: web.Request) -> web.Response:
        sb = self.sb
        ch = self._channel(request)
        msg = self._message(ch, request)
        if msg.author_id != sb.bot_user_id and not ch.permissions_for(sb.bot_user_id) & P.MANAGE_MESSAGES:
            raise DiscordHTTPError.missing_permissions()
        sb._deleted(msg)
        return web.Response(status=204)

    async def typing(self, request: web.Request) -> web.Response:
        self._channel(request)
        return web.Response(status=204)

    async def react(self, request: web.Request) -> web.Response:
        ch = self._channel(request)
        msg = self._message(ch, request)
        msg.reactions.setdefault(request.match_info["emoji"], set()).add(self.sb.bot_user_id)
        return web.Response(status=204)

    async def unreact(self, request: web.Request) -> web.Response:
        ch = self._channel(request)
        msg = self._message(ch, request)
        msg.reactions.get(request.match_info["emoji"], set()).discard(self.sb.bot_user_id)
        return web.Response(status=204)

    # --- guilds ------------------------------------------------------------------------------------
    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        data = guild.payload()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at", "large",
                    "member_count", "unavailable"):
            data.pop(key, None)
        return json_response(data)

    async def guild_channels(self, request: web.Request) -> web.Response:
        return json_response([c.payload() for c in self._guild(request).channels.values()])

    async def guild_roles(self, request: web.Request) -> web.Response:
        return json_response([r.payload() for r in self._guild(request).roles.values()])

    async def guild_members(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        limit = max(1, min(1000, int(request.query.get("limit", 1))))
        after = int(request.query.get("after", 0))
        members = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)[:limit]
        return json_response([m.payload() for m in members])

    async def guild_member(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        member = guild.members.get(_int(request.match_info["user_id"]))
        if member is None:
            raise DiscordHTTPError.not_found("Member", E.UNKNOWN_MEMBER)
        return json_response(member.payload())

    async def _role_change(self, request: web.Request, add: bool) -> web.Response:
        guild = self._guild(request)
        member = guild.members.get(_int(request.match_info["user_id"]))
        role = guild.roles.get(_int(request.match_info["role_id"]))
        if member is None:
            raise DiscordHTTPError.not_found("Member", E.UNKNOWN_MEMBER)
        if role is None:
            raise DiscordHTTPError.not_found("Role", E.UNKNOWN_ROLE)
        if not P.base_permissions(guild, self.sb.bot_user_id) & P.MANAGE_ROLES or role.managed:
            raise DiscordHTTPError.missing_permissions()
        (member.add_role if add else member.remove_role)(role)
        return web.Response(status=204)

    async def add_role(self, request: web.Request) -> web.Response:
        return await self._role_change(request, True)

    async def remove_role(self, request: web.Request) -> web.Response:
        return await self._role_change(request, False)

    # --- interactions and webhooks ------------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        with_response = request.query.get("with_response", "false").lower() in ("1", "true")
        status, data = await interaction_callback(self.sb, request.match_info["interaction_id"],
                                                  request.match_info["token"], self._body(request), with_response)
        return _reply(status, data)

    async def execute(self, request: web.Request) -> web.Response:
        wait = request.query.get("wait", "false").lower() in ("1", "true")
        status, data = await execute_webhook(self.sb, request.match_info["application_id"],
                                             request.match_info["token"], self._body(request), wait)
        return _reply(status, data)

    async def webhook_msg(self, request: web.Request) -> web.Response:
        status, data = await webhook_message(self.sb, request.method, request.match_info["application_id"],
                                             request.match_info["token"], request.match_info["message_id"],
                                             self._body(request))
        return _reply(status, data)

    # --- files ----------------------------------------------------------------------------------------
    async def attachment(self, request: web.Request) -> web.Response:
        att = self.sb.attachments.get(_int(request.match_info["attachment_id"]))
        if att is None or att.filename != request.match_info["filename"]:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=att.data, content_type=att.content_type or "application/octet-stream")
