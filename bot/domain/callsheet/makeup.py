"""Can the makeup and hair artists on the crew finish every actor's makeup by the time the actor
must be on set? A warning for the AD at publish (and at import), never an error.

Each actor is made up by one artist for their makeup minutes, starting no earlier than their makeup
call and no earlier than the makeup department's call; an artist does one actor at a time. Actors
are taken in the order of their makeup calls (then the earliest due first), each by the artist free
soonest. An actor whose makeup would end after they must be ready on set is late by that much.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.callsheet.model import CastCall


@dataclass(frozen=True, slots=True)
class MakeupLate:
    """``actor`` would be made up from ``start`` to ``finish``, but must be ready at ``ready``."""

    actor: str
    start: datetime
    finish: datetime
    ready: datetime

    @property
    def minutes(self) -> int:
        return int((self.finish - self.ready).total_seconds() // 60)


def makeup_check(cast: Sequence[CastCall], artists: int, department_call: datetime | None = None) -> list[MakeupLate]:
    """Every actor the ``artists`` cannot have ready in time (empty: everyone makes it). With no
    artist at all, every actor who needs makeup is late (their makeup cannot start)."""
    jobs = sorted((c for c in cast if c.makeup is not None and c.makeup_minutes > 0), key=lambda c: (c.makeup, c.ready, c.actor))
    if not jobs:
        return []
    if artists <= 0:
        return [MakeupLate(c.actor, c.makeup, c.ready + timedelta(minutes=c.makeup_minutes), c.ready) for c in jobs]  # type: ignore[arg-type]
    start_of_day = department_call if department_call is not None else min(c.makeup for c in jobs)  # type: ignore[type-var]
    free = [start_of_day] * artists
    late = []
    for c in jobs:
        i = min(range(artists), key=lambda k: free[k])
        start = max(c.makeup, free[i], start_of_day)  # type: ignore[type-var]
        finish = start + timedelta(minutes=c.makeup_minutes)
        free[i] = finish
        if finish > c.ready:
            late.append(MakeupLate(c.actor, start, finish, c.ready))
    return late
