"""The live day's machinery, Discord-free: the cue engine, the kind registry and the service
behind ``/shoot``.

The bot builds both in ``SetCallBot.setup_hook`` with :func:`create_live_day` around
``bot.delivery.DiscordDelivery`` (the Discord adapter), before loading extensions, and starts the
engine after them; ``close()`` stops it.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.cues.engine import CueEngine, Deliver, DeliveryResult
from bot.cues.kinds import CueKind, Rendered, register, render
from bot.cues.liveday import LiveDayService, Outcome
from bot.settings import Settings
from db.database import Database


def create_live_day(db: Database, scheduler, clock: Clock, settings: Settings, deliver: Deliver) -> tuple[CueEngine, LiveDayService]:
    engine = CueEngine(db, scheduler, clock, settings, deliver)
    return engine, LiveDayService(db, engine, clock, settings)


__all__ = [
    "CueEngine",
    "CueKind",
    "Deliver",
    "DeliveryResult",
    "LiveDayService",
    "Outcome",
    "Rendered",
    "create_live_day",
    "register",
    "render",
]
