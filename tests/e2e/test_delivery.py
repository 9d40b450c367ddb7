"""Issue 8 (and issue 7's concurrent publishes and truthful messages) end to end, the real client
against the sandbox with Discord's limits on: a 5xx storm on one announcement message, Embed Links
missing, the DM-open throttle, a refused DM that is not "DMs closed", two ADs publishing at once,
failed cues told to the AD and shown in /shoot status, permissions checked where the AD can fix them."""

import asyncio
import logging
from datetime import timedelta

import pytest

from bot.sandbox import permissions as P
from tests.e2e.test_callsheet import ALL_JOINS, crew, import_file, publish  # noqa: F401  (crew: a fixture)
from tests.plan_fixtures import sample_bytes

DAY = "2026-11-23"


@pytest.fixture
def settings(world, tmp_path):
    # the AD's reply waits at most 3 s for the DMs (the rest is reported to the AD channel)
    return world.settings(tmp_path / "e2e.db", extra={"outbox": {"publish_wait_seconds": 3}})


def bot_posts(sandbox, channel):
    return [m for m in channel.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned]


def told(sandbox, world):
    return [m.content for m in bot_posts(sandbox, world.channels["ad-office"])]


async def settle(harness, sandbox):
    await harness.bot.cues.settle()
    await sandbox.settle()


async def test_a_5xx_storm_on_one_announcement_message_is_retried_reported_and_sent_again(harness, world, sandbox, clock, crew):
    sandbox.rate_limits.relax()  # about Discord failing, not about its rate limits
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    ann = world.channels["announcements"]
    # Discord answers 503 to the second announcement message three times (every try the bot makes)
    storm = sandbox.fail_next("POST", rf"^/channels/{ann.id}/messages$", status=503, count=3, skip=1)
    r = await publish(harness, world, DAY)
    assert "第 1 版" in r.text
    for minutes in (1, 3):  # the outbox's back-off (30 s, then 2 min) on the production clock
        clock.advance(minutes=minutes)
        await settle(harness, sandbox)
    assert storm.count == 0
    posts = bot_posts(sandbox, ann)
    assert posts[-1].attachments and posts[-1].attachments[0].filename.endswith(".pdf")  # the PDF was not lost
    report = [c for c in told(sandbox, world) if "⚠️" in c]
    assert report and "第 2/" in report[-1] and "503" in report[-1] and "3 次" in report[-1], told(sandbox, world)
    before = len(posts)
    # re-publishing the unchanged sheet sends exactly what could not be sent
    r = await publish(harness, world, DAY)
    assert "重新发送" in r.text and "1 条" in r.text, r.text
    await settle(harness, sandbox)
    posts = bot_posts(sandbox, ann)
    assert len(posts) == before + 1
    texts = [p.text for p in posts]
    assert len(texts) == len(set(texts))  # every message exactly once
    r = await publish(harness, world, DAY)
    assert "没有变化" in r.text  # and then there is nothing left to send


async def test_a_429_storm_past_discord_pys_retries_on_an_announcement_message_loses_nothing(harness, world, sandbox, crew):
    """discord.py gives up on a request after five 429s: the row is held for Discord's Reset-After
    and sent again (not failed, not told as lost), until the storm passes; every part once, then the PDF."""
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    ann = world.channels["announcements"]
    outcomes = []
    harness.bot.cues.add_observer(lambda cue, result, late: outcomes.append((result.outcome, result.status)))
    storm = sandbox.fail_next("POST", rf"^/channels/{ann.id}/messages$", status=429, retry_after=0.05, count=6, skip=1)
    r = await publish(harness, world, DAY)
    assert "第 1 版" in r.text, r.text
    await settle(harness, sandbox)
    assert storm.count == 0
    assert len([q for q in sandbox.requests if q.status == 429 and q.path.endswith(f"/channels/{ann.id}/messages")]) >= 6
    assert ("throttled", 429) in outcomes and not [o for o in outcomes if o[0] == "failed"], outcomes  # held, not lost
    posts = bot_posts(sandbox, ann)
    texts = [p.text for p in posts]
    assert len(posts) >= 2 and len(texts) == len(set(texts))  # every part exactly once
    assert posts[-1].attachments and posts[-1].attachments[0].filename.endswith(".pdf")  # the PDF was not lost
    assert not [c for c in told(sandbox, world) if "⚠️" in c]  # nothing was lost, so nothing is reported lost
    r = await publish(harness, world, DAY)
    assert "没有变化" in r.text, r.text  # and nothing is left to send


async def test_without_embed_links_the_announcement_goes_out_as_plain_text(harness, world, sandbox, crew):
    sandbox.rate_limits.relax()  # about a permission, not about rate limits
    ann = world.channels["announcements"]
    ann.set_permissions(world.guild.everyone_role, deny=P.EMBED_LINKS)
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    r = await publish(harness, world, DAY)
    await settle(harness, sandbox)
    posts = bot_posts(sandbox, ann)
    assert posts and all(not p.embeds for p in posts)
    assert "2026-11-23" in posts[0].content and "**" in posts[0].content  # the embeds' text, as plain text
    assert posts[-1].attachments[0].filename.endswith(".pdf")
    assert "⚠️" not in r.text and "没能送达：0" in r.text, r.text  # nothing failed (the PDF may still be rendering)


async def test_the_dm_open_throttle_is_retried_not_read_as_closed_dms(harness, world, sandbox, crew):
    limits = sandbox.rate_limits
    limits.dm_open_burst, limits._dm_tokens, limits.dm_open_rate = 16, 16.0, 0.0  # the 17th new DM: 40003
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    office = world.channels["ad-office"]
    r = await world.members["ad"].run("callsheet publish", {"day": DAY}, channel=office, timeout=30)
    while ("dm_open", "POST /users/@me/channels") not in limits.refused:  # Discord said 40003
        await asyncio.sleep(0.05)
    limits.dm_open_rate = 50.0  # a moment later Discord lets DMs open again
    await r.wait_done(30)
    await settle(harness, sandbox)
    for key in ALL_JOINS:
        dms = [m for m in world.members[key].dms if m.author_id == sandbox.bot_user_id]
        assert sum(1 for m in dms if any(c.startswith("setcall:cs:confirm:") for c in m.custom_ids())) == 1, key
    assert "没能送达：0" in r.text, r.text
    assert not [c for c in told(sandbox, world) if "📵" in c]  # nobody reported unreachable


async def test_a_refused_dm_is_not_called_closed_dms(harness, world, sandbox, crew):
    sandbox.rate_limits.relax()  # about what Discord's refusal is called, not about rate limits
    gaffer = world.members["gaffer"]
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    dm = sandbox.dm_channel(gaffer)
    sandbox.fail_next("POST", rf"^/channels/{dm.id}/messages$", status=403, code=50013, message="Missing Permissions", count=5)
    r = await publish(harness, world, DAY)
    await settle(harness, sandbox)
    # the reply names the refusal, or (when the DM had not been tried within its 3 s) says what is still going out
    assert ("403 50013" in r.text or "还有" in r.text) and "关闭了私信" not in r.text, r.text
    fallback = bot_posts(sandbox, world.channels["lighting"])[-1]
    assert f"<@{gaffer.id}>" in fallback.content and "Discord 拒绝了私信" in fallback.content and "私信已关闭" not in fallback.content
    report = [c for c in told(sandbox, world) if "📵" in c][-1]
    assert "Discord 拒绝" in report and "403 50013" in report and "已改在" in report and "关闭了私信" not in report, report
    r = await world.members["ad2"].run("callsheet status", {"day": DAY}, channel=world.channels["ad-office"])
    assert "Discord refused the DM" in r.text and "DMs closed" not in r.text


async def test_two_ads_publishing_at_once_send_one_version(harness, world, sandbox, crew):
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    office = world.channels["ad-office"]
    r1, r2 = await asyncio.gather(
        world.members["ad"].run("callsheet publish", {"day": DAY}, channel=office, timeout=30),
        world.members["ad2"].run("callsheet publish", {"day": DAY}, channel=office, timeout=30),
    )
    await r1.wait_done(30)
    await r2.wait_done(30)
    await settle(harness, sandbox)
    texts = [r1.text, r2.text]  # whichever AD's press wins (the Chinese one or the English one)
    published = [t for t in texts if "通告单已发布为第 1 版" in t or "published as version 1" in t]
    going = [t for t in texts if "第 1 版还在发送中" in t or ("Version 1 of" in t and "still going out" in t)]
    assert len(published) == 1 and len(going) == 1, texts  # the second is told version 1 is going out
    assert not any("第 2 版" in t or "version 2" in t.lower() for t in texts), texts
    assert len([p for p in bot_posts(sandbox, world.channels["announcements"]) if p.attachments]) == 1  # one PDF
    for key in ALL_JOINS:
        assert len([m for m in world.members[key].dms if m.custom_ids()]) == 1, key


async def test_a_failed_cue_is_told_to_the_ad_and_shown_in_shoot_status(harness, world, sandbox, clock, caplog):
    from tests.e2e.test_liveday import at, set_up, to

    caplog.set_level(logging.WARNING, logger="bot.cues.engine")
    await set_up(world, sandbox, harness)
    for name in ("set", "lighting"):  # Send Messages revoked where the next-set and pre-light cues go
        world.channels[name].set_permissions(world.guild.everyone_role, deny=P.SEND_MESSAGES)
    await to(harness, sandbox, clock, at(6))
    ad = world.members["ad"]
    r = await ad.run("shoot start", {}, channel=world.channels["ad-office"])
    await to(harness, sandbox, clock, at(7))
    r = await ad.run("shoot next", {}, channel=world.channels["ad-office"])
    await settle(harness, sandbox)
    notice = "\n".join(c for c in told(sandbox, world) if "⚠️" in c)  # the pre-light call may be told in a notice of its own
    assert f"<#{world.channels['set'].id}>" in notice and f"<#{world.channels['lighting'].id}>" in notice
    assert "发送消息" in notice and "403 50013" in notice and "服务器设置" in notice
    assert not [m for m in sandbox.requests if m.status == 403 and "/channels/" in m.path and m.method == "POST"
                and str(world.channels["set"].id) in m.path]  # the bot saw it in its cache: no invalid request spent
    logged = [rec.getMessage() for rec in caplog.records if rec.name == "bot.cues.engine" and rec.levelno >= logging.WARNING]
    assert any("403 50013" in line and str(world.channels["set"].id) in line for line in logged), logged  # and a log line
    r = await world.members["ad2"].run("shoot status", {}, channel=world.channels["ad-office"])
    assert "Not delivered" in r.text and "Send Messages" in r.text, r.text


async def test_permissions_are_checked_where_the_ad_can_fix_them(harness, world, sandbox, clock, crew):
    art = world.channels["art"]
    art.set_permissions(world.guild.everyone_role, deny=P.EMBED_LINKS | P.ATTACH_FILES)
    r = await world.members["ad"].run("production channel", {"purpose": "dept:art", "channel": art}, channel=world.channels["ad-office"])
    assert r.ephemeral and "嵌入链接" in r.text and "附加文件" in r.text and "117760" in r.text, r.text
    await harness.restart()  # at start-up every production's channels are checked; the AD is told once
    await settle(harness, sandbox)
    warnings = [c for c in told(sandbox, world) if "缺少" in c and f"<#{art.id}>" in c]
    assert len(warnings) == 1 and "嵌入链接" in warnings[0]
    await harness.restart()
    await settle(harness, sandbox)
    assert len([c for c in told(sandbox, world) if "缺少" in c and f"<#{art.id}>" in c]) == 1

    # the AD grants them in #art: Discord tells the bot (CHANNEL_UPDATE), which says once that it is fixed
    art.set_permissions(world.guild.everyone_role, allow=P.EMBED_LINKS | P.ATTACH_FILES)
    fixed = await until(harness, sandbox, lambda: [c for c in told(sandbox, world) if "已修好" in c])
    assert len(fixed) == 1 and f"<#{art.id}>" in fixed[0] and "嵌入链接、附加文件" in fixed[0] and "缺少" not in fixed[0], fixed
    before = len(told(sandbox, world))
    clock.advance(days=1)
    await harness.restart()  # and nothing more at the next start, not even the next day
    await settle(harness, sandbox)
    assert len(told(sandbox, world)) == before, told(sandbox, world)[before:]

    # the server is tightened (Server Settings › Roles): @everyone and the bot's own role lose Embed
    # Links (GUILD_ROLE_UPDATE): told once, for every channel but #art, which grants it itself
    everyone, role = world.guild.everyone_role, next(r for r in world.guild.roles.values() if r.bot_id == sandbox.bot_user_id)
    world.guild.edit_role(everyone, permissions=everyone.permissions & ~P.EMBED_LINKS)
    world.guild.edit_role(role, permissions=role.permissions & ~P.EMBED_LINKS)
    warned = await until(harness, sandbox, lambda: told(sandbox, world)[before:])
    assert len(warned) == 1 and "缺少" in warned[0] and warned[0].count("嵌入链接") >= 3 and f"<#{art.id}>" not in warned[0], warned
    world.guild.edit_role(role, permissions=role.permissions | P.EMBED_LINKS)
    back = await until(harness, sandbox, lambda: told(sandbox, world)[before + 1:])
    assert len(back) == 1 and "已修好" in back[0] and "缺少" not in back[0], back


async def until(harness, sandbox, found, timeout: float = 20.0):
    """What ``found()`` returns once it is not empty: the bot reads Discord's permission events on its
    own task, then posts through the outbox."""
    async with asyncio.timeout(timeout):
        while True:
            await settle(harness, sandbox)
            if result := found():
                await asyncio.sleep(0.3)  # nothing more follows
                await settle(harness, sandbox)
                return found()
            await asyncio.sleep(0.05)


async def test_sixty_people_get_their_dms_concurrently_without_fetching_users(harness, world, sandbox, production):
    from db.repositories.crew import CrewRepo
    from db.repositories.productions import ProductionRepo

    sandbox.rate_limits.relax()  # about fan-out, not about rate limits
    extras = [world.guild.add_member(f"群演 Extra {i}", locale="zh-CN") for i in range(60)]
    bot = harness.bot
    async with bot.db.transaction() as tx:  # sixty people on the crew (as /crew join would put them)
        prod = await ProductionRepo.by_code(tx, world.guild.id, production)
        for m in extras:
            await CrewRepo.upsert(tx, production_id=prod.id, user_id=m.id, display_name=m.name, department="other", title="群演",
                                  is_head=False, language="zh-CN", dietary="", now=bot.clock.now())
    await import_file(world, sandbox, sample_bytes(), "day1.csv")
    # Two messages held unanswered at once: a bot that sent one message after the other would never
    # post the second while the first is held, and this would time out.
    opens = sandbox.hold("POST", r"^/channels/\d+/messages$", when="after", count=2)
    publishing = asyncio.create_task(publish(harness, world, DAY))
    async with asyncio.timeout(60):
        while len(opens.records) < 2:
            await asyncio.sleep(0.02)
    opens.release()
    r = await publishing
    await settle(harness, sandbox)
    assert all(any(m.custom_ids() for m in e.dms) for e in extras)
    assert not [q for q in sandbox.requests if q.method == "GET" and q.path.startswith("/users/") and q.path != "/users/@me"]
    first_dm = next(e.index for e in sandbox.events if e.kind == "dm" and e.user is not None and e.user.id in {m.id for m in extras})
    pdf_post = next(e.index for e in sandbox.events if e.kind == "post" and e.message is not None
                    and any(a.filename.endswith(".pdf") for a in e.message.attachments))
    assert first_dm < pdf_post  # the PDF renders while the DMs go out, it does not hold them back
    assert not [q for q in sandbox.requests if q.status == 429]
    assert "没能送达：0" in r.text or "还有" in r.text
