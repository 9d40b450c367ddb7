"""Cues: messages the bot owes people at a given time, and the rules that decide them (pure).

The cues table is the truth; the scheduler only wakes the bot.

* :mod:`~bot.domain.cues.model` - kinds, scopes, :class:`Cue` / :class:`CueSpec` / :class:`Target`;
* :mod:`~bot.domain.cues.live` - :func:`desired_cues` turns the day's projection and everybody's
  call into the ``live`` cues the day wants *now* (keys stable across recomputes, e.g.
  ``live:7:call:4242``): reminders and chases (quiet hours), set and company moves, meals, the
  wrap, and the internal re-plan while a scene runs over;
* :mod:`~bot.domain.cues.notices` - one-shot ``notice`` cues: your call moved, canteen corrections,
  window alerts, no-meal warnings;
* :mod:`~bot.domain.cues.proposals` - cast call changes batched for the AD's approval;
* :mod:`~bot.domain.cues.reconcile` - :func:`reconcile` compares the table with what is wanted:
  re-time or rewrite pending cues whose time or content changed, insert new ones, revive cancelled
  ones, cancel pending ones no longer wanted; never touch a cue that is sending, sent, skipped or
  failed;
* :mod:`~bot.domain.cues.missed` - :func:`classify_missed` sorts what a restarted bot finds
  overdue: late within the grace window, skipped (and summarised once to the AD channel) beyond it.

Kinds are plain strings; other features add their own kinds (standby, canteen cutoff, digest)
with their own scope and register a renderer in ``bot.cues.kinds``.
"""

from __future__ import annotations

from bot.domain.cues.live import LiveDay, Person, PersonCallLike, Rules, base_payload, desired_cues, key, replan_cue, replan_due, set_payload
from bot.domain.cues.missed import Missed, classify_missed, lateness, missed_summary, retry_delay
from bot.domain.cues.model import (
    CALL,
    CALL_CHANGED,
    CAST_PROPOSAL,
    COMPANY_MOVE,
    EVENT_SHELF_LIFE,
    INTERNAL_KINDS,
    LATE_TOLERANCE,
    LIVE_KINDS,
    LIVE_SCOPE,
    MAX_ATTEMPTS,
    MEAL,
    MEAL_MOVED,
    MEAL_RETURN,
    MEAL_WARNING,
    MISSED_SUMMARY,
    NEXT_SET,
    NO_MEAL,
    NOTICE_SCOPE,
    PRELIGHT,
    REPLAN,
    RETRY_BACKOFF,
    SET_MOVE,
    STATUSES,
    SYSTEM_SCOPE,
    UNCONFIRMED,
    UNCONFIRMED_LIST,
    WINDOW,
    WRAP,
    Cue,
    CueSpec,
    Target,
    canonical,
    iso,
)
from bot.domain.cues.notices import CallChanges, KnownCall, call_changes, call_notice, meal_corrections, no_meal_alerts, notice_key, window_alerts
from bot.domain.cues.reconcile import Changes, reconcile

__all__ = [
    "CALL",
    "CALL_CHANGED",
    "CAST_PROPOSAL",
    "COMPANY_MOVE",
    "EVENT_SHELF_LIFE",
    "INTERNAL_KINDS",
    "LATE_TOLERANCE",
    "LIVE_KINDS",
    "LIVE_SCOPE",
    "MAX_ATTEMPTS",
    "MEAL",
    "MEAL_MOVED",
    "MEAL_RETURN",
    "MEAL_WARNING",
    "MISSED_SUMMARY",
    "NEXT_SET",
    "NO_MEAL",
    "NOTICE_SCOPE",
    "PRELIGHT",
    "REPLAN",
    "RETRY_BACKOFF",
    "SET_MOVE",
    "STATUSES",
    "SYSTEM_SCOPE",
    "UNCONFIRMED",
    "UNCONFIRMED_LIST",
    "WINDOW",
    "WRAP",
    "CallChanges",
    "Changes",
    "Cue",
    "CueSpec",
    "KnownCall",
    "LiveDay",
    "Missed",
    "Person",
    "PersonCallLike",
    "Rules",
    "Target",
    "base_payload",
    "call_changes",
    "call_notice",
    "canonical",
    "classify_missed",
    "desired_cues",
    "iso",
    "key",
    "lateness",
    "meal_corrections",
    "missed_summary",
    "no_meal_alerts",
    "notice_key",
    "reconcile",
    "replan_cue",
    "replan_due",
    "retry_delay",
    "set_payload",
    "window_alerts",
]
