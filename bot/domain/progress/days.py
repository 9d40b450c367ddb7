"""Which shoot day ``/shoot`` is about, and how far behind reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class DayState:
    day_id: int
    date: date
    state: str  # Progress.state


def pick_active_day(days: Iterable[DayState], local_today: date) -> int | None:
    """The day ``/shoot`` is about: one that is shooting (a day past midnight still belongs to the
    date it started on), else the day dated today, else yesterday's (a night that just wrapped),
    else ``None``."""
    days = list(days)
    shooting = [d for d in days if d.state == "shooting"]
    if shooting:
        return max(shooting, key=lambda d: d.date).day_id
    for wanted in (local_today, local_today - timedelta(days=1)):
        found = [d for d in days if d.date == wanted]
        if found:
            return found[0].day_id
    return None


def format_behind(minutes: int) -> tuple[str, int]:
    """``("behind", n)``, ``("ahead", n)`` or ``("on_time", 0)`` for catalog keys."""
    if minutes > 0:
        return "behind", minutes
    if minutes < 0:
        return "ahead", -minutes
    return "on_time", 0
