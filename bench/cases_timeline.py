"""The live projection's growth with the day: re-projecting a 400-scene day against re-projecting a
100-scene day four times. Linear re-timing keeps the ratio near 1.0x; a quadratic step (the old
``day.scenes.index`` sort key) shows as ~4x. The actors change costume or look between most scenes,
so the change time (``bot.domain.looks``, read once per scene) is part of what is measured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.__main__ import Case
from bot.domain import progress as P
from bot.domain.plan import CastRole, Scene, ShootDay, Walk

SH = ZoneInfo("Asia/Shanghai")
CALL = datetime(2026, 11, 23, 6, 0, tzinfo=SH)
WALKS = [Walk("Villa", "Courtroom", 4), Walk("Courtroom", "Villa", 4)]
CAST = (CastRole("苏晚 Su Wan", "林晓 Lin Xiao"), CastRole("陆霆 Lu Ting", "顾辰 Gu Chen"))


def _scene(i: int) -> Scene:
    needs = {"wardrobe": f"苏晚：look {i % 3}; 陆霆：suit {i % 2}", "makeup": f"苏晚：{'tears' if i % 5 == 0 else 'day'}"}
    return Scene(str(i), "Villa" if i % 3 else "Courtroom", 3, cast=CAST[: 1 + i % 2], needs=needs, position=i)


def _day(scenes: int) -> ShootDay:
    return ShootDay(
        production_id=1, date=CALL.date(), day_number=1, total_days=6, general_call=CALL,
        lunch_start=CALL + timedelta(hours=6), lunch_minutes=30, supper_start=CALL + timedelta(hours=12), supper_minutes=45,
        scenes=tuple(_scene(i) for i in range(1, scenes + 1)), id=7,
    )


def _running(day: ShootDay) -> P.Progress:
    """Shooting, a quarter of the way through, the current scene running over (what a re-plan sees)."""
    progress = P.start(day, WALKS, P.Progress(day_id=7), CALL)
    for step in range(1, len(day.scenes) // 4):
        progress = P.advance(day, WALKS, progress, CALL + timedelta(minutes=3 * step))
    return progress


@asynccontextmanager
async def cases() -> AsyncIterator[list[Case]]:
    big, small = _day(400), _day(100)
    big_progress, small_progress = _running(big), _running(small)
    big_now, small_now = CALL + timedelta(hours=6), CALL + timedelta(hours=2)

    async def project_400() -> None:
        P.project(big, WALKS, big_progress, big_now)

    async def project_100_four_times() -> None:
        for _ in range(4):
            P.project(small, WALKS, small_progress, small_now)

    yield [Case("re-project a 400-scene day (running over)", project_400, project_100_four_times, "4 x a 100-scene day", repeat=40)]
