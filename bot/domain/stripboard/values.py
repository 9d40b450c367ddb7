"""Typed values out of a row's cells (text, integers, dates, times, choices), every bad cell a problem."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.domain.stripboard.headers import MAX_NUMBER_DIGITS, MAX_TEXT
from bot.domain.stripboard.problems import Problem
from bot.domain.stripboard.tables import RawTable
from bot.domain.timeparse import MAX_YEAR, MIN_YEAR, parse_time

_INT_EXT_WORDS = {"INT": "INT", "EXT": "EXT", "INT/EXT": "INT/EXT", "I/E": "INT/EXT", "内": "INT", "内景": "INT",
                  "外": "EXT", "外景": "EXT", "内外": "INT/EXT", "内/外": "INT/EXT", "内外景": "INT/EXT"}
_DAY_NIGHT_WORDS = {"DAY": "DAY", "D": "DAY", "NIGHT": "NIGHT", "N": "NIGHT", "DAWN": "DAWN", "DUSK": "DUSK",
                    "日": "DAY", "白天": "DAY", "日景": "DAY", "夜": "NIGHT", "夜景": "NIGHT", "晚": "NIGHT",
                    "晨": "DAWN", "清晨": "DAWN", "黎明": "DAWN", "昏": "DUSK", "黄昏": "DUSK", "傍晚": "DUSK"}


class _Cells:
    """Reads typed values out of one row, recording a problem for every bad cell."""

    def __init__(self, table: RawTable, number: int, values: dict[str, str], problems: list[Problem]) -> None:
        self.table, self.number, self.values, self.problems = table, number, values, problems
        self.ok = True

    def problem(self, where: str | None, key: str, /, **params: Any) -> None:
        self.ok = False
        shown = {k: (v[:57] + "…" if isinstance(v, str) and len(v) > 60 else v) for k, v in params.items()}
        self.problems.append(Problem(self.table.sheet, self.number, where, key, shown))

    def text(self, name: str, *, required: bool = False, max_len: int = MAX_TEXT) -> str:
        value = " ".join(self.values.get(name, "").split()) if name != "synopsis" else self.values.get(name, "").strip()
        if required and not value:
            self.problem(name, "stripboard.problem.required", column=name)
        elif len(value) > max_len:
            self.problem(name, "stripboard.problem.too_long", column=name, max=max_len)
            value = value[:max_len]
        return value

    def integer(self, name: str, *, required: bool = False, lo: int = 0, hi: int = 10_000, default: int | None = None) -> int | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            if required:
                self.problem(name, "stripboard.problem.required", column=name)
            return default
        cleaned = re.sub(r"\s*(min|mins|minutes|m|分钟|分)$", "", raw, flags=re.I)
        m = re.fullmatch(r"([+-]?)0*(\d+)(?:\.0+)?", cleaned)
        if m is None:
            self.problem(name, "stripboard.problem.not_a_number", column=name, value=raw)
            return default
        if len(m.group(2)) > MAX_NUMBER_DIGITS:  # bounded before int() ever sees it
            self.problem(name, "stripboard.problem.out_of_range", column=name, value=raw, lo=lo, hi=hi)
            return default
        value = int(m.group(1) + m.group(2))
        if not lo <= value <= hi:
            self.problem(name, "stripboard.problem.out_of_range", column=name, value=raw, lo=lo, hi=hi)
            return default
        return value

    def day(self, name: str) -> date | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            self.problem(name, "stripboard.problem.required", column=name)
            return None
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?", raw)
        if not m:
            self.problem(name, "stripboard.problem.bad_date", column=name, value=raw)
            return None
        try:
            found = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            self.problem(name, "stripboard.problem.bad_date", column=name, value=raw)
            return None
        if not MIN_YEAR <= found.year <= MAX_YEAR:
            self.problem(name, "stripboard.problem.bad_date", column=name, value=raw)
            return None
        return found

    def when(self, name: str, day: date, tz: ZoneInfo, anchor: time, *, required: bool = False) -> datetime | None:
        raw = self.values.get(name, "").strip()
        if not raw:
            if required:
                self.problem(name, "stripboard.problem.required", column=name)
            return None
        raw_time = re.sub(r"^\d{4}-\d{2}-\d{2}\s+", "", raw)  # a full datetime cell: the shoot day decides the date
        if raw_time[:1] in "+-":
            self.problem(name, "stripboard.problem.bad_time", column=name, value=raw)
            return None
        now = datetime.combine(day, time(12), tzinfo=tz)
        try:
            return parse_time(raw_time, now=now, tz=tz, day=day, anchor=anchor)
        except DomainError:
            self.problem(name, "stripboard.problem.bad_time", column=name, value=raw)
            return None

    def flag(self, name: str) -> bool:
        """Yes/no: ``yes``, ``y``, ``true``, ``1``, ``是``, ``要``, ``需要``, ``✓`` are yes; empty and no-words are no."""
        raw = self.values.get(name, "").strip().casefold()
        if raw in ("", "no", "n", "false", "0", "否", "不", "不要", "无", "-", "—"):
            return False
        if raw in ("yes", "y", "true", "1", "是", "要", "需要", "有", "✓", "√", "x"):
            return True
        self.problem(name, "stripboard.problem.bad_flag", column=name, value=raw[:20])
        return False

    def choice(self, name: str, words: dict[str, str], default: str) -> str:
        raw = self.values.get(name, "").strip()
        if not raw:
            return default
        value = words.get(raw.upper().replace(" ", "").replace(".", ""))
        if value is None:
            self.problem(name, "stripboard.problem.bad_choice", column=name, value=raw,
                         allowed=" / ".join(dict.fromkeys(words.values())))
            return default
        return value


_CALL_ANCHOR = time(4, 0)  # a general call is read on the calendar day itself (00:00-23:59)
