"""The Discord side of the cue engine (core, shared by every feature that adds cue kinds): post one
cue to its channel or DM.

* Every post carries the cue's ``nonce`` (discord.py sends ``enforce_nonce`` with it), the same on
  every attempt, so a resend after a crash cannot post twice.
* ``allowed_mentions`` allows exactly the users / roles the cue is meant to reach, nothing else.
* Channels read the production's language, DMs the person's (the cue's ``locale``, fixed when the
  cue was planned). Times are shown in the production's timezone.
* A personal cue whose DM is refused (closed DMs) falls back to the person's department channel,
  mentioning only them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import aiohttp
import discord

from bot.cues import kinds
from bot.cues.engine import DeliveryResult
from bot.domain.crew import Production
from bot.domain.cues import Cue
from bot.i18n import t
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot

log = logging.getLogger(__name__)

#: Discord error codes that will not get better by retrying.
PERMANENT = {10003, 10013, 50001, 50007, 50013, 50035}


def allowed(users: tuple[int, ...] = (), roles: tuple[int, ...] = ()) -> discord.AllowedMentions:
    return discord.AllowedMentions(
        everyone=False,
        users=[discord.Object(u) for u in users] if users else False,
        roles=[discord.Object(r) for r in roles] if roles else False,
        replied_user=False,
    )


class DiscordDelivery:
    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    async def production(self, production_id: int) -> Production | None:
        # Read fresh each time: /production channel may have moved a channel since the cue was planned.
        async with self.bot.db.read() as tx:
            return await ProductionRepo.get(tx, production_id)

    async def deliver(self, cue: Cue, late: bool) -> DeliveryResult:
        prod = await self.production(cue.production_id)
        tz = prod.tz if prod is not None else ZoneInfo(self.bot.settings.timezone)
        try:
            rendered = kinds.render(cue, tz, late=late)
        except LookupError as exc:
            return DeliveryResult.failed(str(exc))
        try:
            if cue.target.channel_id is not None:
                channel = self.bot.get_partial_messageable(cue.target.channel_id)
                message = await channel.send(
                    rendered.content,
                    nonce=cue.nonce,
                    allowed_mentions=allowed(rendered.mention_users + ((cue.target.user_id,) if cue.target.user_id else ()), rendered.mention_roles),
                )
                return DeliveryResult.sent(message.id)
            assert cue.target.user_id is not None
            try:
                dm = await self.bot.create_dm(discord.Object(cue.target.user_id))
                message = await dm.send(rendered.content, nonce=cue.nonce, allowed_mentions=allowed())
                return DeliveryResult.sent(message.id)
            except discord.Forbidden as exc:
                fallback = await self._fallback(cue, prod, rendered.content)
                if fallback is not None:
                    return fallback
                return DeliveryResult.failed(f"{exc.code} {exc.text}")
        except discord.HTTPException as exc:
            return self._classify(exc)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            return DeliveryResult.retry(repr(exc))

    async def _fallback(self, cue: Cue, prod: Production | None, content: str) -> DeliveryResult | None:
        """Closed DMs: mention the person in their department channel instead."""
        department = cue.payload.get("department")
        if prod is None or not department or (channel_id := prod.department_channel(str(department))) is None:
            return None
        uid = cue.target.user_id
        assert uid is not None
        text = t("cues.dm_fallback", prod.language, user=f"<@{uid}>") + "\n" + content
        channel = self.bot.get_partial_messageable(channel_id)
        message = await channel.send(text[:2000], nonce=(cue.nonce + "f")[:25], allowed_mentions=allowed((uid,)))
        return DeliveryResult.sent(message.id)

    @staticmethod
    def _classify(exc: discord.HTTPException) -> DeliveryResult:
        text = f"{exc.status} {exc.code} {exc.text}".strip()
        if exc.code in PERMANENT or exc.status in (400, 401, 403, 404):
            return DeliveryResult.failed(text)
        return DeliveryResult.retry(text)  # 429 beyond discord.py's own retries, 5xx
