"""Cues: messages the bot owes people at a given time, and the rules that decide them.

The cues table is the truth; the scheduler only wakes the bot. This module is pure:

* :func:`desired_cues` turns the day's projection and everybody's call into the cues the live day
  wants *now* (each with an idempotency key that is stable across recomputes, e.g.
  ``live:7:call:4242``);
* :func:`call_changes` decides who is told that their own call moved (more than the threshold,
  once per change);
* :func:`reconcile` compares what is in the table with what is wanted: re-time or rewrite pending
  cues whose time or content changed, insert new ones, revive cancelled ones, cancel pending ones
  that are no longer wanted; never touch a cue that is sending, sent, skipped or failed;
* :func:`classify_missed` sorts what a restarted bot finds overdue: late within the grace window,
  skipped (and summarised once to the AD channel) beyond it.

Kinds are plain strings; other features add their own kinds (standby, canteen cutoff, digest)
with their own scope and register a renderer in ``bot.cues.kinds``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.domain.plan import SetLocation, ShootDay
from bot.domain.progress import Projection

# Kinds of the live day.
CALL = "call"  # personal call reminder (DM)
UNCONFIRMED = "unconfirmed"  # you have not confirmed the call sheet (DM)
CALL_CHANGED = "call_changed"  # your call moved (DM)
NEXT_SET = "next_set"  # "Next: Courtroom, Building 3, Heart Road South, about 14:40, 4 min walk"
PRELIGHT = "prelight"  # go-ahead to pre-light (lighting) / dress (art) the next set
COMPANY_MOVE = "company_move"  # the company move begins
MEAL_WARNING = "meal_warning"  # canteen heads-up before the projected lunch / supper
MEAL = "meal"  # lunch / supper call
WRAP = "wrap"  # that's a wrap
MISSED_SUMMARY = "missed_summary"  # what the bot could not send while it was down (AD channel)

LIVE_KINDS = (CALL, UNCONFIRMED, CALL_CHANGED, NEXT_SET, PRELIGHT, COMPANY_MOVE, MEAL_WARNING, MEAL, WRAP, MISSED_SUMMARY)

STATUSES = ("pending", "sending", "sent", "cancelled", "skipped", "failed")
LIVE_SCOPE = "live"  # reconciled as a whole on every change of the day
NOTICE_SCOPE = "notice"  # one-shot notices: inserted once, never reconciled away
SYSTEM_SCOPE = "system"

#: At start-up a cue less than this overdue is simply on time.
LATE_TOLERANCE = timedelta(minutes=1)
MAX_ATTEMPTS = 3
RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2))
MEAL_WARNING_MINUTES = 30
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


# --------------------------------------------------------------------------- what the day wants


class PersonCallLike(Protocol):
    """``bot.domain.callsheet.PersonCall``: a person's call on the day."""

    user_id: int
    call: datetime
    where: str
    scenes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    language: str
    department: str
    display_name: str = ""
    reminder_minutes: int | None = None  # personal override of the call reminder; 0 = off


@dataclass(frozen=True, slots=True)
class LiveDay:
    """Everything :func:`desired_cues` needs, gathered by the service from the store."""

    production_id: int
    day: ShootDay
    projection: Projection
    channels: Mapping[str, int]  # production channel purposes ("production", "ad", "dept:lighting")
    language: str  # the production's channel language(s): "zh-CN", or "zh-CN+th" for a second line
    sets: Mapping[str, SetLocation] = field(default_factory=dict)
    people: Mapping[int, Person] = field(default_factory=dict)
    calls: Mapping[int, PersonCallLike] = field(default_factory=dict)
    unconfirmed: Collection[int] | None = None  # who has not confirmed the call sheet (None: unknown)
    call_reminder_minutes: int = 60
    unconfirmed_reminder_minutes: int = 120


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def key(day_id: int | None, *parts: object) -> str:
    return ":".join([LIVE_SCOPE, str(day_id), *map(str, parts)])


def _set_payload(live: LiveDay, set_name: str) -> dict[str, Any]:
    loc = live.sets.get(set_name)
    return {"set": set_name, "building": loc.building if loc else "", "road": loc.road if loc else ""}


def desired_cues(live: LiveDay) -> list[CueSpec]:
    """The live day's cues as they should be now (the projection decides every time)."""
    day, proj = live.day, live.projection
    out: list[CueSpec] = []
    channel = live.channels.get
    lang = live.language
    base = {"day_number": day.day_number, "total_days": day.total_days, "date": day.date.isoformat()}

    if proj.state != "wrapped":
        for uid, pc in sorted(live.calls.items()):
            person = live.people.get(uid)
            if person is None:
                continue
            minutes = person.reminder_minutes if person.reminder_minutes is not None else live.call_reminder_minutes
            payload = {**base, "call": iso(pc.call), "where": pc.where, "scenes": list(pc.scenes), "minutes": minutes, "department": person.department}
            if minutes > 0:
                out.append(
                    CueSpec(key(day.id, "call", uid), CALL, pc.call - timedelta(minutes=minutes), Target(user_id=uid), person.language, payload, expires=pc.call)
                )
            if live.unconfirmed is not None and uid in live.unconfirmed and live.unconfirmed_reminder_minutes > 0:
                due = pc.call - timedelta(minutes=live.unconfirmed_reminder_minutes)
                out.append(CueSpec(key(day.id, "unconfirmed", uid), UNCONFIRMED, due, Target(user_id=uid), person.language, payload, expires=pc.call))

    cur = proj.current
    if cur is not None:
        if cur.is_move and cur.move_start is not None and (cid := channel("production")) is not None:
            payload = {
                **base,
                **_set_payload(live, cur.set_name),
                "scene": cur.number,
                "from_set": cur.from_set or "",
                "walk": cur.walk_minutes,
                "about": iso(cur.start),
            }
            out.append(CueSpec(key(day.id, "move", cur.number), COMPANY_MOVE, cur.move_start, Target(channel_id=cid), lang, payload, cur.start + EVENT_SHELF_LIFE))

        following = proj.following(cur.number)
        if following is not None and following.set_name != cur.set_name:
            payload = {
                **base,
                **_set_payload(live, following.set_name),
                "scene": following.number,
                "after": cur.number,
                "about": iso(following.start),
                "walk": following.walk_minutes,
            }
            expires = (following.move_start or following.start) + EVENT_SHELF_LIFE
            if (cid := channel("production")) is not None:
                out.append(CueSpec(key(day.id, "nextset", following.number), NEXT_SET, cur.boundary, Target(channel_id=cid), lang, payload, expires))
            for dept in ("lighting", "art"):
                if (cid := channel(f"dept:{dept}")) is not None:
                    need = following.scene.needs.get(dept, "")
                    out.append(
                        CueSpec(
                            key(day.id, "prelight", dept, following.number),
                            PRELIGHT,
                            cur.boundary,
                            Target(channel_id=cid),
                            lang,
                            {**payload, "department": dept, "need": need},
                            expires,
                        )
                    )
    if proj.state != "wrapped":
        for meal in proj.meals:
            payload = {**base, "meal": meal.name, "start": iso(meal.start), "end": iso(meal.end), "minutes": _minutes(meal.end - meal.start)}
            if meal.taken:
                if (cid := channel("production")) is not None:
                    out.append(CueSpec(key(day.id, "meal", meal.name), MEAL, meal.start, Target(channel_id=cid), lang, payload, meal.end))
            elif (cid := channel("dept:canteen")) is not None:
                due = meal.start - timedelta(minutes=MEAL_WARNING_MINUTES)
                out.append(CueSpec(key(day.id, "meal_warning", meal.name), MEAL_WARNING, due, Target(channel_id=cid), lang, payload, meal.start))

    if proj.state == "wrapped" and (cid := channel("production")) is not None:
        payload = {
            **base,
            "at": iso(proj.wrap),
            "behind": proj.behind_minutes,
            "shot": sum(1 for s in proj.slots if s.status == "done"),
            "unshot": list(proj.unshot),
            "skipped": list(proj.skipped),
        }
        out.append(CueSpec(key(day.id, "wrap"), WRAP, proj.wrap, Target(channel_id=cid), lang, payload, proj.wrap + EVENT_SHELF_LIFE))
    return out


# --------------------------------------------------------------------------- your call moved


@dataclass(frozen=True, slots=True)
class KnownCall:
    """The call a person was last told (call sheet or a previous notice); ``seq`` counts notices."""

    call: datetime
    seq: int = 0


def call_changes(
    day_id: int | None,
    known: Mapping[int, KnownCall],
    calls: Mapping[int, PersonCallLike],
    people: Mapping[int, Person],
    now: datetime,
    threshold_minutes: int,
    *,
    wrapped: bool = False,
    live: bool = True,
) -> tuple[list[CueSpec], dict[int, KnownCall]]:
    """Who is told that their call moved, and what everybody now knows.

    A person is told when the call they know is still ahead of them and the new one differs by
    more than the threshold; the notice's key carries a sequence number, so the same change is
    never told twice, while smaller drifts accumulate until they cross the threshold.
    ``live=False`` (the AD has not touched the day yet): changes come from plan edits, which the
    call sheet's revision tells people about, so nobody is told here; only first-known calls are
    recorded. Returns the notices and the updated known calls (only entries that changed).
    """
    notices: list[CueSpec] = []
    updates: dict[int, KnownCall] = {}
    for uid, pc in sorted(calls.items()):
        k = known.get(uid)
        if k is None:
            updates[uid] = KnownCall(pc.call, 0)
            continue
        if k.call == pc.call or not live:
            continue
        if k.call <= now or wrapped:
            continue  # already on set (or the day is over): nothing to tell
        moved = round((pc.call - k.call).total_seconds() / 60)  # whole minutes, as people read them
        if abs(moved) <= threshold_minutes:
            continue
        person = people.get(uid)
        new = KnownCall(pc.call, k.seq + 1)
        updates[uid] = new
        if person is None:
            continue
        payload = {
            "old": iso(k.call),
            "new": iso(pc.call),
            "where": pc.where,
            "scenes": list(pc.scenes),
            "delta": moved,
            "department": person.department,
        }
        notices.append(
            CueSpec(
                f"{NOTICE_SCOPE}:{day_id}:callchg:{uid}:{new.seq}",
                CALL_CHANGED,
                now,
                Target(user_id=uid),
                person.language,
                payload,
                expires=max(pc.call, now) + EVENT_SHELF_LIFE,
                scope=NOTICE_SCOPE,
            )
        )
    return notices, updates


# --------------------------------------------------------------------------- reconcile


@dataclass(frozen=True, slots=True)
class Changes:
    insert: tuple[CueSpec, ...] = ()
    update: tuple[tuple[int, CueSpec], ...] = ()  # (cue id, new spec): re-timed, rewritten or revived
    cancel: tuple[int, ...] = ()
    retimed: tuple[int, ...] = ()  # ids in ``update`` whose due changed

    @property
    def empty(self) -> bool:
        return not (self.insert or self.update or self.cancel)

    def __add__(self, other: Changes) -> Changes:
        return Changes(self.insert + other.insert, self.update + other.update, self.cancel + other.cancel, self.retimed + other.retimed)


def reconcile(existing: Iterable[Cue], desired: Sequence[CueSpec], now: datetime) -> Changes:
    """What to do to the table so that ``existing`` (one scope) becomes ``desired``.

    Pending cues are re-timed or rewritten when their spec changed and cancelled when no longer
    wanted; cancelled cues come back when wanted again; sending / sent / skipped / failed cues are
    never touched (a cue goes out at most once). A wanted cue whose expiry has passed is left out.
    """
    by_key: dict[str, Cue] = {}
    for cue in existing:
        by_key[cue.key] = cue
    wanted: dict[str, CueSpec] = {}
    for spec in desired:
        if spec.key in wanted:
            raise ValueError(f"duplicate cue key {spec.key}")
        if spec.expires is not None and now >= spec.expires:
            continue
        wanted[spec.key] = spec
    insert: list[CueSpec] = []
    update: list[tuple[int, CueSpec]] = []
    retimed: list[int] = []
    cancel: list[int] = []
    for k, spec in wanted.items():
        cue = by_key.get(k)
        if cue is None:
            insert.append(spec)
        elif cue.status == "pending":
            if not cue.spec().same_as(spec):
                update.append((cue.id, spec))
                if cue.due != spec.due:
                    retimed.append(cue.id)
        elif cue.status == "cancelled":
            update.append((cue.id, spec))
            retimed.append(cue.id)
    for k, cue in by_key.items():
        if k not in wanted and cue.status == "pending":
            cancel.append(cue.id)
    return Changes(tuple(insert), tuple(update), tuple(cancel), tuple(retimed))


# --------------------------------------------------------------------------- after a restart


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
    if not timely:
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
