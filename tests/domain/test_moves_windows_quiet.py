"""Set move or company move, time windows and sunset, quiet hours (pure, hand-checked)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain import moves, quiet, timeline, windows
from bot.domain.errors import DomainError
from bot.domain.plan import Scene, SetLocation, ShootDay, Walk

SH = ZoneInfo("Asia/Shanghai")


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


WARD = SetLocation("Ward", "Building 5", "Ming-Qing St", base="B5 makeup")
CORRIDOR = SetLocation("Corridor", "Building 5", "Ming-Qing St", base="B5 makeup")
COURT = SetLocation("Court", "Building 7", "Guangzhou St", base="B7 makeup", generator=False, vehicles="extras bus")
GARDEN = SetLocation("Garden", "Building 1", "Qinhuai Rd", generator=True, vehicles="picture car", prelight=("lighting",))
STREET = SetLocation("Street", "—", "Qinhuai Rd", window="20:00-24:00")


@pytest.mark.parametrize(
    ("a", "b", "walk", "kind"),
    [
        (WARD, CORRIDOR, 1, moves.SET_MOVE),  # same building and base, a 1 min walk
        (WARD, CORRIDOR, 4, moves.SET_MOVE),
        (WARD, CORRIDOR, 5, moves.COMPANY_MOVE),  # the threshold: 5 min is a company move
        (WARD, COURT, 2, moves.COMPANY_MOVE),  # another building, however short the walk
        (CORRIDOR, STREET, 0, moves.COMPANY_MOVE),  # no building known: never assumed the same
        (WARD, SetLocation("Ward 2", "Building 5", base="B5 2F makeup"), 1, moves.COMPANY_MOVE),  # another base
        (None, CORRIDOR, 1, moves.COMPANY_MOVE),  # a set the table does not describe
    ],
)
def test_set_move_or_company_move(a, b, walk, kind):
    assert moves.describe(a, b, walk, from_set="X", to_set="Y").kind == kind


def test_a_company_move_says_what_moves_and_sends_lighting_and_art_ahead():
    to_court = moves.describe(WARD, COURT, 9)
    assert (to_court.base, to_court.generator, to_court.vehicles, to_court.pings) == ("B7 makeup", False, "extras bus", ("lighting", "art"))
    # the day's unit base serves a set without its own: moving within it, the base does not move
    to_garden = moves.describe(COURT, GARDEN, 10, day_base="B7 makeup")
    assert (to_garden.base, to_garden.generator, to_garden.vehicles) == ("", True, "picture car")
    # a set move pings only what the sets table asks for
    assert moves.describe(CORRIDOR, WARD, 1).pings == ()
    near_garden = SetLocation("Garden gate", "Building 1", "Qinhuai Rd")
    assert moves.describe(near_garden, GARDEN, 2).pings == ("lighting",) and moves.describe(near_garden, GARDEN, 2).kind == moves.SET_MOVE


def test_prelight_cells():
    assert moves.parse_prelight("灯光、美术") == ("lighting", "art")
    assert moves.parse_prelight("yes") == ("lighting", "art") and moves.parse_prelight("lighting") == ("lighting",)
    assert moves.parse_prelight("") == () and moves.parse_prelight("否") == ()
    assert moves.parse_prelight("camera") is None


def day(scenes, *, general=at(6), sunrise="06:31 / 16:58") -> ShootDay:
    return ShootDay(1, general.date(), 1, 6, general, sunrise=sunrise, id=7,
                    scenes=tuple(Scene(n, s, m, int_ext=ie, day_night=dn, position=i + 1) for i, (n, s, m, ie, dn) in enumerate(scenes)))


def test_windows_are_placed_on_the_shoot_days_timeline():
    d = day([("1", "Street", 30, "EXT", "NIGHT")])
    assert windows.window_on(d, "20:00-24:00") == (at(20), at(0, d=24))
    assert windows.window_on(d, "22:00-02:00") == (at(22), at(2, d=24))  # past midnight
    assert windows.window_on(d, "02:00-05:00") == (at(2), at(5))  # the day's timeline starts 02:00 (4 h before call)
    assert windows.window_on(d, "01:00-05:00") == (at(1, d=24), at(5, d=24))  # before it: the night after
    assert windows.sunset(d) == at(16, 58)
    assert windows.normalize_window("8:00~18:00") == "08:00-18:00"
    with pytest.raises(DomainError):
        windows.normalize_window("evenings")


def test_a_window_crossed_and_daylight():
    """Call 15:00. 1 EXT DAY garden 15:00-16:30 (sunset 16:58: fine) · 2 INT DUSK bedroom 16:30-17:00
    (dusk light 16:13-17:28: starts 16:30, fine) · 3 EXT NIGHT street 17:00-20:30 (window 20:00-24:00:
    starts 3 h early) — on the plan. Pushed 40 min: 1 ends 17:10 (12 min after sunset), 2 starts
    17:10 (fine), 3 still early, not new."""
    d = day([("1", "Garden", 90, "EXT", "DAY"), ("2", "Bedroom", 30, "INT", "DUSK"), ("3", "Street", 210, "EXT", "NIGHT")], general=at(15))
    sets = {"Street": STREET}
    plan = timeline.planned(d, [])
    on_plan = windows.breaches(d, plan, sets)
    assert [(b.scene, b.kind, b.minutes, b.early) for b in on_plan] == [("3", windows.WINDOW, 180, True)]
    pushed, _ = timeline.lay_out(d, [], [], timeline.ordered(d), now=at(15, 40))
    new = windows.pushed_out(d, pushed, plan, sets)
    assert [(b.scene, b.kind, b.minutes, b.end) for b in new] == [("1", windows.SUNSET, 12, at(17, 10))]
    later, _ = timeline.lay_out(d, [], [], timeline.ordered(d), now=at(16, 30))  # 90 min late: dusk at 18:00 is missed
    assert {(b.scene, b.kind, b.minutes) for b in windows.pushed_out(d, later, plan, sets)} == {("1", windows.SUNSET, 62), ("2", windows.DUSK, 32)}
    assert windows.breaches(day([("1", "X", 30, "INT", "DAY")], sunrise=""), plan[:1], {}) == []  # no sunset known: nothing to check


def test_quiet_hours_before_a_day():
    rules = quiet.QuietHours()
    w = quiet.window(at(6), rules, SH)
    assert (w.start, w.end) == (at(23, d=22), at(4))  # 23:00 to 2 h before a 06:00 call
    assert quiet.window(at(4), rules, SH).end == at(2)  # each person's own call: a 04:00 call, 02:00
    assert quiet.window(at(14), rules, SH).end == at(8)  # never longer than 9 h
    assert quiet.window(at(0, 30), rules, SH) is None  # a call just after midnight: no quiet hours
    assert (quiet.night(at(4), rules, SH).start, quiet.night(at(4), rules, SH).end) == (at(23, d=22), at(8))
    # a chase planned in the night (02:00, before a 04:00 call) goes out at 22:00 the evening
    # before, or not at all once the night has begun; one planned in the day stays
    assert quiet.chase_time(at(2), at(4), at(20, d=22), rules, SH) == at(22, d=22)
    assert quiet.chase_time(at(2), at(4), at(23, 30, d=22), rules, SH) is None
    assert quiet.chase_time(at(21, d=22), at(4), at(20, d=22), rules, SH) == at(21, d=22)
    assert quiet.chase_time(at(12), at(14), at(20, d=22), rules, SH) == at(12)
    # a call change inside the person's quiet hours waits until they end
    assert quiet.notice_time(at(1), w) == at(4) and quiet.notice_time(at(5), w) == at(5)
    assert quiet.window(at(6), quiet.QuietHours(time(22, 30), 90, 9, 30), SH).start == at(22, 30, d=22)
    assert quiet.window(at(6), quiet.QuietHours(enabled=False), SH) is None
