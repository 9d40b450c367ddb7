"""Shoot progress and the projected timeline (pure)."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import callsheet
from bot.domain import progress as P
from bot.domain.errors import DomainError
from bot.domain.plan import Scene, ShootDay, Walk

SH = ZoneInfo("Asia/Shanghai")


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


def hm(dt: datetime) -> str:
    return dt.astimezone(SH).strftime("%d %H:%M")


WALKS = [Walk("Villa", "Courtroom", 10), Walk("Courtroom", "Hospital", 4)]


def make_day(supper: datetime | None = at(8, 30), general: datetime = at(6), scenes=None) -> ShootDay:
    scenes = scenes or [("1", "Villa", 30), ("2", "Villa", 45), ("3", "Courtroom", 60), ("4", "Courtroom", 30), ("5", "Hospital", 40)]
    return ShootDay(
        production_id=1,
        date=general.astimezone(SH).date(),
        day_number=1,
        total_days=6,
        general_call=general,
        supper_start=supper,
        supper_minutes=45,
        scenes=tuple(Scene(n, s, m, position=i + 1) for i, (n, s, m) in enumerate(scenes)),
        id=7,
    )


def times(proj: P.Projection) -> dict[str, tuple[str, str]]:
    return {s.number: (hm(s.start), hm(s.end)) for s in proj.slots}


def test_plan_has_walks_and_calls_supper_at_the_closest_scene_boundary():
    day = make_day()
    plan = P.plan_timeline(day, WALKS)
    got = {s.number: (hm(s.start), hm(s.end)) for s in plan}
    assert got == {
        "1": ("23 06:00", "23 06:30"),
        "2": ("23 06:30", "23 07:15"),
        "3": ("23 07:25", "23 08:25"),  # 10 min company move
        # supper (planned 08:30) at 08:25, 5 min early: closer than after scene 4 and the walk (08:59)
        "4": ("23 09:10", "23 09:40"),
        "5": ("23 09:44", "23 10:24"),  # 4 min walk
    }
    move = plan[2]
    assert move.is_move and hm(move.move_start) == "23 07:15" and move.walk_minutes == 10 and move.from_set == "Villa"
    assert [(m.name, hm(m.start), hm(m.end)) for m in plan[3].meals] == [("supper", "23 08:25", "23 09:10")]
    assert P.planned_scene_starts(day, WALKS)["3"] == at(7, 25)
    # the call sheet shows the very same times (one rule for both)
    assert callsheet.planned_scene_starts(day, WALKS) == {s.number: s.start for s in plan}
    assert callsheet.estimated_wrap(day, WALKS) == plan[-1].end == at(10, 24)


def test_unstarted_day_matches_plan_then_slips_with_the_clock():
    day = make_day()
    prog = P.Progress(day_id=7)
    proj = P.project(day, WALKS, prog, at(5))
    assert proj.state == "planned" and proj.behind_minutes == 0
    assert times(proj)["1"] == ("23 06:00", "23 06:30")
    assert hm(proj.wrap) == "23 10:24" and proj.wrap == proj.planned_wrap
    late = P.project(day, WALKS, prog, at(6, 10))
    assert times(late)["1"] == ("23 06:10", "23 06:40") and late.behind_minutes == 10


def test_start_late_shifts_everything_and_reports_behind():
    day = make_day(supper=None)
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6, 15), by=42)
    assert prog.state == "shooting" and prog.current == "1" and prog.steps[0].by == 42
    proj = P.project(day, WALKS, prog, at(6, 15))
    assert times(proj)["1"] == ("23 06:15", "23 06:45")
    assert times(proj)["5"] == ("23 09:14", "23 09:54")
    assert proj.behind_minutes == 15 and proj.current.number == "1" and proj.next.number == "2"


def test_next_early_puts_the_day_ahead_and_company_move_walks_first():
    day = make_day(supper=None)
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    prog = P.advance(day, WALKS, prog, at(6, 20), expected="1")
    prog = P.advance(day, WALKS, prog, at(7, 0), expected="2")  # scene 2 done 15 min early; move to the courtroom
    proj = P.project(day, WALKS, prog, at(7, 0))
    cur = proj.current
    assert cur.number == "3" and cur.is_move and cur.move_start == at(7) and cur.start == at(7, 10)
    assert hm(cur.end) == "23 08:10" and proj.behind_minutes == -15
    assert [s.status for s in proj.slots] == ["done", "done", "current", "pending", "pending"]
    assert proj.slot("1").start == at(6) and proj.slot("1").end == at(6, 20)


def test_a_scene_running_over_is_projected_to_end_no_earlier_than_now():
    day = make_day(supper=None)
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    proj = P.project(day, WALKS, prog, at(6, 50))  # est 30 min, still shooting at 06:50
    assert proj.current.end == at(6, 50) and proj.behind_minutes == 20
    assert times(proj)["2"] == ("23 06:50", "23 07:35")


def test_delay_and_ahead_adjust_the_scene_in_progress_and_are_consumed_by_next():
    day = make_day(supper=None)
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    delayed = P.adjust(prog, 20)
    proj = P.project(day, WALKS, delayed, at(6, 5))
    assert proj.behind_minutes == 20 and times(proj)["5"] == ("23 09:19", "23 09:59")
    both = P.adjust(delayed, -5)
    assert P.project(day, WALKS, both, at(6, 5)).behind_minutes == 15
    nxt = P.advance(day, WALKS, both, at(6, 45))
    assert nxt.adjust_minutes == 0
    assert P.project(day, WALKS, nxt, at(6, 45)).behind_minutes == 15  # the actual time carries the slip
    # delay before the first shot moves the start of the day
    early = P.adjust(P.Progress(day_id=7), 30)
    assert times(P.project(day, WALKS, early, at(5)))["1"] == ("23 06:30", "23 07:00")
    # ahead cannot pull a running scene's end before now
    ahead = P.adjust(prog, -60)
    assert P.project(day, WALKS, ahead, at(6, 10)).current.end == at(6, 10)


def test_back_undoes_the_last_step_and_restores_adjustment_and_supper():
    day = make_day()
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    prog = P.adjust(prog, 10)
    moved = P.advance(day, WALKS, prog, at(6, 40))
    undone = P.back(moved)
    assert undone.current == "1" and undone.adjust_minutes == 10 and undone.steps == prog.steps
    assert undone.version == moved.version + 1  # versions only go up: they guard concurrent writers
    assert P.project(day, WALKS, undone, at(6, 41)) == P.project(day, WALKS, prog, at(6, 41))
    assert P.back(P.back(moved)).state == "planned"
    with pytest.raises(DomainError) as e:
        P.back(P.Progress(day_id=7))
    assert e.value.key == "shoot.error.nothing_to_undo"
    # back over a meal the AD called: the meal was never called
    s = P.advance(day, WALKS, P.advance(day, WALKS, P.start(day, WALKS, P.Progress(day_id=7), at(6)), at(6, 30)), at(7, 15))
    s = P.call_meal(day, s, at(8, 25))
    assert [(m.name, m.called, m.minutes) for m in s.meals] == [("supper", at(8, 25), 45)]
    assert P.back(s).meals == () and P.back(s).current == "3"
    # back over a return: the crew is on the meal again
    r = P.resume(s, at(9))
    assert P.back(r).on_break == s.on_break
    # wrap can be undone too
    w = P.wrap(s, at(10))
    assert w.state == "wrapped" and P.back(w).steps == s.steps and P.back(w).version == s.version + 2


def test_skip_drops_a_scene_and_the_day_moves_up():
    day = make_day(supper=None)
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    skipped = P.skip(day, prog, "2", now=at(6, 5), reason="actress unwell", carried_to="2026-11-25", by=42)
    assert skipped.skips == (P.Skip("2", at(6, 5), "actress unwell", "2026-11-25", 42),)
    proj = P.project(day, WALKS, skipped, at(6, 5))
    assert [s.number for s in proj.slots] == ["1", "3", "4", "5"] and proj.skipped == ("2",)
    assert times(proj)["3"] == ("23 06:40", "23 07:40")
    # behind/ahead is the projected wrap (08:54) against the planned one (09:39): 45 min ahead
    assert hm(proj.wrap) == "23 08:54" and proj.behind_minutes == -45
    nxt = P.advance(day, WALKS, skipped, at(6, 30))
    assert nxt.current == "3"
    assert P.project(day, WALKS, nxt, at(6, 30)).behind_minutes == -45
    for scene, key in (("2", "shoot.error.already_skipped"), ("3", "shoot.error.skip_current"), ("1", "shoot.error.already_shot"), ("99", "shoot.error.unknown_scene")):
        with pytest.raises(DomainError) as e:
            P.skip(day, nxt, scene)
        assert e.value.key == key
    # back after a skip keeps the skip
    assert P.back(nxt).skipped == frozenset({"2"})


def test_two_ads_pressing_next_advance_once():
    day = make_day()
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    first = P.advance(day, WALKS, prog, at(6, 30), expected="1")
    with pytest.raises(DomainError) as e:
        P.advance(day, WALKS, first, at(6, 30), expected="1")
    assert e.value.key == "shoot.error.already_moved_on" and e.value.params == {"scene": "2"}
    assert first.version == prog.version + 1


def test_supper_is_projected_at_the_closest_boundary_and_the_ad_calls_it():
    day = make_day(supper=at(7, 0))
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    # 06:30 is 30 min before supper; the next stop (after scene 2 and the walk, 07:25) only 25 after
    prog = P.advance(day, WALKS, prog, at(6, 30))
    assert prog.meals == ()
    proj = P.project(day, WALKS, prog, at(6, 30))
    sup = proj.meal("supper")
    assert (sup.start, sup.end, sup.called) == (at(7, 25), at(8, 10), False)  # after the walk to the courtroom
    late = P.project(day, WALKS, prog, at(7, 40))  # still on scene 2, 25 min over: supper moves with it
    assert (late.meal("supper").start, late.meal("supper").end) == (at(7, 50), at(8, 35)) and late.overrun_minutes == 25
    # moving on does not take the meal: the AD calls it (放饭), here 5 min into the walk
    moved = P.advance(day, WALKS, prog, at(7, 40))
    assert moved.meals == ()
    called = P.call_meal(day, moved, at(7, 45), by=9)
    assert called.on_break == P.MealTaken("supper", at(7, 45), 45, None, "3", 9)
    proj = P.project(day, WALKS, called, at(7, 46))
    cur = proj.current
    assert proj.meal("supper") == P.MealBreak("supper", at(7, 45), at(8, 30), called=True, planned=at(7))
    assert proj.on_break.name == "supper"
    # scene 3 rolled at 07:50 after the walk; its hour resumes after the break: 07:50 + 60 + 45
    assert cur.move_start == at(7, 40) and cur.start == at(7, 50) and cur.end == at(9, 35)
    # the AD calls the return 10 min early: the break ends then
    back = P.resume(called, at(8, 20))
    proj = P.project(day, WALKS, back, at(8, 21))
    assert proj.on_break is None and proj.meal("supper").end == at(8, 20) and proj.meal("supper").returned
    assert proj.current.end == at(9, 25)
    # the crew back late and nobody pressed anything: still eating at 08:40 (break ended 08:30 by its minutes)
    slow = P.project(day, WALKS, called, at(8, 40))
    assert slow.current.end == at(9, 35)


def test_meal_errors_and_four_meals_a_day():
    day = replace(make_day(supper=at(9)), lunch_start=at(7))
    fresh = P.Progress(day_id=7)
    with pytest.raises(DomainError, match="shoot.error.not_started"):
        P.call_meal(day, fresh, at(6))
    prog = P.start(day, WALKS, fresh, at(6))
    with pytest.raises(DomainError, match="shoot.error.not_on_break"):
        P.resume(prog, at(6))
    prog = P.call_meal(day, prog, at(6, 10))  # the next planned meal: lunch
    assert prog.meals[-1].name == "lunch" and prog.meals[-1].minutes == 30
    with pytest.raises(DomainError, match="shoot.error.on_break"):
        P.call_meal(day, prog, at(6, 15))
    prog = P.resume(prog, at(6, 40))
    with pytest.raises(DomainError, match="shoot.error.meal_taken"):
        P.call_meal(day, prog, at(6, 45), "lunch")
    with pytest.raises(DomainError, match="shoot.error.bad_meal_minutes"):
        P.call_meal(day, prog, at(6, 45), minutes=500)
    with pytest.raises(DomainError, match="shoot.error.unknown_meal"):
        P.call_meal(day, prog, at(6, 45), "brunch")
    # an unplanned late-night meal lasts the usual 30 min; next during a break ends it
    for when, name in ((at(7), None), (at(8), "late"), (at(9), "breakfast")):
        prog = P.call_meal(day, prog, when, name)
        prog = P.advance(day, WALKS, prog, when + timedelta(minutes=10))
    assert [(m.name, m.minutes, m.resumed) for m in prog.meals] == [
        ("lunch", 30, at(6, 40)), ("supper", 45, at(7, 10)), ("late", 30, at(8, 10)), ("breakfast", 30, at(9, 10))]
    assert not any(m.returned for m in prog.meals[1:]) and prog.meals[0].returned
    with pytest.raises(DomainError, match="shoot.error.no_meal_left"):
        P.call_meal(day, prog, at(9, 30))


def test_lunch_and_supper_both_follow_the_rule():
    day = replace(make_day(supper=at(9, 30)), lunch_start=at(7, 0), lunch_minutes=30)
    plan = P.plan_timeline(day, WALKS)
    # lunch (07:00) when the company reaches the courtroom at 07:25: 25 min late beats 30 min early
    # (06:30, before scene 2); supper (09:30) at 09:29, after the walk to the hospital
    assert [(m.name, hm(m.start)) for s in plan for m in s.meals] == [("lunch", "23 07:25"), ("supper", "23 09:29")]
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6))
    prog = P.advance(day, WALKS, prog, at(6, 40))
    # the AD has just moved on at 06:40, 20 min before lunch; the next stop (the courtroom, after the
    # walk) would be 07:35, 35 min after: the projection has lunch now, for the next 10 minutes
    proj = P.project(day, WALKS, prog, at(6, 40))
    assert proj.meal("lunch").start == at(6, 40) and not proj.meal("lunch").called and proj.current.end == at(7, 55)
    # nobody called it by 06:55: the crossed boundary no longer counts, lunch waits for the courtroom
    assert P.project(day, WALKS, prog, at(6, 55)).meal("lunch").start == at(7, 35)
    # the AD calls lunch right at the start of scene 2
    prog = P.call_meal(day, prog, at(6, 40), "lunch")
    proj = P.project(day, WALKS, prog, at(6, 40))
    assert proj.current.estimated_end == at(7, 55)  # nobody waits for 07:00: 06:40 + 45 + the 30 min lunch
    assert [m.name for m in proj.meals] == ["lunch", "supper"]


def test_state_errors():
    day = make_day()
    fresh = P.Progress(day_id=7)
    with pytest.raises(DomainError, match="shoot.error.not_started"):
        P.advance(day, WALKS, fresh, at(6))
    with pytest.raises(DomainError, match="shoot.error.not_started"):
        P.wrap(fresh, at(6))
    prog = P.start(day, WALKS, fresh, at(6))
    with pytest.raises(DomainError, match="shoot.error.already_started"):
        P.start(day, WALKS, prog, at(6))
    for bad in (0, 241, -241):
        with pytest.raises(DomainError, match="shoot.error.bad_minutes"):
            P.adjust(prog, bad)
    with pytest.raises(DomainError, match="shoot.error.too_much_adjust"):
        P.adjust(P.adjust(P.adjust(prog, 240), 240), 240)
    for n in ("2", "3", "4", "5"):
        prog = P.advance(day, WALKS, prog, at(7))
    with pytest.raises(DomainError, match="shoot.error.last_scene"):
        P.advance(day, WALKS, prog, at(8))
    wrapped = P.wrap(prog, at(9))
    for op in (lambda: P.advance(day, WALKS, wrapped, at(9)), lambda: P.adjust(wrapped, 5), lambda: P.skip(day, wrapped, "1"), lambda: P.start(day, WALKS, wrapped, at(9))):
        with pytest.raises(DomainError, match="shoot.error.wrapped"):
            op()
    with pytest.raises(DomainError, match="shoot.error.no_scenes"):
        P.start(make_day(scenes=[("1", "Villa", 10)]), WALKS, P.skip(make_day(scenes=[("1", "Villa", 10)]), fresh, "1"), at(6))


def test_a_night_shoot_past_midnight_belongs_to_the_day_it_started():
    night = make_day(
        general=at(20, 0),
        supper=at(23, 30),
        scenes=[("31", "Villa", 90), ("32", "Villa", 60), ("33", "Courtroom", 60), ("34", "Courtroom", 45)],
    )
    plan = P.plan_timeline(night, WALKS)
    assert [(s.number, hm(s.start), hm(s.end)) for s in plan] == [
        ("31", "23 20:00", "23 21:30"),
        ("32", "23 21:30", "23 22:30"),
        ("33", "23 22:40", "23 23:40"),
        ("34", "24 00:25", "24 01:10"),  # supper 23:40-00:25 before scene 34
    ]
    prog = P.start(night, WALKS, P.Progress(day_id=7), at(20, 0))
    prog = P.advance(night, WALKS, prog, at(21, 30))
    prog = P.advance(night, WALKS, prog, at(22, 30))
    # scene 33 (rolled 22:40) ran long: at 00:05, past midnight, the AD moves on and calls supper
    prog = P.advance(night, WALKS, prog, at(0, 5, d=24))
    prog = P.call_meal(night, prog, at(0, 5, d=24), "supper")
    proj = P.project(night, WALKS, prog, at(0, 6, d=24))
    assert proj.meal("supper") == P.MealBreak("supper", at(0, 5, d=24), at(0, 50, d=24), called=True, planned=at(23, 30))
    assert proj.current.end == at(1, 35, d=24) and hm(proj.wrap) == "24 01:35" and proj.behind_minutes == 25
    wrapped = P.wrap(prog, at(1, 40, d=24))
    final = P.project(night, WALKS, wrapped, at(1, 41, d=24))
    assert final.state == "wrapped" and final.wrap == at(1, 40, d=24) and final.behind_minutes == 30
    assert final.slot("34").status == "done" and final.unshot == ()
    states = [P.DayState(7, date(2026, 11, 23), "shooting"), P.DayState(8, date(2026, 11, 24), "planned")]
    assert P.pick_active_day(states, date(2026, 11, 24)) == 7  # 01:00 on the 24th still shoots day 23
    states[0] = P.DayState(7, date(2026, 11, 23), "wrapped")
    assert P.pick_active_day(states, date(2026, 11, 24)) == 8
    assert P.pick_active_day(states[:1], date(2026, 11, 24)) == 7  # the night that just wrapped
    assert P.pick_active_day(states, date(2026, 11, 26)) is None


def test_wrap_early_leaves_unshot_scenes():
    day = make_day(supper=None)
    prog = P.advance(day, WALKS, P.start(day, WALKS, P.Progress(day_id=7), at(6)), at(6, 30))
    proj = P.project(day, WALKS, P.wrap(prog, at(7)), at(7))
    assert proj.unshot == ("3", "4", "5") and [s.number for s in proj.slots] == ["1", "2"]
    assert proj.slot("2").end == at(7)


def test_format_behind():
    assert P.format_behind(5) == ("behind", 5)
    assert P.format_behind(-3) == ("ahead", 3)
    assert P.format_behind(0) == ("on_time", 0)


@pytest.mark.parametrize("offset", [0, 7, 33, 61])
def test_projection_is_monotonic_and_gapless(offset):
    day = make_day()
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6) + timedelta(minutes=offset))
    proj = P.project(day, WALKS, prog, at(6) + timedelta(minutes=offset))
    prev_end = None
    for s in proj.slots:
        assert s.start <= s.end
        if prev_end is not None:
            expected = s.walk_minutes + sum(b.minutes for b in s.meals)
            assert s.start - prev_end >= timedelta(minutes=expected)
            if not s.meals:
                assert s.start - prev_end == timedelta(minutes=s.walk_minutes)
        prev_end = s.end


def snowflake_at(ms: int) -> int:
    return (ms - 1420070400000) << 22


def test_presses_by_two_ads_within_seconds_are_one_press():
    day = make_day()
    t0 = 1_795_000_000_000  # unix ms
    prog = P.start(day, WALKS, P.Progress(day_id=7), at(6), by=1, request=snowflake_at(t0))
    first = P.advance(day, WALKS, prog, at(6, 30), by=1, request=snowflake_at(t0 + 60_000))
    # the 2nd AD pressed 1.5 s after the 1st: could not have seen it; refused even without `expected`
    with pytest.raises(DomainError, match="already_moved_on"):
        P.advance(day, WALKS, first, at(6, 30), by=2, request=snowflake_at(t0 + 61_500))
    # the same AD pressing again quickly means it
    assert P.advance(day, WALKS, first, at(6, 30), by=1, request=snowflake_at(t0 + 61_500)).current == "3"
    # another AD 6 s later: a new, deliberate press
    assert P.advance(day, WALKS, first, at(6, 31), by=2, request=snowflake_at(t0 + 66_000)).current == "3"
    # order of arrival does not matter: the later-processed press is the one refused
    with pytest.raises(DomainError, match="already_moved_on"):
        P.advance(day, WALKS, first, at(6, 30), by=2, request=snowflake_at(t0 + 59_000))
    assert P.snowflake_ms(snowflake_at(t0)) == t0
