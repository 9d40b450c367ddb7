from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.timeparse import TimeParseError, parse_minutes, parse_time

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=SH)


def p(text, **kw):
    kw.setdefault("now", NOW)
    kw.setdefault("tz", SH)
    return parse_time(text, **kw)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05:30", datetime(2026, 11, 21, 5, 30)),
        ("5:30am", datetime(2026, 11, 21, 5, 30)),
        ("5:30 AM", datetime(2026, 11, 21, 5, 30)),
        ("5pm", datetime(2026, 11, 21, 17, 0)),
        ("12:15pm", datetime(2026, 11, 21, 12, 15)),
        ("17:45", datetime(2026, 11, 21, 17, 45)),
        ("23:59", datetime(2026, 11, 21, 23, 59)),
        ("tomorrow 06:00", datetime(2026, 11, 22, 6, 0)),
        ("Tomorrow 6am", datetime(2026, 11, 22, 6, 0)),
        ("today 17:00", datetime(2026, 11, 21, 17, 0)),
        ("明天 06:00", datetime(2026, 11, 22, 6, 0)),
        ("2026-11-23 07:15", datetime(2026, 11, 23, 7, 15)),
        ("11-23 07:15", datetime(2026, 11, 23, 7, 15)),
        ("下午5:30", datetime(2026, 11, 21, 17, 30)),
        ("早上5点半", datetime(2026, 11, 21, 5, 30)),
        ("晚上8点", datetime(2026, 11, 21, 20, 0)),
        ("26:30", datetime(2026, 11, 22, 2, 30)),
        ("01:00", datetime(2026, 11, 22, 1, 0)),  # before the day's window (02:00): after midnight
    ],
)
def test_clock_forms(text, expected):
    got = p(text)
    assert got == expected.replace(tzinfo=SH)
    assert got.tzinfo is not None


def test_relative_forms_count_from_now():
    assert p("+20m") == datetime(2026, 11, 21, 8, 20, tzinfo=SH)
    assert p("-1h") == datetime(2026, 11, 21, 7, 0, tzinfo=SH)
    assert p("+1h30m") == datetime(2026, 11, 21, 9, 30, tzinfo=SH)
    assert p("+90min") == datetime(2026, 11, 21, 9, 30, tzinfo=SH)
    assert p("+20分钟") == datetime(2026, 11, 21, 8, 20, tzinfo=SH)


def test_overnight_on_a_day_that_started_the_evening_before():
    # A night shoot: call 18:00 on the 21st. 02:30 and 26:30 are both the morning of the 22nd.
    night = {"day": date(2026, 11, 21), "anchor": time(18, 0)}
    assert p("02:30", **night) == datetime(2026, 11, 22, 2, 30, tzinfo=SH)
    assert p("26:30", **night) == datetime(2026, 11, 22, 2, 30, tzinfo=SH)
    assert p("19:00", **night) == datetime(2026, 11, 21, 19, 0, tzinfo=SH)
    # Evaluated after midnight, the shoot day is still the 21st.
    late_now = datetime(2026, 11, 22, 1, 0, tzinfo=SH)
    assert p("03:00", now=late_now, **night) == datetime(2026, 11, 22, 3, 0, tzinfo=SH)


def test_early_makeup_before_a_dawn_call_stays_on_the_day():
    assert p("04:30", day=date(2026, 11, 21), anchor=time(6, 0)) == datetime(2026, 11, 21, 4, 30, tzinfo=SH)


@pytest.mark.parametrize(
    "text, key",
    [
        ("", "time.error.empty"),
        ("soon", "time.error.unrecognized"),
        ("5", "time.error.ambiguous_bare_hour"),
        ("5/6 06:00", "time.error.ambiguous_date"),
        ("13pm", "time.error.out_of_range"),
        ("25:61", "time.error.out_of_range"),
        ("30:00", "time.error.out_of_range"),
        ("2026-02-30 06:00", "time.error.bad_date"),
        ("+", "time.error.unrecognized"),
        ("+2 days", "time.error.unrecognized"),
    ],
)
def test_refusals_name_the_problem(text, key):
    with pytest.raises(TimeParseError) as err:
        p(text)
    assert err.value.key == key


def test_dst_gap_and_overlap_are_refused_in_dst_zones():
    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 3, 8, 0, 0, tzinfo=ny)
    # 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
    with pytest.raises(TimeParseError) as err:
        parse_time("02:30", now=now, tz=ny, day=date(2026, 3, 8), anchor=time(5, 0))
    assert err.value.key == "time.error.dst_gap"
    # 2026-11-01 01:30 happens twice (clocks go back 02:00 -> 01:00).
    with pytest.raises(TimeParseError) as err:
        parse_time("01:30", now=now, tz=ny, day=date(2026, 11, 1), anchor=time(5, 0))
    assert err.value.key == "time.error.dst_ambiguous"
    # Around the change, ordinary times carry the right offset.
    before = parse_time("01:00", now=now, tz=ny, day=date(2026, 3, 8), anchor=time(5, 0))
    after = parse_time("04:00", now=now, tz=ny, day=date(2026, 3, 8), anchor=time(5, 0))
    utc = ZoneInfo("UTC")
    # Same-tzinfo subtraction in Python compares wall clocks; real elapsed time needs UTC.
    assert (after.astimezone(utc) - before.astimezone(utc)).total_seconds() == 2 * 3600


def test_relative_time_across_dst_is_real_elapsed_time():
    london = ZoneInfo("Europe/London")
    now = datetime(2026, 3, 29, 0, 30, tzinfo=london)
    later = parse_time("+1h", now=now, tz=london)
    assert (later.astimezone(ZoneInfo("UTC")) - now.astimezone(ZoneInfo("UTC"))).total_seconds() == 3600


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_time("05:00", now=datetime(2026, 1, 1), tz=SH)


@pytest.mark.parametrize("text, minutes", [("20", 20), ("20m", 20), ("1h", 60), ("1h30m", 90), ("90min", 90), ("1小时", 60)])
def test_parse_minutes(text, minutes):
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["0", "ten", "-5", "2000"])
def test_parse_minutes_refuses(text):
    with pytest.raises(TimeParseError):
        parse_minutes(text)


def test_dates_outside_any_shoot_are_refused_not_crashing():
    from bot.domain.errors import DomainError

    now = datetime(2026, 11, 23, 6, tzinfo=SH)
    for text in ("9999-12-31 23:59", "0001-01-01 00:00"):
        with pytest.raises(DomainError) as err:
            parse_time(text, now=now, tz=SH)
        assert err.value.key == "time.error.bad_date"
