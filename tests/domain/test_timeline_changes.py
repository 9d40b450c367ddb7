"""The change time counts in the schedule (issue 12): an actor in two back-to-back scenes who changes
costume or look between them holds the second scene, on the call sheet, in the live projection and
in the change standby alike (one timeline rule, one reading of looks). Hand-checked."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import callsheet, looks, timeline
from bot.domain import progress as P
from bot.domain.callsheet import CallRules
from bot.domain.plan import CastRole, Scene, ShootDay, Walk
from bot.domain.standby.auto import plan as plan_standbys

SH = ZoneInfo("Asia/Shanghai")
WALKS = [Walk("Villa", "Courtroom", 4), Walk("Courtroom", "Hospital", 10)]
SU = CastRole("苏晚 Su Wan", "林晓 Lin Xiao", 5)
LU = CastRole("陆霆 Lu Ting", "顾辰 Gu Chen", 6)
NONE = {"wardrobe": 0, "makeup": 0}


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, 23, h, m, tzinfo=SH)


def scene(number, set_name, minutes, cast, position, **needs) -> Scene:
    return Scene(number, set_name, minutes, cast=cast, needs=needs, position=position)


#: 1 Villa 06:00-07:00 (苏晚 white shirt, 陆霆 suit)
#: 2 Villa: 苏晚 straight from 1 into the beige coat (wardrobe 10): 07:10-07:40
#: 3 Courtroom (4 min walk): 陆霆 changes coat, but he was not in 2 (changed during it): 07:44-08:14
#: 4 Courtroom: 苏晚 into pyjamas (wardrobe 10) and 陆霆 a wound (makeup 15), both from 3: the longest, 15: 08:29-08:49
#: 5 Hospital (10 min walk): 苏晚 says she changes her look (tear tracks, makeup 15), the walk runs alongside: 09:04-09:34
DAY = ShootDay(
    production_id=1, date=at(6).date(), day_number=1, total_days=6, general_call=at(6), id=7,
    scenes=(
        scene("1", "Villa", 60, (SU, LU), 1, wardrobe="苏晚：白衬衫 white shirt; 陆霆：西装 suit"),
        scene("2", "Villa", 30, (SU,), 2, wardrobe="苏晚：米色大衣 beige coat"),
        scene("3", "Courtroom", 30, (SU, LU), 3, wardrobe="苏晚：米色大衣 beige coat; 陆霆：黑大衣 black coat", makeup="陆霆：胡茬 stubble"),
        scene("4", "Courtroom", 20, (SU, LU), 4, wardrobe="苏晚：睡衣 pyjamas", makeup="陆霆：伤妆 wound"),
        scene("5", "Hospital", 30, (SU,), 5, makeup="苏晚换妆：泪痕 tear tracks"),
    ),
)
PLANNED = {"1": at(6), "2": at(7, 10), "3": at(7, 44), "4": at(8, 29), "5": at(9, 4)}


def starts(slots) -> dict[str, datetime]:
    return {s.number: s.start for s in slots}


def test_who_changes_where():
    found = looks.changes(timeline.ordered(DAY))
    assert [[(c.role.actor, c.departments, c.back_to_back) for c in f] for f in found] == [
        [],
        [("林晓 Lin Xiao", ("wardrobe",), True)],
        [("顾辰 Gu Chen", ("wardrobe",), False)],  # he was in 1, not in 2: he changes during 2 (his stubble is his first look)
        [("林晓 Lin Xiao", ("wardrobe",), True), ("顾辰 Gu Chen", ("makeup",), True)],
        [("林晓 Lin Xiao", ("makeup",), True)],
    ]
    assert [looks.hold_minutes(f) for f in found] == [0, 10, 0, 15, 15]  # the longest change, not the sum (25)


def test_the_change_holds_the_next_scene_on_the_plan_and_the_call_sheet():
    slots = timeline.planned(DAY, WALKS)
    assert starts(slots) == PLANNED and slots[-1].end == at(9, 34)
    assert [(s.change_minutes, s.held) for s in slots] == [(0, False), (10, True), (0, False), (15, True), (15, True)]
    # the call sheet is the same timeline
    assert callsheet.planned_scene_starts(DAY, WALKS) == PLANNED and callsheet.estimated_wrap(DAY, WALKS) == at(9, 34)
    sheet = callsheet.build_callsheet(production_id=1, production_code="X", production_name="X", timezone="Asia/Shanghai", day=DAY, crew=[],
                                      sets=(), walks=WALKS, offsets={})
    assert {line.number: line.start for line in sheet.scenes} == PLANNED and sheet.est_wrap == at(9, 34)
    # without change time the day is its scenes and walks back to back, 30 minutes shorter (10 + 15 + 15 - the 10-minute walk)
    assert timeline.wrap(DAY, WALKS, changes=NONE) == at(9, 4)
    assert timeline.scene_starts(DAY, WALKS, changes=NONE)["5"] == at(8, 34)
    # per department, from the settings: a 25-minute costume change
    rules = CallRules(change_minutes=(("wardrobe", 25), ("makeup", 15)))
    assert callsheet.planned_scene_starts(DAY, WALKS, rules=rules)["2"] == at(7, 25)
    sheet = callsheet.build_callsheet(production_id=1, production_code="X", production_name="X", timezone="Asia/Shanghai", day=DAY, crew=[],
                                      sets=(), walks=WALKS, offsets={}, rules=rules)
    assert sheet.scene("2").start == at(7, 25) and sheet.scene("4").start == at(8, 54)  # 3 at 07:59, 4 after 苏晚's 25 minutes (now the longest)


def test_a_walk_or_a_meal_at_that_boundary_runs_alongside_the_change():
    # the 4-minute walk to the courtroom is inside 陆霆's time... he costs nothing there; 5's 10-minute walk is inside 苏晚's 15
    slots = {s.number: s for s in timeline.planned(DAY, WALKS)}
    assert slots["5"].walk_minutes == 10 and slots["5"].start - slots["4"].end == timedelta(minutes=15)
    # lunch at 07:00 is eaten at the 1 -> 2 boundary, and 苏晚 changes during it: 2 rolls when lunch ends
    lunch = replace(DAY, lunch_start=at(7), lunch_minutes=30)
    s = {x.number: x for x in timeline.planned(lunch, WALKS)}
    assert [(m.name, m.start, m.end) for m in s["2"].meals] == [("lunch", at(7), at(7, 30))]
    assert s["2"].start == at(7, 30) and not s["2"].held and s["3"].start == at(8, 4)
    # a short lunch (5 minutes) does not cover the change: 2 waits for it
    short = replace(DAY, lunch_start=at(7), lunch_minutes=5)
    s = {x.number: x for x in timeline.planned(short, WALKS)}
    assert s["2"].meals[0].end == at(7, 5) and s["2"].start == at(7, 10)


def test_the_live_projection_counts_it_too_and_a_slip_moves_the_wrap_by_exactly_the_slip():
    progress = P.start(DAY, WALKS, P.Progress(day_id=7), at(6))
    on_time = P.project(DAY, WALKS, progress, at(6, 30))
    assert starts(on_time.slots) == PLANNED and on_time.wrap == at(9, 34) and on_time.behind_minutes == 0
    # the AD moves on to 2 five minutes late: 2 is being shot, but rolls only once 苏晚 has changed
    late = P.advance(DAY, WALKS, progress, at(7, 5))
    proj = P.project(DAY, WALKS, late, at(7, 6))
    assert proj.current.number == "2" and proj.current.start == at(7, 15) and proj.current.change_minutes == 10
    assert starts(proj.slots) == {n: t + timedelta(minutes=5) for n, t in PLANNED.items() if n != "1"} | {"1": at(6)}
    assert proj.wrap == at(9, 39) and proj.behind_minutes == 5
    # 3 is dropped: 4 now follows 2, and 苏晚 comes straight from 2 into pyjamas (10); 陆霆 was not in 2 (free)
    skipped = P.skip(DAY, late, "3", now=at(7, 20))
    proj = P.project(DAY, WALKS, skipped, at(7, 20))
    four = proj.slot("4")
    assert four.boundary == at(7, 45) and four.walk_minutes == 4 and four.change_minutes == 10 and four.start == at(7, 55)
    # the zone of every time is the day's
    assert all(s.start.tzinfo is not None and s.start.utcoffset() == timedelta(hours=8) for s in proj.slots)


def test_the_change_standby_says_the_time_the_timeline_counts():
    """The "…，07:10 前到" of the change call is when the scene rolls after the change; it is called when
    the scene before begins rolling, or as long before as the change takes if that is earlier."""
    slots = P.project(DAY, WALKS, P.Progress(day_id=7), at(5)).slots
    got = {p.key: p for p in plan_standbys(slots, lead_minutes=15)}
    two = got["change:2"]
    assert (two.department, two.due, two.at) == ("wardrobe", at(6), at(7, 10)) and two.what == "苏晚换装 米色大衣 beige coat"
    four = got["change:4"]
    assert (four.due, four.at) == (at(7, 44), at(8, 29)) and [x.name for x in four.looks] == ["苏晚", "陆霆"]
    assert four.looks[1].makeup == "伤妆 wound" and four.looks[0].wardrobe == "睡衣 pyjamas"
    # 3: 陆霆 changes during 2 (not back to back): still called one scene ahead, and it holds nothing
    assert got["change:3"].due == at(7, 10) and got["change:3"].at == at(7, 44)
    # back to back, the scene waits for the change, so the call is when the scene before rolls; 陆霆 changes during
    # 2, and when 2 is a 3-minute scene that leaves him less than his 10 minutes: he is called 10 minutes ahead
    quick = replace(DAY, scenes=tuple(replace(s, est_minutes=3) if s.number == "2" else s for s in DAY.scenes))
    slots = P.project(quick, WALKS, P.Progress(day_id=7), at(5)).slots
    three = {p.key: p for p in plan_standbys(slots, lead_minutes=15)}["change:3"]
    assert three.at == at(7, 17) and three.due == at(7, 7)
    # the minutes are the settings' (per department)
    three = {p.key: p for p in plan_standbys(slots, lead_minutes=15, change_minutes={"wardrobe": 30, "makeup": 15})}["change:3"]
    assert three.due == at(6, 47)


def test_laying_out_stays_linear_in_the_scenes():
    """Each need is read once per lay-out (and remembered): a 400-scene day reads 800 needs, not 400²."""
    big = replace(DAY, scenes=tuple(
        scene(str(i), "Villa", 3, (SU, LU), i, wardrobe=f"苏晚：look {i % 2}") for i in range(1, 401)))
    looks._looks.cache_clear()
    slots = timeline.planned(big, WALKS)
    assert len(slots) == 400 and all(s.change_minutes == 10 for s in slots[1:])
    info = looks._looks.cache_info()
    assert info.hits + info.misses <= 2 * 400
