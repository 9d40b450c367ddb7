import sqlite3
from datetime import UTC, datetime

import pytest

from bot.domain.crew import validate_production
from db.database import Database, load_queries, migrations
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
G1, G2 = 111111111111111111, 222222222222222222


async def test_migrations_apply_once_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "s.db"
    async with Database(path) as db:
        version = await db.schema_version()
        assert version == len(migrations())
        async with db.conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        async with db.conn.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1
    async with Database(path) as db:  # reopening applies nothing new
        assert await db.schema_version() == version


def test_named_queries_load():
    q = load_queries()
    assert "crew_upsert" in q and "production_insert" in q


async def test_transaction_rolls_back_everything_on_error(tmp_path):
    async with Database(tmp_path / "s.db") as db:
        new = validate_production(G1, "Phoenix", "PHX", "Asia/Shanghai", "zh-CN", 1)
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await ProductionRepo.create(tx, new, NOW, {"announcements": 5})
                raise RuntimeError("boom")
        async with db.read() as tx:
            assert await ProductionRepo.in_guild(tx, G1) == []


async def test_productions_and_crew_round_trip_and_isolation(tmp_path):
    async with Database(tmp_path / "s.db") as db:
        async with db.transaction() as tx:
            a = await ProductionRepo.create(tx, validate_production(G1, "Phoenix", "phx", "Asia/Shanghai", "zh-CN", 1), NOW, {"announcements": 10, "ad": 11})
            b = await ProductionRepo.create(tx, validate_production(G2, "Other", "PHX", "Asia/Seoul", "en-US", 2), NOW, {})
            dup = await ProductionRepo.create(tx, validate_production(G1, "Again", "PHX", "Asia/Shanghai", "zh-CN", 1), NOW, {})
        assert a and b and dup is None
        assert a.code == "PHX" and a.channels == {"announcements": 10, "ad": 11} and a.created_at == NOW
        async with db.transaction() as tx:
            m, new = await CrewRepo.upsert(tx, production_id=a.id, user_id=7, display_name="李伟", department="lighting", title="灯光师", is_head=True, language="zh-CN", dietary="", now=NOW)
            m2, new2 = await CrewRepo.upsert(tx, production_id=a.id, user_id=7, display_name="李伟", department="lighting", title="Gaffer", is_head=True, language="zh-CN", dietary="素食", now=NOW)
            await CrewRepo.upsert(tx, production_id=b.id, user_id=8, display_name="Kim", department="camera", title="DP", is_head=False, language="ko", dietary="", now=NOW)
        assert new and not new2 and m2.title == "Gaffer" and m2.dietary == "素食"
        async with db.read() as tx:
            assert [x.user_id for x in await CrewRepo.list(tx, a.id)] == [7]
            assert [x.user_id for x in await CrewRepo.list(tx, b.id)] == [8]
            assert [p.code for p in await ProductionRepo.of_user(tx, G1, 7)] == ["PHX"]
            assert await ProductionRepo.of_user(tx, G2, 7) == []
            assert [p.id for p in await ProductionRepo.by_channel(tx, G1, 10)] == [a.id]
            assert await ProductionRepo.by_channel(tx, G2, 10) == []
            assert [x.display_name for x in await CrewRepo.search(tx, a.id, "Gaf")] == ["李伟"]
            assert await CrewRepo.search(tx, a.id, "%") == []
        async with db.transaction() as tx:
            assert await CrewRepo.remove(tx, a.id, 7)
            assert not await CrewRepo.remove(tx, a.id, 7)


async def test_foreign_keys_enforced(tmp_path):
    async with Database(tmp_path / "s.db") as db:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as tx:
                await CrewRepo.upsert(tx, production_id=999, user_id=1, display_name="x", department="ad", title="x", is_head=False, language="en-US", dietary="", now=NOW)
