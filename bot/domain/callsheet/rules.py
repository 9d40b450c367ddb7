"""How a 统筹 writes calls: rounded to the production's step and never later than the work they feed.

* :func:`floor_to` rounds a time DOWN to the step (05:58 -> 05:55 with 5 minutes), on the local
  clock, so a rounded call is never later than the moment it was worked out from.
* :class:`CallRules` are the production's settings (``[calls]`` in config.toml): the step, the
  rehearsal (走戏) lead before an actor's first scene, how long before their first scene extras
  report, which departments work from the base (服化间), and how long a costume or look change
  between two back-to-back scenes holds the second (``[calls.change_minutes]``, the timeline's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.looks import CHANGE_MINUTES

#: Departments that work from the base (服化间): their people are called there, and before any actor's makeup.
DEFAULT_BASE_DEPARTMENTS = ("makeup", "wardrobe")


@dataclass(frozen=True)
class CallRules:
    step: int = 5  # minutes: every call is rounded down to this
    rehearsal: int = 15  # 走戏: an actor is ready on set this long before their first scene rolls
    extras_lead: int = 60  # extras report this long before their first scene (wardrobe, makeup, walk to set)
    base_departments: tuple[str, ...] = DEFAULT_BASE_DEPARTMENTS
    #: minutes a change takes per department, as (department, minutes) pairs (see :attr:`changes`)
    change_minutes: tuple[tuple[str, int], ...] = tuple(CHANGE_MINUTES.items())

    @property
    def changes(self) -> Mapping[str, int]:
        """Minutes a costume (wardrobe) or look (makeup) change takes: what the timeline counts."""
        return dict(self.change_minutes)


def floor_to(when: datetime, step: int) -> datetime:
    """``when`` rounded down to ``step`` minutes of its local clock (seconds dropped)."""
    when = when.replace(second=0, microsecond=0)
    if step <= 1:
        return when
    return when - timedelta(minutes=(when.hour * 60 + when.minute) % step)
