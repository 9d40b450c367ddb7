"""The producer's daily report computed from a recorded day, every figure checked by hand.

Day 2 of 4 (Mon 2026-11-24), a night shoot: general call 18:00, five scenes planned on two sets
(set A, then set B ten minutes' walk away). What happened:

    18:10  first shot, 5-1 (A)                      planned 18:00-19:00
    19:20  5-1 done, 5-2 (A)                        planned 19:00-20:30
    21:00  5-2 done, company move to B (10 min), 6-1 rolls 21:10      planned 20:40-21:40
    22:00  6-2 dropped: the actress is ill, carried to day 4 (11-26)  planned 21:40-23:40
    23:30  6-1 done, 6-3 (B)                        planned 23:40-00:10
    00:25  6-3 done: wrap, past midnight (planned 00:10, so 15 min late)
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import progress as P
from bot.domain.callsheet import PersonCall
from bot.domain.callsheet.model import CastCall
from bot.domain.plan import CastRole, Scene, ShootDay, Walk
from bot.domain.report import (
    DayFacts,
    MoneyLine,
    NextDay,
    Override,
    PlanDay,
    PlanScene,
    SheetStatus,
    Skip,
    build_report,
    from_json,
    moves_from,
    percentile,
    standby_lines,
    to_json,
)
from bot.domain.rest import REST, rules_for
from bot.domain.standby.times import ResponseRow

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 24)


def at(h: int, m: int = 0, d: int = 24) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


LIN, SARAH_ROLE = CastRole("苏晚", "林晓", 11), CastRole("Vivian", "Sarah Miller")
SCENES = (
    Scene("5-1", "A", 60, ("5",), cast=(LIN,), position=1),
    Scene("5-2", "A", 90, ("5",), position=2),
    Scene("6-1", "B", 60, ("6",), cast=(SARAH_ROLE,), position=3),
    Scene("6-2", "B", 120, ("6",), cast=(SARAH_ROLE,), position=4),
    Scene("6-3", "B", 30, ("6",), position=5),
)
TODAY = ShootDay(production_id=1, date=DAY, day_number=2, total_days=4, general_call=at(18), scenes=SCENES, id=2)
WALKS = [Walk("A", "B", 10)]


def recorded() -> P.Progress:
    p = P.Progress(day_id=2)
    p = P.start(TODAY, WALKS, p, at(18, 10))
    p = P.advance(TODAY, WALKS, p, at(19, 20))
    p = P.advance(TODAY, WALKS, p, at(21, 0))
    p = P.skip(TODAY, p, "6-2")
    p = P.advance(TODAY, WALKS, p, at(23, 30))
    return P.wrap(p, at(0, 25, 25))


PLAN_DAYS = (
    PlanDay(date(2026, 11, 23), 1, "wrapped", (PlanScene("4-1", 60, ("4",)), PlanScene("4-2", 60, ("4",)), PlanScene("5-0", 30, ("5",))),
            frozenset({"4-1", "4-2", "5-0"})),
    PlanDay(DAY, 2, "wrapped", tuple(PlanScene(s.number, s.est_minutes, s.episodes) for s in SCENES), frozenset({"5-1", "5-2", "6-1", "6-3"})),
    PlanDay(date(2026, 11, 25), 3, "planned", (PlanScene("7-1", 60, ("7",)), PlanScene("7-2", 60, ("7",)), PlanScene("6-4", 30, ("6",)))),
    PlanDay(date(2026, 11, 26), 4, "planned", (PlanScene("6-2", 120, ("6",)), PlanScene("8-1", 60, ("8",)))),
)
POOL = (PlanScene("9-1", 45, ("9",)),)

# who was called (the calls they heard) and the cast table (Sarah Miller is a day player, not on Discord)
CALLS = {
    1: PersonCall(1, at(17), "A", (), "lighting", "王强"),
    2: PersonCall(2, at(17, 30), "A", (), "sound", "Carlos"),
    11: PersonCall(11, at(17), "A", ("5-1",), "cast", "林晓", kind="cast"),
}
CAST = (
    CastCall("林晓", ("苏晚",), ("5-1",), at(18), at(18), at(17), user_id=11),
    CastCall("Sarah Miller", ("Vivian",), ("6-1", "6-2"), at(20, 40), at(20, 40), at(19, 40)),
)
# tomorrow: the gaffer at 10:00, the sound mixer at 12:00, Lin Xiao at 08:00, Sarah at 12:30
TOMORROW = ShootDay(production_id=1, date=date(2026, 11, 25), day_number=3, total_days=4, general_call=at(11, 0, 25),
                    scenes=(Scene("7-1", "A", 60, ("7",), cast=(LIN, SARAH_ROLE), position=1),), id=3)
NEXT = NextDay(
    TOMORROW,
    {1: PersonCall(1, at(10, 0, 25), "A", (), "lighting", "王强"), 2: PersonCall(2, at(12, 0, 25), "A", (), "sound", "Carlos"),
     11: PersonCall(11, at(8, 0, 25), "A", ("7-1",), "cast", "林晓", kind="cast")},
    {"7-1": at(14, 0, 25)}, at(14, 0, 25), (),
    SheetStatus(date(2026, 11, 25), 3, 2, confirmed=12, total=40),
    (CastCall("林晓", ("苏晚",), ("7-1",), at(13, 0, 25), at(13, 0, 25), at(8, 0, 25), user_id=11),
     CastCall("Sarah Miller", ("Vivian",), ("7-1",), at(13, 0, 25), at(13, 0, 25), at(12, 30, 25))),
)
STANDBY = (
    ResponseRow(1, "lighting", None, "", None), ResponseRow(1, "lighting", 1, "王强", 40), ResponseRow(1, "lighting", 3, "刘洋", 75),
    ResponseRow(2, "lighting", None, "", None), ResponseRow(2, "lighting", 3, "刘洋", 200),
    ResponseRow(3, "lighting", None, "", None), ResponseRow(3, "lighting", 3, "刘洋", None),
    ResponseRow(4, "makeup", None, "", None), ResponseRow(4, "makeup", 5, "陈静", 30),
)


def facts(**changes) -> DayFacts:
    progress = recorded()
    projection = P.project(TODAY, WALKS, progress, at(0, 30, 25))
    base = dict(
        production_code="CEO1", production_name="总裁的契约新娘", timezone="Asia/Shanghai", day=TODAY, projection=projection,
        skips=(Skip("6-2", at(22), "女主发烧", "2026-11-26"),),
        moves=moves_from(projection, lambda a, b, walk: walk >= 5),
        plan_days=PLAN_DAYS, pool=POOL, calls=CALLS, cast=CAST, departments={1: "lighting", 2: "sound", 11: "cast"},
        next=NEXT, rules=rules_for("turnaround12"), wrap_out={"lighting": 30},
        sheet=SheetStatus(DAY, 2, 1, confirmed=38, total=41, unreachable=1),
        standby=STANDBY, money=(MoneyLine("supper", 35, 87500, 7500, 3),),
        overrides=(Override(date(2026, 11, 25), 3, 2, "医院场景只到 15:00", "周敏", at(23, 50), ("王强", "Carlos")),),
        episode_minutes=1.0, now=at(0, 30, 25),
    )
    base.update(changes)
    return DayFacts(**base)


@pytest.fixture(scope="module")
def report():
    return build_report(facts())


def test_times_of_the_day(report):
    assert (report.date, report.day_number, report.total_days, report.state) == (DAY, 2, 4, "wrapped")
    assert report.general_call == at(18) and report.first_shot == at(18, 10) and report.call_to_first_shot == 10
    assert report.planned_first_shot == at(18)
    assert report.planned_wrap == at(0, 10, 25) and report.wrap == at(0, 25, 25) and report.wrap_vs_plan == 15


def test_scenes_shot_dropped_and_where_the_dropped_one_went(report):
    assert [(s.number, s.status) for s in report.scenes] == [("5-1", "shot"), ("5-2", "shot"), ("6-1", "shot"), ("6-2", "dropped"),
                                                             ("6-3", "shot")]
    assert (report.planned_scenes, report.shot, len(report.dropped)) == (5, 4, 1)
    dropped = report.dropped[0]
    assert (dropped.reason, dropped.moved_to, dropped.moved_to_day) == ("女主发烧", "2026-11-26", 4)
    s61 = next(s for s in report.scenes if s.number == "6-1")
    assert (s61.planned_start, s61.planned_end, s61.start, s61.end, s61.actual_minutes) == (at(20, 40), at(21, 40), at(21, 10), at(23, 30), 140)
    s63 = next(s for s in report.scenes if s.number == "6-3")
    assert (s63.start, s63.end) == (at(23, 30), at(0, 25, 25))  # past midnight: the same shoot day


def test_company_moves_and_minutes_lost(report):
    assert [(m.from_set, m.to_set, m.at, m.walk_minutes, m.company) for m in report.moves] == [("A", "B", at(21), 10, True)]
    assert report.move_minutes == 10


def test_episodes_and_screen_minutes(report):
    # episode 4 was finished yesterday, 5 today (5-0 yesterday, 5-1 and 5-2 today); 6, 7, 8, 9 are open
    assert (report.episodes_done, report.episodes_total, report.episodes_today) == (2, 6, ("5",))
    # today: 2 of episode 5's 3 scenes (0.667) + 2 of episode 6's 4 (0.5); so far: 4 + 5 + half of 6
    assert report.screen_minutes == pytest.approx(1.17) and report.screen_minutes_total == pytest.approx(2.5)


def test_cumulative_pace_and_the_projected_last_day(report):
    p = report.pace
    assert (p.scenes_total, p.planned_to_date, p.shot_to_date, p.behind_scenes) == (13, 8, 7, 1)
    assert (p.minutes_total, p.minutes_planned_to_date, p.minutes_shot_to_date) == (765, 510, 390)
    # 390 min of scenes in 2 days = 195 a day; 375 min left -> 2 more days: day 4 (11-26), as planned
    assert (p.days_worked, p.per_day_minutes, p.days_needed) == (2, 195.0, 2)
    assert (p.projected_last_day, p.projected_last_date, p.planned_days, p.over_days) == (4, date(2026, 11, 26), 4, 0)
    assert p.behind_days == pytest.approx(120 / 195)


def test_hours_per_department_and_per_actor(report):
    # lighting: 17:00 to the wrap 00:25 + 30 min wrap-out = 7 h 55 min; sound 17:30-00:25 = 6 h 55 min
    assert [(h.department, h.start, h.end, h.minutes) for h in report.hours_departments] == [
        ("lighting", at(17), at(0, 55, 25), 475), ("sound", at(17, 30), at(0, 25, 25), 415)]
    # Sarah Miller (not on Discord) 19:40 to the end of 6-1 at 23:30 (6-2 was dropped); 林晓 17:00 to 19:20
    assert [(h.name, h.start, h.end, h.minutes) for h in report.hours_actors] == [
        ("Sarah Miller", at(19, 40), at(23, 30), 230), ("林晓", at(17), at(19, 20), 140)]


def test_rest_before_tomorrows_calls(report):
    rest = report.rest
    assert rest.next_date == date(2026, 11, 25) and rest.next_published
    # the gaffer: released 00:55, called 10:00 -> 9 h 5 min; the sound mixer 00:25 -> 12:00 = 11 h 35 min
    assert [(b.kind, b.name, b.value, b.by, b.release, b.next_call) for b in rest.breaches] == [
        (REST, "王强", 545, 175, at(0, 55, 25), at(10, 0, 25)), (REST, "Carlos", 695, 25, at(0, 25, 25), at(12, 0, 25))]
    assert [(d.department, d.people, d.worst) for d in rest.departments] == [("lighting", 1, 545), ("sound", 1, 695)]


def test_rest_under_the_uk_rules_lets_the_sound_mixer_off():
    result = build_report(facts(rules=rules_for("uk"))).rest
    assert [(b.name, b.value, b.limit) for b in result.breaches] == [("王强", 545, 660)]


def test_standby_response_per_department():
    lines = standby_lines(STANDBY)
    # lighting: three calls, first answers 40 s and 200 s, one never answered: median 120 s, 90th percentile 200 s
    assert [(s.department, s.calls, s.answered, s.median_seconds, s.p90_seconds) for s in lines] == [
        ("lighting", 3, 2, 120, 200), ("makeup", 1, 1, 30, 30)]
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90) == 90 and percentile([], 90) is None


def test_sheets_money_and_overrides_pass_through(report):
    assert report.sheet.rate == pytest.approx(38 / 41) and report.tomorrow.version == 2 and report.tomorrow.confirmed == 12
    assert report.money_total == (87500, 7500)
    assert report.overrides[0].reason == "医院场景只到 15:00"


def test_sources_that_do_not_exist_read_na():
    r = build_report(facts(standby=None, money=None, delays=None))
    assert r.standby is None and r.money is None and not r.delays_known


def test_curves_through_the_day(report):
    assert [(p.at, p.scenes) for p in report.planned_curve] == [
        (at(18), 0), (at(19), 1), (at(20, 30), 2), (at(21, 40), 3), (at(23, 40), 4), (at(0, 10, 25), 5)]
    assert [(p.at, p.scenes) for p in report.actual_curve] == [
        (at(18, 10), 0), (at(19, 20), 1), (at(21), 2), (at(23, 30), 3), (at(0, 25, 25), 4)]
    assert [(d.day_number, d.planned, d.shot) for d in report.days] == [(1, 3, 3), (2, 5, 4), (3, 3, 0), (4, 2, 0)]


def test_the_report_round_trips_through_json(report):
    again = from_json(to_json(report))
    assert again == report
    assert again.wrap.tzinfo is not None and again.rest.breaches[0].release == at(0, 55, 25)


def test_a_day_still_shooting_projects_its_wrap():
    progress = P.advance(TODAY, WALKS, P.start(TODAY, WALKS, P.Progress(day_id=2), at(18, 10)), at(19, 20))
    projection = P.project(TODAY, WALKS, progress, at(19, 30))
    r = build_report(facts(projection=projection, skips=(), moves=(), now=at(19, 30)))
    assert r.state == "shooting" and r.wrap > r.planned_wrap and r.shot == 1
    assert r.wrap - r.planned_wrap == timedelta(minutes=20)  # 5-1 ran 10 min late and started 10 min late


def test_park_view_puts_the_worst_production_first(report):
    late = build_report(facts(plan_days=(PLAN_DAYS[0], PLAN_DAYS[1], PLAN_DAYS[2])))  # day 4 taken out of the plan: a day over
    assert late.pace.over_days == 1
    ordered = sorted([report, late], key=lambda r: r.worst)
    assert ordered[0] is late


def test_days_not_imported_yet_are_counted_at_the_average_planned_work():
    from bot.domain.report import pace

    # the shoot is 6 days; 4 are imported with 150 + 360 + 150 + 180 = 840 planned minutes (210 a day)
    p = pace(PLAN_DAYS, POOL, DAY, total_days=6)
    assert (p.planned_days, p.estimated_days, p.planned_last_date) == (6, 2, date(2026, 11, 28))
    # 375 min of known scenes left + 2 x 210 = 795 min at 195 a day -> 5 more days: day 7 (11-29), one over
    assert (p.days_needed, p.projected_last_day, p.projected_last_date, p.over_days) == (5, 7, date(2026, 11, 29), 1)


def test_a_day_being_shot_counts_only_the_scenes_planned_by_now():
    progress = P.advance(TODAY, WALKS, P.start(TODAY, WALKS, P.Progress(day_id=2), at(18, 10)), at(19, 20))
    projection = P.project(TODAY, WALKS, progress, at(20, 35))
    shooting = tuple(PlanDay(d.date, d.day_number, "shooting" if d.date == DAY else d.state, d.scenes, frozenset({"5-1"}) if d.date == DAY else d.shot)
                     for d in PLAN_DAYS)
    r = build_report(facts(projection=projection, plan_days=shooting, skips=(), moves=(), now=at(20, 35)))
    # by 20:35 the plan had 5-1 (19:00) and 5-2 (20:30) done: 3 + 2 planned, 3 + 1 shot
    assert (r.pace.planned_to_date, r.pace.shot_to_date, r.pace.behind_scenes) == (5, 4, 1)
