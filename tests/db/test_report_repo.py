"""Daily reports on a real SQLite file: a draft stores exactly the report (JSON round trip), a newer
draft supersedes an older one, signing off is applied once even when two presses come at once and
queues one producers' post and one DM per producer (in their language) in the same transaction; a
rest override records the version it went out as."""

import asyncio
from datetime import UTC, date, datetime

from bot.clock import FakeClock
from bot.domain.crew import validate_production
from bot.domain.plan import ShootDay
from bot.domain.report import build_report
from bot.domain.rest import Breach
from bot.report.service import ReportService
from bot.settings import Settings
from db.database import Database
from db.repositories.actions import ActionRepo
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo
from db.repositories.plan import PlanRepo
from db.repositories.report import ReportRepo, RestRepo
from tests.domain.test_report import facts

NOW = datetime(2026, 11, 24, 16, 40, tzinfo=UTC)  # 00:40 in Shanghai
G = 111111111111111111


async def world(db: Database):
    async with db.transaction() as tx:
        prod = await ProductionRepo.create(tx, validate_production(G, "总裁的契约新娘", "CEO1", "Asia/Shanghai", "zh-CN", 1), NOW,
                                           {"ad": 900, "producers": 901})
        await CrewRepo.upsert(tx, production_id=prod.id, user_id=7, display_name="赵磊", department="producer", title="制片人",
                              is_head=True, language="zh-CN", dietary="", now=NOW)
        await CrewRepo.upsert(tx, production_id=prod.id, user_id=8, display_name="王强", department="lighting", title="灯光师",
                              is_head=True, language="zh-CN", dietary="", now=NOW)
        day = await PlanRepo.save_day(tx, ShootDay(prod.id, date(2026, 11, 23), 1, 6, datetime(2026, 11, 22, 22, 0, tzinfo=UTC)), NOW)
        await ReportRepo.set_recipient(tx, prod.id, 9, "en-US", True, NOW)  # a producer who asked for it in English
        await ReportRepo.set_recipient(tx, prod.id, 8, "zh-CN", False, NOW)  # opted out (and not a producer anyway)
    return prod, day


async def test_draft_supersede_and_sign_once(tmp_path):
    async with Database(tmp_path / "r.db") as db:
        prod, day = await world(db)
        report = build_report(facts())
        service = ReportService(db, None, FakeClock(NOW), Settings())
        async with db.transaction() as tx:
            first = await ReportRepo.draft(tx, prod.id, day.id, report, wrap_at=NOW, now=NOW)
            second = await ReportRepo.draft(tx, prod.id, day.id, report, wrap_at=NOW, now=NOW)
        async with db.read() as tx:
            assert (await ReportRepo.get(tx, first.id)).status == "superseded"
            stored = await ReportRepo.get(tx, second.id)
        assert stored.revision == 2 and stored.status == "draft" and stored.report == report

        assert (await service.sign_off(prod, first.id, by=1, by_name="周敏", request=101)).outcome == "superseded"
        results = await asyncio.gather(*(service.sign_off(prod, second.id, by=uid, by_name=f"AD{uid}", request=200 + uid) for uid in (1, 2, 3)))
        assert sorted(r.outcome for r in results) == ["already", "already", "signed"]
        done = next(r for r in results if r.outcome == "signed")
        assert done.channel_id == 901 and done.recipients == (7, 9)
        async with db.read() as tx:
            rows = [await CueRepo.get(tx, cid) for cid in done.touched]
            signed = await ReportRepo.get(tx, second.id)
        assert sorted((r.kind, r.target.channel_id, r.target.user_id, r.locale) for r in rows) == [
            ("report_dm", None, 7, "zh-CN"), ("report_dm", None, 9, "en-US"), ("report_post", 901, None, "zh-CN")]
        assert signed.status == "signed" and signed.recipients == 2 and signed.signed_by_name == done.report.signed_by_name
        # the AD action is on record with the press that applied it
        async with db.read() as tx:
            actions = await ActionRepo.recent(tx, prod.id)
        assert [a.command for a in actions] == ["report sign"]


async def test_an_override_records_the_version_it_went_out_as(tmp_path):
    async with Database(tmp_path / "o.db") as db:
        prod, day = await world(db)
        breach = Breach("rest", "u:8", "王强", "lighting", date(2026, 11, 23), 545, 720)
        async with db.transaction() as tx:
            await RestRepo.record_override(tx, day.id, reason="许可证只到中午", by=1, by_name="周敏", breaches=(breach,), request=55, now=NOW)
        async with db.read() as tx:
            (override,) = await RestRepo.overrides(tx, (day.id,))
            assert await RestRepo.by_request(tx, 55) == (0, NOW)
        assert (override.reason, override.by_name, override.people, override.day_number) == ("许可证只到中午", "周敏", ("王强",), 1)
