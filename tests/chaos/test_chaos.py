"""Chaos: the bot is a real process on a real SQLite file, killed with SIGKILL at each step of a
publish, of a cue send and of a /shoot command, then started again; Discord answers with 429
storms, 5xx and dropped gateway sockets. From the sandbox's record: every message delivered
exactly once, and the AD told of what could not be delivered."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta

import pytest

from bot.demo.world import PRODUCTION_CODE, join_code_in
from bot.domain.cues import CueSpec, Target
from db.database import Database
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo
from tests.e2e.conftest import SH
from tests.e2e.test_callsheet import ALL_JOINS as EVERYONE

#: A small crew keeps every restart quick: the ADs, the gaffer, the Thai spark (closed DMs), the DP, actresses, a makeup artist.
ALL_JOINS = {k: EVERYONE[k] for k in ("ad", "ad2", "gaffer", "spark2", "dp", "lead_f", "villain", "makeup2")}
from tests.plan_fixtures import sample_bytes

DAY = "2026-11-23"
CONFIRM = "setcall:cs:confirm:"


async def set_up(world, sandbox, *, closed: str | None = "spark2") -> None:
    office = world.channels["ad-office"]
    r = await world.members["ad"].run("production create", {"name": "总裁的契约新娘", "code": PRODUCTION_CODE}, channel=office)
    code = await join_code_in(r)
    for key, (dept, title, head, lang) in ALL_JOINS.items():
        options = {"title": title, "department": dept, "head": head, "language": lang}
        if key != "ad":
            options["code"] = code
        r = await world.members[key].run("crew join", options, channel=office, timeout=10)
        assert r.ephemeral, r.text
    if closed:
        world.members[closed].dm_open = False
    r = await world.members["ad"].run("plan import", {"file": sandbox.attachment("day1.csv", sample_bytes())}, channel=office, timeout=30)
    await r.wait_done(30)
    assert "25" in r.text, r.text


def bot_posts(sandbox, channel):
    return [m for m in channel.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned]


async def quiet(sandbox, seconds: float = 1.0, timeout: float = 60, *, until=None) -> None:
    """Until ``until()`` holds (if given) and the bot process then sent nothing for ``seconds`` (it
    runs in another process: there is no engine here to settle)."""
    from bot.sandbox.util import wait_until

    if until is not None:
        await wait_until(until, timeout, "the bot process to get there")
    await sandbox.settle(quiet=seconds, timeout=timeout)


def call_sheet_out(sandbox, world, *, closed: str | None = "spark2"):
    """Everything the publish owes has arrived at least once: the PDF (the last announcement message),
    every open DM's Confirm, the closed one's mention in its department channel and the AD's notice."""

    def done() -> bool:
        if not any(a.filename.endswith(".pdf") for p in bot_posts(sandbox, world.channels["announcements"]) for a in p.attachments):
            return False
        for key in ALL_JOINS:
            if key != closed and not any(c.startswith(CONFIRM) for m in world.members[key].dms for c in m.custom_ids()):
                return False
        return closed is None or any("📵" in m.content for m in bot_posts(sandbox, world.channels["ad-office"]))

    return done


def assert_call_sheet_delivered_once(sandbox, world, *, closed: str | None = "spark2") -> None:
    ann = world.channels["announcements"]
    posts = bot_posts(sandbox, ann)
    texts = Counter(p.text for p in posts)
    assert posts and all(n == 1 for n in texts.values()), texts  # every announcement message once
    assert len([p for p in posts if any(a.filename.endswith(".pdf") for a in p.attachments)]) == 1  # one PDF
    for key in ALL_JOINS:
        member = world.members[key]
        dms = [m for m in member.dms if m.author_id == sandbox.bot_user_id]
        if key == closed:
            assert dms == [], key
            continue
        assert sum(1 for m in dms if any(c.startswith(CONFIRM) for c in m.custom_ids())) == 1, (key, [m.text[:60] for m in dms])
        assert all(n == 1 for n in Counter(m.text for m in dms).values()), key  # no part twice
    if closed:
        fallback = [m for m in bot_posts(sandbox, world.channels["lighting"]) if world.members[closed].id in m.mentions]
        assert len(fallback) == 1
        told = [m for m in bot_posts(sandbox, world.channels["ad-office"]) if "📵" in m.content]
        assert len(told) == 1 and world.members[closed].name in told[0].content and "50007" in told[0].content


async def test_publish_killed_at_every_step_delivers_everything_exactly_once(sandbox, world, bot):
    await set_up(world, sandbox)
    ad, office, ann = world.members["ad"], world.channels["ad-office"], world.channels["announcements"]

    # 1. killed after acknowledging the AD, before anything was stored: nothing was published
    hold = sandbox.hold("POST", r"^/interactions/\d+/[^/]+/callback$", when="after")
    asyncio.create_task(ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=10))
    await asyncio.wait_for(hold.reached.wait(), 10)
    await bot.kill()
    hold.release()
    await bot.start()
    assert bot_posts(sandbox, ann) == [] and all(not world.members[k].dms for k in ALL_JOINS)

    # 2. published (every message is a row), killed before the first announcement message reached Discord
    hold = sandbox.hold("POST", rf"^/channels/{ann.id}/messages$", when="before")
    gaffer_dm = sandbox.dm_channel(world.members["gaffer"])
    after_dm = sandbox.hold("POST", rf"^/channels/{gaffer_dm.id}/messages$", when="after")
    r = await ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=10)
    await asyncio.wait_for(hold.reached.wait(), 20)
    await bot.kill()
    hold.release()
    assert bot_posts(sandbox, ann) == []

    # 3. started again: killed after Discord took the gaffer's DM but before the bot heard back,
    #    and only restarted after Discord forgot the nonce (the bot must look in the DM's history)
    if not after_dm.reached.is_set():
        await bot.start()
        await asyncio.wait_for(after_dm.reached.wait(), 20)
        await bot.kill()
    sandbox.forget_nonces()
    after_dm.release()
    assert len([m for m in world.members["gaffer"].dms if m.author_id == sandbox.bot_user_id]) >= 1

    # 4. started again: it finishes, nothing twice
    await bot.start()
    await quiet(sandbox, until=call_sheet_out(sandbox, world))
    assert_call_sheet_delivered_once(sandbox, world)
    # and the AD, pressing again after the lost answer, is told it was already done
    r = await ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=30)
    await r.wait_done(30)
    assert "已经" in r.text or "没有变化" in r.text, r.text
    await quiet(sandbox, 0.5)
    assert_call_sheet_delivered_once(sandbox, world)


@pytest.mark.clock_start(datetime(2026, 11, 23, 6, 5, tzinfo=SH))
async def test_a_shoot_command_and_a_cue_killed_before_and_after_they_happened_happen_once(sandbox, world, bot, tmp_path):
    await set_up(world, sandbox, closed=None)
    ad, set_ch = world.members["ad"], world.channels["set"]
    # /shoot start: killed after the AD was acknowledged, before it was applied
    hold = sandbox.hold("POST", r"^/interactions/\d+/[^/]+/callback$", when="after")
    asyncio.create_task(ad.run("shoot start", {}, channel=set_ch, timeout=10))
    await asyncio.wait_for(hold.reached.wait(), 10)
    await bot.kill()
    hold.release()
    await bot.start()
    # applied, but killed before its answer went out
    lost = sandbox.hold("POST", r"^/webhooks/\d+/[^/]+$", when="before")
    asyncio.create_task(ad.run("shoot start", {}, channel=set_ch, timeout=10))
    await asyncio.wait_for(lost.reached.wait(), 10)
    await bot.kill()
    lost.release()

    # meanwhile two reminders fall due (queued as the live day would); one is killed before it
    # reaches Discord, the other after Discord took it, and Discord forgets the nonce before the restart
    lead, gaffer = world.members["lead_f"], world.members["gaffer"]
    async with Database(tmp_path / "chaos.db") as db:
        async with db.transaction() as tx:
            prod = await ProductionRepo.by_code(tx, world.guild.id, PRODUCTION_CODE)
            now = bot.clock_now()
            for key, member in (("chaos:a", lead), ("chaos:b", gaffer)):
                spec = CueSpec(key, "call", now + timedelta(seconds=2), Target(user_id=member.id), "zh-CN",
                               {"call": (now + timedelta(hours=1)).isoformat(), "where": "法院法庭 Courtroom", "day_number": 1, "total_days": 6,
                                "date": DAY, "department": "cast"}, expires=now + timedelta(hours=1), scope="notice")
                await CueRepo.insert(tx, prod.id, None, spec, now)
    before = sandbox.hold("POST", rf"^/channels/{sandbox.dm_channel(lead).id}/messages$", when="before")
    after = sandbox.hold("POST", rf"^/channels/{sandbox.dm_channel(gaffer).id}/messages$", when="after")
    await bot.start()
    await asyncio.wait_for(asyncio.gather(before.reached.wait(), after.reached.wait()), 20)
    await bot.kill()
    sandbox.forget_nonces()
    before.release()
    after.release()
    await bot.start()

    # the AD presses /shoot start again: already done, not started twice; the day moves on once
    r = await ad.run("shoot start", {}, channel=set_ch, timeout=10)
    await r.wait_done(10)
    assert "已" in r.text, r.text
    r = await world.members["ad2"].run("shoot status", {}, channel=set_ch, timeout=10)
    assert "Shooting" in r.text, r.text
    r = await ad.run("shoot next", {}, channel=set_ch, timeout=10)
    await r.wait_done(10)
    assert "1-2 拍完" in r.text and "**1-3**" in r.text, r.text  # the first scene (1-2) done once, 1-3 next
    await quiet(sandbox, until=lambda: all(any("⏰" in m.text for m in member.dms) for member in (lead, gaffer)))
    for member in (lead, gaffer):
        reminders = [m for m in member.dms if "⏰" in m.text]
        assert len(reminders) == 1, (member.name, [m.text for m in member.dms])


async def test_429_storms_5xx_and_gateway_drops_lose_nothing_and_double_nothing(sandbox, world, bot):
    await set_up(world, sandbox)
    ad, office = world.members["ad"], world.channels["ad-office"]
    sandbox.fail_next("POST", r"^/channels/\d+/messages$", status=429, retry_after=0.05, count=12)  # a storm discord.py rides out
    sandbox.fail_next("POST", rf"^/channels/{sandbox.dm_channel(world.members['dp']).id}/messages$", status=503, count=2)
    sandbox.fail_next("POST", rf"^/channels/{world.channels['announcements'].id}/messages$", status=500, count=1, skip=1)
    r = await ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=30)
    await sandbox.drop_socket()  # the gateway drops mid-publish; REST goes on, the client resumes
    await r.wait_done(30)
    await quiet(sandbox, until=call_sheet_out(sandbox, world))  # the 503s wait out the outbox's back-off (1 s, 2 s)
    assert_call_sheet_delivered_once(sandbox, world)
    assert sandbox.gateway.resume_count >= 1
