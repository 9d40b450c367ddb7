"""End-to-end fixtures: the sandbox (a local Discord), the studio-park world, and the real bot
(unmodified discord.py client over loopback) on a real SQLite file with the real APScheduler."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.demo.harness import BotHarness
from bot.demo.world import build_world
from bot.sandbox import Sandbox

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def sandbox():
    async with Sandbox() as sb:
        sb.install()
        yield sb


@pytest.fixture
def world(sandbox):
    return build_world(sandbox)


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 11, 22, 20, 0, tzinfo=SH))


@pytest.fixture
def settings(world, tmp_path):
    return world.settings(tmp_path / "e2e.db")


@pytest.fixture
async def harness(sandbox, settings, clock):
    h = BotHarness(sandbox, settings, clock)
    await h.start()
    yield h
    await h.stop()
    assert not sandbox.violations, sandbox.violations


@pytest.fixture
async def production(harness, world):
    """CEO1 created by the AD in the AD office."""
    r = await world.members["ad"].run("production create", {"name": "总裁的契约新娘", "code": "CEO1"}, channel=world.channels["ad-office"])
    assert not r.ephemeral, r.text
    return "CEO1"


async def join_code_of(harness, guild_id: int, code: str = "CEO1") -> str:
    """The join code the AD hands out (what crew type in /crew join code:...)."""
    from db.repositories.productions import ProductionRepo

    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, guild_id, code)
    assert prod is not None and prod.join_code
    return prod.join_code


@pytest.fixture
async def join_code(harness, world, production):
    """CEO1's join code."""
    return await join_code_of(harness, world.guild.id, production)
