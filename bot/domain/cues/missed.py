"""After a restart: what is late, what is too old (summarised once for the AD), and retries.

Internal kinds (:data:`~bot.domain.cues.model.INTERNAL_KINDS`: work, not messages) are never late
or skipped: an overdue one is simply done now.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.cues.model import (
    INTERNAL_KINDS,
    LATE_TOLERANCE,
    MAX_ATTEMPTS,
    MISSED_SUMMARY,
    RETRY_BACKOFF,
    SYSTEM_SCOPE,
    Cue,
    CueSpec,
    Target,
    iso,
)


@dataclass(frozen=True, slots=True)
class Missed:
    on_time: tuple[Cue, ...] = ()  # overdue by less than LATE_TOLERANCE (or owed, not timely): send as usual
    late: tuple[Cue, ...] = ()  # overdue within the grace window: send now, marked late
    skipped: tuple[Cue, ...] = ()  # too old (or expired): not sent, listed in the AD summary
    resend: tuple[Cue, ...] = ()  # were being sent when the bot stopped: checked against Discord, then resent or not
    abandoned: tuple[Cue, ...] = ()  # interrupted and not verifiable: not risked, listed as "may have arrived"

    @property
    def summarised(self) -> tuple[Cue, ...]:
        return self.skipped + self.abandoned


def lateness(cue: Cue, now: datetime, grace_minutes: int, *, timely: bool = True) -> str:
    """"on_time", "late" or "skipped" for a cue that is due by ``now``. Owed messages
    (``timely=False``: a call-sheet DM, a report to the AD) are never too late."""
    if not timely or cue.kind in INTERNAL_KINDS:
        return "on_time"
    overdue = now - cue.when
    if cue.expires is not None and now >= cue.expires:
        return "skipped"
    if overdue < LATE_TOLERANCE:
        return "on_time"
    return "late" if overdue <= timedelta(minutes=grace_minutes) else "skipped"


def classify_missed(cues: Iterable[Cue], now: datetime, grace_minutes: int, timely: Callable[[str], bool] = lambda kind: True) -> Missed:
    """Sort what a starting bot finds: ``pending`` cues due by now, and ``sending`` cues (interrupted
    mid-send: the engine checks Discord's history before it sends any of them again).
    ``timely(kind)`` is False for kinds that are owed whenever the bot is back (no grace window)."""
    buckets: dict[str, list[Cue]] = {"on_time": [], "late": [], "skipped": []}
    resend: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (c.when, c.id)):
        if cue.status == "sending":
            resend.append(cue)
        elif cue.status == "pending" and cue.when <= now:
            buckets[lateness(cue, now, grace_minutes, timely=timely(cue.kind))].append(cue)
    return Missed(tuple(buckets["on_time"]), tuple(buckets["late"]), tuple(buckets["skipped"]), tuple(resend))


def missed_summary(production_id: int, cues: Sequence[Cue], now: datetime, channel_id: int, locale: str,
                   abandoned: Collection[int] = ()) -> CueSpec:
    """One message to the AD channel listing what was not sent while the bot was down
    (``abandoned``: ids interrupted mid-send that may or may not have arrived)."""
    items = [
        {"kind": c.kind, "due": iso(c.due), "user_id": c.target.user_id, "channel_id": c.target.channel_id, "abandoned": c.id in abandoned}
        for c in sorted(cues, key=lambda c: (c.due, c.id))
    ]
    first = min(c.id for c in cues)
    return CueSpec(
        f"{SYSTEM_SCOPE}:{production_id}:missed:{now.isoformat()}:{first}",
        MISSED_SUMMARY,
        now,
        Target(channel_id=channel_id),
        locale,
        {"items": items, "count": len(items)},
        expires=None,
        scope=SYSTEM_SCOPE,
    )


def retry_delay(attempts: int, backoff: Sequence[timedelta] = RETRY_BACKOFF, max_attempts: int = MAX_ATTEMPTS) -> timedelta | None:
    """Back-off after the ``attempts``-th failed try, or ``None`` when it is time to give up."""
    if attempts >= max_attempts or not backoff:
        return None
    return backoff[min(max(attempts, 1), len(backoff)) - 1]
