"""Act 5: supper and the late meal (报餐) for two productions sharing the park canteen, day 2.

A second crew shoots nights in the park (B2 "Blood Oath", an English-speaking crew with a Korean
AD and a Spanish meal coordinator, 生活制片). The canteen puts up today's menu in Chinese and English;
each production's order post appears in its own channel; the crew order from the post in their own
languages (荤/素/清真, portions, notes), three of them race for the last bowls of halal noodles; the
AD enters the 40 courtroom extras; only those who have not answered get the reminder; at each
production's cutoff the canteen gets its ticket with a CSV; too late is too late, except for the
AD's count, which the canteen sees flagged. B2 slips, and its cutoff moves; after its ticket a
skipped scene moves its supper to another building and the canteen is told. 已接单 and Ready reach
everyone who ordered, in their language; B2 orders its 夜宵 for after midnight. CEO1, hours behind,
calls a 夜宵 its plan never had: too soon for the kitchen, so the AD is told and her count is the
ticket. (The next morning the producer reads the cost and the 餐补 list: Act 6.)
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.demo.world import PRODUCTION_CODE, join_code_in
from db.repositories.meals import MenuRepo, RoundRepo
from db.repositories.productions import ProductionRepo

ORDER = 50
TITLE = "Act 5 · Supper and the late meal (报餐): two productions, one canteen"

SH = ZoneInfo("Asia/Shanghai")
DATA = Path(__file__).resolve().parents[1] / "data" / "blood_oath_day1.csv"
TODAY = "2026-11-24"

MENU = [  # meal, zh, en, price, options
    ("supper", "红烧肉饭", "Braised pork rice", "18", {}),
    ("supper", "番茄炒蛋饭", "Tomato and egg rice", "15", {"vegetarian": True}),
    ("supper", "清真牛肉面", "Halal beef noodles", "22", {"halal": True, "no_pork": True, "stock": 3}),
    ("supper", "宫保鸡丁饭", "Kung pao chicken rice", "20", {"nuts": True}),
    ("late", "鲜肉馄饨", "Pork wontons", "12", {}),
    ("late", "素菜包子", "Vegetable buns", "8", {"vegetarian": True}),
]


def at(h: int, m: int = 0, d: int = 24) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def settle(demo) -> None:
    await demo.bot.cues.settle()
    await demo.sb.settle()


async def jump(demo, when: datetime) -> None:
    demo.clock.set(when)
    await settle(demo)


def posts(demo, channel) -> list:
    return [m for m in channel.messages if m.author_id == demo.sb.bot_user_id and not m.interaction_owned]


async def rounds(demo) -> dict[str, object]:
    """(code, meal) -> the round, for the narration."""
    async with demo.bot.db.read() as tx:
        out = {}
        for code in (PRODUCTION_CODE, "B2"):
            prod = await ProductionRepo.by_code(tx, demo.world.guild.id, code)
            for meal in ("supper", "late"):
                r = await RoundRepo.find(tx, prod.id, datetime.fromisoformat(TODAY).date(), meal) if prod else None
                if r is not None:
                    out[(code, meal)] = r
    return out


def hm(dt: datetime) -> str:
    return dt.astimezone(SH).strftime("%H:%M")


async def dish(demo, name_zh: str, meal: str = "supper") -> str:
    async with demo.bot.db.read() as tx:
        item = await MenuRepo.by_name(tx, demo.world.guild.id, datetime.fromisoformat(TODAY).date(), meal, name_zh)
    assert item is not None
    return str(item.id)


async def order_from_post(demo, member, post, name_zh: str, **form):
    """要 on the post, then the dish (and portions / diet / where) in the order form."""
    rid = post.custom_ids()[0].split(":")[2]
    r = await member.click(post, f"setcall:meal:{rid}:yes")
    r = await member.select(r.message, f"setcall:meal:{rid}:f:item", [await dish(demo, name_zh)])
    for field, value in form.items():
        r = await member.select(r.message, f"setcall:meal:{rid}:f:{field}", [value])
    return r


async def make_b2(demo):
    g, sb = demo.world.guild, demo.sb
    office = g.create_channel("b-office")
    roles = {name: g.create_role(name) for name in ("B2 AD", "B2 Producer", "B2 Meals")}
    manager = g.add_member("园区办公室 Park office", locale="zh-CN", manage_guild=True)
    people = {
        "b2_ad": g.add_member("박재원 Park Jae-won", roles=[roles["B2 AD"]], locale="ko"),
        "b2_meals": g.add_member("Lucía Gómez", roles=[roles["B2 Meals"]], locale="es-ES"),
        "b2_gaffer": g.add_member("Tom Baker", locale="en-US"),
        "b2_dp": g.add_member("森健二 Mori Kenji", locale="ja"),
    }
    demo.world.members.update(people)
    demo.world.channels["b-office"] = office
    r = await manager.run("production create", {"name": "血誓 Blood Oath", "code": "B2", "language": "en-US", "ad_role": roles["B2 AD"],
                                                "producer_role": roles["B2 Producer"]}, channel=office)
    code = await join_code_in(r)
    await people["b2_ad"].run("production roles", {"meals_role": roles["B2 Meals"]}, channel=office)
    for key, (dept, title, lang) in {"b2_ad": ("ad", "1st AD", "ko"), "b2_meals": ("producer", "Meal coordinator 生活制片", "es-ES"),
                                     "b2_gaffer": ("lighting", "Gaffer", "en-US"), "b2_dp": ("camera", "DP", "ja")}.items():
        await people[key].run("crew join", {"title": title, "department": dept, "language": lang, "code": code}, channel=office)
    r = await people["b2_ad"].run("plan import", {"file": sb.attachment("blood_oath_day1.csv", DATA.read_bytes())}, channel=office, timeout=30)
    await r.wait_done(30)
    return office


async def play(demo) -> None:
    m, canteen, set_ch = demo.world.members, demo.channel("canteen"), demo.channel("set")
    demo.clock.set_speed(1.0)
    await jump(demo, at(12, 40))

    demo.narrate("A second production shares the park: B2 \"Blood Oath\", an English-speaking night crew in buildings 9 and 2, "
                 "with its own AD role, office and meal coordinator (生活制片). The park office sets it up:")
    office = await make_b2(demo)
    demo.show()

    demo.narrate("The canteen is not a production: a spark cannot write its menu. 黄阿姨 puts up today's supper and late meal, "
                 "in Chinese and English, with prices, tags and stock:")
    await m["spark"].run("canteen menu add", {"meal": "supper", "name_zh": "私房菜", "price": "1"}, channel=canteen)
    for meal, zh, en, price, extra in MENU:
        await m["canteen"].run("canteen menu add", {"meal": meal, "name_zh": zh, "name_en": en, "price": price, **extra}, channel=canteen)
    await m["canteen"].run("canteen menu copy", {"date": "明天"}, channel=canteen)
    await settle(demo)
    demo.show()
    await jump(demo, at(12, 43))  # the posts wait until the menu has been left alone for two minutes
    now = await rounds(demo)
    demo.narrate(f"Each production's order post is up in its own channel, in its language: CEO1 supper about "
                 f"{hm(now[(PRODUCTION_CODE, 'supper')].meal_at)} (the break on its timeline), orders close "
                 f"{hm(now[(PRODUCTION_CODE, 'supper')].cutoff_at)}; B2 supper {hm(now[('B2', 'supper')].meal_at)}, close "
                 f"{hm(now[('B2', 'supper')].cutoff_at)}. Only B2's plan has a 夜宵 (CEO1's was to wrap at 20:00), so only B2 gets a late-meal round.")
    demo.show()

    ceo_post = next(p for p in reversed(posts(demo, set_ch)) if p.custom_ids() and p.custom_ids()[0].startswith("setcall:meal:"))
    b2_post = next(p for p in reversed(posts(demo, office)) if p.custom_ids() and "Meal orders · supper" in p.content)
    demo.narrate("The crew order from the post: the spark in Chinese, Sarah Miller in English with a note, the Japanese "
                 "makeup artist vegetarian, the Korean DP not eating; B2's crew in theirs:")
    await order_from_post(demo, m["spark"], ceo_post, "红烧肉饭")
    r = await order_from_post(demo, m["villain"], ceo_post, "宫保鸡丁饭", where="canteen")
    rid = ceo_post.custom_ids()[0].split(":")[2]
    shown = await m["villain"].click(r.message, f"setcall:meal:{rid}:f:notes")
    await m["villain"].submit_modal(shown, {"notes": "no peanuts please, allergic"})
    await order_from_post(demo, m["makeup2"], ceo_post, "番茄炒蛋饭", diet="veg")
    await m["dp"].click(ceo_post, f"setcall:meal:{rid}:no")
    b2rid = b2_post.custom_ids()[0].split(":")[2]
    await order_from_post(demo, m["b2_gaffer"], b2_post, "红烧肉饭", qty="2")
    await order_from_post(demo, m["b2_dp"], b2_post, "番茄炒蛋饭")
    demo.show()

    demo.narrate("Three portions of halal noodles and four people ask at the same moment: three get them, the fourth is told:")
    beef = await dish(demo, "清真牛肉面")
    await asyncio.gather(*(m[k].run("supper order", {"dish": beef}, channel=set_ch) for k in ("makeup", "gaffer", "focus", "wardrobe")))
    demo.show()
    demo.narrate("The gaffer changes his mind (不要: his bowl goes back), and the wardrobe head takes it:")
    await m["gaffer"].run("supper skip", {"meal": "supper"}, channel=set_ch)
    await m["wardrobe"].run("supper order", {"dish": beef}, channel=set_ch)
    demo.show()

    demo.narrate("People who are not on Discord eat too: the AD enters the 40 courtroom extras (群演), B2's meal coordinator "
                 "its drivers; a crew member may not:")
    await m["spark"].run("supper count", {"meal": "supper", "for": "群演", "dish": await dish(demo, "红烧肉饭"), "portions": 40}, channel=set_ch)
    await m["ad"].run("supper count", {"meal": "supper", "for": "群演", "dish": await dish(demo, "红烧肉饭"), "portions": 40, "department": "cast"},
                      channel=set_ch)
    await m["b2_meals"].run("supper count", {"meal": "supper", "for": "Drivers 司机", "dish": await dish(demo, "宫保鸡丁饭"), "portions": 2},
                            channel=office)
    demo.show()

    demo.narrate("CEO1 moves on through the afternoon, to the courtroom:")
    for when in (at(13, 10), at(14, 12)):
        await jump(demo, when)
        await m["ad"].run("shoot next", {}, channel=set_ch)
    await settle(demo)
    demo.show()

    cutoff = (await rounds(demo))[(PRODUCTION_CODE, "supper")].cutoff_at
    await jump(demo, cutoff - timedelta(minutes=29))
    demo.narrate(f"{hm(cutoff - timedelta(minutes=29))}, half an hour before CEO1's cutoff: a reminder only for the people on today's "
                 "sheet who have not answered (a spark whose DMs are closed is mentioned in his department's channel):")
    demo.show()

    await jump(demo, (await rounds(demo))[(PRODUCTION_CODE, "supper")].cutoff_at)
    demo.narrate("CEO1's cutoff: one ticket in the canteen's channel, in Chinese, with the CSV and 已接单 / Ready:")
    await m["b2_ad"].run("shoot start", {}, channel=office)
    await settle(demo)
    demo.show()

    demo.narrate("Too late: a change after the cutoff is refused and nothing is stored; the AD's late count is kept, "
                 "flagged, and told to the canteen:")
    await m["focus"].run("supper order", {"meal": "supper", "dish": await dish(demo, "番茄炒蛋饭")}, channel=set_ch)
    await m["ad"].run("supper count", {"meal": "supper", "for": "群演", "dish": await dish(demo, "红烧肉饭"), "portions": 43, "department": "cast"},
                      channel=set_ch)
    await settle(demo)
    demo.show()

    ticket = next(p for p in reversed(posts(demo, canteen)) if p.content.startswith(f"【报餐】{PRODUCTION_CODE} 晚饭"))
    demo.narrate("The canteen takes CEO1's ticket: everyone who ordered is told, each in their own language:")
    await m["canteen"].click(ticket, ticket.custom_ids()[0])
    await settle(demo)
    demo.show()

    await jump(demo, at(15, 14))
    demo.narrate("CEO1 moves on: 3-3 is done, then 3-4, then the company move to the villa for the evening scenes:")
    await m["ad"].run("shoot next", {}, channel=set_ch)
    await jump(demo, at(15, 38))
    await m["ad"].run("shoot next", {}, channel=set_ch)
    await settle(demo)
    demo.show()

    await jump(demo, at(15, 40))
    before = (await rounds(demo))[("B2", "supper")]
    demo.narrate("B2's first scene runs long: its AD adds 20 minutes. Its supper moves, and its cutoff with it:")
    await m["b2_ad"].run("shoot delay", {"minutes": 20}, channel=office)
    await settle(demo)
    after = (await rounds(demo))[("B2", "supper")]
    demo.show()
    demo.emit(f"  ┌ B2 supper: {hm(before.meal_at)} → {hm(after.meal_at)} at {after.building}; orders close {hm(before.cutoff_at)} → "
              f"{hm(after.cutoff_at)}\n  └")

    await jump(demo, after.cutoff_at)
    demo.narrate("B2's cutoff: its own ticket. The canteen sees the whole park in one view; a CEO1 spark can see "
                 "neither B2's orders nor order on its post:")
    await m["canteen"].run("canteen orders", {}, channel=canteen)
    await m["spark"].run("supper list", {"production": "B2"}, channel=demo.channel("producers"))
    await m["spark"].click(b2_post, f"setcall:meal:{b2rid}:yes")
    b2_ticket = next(p for p in reversed(posts(demo, canteen)) if p.content.startswith("【报餐】B2 晚饭"))
    await m["canteen"].click(b2_ticket, b2_ticket.custom_ids()[0])
    await settle(demo)
    demo.show()

    await jump(demo, at(17, 5))
    demo.narrate("17:05: CEO1's supper is ready (出餐); B2 drops a scene, so its crew eat on the roof, in another building, "
                 "later: the canteen is told at once:")
    await m["canteen"].click(ticket, ticket.custom_ids()[1])
    await m["b2_ad"].run("shoot skip", {"scene": "9-2"}, channel=office)
    await settle(demo)
    demo.show()

    await jump(demo, at(18, 45))
    await m["canteen"].click(b2_ticket, b2_ticket.custom_ids()[1])
    await jump(demo, at(20, 0))
    b2_late = (await rounds(demo))[("B2", "late")]
    demo.narrate(f"20:00: CEO1 moves on to 4-2. B2's plan has a late meal (夜宵): its timeline puts it "
                 f"at {hm(b2_late.meal_at)} on the roof, after midnight and still today's (orders close {hm(b2_late.cutoff_at)}). "
                 "B2 orders it; its ticket goes at the late cutoff:")
    await m["ad"].run("shoot next", {}, channel=set_ch)
    late = await dish(demo, "鲜肉馄饨", "late")
    for key in ("b2_gaffer", "b2_dp", "b2_ad"):
        await m[key].run("supper order", {"meal": "late", "dish": late}, channel=office)
    await jump(demo, (await rounds(demo))[("B2", "late")].cutoff_at)
    demo.show()

    demo.narrate(f"{hm(demo.clock.now())}: CEO1 is hours behind and its plan has no 夜宵, so the AD calls one now (/shoot meal late). "
                 "That is far too soon for the kitchen to cook to order: no order post and no empty ticket; the AD office is told, "
                 "a spark's order is refused, and the AD's count for the crew goes to the canteen at once as the ticket:")
    await m["ad"].run("shoot meal", {"meal": "late", "minutes": 30}, channel=set_ch)
    await settle(demo)
    await m["spark"].run("supper order", {"meal": "late", "dish": late}, channel=set_ch)
    await m["ad"].run("supper count", {"meal": "late", "for": "全组", "dish": late, "portions": 16, "department": "other"}, channel=set_ch)
    await settle(demo)
    demo.show()

    demo.state["b2_office"] = office  # the next morning's costs are read in Act 6, after CEO1's wrap and report
