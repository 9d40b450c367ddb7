"""Issue 4 end to end through the sandbox: the real discord.py client runs the live day. Call
reminders arrive as DMs in each person's language, next-set / pre-light / company-move / wrap
notices in the right channels in the production's language, a slip re-times and tells the one
actor whose call moved, two ADs pressing "next" at once advance once, a restart mid-day loses and
doubles nothing, closed DMs fall back to the department channel mentioning only that person."""

import asyncio
from datetime import datetime

import pytest

from tests.e2e.conftest import SH, open_production

DAY = "2026-11-23"

PLAN_CSV = """[days]
date,day,total_days,general_call,wrap,lunch,lunch_minutes,supper,supper_minutes,base,weather,sunrise,notes
2026-11-23,1,6,06:00,14:00,12:00,30,18:30,45,,,,
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
2026-11-23,1-1,1,别墅客厅 Villa living room,INT,DAY,Su Wan moves in.,苏晚 Su Wan=林晓 Lin Xiao,60,,,,,,
2026-11-23,1-2,1,别墅客厅 Villa living room,INT,DAY,The rules.,,60,,,,,,
2026-11-23,2-9,2,法院法庭 Courtroom,INT,DAY,The hearing opens.,,60,,,法槌 gavel,冷调顶光 cold top light,,
2026-11-23,2-10,2,法院法庭 Courtroom,INT,DAY,Vivian testifies.,Vivian=Sarah Miller,60,,,,,,
2026-11-23,2-11,2,法院法庭 Courtroom,INT,DAY,The verdict.,Vivian=Sarah Miller,30,,,,,,
"""
# Plan: 06:00 1-1 · 07:00 1-2 · 4 min walk · 08:04 2-9 · 09:04 2-10 · 10:04 2-11 · wrap 10:34.
# Calls: gaffer and art 05:00, Lin Xiao 05:00 (scene 1-1 minus 60 min makeup), Sarah Miller 08:04.

@pytest.fixture
def settings(world, tmp_path):
    """This is about the live day's cues: calls worked out minute by minute, with no rounding to the
    5-minute step and no rehearsal lead (the call rules are tested in tests/e2e/test_callsheet_everyone.py)."""
    return world.settings(tmp_path / "e2e.db", extra={"calls": {"round_minutes": 1, "rehearsal_minutes": 0}})


JOINS = {
    "ad": ("ad", "第一副导演", True, "zh-CN"),
    "ad2": ("ad", "2nd AD", False, "en-US"),
    "gaffer": ("lighting", "灯光师", True, "zh-CN"),
    "art": ("art", "美术指导", True, "zh-CN"),
    "lead_f": ("cast", "女主", False, "zh-CN"),
    "villain": ("cast", "Vivian", False, "en-US"),
}


def shown(result):
    """What the member sees of an answer: a refused AD action's public "thinking..." is removed and
    the refusal comes privately."""
    return next(m for m in [result.message, *result.followups] if m is not None and not m.deleted)


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def set_up(world, sandbox, harness, *, language: str | None = None) -> tuple[int, int]:
    # what publishing the call sheet (or the next start-up) does: plan the day's reminders
    prod, day = await open_production(world, sandbox, harness, joins=JOINS, plan_csv=PLAN_CSV, day=datetime.fromisoformat(DAY).date(),
                                      scenes=5, language=language, file_name="day1.csv")
    return prod.id, day.id


async def to(harness, sandbox, clock, when: datetime) -> None:
    clock.set(when)
    await harness.bot.cues.settle()
    await sandbox.settle()


def bot_posts(sandbox, channel):
    return [m for m in channel.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned]


async def test_a_live_day_in_chinese(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    ad, ad2 = world.members["ad"], world.members["ad2"]
    gaffer, lead, sarah = world.members["gaffer"], world.members["lead_f"], world.members["villain"]
    set_ch, lighting, art = world.channels["set"], world.channels["lighting"], world.channels["art"]

    # 04:00: call reminders, each in the person's language; the gaffer's DMs are closed
    gaffer.dm_open = False
    await to(harness, sandbox, clock, at(4))
    assert "⏰" in lead.dms[-1].text and "**05:00**" in lead.dms[-1].text and "通告时间" in lead.dms[-1].text
    fallback = bot_posts(sandbox, lighting)[-1]
    assert f"<@{gaffer.id}>" in fallback.content and "05:00" in fallback.content
    assert fallback.mentions == [gaffer.id]  # mentions only the person it is for
    assert not sarah.dms  # her call is at 08:04

    # 06:00 first shot; 07:00 moving on: the next scene is on another set
    await to(harness, sandbox, clock, at(6))
    r = await ad.run("shoot start", {}, channel=set_ch)
    assert not r.ephemeral and "今日开拍" in r.text and "第一镜" in r.text and "1-1" in r.text and "开机" not in r.text, r.text
    await to(harness, sandbox, clock, at(7))
    r = await ad.run("shoot next", {}, channel=set_ch)
    assert not r.ephemeral and "1-1 拍完，下一场 **1-2**" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    notice = bot_posts(sandbox, set_ch)[-1]
    assert "准备全组转场" in notice.content and "法院法庭 Courtroom, 7号楼 Building 7, 广州街 Guangzhou Street" in notice.content
    assert "约 08:04" in notice.content and "步行 4 分钟" in notice.content
    assert str(notice.nonce).startswith("sc")  # sent with a nonce (and enforce_nonce)
    prelight = bot_posts(sandbox, lighting)[-1].content
    assert "灯光组请提前到" in prelight and "铺光" in prelight and "冷调顶光" in prelight
    assert "美术/道具组请提前到" in bot_posts(sandbox, art)[-1].content and "法槌" in bot_posts(sandbox, art)[-1].content

    # 07:02 a 20-minute slip: Sarah's call moves 08:04 -> 08:24. An actor's call waits for the AD:
    # one proposal in the AD office; nobody is DMed until the AD sends it
    await to(harness, sandbox, clock, at(7, 2))
    dms_before = {k: len(world.members[k].dms) for k in JOINS}
    r = await ad.run("shoot delay", {"minutes": 20, "reason": "灯泡坏了"}, channel=set_ch)
    assert "20" in r.message.text and "副导演频道" not in r.message.text, r.text  # the crew channel gets no cue bookkeeping
    await r.wait_followups(2)  # the public answer fills "thinking...", then the AD's own note
    assert r.followups[-1].ephemeral and "1 位演员的通告变动" in r.followups[-1].text  # the AD alone does
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert {k: len(world.members[k].dms) for k in JOINS} == dms_before
    office = world.channels["ad-office"]
    proposal = bot_posts(sandbox, office)[-1]
    assert "Vivian" not in proposal.content and "Sarah Miller" in proposal.content and "08:04 → **08:24**" in proposal.content
    assert not proposal.mentions
    send_all = next(c for c in proposal.custom_ids() if c.startswith("setcall:act:cc_all:"))
    r = await lead.click(proposal, send_all)  # crew cannot answer for the AD
    assert r.ephemeral and "副导演" in r.text
    await ad.click(proposal, send_all)
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert "moved **20 min later**" in sarah.dms[-1].text and "08:24" in sarah.dms[-1].text
    assert {k: len(world.members[k].dms) for k in JOINS if k != "villain"} == {k: v for k, v in dms_before.items() if k != "villain"}
    await to(harness, sandbox, clock, at(7, 23))  # her reminder was due 07:04; now 07:24
    assert not any("Reminder" in m.text for m in sarah.dms), [m.text for m in sarah.dms]
    await to(harness, sandbox, clock, at(7, 24))
    assert "Reminder: your call is **08:24**" in sarah.dms[-1].text

    # 08:20 two ADs press "next" at once: the day advances once
    await to(harness, sandbox, clock, at(8, 20))
    r1, r2 = await asyncio.gather(ad.run("shoot next", {}, channel=set_ch), ad2.run("shoot next", {}, channel=set_ch))
    await r1.wait_done()
    await r2.wait_done()
    public = [r for r in (r1, r2) if not shown(r).ephemeral]
    refused = [r for r in (r1, r2) if shown(r).ephemeral]
    assert len(public) == 1 and len(refused) == 1, (r1.text, r2.text)
    assert "2-9" in shown(public[0]).text
    assert "Already moved on" in shown(refused[0]).text or "已经下一场" in shown(refused[0]).text
    await harness.bot.cues.settle()
    await sandbox.settle()
    moves = [m for m in bot_posts(sandbox, set_ch) if m.content.startswith("🚶 全组转场")]
    assert len(moves) == 1 and "别墅客厅 Villa living room → **法院法庭 Courtroom" in moves[0].content

    # restart mid-day: nothing lost, nothing doubled
    counts = {name: len(bot_posts(sandbox, ch)) for name, ch in world.channels.items()}
    dm_counts = {k: len(world.members[k].dms) for k in JOINS}
    await harness.restart()
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert {name: len(bot_posts(sandbox, ch)) for name, ch in world.channels.items()} == counts
    assert {k: len(world.members[k].dms) for k in JOINS} == dm_counts

    # the rest of the day, then the wrap
    for t, scene in ((at(9, 24), "2-10"), (at(10, 24), "2-11")):
        await to(harness, sandbox, clock, t)
        r = await ad.run("shoot next", {}, channel=set_ch)
        assert scene in r.text, r.text
    await to(harness, sandbox, clock, at(10, 58))
    r = await ad.run("shoot wrap", {}, channel=set_ch)
    assert "收工" in r.text and "10:58" in r.text, r.text
    # the wrap also drafts the producer's report (its chart is the process's first matplotlib figure,
    # drawn in a thread)
    await harness.bot.cues.settle()
    await sandbox.settle()
    wrap = bot_posts(sandbox, set_ch)[-1]
    assert "收工" in wrap.content and "第 1/6 天" in wrap.content and "共拍 5 场" in wrap.content
    # ONE wrap message in the set channel: the AD's own answer is for the AD alone
    assert r.ephemeral and len([m for m in set_ch.messages if "收工！" in m.content and not m.ephemeral]) == 1

    # status for the English-speaking 2nd AD, in English, only for her
    r = await ad2.run("shoot status", {}, channel=set_ch)
    assert r.ephemeral and "Day 1 of 6" in r.text and "Wrapped at 10:58" in r.text, r.text

    # a crew member cannot move the day on
    r = await lead.run("shoot next", {}, channel=set_ch)
    assert r.ephemeral and "副导演" in r.text


async def test_a_live_day_in_english(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness, language="en-US")
    ad, lead = world.members["ad"], world.members["lead_f"]
    set_ch, lighting = world.channels["set"], world.channels["lighting"]
    await to(harness, sandbox, clock, at(4))
    assert "通告时间是 **05:00**" in lead.dms[-1].text  # DMs stay in the person's language
    await to(harness, sandbox, clock, at(6, 10))
    r = await ad.run("shoot start", {}, channel=set_ch)
    assert "First shot" in r.text and "10 min behind plan" in r.text, r.text
    r = await ad.run("shoot skip", {"scene": "1-2"}, channel=set_ch)
    assert "dropped" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    notice = bot_posts(sandbox, set_ch)[-1]
    assert notice.content.startswith("➡️ Company move next: **法院法庭 Courtroom, 7号楼 Building 7, 广州街 Guangzhou Street**, about 07:14, 4 min walk")
    assert "pre-light" in bot_posts(sandbox, lighting)[-1].content
    r = await ad.run("shoot status", {}, channel=set_ch)
    assert r.ephemeral and "第 1/6 天" in r.text and "1-2" in r.text  # the AD's own (Chinese) client
    # /shoot skip offers the scenes still to shoot
    choices = await ad.autocomplete("shoot skip", {"scene": "court"}, focused="scene", channel=set_ch)
    assert [c["value"] for c in choices] == ["2-9", "2-10", "2-11"]
