"""Issue 13 end to end through the sandbox: supper and late-meal orders (报餐) for crews sharing the
park's canteen. The real discord.py client, the real outbox and scheduler on a real SQLite file.

A menu in two languages; order, change and cancel before the cutoff, refused after it with nothing
stored; the reminder only for people on the day's sheet who have not answered; counts for extras;
one ticket per production with its CSV; 已接单 / Ready told to the people who ordered in their
language; permission refusals. (Stock under concurrent orders, the cutoff and place moving with a
slip, and two productions sharing the canteen are in ``test_meals_park.py``.)"""

from __future__ import annotations

import csv
import io

from bot.demo.world import PRODUCTION_CODE
from tests.e2e.meals_world import (
    add_menu,
    at,
    bot_posts,
    item_id,
    make_ceo1,
    orders_of,
    settle,
    the_round,
    to,
)


def seen(result) -> str:
    return "\n".join([result.text, *(f.text for f in result.followups)])


async def test_a_supper_from_menu_to_ready(harness, world, sandbox, clock):
    pid, _ = await make_ceo1(world, sandbox, harness)
    m = world.members
    set_ch, canteen = world.channels["set"], world.channels["canteen"]

    # ---------------------------------------------------------------- the menu, in two languages
    r = await m["spark"].run("canteen menu add", {"meal": "supper", "name_zh": "假菜", "price": "1", "date": "2026-11-23"}, channel=canteen)
    assert r.ephemeral and "食堂工作人员" in r.text, r.text  # crew cannot write the canteen's menu
    r = await m["canteen"].run("canteen menu add", {"meal": "supper", "name_zh": "贵菜", "price": "¥2000", "date": "2026-11-23"}, channel=canteen)
    assert r.ephemeral and "不是价格" in r.text, r.text
    await add_menu(world)
    # change a dish, take one off that nobody ordered, copy the day's menu to tomorrow
    cook = m["canteen"]
    r = await cook.run("canteen menu add", {"meal": "supper", "name_zh": "试菜", "price": "9", "date": "2026-11-23"}, channel=canteen)
    tried = await item_id(harness, world, "试菜")
    r = await cook.run("canteen menu change", {"dish": str(tried), "name_en": "Chef's special", "price": "10", "vegetarian": True}, channel=canteen)
    assert "已修改" in r.text and "试菜 Chef's special" in r.text and "¥10" in r.text, r.text
    r = await cook.run("canteen menu remove", {"dish": str(tried)}, channel=canteen)
    assert "已删除" in r.text, r.text
    r = await cook.run("canteen menu copy", {"date": "2026-11-24"}, channel=canteen)
    assert r.ephemeral and "已复制 0 道菜" not in r.text and "0 道菜" not in r.text, r.text
    r = await cook.run("canteen menu copy", {"date": "2026-11-24", "from": "2026-11-23"}, channel=canteen)
    assert "红烧肉饭" in r.text and "保持不变" in r.text, r.text  # the second time: already on tomorrow's menu
    r = await m["canteen"].run("canteen menu show", {"date": "2026-11-23"}, channel=canteen)
    assert "红烧肉饭 Braised pork rice" in r.text and "已订 0/5" in r.text and "夜宵" in r.text, r.text
    rnd = await the_round(harness, pid)
    assert rnd is not None and rnd.set_name.startswith("别墅客厅") and rnd.building == "1号楼"

    # ---------------------------------------------------------------- the order post, 12:04
    await to(harness, sandbox, clock, at(12, 10))
    post = bot_posts(sandbox, set_ch)[-1]
    assert "报餐 · 晚饭" in post.content and "1号楼" in post.content and "16:04 截止" in post.content, post.content
    assert "清真牛肉面 ☪🚫🐖 · ¥22 · 剩 5 份" in post.content
    assert post.custom_ids() == [f"setcall:meal:{rnd.id}:yes", f"setcall:meal:{rnd.id}:no", f"setcall:meal:{rnd.id}:mine"]

    pork, egg, beef = [await item_id(harness, world, n) for n in ("红烧肉饭", "番茄炒蛋饭", "清真牛肉面")]

    # an English-speaking crew member reads the menu in English and orders from the post
    form = await m["villain"].click(post, f"setcall:meal:{rnd.id}:yes", locale="en-US")
    assert form.ephemeral and "not answered yet" in form.text, form.text
    labels = [o["label"] for o in form.message.find_component(f"setcall:meal:{rnd.id}:f:item")["options"]]
    assert labels[0] == "Braised pork rice" and "Halal beef noodles ☪🚫🐖" in labels, labels
    done = await m["villain"].select(form.message, f"setcall:meal:{rnd.id}:f:item", [str(pork)], locale="en-US")
    assert "Ordered: supper, **Braised pork rice** ×1" in done.text, done.text

    # 素 prefilled from "/crew join dietary:素食"; 清真 from "清真"
    form = await m["spark"].click(post, f"setcall:meal:{rnd.id}:yes")
    done = await m["spark"].select(form.message, f"setcall:meal:{rnd.id}:f:item", [str(egg)])
    assert "番茄炒蛋饭** ×1 · 素" in done.text, done.text
    r = await m["makeup"].run("supper order", {"dish": str(beef)}, channel=set_ch)
    assert r.ephemeral and "清真牛肉面** ×1 · 清真" in r.text, r.text

    # change: portions, where, notes (modal); pressing the same choice again changes nothing
    r = await m["focus"].run("supper order", {"dish": str(pork)}, channel=set_ch)
    r2 = await m["focus"].select(r.message, f"setcall:meal:{rnd.id}:f:qty", ["2"])
    assert "红烧肉饭** ×2" in r2.text, r2.text
    r3 = await m["focus"].select(r2.message, f"setcall:meal:{rnd.id}:f:qty", ["2"])
    assert "没有变化" in r3.text, r3.text
    r4 = await m["focus"].select(r3.message, f"setcall:meal:{rnd.id}:f:where", ["canteen"])
    assert "食堂就餐" in r4.text, r4.text
    shown = await m["focus"].click(r4.message, f"setcall:meal:{rnd.id}:f:notes")
    r5 = await m["focus"].submit_modal(shown, {"notes": "少饭 **不要香菜** @everyone"})
    assert "备注：少饭 \\*\\*不要香菜\\*\\*" in r5.text and "@everyone" not in r5.text.replace("@\u200beveryone", ""), r5.text

    # cancel: the gaffer orders, then 不要 (the portion goes back); the DP presses 不要 on the post
    await m["gaffer"].run("supper order", {"dish": str(beef)}, channel=set_ch)
    r = await m["gaffer"].run("supper skip", {}, channel=set_ch)
    assert r.ephemeral and "晚饭不要" in r.text, r.text
    r = await m["dp"].click(post, f"setcall:meal:{rnd.id}:no", locale="ko")
    assert r.ephemeral, r.text
    orders = {o.user_id: o for o in await orders_of(harness, rnd.id)}
    assert orders[m["gaffer"].id].wants is False and orders[m["dp"].id].wants is False
    assert (orders[m["focus"].id].quantity, orders[m["focus"].id].deliver) == (2, "canteen")
    r = await m["canteen"].run("canteen menu show", {"date": "2026-11-23"}, channel=canteen)
    assert "已订 1/5" in r.text, r.text  # the makeup head's; the gaffer's went back
    r = await m["canteen"].run("canteen menu remove", {"dish": str(beef)}, channel=canteen)
    assert r.ephemeral and "不能删除" in r.text and "停售" in r.text, r.text  # ordered: close it instead

    # /supper mine: one's own order only
    r = await m["focus"].run("supper mine", {}, channel=set_ch)
    assert r.ephemeral and "红烧肉饭** ×2" in r.text and "刘洋" not in r.text and "番茄" not in r.text.split("\n")[1], r.text

    # counts for people not on Discord (AD / 生活制片); crew may not
    r = await m["spark"].run("supper count", {"meal": "supper", "for": "群演", "dish": str(pork), "portions": 10}, channel=set_ch)
    assert r.ephemeral and "生活制片" in r.text, r.text
    r = await m["ad"].run("supper count", {"meal": "supper", "for": "群演", "dish": str(pork), "portions": 10, "department": "cast"},
                          channel=set_ch)
    assert "群演 · **红烧肉饭** ×10" in r.text, r.text
    # the production's meal coordinator (生活制片: its meals role) may too, and sees the production's list
    meals_role = world.guild.create_role("CEO1 生活制片")
    coordinator = world.guild.add_member("钱多多 Qian Duoduo", roles=[meals_role], locale="zh-CN")
    r = await m["ad"].run("production roles", {"meals_role": meals_role}, channel=world.channels["ad-office"])
    assert "生活制片" in seen(r), seen(r)
    r = await coordinator.run("supper count", {"meal": "supper", "for": "司机", "dish": str(egg), "portions": 2}, channel=set_ch)
    assert "司机 · **番茄炒蛋饭** ×2" in seen(r), seen(r)
    r = await coordinator.run("supper list", {"meal": "supper"}, channel=set_ch)
    listed = seen(r)
    assert "Sarah Miller" in listed and "群演" in listed and "Emma Clarke" in listed.split("还没报")[1], listed

    # ---------------------------------------------------------------- 15:34 the reminder: only who has not answered
    dms_before = {k: len(m[k].dms) for k in m}
    await to(harness, sandbox, clock, at(15, 40))
    reminded = {k for k in m if any(c.startswith("setcall:meal:") for d in m[k].dms[dms_before[k]:] for c in d.custom_ids())}
    assert reminded == {"ad", "ad2", "spark2", "makeup2", "wardrobe", "art", "sound"}, reminded
    assert "晚饭**报餐 **16:04** 截止" in m["ad"].dms[-1].text
    assert "Meal orders for **supper** close at **16:04**" in m["ad2"].dms[-1].text
    assert m["ad2"].dms[-1].custom_ids() == [f"setcall:meal:{rnd.id}:yes", f"setcall:meal:{rnd.id}:no"]
    # answering from the DM works (and the reminder does not come again)
    form = await m["ad2"].click(m["ad2"].dms[-1], f"setcall:meal:{rnd.id}:yes", locale="en-US")
    await m["ad2"].select(form.message, f"setcall:meal:{rnd.id}:f:item", [str(egg)], locale="en-US")

    # ---------------------------------------------------------------- 16:04 the cutoff: one ticket, a CSV
    await to(harness, sandbox, clock, at(16, 5))
    tickets = [p for p in bot_posts(sandbox, canteen) if "【报餐】" in p.content]
    assert len(tickets) == 1
    ticket = tickets[0]
    assert ticket.content.startswith("【报餐】CEO1 晚饭 共 18 份，送 1号楼（别墅客厅 Villa living room）"), ticket.content
    assert "红烧肉饭 ×13（送现场 11，食堂就餐 2）" in ticket.content, ticket.content
    assert "人数：导演组（副导演） 1、摄影组 1、灯光组 1、化妆组 1、演员 10、其他 3，共 17 人" in ticket.content, ticket.content
    assert "群演 ×10（演员）" in ticket.content and "忌口：素 1 份、清真 1 份" in ticket.content
    assert "刘洋 Liu Yang：素食，不吃蛋" in ticket.content and "Sarah Miller：no peanuts" in ticket.content
    assert ticket.custom_ids() == [f"setcall:meal:{rnd.id}:recv", f"setcall:meal:{rnd.id}:ready"]
    [attachment] = ticket.attachments
    assert attachment.filename == "CEO1-2026-11-23-supper.csv"
    rows = list(csv.reader(io.StringIO(attachment.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["剧组", "日期", "餐次", "姓名"] and len(rows) == 1 + 7
    assert ["CEO1", "2026-11-23", "晚饭", "群演", "演员", "红烧肉饭", "Braised pork rice", "10", "18.00", "180.00"] == rows[-2][:10]

    # after the cutoff: a clear refusal, nothing stored
    before = {o.user_id: o for o in await orders_of(harness, rnd.id)}
    r = await m["focus"].run("supper order", {"dish": str(egg)}, channel=set_ch)
    assert r.ephemeral and "16:04 截止" in r.text and "什么都没有改" in r.text, r.text
    r = await m["ad2"].run("supper skip", {"meal": "supper"}, channel=set_ch, locale="en-US")
    assert "closed at 16:04" in r.text, r.text
    assert {o.user_id: o for o in await orders_of(harness, rnd.id)} == before

    # a late count by the AD is kept, flagged, and told to the canteen
    r = await m["ad"].run("supper count", {"meal": "supper", "for": "群演", "dish": str(pork), "portions": 12, "department": "cast"},
                          channel=set_ch)
    assert "已通知食堂" in r.text, r.text
    await settle(harness, sandbox)
    late = bot_posts(sandbox, canteen)[-1]
    assert late.content.startswith("【补报】CEO1 晚饭：群演（演员）· 红烧肉饭 10 → 12 份"), late.content
    r = await m["canteen"].run("canteen orders", {"date": "2026-11-23"}, channel=canteen)
    assert "⚠️ 截单后修改：群演 · 红烧肉饭 10 → 12" in r.text and "CEO1" in r.text, r.text

    # ---------------------------------------------------------------- 已接单 and Ready
    r = await m["focus"].click(ticket, f"setcall:meal:{rnd.id}:recv")
    assert r.ephemeral and "食堂工作人员" in r.text, r.text
    dms_before = {k: len(m[k].dms) for k in m}
    r = await m["canteen"].click(ticket, f"setcall:meal:{rnd.id}:recv")
    assert "已接单" in r.message.content and r.message.find_component(f"setcall:meal:{rnd.id}:recv")["disabled"], r.text
    await settle(harness, sandbox)
    told = {k for k in m if len(m[k].dms) > dms_before[k]}
    assert told == {"villain", "spark", "makeup", "focus", "ad2", "ad"}, told  # the AD for the counts she entered
    assert "The canteen has your supper: **Braised pork rice** ×1, to 1号楼" in m["villain"].dms[-1].text
    assert "食堂已接单：你的晚饭 **红烧肉饭** ×2，约 18:34 到食堂就餐" in m["focus"].dms[-1].text
    assert "群演 · 红烧肉饭 Braised pork rice ×12" in m["ad"].dms[-1].text
    r = await m["canteen"].click(ticket, f"setcall:meal:{rnd.id}:ready")
    await settle(harness, sandbox)
    assert "你的晚饭已出餐：**番茄炒蛋饭** ×1 正送往 1号楼" in m["spark"].dms[-1].text
    assert "Your supper is ready" in m["villain"].dms[-1].text
    assert r.message.find_component(f"setcall:meal:{rnd.id}:ready")["disabled"] and "已出餐" in r.message.content
    assert len([d for d in m["spark"].dms if "出餐" in d.text]) == 1  # told once

    # costs and 餐补 for the producer's report
    r = await m["ad"].run("supper costs", {"from": "2026-11-23", "to": "2026-11-23"}, channel=set_ch)
    assert r.ephemeral and "2026-11-23 晚饭：20 份，19 人 · ¥352 · 餐补 ¥50" in r.text and "餐补" in r.text, r.text
    assert r.message.attachments and r.message.attachments[0].filename.startswith(f"{PRODUCTION_CODE}-meals-")
    allowances = r.message.attachments[0].data.decode("utf-8-sig")
    assert "不吃：发餐补" in allowances and "25.00" in allowances and "未报" in allowances
