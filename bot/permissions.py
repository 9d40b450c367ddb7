"""Does the bot have what it needs in the channels it posts in? Checked where an AD can fix it.

The bot needs View Channel, Send Messages, Embed Links, Attach Files and Read Message History
(after a crash it reads a channel's recent history to see whether a message already went out) in
every channel a production uses; the invite link asks for exactly those (117760, README).

* ``/production create`` and ``/production channel`` check the channels they set and tell the AD
  exactly what to grant, right in the reply;
* at start-up (once the gateway has delivered the servers), and whenever Discord says a channel's
  permissions or a role changed, every production's channels are checked (:func:`review`). The
  production's AD channel is told once per channel and missing set (``bot.domain.permissions``):
  again only when that changes, and that it is fixed once the AD granted it. Nothing is said again
  at the next start-up or the next day.

Messages still go out where something is missing when they can: without Embed Links as plain text
(``bot.delivery``); what cannot go out is reported by the outbox as it happens.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import discord

from bot.domain import permissions as P
from bot.domain.crew import Production
from bot.domain.cues import SYSTEM_SCOPE, CueSpec, Target
from bot.domain.outbox import INVITE_PERMISSIONS, REQUIRED_PERMISSIONS
from bot.domain.permissions import Problem
from bot.i18n import t
from db.repositories.cues import CueRepo
from db.repositories.permissions import PermissionRepo
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot

log = logging.getLogger(__name__)

PERMISSION_WARNING = "permission_warning"


def missing_in(bot: discord.Client, channel_id: int) -> list[str] | None:
    """The required permissions the bot lacks in the channel (``[]``: all there; ``None``: the bot
    cannot see the channel at all, or it does not exist)."""
    channel = bot.get_channel(channel_id)
    if not isinstance(channel, discord.abc.GuildChannel):
        return None
    me = channel.guild.me
    if me is None:
        return []
    perms = channel.permissions_for(me)
    return [p for p in REQUIRED_PERMISSIONS if not getattr(perms, p)]


def problems_of(bot: discord.Client, channel_ids: Iterable[int]) -> dict[int, list[str] | None]:
    """Channel id -> what is missing, for the channels with a problem only."""
    out: dict[int, list[str] | None] = {}
    for cid in dict.fromkeys(channel_ids):
        missing = missing_in(bot, cid)
        if missing is None or missing:
            out[cid] = missing
    return out


def _channel_lines(title: str, unseen: str, by_channel: dict[int, list[str] | None], locale: str) -> list[str]:
    """``title``, then "• #set: Send Messages, Embed Links" per channel (``unseen``: a channel the bot cannot see)."""
    sep = t("outbox.list_sep", locale)
    lines = [t(title, locale)]
    for cid, perms in by_channel.items():
        if perms is None:
            lines.append(t(unseen, locale, channel=f"<#{cid}>"))
        else:
            lines.append(t("permissions.line", locale, channel=f"<#{cid}>", perms=sep.join(t(f"perm.{p}", locale) for p in perms)))
    return lines


def warning_lines(problems: dict[int, list[str] | None], locale: str) -> list[str]:
    """"• #set: Send Messages, Embed Links" per channel, and where to grant them."""
    if not problems:
        return []
    return _channel_lines("permissions.title", "permissions.unseen", problems, locale) + [
        t("permissions.grant", locale, value=INVITE_PERMISSIONS)]


def fixed_lines(fixed: dict[int, list[str] | None], locale: str) -> list[str]:
    """"✅ Fixed" and, per channel the AD fixed, what was missing there and is there now."""
    return _channel_lines("permissions.fixed_title", "permissions.fixed_seen", fixed, locale) if fixed else []


def production_channels(prod: Production) -> list[int]:
    return list(dict.fromkeys(prod.channels.values()))


def _lock(bot: SetCallBot) -> asyncio.Lock:
    """One review at a time per bot: two at once would both tell the AD."""
    lock = getattr(bot, "_permission_review", None)
    if lock is None:
        lock = bot._permission_review = asyncio.Lock()  # type: ignore[attr-defined]
    return lock


async def review(bot: SetCallBot, *, guild_id: int | None = None, channel_id: int | None = None) -> int:
    """Check the channels of every production on the servers the bot is in (of ``guild_id``; using
    ``channel_id``) and tell each AD channel what changed since it was last told, in the transaction
    that records it. Returns how many of those productions have a problem now."""
    async with _lock(bot):
        async with bot.db.read() as tx:
            if guild_id is not None and channel_id is not None:
                productions = await ProductionRepo.by_channel(tx, guild_id, channel_id)
            else:
                guilds = [guild_id] if guild_id is not None else [g.id for g in bot.guilds]
                productions = [p for g in guilds for p in await ProductionRepo.in_guild(tx, g)]
        found, arm = 0, []
        for prod in productions:
            channels = production_channels(prod)
            problems = {cid: (tuple(m) if m is not None else None) for cid, m in problems_of(bot, channels).items()}
            found += bool(problems)
            arm += await _tell(bot, prod, channels, problems)
    if arm and bot.cues is not None:
        await bot.cues.refresh(arm)
    return found


async def _tell(bot: SetCallBot, prod: Production, channels: list[int], problems: dict[int, Problem]) -> list[int]:
    now = bot.clock.now()
    async with bot.db.transaction() as tx:
        told = await PermissionRepo.told(tx, prod.id)
        change = P.review(told, problems, channels)
        if change.quiet:
            return []
        if change.warn:
            log.warning("production %s: missing permissions %s", prod.code, change.warn)
        ad = prod.channel("ad") or prod.channel("production")
        if ad is None or not _can_post(problems.get(ad, ())):
            log.error("production %s: cannot tell the AD about missing permissions (no usable AD channel)", prod.code)
            return []  # told nothing, so nothing recorded: the AD hears of it once the AD channel works
        payload = {"problems": [[c, list(m) if m is not None else None] for c, m in change.warn.items()],
                   "fixed": [[c, list(m) if m is not None else None] for c, m in change.fixed.items()]}
        arm: list[int] = []
        if change.warn or change.fixed:
            digest = hashlib.sha1(repr(payload).encode()).hexdigest()[:10]
            spec = CueSpec(f"{SYSTEM_SCOPE}:{prod.id}:perms:{digest}:{now.isoformat()}", PERMISSION_WARNING, now, Target(channel_id=ad),
                           prod.language, payload, scope=SYSTEM_SCOPE)
            if (cid := await CueRepo.insert(tx, prod.id, None, spec, now)) is not None:
                arm.append(cid)
        await PermissionRepo.record(tx, prod.id, change, now)
    return arm


def _can_post(problem: Problem) -> bool:
    """The warning is plain text: the AD channel needs only to be seen and posted in."""
    return problem is not None and not {"view_channel", "send_messages"} & set(problem)


def _render_warning(cue, tz):
    from bot.cues.kinds import Rendered

    problems = {int(c): m for c, m in cue.payload.get("problems") or []}
    fixed = {int(c): m for c, m in cue.payload.get("fixed") or []}
    return Rendered("\n".join(fixed_lines(fixed, cue.locale) + warning_lines(problems, cue.locale))[:2000])


def register() -> None:
    from bot.cues import kinds

    kinds.register(kinds.CueKind(PERMISSION_WARNING, _render_warning, timely=False), replace=True)


register()
