"""Response times for the producer's report: from the call to each person's first answer, per
department and per person (what ``StandbyRepo.response_rows`` stores and returns)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True, slots=True)
class ResponseRow:
    """One standby call to one department (``user_id`` None) or one person's first answer to it."""

    standby_id: int
    department: str
    user_id: int | None
    name: str
    seconds: int | None  # None: never answered


@dataclass(frozen=True, slots=True)
class Times:
    key: str  # a department code, or a user id as text
    name: str
    calls: int
    answered: int
    median_seconds: int | None
    slowest_seconds: int | None


def _times(key: str, name: str, seconds: list[int | None]) -> Times:
    got = [s for s in seconds if s is not None]
    return Times(key, name, len(seconds), len(got), int(median(got)) if got else None, max(got) if got else None)


def summarize(rows: Iterable[ResponseRow]) -> tuple[list[Times], list[Times]]:
    """Per department: calls made to it and how fast the first answer came; per person: their own
    first answers. Slowest first (what a producer looks at)."""
    calls: dict[int, str] = {}
    first: dict[int, int | None] = {}
    people: dict[int, list[int | None]] = {}
    names: dict[int, str] = {}
    depts_of_person: dict[int, str] = {}
    for r in rows:
        calls.setdefault(r.standby_id, r.department)
        if r.user_id is None:
            first.setdefault(r.standby_id, None)
            continue
        names[r.user_id] = r.name
        depts_of_person.setdefault(r.user_id, r.department)
        people.setdefault(r.user_id, []).append(r.seconds)
        if r.seconds is not None:
            prev = first.get(r.standby_id)
            first[r.standby_id] = r.seconds if prev is None else min(prev, r.seconds)
    by_dept: dict[str, list[int | None]] = {}
    for sid, dept in calls.items():
        by_dept.setdefault(dept, []).append(first.get(sid))
    departments = [_times(d, d, s) for d, s in by_dept.items()]
    persons = [_times(str(uid), names[uid], s) for uid, s in people.items()]

    def order(t: Times) -> tuple:
        return (-(t.calls - t.answered), -(t.median_seconds or 0), t.key)

    return sorted(departments, key=order), sorted(persons, key=order)
