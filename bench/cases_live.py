"""The live day's hot path: a /shoot delay re-projects the day and re-times every later cue in one
transaction. Baseline: a bare UPDATE of the same number of cue rows in one transaction."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from itertools import cycle
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite

from bench.__main__ import Case
from bot.clock import FakeClock
from bot.cues import DeliveryResult, create_live_day
from bot.demo.world import PEOPLE
from bot.domain.crew import validate_production
from bot.domain.stripboard import parse_stripboard
from bot.scheduling import running_scheduler
from bot.settings import Settings
from db.database import Database
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

SH = ZoneInfo("Asia/Shanghai")
CAST = {"lead_f", "lead_m", "villain", "support"}
DATA = Path(__file__).resolve().parents[1] / "bot" / "demo" / "data" / "ceo_bride_day1.csv"


async def _nothing(cue, late) -> DeliveryResult:
    return DeliveryResult.sent()


@asynccontextmanager
async def cases() -> AsyncIterator[list[Case]]:
    clock = FakeClock(datetime(2026, 11, 23, 5, 0, tzinfo=SH))
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "live.db") as db, running_scheduler() as scheduler:
            async with db.transaction() as tx:
                prod = await ProductionRepo.create(tx, validate_production(10**17, "Bench", "BEN", "Asia/Shanghai", "zh-CN", 1), clock.now(), {"production": 1, "ad": 2, "dept:lighting": 3, "dept:art": 4})
                for uid, (key, (name, _locale, _roles)) in enumerate(PEOPLE.items(), start=100):
                    dept = "cast" if key in CAST else "lighting"
                    await CrewRepo.upsert(tx, production_id=prod.id, user_id=uid, display_name=name, department=dept, title="x", is_head=False, language="zh-CN", dietary="", now=clock.now())
            async with db.read() as tx:
                crew = await CrewRepo.list(tx, prod.id)
            plan = parse_stripboard(DATA.read_bytes(), DATA.name, production_id=prod.id, tz=SH, crew=crew, known_sets=[])
            async with db.transaction() as tx:
                (day, *_) = await PlanRepo.import_plan(tx, prod.id, plan, clock.now())
            engine, live = create_live_day(db, scheduler, clock, Settings(), _nothing)
            await engine.start()
            await live.sync(prod.id, day.id)
            clock.set(datetime(2026, 11, 23, 6, 0, tzinfo=SH))
            await live.start(prod.id, day.id)
            async with db.read() as tx:
                pending = sum(1 for c in await CueRepo.for_day(tx, day.id) if c.status == "pending")
            steps = cycle((10, -10))

            async def delay() -> None:
                minutes = next(steps)
                if minutes > 0:
                    await live.delay(prod.id, day.id, minutes)
                else:
                    await live.ahead(prod.id, day.id, -minutes)

            async with aiosqlite.connect(Path(tmp) / "bare.db", isolation_level=None) as bare:
                await bare.execute("PRAGMA journal_mode=WAL")
                await bare.execute("CREATE TABLE cues (id INTEGER PRIMARY KEY, due TEXT)")
                await bare.executemany("INSERT INTO cues (due) VALUES (?)", [("2026-11-23T06:00:00+00:00",)] * max(pending, 1))

                async def bare_update() -> None:
                    await bare.execute("BEGIN IMMEDIATE")
                    await bare.execute("UPDATE cues SET due = datetime(due, '+10 minutes')")
                    await bare.execute("COMMIT")

                yield [Case(f"/shoot delay: re-project + re-time ({pending} cues)", delay, bare_update, f"bare UPDATE of {pending} rows", repeat=40)]
            await engine.stop()
