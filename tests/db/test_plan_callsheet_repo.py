from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.domain.callsheet import build_callsheet, plan_deliveries
from bot.domain.crew import validate_production
from bot.domain.plan import CastRole, move_scene
from bot.settings import DEFAULT_CALL_OFFSETS
from db.database import Database
from db.repositories.callsheet import CallsheetRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from tests.plan_fixtures import SHANGHAI, big_stripboard_csv, crew, sample_plan, uid

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
G = 111111111111111111


async def production(db: Database) -> int:
    async with db.transaction() as tx:
        p = await ProductionRepo.create(tx, validate_production(G, "总裁的契约新娘", "CEO1", "Asia/Shanghai", "zh-CN", 1), NOW, {})
    return p.id


def sheet_for(pid, day, sets, walks, version):
    return build_callsheet(production_id=pid, production_code="CEO1", production_name="P", timezone="Asia/Shanghai", day=day,
                           crew=crew(pid), sets=sets, walks=walks, offsets=DEFAULT_CALL_OFFSETS, version=version)


async def test_import_reads_back_identically_and_reimport_is_a_revision(tmp_path):
    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        plan = sample_plan(pid)
        async with db.transaction() as tx:
            [stored] = await PlanRepo.import_plan(tx, pid, plan, NOW)
        assert stored.revision == 1 and stored.id is not None
        async with db.read() as tx:
            day = await PlanRepo.day(tx, pid, date(2026, 11, 23), SHANGHAI)
            sets = await PlanRepo.sets(tx, pid)
            walks = await PlanRepo.walks(tx, pid)
        expected = plan.days[0]
        assert day.general_call == expected.general_call and day.general_call.tzinfo == SHANGHAI
        assert [replace(s, id=None) for s in day.scenes] == list(expected.scenes)
        assert (day.base, day.weather, day.sunrise, day.notes) == (expected.base, expected.weather, expected.sunrise, expected.notes)
        assert {s.name for s in sets} == {s.name for s in plan.sets}
        assert set(walks) == set(plan.walks)
        # a re-import of the same day replaces its scenes as revision 2, keeping the day id
        async with db.transaction() as tx:
            await PlanRepo.set_override(tx, day.id, uid("王强"), day.general_call - timedelta(hours=2), note="pre-light", set_by=1, now=NOW)
            [again] = await PlanRepo.import_plan(tx, pid, plan, NOW)
        assert again.id == day.id and again.revision == 3  # override bumped it once, re-import once more
        async with db.read() as tx:
            assert await PlanRepo.overrides(tx, day.id) == {uid("王强"): day.general_call - timedelta(hours=2)}
            assert len((await PlanRepo.day_by_id(tx, day.id)).scenes) == 25


async def test_a_failed_import_changes_nothing(tmp_path):
    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        plan = sample_plan(pid)
        try:
            async with db.transaction() as tx:
                await PlanRepo.import_plan(tx, pid, plan, NOW)
                raise RuntimeError("crash half-way")
        except RuntimeError:
            pass
        async with db.read() as tx:
            assert await PlanRepo.days(tx, pid) == [] and await PlanRepo.sets(tx, pid) == []


async def test_edits_keep_scene_ids_and_order(tmp_path):
    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        async with db.transaction() as tx:
            [day] = await PlanRepo.import_plan(tx, pid, sample_plan(pid), NOW)
        ids = {s.number: s.id for s in day.scenes}
        edited = move_scene(day, "1-2", 25)
        async with db.transaction() as tx:
            stored = await PlanRepo.update_day(tx, edited, NOW)
        assert [s.number for s in stored.scenes] == [s.number for s in edited.scenes]
        assert {s.number: s.id for s in stored.scenes} == ids
        assert stored.revision == 2
        async with db.transaction() as tx:
            later = await PlanRepo.update_day(tx, replace(stored, general_call=stored.general_call + timedelta(minutes=30)), NOW)
        assert later.general_call == day.general_call + timedelta(minutes=30)


async def test_big_day_round_trip(tmp_path):
    from bot.domain.stripboard import parse_stripboard

    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        plan = parse_stripboard(big_stripboard_csv(100), "b.csv", production_id=pid, tz=SHANGHAI, crew=crew(pid))
        async with db.transaction() as tx:
            [day] = await PlanRepo.import_plan(tx, pid, plan, NOW)
        assert len(day.scenes) == 100
        async with db.read() as tx:
            assert await PlanRepo.scene_counts(tx, pid) == {day.id: (100, sum(s.est_minutes for s in day.scenes))}
            assert [n for n, _, _ in await PlanRepo.search_scenes(tx, day.id, "10-1")][:1] == ["10-1"]


async def test_publish_revise_and_confirm(tmp_path):
    async with Database(tmp_path / "p.db") as db:
        pid = await production(db)
        plan = sample_plan(pid)
        async with db.transaction() as tx:
            [day] = await PlanRepo.import_plan(tx, pid, plan, NOW)
            sets, walks = await PlanRepo.sets(tx, pid), await PlanRepo.walks(tx, pid)
        v1 = sheet_for(pid, day, sets, walks, 1)
        async with db.transaction() as tx:
            vid1, d1 = await CallsheetRepo.publish(tx, day.id, v1, plan_deliveries(None, {}, v1), {}, by=1, now=NOW)
            for d in d1.values():
                await CallsheetRepo.mark_sent(tx, d.id, 5, 1000 + d.id, NOW)
            await CallsheetRepo.mark_unreachable(tx, d1[uid("Carlos")].id, "dm closed", 77, 88)
            assert await CallsheetRepo.next_version_number(tx, day.id) == 2
        gaffer, sarah = uid("王强"), uid("Sarah")
        async with db.transaction() as tx:
            r = await CallsheetRepo.confirm(tx, d1[gaffer].id, gaffer, NOW)
            assert r.outcome == "confirmed" and r.version == 1 and r.day == date(2026, 11, 23)
            assert (await CallsheetRepo.confirm(tx, d1[gaffer].id, gaffer, NOW)).outcome == "already"
            assert (await CallsheetRepo.confirm(tx, d1[gaffer].id, sarah, NOW)).outcome == "not_yours"
            assert (await CallsheetRepo.confirm(tx, 99999, sarah, NOW)).outcome == "missing"
            await CallsheetRepo.confirm(tx, d1[sarah].id, sarah, NOW)
        # revision: Sarah (Vivian) is added to the last scene; only she is re-notified
        vivian = CastRole("Vivian", "Sarah Miller", sarah, 75, 30)
        edited = replace(day, scenes=tuple(replace(s, cast=s.cast + (vivian,)) if s.number == "1-15" else s for s in day.scenes))
        async with db.transaction() as tx:
            day2 = await PlanRepo.update_day(tx, edited, NOW)
            latest = await CallsheetRepo.latest(tx, day.id)
            prev = {d.user_id: d for d in await CallsheetRepo.deliveries(tx, latest.id)}
            v2 = sheet_for(pid, day2, sets, walks, 2)
            plans = plan_deliveries(latest.sheet, prev, v2)
            vid2, d2 = await CallsheetRepo.publish(tx, day.id, v2, plans, prev, by=1, now=NOW)
        assert latest.version == 1 and latest.sheet == v1
        assert {p.user_id for p in plans if p.notify} == {sarah}, [(p.user_id, p.changes) for p in plans if p.notify][:3]
        assert d2[sarah].status == "pending" and d2[gaffer].status == "confirmed" and not d2[gaffer].notified
        assert d2[uid("Carlos")].status == "unreachable" and d2[gaffer].dm_message_id == 1000 + d1[gaffer].id
        async with db.transaction() as tx:
            # Sarah's old button is stale; her new DM's button works
            assert (await CallsheetRepo.confirm(tx, d1[sarah].id, sarah, NOW)).outcome == "superseded"
            await CallsheetRepo.mark_sent(tx, d2[sarah].id, 5, 9999, NOW)
            assert (await CallsheetRepo.confirm(tx, d2[sarah].id, sarah, NOW)).outcome == "confirmed"
            # the lighting spark never confirmed v1; v2 changed nothing for him, so his v1 button confirms v2
            spark = uid("刘洋")
            r = await CallsheetRepo.confirm(tx, d1[spark].id, spark, NOW)
            assert r.outcome == "confirmed" and r.version == 2 and r.delivery.version_id == vid2
        async with db.read() as tx:
            statuses = {d.user_id: d.status for d in await CallsheetRepo.deliveries(tx, vid2)}
            mine = await CallsheetRepo.latest_for_user(tx, pid, sarah, date(2026, 11, 22))
        assert statuses[spark] == "confirmed" and statuses[sarah] == "confirmed" and statuses[uid("Carlos")] == "unreachable"
        assert mine.version == 2 and mine.sheet.person(sarah) is not None
