"""Shared test data for the plan and call sheet: the demo crew, the sample day, and big
generated stripboards (60-120 scenes, long Chinese synopses) in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.crew import CrewMember
from bot.domain.stripboard import ParsedPlan, parse_stripboard
from bot.domain.template import csv_to_xlsx

SHANGHAI = ZoneInfo("Asia/Shanghai")
SAMPLE = Path(__file__).resolve().parent / "data" / "ceo_bride_day1_v1.csv"  # the format before cast tables (old files still import)
DEMO = Path(__file__).resolve().parents[1] / "bot" / "demo" / "data" / "ceo_bride_day1.csv"
JOINED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

# (display name, department, language)
CREW = [
    ("周敏 Zhou Min", "ad", "zh-CN"),
    ("Emma Clarke", "ad", "en-US"),
    ("王强 Wang Qiang", "lighting", "zh-CN"),
    ("刘洋 Liu Yang", "lighting", "zh-CN"),
    ("Somchai Boonmee", "lighting", "th"),
    ("김민준 Kim Min-jun", "camera", "ko"),
    ("张伟 Zhang Wei", "camera", "zh-CN"),
    ("陈静 Chen Jing", "makeup", "zh-CN"),
    ("佐藤美咲 Sato Misaki", "makeup", "ja"),
    ("孙丽 Sun Li", "wardrobe", "zh-CN"),
    ("黄磊 Huang Lei", "art", "zh-CN"),
    ("Carlos Ruiz", "sound", "es-ES"),
    ("林晓 Lin Xiao", "cast", "zh-CN"),
    ("顾辰 Gu Chen", "cast", "zh-CN"),
    ("Sarah Miller", "cast", "en-US"),
    ("何美玲 He Meiling", "cast", "zh-CN"),
    ("黄阿姨 Auntie Huang", "canteen", "zh-CN"),
]


def crew(production_id: int = 1) -> list[CrewMember]:
    return [
        CrewMember(i + 1, production_id, 100000000000000000 + i, name, dept, dept, False, lang, "", JOINED)
        for i, (name, dept, lang) in enumerate(CREW)
    ]


def uid(name: str) -> int:
    return next(m.user_id for m in crew() if name in m.display_name)


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def sample_plan(production_id: int = 1) -> ParsedPlan:
    return parse_stripboard(sample_bytes(), "day1.csv", production_id=production_id, tz=SHANGHAI, crew=crew(production_id))


SETS = [
    ("总裁别墅客厅 CEO villa living room", "1号楼 Building 1", "秦淮路 Qinhuai Road"),
    ("医院病房 Hospital ward", "5号楼 Building 5", "明清街 Ming-Qing Street"),
    ("法院法庭 Courtroom", "7号楼 Building 7", "广州街 Guangzhou Street"),
    ("警察局审讯室 Police interrogation room", "7号楼 Building 7", "广州街 Guangzhou Street"),
    ("陆氏集团办公室 Lu Group office", "3号楼 Building 3", "香港街 Hong Kong Street"),
]
ACTORS = ["林晓 Lin Xiao", "顾辰 Gu Chen", "Sarah Miller", "何美玲 He Meiling"]
LONG = "苏晚在法庭上据理力争，陆霆推门而入，带来了真正的监控录像，全场哗然，Vivian 脸色大变。" * 3


def big_stripboard_csv(scenes: int = 80, *, day: date = date(2026, 11, 24), day_number: int = 2, synopsis: str = LONG) -> bytes:
    """A sectioned CSV with one day of ``scenes`` scenes cycling through the sets and actors."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["[days]"])
    w.writerow(["date", "day", "total_days", "general_call", "wrap", "lunch", "supper", "supper_minutes", "base", "weather", "sunrise", "notes"])
    w.writerow([day.isoformat(), day_number, 6, "06:00", "28:00", "12:00", "18:30", 45, "3号楼化妆间 Building 3 makeup", "晴 Sunny", "06:31", "大场面 big day"])
    w.writerow(["[sets]"])
    w.writerow(["name", "building", "road", "notes"])
    for s in SETS:
        w.writerow([*s, ""])
    w.writerow(["[walks]"])
    w.writerow(["from", "to", "minutes"])
    for a, b in zip(SETS, SETS[1:]):
        w.writerow([a[0], b[0], 5])
    w.writerow(["[cast]"])
    w.writerow(["actor", "makeup_minutes", "pickup_minutes"])
    w.writerow(["林晓 Lin Xiao", 90, 20])
    w.writerow(["[scenes]"])
    w.writerow(["date", "scene", "episodes", "set", "int_ext", "day_night", "synopsis", "cast", "est_minutes", "makeup", "wardrobe", "art", "lighting"])
    for i in range(scenes):
        ep = 10 + i // 12
        actors = [ACTORS[i % 4], ACTORS[(i + 1) % 4]]
        cast = "; ".join(f"角色{j} Role{j}={a}" for j, a in enumerate(actors))
        w.writerow([day.isoformat(), f"{ep}-{i + 1}", ep, SETS[(i // 6) % len(SETS)][0], "INT" if i % 3 else "EXT",
                    "NIGHT" if i > scenes * 0.7 else "DAY", f"{i + 1}. {synopsis}", cast, 8 + (i % 5),
                    "伤妆 wound" if i % 7 == 0 else "", "", "道具 prop" if i % 5 == 0 else "", "夜景 night" if i > scenes * 0.7 else ""])
    return buf.getvalue().encode("utf-8")


def big_stripboard_xlsx(scenes: int = 80, **kw) -> bytes:
    return csv_to_xlsx(big_stripboard_csv(scenes, **kw))
