"""Issue 12 in every language, and hostile presses: a production whose channels speak English calls
lighting, camera, sound, makeup and one actor; each person called gets the DM and the buttons in their
own language (Chinese, Thai, Korean, Spanish, Japanese, English) and answers from it; the boards
stay in the channel's language. Then the presses nobody should get through: a double click, a
stranger, another production's crew, someone removed from the crew, forged custom_ids; long names
with emoji and markdown."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bot.sandbox.errors import SandboxTimeout
from bot.sandbox.interactions import MESSAGE_COMPONENT, PendingInteraction
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo
from db.repositories.standby import StandbyRepo
from tests.e2e.conftest import join_code_of
from tests.e2e.standby_setup import at, bot_posts, set_up, to


@pytest.fixture
def settings(world, tmp_path):
    return world.settings(tmp_path / "e2e.db", extra={"standby": {"auto": []}})


def labels(message) -> list[str]:
    return [c.get("label") for row in message.components for c in row.get("components", [])]


def custom_id(message, index: int) -> str:
    return [c["custom_id"] for row in message.components for c in row.get("components", [])][index]


async def call(harness, sandbox, member, options, channel):
    r = await member.run("standby", options, channel=channel)
    await r.wait_done()
    assert r.ephemeral, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    return r


def dm_with(member, text: str):
    found = [d for d in member.dms if text in d.text and d.components]
    assert found, (member.name, [d.text for d in member.dms])
    return found[-1]


async def test_each_person_called_gets_the_dm_and_buttons_in_their_own_language(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness, language="en-US")
    await to(harness, sandbox, clock, at(8, 10))
    m = world.members
    office, lighting, set_ch, makeup_ch = (world.channels[k] for k in ("ad-office", "lighting", "set", "makeup"))

    r = await call(harness, sandbox, m["ad2"], {"department": "lighting", "what": "2-7 cold top light", "in": 10}, office)
    assert "Standby called" in r.text, r.text
    post = bot_posts(sandbox, lighting)[-1]
    assert "**Standby** · Lighting & grip: 2-7 cold top light" in post.content and post.mention_roles == [world.roles["Lighting head"].id]
    assert labels(post) == ["On my way", "Ready", "Need 5 min"]  # the channel's language
    await call(harness, sandbox, m["ad"], {"department": "camera", "what": "2-7 轨道 dolly"}, office)
    camera_post = bot_posts(sandbox, set_ch)[-1]  # no camera channel: the set channel, nobody pinged
    assert "**Standby** · Camera" in camera_post.content and camera_post.mention_roles == [] and camera_post.mentions == []
    await call(harness, sandbox, m["ad"], {"department": "sound", "what": "2-7 boom"}, office)
    await call(harness, sandbox, m["ad"], {"department": "makeup", "what": "补妆 touch-up"}, office)
    await call(harness, sandbox, m["ad"], {"person": "Vivian", "in": 15}, office)
    assert "Vivian (Sarah Miller)" in bot_posts(sandbox, makeup_ch)[-1].text

    expected = {  # who: (the DM says, the buttons, the answer pressed, their DM then says)
        "gaffer": ("候场", ["收到", "已就位", "还要5分钟"], 1, "你的回复：**已就位**"),
        "spark2": ("สแตนด์บาย", ["กำลังไป", "พร้อมแล้ว", "ขออีก 5 นาที"], 0, "คำตอบของคุณ: **กำลังไป**"),
        "dp": ("스탠바이", ["가는 중", "준비 완료", "5분만요"], 1, "내 응답: **준비 완료**"),
        "sound": ("En espera", ["Voy", "Listo", "5 min más"], 2, "Tu respuesta: **5 min más**"),
        "makeup2": ("スタンバイ", ["向かいます", "準備OK", "あと5分"], 0, "あなたの返事：**向かいます**"),
        "villain": ("Standby", ["On my way", "Ready", "Need 5 min"], 0, "Your answer: **On my way**"),
    }
    await to(harness, sandbox, clock, at(8, 11))
    for key, (says, buttons, press, then) in expected.items():
        dm = dm_with(m[key], says)
        assert labels(dm) == buttons, (key, labels(dm))
        r = await m[key].click(dm, custom_id(dm, press))
        assert r.error is None, (key, r)
        assert then in sandbox.messages[dm.id].text, (key, sandbox.messages[dm.id].text)
    await harness.bot.cues.settle()
    await sandbox.settle()
    # the boards answer in the channel's language whoever pressed
    text = sandbox.messages[post.id].text
    assert "王强 Wang Qiang — Ready at 08:11" in text and "Somchai Boonmee — On my way at 08:11" in text, text
    assert "김민준 Kim Min-jun — Ready at 08:11" in sandbox.messages[camera_post.id].text
    board = [p for p in bot_posts(sandbox, office) if "Carlos Ruiz" in p.text]
    assert board and "Carlos Ruiz — Need 5 min at 08:11" in board[-1].text and "(until 08:16)" in board[-1].text, board[-1].text


async def test_hostile_presses_are_refused_and_change_nothing(harness, world, sandbox, clock):
    prod_id, _ = await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(8, 10))
    m, g = world.members, world.guild
    office, lighting = world.channels["ad-office"], world.channels["lighting"]
    what = "🔦🔦 2-7 **大灯** <@&1> @here " + "长" * 150
    await call(harness, sandbox, m["ad"], {"department": "lighting", "what": what, "in": 5}, office)
    post = bot_posts(sandbox, lighting)[-1]
    assert post.mentions == [] and not post.mention_everyone and post.mention_roles == [world.roles["Lighting head"].id]
    assert "\\*\\*大灯\\*\\*" in post.content and "@\u200bhere" in post.content, post.content
    async with harness.bot.db.read() as tx:
        sb = (await StandbyRepo.recent(tx, prod_id, at(8)))[0]

    async def answers():
        async with harness.bot.db.read() as tx:
            return (await StandbyRepo.get(tx, sb.id)).answers

    # a double click: two presses of the same button at once are one answer
    spark = m["spark"]
    first, second = await asyncio.gather(spark.click(post, custom_id(post, 0)), spark.click(post, custom_id(post, 0)))
    texts = sorted([first.text, second.text])
    assert any("已经回复过" in x for x in texts) and any("你的回复" in x for x in texts), texts
    assert [a.name for a in await answers()] == ["刘洋 Liu Yang"]

    # a stranger on the server; the crew of another production (its own lighting); someone removed
    stranger = g.add_member("Stranger 🙂", locale="en-US")
    r = await stranger.click(post, custom_id(post, 1))
    assert r.ephemeral and "CEO1" in r.text, r.text
    b_office = g.create_channel("b-office")
    manager = g.add_member("Studio Manager", locale="en-US", manage_guild=True)
    r = await manager.run("production create", {"name": "Blood Oath", "code": "B2", "language": "en-US"}, channel=b_office)
    assert not r.ephemeral, r.text
    b2_code = await join_code_of(harness, g.id, "B2")
    b2_gaffer = g.add_member("B2 Gaffer", locale="en-US")
    r = await b2_gaffer.run("crew join", {"title": "Gaffer", "department": "lighting", "head": True, "code": b2_code}, channel=b_office)
    assert "Welcome" in r.text, r.text
    r = await b2_gaffer.click(post, custom_id(post, 1))
    assert r.ephemeral and "not on CEO1's crew" in r.text, r.text
    r = await m["ad"].run("crew remove", {"member": m["spark2"]}, channel=office)
    dm = m["spark2"].dms[-1]
    r = await m["spark2"].click(dm, custom_id(dm, 0))
    assert r.ephemeral and "CEO1" in r.text and "คำตอบ" not in r.text, r.text
    assert [a.name for a in await answers()] == ["刘洋 Liu Yang"]

    # forged custom_ids (a modified client): discord.py runs a button's code only for a custom_id that
    # is on the message clicked (as Discord checks), so an unknown standby or another production's
    # standby put in by hand reaches nothing
    async def forged(member, cid: str):
        pending = PendingInteraction(sandbox, MESSAGE_COMPONENT, member.user, lighting, {"custom_id": cid, "component_type": 2},
                                     member=member._member_here(lighting), locale=member.user.locale, source=post, label=f"forged [{cid}]")
        with pytest.raises(SandboxTimeout):
            await member._fire(pending, 1.0)

    async with harness.bot.db.transaction() as tx:  # B2's own standby, stored the way /standby stores one
        b2 = await ProductionRepo.by_code(tx, g.id, "B2")
        other = replace(sb, id=0, production_id=b2.id, day_id=None, called=(), answers=(), steps=(), what="B2 secret")
        other_id = await StandbyRepo.create(tx, other, now=clock.now())
    assert other_id is not None
    await forged(m["gaffer"], "setcall:sb:999999999999999999:ready")
    await forged(b2_gaffer, f"setcall:sb:{other_id}:ready")
    await forged(m["gaffer"], f"setcall:sb:{sb.id}:approve")
    async with harness.bot.db.read() as tx:
        assert (await StandbyRepo.get(tx, other_id)).answers == ()
    assert [a.name for a in await answers()] == ["刘洋 Liu Yang"]

    # long names with emoji and markdown: the board escapes them and stays within Discord's limits
    async with harness.bot.db.transaction() as tx:
        await CrewRepo.upsert(tx, production_id=prod_id, user_id=m["spark"].id, display_name="💡💡 **刘洋** " + "光" * 60,
                              department="lighting", title="灯光助理", is_head=False, language="zh-CN", dietary="", now=clock.now())
    await call(harness, sandbox, m["ad"], {"department": "lighting", "what": "🌕" * 200}, office)
    long_post = bot_posts(sandbox, lighting)[-1]
    assert len(long_post.content) <= 2000 and "🌕" in long_post.content
    r = await m["spark"].click(long_post, custom_id(long_post, 1))
    assert r.error is None, r
    await harness.bot.cues.settle()
    await sandbox.settle()
    text = sandbox.messages[long_post.id].text
    assert "\\*\\*刘洋\\*\\*" in text and "已就位" in text, text
