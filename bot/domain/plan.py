"""The shoot plan: days, sets, scenes in shooting order (the strip), and walking times.

Plain data. A shoot day belongs to the date it started on: every time on it is an aware
datetime, so a 02:30 wrap is simply the next calendar morning of the same ``ShootDay``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

INT_EXT = ("INT", "EXT", "INT/EXT")
DAY_NIGHT = ("DAY", "NIGHT", "DAWN", "DUSK")


@dataclass(frozen=True, slots=True)
class SetLocation:
    """A set in the studio park: "CEO villa - living room", Building 2, Heart Road South."""

    name: str
    building: str = ""
    road: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Walk:
    """Walking minutes between two sets (symmetric unless both directions are given)."""

    from_set: str
    to_set: str
    minutes: int


@dataclass(frozen=True, slots=True)
class CastRole:
    """Character -> actor. ``user_id`` is the actor's Discord id when they are crew."""

    character: str
    actor: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    number: str  # "12", "12A"
    set_name: str
    est_minutes: int
    episodes: tuple[str, ...] = ()
    int_ext: str = "INT"
    day_night: str = "DAY"
    synopsis: str = ""
    cast: tuple[CastRole, ...] = ()
    needs: dict[str, str] = field(default_factory=dict)  # department code -> need ("wound on left cheek")
    position: int = 0  # shooting order within the day, 1-based
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ShootDay:
    production_id: int
    date: date  # the date the day STARTED on
    day_number: int
    total_days: int
    general_call: datetime  # aware
    planned_wrap: datetime | None = None
    supper_start: datetime | None = None
    supper_minutes: int = 45
    notes: str = ""
    scenes: tuple[Scene, ...] = ()
    revision: int = 1
    id: int | None = None

    @property
    def supper_end(self) -> datetime | None:
        return None if self.supper_start is None else self.supper_start + timedelta(minutes=self.supper_minutes)

    def scene(self, number: str) -> Scene | None:
        return next((s for s in self.scenes if s.number == number), None)


def walk_minutes(walks: list[Walk] | tuple[Walk, ...], a: str, b: str) -> int:
    """Minutes to walk from set ``a`` to set ``b``; 0 for the same set; symmetric fallback."""
    if a == b:
        return 0
    reverse = None
    for w in walks:
        if w.from_set == a and w.to_set == b:
            return w.minutes
        if w.from_set == b and w.to_set == a:
            reverse = w.minutes
    return reverse if reverse is not None else 0
