"""The rest guard's rule packs, hand-checked: a crew released after midnight and called again the
next morning, under the China, UK, 12-hour-turnaround and custom packs."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import DomainError
from bot.domain.rest import (
    DAY,
    DAYS_IN_A_ROW,
    OVERTIME_MONTH,
    REST,
    Span,
    by_department,
    check,
    check_sheet,
    overlap_minutes,
    rules_for,
)

SH = ZoneInfo("Asia/Shanghai")
D1, D2 = date(2026, 11, 23), date(2026, 11, 24)


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


def span(key, name, dept, start, end, day=D1, actor=False, breaks=0):
    return Span(key, name, dept, day, start, end, actor, breaks)


# Day 1 (past midnight): the gaffer 05:00 -> wrap 00:35 + 30 min wrap-out = 01:05 (20 h 5 min, 75 min of meals);
# Lin Xiao (actor) 05:00 -> her last scene ends 22:40; the sound mixer 05:30 -> 00:35.
TODAY = [
    span("u:1", "王强", "lighting", at(5), at(1, 5, 24), breaks=75),
    span("u:2", "林晓", "cast", at(5), at(22, 40), actor=True, breaks=75),
    span("u:3", "Carlos", "sound", at(5, 30), at(0, 35, 24), breaks=75),
]
# Day 2: the gaffer called 12:00 (rest 10 h 55 min), Lin Xiao 09:30 (rest 10 h 50 min), Carlos 13:00 (12 h 25 min).
TOMORROW = [
    span("u:1", "王强", "lighting", at(12, 0, 24), at(23, 0, 24), day=D2),
    span("u:2", "林晓", "cast", at(9, 30, 24), at(20, 0, 24), day=D2, actor=True),
    span("u:3", "Carlos", "sound", at(13, 0, 24), at(23, 0, 24), day=D2),
]


def test_spans_count_minutes_and_meals():
    assert TODAY[0].minutes == 20 * 60 + 5 and TODAY[0].work_minutes == 20 * 60 + 5 - 75
    assert overlap_minutes(at(5), at(12), [(at(11, 30), at(12, 15)), (at(18), at(18, 45))]) == 30


def test_twelve_hour_turnaround():
    result = check(rules_for("turnaround12"), today=TODAY, tomorrow=TOMORROW)
    rest = {b.name: b for b in result.breaches}
    assert set(rest) == {"王强", "林晓"}  # Carlos gets 12 h 25 min
    assert rest["王强"].kind == REST and rest["王强"].value == 10 * 60 + 55 and rest["王强"].by == 65
    assert rest["王强"].release == at(1, 5, 24) and rest["王强"].next_call == at(12, 0, 24)
    assert rest["林晓"].value == 10 * 60 + 50 and rest["林晓"].limit == 720 and rest["林晓"].actor
    assert [b.name for b in result.breaches] == ["林晓", "王强"]  # the largest shortfall first
    assert sorted((d.department, d.people, d.worst) for d in result.departments) == [("cast", 1, 650), ("lighting", 1, 655)]


def test_uk_eleven_hours():
    result = check(rules_for("uk"), today=TODAY, tomorrow=TOMORROW)
    assert {(b.name, b.value, b.limit) for b in result.breaches} == {("王强", 655, 660), ("林晓", 650, 660)}


def test_custom_minimum_rest():
    result = check(rules_for("custom", 10.9), today=TODAY, tomorrow=TOMORROW)
    assert {b.name for b in result.breaches} == {"林晓"}  # 10 h 50 min < 10 h 54 min; 10 h 55 min is enough
    with pytest.raises(DomainError):
        rules_for("custom")
    with pytest.raises(DomainError):
        rules_for("custom", 30)
    with pytest.raises(DomainError):
        rules_for("nine-to-five")


def test_china_day_length_overtime_and_rest_day():
    rules = rules_for("china")
    assert rules.max_day_minutes == 11 * 60 and rules.min_rest_minutes is None
    # earlier this month: the gaffer worked Nov 17..22 (six days) with 4 h overtime a day = 24 h
    history = [span("u:1", "王强", "lighting", datetime(2026, 11, d, 6, tzinfo=SH), datetime(2026, 11, d, 18, tzinfo=SH), day=date(2026, 11, d))
               for d in range(17, 23)]
    result = check(rules, today=TODAY, tomorrow=TOMORROW, history=history)
    kinds = {(b.name, b.kind): b for b in result.breaches}
    # the day: 20 h 5 min minus 75 min of meals = 18 h 50 min of work > 11 h (by 7 h 50 min)
    assert kinds[("王强", DAY)].value == 1130 and kinds[("王强", DAY)].by == 470
    assert kinds[("林晓", DAY)].value == 17 * 60 + 40 - 75
    assert kinds[("Carlos", DAY)].value == 19 * 60 + 5 - 75
    # the month: 24 h before + 10 h 50 min today = 34 h 50 min: under 36 h for the gaffer
    assert ("王强", OVERTIME_MONTH) not in kinds
    # seven days in a row (Nov 17..23) with no day off
    assert kinds[("王强", DAYS_IN_A_ROW)].value == 7 and kinds[("王强", DAYS_IN_A_ROW)].limit == 6
    assert not any(b.kind == REST for b in result.breaches)  # the China pack sets no turnaround


def test_china_monthly_overtime_cap():
    rules = rules_for("china")
    history = [span("u:1", "王强", "lighting", datetime(2026, 11, d, 6, tzinfo=SH), datetime(2026, 11, d, 20, tzinfo=SH), day=date(2026, 11, d))
               for d in (3, 5, 7, 9, 11)]  # 6 h overtime each: 30 h; October does not count
    history.append(span("u:1", "王强", "lighting", datetime(2026, 10, 30, 6, tzinfo=SH), datetime(2026, 10, 31, 2, tzinfo=SH), day=date(2026, 10, 30)))
    result = check(rules, today=TODAY[:1], history=history)
    month = next(b for b in result.breaches if b.kind == OVERTIME_MONTH)
    assert month.value == 30 * 60 + 1130 - 480 and month.limit == 36 * 60  # 40 h 50 min


def test_publish_check_previous_releases_against_the_new_sheet():
    result = check_sheet(rules_for("turnaround12"), previous=TODAY, planned=TOMORROW)
    assert {b.name for b in result.breaches} == {"王强", "林晓"}
    assert {b.day for b in result.breaches} == {D2}


def test_a_stricter_minimum_rest_on_a_pack():
    assert rules_for("uk", 12).min_rest_minutes == 720
    assert rules_for("uk", 8).min_rest_minutes == 660


def test_department_summary_names_everyone():
    lighting = [span(f"u:{i}", f"L{i}", "lighting", at(5), at(1, 5, 24)) for i in range(10, 13)]
    nxt = {s.key: span(s.key, s.name, "lighting", at(9, 0, 24), at(20, 0, 24), day=D2) for s in lighting}
    result = check(rules_for("turnaround12"), today=lighting, tomorrow=list(nxt.values()))
    (dept,) = by_department(result.breaches)
    assert dept.department == "lighting" and dept.people == 3 and dept.worst == 7 * 60 + 55 and dept.names == ("L10", "L11", "L12")
    assert timedelta(minutes=dept.worst) < timedelta(hours=12)
