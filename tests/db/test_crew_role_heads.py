"""The crew directory's note of the head roles a member was last seen holding (the ladder DMs heads
from it; the bot cannot list a role's members without the privileged Server Members intent)."""

from datetime import UTC, datetime

from bot.domain.crew import validate_production
from db.database import Database
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


async def test_the_directory_keeps_the_role_heads_it_was_shown(tmp_path):
    async with Database(tmp_path / "s.db") as db:
        async with db.transaction() as tx:
            prod = await ProductionRepo.create(tx, validate_production(1 << 60, "Phoenix", "PHX", "Asia/Shanghai", "zh-CN", 1), NOW, {})
            m, _ = await CrewRepo.upsert(tx, production_id=prod.id, user_id=7, display_name="陈静", department="makeup", title="化妆组长",
                                         is_head=False, language="zh-CN", dietary="", now=NOW, role_heads=("makeup",))
            assert m.role_heads == ("makeup",)
            # updating the entry without roles to read keeps what was noted
            m, _ = await CrewRepo.upsert(tx, production_id=prod.id, user_id=7, display_name="陈静", department="makeup", title="组长",
                                         is_head=False, language="ja", dietary="", now=NOW)
            assert m.role_heads == ("makeup",) and m.language == "ja"
            assert await CrewRepo.memberships(tx, 1 << 60, 7) == {prod.id: ("makeup", False, ("makeup",))}
            assert await CrewRepo.set_role_heads(tx, prod.id, 7, ())
            assert not await CrewRepo.set_role_heads(tx, prod.id, 7, ())  # unchanged: nothing written
            assert (await CrewRepo.get(tx, prod.id, 7)).role_heads == ()
