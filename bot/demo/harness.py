"""Run the real bot against the sandbox: start, stop, restart (same database, same sandbox)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

from bot.app import SetCallBot
from bot.clock import Clock
from bot.sandbox import Sandbox
from bot.scheduling import make_scheduler
from bot.settings import Settings
from db.database import Database


class BotHarness:
    """One running SetCallBot connected to a sandbox; ``restart()`` is a crash-free process restart."""

    def __init__(self, sb: Sandbox, settings: Settings, clock: Clock, *, db_path: Path | None = None, **bot_options: Any) -> None:
        self.sb = sb
        self.settings = settings
        self.clock = clock
        self.db_path = Path(db_path or settings.database)
        self.bot_options = bot_options
        self.bot: SetCallBot | None = None
        self._task: asyncio.Task[None] | None = None
        self._db: Database | None = None
        self._scheduler = None

    async def start(self) -> SetCallBot:
        self._db = Database(self.db_path)
        await self._db.open()
        self._scheduler = make_scheduler()
        self._scheduler.start()
        options = {"guild_ready_timeout": 0.05, **self.bot_options}
        self.bot = SetCallBot(db=self._db, scheduler=self._scheduler, clock=self.clock, settings=self.settings, **options)
        self._task = asyncio.create_task(self.bot.start(self.sb.token), name="setcall-bot")
        self.sb.bot_handlers = self
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while not self.bot.is_ready():
            if self._task.done():
                self._task.result()  # raises the start-up error
                raise RuntimeError("the bot stopped before it was ready")
            if loop.time() > deadline:
                raise TimeoutError("bot did not become ready")
            await asyncio.sleep(0.01)
        for guild_id in self.settings.guilds:
            await self.sb.wait_commands_synced(guild_id=guild_id, timeout=20)
        # on_ready's permission check runs after is_ready(): what it tells the AD is queued before a
        # caller's next settle() looks at the outbox
        await asyncio.wait_for(self.bot.checked_at_start.wait(), 20)
        return self.bot

    def running(self) -> frozenset[object]:
        """The bot's interaction handlers running now (the sandbox's ``BotHandlers``)."""
        return frozenset(self.bot.interactions_in_flight()) if self.bot is not None else frozenset()

    async def finished(self, before: frozenset[object], timeout: float) -> None:
        """Until every interaction handler not in ``before`` has finished (its answer reached
        Discord, but the handler goes on: it hears back, registers the view or modal it sent,
        marks an AD action answered, sends the AD's lists); at most ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (tasks := self.running() - before) and loop.time() < deadline:
            await asyncio.wait(tasks, timeout=deadline - loop.time())

    async def stop(self) -> None:
        self.sb.bot_handlers = None
        if self.bot is not None:
            await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, timeout=10)
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        if self._db is not None:
            await self._db.close()
        self.bot = self._task = self._db = self._scheduler = None

    async def restart(self) -> SetCallBot:
        await self.stop()
        return await self.start()

    async def __aenter__(self) -> SetCallBot:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
