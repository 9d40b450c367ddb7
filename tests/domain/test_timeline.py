"""The day's one timeline rule (pure): meals at the closest scene boundary, nobody idles, slips
move everything after them by exactly the slip, across midnight and DST."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import callsheet, timeline
from bot.domain import progress as P
from bot.domain.plan import Scene, ShootDay, Walk

SH = ZoneInfo("Asia/Shanghai")
WALKS = [Walk("Villa", "Courtroom", 4), Walk("Courtroom", "Hospital", 10)]


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


def day_of(scenes, *, general=at(6), lunch=None, lunch_minutes=30, supper=None, supper_minutes=45, tz=SH) -> ShootDay:
    return ShootDay(
        production_id=1,
        date=general.astimezone(tz).date(),
        day_number=1,
        total_days=6,
        general_call=general,
        lunch_start=lunch,
        lunch_minutes=lunch_minutes,
        supper_start=supper,
        supper_minutes=supper_minutes,
        scenes=tuple(Scene(n, s, m, position=i + 1) for i, (n, s, m) in enumerate(scenes)),
        id=7,
    )


#: 06:00 1 · 07:00 2 · 4 min walk · 08:04 3 · 09:04 4 · 10:04 5 · 10 min walk · 11:14 6 ·
#: lunch (12:00) at 12:14, the closest boundary (11:14 is 46 min early) · 12:44 7 · 13:44 8 ·
#: 14:44 9 · wrap 15:44.
LONG_DAY = day_of(
    [("1", "Villa", 60), ("2", "Villa", 60), ("3", "Courtroom", 60), ("4", "Courtroom", 60), ("5", "Courtroom", 60),
     ("6", "Hospital", 60), ("7", "Hospital", 60), ("8", "Hospital", 60), ("9", "Hospital", 60)],
    lunch=at(12),
)


def starts(proj: P.Projection) -> dict[str, datetime]:
    return {s.number: s.start for s in proj.slots}


def test_the_long_day_as_planned():
    plan = timeline.planned(LONG_DAY, WALKS)
    assert [m.start for s in plan for m in s.meals] == [at(12, 14)]
    assert timeline.scene_starts(LONG_DAY, WALKS)["7"] == at(12, 44)
    assert timeline.wrap(LONG_DAY, WALKS) == at(15, 44) == callsheet.estimated_wrap(LONG_DAY, WALKS)
    # nobody idles: the day is its scenes, its walks and its meal, back to back
    assert at(15, 44) - at(6) == timedelta(minutes=9 * 60 + 4 + 10 + 30)


@pytest.mark.parametrize("how", ["delay", "overrun"])
def test_a_20_minute_slip_before_lunch_moves_the_wrap_by_exactly_20_minutes(how):
    """Hand-checked: on time, lunch (12:00) is at 12:14 (after scene 6). 20 min behind, scene 5 ends
    11:24 and the crew reaches the hospital 11:34 (26 min from 12:00) or could stop after scene 6 at
    12:34 (34 min): lunch 11:34-12:04, scene 6 12:04, 7 13:04, 8 14:04, 9 15:04, wrap 16:04."""
    prog = P.advance(LONG_DAY, WALKS, P.start(LONG_DAY, WALKS, P.Progress(day_id=7), at(6)), at(7))  # on time
    on_time = P.project(LONG_DAY, WALKS, prog, at(7, 30))
    if how == "delay":  # /shoot delay 20 during scene 2
        slipped = P.project(LONG_DAY, WALKS, P.adjust(prog, 20), at(7, 30))
    else:  # scene 2 is still shooting 20 minutes after its planned end, nobody said anything
        slipped = P.project(LONG_DAY, WALKS, prog, at(8, 20))
        assert slipped.overrun_minutes == 20
    assert on_time.wrap == at(15, 44) and slipped.wrap == at(16, 4)
    assert on_time.behind_minutes == 0 and slipped.behind_minutes == 20
    assert [starts(slipped)[n] for n in ("3", "4", "5", "6", "7", "8", "9")] == [
        at(8, 24), at(9, 24), at(10, 24), at(12, 4), at(13, 4), at(14, 4), at(15, 4)]
    assert slipped.meal("lunch").start == at(11, 34) and slipped.meal("lunch").end == at(12, 4)
    # nobody idles: the day is still its scenes, walks and meal back to back
    assert slipped.wrap - slipped.slots[0].start == timedelta(minutes=9 * 60 + 4 + 10 + 30 + 20)


@pytest.mark.parametrize(
    ("planned", "called"),
    [
        (at(7, 10), at(7)),  # 10 min late beats 50 min early
        (at(7, 20), at(7)),  # 20 min early, but the closest boundary
        (at(7, 40), at(8)),  # 20 min late beats 40 min early
        (at(7, 30), at(8)),  # a tie: not 30 min early, the later boundary
        (at(9, 50), None),  # the wrap (10:00) is closest: the day wraps before supper
        (at(4), at(6)),  # long before call: the first boundary
    ],
)
def test_a_meal_lands_at_the_closest_scene_boundary(planned, called):
    day = day_of([("1", "Villa", 60), ("2", "Villa", 60), ("3", "Villa", 60), ("4", "Villa", 60)], supper=planned, supper_minutes=30)
    plan = timeline.planned(day, WALKS)
    breaks = [m for s in plan for m in s.meals]
    assert [m.start for m in breaks] == ([called] if called else [])
    assert plan[-1].end == at(10) + (timedelta(minutes=30) if called else timedelta())


def test_a_tie_within_15_minutes_goes_to_the_earlier_boundary():
    day = day_of([("1", "Villa", 20), ("2", "Villa", 20), ("3", "Villa", 20)], lunch=at(6, 30))
    assert [m.start for s in timeline.planned(day, WALKS) for m in s.meals] == [at(6, 20)]


def test_one_meal_per_boundary_and_a_very_late_day_still_eats():
    day = day_of([(str(i), "Villa", 60) for i in range(1, 8)], general=at(11), lunch=at(8), supper=at(12, 30))
    plan = timeline.planned(day, WALKS)
    meals = [(m.name, m.start) for s in plan for m in s.meals]
    assert meals == [("lunch", at(11)), ("supper", at(12, 30))]  # lunch at once; supper a scene later
    assert meals[1][1] != at(11, 30)  # not straight after lunch


def test_the_call_sheet_and_the_live_projection_are_the_same_rule():
    # before the first shot, with the clock before call, the projection IS the call sheet
    proj = P.project(LONG_DAY, WALKS, P.Progress(day_id=7), at(5))
    assert starts(proj) == callsheet.planned_scene_starts(LONG_DAY, WALKS)
    assert proj.wrap == callsheet.estimated_wrap(LONG_DAY, WALKS) and proj.meals == tuple(m for s in proj.planned_slots for m in s.meals)


def test_a_night_past_midnight_with_supper_after_midnight():
    """20:00 31 · 22:00 32 · 4 min walk · 23:34 33 · supper (00:30) at 00:34 · 01:19 34 · wrap 02:19."""
    night = day_of([("31", "Villa", 120), ("32", "Villa", 90), ("33", "Courtroom", 60), ("34", "Courtroom", 60)],
                   general=at(20), supper=at(0, 30, d=24))
    plan = timeline.planned(night, WALKS)
    assert [(s.number, s.start, s.end) for s in plan] == [
        ("31", at(20), at(22)),
        ("32", at(22), at(23, 30)),
        ("33", at(23, 34), at(0, 34, d=24)),
        ("34", at(1, 19, d=24), at(2, 19, d=24)),
    ]
    assert [m.start for m in plan[3].meals] == [at(0, 34, d=24)]
    assert night.date.day == 23  # the night belongs to the day it started on
    # scene 32 overruns by 20 min past its planned end: supper and the wrap move by 20, past midnight
    prog = P.advance(night, WALKS, P.start(night, WALKS, P.Progress(day_id=7), at(20)), at(22))
    proj = P.project(night, WALKS, prog, at(23, 50))
    assert proj.meal("supper").start == at(0, 54, d=24) and proj.wrap == at(2, 39, d=24) and proj.behind_minutes == 20
    # "next" at 23:50 (scene 33 begins after its walk at 23:54); the AD calls supper at 00:40, after
    # midnight, 46 min into scene 33: the break counts from then, 45 min, and the night is still the 23rd's
    prog = P.advance(night, WALKS, prog, at(23, 50))
    prog = P.call_meal(night, prog, at(0, 40, d=24), "supper")
    proj = P.project(night, WALKS, prog, at(0, 41, d=24))
    assert proj.on_break is not None and proj.on_break.end == at(1, 25, d=24)
    assert proj.current.end == at(1, 39, d=24)  # 23:54 + 60 + the 45 min break
    assert proj.wrap == at(2, 39, d=24) and proj.behind_minutes == 20
    assert prog.meals[0].called.date().day == 24 and night.date.day == 23


def test_a_night_across_a_dst_change_is_timed_in_real_minutes():
    """London falls back at 02:00 BST on 25 Oct 2026: 01:00-02:00 happens twice. Scenes last their
    real minutes, so the scene after the one starting at 01:30 BST starts at 01:30 GMT."""
    london = ZoneInfo("Europe/London")
    general = datetime(2026, 10, 24, 23, 30, tzinfo=london)
    night = day_of([("1", "Villa", 60), ("2", "Villa", 60), ("3", "Villa", 60), ("4", "Villa", 60)], general=general, tz=london)
    plan = timeline.planned(night, WALKS)
    utc = [s.start.astimezone(UTC) for s in plan]
    assert [b - a for a, b in zip(utc, utc[1:], strict=False)] == [timedelta(hours=1)] * 3
    assert [s.start.strftime("%H:%M %Z") for s in plan] == ["23:30 BST", "00:30 BST", "01:30 BST", "01:30 GMT"]
    assert plan[-1].end.astimezone(UTC) - plan[0].start.astimezone(UTC) == timedelta(hours=4)
    assert callsheet.planned_scene_starts(night, WALKS) == {s.number: s.start for s in plan}


def test_results_keep_the_days_time_zone():
    plan = timeline.planned(replace(LONG_DAY), WALKS)
    assert all(s.start.tzinfo == SH and s.end.tzinfo == SH for s in plan)


def test_behind_is_the_projected_wrap_against_the_planned_wrap_and_stays_put_across_steps():
    """The day starts 15 min late and every scene then takes its estimate; lunch is called where
    the projection had it. At every step and between steps the day is 15 min behind: the planned
    wrap is 15:44, the projected one 15:59."""
    steps: list[tuple[str, datetime]] = [
        ("start", at(6, 15)), ("next", at(7, 15)), ("next", at(8, 15)), ("next", at(9, 19)), ("next", at(10, 19)),
        ("next", at(11, 19)),  # the walk to the hospital: scene 6 rolls 11:29
        ("next", at(12, 29)), ("meal", at(12, 29)), ("resume", at(12, 59)), ("next", at(13, 59)), ("next", at(14, 59)),
    ]
    prog = P.Progress(day_id=7)
    seen = []
    for kind, when in steps:
        if kind == "start":
            prog = P.start(LONG_DAY, WALKS, prog, when)
        elif kind == "next":
            prog = P.advance(LONG_DAY, WALKS, prog, when)
        elif kind == "meal":
            prog = P.call_meal(LONG_DAY, prog, when, "lunch")
        else:
            prog = P.resume(prog, when)
        for later in (timedelta(), timedelta(minutes=20)):
            proj = P.project(LONG_DAY, WALKS, prog, when + later)
            seen.append((proj.behind_minutes, proj.wrap))
    assert set(seen) == {(15, at(15, 59))}
    # at 12:29, moving on before calling lunch: lunch is projected at the boundary just crossed for a
    # few minutes (the AD is about to call it), then at the next one
    before_lunch = P.back(P.back(P.back(P.back(prog))))  # undo next, next, the return and the meal
    assert before_lunch.current == "7" and before_lunch.meals == ()
    assert P.project(LONG_DAY, WALKS, before_lunch, at(12, 29)).meal("lunch").start == at(12, 29)
    assert P.project(LONG_DAY, WALKS, before_lunch, at(12, 45)).meal("lunch").start == at(13, 29)
    assert P.project(LONG_DAY, WALKS, before_lunch, at(12, 45)).behind_minutes == 15
    done = P.wrap(prog, at(15, 59))
    assert P.project(LONG_DAY, WALKS, done, at(16)).behind_minutes == 15


def test_a_meal_called_early_or_late_keeps_the_wrap_and_a_short_break_gains_time():
    on_time = P.Progress(day_id=7)
    for kind, when in (("start", at(6)), ("next", at(7)), ("next", at(8)), ("next", at(9, 4)), ("next", at(10, 4))):
        on_time = P.start(LONG_DAY, WALKS, on_time, when) if kind == "start" else P.advance(LONG_DAY, WALKS, on_time, when)
    # early: lunch at 10:30, half an hour into scene 5 (the plan had it at 12:14)
    early = P.call_meal(LONG_DAY, on_time, at(10, 30), "lunch")
    proj = P.project(LONG_DAY, WALKS, early, at(10, 31))
    assert proj.current.estimated_end == at(11, 34) and proj.slot("6").start == at(11, 44)
    assert proj.wrap == at(15, 44) and proj.behind_minutes == 0
    # late: the AD moves on at 11:04 and 12:14 without calling lunch, then calls it at 13:00 in scene 7
    late = P.advance(LONG_DAY, WALKS, P.advance(LONG_DAY, WALKS, on_time, at(11, 4)), at(12, 14))
    assert P.project(LONG_DAY, WALKS, late, at(12, 30)).meal("lunch").start == at(13, 14)  # still owed, next boundary
    late = P.call_meal(LONG_DAY, late, at(13), "lunch")
    proj = P.project(LONG_DAY, WALKS, late, at(13, 1))
    assert proj.current.estimated_end == at(13, 44) and proj.wrap == at(15, 44) and proj.behind_minutes == 0
    # the crew is back after 20 minutes: the break counted from when it was called, 10 min gained
    back = P.resume(late, at(13, 20))
    assert P.project(LONG_DAY, WALKS, back, at(13, 21)).behind_minutes == -10
    # nobody calls the return and they eat 15 min too long: at 13:45 scene 7 is 1 min over its estimate
    slow = P.project(LONG_DAY, WALKS, late, at(13, 45))
    assert slow.overrun_minutes == 1 and slow.wrap == at(15, 45)


def test_a_late_night_meal_after_midnight_belongs_to_the_day():
    """22:00 call; 夜宵 planned 00:30. 22:00 1 · 23:00 2 · 夜宵 00:00 (30 min early, a tie with the wrap
    at 01:00: eaten rather than skipped) · 00:30 3 · 01:30 wrap. The AD calls it at 00:20, 20 min
    into scene 3."""
    night = replace(day_of([("1", "Villa", 60), ("2", "Villa", 60), ("3", "Villa", 60)], general=at(22)),
                    late_start=at(0, 30, d=24), late_minutes=30)
    assert [(m.name, m.start) for m in timeline.planned_breaks(night, WALKS)] == [("late", at(0, d=24))]
    assert timeline.wrap(night, WALKS) == at(1, 30, d=24)
    prog = P.advance(night, WALKS, P.advance(night, WALKS, P.start(night, WALKS, P.Progress(day_id=7), at(22)), at(23)), at(0, d=24))
    prog = P.call_meal(night, prog, at(0, 20, d=24))  # the next planned meal is the late one
    assert prog.meals[0].name == "late" and prog.meals[0].scene == "3"
    proj = P.project(night, WALKS, prog, at(0, 21, d=24))
    assert proj.meal("late").called and proj.wrap == at(1, 30, d=24) and proj.behind_minutes == 0
    assert night.date.isoformat() == "2026-11-23" and P.pick_active_day([P.DayState(7, night.date, "shooting")], night.date + timedelta(days=1)) == 7


def test_a_long_stretch_without_a_meal_is_found():
    """06:00 call, 14 one-hour scenes, supper only at 18:30 (no lunch planned). Supper is a tie
    between 18:00 and 19:00 and is not taken early: 13 hours from the first shot without a meal,
    then supper 19:00-19:45 and the last scene to the 20:45 wrap."""
    day = day_of([(str(i), "Villa", 60) for i in range(1, 15)], supper=at(18, 30), supper_minutes=45)
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    proj = P.project(day, WALKS, prog, at(6))
    long = P.no_meal_stretches(proj, 6)
    assert [(s.after, s.start, s.end, s.before) for s in long] == [("start", at(6), at(19), "supper")]
    assert long[0].minutes == 13 * 60 and proj.wrap == at(20, 45)
    assert [s.minutes for s in proj.stretches()] == [780, 60]


def test_relaying_400_scenes_is_linear_and_keeps_the_call_sheet():
    big = day_of([(f"{i}", "Villa" if i % 3 else "Courtroom", 10) for i in range(1, 401)], lunch=at(12), supper=at(18))
    plan = timeline.planned(big, WALKS)
    assert len(plan) == 400 and [s.number for s in plan] == [str(i) for i in range(1, 401)]
    assert timeline.scene_starts(big, WALKS) == callsheet.planned_scene_starts(big, WALKS)
