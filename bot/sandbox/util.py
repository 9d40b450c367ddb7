"""Small helpers: snowflakes, timestamps, JSON responses the way discord.py reads them."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timezone
from typing import Any, Callable

from aiohttp import web

DISCORD_EPOCH_MS = 1420070400000


class SnowflakeGenerator:
    """Time-based, strictly increasing snowflakes (so ``created_at`` and ordering behave)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max(now_ms << 22, self._last + 1)
        self._last = value
        return value


def snowflake_time(snowflake: int) -> datetime:
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=timezone.utc)


def iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """discord.py parses JSON only when Content-Type is exactly ``application/json`` (no charset)."""
    response = web.Response(body=json.dumps(data).encode("utf-8"), status=status)
    response.headers["Content-Type"] = "application/json"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def sid(value: int | None) -> str | None:
    """Snowflake as Discord sends it (string)."""
    return None if value is None else str(value)


async def wait_until(predicate: Callable[[], bool], timeout: float, what: str, interval: float = 0.01) -> None:
    """Poll ``predicate`` until true; raise :class:`SandboxTimeout` with ``what`` after ``timeout`` s."""
    from .errors import SandboxTimeout

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() >= deadline:
            raise SandboxTimeout(f"timed out after {timeout:.1f}s waiting for {what}")
        await asyncio.sleep(interval)
