"""Issue 3 end to end through the sandbox: import a 60+ scene stripboard (CSV and XLSX), publish,
every crew member gets the right DM with an ICS and a Confirm button that still works after a
restart, a revision re-notifies only the affected, closed DMs fall back to the department channel,
crew cannot publish, malformed files give row/column errors and import nothing."""

import io
import re

import pytest
from pypdf import PdfReader

from bot.demo.acts.crew import JOINS
from bot.domain.template import csv_to_xlsx
from db.repositories.callsheet import CallsheetRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from tests.plan_fixtures import big_stripboard_csv, sample_bytes

SLOW = 30  # seconds a publish may take (PDF + 17 DMs) before the sandbox gives up waiting

ALL_JOINS = {"ad": ("ad", "第一副导演", True, "zh-CN"), "gaffer": ("lighting", "灯光师", True, "zh-CN"),
             "spark2": ("lighting", "Spark", False, "th"), "dp": ("camera", "Director of photography", True, "ko"), **JOINS}


@pytest.fixture
async def crew(harness, world, production, join_code):
    office = world.channels["ad-office"]
    for key, (dept, title, head, lang) in ALL_JOINS.items():
        r = await world.members[key].run("crew join", {"title": title, "department": dept, "head": head, "language": lang, "code": join_code},
                                         channel=office)
        assert r.ephemeral
    return production


async def import_file(world, sandbox, data: bytes, filename: str, who: str = "ad"):
    att = sandbox.attachment(filename, data)
    r = await world.members[who].run("plan import", {"file": att}, channel=world.channels["ad-office"], timeout=SLOW)
    await r.wait_done(SLOW)
    return r


async def publish(harness, world, day: str | None = None, who: str = "ad"):
    """Publish and wait until everything it owes went out and the AD's answer is complete: the
    reply itself only waits ``publish_wait_seconds`` for the deliveries (then says what is still
    going out), and the AD's lists follow it."""
    options = {"day": day} if day else {}
    r = await world.members[who].run("callsheet publish", options, channel=world.channels["ad-office"], timeout=SLOW)
    await r.wait_done(SLOW)
    await harness.bot.cues.settle()
    await world.sandbox.settle()
    return r


async def click_confirm(sandbox, member, message):
    """Press the Confirm button on ``message``; returns everything the member was shown."""
    cid = next(c for c in message.custom_ids() if c.startswith("setcall:cs:confirm:"))
    r = await member.click(message, cid)
    await sandbox.settle()
    return r.text + "\n" + "\n".join(m.text for m in r.followups)


def last_dm(member):
    return member.dms[-1] if member.dms else None


def ics_of(message) -> str:
    att = next(a for a in message.attachments if a.filename.endswith(".ics"))
    return att.data.decode("utf-8").replace("\r\n ", "")


async def day_id(harness, world, date_text: str) -> int:
    from datetime import date

    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, "CEO1")
        day = await PlanRepo.day(tx, prod.id, date.fromisoformat(date_text))
    return day.id


async def test_big_csv_publish_confirm_restart_revise(harness, world, sandbox, crew):
    sandbox.rate_limits.relax()  # a big sheet and its revision, not rate limits (tests/e2e/test_delivery.py)
    r = await import_file(world, sandbox, big_stripboard_csv(80), "day2.csv")
    assert "80" in r.text and "2026-11-24" in r.text, r.text

    r = await publish(harness, world, "2026-11-24")
    assert r.ephemeral and "版本" not in r.text and "第 1 版" in r.text, r.text
    # the announcement: several messages of embeds, the last one with the PDF
    posts = [m for m in world.channels["announcements"].messages if m.author_id == sandbox.bot_user_id]
    assert len(posts) >= 2
    pdf = next(a for a in posts[-1].attachments if a.filename.endswith(".pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "林晓 Lin Xiao" in text and "김민준" in text and "佐藤美咲" in text
    assert all(f"**10-{i}**" in "\n".join(p.text for p in posts) for i in (1, 12))

    # every crew member got their DM: their call, an ICS and one Confirm button (on the last message)
    for key in ALL_JOINS:
        member = world.members[key]
        assert member.dms, key
        dm = member.dms[-1]
        assert sum(1 for m in member.dms for c in m.custom_ids() if c.startswith("setcall:cs:confirm:")) == 1, key
        assert any(cid.startswith("setcall:cs:confirm:") for cid in dm.custom_ids())
        cal = ics_of(dm)
        assert "BEGIN:VEVENT" in cal and "SEQUENCE:1" in cal
    gaffer = world.members["gaffer"].dms[-1]
    assert "05:00" in gaffer.text and "DTSTART:20261123T210000Z" in ics_of(gaffer)  # 05:00 Shanghai = 21:00 UTC the day before
    lin = world.members["lead_f"].dms[0]
    assert "04:15" in lin.text and "03:55" in lin.text  # rehearsal 05:45, makeup 90 min before it, pickup 20 min before that
    sarah = "\n".join(m.text for m in world.members["villain"].dms)
    assert "Your call" in sarah and "Today's lineup: 80 scenes" in sarah  # English for the English speaker; the whole day

    # confirm by button
    confirm = next(c for c in gaffer.custom_ids() if c.startswith("setcall:cs:confirm:"))
    assert "谢谢" in await click_confirm(sandbox, world.members["gaffer"], gaffer)
    assert gaffer.find_component(confirm)["disabled"]

    # restart: the button on another DM still works
    await harness.restart()
    dp = world.members["dp"].dms[-1]
    assert "감사합니다" in await click_confirm(sandbox, world.members["dp"], dp)  # the Korean DP reads Korean

    did = await day_id(harness, world, "2026-11-24")
    async with harness.bot.db.read() as tx:
        latest = await CallsheetRepo.latest(tx, did)
        states = {d.user_id: d.status for d in await CallsheetRepo.deliveries(tx, latest.id)}
    assert states[world.members["gaffer"].id] == "confirmed" and states[world.members["dp"].id] == "confirmed"
    assert list(states.values()).count("confirmed") == 2

    # status per department
    r = await world.members["ad2"].run("callsheet status", {"day": "2026-11-24"}, channel=world.channels["ad-office"])
    assert "2 confirmed" in r.text and "Lighting & grip · 1/3" in r.text

    # revise: the gaffer gets his own earlier call (a pre-light); only he is re-notified
    before = {k: len(world.members[k].dms) for k in ALL_JOINS}
    r = await world.members["ad"].run("plan set-call", {"time": "04:00", "member": world.members["gaffer"], "day": "2026-11-24"},
                                      channel=world.channels["ad-office"])
    assert "04:00" in r.text
    r = await publish(harness, world, "2026-11-24")
    assert "第 2 版" in r.text
    after = {k: len(world.members[k].dms) for k in ALL_JOINS}
    assert {k for k in ALL_JOINS if after[k] != before[k]} == {"gaffer"}
    new = last_dm(world.members["gaffer"])
    assert "05:00 → 04:00" in new.text and "SEQUENCE:2" in ics_of(new)
    async with harness.bot.db.read() as tx:
        latest = await CallsheetRepo.latest(tx, did)
        states = {d.user_id: d.status for d in await CallsheetRepo.deliveries(tx, latest.id)}
    assert latest.version == 2
    assert states[world.members["gaffer"].id] == "sent"  # his confirmation was reset
    assert states[world.members["dp"].id] == "confirmed"  # the unaffected keep theirs
    # he confirms the new version
    assert "谢谢" in await click_confirm(sandbox, world.members["gaffer"], new)

    # publishing again with nothing changed sends nothing
    r = await publish(harness, world, "2026-11-24")
    assert "没有变化" in r.text


async def test_xlsx_import_and_closed_dms_fall_back_to_the_department_channel(harness, world, sandbox, crew):
    sandbox.rate_limits.relax()  # closed DMs and their fallback, not rate limits (tests/e2e/test_delivery.py)
    world.members["spark"].dm_open = False
    r = await import_file(world, sandbox, csv_to_xlsx(big_stripboard_csv(64)), "day2.xlsx")
    assert "64" in r.text
    r = await publish(harness, world, "2026-11-24")
    assert "刘洋" in r.text or str(world.members["spark"].id) in r.text
    assert world.members["spark"].dms == []
    fallback = [m for m in world.channels["lighting"].messages if m.author_id == sandbox.bot_user_id]
    assert fallback and world.members["spark"].id in fallback[-1].mentions
    told = [m for m in world.channels["ad-office"].messages if m.author_id == sandbox.bot_user_id and "📵" in m.content]
    assert told and "刘洋" in told[-1].content
    # he confirms from the department channel; someone else cannot confirm for him
    cid = fallback[-1].custom_ids()[0]
    r = await world.members["gaffer"].click(fallback[-1], cid)
    assert r.ephemeral and "别人" in r.text
    r = await world.members["ad2"].run("callsheet status", {}, channel=world.channels["ad-office"])
    assert "✅ 0 confirmed" in r.text and "📵 1 unreachable" in r.text and "📵 刘洋 Liu Yang" in r.text
    assert "谢谢" in await click_confirm(sandbox, world.members["spark"], fallback[-1])
    r = await world.members["ad2"].run("callsheet status", {}, channel=world.channels["ad-office"])
    assert "✅ 1 confirmed" in r.text and "📵 0 unreachable" in r.text


async def test_crew_cannot_publish_or_import(harness, world, sandbox, crew):
    r = await world.members["spark"].run("callsheet publish", {}, channel=world.channels["set"])
    assert r.ephemeral and "只有副导演" in r.text
    att = sandbox.attachment("x.csv", sample_bytes())
    r = await world.members["villain"].run("plan import", {"file": att}, channel=world.channels["set"])
    assert r.ephemeral and "Only assistant directors" in r.text
    r = await world.members["spark"].run("callsheet status", {}, channel=world.channels["set"])
    assert r.ephemeral and "只有副导演和制片" in r.text


async def test_producer_sees_confirmations_but_cannot_publish(harness, world, sandbox, crew):
    r = await world.members["producer"].run("callsheet publish", {}, channel=world.channels["producers"])
    assert r.ephemeral and "只有副导演" in r.text
    r = await world.members["producer"].run("callsheet status", {"production": "CEO1"}, channel=world.channels["producers"])
    assert r.error is None and "只有" not in r.text


async def test_malformed_files_list_row_and_column_and_import_nothing(harness, world, sandbox, crew):
    bad = sample_bytes().decode("utf-8").replace("2026-11-23,2-7,2,警察局审讯室 Police interrogation room,INT,DAY",
                                                 "2026-11-23,2-7,2,警察局 Police,INSIDE,DAY")
    bad = re.sub(r"(2026-11-23,1-3,1,医院走廊 Hospital corridor,INT,DAY,[^\n]*?,苏晚 Su Wan=林晓 Lin Xiao,)30,", r"\1thirty,", bad)
    r = await import_file(world, sandbox, bad.encode("utf-8"), "broken.csv", who="ad2")
    assert r.ephemeral and "3 problem(s)" in r.text, r.text
    assert "column 'est_minutes': 'thirty' is not a number" in r.shown
    assert "column 'set': '警察局 Police' is not in the sets sheet" in r.shown
    assert "column 'int_ext': 'INSIDE' must be one of" in r.shown
    assert re.search(r"scenes, row \d+, column 'est_minutes'", r.shown)
    r = await import_file(world, sandbox, csv_to_xlsx(bad.encode("utf-8")), "broken.xlsx", who="ad")
    assert "3 处问题" in r.text and "“thirty”不是数字" in r.text
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, "CEO1")
        assert await PlanRepo.days(tx, prod.id) == [] and await PlanRepo.sets(tx, prod.id) == []


async def test_template_show_mine_and_edits(harness, world, sandbox, crew):
    sandbox.rate_limits.relax()  # plan editing, not rate limits (tests/e2e/test_delivery.py)
    r = await world.members["ad2"].run("plan template", {}, channel=world.channels["ad-office"])
    names = sorted(a.filename for a in r.message.attachments)
    assert names == sorted(f"setcall-stripboard-{loc}.{ext}" for loc in ("en-US", "zh-CN") for ext in ("csv", "xlsx"))
    r = await world.members["spark2"].run("plan template", {}, channel=world.channels["set"])  # a Thai client
    names = [a.filename for a in r.message.attachments]
    assert names[:2] == ["setcall-stripboard-th.xlsx", "setcall-stripboard-th.csv"] and len(names) == 6, names
    assert "แม่แบบ" in r.text, r.text
    r = await import_file(world, sandbox, sample_bytes(), "day1.csv")
    assert "25" in r.text
    choices = await world.members["ad"].autocomplete("plan show", {}, focused="day", channel=world.channels["ad-office"])
    assert choices and choices[0]["value"] == "2026-11-23"
    r = await world.members["ad2"].run("plan show", {"day": "1"}, channel=world.channels["ad-office"])
    assert "General call **06:00**" in r.text and "Draft" in r.text
    scenes = await world.members["ad"].autocomplete("plan move", {"day": "2026-11-23", "scene": "2-1"}, focused="scene",
                                                    channel=world.channels["ad-office"])
    assert {c["value"] for c in scenes} >= {"2-10", "2-11"}
    r = await world.members["ad"].run("plan move", {"scene": "2-8", "position": 1, "day": "2026-11-23"}, channel=world.channels["ad-office"])
    assert "第 1 位" in r.text
    r = await world.members["ad"].run("plan drop", {"scene": "1-12", "day": "2026-11-23"}, channel=world.channels["ad-office"])
    assert "1-12" in r.text
    r = await world.members["ad"].run("plan add", {"scene": "2-17", "set": "法院法庭 Courtroom", "minutes": 20,
                                                   "cast": "Vivian=Sarah Miller", "day": "2026-11-23"}, channel=world.channels["ad-office"])
    assert "2-17" in r.text
    r = await world.members["ad"].run("plan set-call", {"time": "+30m", "day": "2026-11-23"}, channel=world.channels["ad-office"])
    assert "06:30" in r.text
    r = await world.members["villain"].run("callsheet mine", {}, channel=world.channels["set"])
    assert r.ephemeral and "No published call sheet" in r.text
    r = await publish(harness, world)
    r = await world.members["villain"].run("callsheet mine", {}, channel=world.channels["set"])
    assert r.ephemeral and "Your call" in r.text and "06:30" in r.text
    assert any(a.filename.endswith(".ics") for a in r.message.attachments)


async def test_day_info_changes_reach_the_sheet(harness, world, sandbox, crew):
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    r = await world.members["ad"].run("plan info", {"weather": "小雨 Light rain 9°C", "notes": "带伞 Bring umbrellas"},
                                      channel=world.channels["ad-office"])
    assert r.ephemeral and "weather" in r.text
    r = await world.members["ad2"].run("plan show", {}, channel=world.channels["ad-office"])
    assert "Light rain" in r.text and "Bring umbrellas" in r.text
    r = await world.members["ad"].run("plan info", {}, channel=world.channels["ad-office"])
    assert "没有要修改" in r.text
