"""Opening resources and running the bot: the shape of discord.py's examples/advanced_startup.py."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.app import SetCallBot
from bot.clock import Clock, SystemClock
from bot.scheduling import running_scheduler
from bot.settings import Settings
from db.database import Database


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
    if token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_RedactToken(token))


@asynccontextmanager
async def open_bot(settings: Settings, *, clock: Clock | None = None, db_path: Any = None, **bot_options: Any) -> AsyncIterator[SetCallBot]:
    """Database, scheduler and bot, opened in order and closed in reverse."""
    async with Database(db_path or settings.database) as db, running_scheduler() as scheduler:
        async with SetCallBot(db=db, scheduler=scheduler, clock=clock or SystemClock(), settings=settings, **bot_options) as bot:
            yield bot


async def run(settings: Settings, token: str) -> None:
    async with open_bot(settings) as bot:
        await bot.start(token)
