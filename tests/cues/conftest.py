"""A production with a planned shoot day on a real SQLite file, a FakeClock, the real APScheduler
AsyncIOScheduler, and a fake Discord that (like Discord with ``enforce_nonce``) posts a message
once per nonce."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.cues.engine import CueEngine, DeliveryResult
from bot.cues.kinds import render
from bot.cues.liveday import LiveDayService
from bot.domain.crew import validate_production
from bot.domain.cues import Cue
from bot.domain.plan import CastRole, Scene, SetLocation, ShootDay, Walk
from bot.scheduling import make_scheduler
from bot.domain.callsheet import CallRules
from bot.settings import Settings

#: Cue timing is checked here against calls worked out minute by minute (no rounding to 5 minutes,
#: no rehearsal lead); the rules a 统筹 writes calls by are tested in tests/domain/test_callsheet.py.
RAW_CALLS = CallRules(step=1, rehearsal=0)
from db.database import Database
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

SH = ZoneInfo("Asia/Shanghai")
GUILD = 900000000000000001
CHANNELS = {"announcements": 100, "production": 101, "ad": 102, "dept:lighting": 103, "dept:art": 104, "dept:canteen": 105}
LIGHTING, ACTRESS, ART, ACTOR = 1001, 1002, 1003, 1004


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


SETS = [
    SetLocation("Villa", "Building 1", "Heart Road North"),
    SetLocation("Courtroom", "Building 3", "Heart Road South"),
    SetLocation("Hospital", "Building 5", "Ming-Qing Street"),
]
WALKS = [Walk("Villa", "Courtroom", 4), Walk("Courtroom", "Hospital", 10)]


def day_plan(production_id: int, general: datetime = at(6), lunch: datetime | None = at(10), scene2: int = 60) -> ShootDay:
    """06:00 scene 1 (Villa) · 07:00 2 · walk 4 · 08:04 3 (Courtroom) · 09:04 4 · walk 10, lunch · 10:44 5 (Hospital)."""
    return ShootDay(
        production_id=production_id,
        date=general.astimezone(SH).date(),
        day_number=2,
        total_days=6,
        general_call=general,
        supper_start=None,
        lunch_start=lunch,
        lunch_minutes=30,
        scenes=(
            Scene("1", "Villa", 60, cast=(CastRole("林晓", "Lin Xiao", ACTRESS),), position=1),
            Scene("2", "Villa", scene2, position=2),
            Scene("3", "Courtroom", 60, needs={"lighting": "night look", "art": "gavel"}, position=3),
            Scene("4", "Courtroom", 60, cast=(CastRole("Lawyer Chen", "Carter", ACTOR, 60),), position=4),
            Scene("5", "Hospital", 60, cast=(CastRole("Lawyer Chen", "Carter", ACTOR, 60),), position=5),
        ),
    )


@dataclass
class Posted:
    cue_id: int
    key: str
    kind: str
    nonce: str
    channel_id: int | None
    user_id: int | None
    late: bool
    at: datetime
    content: str


@dataclass
class FakeDiscord:
    """``deliver`` for the engine: one message per nonce, like Discord with enforce_nonce."""

    clock: FakeClock
    posted: list[Posted] = field(default_factory=list)
    attempts: int = 0
    by_nonce: dict[str, int] = field(default_factory=dict)
    fail_next: list[DeliveryResult] = field(default_factory=list)
    fail_for: dict[str, DeliveryResult] = field(default_factory=dict)  # by row key: rows sent at once reach deliver in any order
    hang_after_post: bool = False
    hang_before_post: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    remembered: set[str] = field(default_factory=set)  # nonces Discord still de-duplicates
    lookups: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    delay: float = 0.0
    gate: asyncio.Event | None = None  # when set: every send waits for it (a test fills the engine's slots)

    async def deliver(self, cue: Cue, late: bool) -> DeliveryResult:
        self.attempts += 1
        self.changed.set()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._deliver(cue, late)
        finally:
            self.in_flight -= 1

    async def _deliver(self, cue: Cue, late: bool) -> DeliveryResult:
        if self.gate is not None:
            await self.gate.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        if cue.key in self.fail_for:
            return self.fail_for.pop(cue.key)
        if self.fail_next:
            return self.fail_next.pop(0)
        if self.hang_before_post:
            await asyncio.Event().wait()
        if cue.nonce in self.by_nonce and cue.nonce not in self.remembered:
            # Discord forgot the nonce: a second message
            self.posted.append(Posted(cue.id, cue.key, cue.kind, cue.nonce, cue.target.channel_id, cue.target.user_id, late, self.clock.now(), "DUPLICATE"))
        if cue.nonce not in self.by_nonce:
            self.remembered.add(cue.nonce)
            self.by_nonce[cue.nonce] = 5000 + len(self.posted)
            self.posted.append(
                Posted(cue.id, cue.key, cue.kind, cue.nonce, cue.target.channel_id, cue.target.user_id, late, self.clock.now(), render(cue, SH, late=late).content)
            )
            self.changed.set()
        if self.hang_after_post:
            await asyncio.Event().wait()  # the process dies before it can record the send
        return DeliveryResult.sent(self.by_nonce[cue.nonce])

    def forget_nonces(self) -> None:
        """Discord's nonce window ("a few minutes") has passed."""
        self.remembered.clear()

    async def lookup(self, cue: Cue):
        """The channel's history: is there a message for this row?"""
        from bot.cues.result import Found

        self.lookups.append(cue.key)
        if cue.nonce in self.by_nonce:
            return Found(self.by_nonce[cue.nonce], cue.target.channel_id or 1)
        return Found(None, cue.target.channel_id or 1)

    async def wait_attempts(self, count: int, timeout: float = 2.0) -> None:
        async with asyncio.timeout(timeout):
            while self.attempts < count:
                self.changed.clear()
                await self.changed.wait()

    def kinds(self) -> list[str]:
        return [p.kind for p in self.posted]

    def keys(self) -> list[str]:
        return [p.key for p in self.posted]

    async def wait_for(self, count: int, timeout: float = 10.0) -> None:
        """Until ``count`` messages were posted, driven by the real scheduler (no settle)."""
        async with asyncio.timeout(timeout):
            while len(self.posted) < count:
                self.changed.clear()
                await self.changed.wait()


@dataclass
class LiveWorld:
    db: Database
    clock: FakeClock
    scheduler: object
    settings: Settings
    discord: FakeDiscord
    production_id: int
    day_id: int
    engine: CueEngine | None = None
    service: LiveDayService | None = None

    async def start_engine(self, **kw) -> CueEngine:
        self.engine = CueEngine(self.db, self.scheduler, self.clock, self.settings, self.discord.deliver, **kw)
        self.service = LiveDayService(self.db, self.engine, self.clock, self.settings)
        await self.engine.start()
        return self.engine

    async def stop_engine(self) -> None:
        if self.engine is not None:
            await self.engine.stop()

    async def advance(self, **kw) -> None:
        """Move the frozen clock and let every cue that became due go out."""
        self.clock.advance(**kw)
        assert self.engine is not None
        await self.engine.settle()

    async def advance_to(self, when: datetime) -> None:
        self.clock.set(when)
        assert self.engine is not None
        await self.engine.settle()

    async def cues(self):
        from db.repositories.cues import CueRepo

        async with self.db.read() as tx:
            return await CueRepo.for_day(tx, self.day_id)

    async def cue(self, key: str):
        from db.repositories.cues import CueRepo

        async with self.db.read() as tx:
            return await CueRepo.by_key(tx, key)


async def make_world(path: Path, *, start: datetime = at(3), language: str = "zh-CN", plan=day_plan, settings: Settings | None = None) -> LiveWorld:
    db = Database(path)
    await db.open()
    clock = FakeClock(start)
    async with db.transaction() as tx:
        prod = await ProductionRepo.create(tx, validate_production(GUILD, "The CEO's Secret Bride", "CEO1", "Asia/Shanghai", language, 1), clock.now(), CHANNELS)
        assert prod is not None
        await PlanRepo.upsert_sets(tx, prod.id, SETS)
        await PlanRepo.upsert_walks(tx, prod.id, WALKS)
        day = await PlanRepo.save_day(tx, plan(prod.id), clock.now())
        for uid, name, dept, lang in (
            (LIGHTING, "王强", "lighting", "zh-CN"),
            (ACTRESS, "林晓", "cast", "zh-CN"),
            (ART, "黄磊", "art", "zh-CN"),
            (ACTOR, "James Carter", "cast", "en-US"),
        ):
            await CrewRepo.upsert(tx, production_id=prod.id, user_id=uid, display_name=name, department=dept, title=dept, is_head=False, language=lang, dietary="", now=clock.now())
    scheduler = make_scheduler()
    scheduler.start()
    assert day.id is not None
    return LiveWorld(db, clock, scheduler, settings or Settings(call_rules=RAW_CALLS), FakeDiscord(clock), prod.id, day.id)


@pytest.fixture
async def world(tmp_path):
    w = await make_world(tmp_path / "live.db")
    await w.start_engine()
    try:
        yield w
    finally:
        await w.stop_engine()
        w.scheduler.shutdown(wait=False)
        await w.db.close()


def minutes(td: timedelta) -> float:
    return td.total_seconds() / 60
