"""Discord's rate limits, as strictly as Discord applies them (on by default).

* **Per-route buckets** (a fixed window per route and major parameter: channel, guild, webhook),
  announced on every answer with ``X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket``; a
  request over the limit gets 429 with ``Via``, ``Retry-After``, ``X-RateLimit-Scope: user`` and a
  JSON body ``{message, retry_after, global, code}``. Creating messages is limited per channel
  (5 per 5 s), as on Discord.
* **The global limit**: 50 requests per second per bot, interaction endpoints exempt; over it,
  429 with ``X-RateLimit-Global: true`` and ``X-RateLimit-Scope: global``.
* **Opening DMs too fast**: new DM channels are allowed in a burst and then at a steady rate;
  beyond that ``POST /users/@me/channels`` answers 403 with code 40003 (not a 429). Discord does
  not publish these numbers; the sandbox allows a burst of 12, then 5 per second.
* **Invalid requests** (401, 403, and 429 except ``shared`` ones) are counted; 10,000 in 10 minutes
  and every request is refused the way Cloudflare does (429 with an HTML body and no ``Via``).

Discord does not publish every bucket's numbers; the ones below are what its headers advertise
for these routes (per-channel message creation 5/5 s, global 50/s). :meth:`RateLimits.relax` keeps
the headers but lifts the limits, for a test that is not about them; the invalid-request count
stays on.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .errors import DiscordHTTPError
from .util import json_response

#: (method, route template) -> (requests, window seconds); the bucket is per major parameter.
ROUTE_LIMITS: dict[tuple[str, str], tuple[int, float]] = {
    ("POST", "/channels/{channel_id}/messages"): (5, 5.0),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"): (5, 5.0),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}"): (5, 1.0),
    ("GET", "/channels/{channel_id}/messages"): (5, 5.0),
    ("POST", "/users/@me/channels"): (30, 1.0),
    ("POST", "/webhooks/{application_id}/{token}"): (5, 2.0),
    ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}"): (5, 2.0),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"): (5, 20.0),
    ("PUT", "/applications/{application_id}/commands"): (5, 20.0),
}
DEFAULT_LIMIT = (10, 1.0)  # routes Discord buckets more loosely than the ones above
GLOBAL_LIMIT = 50  # requests per second per bot (interaction endpoints exempt)
INVALID_LIMIT = 10_000  # invalid requests in INVALID_WINDOW seconds before the ban
INVALID_WINDOW = 600.0
BAN_SECONDS = 3600.0
DM_OPEN_BURST = 12  # new DM channels opened in a burst before Discord says 40003
DM_OPEN_RATE = 5.0  # new DM channels per second after the burst
RELAXED_LIMIT = 1000
MAJOR = ("channel_id", "guild_id", "webhook_id", "application_id", "token", "interaction_id")
EXEMPT = ("/interactions/", "/webhooks/")


@dataclass
class Bucket:
    key: str
    hash: str
    limit: int
    window: float
    remaining: int
    reset_at: float  # monotonic

    def headers(self, now: float) -> dict[str, str]:
        after = max(0.0, self.reset_at - now)
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.remaining)),
            "X-RateLimit-Reset": f"{time.time() + after:.3f}",
            "X-RateLimit-Reset-After": f"{after:.3f}",
            "X-RateLimit-Bucket": self.hash,
        }


def too_many(retry_after: float, *, scope: str, bucket: Bucket | None = None, now: float = 0.0, global_: bool = False) -> web.Response:
    """Discord's 429 as discord.py reads it (Via header, JSON body with retry_after)."""
    headers = {"Via": "1.1 google", "Retry-After": str(max(1, math.ceil(retry_after))), "X-RateLimit-Scope": scope}
    if bucket is not None:
        headers.update(bucket.headers(now))
    if global_:
        headers["X-RateLimit-Global"] = "true"
    body = {"message": "You are being rate limited.", "retry_after": round(retry_after, 3), "global": global_, "code": 0}
    return json_response(body, 429, headers)


def banned() -> web.Response:
    """What Cloudflare answers a bot that made too many invalid requests: no ``Via``, not JSON."""
    return web.Response(status=429, text="error code: 1015", content_type="text/html")


class RateLimits:
    """The sandbox's rate limits. ``record`` (``(kind, detail)``) is told of every refusal."""

    def __init__(self, *, enabled: bool = True, clock: Callable[[], float] = time.monotonic,
                 record: Callable[[str, str], None] | None = None) -> None:
        self.enabled = enabled
        self.clock = clock
        self.record = record or (lambda kind, detail: None)
        self.route_limits = dict(ROUTE_LIMITS)
        self.default_limit = DEFAULT_LIMIT
        self.global_limit = GLOBAL_LIMIT
        self.invalid_limit = INVALID_LIMIT
        self.invalid_window = INVALID_WINDOW
        self.ban_seconds = BAN_SECONDS
        self.dm_open_burst = DM_OPEN_BURST
        self.dm_open_rate = DM_OPEN_RATE
        self.buckets: dict[str, Bucket] = {}
        self._global: deque[float] = deque()
        self.invalid: deque[float] = deque()
        self.banned_until = 0.0
        self._dm_tokens = float(DM_OPEN_BURST)
        self._dm_at = clock()
        self.refused: list[tuple[str, str]] = []  # (kind, what): "route" | "global" | "dm_open" | "banned"

    # --- knobs --------------------------------------------------------------------------------------
    def relax(self) -> None:
        """Keep the headers, lift the limits (a test that is not about rate limits). Invalid requests still count."""
        self.enabled = False

    def strict(self) -> None:
        self.enabled = True

    # --- per request --------------------------------------------------------------------------------
    def _bucket(self, method: str, template: str, match: Mapping[str, str]) -> Bucket:
        limit, window = self.route_limits.get((method, template), self.default_limit)
        if not self.enabled:
            limit = max(limit, RELAXED_LIMIT)
        major = "+".join(f"{k}={match[k]}" for k in MAJOR if k in match)
        key = f"{method} {template} {major}"
        bucket = self.buckets.get(key)
        now = self.clock()
        if bucket is None or now >= bucket.reset_at or bucket.limit != limit:
            digest = hashlib.md5(f"{method} {template}".encode()).hexdigest()[:16]
            bucket = Bucket(key, digest, limit, window, limit, now + window)
            self.buckets[key] = bucket
        return bucket

    def before(self, method: str, template: str, path: str, match: Mapping[str, str]) -> tuple[Bucket | None, web.Response | None]:
        """The request's bucket, or the 429 to answer instead of handling it."""
        now = self.clock()
        if now < self.banned_until:
            self.refused.append(("banned", f"{method} {path}"))
            return None, banned()
        bucket = self._bucket(method, template, match)
        if self.enabled and not path.startswith(EXEMPT):
            while self._global and now - self._global[0] >= 1.0:
                self._global.popleft()
            if len(self._global) >= self.global_limit:
                retry = 1.0 - (now - self._global[0])
                self.refused.append(("global", f"{method} {path}"))
                self.record("ratelimit", f"429 global rate limit on {method} {path} (retry after {retry:.2f}s)")
                return bucket, too_many(retry, scope="global", now=now, global_=True)
            self._global.append(now)
        if bucket.remaining <= 0:
            retry = max(0.0, bucket.reset_at - now)
            self.refused.append(("route", f"{method} {path}"))
            self.record("ratelimit", f"429 on {method} {path}: bucket {bucket.limit}/{bucket.window:g}s exhausted (retry after {retry:.2f}s)")
            return bucket, too_many(retry, scope="user", bucket=bucket, now=now)
        bucket.remaining -= 1
        return bucket, None

    def headers(self, bucket: Bucket | None) -> dict[str, str]:
        return bucket.headers(self.clock()) if bucket is not None else {}

    def after(self, status: int, response: web.StreamResponse) -> None:
        """Count invalid requests (401, 403, 429 but shared ones); too many and the bot is banned."""
        if status not in (401, 403, 429) or response.headers.get("X-RateLimit-Scope") == "shared":
            return
        now = self.clock()
        self.invalid.append(now)
        while self.invalid and now - self.invalid[0] >= self.invalid_window:
            self.invalid.popleft()
        if len(self.invalid) >= self.invalid_limit and now >= self.banned_until:
            self.banned_until = now + self.ban_seconds
            self.record("ratelimit", f"{len(self.invalid)} invalid requests in {self.invalid_window:g}s: banned for {self.ban_seconds:g}s")

    # --- DMs ----------------------------------------------------------------------------------------
    def open_dm(self) -> None:
        """A new DM channel is about to be created: Discord's anti-spam says 40003 beyond the burst."""
        if not self.enabled:
            return
        now = self.clock()
        self._dm_tokens = min(float(self.dm_open_burst), self._dm_tokens + (now - self._dm_at) * self.dm_open_rate)
        self._dm_at = now
        if self._dm_tokens < 1.0:
            self.refused.append(("dm_open", "POST /users/@me/channels"))
            raise DiscordHTTPError(403, 40003, "You are opening direct messages too fast.")
        self._dm_tokens -= 1.0

    def snapshot(self) -> dict[str, Any]:
        return {"buckets": len(self.buckets), "invalid": len(self.invalid), "banned": self.clock() < self.banned_until,
                "refused": list(self.refused)}
