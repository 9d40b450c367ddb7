"""End-to-end fixtures: the sandbox (a local Discord), the studio-park world, and the real bot
(unmodified discord.py client over loopback) on a real SQLite file with the real APScheduler."""

import re
from datetime import date, datetime
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


async def assert_sent_only_through_the_outbox(sandbox, db) -> None:
    """Nothing the bot sends on its own bypasses the outbox: every message it posted outside an
    interaction (channel posts, DMs) carries a row's nonce or is the message a row recorded, and
    every message it edited outside one is a row's message."""
    from db.repositories.cues import CueRepo

    async with db.read() as tx:
        posted, nonces = await CueRepo.posted_messages(tx)
    me = sandbox.bot_user_id
    direct = [f"#{ch.name}: {m.content[:80]!r}" for ch in sandbox.channels.values() for m in ch.messages
              if m.author_id == me and not m.interaction_owned and m.id not in posted and str(m.nonce) not in nonces]
    edits = [q.path for q in sandbox.requests
             if q.method == "PATCH" and (e := re.fullmatch(r"/channels/\d+/messages/(\d+)", q.path)) and int(e.group(1)) not in posted]
    assert not direct and not edits, ("sent around the outbox", direct, edits)


@pytest.fixture
async def harness(sandbox, settings, clock):
    h = BotHarness(sandbox, settings, clock)
    await h.start()
    yield h
    if h.bot is not None:
        await assert_sent_only_through_the_outbox(sandbox, h.bot.db)
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


#: (department, title, head, language) per member key: how most e2e tests list the crew that joins.
Joins = dict[str, tuple[str, str, bool, str]]


async def open_production(world, sandbox, harness, *, joins: Joins | dict[str, dict], plan_csv: str | None = None,
                          day: date | None = None, scenes: int = 0, language: str | None = None,
                          file_name: str = "plan.csv", sync: bool = True):
    """What every live-day test starts from: the AD creates CEO1 in the AD office (optionally in
    ``language``), the crew join with its join code, the AD imports ``plan_csv`` and the bot plans
    ``day``'s cues (as publishing or the next start-up would). Returns (production, shoot day or None)."""
    from bot.demo.world import PRODUCTION_CODE
    from db.repositories.plan import PlanRepo
    from db.repositories.productions import ProductionRepo

    office = world.channels["ad-office"]
    options = {"name": "总裁的契约新娘", "code": PRODUCTION_CODE}
    if language:
        options["language"] = language
    r = await world.members["ad"].run("production create", options, channel=office)
    assert not r.ephemeral, r.text
    code = await join_code_of(harness, world.guild.id, PRODUCTION_CODE)
    for key, join in joins.items():
        if not isinstance(join, dict):
            dept, title, head, lang = join
            join = {"title": title, "department": dept, "head": head, "language": lang}
        r = await world.members[key].run("crew join", {**join, "code": code}, channel=office)
        assert r.ephemeral, r.text
    bot = harness.bot
    async with bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, PRODUCTION_CODE)
    if plan_csv is None:
        return prod, None
    r = await world.members["ad"].run("plan import", {"file": sandbox.attachment(file_name, plan_csv.encode("utf-8"))}, channel=office, timeout=30)
    await r.wait_done(30)
    async with bot.db.read() as tx:
        shoot_day = await PlanRepo.day(tx, prod.id, day)
    assert shoot_day is not None and len(shoot_day.scenes) == scenes, r.text
    if sync:
        await bot.liveday.sync(prod.id, shoot_day.id)
    return prod, shoot_day
