"""Acting as a member: slash commands, autocomplete, buttons, selects, modals, plain messages.

Everything a Discord client would refuse (unknown command or option, wrong type, missing required
option, a choice not offered, a disabled button, someone else's ephemeral message) raises
:class:`SandboxUsageError` before anything reaches the bot.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from . import permissions as P
from .errors import SandboxTimeout, SandboxUsageError
from .interactions import (APPLICATION_COMMAND, AUTOCOMPLETE, DEFERRED, MESSAGE_COMPONENT, MODAL_SUBMIT,
                           InteractionResult, PendingInteraction, resolved_for)
from .limits import SELECT_TYPES
from .util import wait_until

if TYPE_CHECKING:
    from .message import SandboxMessage
    from .sandbox import Sandbox
    from .state import SandboxChannel, SandboxGuild, SandboxUser


def shown_name(defn: Mapping[str, Any], locale: str | None) -> str:
    """The name a client in ``locale`` shows for a command, subcommand or option."""
    return (defn.get("name_localizations") or {}).get(locale or "", defn["name"])


class CommandNotAvailable(SandboxUsageError):
    """The command exists but this member could not see or use it here (permissions, context)."""


def _option_value(defn: dict[str, Any], value: Any, ctx: _Ctx, *, focused: bool = False) -> Any:
    kind, name = defn["type"], defn["name"]
    if focused:
        return str(value)
    if kind == 3:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise SandboxUsageError(f"option {name!r} takes text, got {value!r}")
        value = str(value)
        choices = defn.get("choices")
        if choices:
            by_name = {c["name"]: c["value"] for c in choices}
            if value not in {c["value"] for c in choices}:
                if value not in by_name:
                    raise SandboxUsageError(f"option {name!r}: {value!r} is not one of {[c['value'] for c in choices]}")
                value = by_name[value]
        lo, hi = defn.get("min_length"), defn.get("max_length")
        if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
            raise SandboxUsageError(f"option {name!r}: length must be within [{lo}, {hi}]")
        return value
    if kind in (4, 10):
        if isinstance(value, bool):
            raise SandboxUsageError(f"option {name!r} takes a number, got {value!r}")
        try:
            number = int(value) if kind == 4 else float(value)
        except (TypeError, ValueError):
            raise SandboxUsageError(f"option {name!r} takes {'an integer' if kind == 4 else 'a number'}, got {value!r}") from None
        if kind == 4 and isinstance(value, float) and not value.is_integer():
            raise SandboxUsageError(f"option {name!r} takes an integer, got {value!r}")
        lo, hi = defn.get("min_value"), defn.get("max_value")
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            raise SandboxUsageError(f"option {name!r}: {number} is outside [{lo}, {hi}]")
        choices = defn.get("choices")
        if choices and number not in {c["value"] for c in choices}:
            raise SandboxUsageError(f"option {name!r}: {number} is not one of {[c['value'] for c in choices]}")
        return number if kind == 4 else (value if isinstance(value, (int, float)) else number)
    if kind == 5:
        if not isinstance(value, bool):
            raise SandboxUsageError(f"option {name!r} takes True/False, got {value!r}")
        return value
    resolved_value = ctx.lookup(value)
    if kind == 7:
        types = defn.get("channel_types")
        if types and getattr(resolved_value, "type", None) not in types:
            raise SandboxUsageError(f"option {name!r}: channel type must be one of {types}")
    try:
        return resolved_for(ctx.sb, ctx.guild, ctx.channel, resolved_value, kind, ctx.resolved)
    except TypeError as exc:
        raise SandboxUsageError(f"option {name!r}: {exc}") from None


class _Ctx:
    def __init__(self, sb: Sandbox, channel: SandboxChannel) -> None:
        self.sb = sb
        self.channel = channel
        self.guild: SandboxGuild | None = channel.guild
        self.resolved: dict[str, dict[str, Any]] = {}

    def lookup(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            for table in (self.sb.users, self.sb.channels, self.sb.attachments):
                if value in table:
                    return table[value]
            for guild in self.sb.guilds.values():
                if value in guild.roles:
                    return guild.roles[value]
        return value


class MemberActions:
    """Mixed into SandboxMember. ``self._sb``, ``self.user`` and ``self.guild`` come from the member."""

    _sb: Sandbox
    user: SandboxUser
    guild: SandboxGuild

    # --- helpers --------------------------------------------------------------------------------
    def _default_channel(self) -> SandboxChannel:
        for ch in self.guild.channels.values():
            if ch.type in (0, 5) and ch.permissions_for(self.user.id) & P.VIEW_CHANNEL:
                return ch
        raise SandboxUsageError(f"{self.guild.name} has no text channel {self.user.name} can see")

    def _where(self, channel: SandboxChannel | None, dm: bool) -> SandboxChannel:
        if dm:
            return self._sb.dm_channel(self.user)
        return channel if channel is not None else self._default_channel()

    def _member_here(self, channel: SandboxChannel) -> Any:
        if channel.guild is None:
            return None
        member = channel.guild.members.get(self.user.id)
        if member is None:
            raise SandboxUsageError(f"{self.user.name} is not a member of {channel.guild.name}")
        return member

    async def _fire(self, pending: PendingInteraction, timeout: float) -> InteractionResult:
        handlers = self._sb.bot_handlers
        before = handlers.running() if handlers is not None else frozenset()
        await self._sb._dispatch_interaction(pending)
        result = pending.result
        try:
            await asyncio.wait_for(result._answered.wait(), timeout)
        except asyncio.TimeoutError:
            raise SandboxTimeout(f"the bot did not answer {pending.describe()} within {timeout}s "
                                 f"(Discord would show 'The application did not respond')") from None
        if result.type in DEFERRED:
            # until the deferral is completed (edit/followup) or the bot's next answer is refused
            refused = len(result.errors)
            try:
                await wait_until(lambda: result.done or len(result.errors) > refused, timeout, "completion")
            except SandboxTimeout:
                pass
        if handlers is not None:  # the bot finishes handling what it answered (not what was already running)
            await handlers.finished(before, timeout)
        return result

    def _command(self, command: str, channel: SandboxChannel, locale: str | None = None,
                 ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        """(top-level definition, chain of subcommand group/subcommand definitions, leaf option definitions).

        As in a Discord client, a member may type the names their language shows (``locale``, by
        default their client's): "/通告单 发布" finds /callsheet publish for a Chinese client."""
        parts = command.strip().lstrip("/").split()
        if not parts:
            raise SandboxUsageError("empty command")
        guild_id = channel.guild.id if channel.guild else None
        locale = locale or self.user.locale
        cmd = self._sb.command_store.find(parts[0], guild_id, locale)
        if cmd is None:
            names = sorted({c["name"] for scope in (guild_id, None) for c in self._sb.command_store.scopes.get(scope, [])})
            raise SandboxUsageError(f"/{parts[0]} is not synced where {self.user.name} is (synced: {names})")
        self._check_available(cmd, channel)
        chain: list[dict[str, Any]] = []
        defs = cmd.get("options") or []
        for part in parts[1:]:
            sub = next((o for o in defs if part in (o["name"], shown_name(o, locale)) and o["type"] in (1, 2)), None)
            if sub is None:
                raise SandboxUsageError(f"/{command}: no subcommand {part!r}")
            chain.append(sub)
            defs = sub.get("options") or []
        if any(o["type"] in (1, 2) for o in defs):
            raise SandboxUsageError(f"/{command} needs a subcommand: {[o['name'] for o in defs]}")
        return cmd, chain, defs

    def _check_available(self, cmd: dict[str, Any], channel: SandboxChannel) -> None:
        if channel.guild is None:
            contexts = cmd.get("contexts")
            if cmd.get("guild_id") or (contexts is not None and 1 not in contexts) or cmd.get("dm_permission") is False:
                raise CommandNotAvailable(f"/{cmd['name']} is not available in DMs")
            return
        perms = channel.permissions_for(self.user.id)
        if not perms & P.VIEW_CHANNEL or not perms & P.USE_APPLICATION_COMMANDS:
            raise CommandNotAvailable(f"{self.user.name} cannot use commands in #{channel.name}")
        contexts = cmd.get("contexts")
        if contexts is not None and 0 not in contexts:
            raise CommandNotAvailable(f"/{cmd['name']} is not available in servers")
        required = cmd.get("default_member_permissions")
        if required is not None:
            base = P.base_permissions(channel.guild, self.user.id)
            if int(required) & base != int(required) and not base & P.ADMINISTRATOR:
                raise CommandNotAvailable(f"/{cmd['name']} needs permissions {required}; {self.user.name} has {base}")

    def _build_command_data(self, command: str, options: Mapping[str, Any] | None, channel: SandboxChannel,
                            focused: str | None = None, locale: str | None = None) -> dict[str, Any]:
        cmd, chain, defs = self._command(command, channel, locale)
        ctx = _Ctx(self._sb, channel)
        shown = {shown_name(d, locale or self.user.locale): d["name"] for d in defs}
        given = {shown.get(k, k): v for k, v in (options or {}).items()}  # typed by their localized names
        focused = shown.get(focused, focused) if focused is not None else None
        leaf: list[dict[str, Any]] = []
        by_name = {d["name"]: d for d in defs}
        for name, value in given.items():
            defn = by_name.get(name)
            if defn is None:
                raise SandboxUsageError(f"/{command} has no option {name!r} (options: {list(by_name)})")
            is_focused = name == focused
            entry: dict[str, Any] = {"type": defn["type"], "name": name,
                                     "value": _option_value(defn, value, ctx, focused=is_focused)}
            if is_focused:
                entry["focused"] = True
            leaf.append(entry)
        if focused is None:
            missing = [d["name"] for d in defs if d.get("required") and d["name"] not in given]
            if missing:
                raise SandboxUsageError(f"/{command} is missing required options {missing}")
        elif focused not in by_name or not by_name[focused].get("autocomplete"):
            raise SandboxUsageError(f"/{command}: option {focused!r} has no autocomplete")
        elif focused not in given:
            leaf.append({"type": by_name[focused]["type"], "name": focused, "value": "", "focused": True})
        nested = leaf
        for sub in reversed(chain):
            nested = [{"type": sub["type"], "name": sub["name"], "options": nested}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": nested}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if ctx.resolved:
            data["resolved"] = ctx.resolved
        return data

    # --- public actions -------------------------------------------------------------------------------
    async def run(self, command: str, options: Mapping[str, Any] | None = None, *,
                  channel: SandboxChannel | None = None, locale: str | None = None, dm: bool = False,
                  timeout: float = 5.0) -> InteractionResult:
        """Run ``/command`` ("cmd", "group sub" or "group subgroup sub") with typed ``options``."""
        where = self._where(channel, dm)
        data = self._build_command_data(command, options, where, locale=locale)
        shown = " ".join(f"{k}:{getattr(v, 'name', None) or getattr(v, 'filename', None) or v}"
                         for k, v in (options or {}).items())
        pending = PendingInteraction(self._sb, APPLICATION_COMMAND, self.user, where, data,
                                     member=self._member_here(where), locale=locale or self.user.locale,
                                     label=f"/{command.strip().lstrip('/')}{' ' + shown if shown else ''}")
        return await self._fire(pending, timeout)

    async def autocomplete(self, command: str, options: Mapping[str, Any] | None = None, *, focused: str,
                           channel: SandboxChannel | None = None, locale: str | None = None, dm: bool = False,
                           timeout: float = 5.0) -> list[dict[str, Any]]:
        """Type into option ``focused`` (its current text in ``options``); returns the bot's choices."""
        where = self._where(channel, dm)
        data = self._build_command_data(command, options, where, focused=focused, locale=locale)
        pending = PendingInteraction(self._sb, AUTOCOMPLETE, self.user, where, data,
                                     member=self._member_here(where), locale=locale or self.user.locale,
                                     label=f"/{command} {focused}:{(options or {}).get(focused, '')!s} (autocomplete)")
        result = await self._fire(pending, timeout)
        if result.choices is None:
            if result.error is not None:
                raise result.error  # the bot's answer was refused (e.g. 26 choices -> 50035)
            raise SandboxUsageError(f"autocomplete for {focused!r} got no choices")
        return result.choices

    def _component_target(self, message: SandboxMessage, custom_id: str) -> tuple[SandboxMessage, dict[str, Any]]:
        msg = self._sb.messages.get(message.id, message)
        if msg.deleted:
            raise SandboxUsageError(f"message {msg.id} was deleted")
        if msg.ephemeral and msg.interaction_user_id != self.user.id:
            raise SandboxUsageError(f"{self.user.name} cannot see someone else's ephemeral message")
        channel = self._sb.channels[msg.channel_id]
        if channel.is_dm and channel.recipient_id != self.user.id:
            raise SandboxUsageError(f"{self.user.name} cannot see another user's DMs")
        if channel.guild is not None and not channel.permissions_for(self.user.id) & P.VIEW_CHANNEL:
            raise SandboxUsageError(f"{self.user.name} cannot see #{channel.name}")
        comp = msg.find_component(custom_id)
        if comp is None:
            raise SandboxUsageError(f"no component {custom_id!r} on message {msg.id}; custom_ids: {msg.custom_ids()}")
        if comp.get("disabled"):
            raise SandboxUsageError(f"component {custom_id!r} is disabled")
        return msg, comp

    async def click(self, message: SandboxMessage, custom_id: str, *, locale: str | None = None,
                    timeout: float = 5.0) -> InteractionResult:
        msg, comp = self._component_target(message, custom_id)
        if comp.get("type") != 2:
            raise SandboxUsageError(f"{custom_id!r} is not a button (type {comp.get('type')}); use select()")
        channel = self._sb.channels[msg.channel_id]
        data = {"custom_id": custom_id, "component_type": 2, "id": comp.get("id")}
        pending = PendingInteraction(self._sb, MESSAGE_COMPONENT, self.user, channel, data,
                                     member=self._member_here(channel), locale=locale or self.user.locale,
                                     source=msg, label=f"clicked [{comp.get('label') or custom_id}]")
        return await self._fire(pending, timeout)

    async def select(self, message: SandboxMessage, custom_id: str, values: Sequence[Any], *,
                     locale: str | None = None, timeout: float = 5.0) -> InteractionResult:
        msg, comp = self._component_target(message, custom_id)
        ctype = comp.get("type")
        if ctype not in SELECT_TYPES:
            raise SandboxUsageError(f"{custom_id!r} is not a select menu; use click()")
        lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
        if not lo <= len(values) <= hi:
            raise SandboxUsageError(f"select {custom_id!r} takes {lo}..{hi} values, got {len(values)}")
        channel = self._sb.channels[msg.channel_id]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": ctype, "id": comp.get("id")}
        if ctype == 3:
            allowed = [o["value"] for o in comp.get("options", [])]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise SandboxUsageError(f"select {custom_id!r}: {bad} not among options {allowed}")
            data["values"] = list(values)
        else:
            ctx = _Ctx(self._sb, channel)
            kind = {5: 6, 6: 8, 7: 9, 8: 7}[ctype]
            data["values"] = [resolved_for(self._sb, channel.guild, channel, ctx.lookup(v), kind, ctx.resolved)
                              for v in values]
            data["resolved"] = ctx.resolved
        pending = PendingInteraction(self._sb, MESSAGE_COMPONENT, self.user, channel, data,
                                     member=self._member_here(channel), locale=locale or self.user.locale,
                                     source=msg, label=f"selected {list(values)} in {comp.get('placeholder') or custom_id}")
        return await self._fire(pending, timeout)

    async def submit_modal(self, shown: InteractionResult, values: Mapping[str, Any], *,
                           timeout: float = 5.0) -> InteractionResult:
        """Fill and submit the modal the bot showed in ``shown`` (values by the inputs' custom_id)."""
        modal = shown.modal
        origin = shown._pending
        if modal is None:
            raise SandboxUsageError(f"the bot did not show a modal (callback type {shown.type})")
        if origin.user.id != self.user.id:
            raise SandboxUsageError("only the member the modal was shown to can submit it")
        remaining = dict(values)
        rows = [_submitted(top, remaining) for top in modal.get("components", [])]
        if remaining:
            raise SandboxUsageError(f"modal has no inputs {list(remaining)}")
        data = {"custom_id": modal["custom_id"], "components": rows}
        pending = PendingInteraction(self._sb, MODAL_SUBMIT, self.user, origin.channel, data, member=origin.member,
                                     locale=origin.locale, source=origin.source, origin=origin,
                                     label=f"submitted modal {modal.get('title', '')!r}")
        return await self._fire(pending, timeout)

    async def send(self, channel: SandboxChannel, content: str) -> SandboxMessage:
        """Post a plain message as this member (MESSAGE_CREATE reaches the bot per its intents)."""
        return self._sb._user_message(self.user, channel, content)

    async def send_dm(self, content: str) -> SandboxMessage:
        return self._sb._user_message(self.user, self._sb.dm_channel(self.user), content)


def _text_input(comp: dict[str, Any], remaining: dict[str, Any]) -> dict[str, Any]:
    cid = comp["custom_id"]
    value = remaining.pop(cid, comp.get("value") or "")
    if not isinstance(value, str):
        raise SandboxUsageError(f"modal input {cid!r} takes text")
    if comp.get("required", True) and not value:
        raise SandboxUsageError(f"modal input {cid!r} is required")
    lo, hi = comp.get("min_length"), comp.get("max_length")
    if value and ((lo is not None and len(value) < lo) or (hi is not None and len(value) > hi)):
        raise SandboxUsageError(f"modal input {cid!r}: length must be within [{lo}, {hi}]")
    return {"type": 4, "custom_id": cid, "value": value, "id": comp.get("id")}


def _submitted(top: dict[str, Any], remaining: dict[str, Any]) -> dict[str, Any]:
    if top.get("type") == 1:
        return {"type": 1, "id": top.get("id"), "components": [_text_input(c, remaining) for c in top["components"]]}
    if top.get("type") == 18:
        inner = top["component"]
        if inner.get("type") == 4:
            return {"type": 18, "id": top.get("id"), "component": _text_input(inner, remaining)}
        cid = inner.get("custom_id")
        chosen = remaining.pop(cid, [])
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if inner.get("required", True) and not chosen and inner.get("min_values", 1) > 0:
            raise SandboxUsageError(f"modal select {cid!r} is required")
        return {"type": 18, "id": top.get("id"),
                "component": {"type": inner.get("type"), "custom_id": cid,
                              "values": [str(getattr(v, "id", v)) for v in chosen]}}
    return {"type": top.get("type"), "id": top.get("id")}
