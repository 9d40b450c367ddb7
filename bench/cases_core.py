"""Core paths: time parsing, one user action's transaction, and a slash command round trip."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite
import discord

from bench.__main__ import Case
from bot.clock import FakeClock
from bot.demo.harness import BotHarness
from bot.demo.world import build_world, join_code_in
from bot.domain.crew import validate_production
from bot.domain.timeparse import parse_time
from bot.sandbox import Sandbox
from bot.sandbox.testing import running_client
from db.database import Database
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 22, 20, 0, tzinfo=SH)


@asynccontextmanager
async def cases() -> AsyncIterator[list[Case]]:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        ids = count(1)

        async def parse() -> None:
            parse_time("tomorrow 5:30am", now=NOW, tz=SH)

        async def strptime() -> None:
            datetime.strptime("2026-11-23 05:30", "%Y-%m-%d %H:%M").replace(tzinfo=SH)

        async with Database(tmpdir / "bench.db") as db, aiosqlite.connect(tmpdir / "bare.db", isolation_level=None) as bare:
            await bare.execute("PRAGMA journal_mode=WAL")
            await bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, user_id INTEGER, name TEXT)")
            async with db.transaction() as tx:
                prod = await ProductionRepo.create(tx, validate_production(10**17, "Bench", "BEN", "Asia/Shanghai", "zh-CN", 1), NOW, {})

            async def join() -> None:
                async with db.transaction() as tx:
                    await CrewRepo.upsert(tx, production_id=prod.id, user_id=next(ids), display_name="x", department="lighting", title="Spark", is_head=False, language="zh-CN", dietary="", now=NOW)

            async def bare_insert() -> None:
                await bare.execute("BEGIN IMMEDIATE")
                await bare.execute("INSERT INTO t (user_id, name) VALUES (?, ?)", (next(ids), "x"))
                await bare.execute("COMMIT")

            bare_round_trip = await _bare_round_trip(repeat=60)
            async with Sandbox() as sb:
                sb.install()
                world = build_world(sb)
                harness = BotHarness(sb, world.settings(tmpdir / "e2e.db"), FakeClock(NOW))
                await harness.start()
                try:
                    office = world.channels["ad-office"]
                    made = await world.members["ad"].run("production create", {"name": "Bench", "code": "CEO1"}, channel=office)
                    code = await join_code_in(made)
                    await world.members["spark"].run("crew join", {"title": "Spark", "department": "lighting", "code": code},
                                                     channel=office)

                    async def crew_list() -> None:
                        await world.members["ad"].run("crew list", {}, channel=office)

                    yield [
                        Case("time parse ('tomorrow 5:30am')", parse, strptime, "datetime.strptime", repeat=2000),
                        Case("/crew join transaction (upsert + read back)", join, bare_insert, "bare aiosqlite INSERT", repeat=300),
                        Case("/crew list round trip via sandbox", crew_list, None, "bare discord.py /ping, own sandbox", repeat=60, baseline_seconds=bare_round_trip),
                    ]
                finally:
                    await harness.stop()


async def _bare_round_trip(repeat: int) -> float:
    """Median round trip of /ping answered by a bare discord.py client: the floor for any command."""
    from bench.__main__ import measure

    async with Sandbox() as sb:
        sb.install()
        world = build_world(sb)
        async with running_client(sb, _bare_client(world)):
            await sb.wait_commands_synced(guild_id=world.guild.id, timeout=20)
            office = world.channels["ad-office"]

            async def ping() -> None:
                await world.members["ad"].run("ping", {}, channel=office)

            return await measure(ping, repeat)


def _bare_client(world) -> discord.Client:
    client = discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.05)
    tree = discord.app_commands.CommandTree(client)

    @tree.command(name="ping", description="pong", guild=discord.Object(world.guild.id))
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    async def hook() -> None:
        await tree.sync(guild=discord.Object(world.guild.id))

    client.setup_hook = hook  # type: ignore[method-assign]
    return client
