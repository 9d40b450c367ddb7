"""Cues: the stored record (:class:`Cue`), what the rules want (:class:`CueSpec`) and the kinds.

A cue is a message the bot owes someone at a given time (or, for an internal kind, work it owes
itself at a given time). The cues table is the truth; the scheduler only wakes the bot.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# Kinds of the live day.
CALL = "call"  # personal call reminder (DM)
UNCONFIRMED = "unconfirmed"  # you have not confirmed the call sheet (DM; non-urgent: quiet hours)
UNCONFIRMED_LIST = "unconfirmed_list"  # the AD's list of people still unconfirmed, to phone (AD channel)
CALL_CHANGED = "call_changed"  # your call moved (DM)
CAST_PROPOSAL = "cast_proposal"  # cast calls the projection moved, for the AD to send / pick / hold (AD channel)
NEXT_SET = "next_set"  # before a company move: "Next: Courtroom, Building 7, about 14:40, 9 min walk"
PRELIGHT = "prelight"  # go-ahead to pre-light (lighting) / dress (art) the next set
COMPANY_MOVE = "company_move"  # 转场: the company move begins, and what moves with the crew
SET_MOVE = "set_move"  # 换景: a short line, same building, short walk, nobody pinged
MEAL_WARNING = "meal_warning"  # canteen heads-up before the projected meal
MEAL_MOVED = "meal_moved"  # the canteen was told a time and the projected meal moved
MEAL = "meal"  # 放饭: the AD called a meal (set channel and canteen)
MEAL_RETURN = "meal_return"  # 返场: the AD called the return
NO_MEAL = "no_meal"  # the projection runs more than N hours without a meal (AD channel)
WINDOW = "window"  # a scene pushed out of its set window / daylight (AD channel)
WRAP = "wrap"  # that's a wrap (one message)
MISSED_SUMMARY = "missed_summary"  # what the bot could not send while it was down (AD channel)
REPLAN = "replan"  # internal: re-project the day being shot (an overrun re-times without AD input)

LIVE_KINDS = (
    CALL, UNCONFIRMED, UNCONFIRMED_LIST, CALL_CHANGED, CAST_PROPOSAL, NEXT_SET, PRELIGHT, COMPANY_MOVE, SET_MOVE,
    MEAL_WARNING, MEAL_MOVED, MEAL, MEAL_RETURN, NO_MEAL, WINDOW, WRAP, MISSED_SUMMARY,
)
#: Kinds that post nothing: the engine hands them to a handler (never late, never summarised).
INTERNAL_KINDS = (REPLAN,)

STATUSES = ("pending", "sending", "sent", "cancelled", "skipped", "failed")
LIVE_SCOPE = "live"  # reconciled as a whole on every change of the day
NOTICE_SCOPE = "notice"  # one-shot notices: inserted once, never reconciled away
SYSTEM_SCOPE = "system"

#: At start-up a cue less than this overdue is simply on time.
LATE_TOLERANCE = timedelta(minutes=1)
MAX_ATTEMPTS = 3
RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2))
#: How long an event notice (next set, move, wrap) stays worth sending after its moment.
EVENT_SHELF_LIFE = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a cue goes: a channel (optionally mentioning a user or role) or a user's DMs."""

    channel_id: int | None = None
    user_id: int | None = None
    role_id: int | None = None

    @property
    def is_dm(self) -> bool:
        return self.channel_id is None and self.user_id is not None


@dataclass(frozen=True, slots=True)
class CueSpec:
    key: str
    kind: str
    due: datetime
    target: Target
    locale: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    expires: datetime | None = None
    scope: str = LIVE_SCOPE
    batch: str | None = None  # rows of one batch go out one after the other, in ``seq`` order
    seq: int = 0

    def same_as(self, other: CueSpec) -> bool:
        return (
            self.kind == other.kind
            and self.due == other.due
            and self.target == other.target
            and self.locale == other.locale
            and self.expires == other.expires
            and (self.batch, self.seq) == (other.batch, other.seq)
            and canonical(self.payload) == canonical(other.payload)
        )


@dataclass(frozen=True, slots=True)
class Cue:
    id: int
    production_id: int
    day_id: int | None
    scope: str
    key: str
    kind: str
    due: datetime
    target: Target
    locale: str
    payload: Mapping[str, Any]
    status: str
    expires: datetime | None = None
    attempts: int = 0
    nonce: str = ""
    late: bool = False
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    retry_at: datetime | None = None
    message_id: int | None = None
    error: str = ""
    batch: str | None = None
    seq: int = 0
    claimed_wall: float | None = None  # Unix time of the last claim (where to look in Discord's history)
    sent_channel_id: int | None = None  # where it went (the DM channel of a DM)
    error_status: int | None = None
    error_code: int | None = None
    error_missing: tuple[str, ...] = ()  # permissions the bot found missing

    @property
    def when(self) -> datetime:
        """When the cue should next go out (a retry waits for its back-off)."""
        return self.retry_at or self.due

    def spec(self) -> CueSpec:
        return CueSpec(self.key, self.kind, self.due, self.target, self.locale, self.payload, self.expires, self.scope, self.batch, self.seq)


def canonical(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()
