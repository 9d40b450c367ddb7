"""Issue 14 end to end through the sandbox: a night shoot wraps after midnight, the AD gets the
producer's daily report as a draft (chart and spreadsheet attached) and signs it off once; it then
reaches the producers' channel and each producer's DM in their language, with the XLSX. Publishing
the next day's call sheet, which breaks the 12-hour turnaround, warns the AD with names and hours;
the AD publishes anyway with a reason, which is recorded once and shown in the report."""

import asyncio
import io
from datetime import datetime

import openpyxl

from db.repositories.plan import PlanRepo
from db.repositories.report import ReportRepo
from tests.e2e.conftest import SH, open_production

PLAN_CSV = """[days]
date,day,total_days,general_call,wrap,lunch,lunch_minutes,supper,supper_minutes,base,weather,sunrise,notes
2026-11-23,1,2,18:00,22:34,,,21:00,30,,,,
2026-11-24,2,2,09:00,15:00,12:00,30,,,,,,
[sets]
name,building,road,notes
别墅客厅 Villa living room,1号楼 Building 1,秦淮路 Qinhuai Road,
法院法庭 Courtroom,7号楼 Building 7,广州街 Guangzhou Street,
[walks]
from,to,minutes
别墅客厅 Villa living room,法院法庭 Courtroom,4
[cast]
actor,makeup_minutes,pickup_minutes
林晓 Lin Xiao,60,
Sarah Miller,60,
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes,makeup,wardrobe,art,lighting,camera,sound
2026-11-23,1-1,1,别墅客厅 Villa living room,INT,NIGHT,Su Wan moves in.,苏晚 Su Wan=林晓 Lin Xiao,60,,,,,,
2026-11-23,1-2,1,别墅客厅 Villa living room,INT,NIGHT,The rules.,,60,,,,,,
2026-11-23,2-9,2,法院法庭 Courtroom,INT,NIGHT,The hearing opens.,,60,,,,,,
2026-11-23,2-10,2,法院法庭 Courtroom,INT,NIGHT,Vivian testifies.,Vivian=Sarah Miller,60,,,,,,
2026-11-23,2-11,2,法院法庭 Courtroom,INT,NIGHT,The verdict.,Vivian=Sarah Miller,30,,,,,,
2026-11-24,3-1,3,别墅客厅 Villa living room,INT,DAY,Morning after.,苏晚 Su Wan=林晓 Lin Xiao,60,,,,,,
2026-11-24,3-2,3,别墅客厅 Villa living room,INT,DAY,Breakfast fight.,,60,,,,,,
"""

JOINS = {
    "ad": ("ad", "第一副导演", True, "zh-CN"),
    "ad2": ("ad", "2nd AD", False, "en-US"),
    "producer": ("producer", "制片人", False, "zh-CN"),
    "gaffer": ("lighting", "灯光师", True, "zh-CN"),
    "lead_f": ("cast", "女主", False, "zh-CN"),
    "villain": ("cast", "Vivian", False, "en-US"),
}


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def to(harness, sandbox, clock, when: datetime) -> None:
    clock.set(when)
    await harness.bot.cues.settle()
    await sandbox.settle()


def bot_posts(sandbox, channel):
    return [m for m in channel.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned]


def names(message) -> list[str]:
    return [a.filename for a in message.attachments]


def xlsx_of(message) -> openpyxl.Workbook:
    data = next(a.data for a in message.attachments if a.filename.endswith(".xlsx"))
    return openpyxl.load_workbook(io.BytesIO(data))


async def set_up(world, sandbox, harness):
    prod, day1 = await open_production(world, sandbox, harness, joins=JOINS, plan_csv=PLAN_CSV, day=at(0).date(), scenes=5, sync=False)
    r = await world.members["ad"].run("production channel", {"purpose": "producers", "channel": world.channels["producers"]},
                                      channel=world.channels["ad-office"])
    assert "制片频道" in r.text, r.text
    return prod, day1


async def test_sign_off_sends_the_report_to_the_producers_and_the_rest_guard_warns(harness, world, sandbox, clock):
    prod, day1 = await set_up(world, sandbox, harness)
    ad, producer, set_ch, office = world.members["ad"], world.members["producer"], world.channels["set"], world.channels["ad-office"]
    producers = world.channels["producers"]
    # an English-speaking producer asks for the report by DM (the Chinese one gets it as the production's 制片)
    olivia = world.guild.add_member("Olivia Grant", roles=[world.roles["Producer"]], locale="en-US")
    r = await olivia.run("report dm", {}, channel=office)
    assert r.ephemeral and "by DM" in r.text, r.text

    # the evening before: day 1's call sheet goes out (nobody worked the day before: no warning); day 2's
    # 08:00 calls already break the turnaround after day 1's planned wrap
    await to(harness, sandbox, clock, at(16))
    r = await olivia.run("rest check", {"day": "2"}, channel=office)
    assert r.ephemeral and "breaks the rest rules" in r.text and "Wang Qiang" in r.text, r.text
    r = await ad.run("callsheet publish", {"day": "1"}, channel=office, timeout=20)
    await r.wait_done(20)
    assert "第 1 版" in r.text or "v1" in r.text, r.text

    # the night: first shot 18:05, a scene dropped, the wrap at 00:40 (past midnight)
    for when, command, options in (
        (at(18, 5), "shoot start", {}),
        (at(19, 10), "shoot next", {}),
        (at(19, 30), "shoot delay", {"minutes": 10, "reason": "下雨 rain on the set"}),
        (at(20, 0), "shoot skip", {"scene": "2-10", "reason": "女主发烧 lead has a fever", "to": "2026-11-24"}),
        (at(20, 15), "shoot next", {}),
        (at(21, 0), "shoot meal", {"meal": "supper"}),
        (at(21, 25), "shoot resume", {}),
        (at(23, 50), "shoot next", {}),
        (at(0, 40, 24), "shoot wrap", {}),
    ):
        await to(harness, sandbox, clock, when)
        r = await ad.run(command, options, channel=set_ch, timeout=20)
        await r.wait_done(20)
        assert not any(m.ephemeral for m in [r.message, *r.followups] if m is not None and "只有副导演" in m.text), r.text  # not refused
    await to(harness, sandbox, clock, at(0, 41, 24))

    # the draft: in the AD office, in the production's language, with the chart and the spreadsheet and the buttons
    draft = next(m for m in reversed(bot_posts(sandbox, office)) if "制片日报" in m.text)
    assert "草稿" in draft.text and "次日 00:40" in draft.text and "2-10" in draft.text
    # what the live day recorded: the delay and the skip with their reasons, the scene carried to the pool
    assert "下雨 rain on the set" in draft.text and "女主发烧 lead has a fever" in draft.text, draft.text
    assert "2-10：女主发烧 lead has a fever → 顺延至第 2 天（11-24）" in draft.text, draft.text  # dropped, why, the day it moved to
    assert "晚饭：21:00 放饭，21:25 回现场（25分钟）" in draft.text, draft.text  # the meal as the AD called it and the return
    assert sorted(names(draft)) == [f"report-CEO1-2026-11-23.png", f"report-CEO1-2026-11-23.xlsx"]
    assert next(a.data for a in draft.attachments if a.filename.endswith(".png")).startswith(b"\x89PNG")
    sign = next(c for c in draft.custom_ids() if c.startswith("setcall:report:sign:"))
    assert not bot_posts(sandbox, producers) and not producer.dms[-1:] or "制片日报" not in producer.dms[-1].text

    # a crew member cannot sign it off; two ADs pressing at once sign it off once
    r = await world.members["gaffer"].click(draft, sign)
    assert r.ephemeral and "副导演" in r.text, r.text
    r, r2 = await asyncio.gather(ad.click(draft, sign), world.members["ad2"].click(draft, sign))
    await r.wait_done()
    await r2.wait_done()
    signed, refused = (r, r2) if r.type == 7 else (r2, r)
    await signed.wait_followups(1)
    assert signed.followups[-1].ephemeral and ("已签发" in signed.followups[-1].text or "Signed off" in signed.followups[-1].text)
    assert refused.ephemeral and ("已由" in refused.text or "Already signed off" in refused.text), refused.text
    assert all(c.get("disabled") for row in draft.components for c in row.get("components", []))  # the draft's buttons are done
    assert "签发" in draft.embeds[-1]["footer"]["text"]  # and it says who signed it
    await harness.bot.cues.settle()
    await sandbox.settle()

    post = bot_posts(sandbox, producers)[-1]
    assert "制片日报" in post.text and "签发" in post.text and "report-CEO1-2026-11-23.xlsx" in names(post)
    zh = producer.dms[-1]
    assert "制片日报" in zh.text and "report-CEO1-2026-11-23.xlsx" in names(zh)
    en = olivia.dms[-1]
    assert "Producer's daily report" in en.text and "Signed off by 周敏 Zhou Min" in en.text and "report-CEO1-2026-11-23.xlsx" in names(en)
    assert "Scenes" in xlsx_of(en).sheetnames and "场次" in xlsx_of(zh).sheetnames
    assert len([m for m in olivia.dms if "Producer's daily report" in m.text]) == 1  # once

    # pressing again (an answer lost on the way) does not send it twice
    async with harness.bot.db.read() as tx:
        stored = await ReportRepo.latest(tx, day1.id)
    assert stored.status == "signed" and stored.signed_by_name == "周敏 Zhou Min"

    # day 2's call sheet: the crew wrapped at 00:40 (lighting struck until 01:10); 08:00 calls break the 12 h turnaround
    await to(harness, sandbox, clock, at(1, 0, 24))
    r = await world.members["gaffer"].run("rest rules", {}, channel=office)
    assert r.ephemeral and "间隔休息 12 小时" in r.text, r.text
    r = await olivia.run("rest check", {"day": "2"}, channel=office)
    assert r.ephemeral and "this call sheet breaks the rest rules" in r.text and "Wang Qiang" in r.text, r.text
    r = await ad.run("callsheet publish", {"day": "2"}, channel=office, timeout=20)
    await r.wait_done(20)
    warning = r.followups[-1]
    assert warning.ephemeral and "未发布" in warning.text and "王强 Wang Qiang" in warning.text and "休息时间" in warning.text, warning.text
    async with harness.bot.db.read() as tx:
        from db.repositories.callsheet import CallsheetRepo

        day2 = await PlanRepo.day(tx, prod.id, at(0, 0, 24).date())
        assert await CallsheetRepo.latest(tx, day2.id) is None  # nothing went out
    override = next(c for c in warning.custom_ids() if c.startswith("setcall:rest:override:"))
    shown = await ad.click(warning, override)
    done = await ad.submit_modal(shown, {"reason": "医院场景明天只到 15:00"}, timeout=20)
    await done.wait_done(20)
    assert "原因已记录" in done.text, done.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    async with harness.bot.db.read() as tx:
        assert (await CallsheetRepo.latest(tx, day2.id)).version == 1
    # the AD presses "publish anyway" on the old warning again (the answer looked lost): not a second publish
    shown = await ad.click(warning, override)
    again = await ad.submit_modal(shown, {"reason": "医院场景明天只到 15:00"}, timeout=20)
    await again.wait_done(20)
    assert "已经发出" in again.text, again.text
    async with harness.bot.db.read() as tx:
        assert (await CallsheetRepo.latest(tx, day2.id)).version == 1

    # the producer reads day 1 again: the override and its reason are in the report
    r = await olivia.run("report day", {"day": "1"}, channel=office, timeout=30)
    await r.wait_done(30)
    assert r.ephemeral and "published despite the rest rules" in r.text.lower() or "despite the rest rules" in r.text, r.text
    assert "医院场景明天只到 15:00" in r.text

    # the park view: a producer sees the productions they produce, one line each; crew are refused
    r = await olivia.run("report park", {}, channel=office, timeout=30)
    await r.wait_done(30)
    assert r.ephemeral and "**CEO1**" in r.text and "day 1/2" in r.text and "short of rest" in r.text, r.text
    r = await world.members["gaffer"].run("report park", {}, channel=office)
    assert r.ephemeral and "CEO1" not in r.text, r.text
