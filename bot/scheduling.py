"""APScheduler as an alarm clock: memory job store, UTC, no pickling, started and shut down cleanly.

Never rely on APScheduler's default one-second misfire grace: jobs are created with
``misfire_grace_time=None`` (always run, however late) and the cue table decides what is late.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def make_scheduler() -> AsyncIOScheduler:
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


@asynccontextmanager
async def running_scheduler() -> AsyncIterator[AsyncIOScheduler]:
    scheduler = make_scheduler()
    scheduler.start()
    try:
        yield scheduler
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
