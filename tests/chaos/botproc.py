"""A real SetCall bot process for the chaos tests: the production entry point (``bot.runner``) with
the same database, scheduler and discord.py client, pointed at a sandbox over loopback.

    python -m tests.chaos.botproc SETTINGS.json --api http://127.0.0.1:PORT/api/v10 --gateway ws://127.0.0.1:PORT/
        --start 2026-11-22T20:00:00+08:00 --epoch 1764000000.0 [--speed 1]

The clock is continuous across processes (``start`` at wall time ``epoch``, running ``speed`` times
real time), so a bot killed and started again finds the production clock where it would be.
The token comes from ``DISCORD_TOKEN``. The test kills this process with SIGKILL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from datetime import datetime, timedelta

import discord.gateway
import discord.http
import yarl

from bot.clock import ensure_aware
from bot.runner import open_bot, setup_logging
from bot.settings import parse_settings


class ContinuousClock:
    """The production clock shared by every process of a test: ``start`` at Unix time ``epoch``."""

    def __init__(self, start: datetime, epoch: float, speed: float = 1.0) -> None:
        self.start, self.epoch, self.speed = ensure_aware(start), epoch, speed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.time() - self.epoch) * self.speed)

    def wall_delay(self, when: datetime) -> float | None:
        return max(0.0, (ensure_aware(when) - self.now()).total_seconds() / self.speed)

    def add_listener(self, listener) -> None:  # never jumps
        pass

    def remove_listener(self, listener) -> None:
        pass


async def main(args: argparse.Namespace) -> None:
    discord.http.Route.BASE = args.api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(args.gateway)
    with open(args.settings, encoding="utf-8") as fh:
        settings = parse_settings(json.load(fh))
    setup_logging("INFO", os.environ["DISCORD_TOKEN"])
    clock = ContinuousClock(datetime.fromisoformat(args.start), args.epoch, args.speed)
    async with open_bot(settings, clock=clock, guild_ready_timeout=0.05) as bot:
        await bot.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("settings")
    parser.add_argument("--api", required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--epoch", type=float, required=True)
    parser.add_argument("--speed", type=float, default=1.0)
    logging.getLogger("discord").setLevel(logging.WARNING)
    try:
        asyncio.run(main(parser.parse_args()))
    except KeyboardInterrupt:
        sys.exit(0)
