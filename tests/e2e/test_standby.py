"""Issue 12 end to end through the sandbox: a manual standby reaches the department channel (the
head role pinged, nobody else), the AD's board and the on-duty people's DMs, each in their own
language; answers update both boards; the escalation ladder goes step by step and stops on an
answer; buttons and the ladder survive a restart; the refusals."""

from datetime import timedelta

import pytest

from tests.e2e.standby_setup import at, bot_posts, set_up, to


@pytest.fixture
def settings(world, tmp_path):
    """Only the calls these tests make (the plan's own are tests/e2e/test_standby_auto.py's)."""
    return world.settings(tmp_path / "e2e.db", extra={"standby": {"auto": []}})


def labels(message) -> list[str]:
    return [c.get("label") for row in message.components for c in row.get("components", [])]


def custom_id(message, index: int) -> str:
    return [c["custom_id"] for row in message.components for c in row.get("components", [])][index]


def last(sandbox, channel):
    posts = bot_posts(sandbox, channel)
    return posts[-1] if posts else None


async def test_a_lighting_standby_reaches_the_channel_the_head_role_and_the_on_duty_dms(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(8, 10))
    ad, gaffer, spark, spark2 = (world.members[k] for k in ("ad", "gaffer", "spark", "spark2"))
    office, lighting = world.channels["ad-office"], world.channels["lighting"]
    r = await spark.run("duty off", {}, channel=office)
    assert "离岗" in r.text

    r = await ad.run("standby", {"department": "lighting", "what": "2-7 法庭 冷调顶光 @everyone", "set": "courtroom", "in": 10},
                     channel=office)
    await r.wait_done()
    assert r.ephemeral, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    post = last(sandbox, lighting)
    assert post is not None, [m.text for m in lighting.messages]
    role = world.roles["Lighting head"]
    assert post.mention_roles == [role.id] and post.mentions == [] and not post.mention_everyone  # the head role, not everyone
    assert f"<@&{role.id}>" in post.content and "候场" in post.content
    assert "法院法庭 Courtroom" in post.text and "7号楼 Building 7 · 2F" in post.text and "08:20" in post.text
    assert "@\u200beveryone" in post.text  # free text never pings
    assert labels(post) == ["收到", "已就位", "还要5分钟"]
    board = last(sandbox, office)
    assert board is not None and board.embeds and "候场" in board.text and board.mentions == [] and board.mention_roles == []
    # DMs: the gaffer in Chinese, the Thai spark in Thai; the off-duty spark and the caller get none
    assert "候场" in gaffer.dms[-1].text and labels(gaffer.dms[-1])[0] == "收到"
    assert "สแตนด์บาย" in spark2.dms[-1].text and labels(spark2.dms[-1]) == ["กำลังไป", "พร้อมแล้ว", "ขออีก 5 นาที"]
    assert not spark.dms and not any("候场" in m.text for m in ad.dms)
    assert "刘洋 Liu Yang" in board.text and "🔕" in board.text  # off duty, shown on the board

    # the Thai spark answers from his DM: his DM shows it, both boards show who answered what and when
    await to(harness, sandbox, clock, at(8, 11, ) + timedelta(seconds=30))
    r = await spark2.click(spark2.dms[-1], custom_id(spark2.dms[-1], 0))
    assert r.error is None, r
    await harness.bot.cues.settle()
    await sandbox.settle()
    post = sandbox.messages[post.id]
    assert "Somchai Boonmee — 收到 08:11（1分钟）" in post.text, post.text
    assert "Somchai Boonmee — 收到 08:11" in sandbox.messages[board.id].text
    assert "กำลังไป" in spark2.dms[-1].text and "08:11" in spark2.dms[-1].text, spark2.dms[-1].text


async def test_the_ladder_goes_step_by_step_and_stops_on_an_answer(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(8, 10))
    ad, gaffer, spark, spark2 = (world.members[k] for k in ("ad", "gaffer", "spark", "spark2"))
    office, lighting = world.channels["ad-office"], world.channels["lighting"]
    r = await ad.run("standby", {"department": "lighting", "what": "2-7 铺光"}, channel=office)
    await r.wait_done()
    await harness.bot.cues.settle()
    await sandbox.settle()
    post, board = last(sandbox, lighting), last(sandbox, office)
    role = world.roles["Lighting head"]

    # 3 minutes, no answer: the department channel is pinged again (the head role, buttons)
    await to(harness, sandbox, clock, at(8, 12, ) + timedelta(seconds=59))
    assert last(sandbox, lighting).id == post.id
    await to(harness, sandbox, clock, at(8, 13))
    again = last(sandbox, lighting)
    assert again.id != post.id and "再次呼叫" in again.content and again.mention_roles == [role.id], again.text
    assert labels(again) == ["收到", "已就位", "还要5分钟"]
    assert "已在频道再次呼叫" in sandbox.messages[post.id].text and "已在频道再次呼叫" in sandbox.messages[board.id].text
    heads_dms = len(gaffer.dms)

    # 6 minutes: the head of department is DMed
    await to(harness, sandbox, clock, at(8, 16))
    assert len(gaffer.dms) == heads_dms + 1 and "还没有人回复" in gaffer.dms[-1].text, gaffer.dms[-1].text
    assert "已私信组长" in sandbox.messages[board.id].text

    # 7 minutes: a spark answers "need 5 min" on the re-ping; the AD is never alerted
    await to(harness, sandbox, clock, at(8, 17))
    r = await spark.click(again, custom_id(again, 2))
    assert r.ephemeral and "还要5分钟" in r.text, r.text
    office_posts = len(bot_posts(sandbox, office))
    await to(harness, sandbox, clock, at(8, 30))
    assert len(bot_posts(sandbox, office)) == office_posts  # no AD alert
    text = sandbox.messages[board.id].text
    assert "刘洋 Liu Yang — 还要5分钟 08:17（7分钟）（到 08:22）" in text and "已通知副导演" not in text, text
    # pressed again: already answered; then Ready
    r = await spark.click(again, custom_id(again, 2))
    assert r.ephemeral and "已经回复过" in r.text
    r = await spark.click(sandbox.messages[post.id], custom_id(post, 1))
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert "刘洋 Liu Yang — 已就位 08:30" in sandbox.messages[post.id].text and "还要5分钟" not in sandbox.messages[post.id].text

    # nobody at all answers a second call: the AD office is alerted at 9 minutes, the caller mentioned
    r = await ad.run("standby", {"department": "lighting", "what": "收灯"}, channel=office)
    await r.wait_done()
    await to(harness, sandbox, clock, at(8, 30))  # its post and board go out now, not 9 minutes later beside the alert
    await to(harness, sandbox, clock, at(8, 39))
    alert = last(sandbox, office)
    assert "分钟无人回复" in alert.content and alert.mentions == [ad.id] and "收灯" in alert.content, alert.text


async def test_a_restart_in_the_middle_keeps_buttons_and_the_ladder(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(8, 10))
    ad, spark2 = world.members["ad"], world.members["spark2"]
    office, lighting = world.channels["ad-office"], world.channels["lighting"]
    r = await ad.run("standby", {"department": "lighting", "what": "发电车"}, channel=office)
    await r.wait_done()
    await harness.bot.cues.settle()
    await sandbox.settle()
    post = last(sandbox, lighting)
    dm = spark2.dms[-1]
    await harness.restart()
    await to(harness, sandbox, clock, at(8, 13))
    again = last(sandbox, lighting)
    assert again.id != post.id and "再次呼叫" in again.content  # the ladder survived
    # a button from before the restart still works
    r = await spark2.click(dm, custom_id(dm, 1))
    assert r.error is None
    await to(harness, sandbox, clock, at(8, 20))
    assert "Somchai Boonmee — 已就位 08:13" in sandbox.messages[post.id].text
    assert not any("已私信组长" in m.text for m in [sandbox.messages[post.id]])  # the ladder stopped
    assert sum("再次呼叫" in m.content for m in bot_posts(sandbox, lighting)) == 1  # nothing doubled


async def test_calling_one_actor_calls_their_makeup_artist(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    ad, makeup, makeup2, lead = (world.members[k] for k in ("ad", "makeup", "makeup2", "lead_f"))
    office, makeup_ch = world.channels["ad-office"], world.channels["makeup"]
    r = await makeup.run("duty pair", {"actor": "苏晚", "artist": makeup2}, channel=office)
    assert "跟妆" in r.text, r.text
    await to(harness, sandbox, clock, at(7, 40))
    # the person option offers the day's actors by character
    choices = await ad.autocomplete("standby", {"person": "苏"}, focused="person", channel=office)
    assert choices[0]["name"] == "苏晚 Su Wan · 林晓 Lin Xiao", choices
    r = await ad.run("standby", {"person": "苏晚", "in": 15}, channel=office)
    await r.wait_done()
    assert r.ephemeral and "林晓 Lin Xiao" in r.text and "佐藤美咲 Sato Misaki" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert "候场" in lead.dms[-1].text and "07:55" in lead.dms[-1].text
    assert "スタンバイ" in makeup2.dms[-1].text and "付きメイク" in makeup2.dms[-1].text, makeup2.dms[-1].text
    post = last(sandbox, makeup_ch)
    assert "苏晚 Su Wan (林晓 Lin Xiao)" in post.text and post.mention_roles == [] and post.mentions == []
    # the actor answers; the makeup head (not called) may answer for her artist; a spark may not
    r = await lead.click(lead.dms[-1], custom_id(lead.dms[-1], 0))
    assert r.error is None
    r = await world.members["spark"].click(post, custom_id(post, 1))
    assert r.ephemeral and "只有本组人员、组长和被叫到的人可以回复" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert "林晓 Lin Xiao) — 收到 07:40" in sandbox.messages[post.id].text
    assert "刘洋" not in sandbox.messages[post.id].text

    # an actor who is not on Discord: the board says to call them; no 跟妆 paired: the AD is told
    r = await ad.run("standby", {"person": "苏母"}, channel=office)
    await r.wait_done()
    assert "不在 Discord" in r.text and "还没有跟妆" in r.text, r.text


async def test_refusals(harness, world, sandbox, clock):
    await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(8, 10))
    ad, gaffer, spark, makeup2 = (world.members[k] for k in ("ad", "gaffer", "spark", "makeup2"))
    office, lighting = world.channels["ad-office"], world.channels["lighting"]
    before = {name: len(ch.messages) for name, ch in world.channels.items()}
    # crew cannot call a standby at all; a head of department only their own department
    r = await spark.run("standby", {"department": "lighting", "what": "x"}, channel=office)
    assert r.ephemeral and "组长" in r.text, r.text
    r = await gaffer.run("standby", {"department": "makeup", "what": "补妆"}, channel=office)
    assert r.ephemeral and "该组组长" in r.text, r.text
    r = await gaffer.run("standby", {"person": "苏晚"}, channel=office)  # an actor is not his department
    assert r.ephemeral and "该组组长" in r.text, r.text
    # unknown person / set: the nearest matches, nothing posted
    r = await ad.run("standby", {"person": "苏婉"}, channel=office)
    assert r.ephemeral and "没有“苏婉”" in r.text and "苏晚 Su Wan" in r.text, r.text
    r = await ad.run("standby", {"department": "lighting", "set": "法院 Court"}, channel=office)
    assert r.ephemeral and "没有场景“法院 Court”" in r.text and "法院法庭 Courtroom" in r.text, r.text
    r = await ad.run("standby", {"what": "nobody"}, channel=office)
    assert r.ephemeral and "叫谁候场" in r.text, r.text
    r = await world.members["ad2"].run("standby", {"person": "Zed **bold** <@1>"}, channel=office)
    assert r.ephemeral and "Nobody called" in r.text and "\\*\\*bold\\*\\*" in r.text and r.message.mentions == [], r.text
    await sandbox.settle()
    assert {name: len(ch.messages) for name, ch in world.channels.items()} == before

    # the gaffer calls his own department; a makeup artist cannot answer for lighting
    r = await gaffer.run("standby", {"department": "lighting", "what": "换灯"}, channel=lighting)
    await r.wait_done()
    assert r.ephemeral and "已叫候场" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    post = last(sandbox, lighting)
    r = await makeup2.click(post, custom_id(post, 0))
    assert r.ephemeral and "スタンバイ" in r.text and "照明" in r.text, r.text
    await sandbox.settle()
    assert "佐藤" not in sandbox.messages[post.id].text


async def test_sixty_people_closed_and_throttled_dms_fall_back_to_the_channel(harness, world, sandbox, clock):
    """Fan-out to 60 on duty: every DM goes out once; Discord throttling DM opens (40003) is waited
    out, not taken for closed DMs; the three with closed DMs (50007) are mentioned once in the
    department channel and both boards say who was not reached."""
    from db.repositories.crew import CrewRepo
    from db.repositories.standby import StandbyRepo

    prod_id, _ = await set_up(world, sandbox, harness)
    office, lighting = world.channels["ad-office"], world.channels["lighting"]
    extra = [world.guild.add_member(f"灯光{i:02d}", locale="zh-CN", dm_open=i % 20 != 7) for i in range(57)]
    async with harness.bot.db.transaction() as tx:  # 57 more on the crew (as /crew join stores them)
        for m in extra:
            await CrewRepo.upsert(tx, production_id=prod_id, user_id=m.id, display_name=m.name, department="lighting", title="灯光助理",
                                  is_head=False, language="zh-CN", dietary="", now=clock.now())
    closed = [m for i, m in enumerate(extra) if i % 20 == 7]
    await to(harness, sandbox, clock, at(8, 10))
    # Discord lets a burst of new DMs open, then says 40003 (here at the 46th): the rest wait their turn, at
    # the bot's pace after a 40003 (the throttle from the first DM on: tests/e2e/test_delivery.py)
    limits = sandbox.rate_limits
    limits.dm_open_burst, limits._dm_tokens = 60, 60.0
    throttle = sandbox.fail_next("POST", r"^/users/@me/channels$", status=403, code=40003, message="You are opening direct messages too fast",
                                 count=1, skip=45)
    r = await world.members["ad"].run("standby", {"department": "lighting", "what": "全组铺光"}, channel=office)
    await r.wait_done()
    assert "已叫候场" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    people = [world.members[k] for k in ("gaffer", "spark", "spark2")] + extra
    assert len(people) == 60 and throttle.count == 0
    for m in people:
        got = [d for d in m.dms if "全组铺光" in d.text]
        assert len(got) == (0 if m in closed else 1), (m.name, len(got))
    fallback = [p for p in bot_posts(sandbox, lighting) if "私信没有送达" in p.content]
    assert len(fallback) == 1 and sorted(fallback[0].mentions) == sorted(m.id for m in closed), [p.content for p in fallback]
    board = last(sandbox, office)
    assert "📵 私信未送达" in board.text and all(m.name in board.text for m in closed), board.text
    async with harness.bot.db.read() as tx:
        sb = (await StandbyRepo.recent(tx, prod_id, at(8)))[0]
    assert sorted(c.user_id for c in sb.called if c.reach == "fallback") == sorted(m.id for m in closed)
    assert not [e.detail for e in sandbox.events if e.kind == "ratelimit"]  # as fast as the limits allow, never a 429


async def test_response_times_are_stored_per_department_and_person(harness, world, sandbox, clock):
    from bot.domain.standby.times import summarize
    from db.repositories.standby import StandbyRepo

    prod_id, _ = await set_up(world, sandbox, harness)
    ad, gaffer, spark = world.members["ad"], world.members["gaffer"], world.members["spark"]
    office = world.channels["ad-office"]
    await to(harness, sandbox, clock, at(8, 10))
    r = await ad.run("standby", {"department": "lighting", "what": "A"}, channel=office)
    await r.wait_done()
    await to(harness, sandbox, clock, at(8, 12))
    await spark.click(spark.dms[-1], custom_id(spark.dms[-1], 0))
    await to(harness, sandbox, clock, at(8, 15))
    await gaffer.click(gaffer.dms[-1], custom_id(gaffer.dms[-1], 1))
    async with harness.bot.db.read() as tx:
        rows = await StandbyRepo.response_rows(tx, prod_id, at(0), at(23))
    depts, people = summarize(rows)
    assert [(d.key, d.calls, d.answered, d.median_seconds) for d in depts] == [("lighting", 1, 1, 120)]
    by = {p.name: p for p in people}
    assert by["刘洋 Liu Yang"].median_seconds == 120 and by["王强 Wang Qiang"].median_seconds == 300
    assert by["Somchai Boonmee"].answered == 0


async def test_a_standby_whose_answer_was_lost_is_not_called_twice(harness, world, sandbox, clock):
    """The call went out but Discord refused the AD's reply: pressing again says it was done, and
    the department is not called a second time."""
    from db.repositories.standby import StandbyRepo

    prod_id, _ = await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(8, 10))
    ad, office, lighting = world.members["ad"], world.channels["ad-office"], world.channels["lighting"]
    fault = sandbox.fail_next("POST", r"^/webhooks/\d+/[^/]+$", status=404, count=2, code=10015, message="Unknown Webhook")
    await ad.run("standby", {"department": "lighting", "what": "收灯"}, channel=office)
    await harness.bot.cues.settle()
    await sandbox.settle(quiet=0.2)
    assert fault.count == 0
    posts = len(bot_posts(sandbox, lighting))
    r = await ad.run("standby", {"department": "lighting", "what": "收灯"}, channel=office)
    assert r.ephemeral and "08:10" in r.text and "没有重复执行" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert len(bot_posts(sandbox, lighting)) == posts
    async with harness.bot.db.read() as tx:
        assert len(await StandbyRepo.recent(tx, prod_id, at(8))) == 1


async def test_people_off_call_are_not_dmed(harness, world, sandbox, clock):
    """04:00 on the shoot day: lighting's call is 05:00, so nobody is DMed yet (quiet hours); the
    channel post and the boards still show the call and say why."""
    await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(4))
    gaffer, spark = world.members["gaffer"], world.members["spark"]
    r = await world.members["ad"].run("standby", {"department": "lighting", "what": "灯车到了，卸车"}, channel=world.channels["ad-office"])
    await r.wait_done()
    assert "🌙" in r.text and "刘洋 Liu Yang" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert not any("灯车" in d.text for d in gaffer.dms + spark.dms)
    post = last(sandbox, world.channels["lighting"])
    assert "灯车到了" in post.content and "🌙" in post.text
    # from half an hour before their call they are
    await to(harness, sandbox, clock, at(4, 30))
    r = await world.members["ad"].run("standby", {"department": "lighting", "what": "灯车到了"}, channel=world.channels["ad-office"])
    await r.wait_done()
    await harness.bot.cues.settle()
    await sandbox.settle()
    assert "灯车到了" in gaffer.dms[-1].text


async def test_someone_neither_their_dm_nor_the_channel_reaches_is_told_to_the_ad(harness, world, sandbox, clock):
    """A closed DM falls back to a mention in #lighting; when that is refused too (the bot lost its
    permission there), the boards say the person was not reached at all and the AD office is told."""
    from db.repositories.crew import CrewRepo

    prod_id, _ = await set_up(world, sandbox, harness)
    lighting, office = world.channels["lighting"], world.channels["ad-office"]
    closed = world.guild.add_member("灯光 Zhou Closed", locale="zh-CN", dm_open=False)
    async with harness.bot.db.transaction() as tx:
        await CrewRepo.upsert(tx, production_id=prod_id, user_id=closed.id, display_name=closed.name, department="lighting", title="灯光助理",
                              is_head=False, language="zh-CN", dietary="", now=clock.now())
    await to(harness, sandbox, clock, at(8, 10))
    fault = sandbox.fail_next("POST", rf"^/channels/{lighting.id}/messages$", status=403, code=50013, message="Missing Permissions", skip=1)
    r = await world.members["ad"].run("standby", {"department": "lighting", "what": "收线"}, channel=office)
    await r.wait_done()
    await harness.bot.cues.settle()
    await sandbox.settle(quiet=0.5)
    assert fault.count == 0
    post = bot_posts(sandbox, lighting)[0]
    assert "❗" in sandbox.messages[post.id].text and "灯光 Zhou Closed" in sandbox.messages[post.id].text
    told = [m for m in bot_posts(sandbox, office) if f"<@{closed.id}>" in m.content]
    assert len(told) == 1 and told[0].mentions == [], [m.text for m in bot_posts(sandbox, office)][-1]
    # what happened to the DM (closed) and to the mention (the permission missing in #lighting), as Discord said it
    assert "关闭了私信（Discord 50007）" in told[0].content and f"我在 <#{lighting.id}> 缺少" in told[0].content, told[0].content
