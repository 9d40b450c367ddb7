"""Opening resources and running the bot: the shape of discord.py's examples/advanced_startup.py."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.app import SetCallBot
from bot.clock import Clock, SystemClock
from bot.scheduling import running_scheduler
from bot.settings import Settings
from db.database import Database

log = logging.getLogger(__name__)


class _RedactToken(logging.Filter):
    """Belt and braces: no log line ever carries the token."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "[token]")
            record.args = ()
        return True


def setup_logging(level: str, token: str = "") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it narrates every PDF's font subsetting at INFO
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # and it every cue's alarm (added, run, removed)
    if token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_RedactToken(token))


@asynccontextmanager
async def open_bot(settings: Settings, *, clock: Clock | None = None, db_path: Any = None, **bot_options: Any) -> AsyncIterator[SetCallBot]:
    """Database, scheduler and bot, opened in order and closed in reverse."""
    async with Database(db_path or settings.database) as db, running_scheduler() as scheduler:
        async with SetCallBot(db=db, scheduler=scheduler, clock=clock or SystemClock(), settings=settings, **bot_options) as bot:
            yield bot


async def run(settings: Settings, token: str, *, clock: Clock | None = None, **bot_options: Any) -> None:
    """The body of ``python -m bot run``: open everything, connect, run until closed.

    SIGTERM (systemd, ``docker stop``) closes the bot the way Ctrl-C does: sends in flight finish (up
    to the outbox's stop timeout), the gateway closes, the database closes last; what is still
    pending stays a row for the next start. (A SIGKILL is survived too: the outbox recovers.)"""
    loop = asyncio.get_running_loop()
    async with open_bot(settings, clock=clock, **bot_options) as bot:
        closing: set[asyncio.Task[None]] = set()

        def on_sigterm() -> None:
            log.info("SIGTERM: closing")
            task = loop.create_task(bot.close(), name="setcall-sigterm-close")
            closing.add(task)
            task.add_done_callback(closing.discard)

        try:
            loop.add_signal_handler(signal.SIGTERM, on_sigterm)
            handled = True
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            handled = False
        try:
            await bot.start(token)
        finally:
            if handled:
                loop.remove_signal_handler(signal.SIGTERM)
            if closing:
                await asyncio.gather(*closing, return_exceptions=True)
