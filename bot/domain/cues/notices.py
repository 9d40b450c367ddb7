"""One-shot notices (``notice`` scope): inserted once under a key that says what they are about,
never reconciled away.

* :func:`call_changes` - your call moved: told once per change beyond the threshold (urgent: not
  held by quiet hours). Cast calls wait for the AD when ``Rules.cast_approval`` is on
  (``bot.domain.cues.proposals`` batches them).
* :func:`meal_corrections` - the canteen was told a meal time and the projected meal moved by
  more than the threshold (or is no longer taken): a correction, once per move.
* :func:`window_alerts` - a scene the projection pushed out of its set window or daylight: the AD
  channel is told once per scene and window, with by how much.
* :func:`no_meal_alerts` - the projection runs longer than ``Rules.no_meal_hours`` without a
  meal: the AD channel is told once per stretch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import windows
from bot.domain.cues.live import LiveDay, Person, PersonCallLike, base_payload
from bot.domain.cues.model import CALL_CHANGED, EVENT_SHELF_LIFE, MEAL_MOVED, NO_MEAL, NOTICE_SCOPE, WINDOW, CueSpec, Target, iso
from bot.domain.progress import no_meal_stretches


def notice_key(day_id: int | None, *parts: object) -> str:
    return ":".join([NOTICE_SCOPE, str(day_id), *map(str, parts)])


@dataclass(frozen=True, slots=True)
class KnownCall:
    """The call a person was last told (call sheet or a previous notice); ``seq`` counts notices."""

    call: datetime
    seq: int = 0


@dataclass
class CallChanges:
    notices: list[CueSpec] = field(default_factory=list)  # told now
    updates: dict[int, KnownCall] = field(default_factory=dict)  # what people now know (changed entries only)
    cast: dict[int, tuple[KnownCall, PersonCallLike]] = field(default_factory=dict)  # waiting for the AD


def moved_minutes(old: datetime, new: datetime) -> int:
    """Whole minutes a call moved, as people read them."""
    return round((new - old).total_seconds() / 60)


def call_notice(day_id: int | None, uid: int, known: KnownCall, pc: PersonCallLike, person: Person, now: datetime) -> tuple[CueSpec, KnownCall]:
    """The "your call moved" DM for one person, and what they will then know. Urgent: it is not
    held by quiet hours (a call that moves earlier must be known at once)."""
    new = KnownCall(pc.call, known.seq + 1)
    payload = {"old": iso(known.call), "new": iso(pc.call), "where": pc.where, "scenes": list(pc.scenes),
               "delta": moved_minutes(known.call, pc.call), "department": person.department}
    spec = CueSpec(notice_key(day_id, "callchg", uid, new.seq), CALL_CHANGED, now, Target(user_id=uid), person.language, payload,
                   expires=max(pc.call, now) + EVENT_SHELF_LIFE, scope=NOTICE_SCOPE)
    return spec, new


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
    cast_approval: bool = False,
) -> CallChanges:
    """Who is told that their call moved, who waits for the AD, and what everybody now knows.

    A person is told when the call they know is still ahead of them and the new one differs by
    more than the threshold; the notice's key carries a sequence number, so the same change is
    never told twice, while smaller drifts accumulate until they cross the threshold. With
    ``cast_approval`` an actor's change (a call of kind ``cast``) is not told: it is returned in
    ``cast`` for the AD to approve, and what they know stays as it was. ``live=False`` (the AD has
    not touched the day yet): changes come from plan edits, which the call sheet's revision tells
    people about, so nobody is told here; only first-known calls are recorded.
    """
    out = CallChanges()
    for uid, pc in sorted(calls.items()):
        k = known.get(uid)
        if k is None:
            out.updates[uid] = KnownCall(pc.call, 0)
            continue
        if k.call == pc.call or not live or k.call <= now or wrapped:
            continue  # unchanged, a plan edit, already on set, or the day is over: nothing to tell
        if abs(moved_minutes(k.call, pc.call)) <= threshold_minutes:
            continue
        person = people.get(uid)
        if cast_approval and getattr(pc, "kind", "") == "cast":
            out.cast[uid] = (k, pc)
            continue
        if person is None:
            out.updates[uid] = KnownCall(pc.call, k.seq + 1)
            continue
        spec, new = call_notice(day_id, uid, k, pc, person, now)
        out.updates[uid] = new
        out.notices.append(spec)
    return out


def meal_corrections(live: LiveDay, told: Mapping[str, tuple[datetime | None, int]], *, now: datetime) -> list[CueSpec]:
    """Corrections for the canteen: ``told`` maps a meal to (the start it was last told, how many
    corrections so far); a meal not yet called whose projected start moved more than
    ``rules.canteen_correction_minutes`` (``[meals] correction_minutes``, the threshold the meal
    orders' ticket corrections use too) or that the day no longer takes gets a correction."""
    proj, day = live.projection, live.day
    cid = live.channels.get("dept:canteen")
    if cid is None:
        return []
    projected = {m.name: m for m in proj.meals}
    out: list[CueSpec] = []
    for name, (start, seq) in sorted(told.items()):
        meal = projected.get(name)
        if meal is not None and meal.called:
            continue  # the canteen hears the meal being called
        new_start = meal.start if meal is not None else None
        if start is None and new_start is None:
            continue
        if start is not None and new_start is not None and abs(moved_minutes(start, new_start)) <= live.rules.canteen_correction_minutes:
            continue
        if start is not None and start <= now and new_start is None:
            continue  # its time passed: nothing to correct
        payload = {**base_payload(day), "meal": name, "old": iso(start), "start": iso(new_start),
                   "end": iso(meal.end) if meal is not None else None, "minutes": meal.minutes if meal is not None else 0}
        expires = (new_start or now) + EVENT_SHELF_LIFE
        out.append(CueSpec(notice_key(day.id, "mealmoved", name, seq + 1), MEAL_MOVED, now, Target(channel_id=cid), live.language,
                           payload, expires, scope=NOTICE_SCOPE))
    return out


def window_alerts(live: LiveDay) -> list[CueSpec]:
    """The AD channel is told once when the projection pushes a scene out of one of its windows."""
    proj, day = live.projection, live.day
    cid = live.channels.get("ad")
    if cid is None or proj.state != "shooting" or proj.now is None:
        return []
    out: list[CueSpec] = []
    for b in windows.pushed_out(day, proj.slots, proj.planned_slots, live.sets):
        payload = {**base_payload(day), "scene": b.scene, "set": b.set_name, "window": b.kind, "minutes": b.minutes, "early": b.early,
                   "opens": iso(b.opens), "closes": iso(b.closes), "start": iso(b.start), "end": iso(b.end)}
        out.append(CueSpec(notice_key(day.id, "window", b.scene, b.kind), WINDOW, proj.now, Target(channel_id=cid), live.language,
                           payload, b.end + EVENT_SHELF_LIFE, scope=NOTICE_SCOPE))
    return out


def no_meal_alerts(live: LiveDay) -> list[CueSpec]:
    """The AD channel is told once per stretch the projection runs longer than N hours without a meal."""
    proj, day = live.projection, live.day
    cid = live.channels.get("ad")
    if cid is None or proj.state != "shooting" or proj.now is None or live.rules.no_meal_hours <= 0:
        return []
    out: list[CueSpec] = []
    for s in no_meal_stretches(proj, live.rules.no_meal_hours):
        payload = {**base_payload(day), "after": s.after, "before": s.before, "start": iso(s.start), "end": iso(s.end),
                   "minutes": s.minutes, "hours": live.rules.no_meal_hours}
        out.append(CueSpec(notice_key(day.id, "nomeal", s.after), NO_MEAL, proj.now, Target(channel_id=cid), live.language, payload,
                           s.end, scope=NOTICE_SCOPE))
    return out
