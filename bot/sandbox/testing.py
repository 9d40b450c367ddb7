"""Helpers to run a real discord.py client against a sandbox in tests and demos."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, AsyncIterator, TypeVar

from .errors import SandboxTimeout

if TYPE_CHECKING:
    import discord

    from .sandbox import Sandbox

ClientT = TypeVar("ClientT", bound="discord.Client")


@contextlib.asynccontextmanager
async def running_client(sb: Sandbox, client: ClientT, *, ready_timeout: float = 10.0,
                         guild_ready_timeout: float | None = 0.05, install: bool = True) -> AsyncIterator[ClientT]:
    """Start ``client.start(sb.token)`` as a task, wait for ``on_ready``, yield the client, close it cleanly.

    ``guild_ready_timeout`` (the client's wait after the last GUILD_CREATE, 2 s by default in discord.py)
    is lowered unless None. If the client fails to start (bad token, sync refused...), its exception is
    raised here.
    """
    if install:
        sb.install()
    if guild_ready_timeout is not None:
        client._connection.guild_ready_timeout = guild_ready_timeout
    task = asyncio.create_task(client.start(sb.token), name="sandbox-client")
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ready_timeout
        while not client.is_ready():
            if task.done():
                task.result()  # raises the client's error
                raise SandboxTimeout("the client stopped before it was ready")
            if loop.time() > deadline:
                raise SandboxTimeout(f"the client was not ready after {ready_timeout}s")
            await asyncio.sleep(0.005)
        yield client
    finally:
        await stop_client(client, task)


async def stop_client(client: discord.Client, task: asyncio.Task[None] | None = None, timeout: float = 5.0) -> None:
    """Close ``client`` and wait for its ``start`` task (if any) to finish; never raises on shutdown."""
    if not client.is_closed():
        await client.close()
    if task is not None:
        try:
            await asyncio.wait_for(task, timeout)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            task.cancel()
        except Exception:  # the client's own failure was already surfaced (or is irrelevant at shutdown)
            pass
