"""Issue 9 end to end through the sandbox: a scene overruns with no AD input and later cues move;
a set move pings nobody while a company move says what moves; the AD calls the meal and the return
(one message each); the AD approves a batch of cast call changes and only those actors are DMed;
no DM goes out in quiet hours (the chase happens the evening before, the AD gets the list); a
skipped scene appears on the chosen day's sheet (顺延: /plan show, the published call sheet and the
lineup each person is DMed) or in the unscheduled pool that /plan show lists and /plan move places;
one wrap message."""

from datetime import date, datetime, timedelta

from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.progress import ProgressRepo
from tests.e2e.conftest import SH, open_production
from tests.e2e.test_liveday import bot_posts, to

PLAN_CSV = """[days]
date,day,total_days,general_call,wrap,lunch,lunch_minutes,supper,supper_minutes
2026-11-23,1,6,06:00,12:30,11:00,30,,
2026-11-24,2,6,06:00,12:00,,,,
[sets]
name,building,road,base,generator,vehicles
医院病房 Ward,5号楼 Building 5,明清街,5号楼服化间 B5 makeup,,
医院走廊 Corridor,5号楼 Building 5,明清街,5号楼服化间 B5 makeup,,
法院法庭 Courtroom,7号楼 Building 7,广州街,7号楼服化间 B7 makeup,是,群演大巴 extras bus
[walks]
from,to,minutes
医院病房 Ward,医院走廊 Corridor,1
医院走廊 Corridor,法院法庭 Courtroom,8
[cast]
actor,makeup_minutes,pickup_minutes
林晓 Lin Xiao,60,
Sarah Miller,60,
何美玲 He Meiling,60,
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes,lighting,art
2026-11-23,1-1,1,医院病房 Ward,INT,DAY,Bedside.,苏晚=林晓 Lin Xiao,60,,
2026-11-23,1-2,1,医院走廊 Corridor,INT,DAY,Phone calls.,,60,走廊顶灯,
2026-11-23,1-3,1,医院走廊 Corridor,INT,DAY,The contract.,,60,,
2026-11-23,2-1,2,法院法庭 Courtroom,INT,DAY,The hearing.,Vivian=Sarah Miller,60,冷调顶光,法槌
2026-11-23,2-2,2,法院法庭 Courtroom,INT,DAY,The witness.,沈心=何美玲 He Meiling,60,,
2026-11-23,2-3,2,法院法庭 Courtroom,INT,DAY,The verdict.,,30,,
2026-11-24,3-1,3,医院病房 Ward,INT,DAY,Next morning.,苏晚=林晓 Lin Xiao,60,,
"""
# Day 1 as planned: 06:00 1-1 · 1 min walk, set move · 07:01 1-2 · 08:01 1-3 · 8 min walk, company
# move · 09:09 2-1 · 10:09 2-2 · lunch 11:09-11:39 (the boundary closest to 11:00) · 11:39 2-3 ·
# wrap 12:09. Actors are called rehearsal (15 min) and makeup (60 min) before their first scene,
# rounded down to 5 minutes: Lin Xiao 04:45, Sarah Miller 07:50 (09:09 - 75 = 07:54), He Meiling
# 08:50 (10:09 - 75 = 08:54).

JOINS = {
    "ad": ("ad", "第一副导演", True, "zh-CN"),
    "ad2": ("ad", "2nd AD", False, "en-US"),
    "gaffer": ("lighting", "灯光师", True, "zh-CN"),
    "art": ("art", "美术指导", True, "zh-CN"),
    "canteen": ("canteen", "食堂", False, "zh-CN"),
    "lead_f": ("cast", "女主", False, "zh-CN"),
    "villain": ("cast", "Vivian", False, "en-US"),
    "support": ("cast", "沈心", False, "zh-CN"),
}


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def set_up(world, sandbox, harness) -> tuple[int, int]:
    prod, day = await open_production(world, sandbox, harness, joins=JOINS, plan_csv=PLAN_CSV, day=date(2026, 11, 23), scenes=6,
                                      file_name="days.csv")
    return prod.id, day.id


async def pending(harness, day_id: int) -> dict:
    async with harness.bot.db.read() as tx:
        return {c.key: c for c in await CueRepo.for_day(tx, day_id) if c.status == "pending"}


async def steps(harness, sandbox, clock, start: datetime, end: datetime, minutes: int = 5) -> None:
    t = start
    while t <= end:
        await to(harness, sandbox, clock, t)
        t += timedelta(minutes=minutes)


async def test_an_overrun_retimes_later_cues_with_no_ad_input_and_moves_and_meals_read_right(harness, world, sandbox, clock):
    prod_id, day_id = await set_up(world, sandbox, harness)
    ad = world.members["ad"]
    set_ch, lighting, art, canteen = world.channels["set"], world.channels["lighting"], world.channels["art"], world.channels["canteen"]
    await to(harness, sandbox, clock, at(6))
    await ad.run("shoot start", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(7))
    pings_before = (len(bot_posts(sandbox, lighting)), len(bot_posts(sandbox, art)))
    r = await ad.run("shoot next", {}, channel=set_ch)  # ward -> corridor: same building, a 1 min walk
    assert "1-2" in r.text, r.text
    await to(harness, sandbox, clock, at(7, 1))
    set_move = bot_posts(sandbox, set_ch)[-1].content
    assert set_move.startswith("🔀 换景") and "医院走廊 Corridor" in set_move and "步行 1 分钟" in set_move
    assert (len(bot_posts(sandbox, lighting)), len(bot_posts(sandbox, art))) == pings_before  # nobody pinged

    await to(harness, sandbox, clock, at(8))
    await ad.run("shoot next", {}, channel=set_ch)  # 1-3 begins; the courtroom (Building 7) is next: a company move
    await to(harness, sandbox, clock, at(8, 1))
    assert "铺光" in bot_posts(sandbox, lighting)[-1].content and "冷调顶光" in bot_posts(sandbox, lighting)[-1].content
    assert "陈设" in bot_posts(sandbox, art)[-1].content and "法槌" in bot_posts(sandbox, art)[-1].content

    # 1-3 should end 09:00; it runs 20 minutes over and nobody presses anything
    before = await pending(harness, day_id)
    heads_up = before[f"live:{day_id}:meal_warning:lunch"]
    assert heads_up.due == at(10, 8) and heads_up.target.channel_id == canteen.id  # an hour before lunch at 11:08
    posts_before = len(bot_posts(sandbox, set_ch))
    await steps(harness, sandbox, clock, at(8, 5), at(9, 20))
    after = await pending(harness, day_id)
    assert after[f"live:{day_id}:meal_warning:lunch"].due == at(10, 28)  # re-timed by itself, 20 min later
    status = await harness.bot.liveday.status(prod_id, day_id)
    assert status.projection.overrun_minutes == 20 and status.projection.behind_minutes == 19  # it started a minute early
    async with harness.bot.db.read() as tx:
        replans = [c for c in await CueRepo.for_day(tx, day_id) if c.kind == "replan" and c.status == "sent"]
    assert len(replans) >= 4  # the clock re-projected the day every 5 minutes while it ran over
    assert len(bot_posts(sandbox, set_ch)) == posts_before  # a re-plan posts nothing itself

    # the company move, with what moves
    r = await ad.run("shoot next", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(9, 21))
    move = bot_posts(sandbox, set_ch)[-1].content
    assert move.startswith("🚶 全组转场") and "法院法庭 Courtroom" in move
    assert "服化间移到 7号楼服化间 B7 makeup" in move and "发电车" in move and "群演大巴 extras bus" in move

    # the AD calls lunch (放饭) and the return (返场): one message each in the set channel
    await to(harness, sandbox, clock, at(10, 30))
    await ad.run("shoot next", {}, channel=set_ch)  # 2-2
    await to(harness, sandbox, clock, at(11, 30))
    await ad.run("shoot next", {}, channel=set_ch)  # 2-3
    r = await ad.run("shoot meal", {"meal": "lunch"}, channel=set_ch)
    assert r.ephemeral and "午饭" in r.text and "12:00" in r.text, r.text
    await to(harness, sandbox, clock, at(11, 31))
    called = [m for m in bot_posts(sandbox, set_ch) if "放饭" in m.content]
    assert len(called) == 1 and "12:00" in called[0].content and "回现场" in called[0].content
    assert "午饭" in bot_posts(sandbox, canteen)[-1].content and "11:30" in bot_posts(sandbox, canteen)[-1].content
    r = await ad.run("shoot meal", {"meal": "lunch"}, channel=set_ch)
    assert r.ephemeral and ("正在放饭" in r.text or "已经放过" in r.text), r.text
    await to(harness, sandbox, clock, at(11, 55))
    r = await ad.run("shoot resume", {}, channel=set_ch)
    assert r.ephemeral and "返场" in r.text, r.text
    await to(harness, sandbox, clock, at(11, 56))
    back = [m for m in bot_posts(sandbox, set_ch) if "返场" in m.content]
    assert len(back) == 1 and "2-3" in back[0].content
    # behind/ahead: the projected wrap against the planned one (12:09), the same in every reply
    status = await harness.bot.liveday.status(prod_id, day_id)
    assert status.projection.wrap == at(12, 25) and status.projection.behind_minutes == 16

    await to(harness, sandbox, clock, at(12, 25))
    r = await ad.run("shoot wrap", {}, channel=set_ch)
    assert r.ephemeral and "收工" in r.text
    await to(harness, sandbox, clock, at(12, 26))
    wraps = [m for m in set_ch.messages if "收工！" in m.content and not m.ephemeral]
    assert len(wraps) == 1 and "落后计划 16分钟" in wraps[0].content


async def test_the_ad_approves_a_batch_of_cast_call_changes_and_only_those_actors_are_dmed(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    ad, sarah, meiling, lead = world.members["ad"], world.members["villain"], world.members["support"], world.members["lead_f"]
    set_ch, office = world.channels["set"], world.channels["ad-office"]
    await to(harness, sandbox, clock, at(6))
    await ad.run("shoot start", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(6, 30))
    dms = {k: len(world.members[k].dms) for k in JOINS}
    await ad.run("shoot delay", {"minutes": 30, "reason": "生病 actress unwell"}, channel=set_ch)
    await to(harness, sandbox, clock, at(6, 31))
    assert {k: len(world.members[k].dms) for k in JOINS} == dms  # nobody is DMed before the AD decides
    proposal = bot_posts(sandbox, office)[-1]
    # lunch (11:00) now falls before 2-2 (11:09 - 15 - 60 = 09:54 -> 09:50), so He Meiling moves an hour
    assert "Sarah Miller：07:50 → **08:20**" in proposal.content and "何美玲 He Meiling：08:50 → **09:50**" in proposal.content
    pick = next(c for c in proposal.custom_ids() if c.startswith("setcall:act:cc_pick:"))
    r = await lead.click(proposal, pick)
    assert r.ephemeral and "副导演" in r.text  # an actor cannot answer for the AD
    r = await ad.click(proposal, pick)
    menu = next(c for c in r.message.custom_ids() if c.startswith("setcall:sel:cc_picked:"))
    r = await ad.select(r.message, menu, [str(sarah.id)])
    assert "Sarah Miller" in r.text and "何美玲 He Meiling" in r.text, r.text
    await to(harness, sandbox, clock, at(6, 32))
    assert len(sarah.dms) == dms["villain"] + 1 and "moved **30 min later**" in sarah.dms[-1].text and "08:20" in sarah.dms[-1].text
    assert len(meiling.dms) == dms["support"]  # held: she keeps the call she knows
    assert {k: len(world.members[k].dms) for k in JOINS} == dms | {"villain": dms["villain"] + 1}  # only the one approved
    shown = next(m for m in office.messages if m.id == proposal.id)
    assert "已通知 1 人" in shown.content and not shown.custom_ids()  # decided: no more buttons
    # her reminder (an hour before) still follows the call she knows (08:50), Sarah's the one she was sent
    await to(harness, sandbox, clock, at(7, 25))
    assert "⏰" in sarah.dms[-1].text and "08:20" in sarah.dms[-1].text
    await to(harness, sandbox, clock, at(7, 55))
    assert "⏰" in meiling.dms[-1].text and "08:50" in meiling.dms[-1].text


async def test_no_dm_in_quiet_hours_the_chase_happens_the_evening_before(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    ad, office = world.members["ad"], world.channels["ad-office"]
    r = await ad.run("callsheet publish", {"day": "2026-11-23"}, channel=office, timeout=60)
    await r.wait_done(60)
    await to(harness, sandbox, clock, at(20, 30, d=22))
    seen = {k: len(world.members[k].dms) for k in JOINS}
    when: list[tuple[datetime, str, str]] = []
    t = at(20, 35, d=22)
    while t <= at(6, 0):
        await to(harness, sandbox, clock, t)
        for k in JOINS:
            for m in world.members[k].dms[seen[k]:]:
                when.append((t, k, m.text))
            seen[k] = len(world.members[k].dms)
        t += timedelta(minutes=5)
    calls = {"canteen": at(4), "gaffer": at(5), "art": at(5), "lead_f": at(4, 45), "ad": at(5, 30), "ad2": at(5, 30),
             "villain": at(7, 50), "support": at(8, 50)}
    quiet = [(w, k, text[:40]) for w, k, text in when if at(23, d=22) <= w < min(calls[k] - timedelta(hours=2), at(8))]
    assert quiet == []  # each person's quiet hours: 23:00 to 2 h before their own call
    chases = [(w, k) for w, k, text in when if "📋" in text]
    assert chases and all(w == at(22, d=22) for w, _ in chases)  # chased the evening before
    phone = [m for m in bot_posts(sandbox, office) if "📞" in m.content]
    assert len(phone) == 1 and "王强 Wang Qiang" in phone[0].content


async def test_a_skipped_scene_goes_to_the_chosen_days_sheet_or_the_pool(harness, world, sandbox, clock):
    prod_id, day_id = await set_up(world, sandbox, harness)
    ad = world.members["ad"]
    set_ch, office = world.channels["set"], world.channels["ad-office"]
    await to(harness, sandbox, clock, at(6))
    await ad.run("shoot start", {}, channel=set_ch)
    choices = await ad.autocomplete("shoot skip", {"scene": "1-2", "to": ""}, focused="to", channel=set_ch)
    assert [c["value"] for c in choices] == ["pool", "2026-11-24"]
    r = await ad.run("shoot skip", {"scene": "1-2", "to": "2026-11-23", "reason": "x"}, channel=set_ch)
    assert "之后" in r.text and not r.message.text.startswith("✂️"), r.text  # not a later day: refused, nothing written
    r = await ad.run("shoot skip", {"scene": "1-2", "to": "2026-11-24", "reason": "走廊被占用 corridor taken"}, channel=set_ch)
    assert not r.ephemeral and "顺延到第 2 天" in r.text, r.text
    r = await ad.run("shoot skip", {"scene": "2-3", "reason": "时间不够 out of time"}, channel=set_ch)
    assert "顺延待排" in r.text, r.text
    async with harness.bot.db.read() as tx:
        progress = await ProgressRepo.load(tx, day_id)
        day2 = await PlanRepo.day(tx, prod_id, date(2026, 11, 24))
        pool = await PlanRepo.pool(tx, prod_id)
    assert [(s.scene, s.reason, s.carried_to) for s in progress.skips] == [("1-2", "走廊被占用 corridor taken", "2026-11-24"),
                                                                           ("2-3", "时间不够 out of time", "pool")]
    assert [s.number for s in day2.scenes] == ["3-1", "1-2"] and day2.scene("1-2").carried_from == date(2026, 11, 23)
    assert [s.number for _, s, _ in pool] == ["2-3"]
    # the later day's sheet shows it as carried over (顺延); /plan show lists the pool
    r = await ad.run("plan show", {"day": "2026-11-24"}, channel=office)
    await r.wait_done(10)
    await r.wait_followups(1)
    shown = r.all_text()
    assert "1-2" in shown and "11-23 顺延" in shown and "顺延待排" in shown and "2-3" in shown, shown
    # /plan move places the pooled scene on a day
    r = await ad.run("plan move", {"scene": "2-3", "position": 1, "day": "2026-11-24"}, channel=office)
    assert r.ephemeral and "2-3" in r.text and "第 1 位" in r.text, r.text
    async with harness.bot.db.read() as tx:
        day2 = await PlanRepo.day(tx, prod_id, date(2026, 11, 24))
        pool = await PlanRepo.pool(tx, prod_id)
    assert [s.number for s in day2.scenes] == ["2-3", "3-1", "1-2"] and pool == []
    # the call sheet of that day, as published: the carried-over scenes marked 顺延, in the announcement
    # and in the lineup each person is DMed
    r = await ad.run("callsheet publish", {"day": "2026-11-24"}, channel=office, timeout=60)
    await r.wait_done(60)
    await harness.bot.cues.settle()  # the reply waits for the deliveries only so long
    sheet = "\n".join(m.shown for m in bot_posts(sandbox, world.channels["announcements"]))
    assert "**1-2** 第1集 · 日内 · 医院走廊 Corridor · 60分钟 （11-23 顺延）" in sheet and "**2-3** 第2集" in sheet, sheet
    assert "**3-1** 第3集 · 日内 · 医院病房 Ward · 60分钟\n" in sheet  # planned for that day: not marked
    assert "🚶 转场 → 医院病房 Ward (5号楼 Building 5 · 明清街)（步行时间未设）" in sheet  # no walk in the table: not "0 min"
    assert "🔀 换景 → 医院走廊 Corridor (5号楼 Building 5 · 明清街)（同楼，步行 1 分钟）" in sheet
    lineup = world.members["lead_f"].dms[-1].shown
    assert "`07:31` 1-2 · 医院走廊 Corridor · 日内 （11-23 顺延）" in lineup and "▶ `06:30` **3-1**" in lineup, lineup
    # the wrap lists what was carried over, once
    await to(harness, sandbox, clock, at(7))
    await ad.run("shoot wrap", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(7, 1))
    wraps = [m for m in set_ch.messages if "收工！" in m.content and not m.ephemeral]
    assert len(wraps) == 1 and "顺延：1-2、2-3" in wraps[0].content
