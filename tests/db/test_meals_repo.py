"""Meal orders on a real SQLite file: the last portion is never sold twice when many orders come at
once (one transaction per order, a conditional update), the table itself refuses an oversell, a
refused order leaves nothing behind, and closing a round happens once."""

import asyncio
import sqlite3
from datetime import UTC, date, datetime

import pytest

from bot.clock import FakeClock
from bot.domain.crew import validate_production
from bot.domain.errors import DomainError
from bot.domain.meals.rounds import Timing
from bot.domain.plan import ShootDay
from bot.meals.service import MealService
from bot.settings import Settings
from db.database import Database
from db.repositories.crew import CrewRepo
from db.repositories.meals import MenuRepo, OrderRepo, RoundRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
G = 111111111111111111
DAY = date(2026, 11, 23)
PEOPLE = 40


async def world(db: Database):
    async with db.transaction() as tx:
        prod = await ProductionRepo.create(tx, validate_production(G, "总裁的契约新娘", "CEO1", "Asia/Shanghai", "zh-CN", 1), NOW, {})
        for uid in range(1, PEOPLE + 1):
            await CrewRepo.upsert(tx, production_id=prod.id, user_id=uid, display_name=f"P{uid}", department="lighting", title="t",
                                  is_head=False, language="zh-CN", dietary="", now=NOW)
        day = await PlanRepo.save_day(tx, ShootDay(prod.id, DAY, 1, 6, datetime(2026, 11, 23, 4, 0, tzinfo=UTC)), NOW)
        noodles = await MenuRepo.add(tx, guild_id=G, service_date=DAY, meal="supper", name_zh="清真牛肉面", name_en="Halal beef noodles",
                                     price=2200, tags=("halal",), stock=7, by=1, now=NOW)
        r = await RoundRepo.ensure(tx, production_id=prod.id, day_id=day.id, service_date=DAY, meal="supper",
                                   timing=Timing(datetime(2026, 11, 23, 10, 30, tzinfo=UTC), datetime(2026, 11, 23, 8, 0, tzinfo=UTC)),
                                   now=NOW)
    return prod, noodles, r


async def test_many_orders_at_once_never_sell_the_last_portion_twice(tmp_path):
    async with Database(tmp_path / "m.db") as db:
        prod, noodles, r = await world(db)
        service = MealService(db, None, FakeClock(NOW), Settings(), None)

        async def attempt(uid: int) -> str:
            try:
                await service.order(prod, r.id, uid, item_id=noodles.id)
                return "ok"
            except DomainError as exc:
                return exc.key

        results = await asyncio.gather(*(attempt(uid) for uid in range(1, PEOPLE + 1)))
        assert results.count("ok") == 7
        assert set(results) == {"ok", "meals.error.sold_out"}
        async with db.read() as tx:
            item = await MenuRepo.item(tx, noodles.id)
            orders = await OrderRepo.of_round(tx, r.id)
        assert item.taken == 7 and len(orders) == 7 and sum(o.quantity for o in orders) == 7

        # changing to more than is left is refused and changes nothing; cancelling frees a portion
        winner = orders[0].user_id
        with pytest.raises(DomainError) as err:
            await service.order(prod, r.id, winner, quantity=2)
        assert err.value.key == "meals.error.not_enough"
        await service.decline(prod, r.id, winner)
        results = await asyncio.gather(*(attempt(uid) for uid in range(20, 30)))
        assert results.count("ok") == 1
        async with db.read() as tx:
            assert (await MenuRepo.item(tx, noodles.id)).taken == 7


async def test_the_table_itself_refuses_an_oversell(tmp_path):
    async with Database(tmp_path / "m.db") as db:
        _, noodles, _ = await world(db)
        async with db.transaction() as tx:
            assert await MenuRepo.take(tx, noodles.id, 7, NOW)
            assert not await MenuRepo.take(tx, noodles.id, 1, NOW)
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as tx:
                await tx.execute("menu_item_update", {"id": noodles.id, "name_zh": "清真牛肉面", "name_en": "x", "price": 1, "tags": "",
                                                      "stock": 3, "now": "x"})


async def test_a_round_closes_once(tmp_path):
    async with Database(tmp_path / "m.db") as db:
        _, _, r = await world(db)
        async with db.transaction() as tx:
            assert await RoundRepo.close(tx, r.id, NOW)
            assert not await RoundRepo.close(tx, r.id, NOW)
            closed = await RoundRepo.get(tx, r.id)
        assert closed.status == "closed" and closed.ticket == "queued" and closed.told_meal_at == closed.meal_at
