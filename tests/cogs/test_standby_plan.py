"""The automatic standbys a day asks for, through the live day's one move rule (``bot.domain.moves``):
lighting is sent ahead only of a company move (转场) or where the sets table asks for it, never for a
plain set move (换景) next door; a slip or an overrun re-times every standby still to come by the
same minutes; a scene dropped or carried over takes its standbys with it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cues.liveday import DayChange
from bot.domain import progress as P
from bot.domain.crew import Production
from bot.domain.plan import CastRole, Scene, SetLocation, ShootDay
from bot.settings import Settings
from cogs.standby.auto import plan_standbys

SH = ZoneInfo("Asia/Shanghai")
SU = CastRole("苏晚 Su Wan", "林晓 Lin Xiao", 5)
VIV = CastRole("Vivian", "Sarah Miller", 7)
PROD = Production(1, 1, "CEO1", "x", "Asia/Shanghai", "zh-CN", 1, datetime(2026, 11, 1, tzinfo=SH), {"ad": 10, "production": 11})
SETS = {
    "病房 Ward": SetLocation("病房 Ward", "5号楼 Building 5", notes="3F"),
    "走廊 Corridor": SetLocation("走廊 Corridor", "5号楼 Building 5", notes="3F"),
    "手术室 OR": SetLocation("手术室 OR", "5号楼 Building 5", notes="4F", prelight=("lighting",)),
    "法庭 Court": SetLocation("法庭 Court", "7号楼 Building 7", notes="2F"),
}
WALKS = {("病房 Ward", "走廊 Corridor"): 1, ("走廊 Corridor", "手术室 OR"): 2, ("手术室 OR", "法庭 Court"): 7}


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, 23, h, m, tzinfo=SH)


def the_day() -> ShootDay:
    scenes = (
        Scene("1-1", "病房 Ward", 30, cast=(SU,), position=1),
        Scene("1-2", "走廊 Corridor", 30, cast=(SU,), position=2),  # a set move next door
        Scene("1-3", "手术室 OR", 30, cast=(SU,), position=3, needs={"lighting": "无影灯 surgical light"}),  # the table asks
        Scene("1-4", "法庭 Court", 40, cast=(VIV,), position=4, needs={"lighting": "冷调顶光 cold top light"}),  # a company move
    )
    return ShootDay(1, date(2026, 11, 23), 1, 6, at(7), scenes=scenes, id=3)


def planned(progress: P.Progress, now: datetime) -> dict[str, tuple[datetime, str]]:
    day = the_day()
    projection = P.project(day, WALKS, progress, now)
    change = DayChange(PROD, day, projection, {}, (), SETS, now)
    specs = plan_standbys(change, Settings())
    return {s.key.split(":", 2)[2]: (s.due, s.payload["what"]) for s in specs}


def test_lighting_goes_ahead_of_a_company_move_or_where_the_sets_table_asks_never_for_a_set_move():
    got = planned(P.Progress(3), at(6))
    assert "prelight:1-2" not in got  # 换景: the corridor next door, nobody sent ahead
    assert got["prelight:1-3"][1] == "无影灯 surgical light"  # the sets table asks for the operating room
    assert got["prelight:1-4"][1] == "冷调顶光 cold top light"  # 转场 to Building 7
    assert {"actor:1-1", "actor:1-4"} <= got.keys()


def test_an_overrun_retimes_the_standbys_to_come_and_a_dropped_scene_takes_its_own():
    started = P.start(the_day(), (), P.Progress(3), at(7))
    on_time = planned(started, at(7, 10))
    # 1-1 (30 min) is still rolling at 07:50 and nobody pressed anything: 20 minutes over
    over = planned(started, at(7, 50))
    for key in ("prelight:1-3", "prelight:1-4", "actor:1-4"):
        assert over[key][0] - on_time[key][0] == timedelta(minutes=20), key
    # 1-4 dropped (carried over to another day or the pool): its standbys go; lighting now goes ahead of nothing
    dropped = planned(P.skip(the_day(), started, "1-4"), at(7, 10))
    assert not {"prelight:1-4", "actor:1-4"} & dropped.keys() and "prelight:1-3" in dropped
