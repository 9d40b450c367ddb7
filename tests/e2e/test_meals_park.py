"""Issue 13 end to end, the park: the last portion is never sold twice when many order at once; the
cutoff and the delivery place follow the projected meal when the day slips (and the canteen gets a
correction once its ticket is out); two productions share the canteen, each with its own ticket,
the canteen sees both in one view, neither production sees the other's orders; a late meal (夜宵)
after midnight belongs to its shoot day."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta

from bot.render.meals import clock as fmt_clock
from db.repositories.cues import CueRepo
from tests.e2e.meals_world import B2_NIGHT_CSV, add_menu, at, bot_posts, item_id, make_ceo1, orders_of, settle, the_round, to
from tests.e2e.test_tenancy import make_b2


async def test_the_last_portion_is_never_sold_twice(harness, world, sandbox, clock):
    """Twelve people order the halal noodles (5 portions) at the same moment: exactly five get them."""
    pid, _ = await make_ceo1(world, sandbox, harness)
    await add_menu(world)
    await to(harness, sandbox, clock, at(13))
    beef = await item_id(harness, world, "清真牛肉面")
    keys = ["ad", "ad2", "gaffer", "spark", "spark2", "dp", "focus", "makeup", "makeup2", "wardrobe", "art", "sound"]
    results = await asyncio.gather(*(world.members[k].run("supper order", {"dish": str(beef)}, channel=world.channels["set"], locale="en-US")
                                     for k in keys))
    won = [r for r in results if "Ordered" in r.text]
    lost = [r for r in results if "sold out" in r.text or "Not enough" in r.text]
    assert len(won) == 5 and len(lost) == 7, [r.text for r in results]
    rnd = await the_round(harness, pid)
    assert sum(o.quantity for o in await orders_of(harness, rnd.id) if o.wants) == 5
    r = await world.members["canteen"].run("canteen menu show", {"date": "2026-11-23"}, channel=world.channels["canteen"])
    assert "已订 5/5" in r.text, r.text
    # one of them changes to 2 portions: refused, nothing left; cancelling frees one for someone else
    winner = next(k for k, r in zip(keys, results) if "Ordered" in r.text)
    loser = next(k for k, r in zip(keys, results) if "Ordered" not in r.text)
    r = await world.members[winner].run("supper order", {"dish": str(beef), "portions": 2}, channel=world.channels["set"], locale="en-US")
    assert "at most 1 portion" in r.text, r.text
    await world.members[winner].run("supper skip", {"meal": "supper"}, channel=world.channels["set"])
    r = await world.members[loser].run("supper order", {"dish": str(beef)}, channel=world.channels["set"], locale="en-US")
    assert "Ordered" in r.text, r.text
    # the canteen closes a dish that ran out: nobody can order it any more
    pork = await item_id(harness, world, "红烧肉饭")
    r = await world.members["canteen"].run("canteen menu close", {"dish": str(pork), "date": "2026-11-23"}, channel=world.channels["canteen"])
    assert "已停售" in r.text, r.text
    r = await world.members["art"].run("supper order", {"dish": str(pork)}, channel=world.channels["set"])
    assert r.ephemeral and "停售" in r.text, r.text


async def test_cutoff_and_place_follow_the_projected_meal(harness, world, sandbox, clock):
    pid, day_id = await make_ceo1(world, sandbox, harness)
    await add_menu(world)
    ad, set_ch, canteen = world.members["ad"], world.channels["set"], world.channels["canteen"]
    before = await the_round(harness, pid)
    assert (fmt_clock(before.meal_at, before.service_date, before.meal_at.tzinfo, "zh-CN"), before.building) == ("10:34", "1号楼")  # UTC

    async def matches_projection():
        r = await the_round(harness, pid)
        out = await harness.bot.liveday.status(pid, day_id)
        meal = out.projection.meal("supper")
        assert meal is not None and r.meal_at == meal.start, (r, meal)
        if r.status == "open":  # a closed round keeps the cutoff it closed at
            assert r.cutoff_at == r.meal_at - timedelta(minutes=150)
        where = next(s.set_name for s in out.projection.slots if any(b.name == "supper" for b in s.meals))
        assert r.set_name == where
        return r

    await to(harness, sandbox, clock, at(12))
    await ad.run("shoot start", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(14))
    await ad.run("shoot next", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(15))
    r = await ad.run("shoot delay", {"minutes": 30}, channel=set_ch)
    assert not r.ephemeral, r.text
    moved = await matches_projection()
    assert (moved.meal_at, moved.building) != (before.meal_at, before.building)
    async with harness.bot.db.read() as tx:
        reminders = [c for c in await CueRepo.in_scope(tx, day_id, "meals") if c.kind == "meal_remind" and ":supper:" in c.key and c.status == "pending"]
    assert reminders and all(c.due == moved.cutoff_at - timedelta(minutes=30) for c in reminders)

    # the cutoff is where the slip put it: the ticket says the new place and time
    await to(harness, sandbox, clock, moved.cutoff_at - timedelta(minutes=1))
    assert not [p for p in bot_posts(sandbox, canteen) if "【报餐】CEO1 晚饭" in p.content]
    await to(harness, sandbox, clock, moved.cutoff_at + timedelta(minutes=1))
    [ticket] = [p for p in bot_posts(sandbox, canteen) if "【报餐】CEO1 晚饭" in p.content]
    local = moved.meal_at.astimezone(before.meal_at.tzinfo)
    assert f"送 {moved.building}" in ticket.content, ticket.content

    # after the ticket, a long slip: the canteen is told ("晚饭推迟至 …" / "改送 …")
    await to(harness, sandbox, clock, moved.cutoff_at + timedelta(minutes=10))
    await ad.run("shoot delay", {"minutes": 120}, channel=set_ch)
    await settle(harness, sandbox)
    after = await matches_projection()
    fixes = [p for p in bot_posts(sandbox, canteen) if p.content.startswith("【更正】CEO1")]
    assert len(fixes) == 1, [p.content for p in bot_posts(sandbox, canteen)]
    from zoneinfo import ZoneInfo

    sh = ZoneInfo("Asia/Shanghai")
    new_time = after.meal_at.astimezone(sh).strftime("%H:%M")
    if after.meal_at > local:
        assert f"晚饭推迟至 {new_time}" in fixes[0].content, fixes[0].content
    if after.building != moved.building:
        assert f"改送 {after.building}" in fixes[0].content, fixes[0].content
    # nothing more to tell when nothing moved
    await ad.run("shoot status", {}, channel=set_ch)
    await harness.bot.liveday.sync(pid, day_id)
    await settle(harness, sandbox)
    assert len([p for p in bot_posts(sandbox, canteen) if p.content.startswith("【更正】")]) == 1

    # the AD calls supper now (/shoot meal), long before the timeline had it: the round follows the
    # meal as called and the canteen is told it is earlier
    await to(harness, sandbox, clock, moved.cutoff_at + timedelta(minutes=20))
    r = await ad.run("shoot meal", {"meal": "supper"}, channel=set_ch)
    assert "放饭" in r.text, r.text
    await settle(harness, sandbox)
    called = await the_round(harness, pid)
    assert called.meal_at == moved.cutoff_at + timedelta(minutes=20), called
    fixes = [p.content for p in bot_posts(sandbox, canteen) if p.content.startswith("【更正】CEO1")]
    assert len(fixes) == 2 and f"晚饭提前至 {called.meal_at.astimezone(sh).strftime('%H:%M')}" in fixes[1], fixes


async def test_two_productions_share_the_canteen(harness, world, sandbox, clock):
    pid, _ = await make_ceo1(world, sandbox, harness)
    park = await make_b2(world, sandbox, harness)
    r = await park.b2_ad.run("plan import", {"file": sandbox.attachment("b2-night.csv", B2_NIGHT_CSV.encode())}, channel=park.b_office,
                             timeout=20)
    await r.wait_done(20)
    await add_menu(world)
    m, set_ch, canteen = world.members, world.channels["set"], world.channels["canteen"]
    pork, wontons = await item_id(harness, world, "红烧肉饭"), await item_id(harness, world, "馄饨", "late")

    await to(harness, sandbox, clock, at(13))
    b2_post = [p for p in bot_posts(sandbox, park.b_office) if "Meal orders" in p.content]
    assert len(b2_post) == 1 and "9号楼" in b2_post[0].content and "orders close at **16:00**" in b2_post[0].content, \
        [p.content for p in bot_posts(sandbox, park.b_office)]
    b2_round_id = int(b2_post[0].custom_ids()[0].split(":")[2])

    # CEO1's crew cannot order on B2's post, nor see B2's orders
    r = await m["spark"].click(b2_post[0], f"setcall:meal:{b2_round_id}:yes")
    assert r.ephemeral and "不是 B2 的组员" in r.text, r.text
    r = await park.b2_actor.click(b2_post[0], f"setcall:meal:{b2_round_id}:yes", locale="en-US")
    await park.b2_actor.select(r.message, f"setcall:meal:{b2_round_id}:f:item", [str(pork)], locale="en-US")
    r = await m["ad"].run("supper list", {"production": "B2"}, channel=world.channels["producers"])
    assert r.ephemeral and "Secret Actor" not in r.text, r.text
    r = await park.b2_actor.run("supper list", {}, channel=park.b_office, locale="en-US")
    assert r.ephemeral and "meal coordinator" in r.text, r.text  # crew see only their own
    r = await park.b2_ad.run("supper list", {}, channel=park.b_office, locale="en-US")
    assert "Secret Actor" in r.text and "刘洋" not in r.text, r.text
    # the canteen is not on any production's crew: no production's lists
    r = await m["canteen"].run("supper list", {"production": "CEO1"}, channel=canteen)
    assert r.ephemeral and "刘洋" not in r.text, r.text

    await m["spark"].run("supper order", {"dish": str(pork)}, channel=set_ch)
    await m["focus"].run("supper order", {"meal": "late", "dish": str(wontons)}, channel=set_ch)
    # hostile input: a long Korean name with emoji, a note with markdown, a mention and a formula
    r = await m["dp"].run("supper order", {"dish": str(pork), "notes": "=HYPERLINK(\"http://x.example\") **多饭** @everyone"}, channel=set_ch,
                          locale="ko")
    assert r.ephemeral and "\\*\\*多饭\\*\\*" in r.text and "@everyone" not in r.text.replace("@\u200beveryone", ""), r.text

    # each production's ticket at its own cutoff
    await to(harness, sandbox, clock, at(16, 5))
    tickets = [p.content for p in bot_posts(sandbox, canteen) if p.content.startswith("【报餐】")]
    assert len(tickets) == 2, tickets
    assert any(t.startswith("【报餐】B2 晚饭 共 1 份，送 9号楼") for t in tickets), tickets
    assert any(t.startswith("【报餐】CEO1 晚饭 共 2 份，送 1号楼") for t in tickets), tickets
    assert not any("Secret" in t for t in tickets if "CEO1" in t)

    # the canteen's one view of the park
    r = await m["canteen"].run("canteen orders", {"date": "2026-11-23"}, channel=canteen)
    assert "CEO1" in r.text and "B2" in r.text and "全园区报餐" in r.text, r.text
    [sheet] = r.message.attachments  # every order of the park, one CSV; formulas stay text
    assert sheet.filename == "canteen-2026-11-23.csv"
    rows = list(csv.reader(io.StringIO(sheet.data.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {"CEO1", "B2"} and len(rows) == 1 + 4, rows
    dp = next(row for row in rows if row[12].startswith("'=HYPERLINK"))
    assert dp[3] == world.members["dp"].name and dp[2] == "晚饭", dp
    r = await m["spark"].run("canteen orders", {"date": "2026-11-23"}, channel=set_ch)
    assert r.ephemeral and "食堂工作人员" in r.text and "B2" not in r.text, r.text

    # the late meal (夜宵) after midnight still belongs to the 23rd
    await to(harness, sandbox, clock, at(21, 31))
    [late] = [p.content for p in bot_posts(sandbox, canteen) if p.content.startswith("【报餐】CEO1 夜宵")]
    assert late.startswith("【报餐】CEO1 夜宵 共 1 份") and "约 次日 00:30 开饭" in late and "2026-11-23" in late, late
