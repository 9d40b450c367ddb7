"""Automatic standbys from the plan, end to end: each actor and their 跟妆 before the actor's
scene, a costume change one scene ahead, lighting ahead of a company move (the pre-light call, with
the next set's note); they move when the day slips, vanish when their scene is dropped, and their
ladder alerts the AD when nobody answers."""

from datetime import timedelta

from db.repositories.cues import CueRepo
from db.repositories.standby import StandbyRepo
from tests.e2e.standby_setup import at, bot_posts, set_up, to


async def auto_cues(harness, day_id):
    async with harness.bot.db.read() as tx:
        return {c.key.split(":", 2)[2]: c for c in await CueRepo.for_day(tx, day_id) if c.kind == "standby_auto"}


async def test_automatic_standbys_move_with_the_day_and_vanish_with_their_scene(harness, world, sandbox, clock):
    prod_id, day_id = await set_up(world, sandbox, harness)
    ad, makeup, makeup2, lead, villain = (world.members[k] for k in ("ad", "makeup", "makeup2", "lead_f", "villain"))
    office, set_ch = world.channels["ad-office"], world.channels["set"]
    r = await makeup.run("duty pair", {"actor": "苏晚", "artist": makeup2}, channel=office)
    assert "跟妆" in r.text

    cues = await auto_cues(harness, day_id)
    pending = {k for k, c in cues.items() if c.status == "pending"}
    assert {"actor:1-5", "change:2-6", "actor:2-7", "prelight:2-7", "actor:2-8", "change:2-8", "prelight:1-11"} <= pending, pending
    # 苏晚 comes straight from 1-5 (06:00-06:35) into 2-6's coat: the 10-minute wardrobe change counts, 2-6 rolls
    # 06:45, ends 07:15, and after the 7-minute walk 2-7 rolls 07:22 (Vivian called 15 minutes before)
    assert cues["change:2-6"].due == at(6) and cues["actor:2-7"].due == at(7, 7)
    assert cues["change:2-6"].payload["department"] == "wardrobe" and cues["change:2-8"].payload["department"] == "makeup"
    assert cues["change:2-8"].payload["what"] == "苏晚 憔悴 tired look"  # her look changes for 2-8: makeup, one scene ahead

    # 05:45: the actress and her 跟妆 are called to set for 1-5, each in her language
    await to(harness, sandbox, clock, at(5, 45))
    assert "1-5" in lead.dms[-1].text and "06:00" in lead.dms[-1].text and "候场" in lead.dms[-1].text, lead.dms[-1].text
    assert "スタンバイ" in makeup2.dms[-1].text and "1-5" in makeup2.dms[-1].text

    # 06:00 first shot: her costume change for 2-6 is called one scene ahead, in #wardrobe
    await to(harness, sandbox, clock, at(6))
    r = await ad.run("shoot start", {}, channel=set_ch)
    await r.wait_done()
    await to(harness, sandbox, clock, at(6, 1))
    change = [m for m in bot_posts(sandbox, world.channels["wardrobe"]) if "换装" in m.content]
    assert change and "2-6 苏晚换装 米色大衣，**06:45** 前到 5号楼 Building 5 · 3F 病房 301 候场" in change[-1].content, change[-1].content
    assert any("2-6" in d.text and "换装" in d.text for d in world.members["wardrobe"].dms)

    wardrobe_ch, wardrobe = world.channels["wardrobe"], world.members["wardrobe"]
    async with harness.bot.db.read() as tx:
        called = await StandbyRepo.by_auto_key(tx, cues["change:2-6"].key)
        ladder = [(c.key, c.due) for c in await StandbyRepo.cues(tx, f"standby:{called.id}:esc:")]
    posts_before, dms_before = len(bot_posts(sandbox, wardrobe_ch)), {k: len(world.members[k].dms) for k in ("lead_f", "makeup2", "wardrobe")}

    # a 20-minute slip moves every automatic standby still to come by 20 minutes
    before = await auto_cues(harness, day_id)
    r = await ad.run("shoot delay", {"minutes": 20}, channel=set_ch)
    await r.wait_done()
    after = await auto_cues(harness, day_id)
    for key in ("actor:2-7", "actor:2-8", "change:2-8", "prelight:1-11"):
        assert after[key].due - before[key].due == timedelta(minutes=20), key

    # the change call went out already (06:45): 20 minutes is past the re-notify threshold (15), so its post and board
    # say 07:05 now, and the people it reached are told once, each in their language; no role pinged, no new post
    await to(harness, sandbox, clock, clock.now() + timedelta(seconds=5))
    post = sandbox.messages[change[-1].id]
    assert "**07:05** 前到" in post.text and "已改到 **07:05**（原定 06:45）" in post.text, post.text
    assert len(bot_posts(sandbox, wardrobe_ch)) == posts_before  # edited, not posted again: the head role is not pinged again
    lin, artist, head = lead.dms[-1].text, makeup2.dms[-1].text, wardrobe.dms[-1].text
    assert "**候场时间有变**（原定 06:45）" in lin and "**07:05** 前到" in lin, lin
    assert "**スタンバイ時間の変更**（元は 06:45）" in artist and "07:05" in artist, artist
    assert "候场时间有变" in head and [len(world.members[k].dms) - dms_before[k] for k in dms_before] == [1, 1, 1]
    async with harness.bot.db.read() as tx:  # the ladder keeps its times
        assert [(c.key, c.due) for c in await StandbyRepo.cues(tx, f"standby:{called.id}:esc:")] == ladder
        assert (await StandbyRepo.get(tx, called.id)).due == at(7, 5)

    # 1-5 (35 min) runs 15 minutes over and nobody presses anything: the live-day clock re-plans the
    # day and every automatic standby still to come moves with it
    before = await auto_cues(harness, day_id)
    for minute in range(5, 75, 5):  # 1-5 now ends 06:55; by 07:10 it has run 15 minutes over
        await to(harness, sandbox, clock, at(6) + timedelta(minutes=minute))
    after = await auto_cues(harness, day_id)
    for key in ("actor:2-7", "actor:2-8", "change:2-8", "prelight:1-11"):
        assert after[key].due - before[key].due == timedelta(minutes=15), (key, before[key].due, after[key].due)
    # 2-6 is now expected at 07:20, 15 minutes past what the change call last said (07:05): told again; the board
    # keeps the time first called
    assert "**07:20** 前到" in lead.dms[-1].text and "（原定 07:05）" in lead.dms[-1].text, lead.dms[-1].text
    assert len(lead.dms) - dms_before["lead_f"] == 2 and "已改到 **07:20**（原定 06:45）" in sandbox.messages[change[-1].id].text
    # the pre-light for 2-7 is due when 2-6 rolls, 10 minutes after 1-5 ends (the change): still to come while 1-5 runs over
    assert after["prelight:2-7"].status == "pending" and after["prelight:2-7"].due > clock.now()

    # 07:10 the AD moves on: 2-6 begins, and rolls at 07:20 once 苏晚 has changed; lighting is sent ahead then
    r = await ad.run("shoot next", {}, channel=set_ch)
    await r.wait_done()
    assert (await auto_cues(harness, day_id))["prelight:2-7"].due == at(7, 20)
    await to(harness, sandbox, clock, at(7, 20) + timedelta(seconds=5))
    assert (await auto_cues(harness, day_id))["prelight:2-7"].status == "sent"

    # 2-7 is dropped: its standbys are cancelled; Vivian is now called for 2-8, lighting pre-lights for 2-8
    r = await ad.run("shoot skip", {"scene": "2-7"}, channel=set_ch)
    await r.wait_done()
    after = await auto_cues(harness, day_id)
    assert after["actor:2-7"].status == "cancelled"
    async with harness.bot.db.read() as tx:  # its pre-light, called already, is called off
        assert (await StandbyRepo.by_auto_key(tx, after["prelight:2-7"].key)).state == "cancelled"
    assert after["actor:2-8"].status == "pending" and after["actor:2-8"].payload["actors"][-1][0] == "Sarah Miller"  # now with Vivian
    # 2-8 now follows 2-6 and 苏晚 comes straight from it into 2-8's tired look: makeup's 15 minutes (the 7-minute
    # walk runs alongside) hold 2-8 until 08:05; Vivian is called 15 minutes before
    assert after["actor:2-8"].due == at(7, 50) and after["change:2-8"].payload["at"] == at(8, 5).isoformat()
    # 2-6 rolled at 07:20, so the pre-light for 2-8 is due at once: the pump may already have claimed it; it is
    # not cancelled
    assert after["prelight:2-8"].due <= clock.now() and after["prelight:2-8"].status in ("pending", "sending", "sent")

    # the pre-light call: the lighting head role pinged, the next set with its note, a spark kept on set
    lighting = world.channels["lighting"]
    await to(harness, sandbox, clock, clock.now() + timedelta(seconds=5))
    post = bot_posts(sandbox, lighting)[-1]
    assert post.mention_roles == [world.roles["Lighting head"].id] and "灯光组请提前到" in post.content and "法院法庭 Courtroom" in post.content
    assert "当前现场留 1 人" in post.content, post.content
    thai = world.members["spark2"].dms[-1].text  # each reader is told in their language how many stay on set
    assert "法院法庭 Courtroom" in thai and "ให้เหลือคนไว้ที่เซ็ตปัจจุบัน 1 คน" in thai and "当前现场留" not in thai, thai
    assert not any("预先布光" in m.content for m in bot_posts(sandbox, lighting))  # one call, not a notice besides
    # nobody answers: an automatic call's ladder tells the AD office after 3 minutes
    alerts = len(bot_posts(sandbox, office))
    await to(harness, sandbox, clock, clock.now() + timedelta(minutes=3))
    assert len(bot_posts(sandbox, office)) > alerts and "无人回复" in bot_posts(sandbox, office)[-1].content

    # 2-8 is dropped after its pre-light was called: that call is cancelled (the board says so, nobody is chased)
    r = await ad.run("shoot skip", {"scene": "2-8"}, channel=set_ch)
    await r.wait_done()
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert "已取消" in sandbox.messages[post.id].text, sandbox.messages[post.id].text
    async with harness.bot.db.read() as tx:
        assert (await StandbyRepo.by_auto_key(tx, after["prelight:2-8"].key)).state == "cancelled"
    _ = villain


async def test_a_called_change_that_moves_tells_a_closed_dm_in_the_channel_without_pinging_the_role(harness, world, sandbox, clock):
    """The wardrobe head's DMs are closed: the change call mentioned her in #wardrobe. When the day slips
    past the re-notify threshold she is mentioned once more there with the new time (her, not the head
    role); a slip under the threshold tells nobody."""
    _, day_id = await set_up(world, sandbox, harness)
    ad, wardrobe, lead = world.members["ad"], world.members["wardrobe"], world.members["lead_f"]
    wardrobe.dm_open = False
    channel, set_ch = world.channels["wardrobe"], world.channels["set"]
    await to(harness, sandbox, clock, at(6))
    r = await ad.run("shoot start", {}, channel=set_ch)
    await r.wait_done()
    await to(harness, sandbox, clock, at(6, 1))
    mentions = [m for m in bot_posts(sandbox, channel) if wardrobe.id in m.mentions]
    assert len(mentions) == 1 and "私信没有送达" in mentions[0].content, [m.content for m in bot_posts(sandbox, channel)]

    # 10 minutes: under the threshold, nobody is told (the board keeps 06:45)
    r = await ad.run("shoot delay", {"minutes": 10}, channel=set_ch)
    await r.wait_done()
    await to(harness, sandbox, clock, at(6, 2))
    posts, lin = len(bot_posts(sandbox, channel)), len(lead.dms)
    assert "**06:45**" in bot_posts(sandbox, channel)[0].text and len(lead.dms) == lin
    # 10 more: 20 minutes from what was said, so told: a mention of her alone (no role), and the actress's DM
    r = await ad.run("shoot delay", {"minutes": 10}, channel=set_ch)
    await r.wait_done()
    await to(harness, sandbox, clock, at(6, 3))
    new = bot_posts(sandbox, channel)[posts:]
    assert len(new) == 1 and new[0].mentions == [wardrobe.id] and new[0].mention_roles == [], [m.content for m in new]
    assert "候场时间有变" in new[0].content and "**07:05** 前到" in new[0].content and "原定 06:45" in new[0].content
    assert len(lead.dms) == lin + 1 and "07:05" in lead.dms[-1].text
    _ = day_id


async def test_the_plans_calls_list_actors_and_looks_in_each_readers_language(harness, world, sandbox, clock):
    """The actor call for 1-5 names two actors, the change call for 2-6 a costume change: each DM lists
    them the reader's way (a Chinese reader 、, an English one ", "), the channel post in the production's
    language with the Thai second line in Thai; the names as typed, escaped, never re-ordered."""
    from db.repositories.crew import CrewRepo

    prod_id, _ = await set_up(world, sandbox, harness)
    ad, makeup, makeup2, lead, wardrobe = (world.members[k] for k in ("ad", "makeup", "makeup2", "lead_f", "wardrobe"))
    office, set_ch = world.channels["ad-office"], world.channels["set"]
    r = await ad.run("production language", {"second": "th"}, channel=office)
    await r.wait_done()
    await makeup.run("duty pair", {"actor": "苏晚", "artist": makeup2}, channel=office)
    async with harness.bot.db.transaction() as tx:  # 林晓 reads English (as /crew join language:en-US stores it)
        m = await CrewRepo.get(tx, prod_id, lead.id)
        await CrewRepo.upsert(tx, production_id=prod_id, user_id=m.user_id, display_name=m.display_name, department=m.department,
                              title=m.title, is_head=m.is_head, language="en-US", dietary=m.dietary, now=clock.now())

    # 05:45: 苏晚 and 苏母 (her actress is not on Discord) are called to set for 1-5
    await to(harness, sandbox, clock, at(5, 45))
    zh, en = "苏晚 Su Wan (林晓 Lin Xiao)、苏母 Su's mother (李秀英 Li Xiuying)", "苏晚 Su Wan (林晓 Lin Xiao), 苏母 Su's mother (李秀英 Li Xiuying)"
    assert en in lead.dms[-1].text and "、" not in lead.dms[-1].text, lead.dms[-1].text
    assert zh in makeup2.dms[-1].text, makeup2.dms[-1].text  # Japanese lists with 、 too
    post = bot_posts(sandbox, world.channels["makeup"])[-1]
    first, second = post.content.split("\n-# ", 1)
    assert zh in first and en in second, post.content  # the channel's language, then the Thai line

    # 06:00: the costume change for 2-6, in each reader's words
    await to(harness, sandbox, clock, at(6))
    r = await ad.run("shoot start", {}, channel=set_ch)
    await r.wait_done()
    await to(harness, sandbox, clock, at(6, 1))
    assert "苏晚 changes into 米色大衣" in lead.dms[-1].text, lead.dms[-1].text
    assert "苏晚 衣装替え 米色大衣" in makeup2.dms[-1].text and "苏晚换装 米色大衣" in wardrobe.dms[-1].text
    post = bot_posts(sandbox, world.channels["wardrobe"])[-1]
    assert "2-6 苏晚换装 米色大衣" in post.content and "苏晚 เปลี่ยนชุด 米色大衣" in post.content, post.content
