"""The Discord side of the outbox (core, shared by every feature that sends on its own): post one row
to its channel or DM, and after a crash find out whether a row already went out.

* Every post carries the row's ``nonce`` (discord.py sends ``enforce_nonce`` with it), the same on
  every attempt, so a resend within Discord's few-minute window cannot post twice; beyond it,
  :meth:`DiscordDelivery.lookup` reads the channel's history since the claim.
* Permissions are checked from the gateway cache before anything is sent: a channel where the bot
  cannot view or send (or attach a file it must attach) fails at once, naming what is missing,
  without spending one of Discord's counted invalid requests; where it may not embed links, the
  message goes out as plain text instead.
* DMs are opened by user id (no ``fetch_user``). Discord's "opening DMs too fast" (403, 40003)
  pauses opening new DMs for a back-off and hands the row back as *throttled*; only 50007 means
  the person's DMs are closed.
* ``allowed_mentions`` allows exactly the users / roles the row is meant to reach, nothing else.
* A row whose rendering says ``edit_of`` edits the message that row posted (a live board) instead of
  posting: it waits while that row is still going out and is dropped if it never went out.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import aiohttp
import discord

from bot.cues import kinds
from bot.cues.result import DeliveryResult, Found
from bot.domain.cues import Cue
from bot.domain.outbox import DM_THROTTLED, MISSING_PERMISSIONS, classify, describe, embeds_as_text, fingerprint
from bot.domain.crew import Production
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot

log = logging.getLogger(__name__)

#: Discord error codes that will not get better by retrying (kept for callers that sort errors).
PERMANENT = {10003, 10013, 50001, 50007, 50013, 50035}
STYLES = {"primary": discord.ButtonStyle.primary, "secondary": discord.ButtonStyle.secondary,
          "success": discord.ButtonStyle.success, "danger": discord.ButtonStyle.danger}
HISTORY_LIMIT = 200  # messages read after the claim when looking for one that may have gone out
DM_SPACING = 0.25  # seconds between new DM channels after Discord's first 40003
MAX_DM_WAIT = 2.0  # a row waits this long for its turn to open a DM; beyond, the outbox holds it


def allowed(users: tuple[int, ...] = (), roles: tuple[int, ...] = ()) -> discord.AllowedMentions:
    return discord.AllowedMentions(
        everyone=False,
        users=[discord.Object(u) for u in users] if users else False,
        roles=[discord.Object(r) for r in roles] if roles else False,
        replied_user=False,
    )


class _StaticButton(discord.ui.Button):
    """A button sent as a component only: its clicks are handled by a persistent ``DynamicItem``
    (registered by the feature), so the view is not kept in discord.py's view store."""

    def is_dispatchable(self) -> bool:
        return False


def _view(rendered: kinds.Rendered) -> discord.ui.View | None:
    if not rendered.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for b in rendered.buttons:
        view.add_item(_StaticButton(custom_id=b.custom_id, label=b.label, style=STYLES.get(b.style, discord.ButtonStyle.secondary),
                                    disabled=b.disabled))
    return view


def from_http(exc: discord.HTTPException) -> DeliveryResult:
    """Sort Discord's refusal: throttled (429 after discord.py's retries, 40003), retry (5xx) or failed."""
    status, code = exc.status, exc.code
    text = describe(status, code, exc.text or "")
    verdict = classify(status, code)
    if verdict == "throttled":
        after = None
        response = getattr(exc, "response", None)
        if status == 429 and response is not None:
            raw = response.headers.get("X-RateLimit-Reset-After") or response.headers.get("Retry-After")
            try:
                after = float(raw) if raw else None
            except ValueError:
                after = None
        return DeliveryResult.throttled(text, after=after, status=status, code=code)
    if verdict == "retry":
        return DeliveryResult.retry(text, status=status, code=code)
    return DeliveryResult.failed(text, status=status, code=code)


class DiscordDelivery:
    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot
        self._dm_gate = 0.0  # loop time before which no new DM is opened (after Discord said 40003)
        self._dm_spacing = 0.0  # seconds between new DM opens since the last 40003 (0: no pacing)
        self._dm_calm_since = 0.0
        self._dm_lock = asyncio.Lock()  # new DM channels are opened one at a time (messages still go out in parallel)

    async def production(self, production_id: int) -> Production | None:
        # Read fresh each time: /production channel may have moved a channel since the row was queued.
        async with self.bot.db.read() as tx:
            return await ProductionRepo.get(tx, production_id)

    async def _rendered(self, cue: Cue, late: bool) -> kinds.Rendered:
        prod = await self.production(cue.production_id)
        tz = prod.tz if prod is not None else ZoneInfo(self.bot.settings.timezone)
        return kinds.render(cue, tz, late=late)

    # --------------------------------------------------------------------------- sending

    async def deliver(self, cue: Cue, late: bool) -> DeliveryResult:
        try:
            rendered = await self._rendered(cue, late)
        except LookupError as exc:
            return DeliveryResult.failed(str(exc))
        try:
            if rendered.edit_of is not None:
                return await self._edit(cue, rendered)
            if cue.target.channel_id is not None:
                return await self._to_channel(cue, rendered)
            return await self._to_dm(cue, rendered)
        except discord.RateLimited as exc:
            return DeliveryResult.throttled(f"429 rate limited for {exc.retry_after:.1f}s", after=exc.retry_after, status=429)
        except discord.HTTPException as exc:
            return from_http(exc)
        except kinds.FileUnavailable as exc:
            return DeliveryResult.failed(str(exc), channel_id=cue.target.channel_id)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            return DeliveryResult.retry(repr(exc))

    async def _kwargs(self, cue: Cue, rendered: kinds.Rendered, *, plain: bool) -> dict:
        users = rendered.mention_users + ((cue.target.user_id,) if cue.target.user_id and cue.target.channel_id else ())
        if plain:
            kwargs: dict = {"content": embeds_as_text(rendered.content, rendered.embeds, more=rendered.plain_more) or None, "embeds": []}
        else:
            kwargs = {"content": rendered.content or None, "embeds": [discord.Embed.from_dict(dict(e)) for e in rendered.embeds]}
        kwargs["files"] = [discord.File(io.BytesIO(await kinds.file_bytes(f)), filename=f.filename) for f in rendered.files]
        kwargs["nonce"] = cue.nonce
        kwargs["allowed_mentions"] = allowed(tuple(dict.fromkeys(users)), rendered.mention_roles)
        if (view := _view(rendered)) is not None:
            kwargs["view"] = view
        return kwargs

    async def _to_channel(self, cue: Cue, rendered: kinds.Rendered) -> DeliveryResult:
        cid = cue.target.channel_id
        assert cid is not None
        channel = self.bot.get_channel(cid)
        plain = False
        if isinstance(channel, discord.abc.GuildChannel) and channel.guild.me is not None:
            perms = channel.permissions_for(channel.guild.me)
            missing = [p for p in ("view_channel", "send_messages") if not getattr(perms, p)]
            if rendered.files and not perms.attach_files:
                missing.append("attach_files")
            if missing:  # Discord would refuse: do not spend one of its counted invalid requests
                return DeliveryResult.failed(describe(403, MISSING_PERMISSIONS, "Missing Permissions: " + ", ".join(missing)),
                                             status=403, code=MISSING_PERMISSIONS, missing=tuple(missing), channel_id=cid)
            plain = bool(rendered.embeds) and not perms.embed_links
        target = channel if isinstance(channel, discord.abc.Messageable) else self.bot.get_partial_messageable(cid)
        try:
            message = await target.send(**await self._kwargs(cue, rendered, plain=plain))
        except discord.Forbidden as exc:
            if exc.code == MISSING_PERMISSIONS and rendered.embeds and not plain:
                # our cache was stale and Embed Links is gone: the plain-text rendering instead
                message = await target.send(**await self._kwargs(cue, rendered, plain=True))
                return DeliveryResult.sent(message.id, channel_id=cid, plain=True)
            raise
        return DeliveryResult.sent(message.id, channel_id=cid, plain=plain)

    async def _edit(self, cue: Cue, rendered: kinds.Rendered) -> DeliveryResult:
        """Edit the message row ``rendered.edit_of`` posted (same content rules as posting it)."""
        async with self.bot.db.read() as tx:
            original = await CueRepo.get(tx, rendered.edit_of)  # type: ignore[arg-type]
        if original is None or original.status in ("cancelled", "skipped", "failed"):
            return DeliveryResult.dropped("the message to edit was never posted")
        if original.status != "sent":
            return DeliveryResult.retry("the message to edit has not gone out yet")
        cid = original.sent_channel_id or original.target.channel_id
        if original.message_id is None or cid is None:
            return DeliveryResult.dropped("the message to edit is unknown")
        channel = self.bot.get_channel(cid)
        plain = False
        if isinstance(channel, discord.abc.GuildChannel) and channel.guild.me is not None:
            perms = channel.permissions_for(channel.guild.me)
            if not perms.view_channel:
                return DeliveryResult.failed(describe(403, MISSING_PERMISSIONS, "Missing Permissions: view_channel"),
                                             status=403, code=MISSING_PERMISSIONS, missing=("view_channel",), channel_id=cid)
            plain = bool(rendered.embeds) and not perms.embed_links
        kwargs = await self._kwargs(cue, rendered, plain=plain)
        for key in ("nonce", "files"):
            kwargs.pop(key, None)
        kwargs.setdefault("view", None)
        message = self.bot.get_partial_messageable(cid).get_partial_message(original.message_id)
        await message.edit(**kwargs)
        return DeliveryResult.sent(original.message_id, channel_id=cid, plain=plain)

    def _cached_dm(self, user_id: int) -> discord.DMChannel | None:
        for channel in self.bot.private_channels:
            if isinstance(channel, discord.DMChannel) and channel.recipient is not None and channel.recipient.id == user_id:
                return channel
        return None

    async def _open_dm(self, user_id: int) -> discord.DMChannel | DeliveryResult:
        """The DM channel (by id, no user fetch), or a throttled result while Discord says 40003.

        New DM channels are opened one at a time. Discord announces no budget for them, only a 403
        with code 40003 once the bot opens them too fast: then new DMs are spaced out (0.25 s,
        doubling on every further 40003 up to 30 s, easing off again with every DM that opens), so
        one throttle is followed by a steady pace, not by more refusals. A row whose turn is more
        than a couple of seconds away is handed back as throttled (the outbox holds it)."""
        if (dm := self._cached_dm(user_id)) is not None:
            return dm
        loop = asyncio.get_running_loop()
        async with self._dm_lock:
            if (dm := self._cached_dm(user_id)) is not None:
                return dm
            wait = self._dm_gate - loop.time()
            if wait > MAX_DM_WAIT:
                return DeliveryResult.throttled(f"403 {DM_THROTTLED} opening DMs paused for {wait:.1f}s", after=wait, status=403,
                                                code=DM_THROTTLED)
            if wait > 0:
                await asyncio.sleep(wait)  # our turn in the paced queue of new DMs
            if self._dm_spacing and loop.time() - self._dm_calm_since > 60.0:
                self._dm_spacing = 0.0
            try:
                dm = await self.bot.create_dm(discord.Object(user_id))
            except discord.Forbidden as exc:
                if exc.code != DM_THROTTLED:
                    raise
                self._dm_spacing = min(30.0, self._dm_spacing * 2 if self._dm_spacing else DM_SPACING)
                self._dm_gate = loop.time() + self._dm_spacing
                self._dm_calm_since = loop.time()
                log.info("Discord: opening DMs too fast (40003); spacing new DMs %.2f s apart for a while", self._dm_spacing)
                return DeliveryResult.throttled(describe(exc.status, exc.code, exc.text or ""), after=self._dm_spacing,
                                                status=exc.status, code=exc.code)
            if self._dm_spacing:
                self._dm_gate = loop.time() + self._dm_spacing
                self._dm_spacing = max(DM_SPACING, self._dm_spacing * 0.8)
            return dm

    async def _to_dm(self, cue: Cue, rendered: kinds.Rendered) -> DeliveryResult:
        assert cue.target.user_id is not None
        dm = await self._open_dm(cue.target.user_id)
        if isinstance(dm, DeliveryResult):
            return dm
        message = await dm.send(**await self._kwargs(cue, rendered, plain=False))
        return DeliveryResult.sent(message.id, channel_id=dm.id)

    # --------------------------------------------------------------------------- after a crash

    async def lookup(self, cue: Cue) -> Found:
        """Did this row, interrupted mid-send, reach Discord? Reads the channel's history since the
        claim for a message of the bot with the row's nonce or the same text (Discord does not
        return nonces in history). ``checked=False`` when the history cannot be read."""
        if cue.claimed_wall is None or self.bot.user is None:
            return Found(checked=False)
        try:
            if (await self._rendered(cue, cue.late)).edit_of is not None:
                return Found(None, cue.target.channel_id)  # an edit: applying it again is harmless
            if cue.target.channel_id is not None:
                channel = self.bot.get_channel(cue.target.channel_id)
                if isinstance(channel, discord.abc.GuildChannel) and channel.guild.me is not None:
                    perms = channel.permissions_for(channel.guild.me)
                    if not (perms.view_channel and perms.read_message_history):
                        return Found(checked=False)  # Discord would answer with an empty history
                target = channel if isinstance(channel, discord.abc.Messageable) else self.bot.get_partial_messageable(cue.target.channel_id)
            else:
                assert cue.target.user_id is not None
                opened = await self._open_dm(cue.target.user_id)
                if isinstance(opened, DeliveryResult):
                    return Found(checked=False)
                target = opened
            rendered = await self._rendered(cue, cue.late)
            prints = {fingerprint(rendered.content, rendered.embeds),
                      fingerprint(embeds_as_text(rendered.content, rendered.embeds, more=rendered.plain_more) if rendered.embeds else rendered.content)}
            since = datetime.fromtimestamp(cue.claimed_wall - 5, UTC)
            me = self.bot.user.id
            async for msg in target.history(limit=HISTORY_LIMIT, after=since, oldest_first=True):
                if msg.author.id != me:
                    continue
                if (msg.nonce is not None and str(msg.nonce) == cue.nonce) or fingerprint(msg.content, [e.to_dict() for e in msg.embeds]) in prints:
                    return Found(msg.id, msg.channel.id)
            return Found(None, getattr(target, "id", None))
        except (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError, OSError, LookupError) as exc:
            log.warning("outbox row %s: could not read Discord's history: %r", cue.id, exc)
            return Found(checked=False)
