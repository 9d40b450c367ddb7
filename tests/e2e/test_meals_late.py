"""Issue 13 end to end: meal orders that open late never start with their cutoff already past.

* The AD calls a supper the plan did not have (/shoot meal): too close for the canteen to cook to
  order, so no order post, no reminder and no empty ticket; the AD office is told once, a crew
  order is refused saying why, and the AD's count goes to the canteen at once as the ticket (later
  counts as flagged additions, 已接单 told to whoever entered them).
* The canteen's menu comes after the cutoff: the round opens with a 20-minute window; the post and
  the reminder say that cutoff, the ticket goes out at it.
* A slip that pulls an open round's cutoff into the past: orders stay open until the cutoff people
  were told, and the ticket goes then (not at the moment of the slip).
"""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.meals_world import MENU, PLAN_CSV, add_menu, at, bot_posts, item_id, make_ceo1, orders_of, settle, the_round, to

NO_SUPPER_CSV = PLAN_CSV.replace("2026-11-23,1,6,12:00,21:00,,,18:30,45,", "2026-11-23,1,6,12:00,21:00,,,,,")
SUPPER_MENU = [m for m in MENU if m[0] == "supper"]


def tickets(sandbox, canteen, code="CEO1"):
    return [p for p in bot_posts(sandbox, canteen) if p.content.startswith(f"【报餐】{code} 晚饭")]


async def test_a_supper_called_off_plan_takes_counts_and_tells_the_ad(harness, world, sandbox, clock):
    assert NO_SUPPER_CSV != PLAN_CSV
    pid, day_id = await make_ceo1(world, sandbox, harness, plan_csv=NO_SUPPER_CSV)
    m, set_ch, canteen, office = world.members, world.channels["set"], world.channels["canteen"], world.channels["ad-office"]
    ad = m["ad"]
    await add_menu(world, SUPPER_MENU)  # the day as planned has no supper: the canteen's menu alone opens no round
    await to(harness, sandbox, clock, at(12))
    await ad.run("shoot start", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(14))
    await ad.run("shoot next", {}, channel=set_ch)
    assert await the_round(harness, pid) is None

    # 17:40 the AD calls supper now: the crew break at once, far too soon for the kitchen's 30 minutes
    await to(harness, sandbox, clock, at(17, 40))
    r = await ad.run("shoot meal", {"meal": "supper"}, channel=set_ch)
    assert "放饭" in r.text, r.text
    await settle(harness, sandbox)
    rnd = await the_round(harness, pid)
    assert rnd is not None and rnd.counts_only and rnd.meal_at == at(17, 40) and rnd.status == "open"
    told = [p.content for p in bot_posts(sandbox, office) if "食堂来不及接单" in p.content]
    assert len(told) == 1 and "CEO1 **晚饭** 17:40" in told[0] and "30 分钟" in told[0] and "/报餐" in told[0], told
    assert not [p for p in bot_posts(sandbox, set_ch) if "报餐 · 晚饭" in p.content]  # no order post nobody could use
    assert not tickets(sandbox, canteen)  # and no empty ticket
    for k in m:
        assert not any(c.startswith("setcall:meal:") for d in m[k].dms for c in d.custom_ids()), k  # no reminder

    # a crew order is refused, saying why, and nothing is stored
    pork, egg = await item_id(harness, world, "红烧肉饭"), await item_id(harness, world, "番茄炒蛋饭")
    r = await m["spark"].run("supper order", {"dish": str(pork)}, channel=set_ch)
    assert r.ephemeral and "来不及备餐" in r.text and "生活制片" in r.text, r.text
    r = await m["sound"].run("supper skip", {"meal": "supper"}, channel=set_ch, locale="es-ES")
    assert r.ephemeral and "demasiado pronto para la cocina" in r.text, r.text
    r = await m["focus"].run("supper mine", {}, channel=set_ch)
    assert "来不及报餐" in r.text, r.text
    assert await orders_of(harness, rnd.id) == []

    # the AD's count goes to the canteen at once, as the ticket (with its buttons)
    r = await ad.run("supper count", {"meal": "supper", "for": "全组", "dish": str(pork), "portions": 14, "department": "other"},
                     channel=set_ch)
    assert "全组 · **红烧肉饭** ×14" in r.text and "已作为报餐单发给食堂" in r.text, r.text
    await settle(harness, sandbox)
    [ticket] = tickets(sandbox, canteen)
    assert ticket.content.startswith("【报餐】CEO1 晚饭 共 14 份") and "17:40 开饭" in ticket.content, ticket.content
    assert ticket.custom_ids() == [f"setcall:meal:{rnd.id}:recv", f"setcall:meal:{rnd.id}:ready"]
    # a second count is an addition, flagged to the canteen
    r = await ad.run("supper count", {"meal": "supper", "for": "司机", "dish": str(egg), "portions": 2, "department": "other"},
                     channel=set_ch)
    assert "已通知食堂" in r.text, r.text
    await settle(harness, sandbox)
    assert bot_posts(sandbox, canteen)[-1].content.startswith("【补报】CEO1 晚饭：司机（其他）· 番茄炒蛋饭 0 → 2 份")
    dms = len(ad.dms)
    await m["canteen"].click(ticket, f"setcall:meal:{rnd.id}:recv")
    await settle(harness, sandbox)
    assert len(ad.dms) == dms + 1 and "全组 · 红烧肉饭 Braised pork rice ×14" in ad.dms[-1].text, ad.dms[-1].text

    # told once: another recompute of the day says nothing more
    await harness.bot.liveday.sync(pid, day_id)
    await settle(harness, sandbox)
    assert len([p for p in bot_posts(sandbox, office) if "食堂来不及接单" in p.content]) == 1
    assert len(tickets(sandbox, canteen)) == 1


async def test_a_menu_after_the_cutoff_opens_a_short_window_and_the_ticket_goes_at_its_end(harness, world, sandbox, clock):
    pid, _ = await make_ceo1(world, sandbox, harness)
    m, set_ch, canteen = world.members, world.channels["set"], world.channels["canteen"]
    # the canteen puts up the supper menu at 17:00; supper is about 18:34, so 150 minutes before (16:04) is gone
    await to(harness, sandbox, clock, at(17))
    await add_menu(world, SUPPER_MENU)
    await settle(harness, sandbox)
    rnd = await the_round(harness, pid)
    assert (rnd.cutoff_at, rnd.late_from, rnd.counts_only) == (at(17, 20), at(17), False), rnd
    assert not tickets(sandbox, canteen)

    await to(harness, sandbox, clock, at(17, 3))  # the post waits two minutes for the canteen to finish its menu
    [post] = [p for p in bot_posts(sandbox, set_ch) if "报餐 · 晚饭" in p.content]
    assert "**17:20 截止**" in post.content and "临时开的报餐，只有 20 分钟" in post.content, post.content
    pork = await item_id(harness, world, "红烧肉饭")
    r = await m["spark"].run("supper order", {"dish": str(pork)}, channel=set_ch)
    assert r.ephemeral and "红烧肉饭** ×1" in r.text and "17:20 前可以修改" in r.text, r.text

    # halfway through the window, a reminder to whoever has not answered, with the real cutoff
    before = len(m["ad2"].dms)
    await to(harness, sandbox, clock, at(17, 11))
    assert len(m["ad2"].dms) == before + 1
    assert "close at **17:20**" in m["ad2"].dms[-1].text and "20-minute window" in m["ad2"].dms[-1].text, m["ad2"].dms[-1].text
    assert not any("报餐" in d.text for d in m["spark"].dms)  # she answered

    await to(harness, sandbox, clock, at(17, 19))
    assert not tickets(sandbox, canteen)
    await to(harness, sandbox, clock, at(17, 21))
    [ticket] = tickets(sandbox, canteen)
    assert ticket.content.startswith("【报餐】CEO1 晚饭 共 1 份") and "17:20 截单" in ticket.content, ticket.content


async def test_a_slip_never_closes_orders_behind_peoples_backs(harness, world, sandbox, clock):
    pid, _ = await make_ceo1(world, sandbox, harness)
    await add_menu(world, SUPPER_MENU)
    m, set_ch, canteen = world.members, world.channels["set"], world.channels["canteen"]
    ad = m["ad"]
    await to(harness, sandbox, clock, at(12))
    await ad.run("shoot start", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(14))
    await ad.run("shoot next", {}, channel=set_ch)
    await to(harness, sandbox, clock, at(15, 50))
    before = await the_round(harness, pid)
    assert before.cutoff_at == at(16, 4) and any("**16:04 截止**" in p.content for p in bot_posts(sandbox, set_ch))

    # 15:50: the day gains 20 minutes; supper comes to 18:14, and 150 minutes before it (15:44) is past
    r = await ad.run("shoot ahead", {"minutes": 20}, channel=set_ch)
    assert not r.ephemeral, r.text
    await settle(harness, sandbox)
    moved = await the_round(harness, pid)
    assert moved.meal_at < before.meal_at and moved.meal_at - timedelta(minutes=150) < at(15, 50), moved
    assert moved.status == "open" and moved.cutoff_at == at(16, 4) and moved.late_from == at(15, 50), moved
    assert not tickets(sandbox, canteen)  # not closed at the moment of the slip
    egg = await item_id(harness, world, "番茄炒蛋饭")
    r = await m["spark"].run("supper order", {"dish": str(egg)}, channel=set_ch)
    assert "番茄炒蛋饭** ×1" in r.text, r.text

    await to(harness, sandbox, clock, at(16, 5))
    [ticket] = tickets(sandbox, canteen)
    assert ticket.content.startswith("【报餐】CEO1 晚饭 共 1 份") and "16:04 截单" in ticket.content, ticket.content
    assert [o.user_id for o in await orders_of(harness, moved.id)] == [m["spark"].id]
