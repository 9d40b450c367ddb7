"""The outbox and the live day, Discord-free: the engine that sends every message the bot sends on
its own (:mod:`bot.cues.engine`), the kind registry features add to (:mod:`bot.cues.kinds`), the
default reporting of what could not be sent (:mod:`bot.cues.problems`) and the service behind
``/shoot``.

The bot builds them in ``SetCallBot.setup_hook`` with :func:`create_live_day` around
``bot.delivery.DiscordDelivery`` (the Discord adapter: ``deliver`` and ``lookup``), before loading
extensions, and starts the engine after them; ``close()`` stops it.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.cues.engine import CueEngine, Deliver, DeliveryResult, Found, Lookup
from bot.cues.kinds import Button, CueKind, FileRef, Rendered, SendOutcome, message_payload, register, register_file_source, render, render_message
from bot.cues.liveday import LiveDayService, Outcome
from bot.settings import Settings
from db.database import Database


def create_live_day(
    db: Database, scheduler, clock: Clock, settings: Settings, deliver: Deliver, lookup: Lookup | None = None
) -> tuple[CueEngine, LiveDayService]:
    engine = CueEngine(db, scheduler, clock, settings, deliver, lookup=lookup)
    return engine, LiveDayService(db, engine, clock, settings)


__all__ = [
    "Button",
    "CueEngine",
    "CueKind",
    "Deliver",
    "DeliveryResult",
    "FileRef",
    "Found",
    "LiveDayService",
    "Lookup",
    "Outcome",
    "Rendered",
    "SendOutcome",
    "create_live_day",
    "message_payload",
    "register",
    "register_file_source",
    "render",
    "render_message",
]
