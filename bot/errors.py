"""Unexpected errors tell the truth.

An error nobody foresaw is logged with its traceback and a short reference (``K7Q4M2``); the user is
shown the same reference, so the AD, the user and the log can talk about the one event. When the
interaction is about a production with an AD channel, a report goes into the outbox (one notice
collects the errors of a moment) and only then does the user's message say the AD office is being
told; otherwise it says to give the reference to the AD.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import discord

from bot.cues import kinds
from bot.cues.kinds import CueKind, Rendered
from bot.domain.cues import SYSTEM_SCOPE, Cue, CueSpec, Target
from bot.domain.tenancy import JOIN_CODE_ALPHABET
from bot.i18n import t
from db.repositories.cues import CueRepo

log = logging.getLogger(__name__)

ERROR_REPORT = "error_report"
MAX_LINES = 15


def new_reference() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


def render_error_report(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc = cue.locale
    items = list(cue.payload.get("items") or [])
    lines = [t("errors.report.title", loc, count=len(items))]
    for item in items[:MAX_LINES]:
        at = datetime.fromisoformat(str(item["at"])).astimezone(tz).strftime("%H:%M")
        lines.append(t("errors.report.line", loc, time=at, command=f"/{item.get('command') or '?'}", user=f"<@{item.get('user_id')}>",
                       ref=item.get("ref", "")))
    if len(items) > MAX_LINES:
        lines.append(t("outbox.more", loc, count=len(items) - MAX_LINES))
    return Rendered("\n".join(lines)[:2000])


async def _report_outcome(o: kinds.SendOutcome) -> None:
    if o.result.outcome == "failed":
        log.error("production %s: the AD channel refused the error report (%s): %s", o.cue.production_id, o.result.error,
                  o.cue.payload.get("items"))


kinds.register(CueKind(ERROR_REPORT, render_error_report, on_outcome=_report_outcome, timely=False), replace=True)


async def tell_ad(bot: Any, interaction: discord.Interaction, ref: str) -> bool:
    """Queue the report for the production's AD channel; True when it is queued."""
    from bot.tenancy import TENANT_KEY

    tenant = interaction.extras.get(TENANT_KEY)
    prod = getattr(tenant, "production", None)
    channel = (prod.channel("ad") or prod.channel("production")) if prod is not None else None
    if prod is None or channel is None or getattr(bot, "db", None) is None:
        return False
    now = bot.clock.now()
    item = {"ref": ref, "command": getattr(interaction.command, "qualified_name", ""), "user_id": interaction.user.id, "at": now.isoformat()}
    try:
        async with bot.db.transaction() as tx:
            cid = None
            pending = await CueRepo.pending_of_kind(tx, prod.id, ERROR_REPORT)
            if pending is None or not await CueRepo.set_payload(tx, pending.id, {**pending.payload, "items": [*pending.payload.get("items", []), item]}, now):
                spec = CueSpec(f"{SYSTEM_SCOPE}:{prod.id}:error:{ref}", ERROR_REPORT, now, Target(channel_id=channel), prod.language,
                               {"items": [item]}, scope=SYSTEM_SCOPE)
                cid = await CueRepo.insert(tx, prod.id, None, spec, now)
        if cid is not None and getattr(bot, "cues", None) is not None:
            await bot.cues.refresh([cid], hold={cid: 1.0})
        return True
    except Exception:  # the database itself may be what failed: the user still gets their answer
        log.exception("could not queue the error report %s", ref)
        return False


async def unexpected(interaction: discord.Interaction, error: BaseException) -> str:
    """Log ``error`` with a fresh reference, tell the AD when possible; the user's message."""
    ref = new_reference()
    command = getattr(interaction.command, "qualified_name", None) or getattr(interaction, "data", None)
    log.error("unexpected error [ref %s] in %s (user %s, guild %s)", ref, command, interaction.user.id, interaction.guild_id, exc_info=error)
    told = await tell_ad(interaction.client, interaction, ref)
    return t("errors.unexpected_told" if told else "errors.unexpected", interaction.locale, ref=ref)
