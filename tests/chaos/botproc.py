"""The bot process of the chaos tests: the body of ``python -m bot run`` (``bot.runner.run``: the
database, APScheduler, the unmodified discord.py client, SIGTERM closing it cleanly), with only what a
test must change:

* Discord is the test's sandbox (``--api``, ``--gateway``) and the token comes from ``DISCORD_TOKEN``;
* the production clock is ``ScaledClock.since(start, epoch, speed)``, the same in every process of a
  test, so a bot killed and started again finds the clock where it would have been;
* the process dies with the test process (``PR_SET_PDEATHSIG`` on Linux, and a watchdog on the
  parent's pid everywhere): an interrupted or crashed test run never leaves a bot connected.

    python -m tests.chaos.botproc SETTINGS.json --api http://127.0.0.1:PORT/api/v10
        --gateway ws://127.0.0.1:PORT/ --start 2026-11-22T20:00:00+08:00 --epoch 1764000000.0
        [--speed 1] [--parent PID]

``SETTINGS.json`` holds what config.toml would (``parse_settings`` validates it the same way).
Exit codes: 0 closed (SIGTERM, Ctrl-C), 2 bad arguments or settings, 3 the test process is gone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import logging
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

PR_SET_PDEATHSIG = 1
PARENT_GONE = 3


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent and os.getppid() != parent:
        os._exit(PARENT_GONE)


async def watch_parent(parent: int, every: float = 0.5) -> None:
    """Belt and braces (and the only guard where prctl does not exist): leave once re-parented."""
    while True:
        await asyncio.sleep(every)
        if os.getppid() != parent:
            logging.getLogger(__name__).error("the test process %s is gone: exiting", parent)
            os._exit(PARENT_GONE)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.chaos.botproc", description=__doc__.split("\n\n")[0])
    parser.add_argument("settings", type=Path, help="the settings as JSON (what config.toml would hold)")
    parser.add_argument("--api", required=True, help="the sandbox's REST base, e.g. http://127.0.0.1:PORT/api/v10")
    parser.add_argument("--gateway", required=True, help="the sandbox's gateway, e.g. ws://127.0.0.1:PORT/")
    parser.add_argument("--start", required=True, type=datetime.fromisoformat, help="the production clock at --epoch")
    parser.add_argument("--epoch", required=True, type=float, help="wall time (time.time()) when the clock showed --start")
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--parent", type=int, default=0, help="exit when this process (the test) is gone")
    args = parser.parse_args(argv)
    if args.start.tzinfo is None:
        parser.error("--start needs a UTC offset")
    if args.speed <= 0:
        parser.error("--speed must be positive")
    return args


async def main(args: argparse.Namespace) -> int:
    import discord.gateway
    import discord.http
    import yarl

    from bot.clock import ScaledClock
    from bot.runner import run, setup_logging
    from bot.settings import SettingsError, parse_settings

    try:
        settings = parse_settings(json.loads(args.settings.read_text(encoding="utf-8")), base_dir=args.settings.resolve().parent)
        token = settings.token()
    except (OSError, ValueError, SettingsError) as exc:
        for problem in getattr(exc, "problems", None) or [str(exc)]:
            print(problem, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, token)
    logging.getLogger("discord").setLevel(logging.WARNING)
    # the sandbox instead of discord.com (read when each Route is built, and at connect)
    discord.http.Route.BASE = args.api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(args.gateway)
    watchdog = asyncio.create_task(watch_parent(args.parent)) if args.parent else None
    try:
        await run(settings, token, clock=ScaledClock.since(args.start, args.epoch, args.speed), guild_ready_timeout=0.05)
    finally:
        if watchdog is not None:
            watchdog.cancel()
    return 0


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.parent:
        die_with_parent(arguments.parent)
    try:
        sys.exit(asyncio.run(main(arguments)))
    except KeyboardInterrupt:
        sys.exit(0)
