"""The clocks every part of the bot reads."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import ScaledClock

SH = ZoneInfo("Asia/Shanghai")


def test_a_scaled_clock_since_an_epoch_reads_the_same_in_every_process():
    """What a bot process killed and started again builds: the clock is where it would have been."""
    start = datetime(2026, 11, 23, 6, 0, tzinfo=SH)
    epoch = time.time() - 90  # the first process started a minute and a half ago
    clock = ScaledClock.since(start, epoch, speed=2)
    assert abs((clock.now() - (start + timedelta(minutes=3))).total_seconds()) < 1  # 90 s at twice the pace
    again = ScaledClock.since(start, epoch, speed=2)
    assert abs((again.now() - clock.now()).total_seconds()) < 0.5
    assert clock.now().tzinfo is not None
    later = clock.now() + timedelta(minutes=10)
    assert 299 <= clock.wall_delay(later) <= 300  # ten clock minutes are five wall minutes
