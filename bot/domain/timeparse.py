"""Parse what people type for a time on set.

A shoot day belongs to the date it started on, even when it runs past midnight. A bare time of
day is placed on the shoot day's 24-hour timeline, which begins ``LEAD`` hours before the day's
anchor (its general call): with a 06:00 call, ``04:30`` is the same morning (makeup before call)
and ``02:30`` is after midnight; with an 18:00 night call, ``02:30`` is the next morning.
``26:30`` always means 02:30 after midnight. Accepted forms::

    05:30   5:30am   5pm   17:45   2:30 AM   26:30
    tomorrow 06:00   today 17:00   2026-11-22 06:00   11-22 06:00
    +20m   -1h   +1h30m   +90min   (relative to now)
    下午5:30   早上5点半   凌晨2点   (Chinese am/pm words)

Refused with a :class:`TimeParseError` (a catalog key plus parameters): anything else, a
``5/6``-style date whose order is ambiguous, a 12-hour time without am/pm past 12, a wall time
that a DST change skips, and a wall time that a DST change repeats.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser as du_parser
from dateutil.relativedelta import relativedelta

from bot.domain.errors import DomainError

LEAD = timedelta(hours=4)
DEFAULT_ANCHOR = time(6, 0)


class TimeParseError(DomainError):
    pass


_REL = re.compile(r"^(?P<sign>[+-])\s*(?:(?P<h>\d{1,2})\s*h)?\s*(?:(?P<m>\d{1,4})\s*(?:m|min|mins|minutes?))?$")
_REL_CN = re.compile(r"^(?P<sign>[+-])\s*(?:(?P<h>\d{1,2})\s*(?:小时|个小时))?\s*(?:(?P<m>\d{1,4})\s*分钟?)?$")
_CLOCK_24 = re.compile(r"^(?P<h>\d{1,2})[:：.](?P<m>\d{2})$")
_CLOCK_12 = re.compile(r"^(?P<h>\d{1,2})(?:[:：.](?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)$", re.I)
_CN_CLOCK = re.compile(
    r"^(?P<word>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜)?\s*(?P<h>\d{1,2})\s*"
    r"(?:[:：](?P<m>\d{2})|点\s*(?:(?P<half>半)|(?P<cm>\d{1,2})\s*分?)?)$"
)
_DAY_WORD = re.compile(r"^(?P<word>today|tomorrow|tmr|今天|明天)\s*(?P<rest>.+)$", re.I)
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})[ T](?P<rest>.+)$")
_MD_DATE = re.compile(r"^(?P<mo>\d{1,2})-(?P<d>\d{1,2})\s+(?P<rest>.+)$")
_AMBIGUOUS_DATE = re.compile(r"\d{1,2}/\d{1,2}")

_PM_WORDS = {"下午", "傍晚", "晚上", "夜里"}
_AM_WORDS = {"凌晨", "早上", "早晨", "上午", "半夜"}


def _clock(text: str, raw: str) -> tuple[int, int]:
    """Hours (0-29, so 26:30 works) and minutes of a time-of-day text."""
    s = text.strip()
    if m := _CLOCK_24.match(s):
        h, mi = int(m["h"]), int(m["m"])
        if h > 29 or mi > 59:
            raise TimeParseError("time.error.out_of_range", text=raw)
        return h, mi
    if _CLOCK_12.match(s):
        # dateutil knows every spelling of am/pm; we only feed it what the regex vetted.
        parsed = du_parser.parse(s, default=datetime(2000, 1, 1))
        h = int(_CLOCK_12.match(s)["h"])  # type: ignore[index]
        if h == 0 or h > 12:
            raise TimeParseError("time.error.out_of_range", text=raw)
        return parsed.hour, parsed.minute
    if m := _CN_CLOCK.match(s):
        h = int(m["h"])
        mi = 30 if m["half"] else int(m["m"] or m["cm"] or 0)
        if mi > 59 or h > 29:
            raise TimeParseError("time.error.out_of_range", text=raw)
        word = m["word"]
        if word in _PM_WORDS and 1 <= h < 12:
            h += 12
        elif word in _AM_WORDS and h == 12:
            h = 0
        elif word == "中午" and h < 3:
            h += 12
        return h, mi
    if _AMBIGUOUS_DATE.search(s):
        raise TimeParseError("time.error.ambiguous_date", text=raw)
    if re.fullmatch(r"\d{1,2}", s):
        raise TimeParseError("time.error.ambiguous_bare_hour", text=raw, hour=s)
    raise TimeParseError("time.error.unrecognized", text=raw)


MIN_YEAR, MAX_YEAR = 2000, 2100


def localize(naive: datetime, tz: ZoneInfo, raw: str) -> datetime:
    """Attach ``tz`` to a wall time, refusing times a DST change skips or repeats."""
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # A gap has an offset change too; tell them apart by round-tripping through UTC.
        roundtrip = first.astimezone(ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None)
        if roundtrip != naive:
            raise TimeParseError("time.error.dst_gap", text=raw)
        raise TimeParseError("time.error.dst_ambiguous", text=raw)
    return first


def on_shoot_day(day: date, hour: int, minute: int, tz: ZoneInfo, *, anchor: time = DEFAULT_ANCHOR, raw: str = "") -> datetime:
    """Place a wall time on the timeline of the shoot day that started on ``day``."""
    if hour >= 24:
        naive = datetime.combine(day + timedelta(days=1), time(hour - 24, minute))
        return localize(naive, tz, raw or f"{hour}:{minute:02d}")
    start = datetime.combine(day, anchor) - LEAD
    naive = datetime.combine(day, time(hour, minute))
    if naive < start:
        naive += timedelta(days=1)
    elif naive >= start + timedelta(days=1):
        naive -= timedelta(days=1)
    return localize(naive, tz, raw or f"{hour}:{minute:02d}")


def parse_time(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    day: date | None = None,
    anchor: time | None = None,
) -> datetime:
    """Parse ``text`` into an aware datetime in ``tz``.

    ``day`` is the shoot day the time belongs to (default: today's date in ``tz``); ``anchor`` is
    that day's general call (default 06:00). Relative forms count from ``now``.
    """
    raw = text
    s = " ".join(text.strip().lower().split())
    if not s:
        raise TimeParseError("time.error.empty")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if s[0] in "+-":
        m = _REL.match(s) or _REL_CN.match(s)
        if not m or not (m["h"] or m["m"]):
            raise TimeParseError("time.error.unrecognized", text=raw)
        delta = relativedelta(hours=int(m["h"] or 0), minutes=int(m["m"] or 0))
        return (now + delta) if m["sign"] == "+" else (now - delta)
    base_day = day if day is not None else now.astimezone(tz).date()
    anchor = anchor or DEFAULT_ANCHOR
    if m := _DAY_WORD.match(s):
        if m["word"] in ("tomorrow", "tmr", "明天"):
            base_day = base_day + timedelta(days=1)
        s = m["rest"]
    elif m := _ISO_DATE.match(s):
        try:
            base_day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
        except ValueError:
            raise TimeParseError("time.error.bad_date", text=raw) from None
        if not MIN_YEAR <= base_day.year <= MAX_YEAR:  # a shoot is never in year 1 or 9999 (and no overflow past it)
            raise TimeParseError("time.error.bad_date", text=raw)
        s = m["rest"]
    elif m := _MD_DATE.match(s):
        try:
            base_day = date(base_day.year, int(m["mo"]), int(m["d"]))
        except ValueError:
            raise TimeParseError("time.error.bad_date", text=raw) from None
        s = m["rest"]
    hour, minute = _clock(s, raw)
    return on_shoot_day(base_day, hour, minute, tz, anchor=anchor, raw=raw)


def parse_minutes(text: str) -> int:
    """``20``, ``20m``, ``1h``, ``1h30m``, ``90min`` -> minutes (positive)."""
    s = text.strip().lower().replace(" ", "")
    if s.isdigit():
        value = int(s)
    else:
        m = _REL.match("+" + s) or _REL_CN.match("+" + s)
        if not m or not (m["h"] or m["m"]):
            raise TimeParseError("time.error.bad_minutes", text=text)
        value = int(m["h"] or 0) * 60 + int(m["m"] or 0)
    if value <= 0 or value > 24 * 60:
        raise TimeParseError("time.error.bad_minutes", text=text)
    return value
