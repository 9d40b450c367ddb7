"""Quiet hours: when non-urgent DMs wait (pure).

A person's quiet hours before a shoot day run from :attr:`QuietHours.start` (default 23:00) the
evening before until :attr:`QuietHours.until_call_minutes` (default 120) before their own call,
never longer than :attr:`QuietHours.max_hours` (with a 04:00 call: 23:00-02:00; with a 06:00 call:
23:00-04:00). Personal call reminders (an hour before the call by default) fall after them; the
non-urgent DMs are held:

* a **chase** (you have not confirmed the call sheet) planned for the night - from quiet hours'
  start for :attr:`QuietHours.max_hours`, whatever the person's call - is sent the evening before
  instead, :attr:`QuietHours.chase_before_minutes` before quiet hours begin; once they have begun
  it is not sent at all: the AD gets the list of people still unconfirmed, to phone, when quiet
  hours begin (:func:`night`);
* a **notice** that can wait (:func:`notice_time`, for features' non-urgent DMs) waits until the
  person's quiet hours end. "Your call moved" is urgent and is never held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time = time(23, 0)
    until_call_minutes: int = 120
    max_hours: int = 9
    chase_before_minutes: int = 60
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime

    def __contains__(self, when: datetime) -> bool:
        return self.start <= when < self.end


def night(call: datetime, rules: QuietHours, tz: tzinfo) -> Window | None:
    """The night before a call at ``call``: from the last quiet start before it, ``max_hours`` long
    (None: quiet hours are off)."""
    if not rules.enabled or rules.max_hours <= 0:
        return None
    local_call = call.astimezone(tz)
    start = datetime.combine(local_call.date(), rules.start, tzinfo=tz)  # the last quiet start before the call
    if start >= local_call:
        start -= timedelta(days=1)
    start = start.astimezone(call.tzinfo)
    return Window(start, start + timedelta(hours=rules.max_hours))


def window(call: datetime, rules: QuietHours, tz: tzinfo) -> Window | None:
    """A person's quiet hours before their call at ``call`` (None: none, e.g. a call just after
    midnight)."""
    n = night(call, rules, tz)
    if n is None:
        return None
    end = min(call - timedelta(minutes=rules.until_call_minutes), n.end)
    return Window(n.start, end) if end > n.start else None


def chase_time(due: datetime, call: datetime, now: datetime, rules: QuietHours, tz: tzinfo) -> datetime | None:
    """When a chase planned for ``due`` (before a call at ``call``) goes out: ``due``; the evening
    before when ``due`` is in the night; or ``None`` (not at all) when the night had begun by ``now``."""
    n = night(call, rules, tz)
    if n is None or due not in n:
        return due
    if now >= n.start:
        return None
    return n.start - timedelta(minutes=rules.chase_before_minutes)


def notice_time(due: datetime, w: Window | None) -> datetime:
    """When a non-urgent notice planned for ``due`` goes out: ``due``, or the end of quiet hours ``w``."""
    return w.end if w is not None and due in w else due
