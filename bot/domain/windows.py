"""Time windows a scene must fit in, and the scenes the projection pushes out of them.

* A set's availability window (the sets table's ``window`` column: a booking in a shared studio
  park, a permit, a road closure), ``"20:00-24:00"``: the whole scene must be inside it. A window
  is placed on the shoot day's 24-hour timeline (which starts four hours before general call, as
  typed times are), and one whose end is not after its start runs past midnight.
* Daylight: an exterior day scene (``EXT`` or ``INT/EXT``, ``DAY``) must end by sunset; a dusk scene
  (``DUSK``, interior or exterior: it is the light) must be shot around sunset, starting no earlier
  than :data:`DUSK_BEFORE` before it and no later than :data:`DUSK_AFTER` after it. Sunset is the
  second time of the day's sunrise field (``"06:31 / 16:58"``).

:func:`breaches` checks slots against their windows; :func:`pushed_out` gives what the live
projection pushed out of a window the plan kept it in (the AD channel is told once per scene and
window). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.domain.plan import Scene, SetLocation, ShootDay
from bot.domain.timeline import Slot
from bot.domain.timeparse import on_shoot_day

WINDOW = "window"
SUNSET = "sunset"
DUSK = "dusk"
DUSK_BEFORE = timedelta(minutes=45)
DUSK_AFTER = timedelta(minutes=30)

_TIME = r"(\d{1,2})[:：.](\d{2})"
_WINDOW_RE = re.compile(rf"^\s*{_TIME}\s*(?:-|–|—|~|～|至|到|to)\s*{_TIME}\s*$", re.I)
_ANY_TIME = re.compile(_TIME)


@dataclass(frozen=True, slots=True)
class Breach:
    """Scene ``scene`` falls ``minutes`` outside a window (``early``: it starts before the window opens)."""

    scene: str
    set_name: str
    kind: str  # WINDOW | SUNSET | DUSK
    minutes: int
    early: bool
    opens: datetime | None
    closes: datetime | None
    start: datetime
    end: datetime


def parse_window(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``"20:00-24:00"`` -> ((20, 0), (24, 0)); ``None`` when it is not a window (hours up to 29)."""
    m = _WINDOW_RE.match(text or "")
    if not m:
        return None
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 29 or h2 > 29 or m1 > 59 or m2 > 59:
        return None
    return (h1, m1), (h2, m2)


def normalize_window(text: str) -> str:
    """The stored form (``"20:00-24:00"``); raises ``DomainError`` for a cell that is not a window."""
    if not (text or "").strip():
        return ""
    parsed = parse_window(text)
    if parsed is None:
        raise DomainError("plan.error.bad_window", value=text.strip()[:40])
    (h1, m1), (h2, m2) = parsed
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _tz(day: ShootDay) -> ZoneInfo:
    tz = day.general_call.tzinfo
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo("UTC")


def _place(day: ShootDay, hour: int, minute: int) -> datetime:
    tz = _tz(day)
    anchor = day.general_call.astimezone(tz).time()
    return on_shoot_day(day.date, hour, minute, tz, anchor=anchor)


def window_on(day: ShootDay, text: str) -> tuple[datetime, datetime] | None:
    """The window ``text`` placed on ``day``'s timeline."""
    parsed = parse_window(text)
    if parsed is None:
        return None
    (h1, m1), (h2, m2) = parsed
    try:
        opens = _place(day, h1, m1)
        closes = _place(day, h2, m2)
    except DomainError:  # a wall time a DST change skips
        return None
    while closes <= opens:
        closes += timedelta(days=1)
    return opens, closes


def sunset(day: ShootDay) -> datetime | None:
    """Sunset on ``day``: the second time in its sunrise field (``"06:31 / 16:58"``)."""
    times = _ANY_TIME.findall(day.sunrise or "")
    if len(times) < 2:
        return None
    h, m = int(times[1][0]), int(times[1][1])
    if h > 23 or m > 59:
        return None
    try:
        return _place(day, h, m)
    except DomainError:
        return None


def _limits(day: ShootDay, scene: Scene, sets: Mapping[str, SetLocation], sun: datetime | None) -> list[tuple[str, datetime | None, datetime | None]]:
    out: list[tuple[str, datetime | None, datetime | None]] = []
    loc = sets.get(scene.set_name)
    if loc is not None and loc.window and (w := window_on(day, loc.window)) is not None:
        out.append((WINDOW, w[0], w[1]))
    if sun is not None:
        if scene.day_night == "DAY" and scene.int_ext in ("EXT", "INT/EXT"):
            out.append((SUNSET, None, sun))
        elif scene.day_night == "DUSK":
            out.append((DUSK, sun - DUSK_BEFORE, sun + DUSK_AFTER))
    return out


def breaches(day: ShootDay, slots: Iterable[Slot], sets: Mapping[str, SetLocation]) -> list[Breach]:
    """Every slot outside one of its windows, and by how much (whole minutes)."""
    sun = sunset(day)
    out: list[Breach] = []
    for slot in slots:
        for kind, opens, closes in _limits(day, slot.scene, sets, sun):
            # a window bounds the whole scene; a dusk window bounds when it starts
            last = slot.start if kind == DUSK else slot.end
            late = (last - closes).total_seconds() if closes is not None else 0
            early = (opens - slot.start).total_seconds() if opens is not None else 0
            worst = max(late, early)
            if worst >= 60:
                out.append(Breach(slot.number, slot.set_name, kind, round(worst / 60), early > late, opens, closes, slot.start, slot.end))
    return out


def pushed_out(day: ShootDay, slots: Iterable[Slot], planned: Iterable[Slot], sets: Mapping[str, SetLocation]) -> list[Breach]:
    """Breaches of scenes not yet done that the plan did not have (the projection pushed them out)."""
    before = {(b.scene, b.kind) for b in breaches(day, planned, sets)}
    live = [s for s in slots if s.status != "done"]
    return [b for b in breaches(day, live, sets) if (b.scene, b.kind) not in before]
