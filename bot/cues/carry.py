"""Carry-over (顺延): a scene skipped today goes to a later day the AD chose, or to the unscheduled
pool, in the same transaction as the skip. The later day's strip gets the scene at its end, marked
``carried_from`` (its call sheet shows 顺延); the pool keeps it until ``/plan move`` places it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from bot.domain.errors import DomainError
from bot.domain.plan import Scene, ShootDay, carry_in, cast_rows
from bot.domain.progress import POOL
from db.database import Tx
from db.repositories.plan import PlanRepo


def parse_target(text: str | None, today: date) -> str:
    """``None``/``pool`` -> :data:`POOL`; an ISO date after ``today`` -> that date (ISO)."""
    raw = (text or "").strip()
    if not raw or raw.casefold() in (POOL, "unscheduled", "待定", "待排"):
        return POOL
    try:
        when = date.fromisoformat(raw)
    except ValueError:
        raise DomainError("shoot.error.bad_carry_day", day=raw[:20]) from None
    if when <= today:
        raise DomainError("shoot.error.carry_not_later", day=when.isoformat())
    return when.isoformat()


async def check_target(tx: Tx, production_id: int, scene: Scene, target: str, tz) -> ShootDay | None:
    """Refuse a carry-over that cannot be done (before anything is written); the target day."""
    if target == POOL:
        if await PlanRepo.pool_scene(tx, production_id, scene.number) is not None:
            raise DomainError("shoot.error.in_pool", scene=scene.number)
        return None
    day = await PlanRepo.day(tx, production_id, date.fromisoformat(target), tz)
    if day is None:
        raise DomainError("shoot.error.no_carry_day", day=target)
    if day.scene(scene.number) is not None:
        raise DomainError("shoot.error.carry_duplicate", scene=scene.number, day=target)
    return day


async def carry(tx: Tx, production_id: int, scene: Scene, from_day: ShootDay, target: str, reason: str, now: datetime, tz) -> int | None:
    """Put ``scene`` on the target day (returns its id, to re-plan) or in the pool (returns None),
    with the cast table rows of its actors."""
    moved = replace(scene, id=None, position=0, carried_from=from_day.date)
    rows = cast_rows(from_day, scene)
    day = await check_target(tx, production_id, scene, target, tz)
    if day is None:
        await PlanRepo.pool_add(tx, production_id, moved, from_day.date, reason, now, rows)
        return None
    stored = await PlanRepo.update_day(tx, carry_in(day, moved, rows), now)
    return stored.id
