"""The cast table, extras, contacts and links to crew on a real SQLite file."""

from dataclasses import replace
from datetime import UTC, date, datetime

from bot.domain.plan import move_scene
from bot.domain.stripboard import parse_stripboard
from db.database import Database
from db.repositories.cast import CastRepo
from db.repositories.plan import PlanRepo
from tests.db.test_plan_callsheet_repo import production
from tests.plan_fixtures import DEMO, SHANGHAI, crew, uid

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def demo_plan(pid, **kw):
    return parse_stripboard(DEMO.read_bytes(), "demo.csv", production_id=pid, tz=SHANGHAI, crew=crew(pid), **kw)


async def test_cast_extras_contacts_and_second_language_read_back(tmp_path):
    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        plan = demo_plan(pid)
        async with db.transaction() as tx:
            await PlanRepo.import_plan(tx, pid, plan, NOW)
        async with db.read() as tx:
            day = await PlanRepo.day(tx, pid, date(2026, 11, 23), SHANGHAI)
            sets = await PlanRepo.sets(tx, pid)
            contacts = await PlanRepo.contacts(tx, pid)
        expected = plan.days[0]
        assert day.cast == expected.cast and len(day.cast) == 12
        assert [replace(s, id=None) for s in day.scenes] == list(expected.scenes)
        assert (day.shooting_call, day.extras_call, day.extras_holding, day.parking, day.alt_notes) == (
            expected.shooting_call, expected.extras_call, expected.extras_holding, expected.parking, expected.alt_notes)
        assert {s.name: s.alt_name for s in sets}["法院法庭"] == "Courtroom"
        assert tuple(contacts) == plan.contacts
        # an edit keeps the cast table, the extras and the second-language synopsis
        async with db.transaction() as tx:
            stored = await PlanRepo.update_day(tx, move_scene(day, "2-9", 1), NOW)
        assert stored.cast == day.cast and stored.scenes[0].extras == expected.scene("2-9").extras
        assert stored.scenes[0].alt_synopsis == expected.scene("2-9").alt_synopsis
        # a file without a contacts table keeps the contacts
        async with db.transaction() as tx:
            await PlanRepo.import_plan(tx, pid, replace(plan, contacts=None), NOW)
            assert len(await PlanRepo.contacts(tx, pid)) == 5


async def test_crew_link_makes_a_crew_member_the_actor_now_and_in_later_imports(tmp_path):
    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        async with db.transaction() as tx:
            [day] = await PlanRepo.import_plan(tx, pid, demo_plan(pid), NOW)
        someone = uid("张伟")  # a camera assistant who also plays the judge
        async with db.transaction() as tx:
            assert [a for a, _, _, _ in await CastRepo.actors(tx, pid, "周")] == ["周正 Zhou Zheng"]
            assert [a for a, _, _, _ in await CastRepo.actors(tx, pid, "9")] == ["周正 Zhou Zheng"]  # by cast number
            assert [await CastRepo.resolve(tx, pid, x) for x in ("#9", "法官", "zhou zheng", "Nobody")] == ["周正 Zhou Zheng"] * 3 + [None]
            changed = await CastRepo.link(tx, pid, "法官", someone, by=1, now=NOW)  # the character names the actor too
            assert await CastRepo.link(tx, pid, "Nobody", someone, by=1, now=NOW) == []
        assert changed == [day.id]
        async with db.read() as tx:
            again = await PlanRepo.day_by_id(tx, day.id, SHANGHAI)
            links = await CastRepo.links(tx, pid)
        assert again.revision == day.revision + 1
        assert next(m for m in again.cast if m.actor == "周正 Zhou Zheng").user_id == someone
        assert all(r.user_id == someone for s in again.scenes for r in s.cast if r.actor == "周正 Zhou Zheng")
        # a later import of the same file keeps the link
        plan = demo_plan(pid, links=links)
        assert next(m for m in plan.days[0].cast if m.actor == "周正 Zhou Zheng").user_id == someone
        # linking the same person to another actor moves them
        async with db.transaction() as tx:
            await CastRepo.link(tx, pid, "赵刚 Zhao Gang", someone, by=1, now=NOW)
        async with db.read() as tx:
            again = await PlanRepo.day_by_id(tx, day.id, SHANGHAI)
            links = await CastRepo.links(tx, pid)
        users = {m.actor: m.user_id for m in again.cast}
        assert users["赵刚 Zhao Gang"] == someone and users["周正 Zhou Zheng"] is None
        assert list(links.values()) == [someone]
