"""The studio park for the meal-order tests: CEO1 shooting an afternoon and evening on 2026-11-23
(supper falls before scene 3-1, back at the villa), its crew, and the park canteen's menu."""

from __future__ import annotations

from datetime import date, datetime

from db.repositories.meals import MenuRepo, OrderRepo, RoundRepo
from tests.e2e.conftest import SH, open_production

DAY = "2026-11-23"

PLAN_CSV = """[days]
date,day,total_days,general_call,wrap,lunch,lunch_minutes,supper,supper_minutes,late,late_minutes,base,weather,sunrise,notes
2026-11-23,1,6,12:00,21:00,,,18:30,45,24:30,30,,,,
[sets]
name,building,road,notes
别墅客厅 Villa living room,1号楼,秦淮路,
法院法庭 Courtroom,7号楼,广州街,
[walks]
from,to,minutes
别墅客厅 Villa living room,法院法庭 Courtroom,4
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes,makeup,wardrobe,art,lighting,camera,sound
2026-11-23,1-1,1,别墅客厅 Villa living room,INT,DAY,Su Wan moves in.,,120,,,,,,
2026-11-23,1-2,1,别墅客厅 Villa living room,INT,DAY,The rules.,,150,,,,,,
2026-11-23,2-9,2,法院法庭 Courtroom,INT,DAY,The hearing opens.,,116,,,,,,
2026-11-23,3-1,3,别墅客厅 Villa living room,INT,NIGHT,Night talk.,,60,,,,,,
2026-11-23,3-2,3,别墅客厅 Villa living room,INT,NIGHT,The kiss.,,60,,,,,,
2026-11-23,3-3,3,别墅客厅 Villa living room,INT,NIGHT,Dawn breaks.,,191,,,,,,
2026-11-23,3-4,3,别墅客厅 Villa living room,INT,NIGHT,Sunrise.,,109,,,,,,
"""
# Plan: 12:00 1-1 · 14:00 1-2 · 4 min walk · 16:34 2-9 · 4 min walk · supper 18:34-19:19 at the villa (1号楼)
# · 19:19 3-1 · 20:19 3-2 · 21:19 3-3 · 夜宵 00:30-01:00 (the 23rd's, on the timeline) · 01:00 3-4 · wrap 02:49.
# Supper orders close 150 min before the meal: 16:04; the late meal's 180 min before: 21:30.

#: B2 ("Blood Oath") shoots the night in buildings 9 and 2: supper before 9-2 in the basement.
B2_NIGHT_CSV = """[days]
date,day,total_days,general_call,wrap,lunch,lunch_minutes,supper,supper_minutes,base,weather,sunrise,notes
2026-11-23,1,3,15:00,26:00,,,18:30,45,,,,
[sets]
name,building,road,notes
地下室 Basement,9号楼,,
天台 Rooftop,2号楼,,
[walks]
from,to,minutes
地下室 Basement,天台 Rooftop,10
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes
2026-11-23,9-1,9,地下室 Basement,INT,NIGHT,SECRET-B2: the twin is alive,,210
2026-11-23,9-2,9,地下室 Basement,INT,NIGHT,SECRET-B2: the will,,60
2026-11-23,9-3,9,天台 Rooftop,EXT,NIGHT,SECRET-B2: the rooftop,,90
2026-11-23,9-4,9,天台 Rooftop,EXT,NIGHT,SECRET-B2: dawn,,240
"""

# key: (department, title, language, dietary)
CREW = {
    "ad": ("ad", "第一副导演", "zh-CN", ""),
    "ad2": ("ad", "2nd AD", "en-US", ""),
    "gaffer": ("lighting", "灯光师", "zh-CN", ""),
    "spark": ("lighting", "灯光助理", "zh-CN", "素食，不吃蛋"),
    "spark2": ("lighting", "Spark", "th", ""),
    "dp": ("camera", "DP", "ko", ""),
    "focus": ("camera", "跟焦员", "zh-CN", ""),
    "makeup": ("makeup", "化妆组长", "zh-CN", "清真"),
    "makeup2": ("makeup", "Makeup artist", "ja", ""),
    "wardrobe": ("wardrobe", "服装师", "zh-CN", ""),
    "art": ("art", "美术指导", "zh-CN", ""),
    "sound": ("sound", "Sound recordist", "es-ES", ""),
    "villain": ("other", "Dialogue coach", "en-US", "no peanuts"),
}

MENU = [
    # (meal, name_zh, name_en, price, extra options)
    ("supper", "红烧肉饭", "Braised pork rice", "18", {}),
    ("supper", "番茄炒蛋饭", "Tomato and egg rice", "15", {"vegetarian": True}),
    ("supper", "清真牛肉面", "Halal beef noodles", "22", {"halal": True, "no_pork": True, "stock": 5}),
    ("late", "馄饨", "Wontons", "12", {}),
]


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def to(harness, sandbox, clock, when: datetime) -> None:
    clock.set(when)
    await harness.bot.cues.settle()
    await sandbox.settle()


async def settle(harness, sandbox) -> None:
    await harness.bot.cues.settle()
    await sandbox.settle()


def bot_posts(sandbox, channel):
    return [m for m in channel.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned]


async def make_ceo1(world, sandbox, harness, crew=CREW, plan_csv=PLAN_CSV) -> tuple[int, int]:
    joins = {key: {"title": title, "department": dept, "language": lang, **({"dietary": dietary} if dietary else {})}
             for key, (dept, title, lang, dietary) in crew.items()}
    prod, day = await open_production(world, sandbox, harness, joins=joins, plan_csv=plan_csv, day=date.fromisoformat(DAY), scenes=7,
                                      file_name="day1.csv")
    return prod.id, day.id


async def add_menu(world, menu=MENU) -> None:
    cook = world.members["canteen"]
    for meal, zh, en, price, extra in menu:
        r = await cook.run("canteen menu add", {"meal": meal, "name_zh": zh, "name_en": en, "price": price, "date": DAY, **extra},
                           channel=world.channels["canteen"])
        assert r.ephemeral and "✅" in r.text, r.text


async def item_id(harness, world, name_zh: str, meal: str = "supper") -> int:
    async with harness.bot.db.read() as tx:
        item = await MenuRepo.by_name(tx, world.guild.id, date.fromisoformat(DAY), meal, name_zh)
    assert item is not None
    return item.id


async def the_round(harness, production_id: int, meal: str = "supper"):
    async with harness.bot.db.read() as tx:
        return await RoundRepo.find(tx, production_id, date.fromisoformat(DAY), meal)


async def orders_of(harness, round_id: int):
    async with harness.bot.db.read() as tx:
        return await OrderRepo.of_round(tx, round_id)
