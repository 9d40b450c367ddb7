"""Staying under Discord's global rate limit (50 requests per second per bot, interaction endpoints
exempt). discord.py honours every per-route bucket from the response headers, but Discord announces
no global budget before refusing with a global 429, and every 429 counts towards the invalid-request
ban. With many messages in flight (a call sheet to 60 people) the bot therefore paces its own REST
calls to at most ``rate`` per second; below that it never waits.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

GLOBAL_RATE = 45  # a margin under Discord's 50/s


class GlobalPacer:
    def __init__(self, rate: int = GLOBAL_RATE, window: float = 1.0) -> None:
        self.rate = rate
        self.window = window
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            while True:
                now = loop.time()
                while self._sent and now - self._sent[0] >= self.window:
                    self._sent.popleft()
                if len(self._sent) < self.rate:
                    self._sent.append(now)
                    return
                await asyncio.sleep(self.window - (now - self._sent[0]))


def pace(http: Any, pacer: GlobalPacer | None = None) -> GlobalPacer:
    """Wrap ``discord.http.HTTPClient.request`` of this client so every bot-token call takes a slot.
    (Interaction callbacks and followups go through discord.py's webhook adapter: not paced, as
    Discord exempts them.)"""
    pacer = pacer or GlobalPacer()
    original = http.request

    async def request(route: Any, **kwargs: Any) -> Any:
        await pacer.acquire()
        return await original(route, **kwargs)

    http.request = request
    return pacer
