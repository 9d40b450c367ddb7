"""Chaos fixtures: the sandbox in the test process, and the bot as a real process of its own (the
production entry point, a real SQLite file, the real APScheduler) that a test kills with SIGKILL
at an exact step (the sandbox holds a request before or after handling it) and starts again.

Discord's limits stay on; the sandbox's record (its channels, DMs and request log) is what every
test asserts on: every message delivered exactly once, and the AD told of what could not be."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import ScaledClock
from bot.demo.world import build_world
from bot.sandbox import Sandbox
from tests.e2e.conftest import SH

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 22, 20, 0, tzinfo=SH)


class BotProcess:
    """``python -m tests.chaos.botproc`` (``python -m bot run``'s body against the sandbox): start (until
    its commands are synced and its new gateway session is READY), kill -9, start again."""

    def __init__(self, sb: Sandbox, settings_path: Path, log_path: Path, *, start: datetime = START, speed: float = 1.0) -> None:
        self.sb = sb
        self.settings_path = settings_path
        self.log_path = log_path
        self.start_at = start
        self.epoch = time.time()
        self.speed = speed
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.guild_id: int | None = None

    def clock(self) -> ScaledClock:
        """The production clock the bot process reads (the same arguments give the same time)."""
        return ScaledClock.since(self.start_at, self.epoch, self.speed)

    def clock_now(self) -> datetime:
        return self.clock().now()

    def _ready(self, sessions_before: int, synced_before: int) -> bool:
        fresh = self.sb.gateway.sessions[sessions_before:]
        return (any(s.alive and s.conn is not None and s.ready_flushed for s in fresh)
                and self.sb.command_store.sync_counts.get(self.guild_id, 0) > synced_before)

    async def start(self, timeout: float = 30.0) -> None:
        assert self.proc is None or self.proc.returncode is not None, "already running"
        synced = self.sb.command_store.sync_counts.get(self.guild_id, 0)
        sessions = len(self.sb.gateway.sessions)
        env = {**os.environ, "DISCORD_TOKEN": self.sb.token, "PYTHONUNBUFFERED": "1"}
        with self.log_path.open("ab") as log:
            log.write(f"--- start {self.starts + 1} at {self.clock_now().isoformat()}\n".encode())
            log.flush()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.chaos.botproc", str(self.settings_path), "--api", self.sb.api_base,
                "--gateway", self.sb.gateway_url + "/", "--start", self.start_at.isoformat(), "--epoch", repr(self.epoch),
                "--speed", str(self.speed), "--parent", str(os.getpid()), cwd=ROOT, env=env, stdout=log, stderr=log,
                stdin=asyncio.subprocess.DEVNULL,
            )
        self.starts += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._ready(sessions, synced):
            if self.proc.returncode is not None:
                raise RuntimeError(f"the bot process exited with {self.proc.returncode}:\n{self.log()}")
            if loop.time() > deadline:
                await self.kill()
                raise TimeoutError(f"the bot process was not ready after {timeout}s:\n{self.log()}")
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)  # on_ready runs guild_ready_timeout after the last GUILD_CREATE

    async def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, whatever was in flight stays in flight."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def restart(self) -> None:
        await self.kill()
        await self.start()

    async def stop(self) -> int | None:
        """SIGTERM, as systemd stops it: the bot closes cleanly (SIGKILL if it does not within 10 s).
        Returns the exit code (None: it was not running)."""
        if self.proc is None or self.proc.returncode is not None:
            return None
        self.proc.terminate()
        try:
            await asyncio.wait_for(self.proc.wait(), 10)
        except TimeoutError:
            await self.kill()
        return self.proc.returncode

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""


@pytest.fixture
async def sandbox():
    async with Sandbox() as sb:  # Discord's limits on
        sb.install()
        yield sb


@pytest.fixture
def world(sandbox):
    return build_world(sandbox)


@pytest.fixture
async def bot(sandbox, world, tmp_path, request):
    """The bot as its own process on a real SQLite file; stopped at the end of the test.
    ``@pytest.mark.clock_start(datetime)``: where the production clock starts (default: the evening before)."""
    data = world.settings_data(tmp_path / "chaos.db", extra={"outbox": {"retry_seconds": [1, 2], "publish_wait_seconds": 2}})
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    marker = request.node.get_closest_marker("clock_start")
    proc = BotProcess(sandbox, path, tmp_path / "bot.log", start=marker.args[0] if marker else START)
    proc.guild_id = world.guild.id
    await proc.start()
    try:
        yield proc
    finally:
        code = await proc.stop()
        print(f"--- the bot process's log (last start: {proc.starts}) ---\n{proc.log()}")  # shown when the test fails
    assert code in (0, None), f"SIGTERM did not close the bot cleanly (exit {code})"
    assert not sandbox.internal_errors, sandbox.internal_errors
    assert not sandbox.violations, sandbox.violations
