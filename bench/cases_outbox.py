"""The outbox's fan-out: a call sheet's 60 DMs queued as rows in one transaction and sent by the engine
(claimed and marked sent in transactions of their own, up to ``outbox.concurrency`` in flight),
each send taking 20 ms as a Discord round trip would. Baselines: the same 60 sends one after the
other (how publishing worked before the outbox) and 60 bare concurrent sends with no bookkeeping."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.__main__ import Case
from bot.clock import FakeClock
from bot.cues import DeliveryResult, create_live_day, kinds
from bot.domain.crew import validate_production
from bot.domain.cues import CueSpec, Target
from bot.scheduling import running_scheduler
from bot.settings import Settings
from db.database import Database
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo

SH = ZoneInfo("Asia/Shanghai")
PEOPLE = 60
RTT = 0.02  # seconds per Discord request


async def _send(cue, late) -> DeliveryResult:
    await asyncio.sleep(RTT)
    return DeliveryResult.sent(1, channel_id=1)


@asynccontextmanager
async def cases() -> AsyncIterator[list[Case]]:
    kinds.register(kinds.CueKind("bench_dm", kinds.render_message, timely=False), replace=True)
    clock = FakeClock(datetime(2026, 11, 22, 20, 0, tzinfo=SH))
    batch = itertools.count()
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "outbox.db") as db, running_scheduler() as scheduler:
            async with db.transaction() as tx:
                prod = await ProductionRepo.create(tx, validate_production(10**17, "Bench", "BEN", "Asia/Shanghai", "zh-CN", 1), clock.now(), {"ad": 2})
            engine, _ = create_live_day(db, scheduler, clock, Settings(), _send)
            await engine.start()
            payload = kinds.message_payload("📋 Your call: **05:00** at the courtroom")

            async def outbox() -> None:
                n = next(batch)
                async with db.transaction() as tx:
                    ids = [await CueRepo.insert(tx, prod.id, None, CueSpec(f"bench:{n}:{i}", "bench_dm", clock.now(), Target(user_id=1000 + i),
                                                                           "zh-CN", payload, scope="bench"), clock.now())
                           for i in range(PEOPLE)]
                await engine.refresh([i for i in ids if i is not None])
                await engine.wait_done(f"bench:{n}:", timeout=60)

            async def sequential() -> None:
                for _ in range(PEOPLE):
                    await _send(None, False)

            async def bare_concurrent() -> None:
                sem = asyncio.Semaphore(engine.concurrency)

                async def one() -> None:
                    async with sem:
                        await _send(None, False)

                await asyncio.gather(*(one() for _ in range(PEOPLE)))

            try:
                yield [
                    Case(f"outbox: {PEOPLE} DMs as rows, {RTT * 1000:.0f} ms each", outbox, sequential, f"{PEOPLE} sends one after the other", repeat=5),
                    Case(f"outbox: {PEOPLE} DMs as rows (bookkeeping)", outbox, bare_concurrent,
                         f"{PEOPLE} bare sends, {engine.concurrency} at a time", repeat=5),
                ]
            finally:
                await engine.stop()
