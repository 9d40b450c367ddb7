"""A small shoot day for the standby tests: the hospital (5号楼 3F), the courtroom (7号楼 2F) and
the villa, Su Wan (林晓) and Vivian (Sarah Miller) in it, a costume change before 2-6, and a crew in
five languages with the lighting and makeup heads."""

from __future__ import annotations

from datetime import datetime

from tests.e2e.conftest import SH, open_production

DAY = "2026-11-23"

PLAN_CSV = """[days]
date,day,total_days,general_call,wrap,lunch,lunch_minutes,supper,supper_minutes,base,weather,sunrise,notes
2026-11-23,1,6,06:00,14:00,12:00,30,,,3号楼一层化妆间 Building 3 makeup room,,,
[sets]
name,building,road,notes
医院病房 Hospital ward,5号楼 Building 5,明清街,3F 病房 301; 医疗道具已就位
法院法庭 Courtroom,7号楼 Building 7,广州街,2F; 群演候场在 1F 大厅
别墅花园 CEO villa garden,1号楼 Building 1,秦淮路,室外 outdoor
[walks]
from,to,minutes
医院病房 Hospital ward,法院法庭 Courtroom,7
法院法庭 Courtroom,别墅花园 CEO villa garden,10
[cast]
actor,makeup_minutes,pickup_minutes
林晓 Lin Xiao,60,
Sarah Miller,60,
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes,makeup,wardrobe,art,lighting,camera,sound
2026-11-23,1-5,1,医院病房 Hospital ward,INT,DAY,Su Wan signs.,苏晚 Su Wan=林晓 Lin Xiao; 苏母 Su's mother=李秀英 Li Xiuying,35,苏晚：泪痕 tear tracks,,,,,
2026-11-23,2-6,2,医院病房 Hospital ward,INT,DAY,Her mother wakes.,苏晚 Su Wan=林晓 Lin Xiao,30,,苏晚换装 米色大衣,,,,
2026-11-23,2-7,2,法院法庭 Courtroom,INT,DAY,The hearing.,Vivian=Sarah Miller,60,,,,冷调顶光 cold top light,,
2026-11-23,2-8,2,法院法庭 Courtroom,INT,DAY,The verdict.,苏晚 Su Wan=林晓 Lin Xiao; Vivian=Sarah Miller,45,苏晚：憔悴 tired look,,,,,
2026-11-23,1-11,1,别墅花园 CEO villa garden,EXT,NIGHT,The garden.,苏晚 Su Wan=林晓 Lin Xiao,50,,,,月光效果 moonlight; 发电车 generator,,
"""

# key: (department, title, head, language)
JOINS = {
    "ad": ("ad", "第一副导演", True, "zh-CN"),
    "ad2": ("ad", "2nd AD", False, "en-US"),
    "gaffer": ("lighting", "灯光师", True, "zh-CN"),
    "spark": ("lighting", "灯光助理", False, "zh-CN"),
    "spark2": ("lighting", "Spark", False, "th"),
    "makeup": ("makeup", "化妆组长", False, "zh-CN"),  # head by the Makeup head role
    "makeup2": ("makeup", "Makeup artist", False, "ja"),
    "wardrobe": ("wardrobe", "服装师", True, "zh-CN"),
    "dp": ("camera", "DP", True, "ko"),
    "sound": ("sound", "Sound", True, "es-ES"),
    "lead_f": ("cast", "女主 苏晚", False, "zh-CN"),
    "villain": ("cast", "Vivian", False, "en-US"),
}


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def set_up(world, sandbox, harness, *, plan: bool = True, language: str | None = None) -> tuple[int, int | None]:
    prod, day = await open_production(world, sandbox, harness, joins=JOINS, plan_csv=PLAN_CSV if plan else None,
                                      day=datetime.fromisoformat(DAY).date(), scenes=5, language=language, file_name="day1.csv")
    return prod.id, day.id if day else None


async def to(harness, sandbox, clock, when: datetime) -> None:
    clock.set(when)
    await harness.bot.cues.settle()
    await sandbox.settle()


def bot_posts(sandbox, channel):
    return [m for m in channel.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned]
