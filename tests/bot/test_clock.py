"""The clocks every part of the bot reads."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import bot.clock
from bot.clock import ScaledClock

SH = ZoneInfo("Asia/Shanghai")


class Machine:
    """The wall clock (``time.time``) and ``time.monotonic`` of a machine whose time the test moves."""

    def __init__(self, wall: float) -> None:
        self.wall = wall
        self.mono = 5000.0

    def time(self) -> float:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def test_a_scaled_clock_since_an_epoch_reads_the_same_in_every_process(monkeypatch):
    """What a bot process killed and started again builds: the clock is where it would have been."""
    machine = Machine(1_800_000_000.0)
    monkeypatch.setattr(bot.clock, "time", machine)
    start = datetime(2026, 11, 23, 6, 0, tzinfo=SH)
    epoch = machine.wall - 90  # the first process started a minute and a half ago
    clock = ScaledClock.since(start, epoch, speed=2)
    assert clock.now() == start + timedelta(minutes=3)  # 90 s at twice the pace
    machine.sleep(7)  # the process is killed and a new one starts 7 s later
    again = ScaledClock.since(start, epoch, speed=2)
    assert again.now() == clock.now() == start + timedelta(minutes=3, seconds=14)
    assert clock.now().tzinfo is not None
    later = clock.now() + timedelta(minutes=10)
    assert clock.wall_delay(later) == 300  # ten clock minutes are five wall minutes
