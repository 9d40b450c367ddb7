"""Does the bot have what it needs in the channels it posts in? Checked where an AD can fix it.

The bot needs View Channel, Send Messages, Embed Links, Attach Files and Read Message History
(after a crash it reads a channel's recent history to see whether a message already went out) in
every channel a production uses; the invite link asks for exactly those (117760, README).

* ``/production create`` and ``/production channel`` check the channels they set and tell the AD
  exactly what to grant, right in the reply;
* at start-up (once the gateway has delivered the servers) every production's channels are
  checked; what is missing is logged and told to the production's AD channel (at most once a day
  for the same problem).

Messages still go out where something is missing when they can: without Embed Links as plain text
(``bot.delivery``); what cannot go out is reported by the outbox as it happens.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import discord

from bot.domain.cues import SYSTEM_SCOPE, CueSpec, Target
from bot.domain.crew import Production
from bot.domain.outbox import INVITE_PERMISSIONS, REQUIRED_PERMISSIONS
from bot.i18n import t
from db.repositories.cues import CueRepo
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


def warning_lines(problems: dict[int, list[str] | None], locale: str) -> list[str]:
    """"• #set: Send Messages, Embed Links" per channel, and where to grant them."""
    if not problems:
        return []
    sep = t("outbox.list_sep", locale)
    lines = [t("permissions.title", locale)]
    for cid, missing in problems.items():
        if missing is None:
            lines.append(t("permissions.unseen", locale, channel=f"<#{cid}>"))
        else:
            lines.append(t("permissions.line", locale, channel=f"<#{cid}>", perms=sep.join(t(f"perm.{p}", locale) for p in missing)))
    lines.append(t("permissions.grant", locale, value=INVITE_PERMISSIONS))
    return lines


def production_channels(prod: Production) -> list[int]:
    return list(dict.fromkeys(prod.channels.values()))


async def check_at_start(bot: SetCallBot) -> int:
    """Check every production's channels on the servers the bot is in; tell each AD channel what is
    missing. Returns how many productions have a problem."""
    found = 0
    now = bot.clock.now()
    async with bot.db.read() as tx:
        productions = [p for g in bot.guilds for p in await ProductionRepo.in_guild(tx, g.id)]
    arm: list[int] = []
    for prod in productions:
        problems = problems_of(bot, production_channels(prod))
        if not problems:
            continue
        found += 1
        log.warning("production %s: missing permissions %s", prod.code, {c: m for c, m in problems.items()})
        ad = prod.channel("ad") or prod.channel("production")
        if ad is None or ad in problems:
            log.error("production %s: cannot tell the AD about missing permissions (no usable AD channel)", prod.code)
            continue
        digest = hashlib.sha1(repr(sorted((c, tuple(m or ())) for c, m in problems.items())).encode()).hexdigest()[:10]
        day = now.astimezone(prod.tz).date().isoformat()
        payload = {"problems": [[c, m] for c, m in problems.items()]}
        spec = CueSpec(f"{SYSTEM_SCOPE}:{prod.id}:perms:{digest}:{day}", PERMISSION_WARNING, now, Target(channel_id=ad), prod.language,
                       payload, scope=SYSTEM_SCOPE)
        async with bot.db.transaction() as tx:
            if (cid := await CueRepo.insert(tx, prod.id, None, spec, now)) is not None:
                arm.append(cid)
    if arm and bot.cues is not None:
        await bot.cues.refresh(arm)
    return found


def _render_warning(cue, tz):
    from bot.cues.kinds import Rendered

    problems = {int(c): m for c, m in cue.payload.get("problems") or []}
    return Rendered("\n".join(warning_lines(problems, cue.locale))[:2000])


def register() -> None:
    from bot.cues import kinds

    kinds.register(kinds.CueKind(PERMISSION_WARNING, _render_warning, timely=False), replace=True)


register()
