"""What the report reads from the live day as issue 9 records it, hand-checked on the recorded day of
``test_report`` (day 2, 18:00 call, wrap 00:25 past midnight) with what the AD also said:

    19:30  /shoot delay 20 "灯泡坏了" (during 5-2)
    21:40  /shoot meal supper (30 min, during 6-1); 22:05 /shoot resume (back after 25 min)
    22:00  /shoot skip 6-2 "女主发烧", carried to day 4 (2026-11-26)

Set B may only be used 20:00-23:00 (a booking): 6-1 ran to 23:30 (30 min over), 6-3 to 00:25 (85).
A and B are in one building with one base and a 10-minute walk: a company move by the walk (the
threshold is 5 minutes); with a 15-minute threshold it is a set move.
"""

from dataclasses import replace

from bot.domain import progress as P
from bot.domain.plan import SetLocation
from bot.domain.report import build_report
from bot.report.facts import delay_lines, meal_lines, move_lines, skip_lines, window_lines
from bot.settings import LiveDaySettings, Settings
from tests.domain.test_report import TODAY, WALKS, at, facts

DAY = replace(TODAY, supper_start=at(21, 30), supper_minutes=30)
SETS = {"A": SetLocation("A", "5号楼", base="5号楼服化间"), "B": SetLocation("B", "5号楼", base="5号楼服化间", window="20:00-23:00")}


def recorded() -> P.Progress:
    p = P.Progress(day_id=2)
    p = P.start(DAY, WALKS, p, at(18, 10))
    p = P.advance(DAY, WALKS, p, at(19, 20))
    p = P.adjust(p, 20, now=at(19, 30), reason="灯泡坏了")
    p = P.advance(DAY, WALKS, p, at(21, 0))
    p = P.call_meal(DAY, p, at(21, 40), "supper")
    p = P.skip(DAY, p, "6-2", now=at(22), reason="女主发烧", carried_to="2026-11-26")
    p = P.resume(p, at(22, 5))
    p = P.advance(DAY, WALKS, p, at(23, 30))
    return P.wrap(p, at(0, 25, 25))


def test_meals_delays_skips_and_windows_as_recorded():
    progress = recorded()
    projection = P.project(DAY, WALKS, progress, at(0, 30, 25))
    (supper,) = meal_lines(progress, projection)
    assert (supper.name, supper.called, supper.minutes, supper.back, supper.returned, supper.taken_minutes, supper.planned) == (
        "supper", at(21, 40), 30, at(22, 5), True, 25, at(21, 30))
    assert [(d.at, d.minutes, d.scene, d.reason) for d in delay_lines(progress)] == [(at(19, 30), 20, "5-2", "灯泡坏了")]
    assert [(s.scene, s.at, s.reason, s.moved_to) for s in skip_lines(progress)] == [("6-2", at(22), "女主发烧", "2026-11-26")]
    assert [(w.scene, w.kind, w.minutes, w.early, w.closes) for w in window_lines(DAY, projection, SETS)] == [
        ("6-1", "window", 30, False, at(23)), ("6-3", "window", 85, False, at(23))]


def test_set_move_or_company_move_by_the_live_days_rule():
    projection = P.project(DAY, WALKS, recorded(), at(0, 30, 25))
    (move,) = move_lines(Settings(), DAY, projection, SETS)
    assert (move.from_set, move.to_set, move.walk_minutes, move.company) == ("A", "B", 10, True)
    (move,) = move_lines(Settings(liveday=LiveDaySettings(set_move_walk_minutes=15)), DAY, projection, SETS)
    assert not move.company


def test_the_report_of_the_recorded_day():
    progress = recorded()
    projection = P.project(DAY, WALKS, progress, at(0, 30, 25))
    r = build_report(facts(day=DAY, projection=projection, meals=meal_lines(progress, projection), delays=delay_lines(progress),
                           skips=skip_lines(progress), windows=window_lines(DAY, projection, SETS)))
    assert r.delays_known and r.delay_minutes == 20 and [m.name for m in r.meals] == ["supper"]
    dropped = r.dropped[0]
    assert (dropped.number, dropped.reason, dropped.moved_to, dropped.moved_to_day) == ("6-2", "女主发烧", "2026-11-26", 4)
    # everyone on set from 21:40 to 22:05 was at supper: 25 minutes of the lighting day are not work
    lighting = next(h for h in r.hours_departments if h.department == "lighting")
    assert (lighting.minutes, lighting.break_minutes) == (475, 25)
    assert [w.minutes for w in r.windows] == [30, 85]
