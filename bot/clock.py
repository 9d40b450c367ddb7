"""Injectable clocks.

Everything that needs "now" asks a :class:`Clock`. Production code gets :class:`SystemClock`;
tests freeze time with :class:`FakeClock`; the demo runs a whole shoot day in seconds with
:class:`ScaledClock`. All clocks return timezone-aware UTC datetimes.

The scheduler (APScheduler) only understands wall time, so a clock also answers
:meth:`Clock.wall_delay`: how many real seconds until the clock shows ``when``. A frozen clock
answers ``None`` for the future (it never gets there by itself) and tells its listeners when
a test moves it, so the cue engine can re-arm.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

Listener = Callable[[], None]


def ensure_aware(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime not allowed: {dt!r}")
    return dt


class Clock(Protocol):
    def now(self) -> datetime: ...

    def wall_delay(self, when: datetime) -> float | None: ...

    def add_listener(self, listener: Listener) -> None: ...

    def remove_listener(self, listener: Listener) -> None: ...


class _Listeners:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()


class SystemClock(_Listeners):
    """Real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def wall_delay(self, when: datetime) -> float | None:
        return max(0.0, (ensure_aware(when) - self.now()).total_seconds())


class FakeClock(_Listeners):
    """A frozen clock that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        self._now = ensure_aware(start).astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = ensure_aware(when).astimezone(UTC)
        self._notify()

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self.set(self._now + (delta if delta is not None else timedelta(**kwargs)))
        return self._now

    def wall_delay(self, when: datetime) -> float | None:
        return 0.0 if ensure_aware(when) <= self._now else None


class ScaledClock(_Listeners):
    """Starts at ``start`` and runs ``speed`` times faster than real time (the demo's fast-forward)."""

    def __init__(self, start: datetime, speed: float = 1.0) -> None:
        super().__init__()
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._origin = ensure_aware(start).astimezone(UTC)
        self._t0 = time.monotonic()
        self.speed = speed

    @classmethod
    def since(cls, start: datetime, epoch: float, speed: float = 1.0) -> ScaledClock:
        """The clock that showed ``start`` when the wall clock (``time.time()``) read ``epoch``: every
        process built with the same arguments reads the same time, so a process killed and started
        again finds the clock where it would have been (the chaos tests' bot processes)."""
        return cls(ensure_aware(start) + timedelta(seconds=(time.time() - epoch) * speed), speed)

    def now(self) -> datetime:
        return self._origin + timedelta(seconds=(time.monotonic() - self._t0) * self.speed)

    def set(self, when: datetime) -> None:
        self._origin = ensure_aware(when).astimezone(UTC)
        self._t0 = time.monotonic()
        self._notify()

    def set_speed(self, speed: float) -> None:
        """Change the pace from now on (time shown does not jump)."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._origin, self._t0, self.speed = self.now(), time.monotonic(), speed
        self._notify()

    def wall_delay(self, when: datetime) -> float | None:
        return max(0.0, (ensure_aware(when) - self.now()).total_seconds() / self.speed)
