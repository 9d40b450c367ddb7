"""What the live day wants: every cue of a day, decided from its projection and everybody's call.

:func:`desired_cues` returns the day's ``live`` cues as they should be *now* (each with an
idempotency key stable across recomputes, e.g. ``live:7:call:4242``); reconciling the table with
them re-times, inserts and cancels. What it decides:

* personal call reminders (urgent: always sent) and "you have not confirmed" chases, which respect
  quiet hours (``bot.domain.quiet``: the chase happens the evening before), and the AD's list of
  people still unconfirmed to phone when quiet hours begin;
* moves, by ``bot.domain.moves``: a company move (转场) is announced when the scene before it
  begins, with pre-light / dressing go-aheads to lighting and art, and again when it starts,
  saying what moves with the crew; a set move (换景) is one short line when it happens, and pings
  only the departments the sets table asks for;
* meals: the canteen's heads-up a configurable lead before each projected meal (re-timed while it
  is pending; ``bot.domain.cues.notices.meal_corrections`` corrects it once it has gone out); the
  meal the AD called (放饭) to the set and the canteen; the return the AD called (返场);
* ONE wrap message;
* while the day is being shot, the internal re-plan (:func:`replan_due`) that re-projects the day
  when the scene in progress passes its estimate and every few minutes while it runs over, so an
  overrun re-times everything after it with nobody pressing anything.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from bot.domain import moves
from bot.domain import quiet as quiet_hours
from bot.domain.cues.model import (
    CALL,
    COMPANY_MOVE,
    EVENT_SHELF_LIFE,
    LIVE_SCOPE,
    MEAL,
    MEAL_RETURN,
    MEAL_WARNING,
    NEXT_SET,
    PRELIGHT,
    REPLAN,
    SET_MOVE,
    UNCONFIRMED,
    UNCONFIRMED_LIST,
    WRAP,
    CueSpec,
    Target,
    iso,
)
from bot.domain.plan import SetLocation, ShootDay
from bot.domain.progress import Projection
from bot.domain.timeline import Slot


class PersonCallLike(Protocol):
    """``bot.domain.callsheet.PersonCall``: a person's call on the day."""

    user_id: int
    call: datetime
    where: str
    scenes: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    language: str
    department: str
    display_name: str = ""
    reminder_minutes: int | None = None  # personal override of the call reminder; 0 = off


@dataclass(frozen=True, slots=True)
class Rules:
    """The live day's settings (``[liveday]`` and ``[cues]`` in config.toml)."""

    call_reminder_minutes: int = 60
    unconfirmed_reminder_minutes: int = 120
    notify_threshold_minutes: int = 15
    canteen_lead_minutes: int = 60
    canteen_correction_minutes: int = 10  # a meal the canteen was told of that moves more than this is corrected
    set_move_walk_minutes: int = moves.DEFAULT_THRESHOLD_MINUTES
    replan_minutes: int = 5
    no_meal_hours: float = 6
    cast_approval: bool = True  # cast call changes wait for the AD (False: DMed at once)
    quiet: quiet_hours.QuietHours = field(default_factory=quiet_hours.QuietHours)


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
    rules: Rules = field(default_factory=Rules)

    @property
    def tz(self):
        return self.day.general_call.tzinfo

    def quiet_window(self, call: datetime | None = None) -> quiet_hours.Window | None:
        """A person's quiet hours before their call (default: the general call's)."""
        return quiet_hours.window(call or self.day.general_call, self.rules.quiet, self.tz)

    def night(self) -> quiet_hours.Window | None:
        """The night before the day (when the AD gets the list of people still unconfirmed)."""
        return quiet_hours.night(self.day.general_call, self.rules.quiet, self.tz)

    def move(self, slot: Slot, from_set: str) -> moves.Move:
        return moves.between(self.sets, from_set, slot.set_name, slot.walk_minutes, threshold=self.rules.set_move_walk_minutes,
                             day_base=self.day.base)


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def key(day_id: int | None, *parts: object) -> str:
    return ":".join([LIVE_SCOPE, str(day_id), *map(str, parts)])


def set_payload(live: LiveDay, set_name: str) -> dict[str, Any]:
    loc = live.sets.get(set_name)
    return {"set": set_name, "building": loc.building if loc else "", "road": loc.road if loc else ""}


def base_payload(day: ShootDay) -> dict[str, Any]:
    return {"day_number": day.day_number, "total_days": day.total_days, "date": day.date.isoformat()}


def desired_cues(live: LiveDay) -> list[CueSpec]:
    """The live day's cues as they should be now (the projection decides every time)."""
    out: list[CueSpec] = []
    if live.projection.state != "wrapped":
        out += _people(live)
        out += _moves(live)
        out += _meals(live)
    out += _wrap(live)
    if (spec := replan_cue(live)) is not None:
        out.append(spec)
    return out


def _people(live: LiveDay) -> list[CueSpec]:
    day, proj, rules = live.day, live.projection, live.rules
    now = proj.now or day.general_call
    base = base_payload(day)
    out: list[CueSpec] = []
    chased_out: list[dict[str, Any]] = []
    night = live.night()
    for uid, pc in sorted(live.calls.items()):
        person = live.people.get(uid)
        if person is None:
            continue
        minutes = person.reminder_minutes if person.reminder_minutes is not None else rules.call_reminder_minutes
        payload = {**base, "call": iso(pc.call), "where": pc.where, "scenes": list(pc.scenes), "minutes": minutes, "department": person.department}
        if minutes > 0:
            due = pc.call - timedelta(minutes=minutes)
            out.append(CueSpec(key(day.id, "call", uid), CALL, due, Target(user_id=uid), person.language, payload, expires=pc.call))
        if live.unconfirmed is not None and uid in live.unconfirmed and rules.unconfirmed_reminder_minutes > 0:
            planned = pc.call - timedelta(minutes=rules.unconfirmed_reminder_minutes)
            due = quiet_hours.chase_time(planned, pc.call, now, rules.quiet, live.tz)
            if due is not None:
                out.append(CueSpec(key(day.id, "unconfirmed", uid), UNCONFIRMED, due, Target(user_id=uid), person.language, payload, expires=pc.call))
            chased_out.append({"user_id": uid, "name": person.display_name, "call": iso(pc.call), "department": person.department})
    ad = live.channels.get("ad")
    if chased_out and night is not None and ad is not None:
        payload = {**base, "people": sorted(chased_out, key=lambda p: (p["call"], p["name"])), "count": len(chased_out)}
        out.append(CueSpec(key(day.id, "unconfirmed_list"), UNCONFIRMED_LIST, night.start, Target(channel_id=ad), live.language,
                           payload, expires=night.start + EVENT_SHELF_LIFE))
    return out


def _moves(live: LiveDay) -> list[CueSpec]:
    day, proj = live.day, live.projection
    base = base_payload(day)
    channel, lang = live.channels.get, live.language
    out: list[CueSpec] = []
    cur = proj.current
    if cur is None:
        return out
    if cur.is_move and cur.move_start is not None and (cid := channel("production")) is not None:
        move = live.move(cur, cur.from_set or "")
        payload = {**base, **set_payload(live, cur.set_name), "scene": cur.number, "from_set": cur.from_set or "",
                   "walk": cur.walk_minutes, "about": iso(cur.start)}
        expires = cur.start + EVENT_SHELF_LIFE
        if move.is_company:
            payload |= {"base": move.base, "generator": move.generator, "vehicles": move.vehicles}
            out.append(CueSpec(key(day.id, "move", cur.number), COMPANY_MOVE, cur.move_start, Target(channel_id=cid), lang, payload, expires))
        else:
            out.append(CueSpec(key(day.id, "setmove", cur.number), SET_MOVE, cur.move_start, Target(channel_id=cid), lang, payload, expires))
    following = proj.following(cur.number)
    if following is None or following.set_name == cur.set_name:
        return out
    move = live.move(following, cur.set_name)
    payload = {**base, **set_payload(live, following.set_name), "scene": following.number, "after": cur.number,
               "about": iso(following.start), "walk": following.walk_minutes}
    expires = (following.move_start or following.start) + EVENT_SHELF_LIFE
    if move.is_company and (cid := channel("production")) is not None:
        out.append(CueSpec(key(day.id, "nextset", following.number), NEXT_SET, cur.boundary, Target(channel_id=cid), lang, payload, expires))
    for dept in move.pings:
        if (cid := channel(f"dept:{dept}")) is not None:
            need = following.scene.needs.get(dept, "")
            out.append(CueSpec(key(day.id, "prelight", dept, following.number), PRELIGHT, cur.boundary, Target(channel_id=cid), lang,
                               {**payload, "department": dept, "need": need}, expires))
    return out


def _meals(live: LiveDay) -> list[CueSpec]:
    day, proj, rules = live.day, live.projection, live.rules
    base = base_payload(day)
    channel, lang = live.channels.get, live.language
    current = proj.current.number if proj.current is not None else ""
    out: list[CueSpec] = []
    for meal in proj.meals:
        payload = {**base, "meal": meal.name, "start": iso(meal.start), "end": iso(meal.end), "minutes": meal.minutes}
        if meal.called:
            for purpose, part in (("production", "meal"), ("dept:canteen", "meal_canteen")):
                if (cid := channel(purpose)) is not None:
                    out.append(CueSpec(key(day.id, part, meal.name), MEAL, meal.start, Target(channel_id=cid), lang,
                                       {**payload, "to": "canteen" if purpose != "production" else "set"}, meal.end))
            if meal.returned and meal.resumed is not None and (cid := channel("production")) is not None:
                out.append(CueSpec(key(day.id, "return", meal.name), MEAL_RETURN, meal.resumed, Target(channel_id=cid), lang,
                                   {**payload, "at": iso(meal.resumed), "scene": current}, meal.resumed + EVENT_SHELF_LIFE))
        elif (cid := channel("dept:canteen")) is not None and rules.canteen_lead_minutes > 0:
            due = meal.start - timedelta(minutes=rules.canteen_lead_minutes)
            out.append(CueSpec(key(day.id, "meal_warning", meal.name), MEAL_WARNING, due, Target(channel_id=cid), lang, payload, meal.start))
    return out


def _wrap(live: LiveDay) -> list[CueSpec]:
    day, proj = live.day, live.projection
    if proj.state != "wrapped" or (cid := live.channels.get("production")) is None:
        return []
    payload = {
        **base_payload(day),
        "at": iso(proj.wrap),
        "behind": proj.behind_minutes,
        "shot": sum(1 for s in proj.slots if s.status == "done"),
        "unshot": list(proj.unshot),
        "skipped": list(proj.skipped),
    }
    return [CueSpec(key(day.id, "wrap"), WRAP, proj.wrap, Target(channel_id=cid), live.language, payload, proj.wrap + EVENT_SHELF_LIFE)]


def replan_due(projection: Projection, every_minutes: int) -> datetime | None:
    """When the day being shot is next re-projected: at the first ``every_minutes`` mark of the
    clock after the scene in progress passes its estimate (or after now, when it already has)."""
    cur = projection.current
    if projection.state != "shooting" or projection.now is None or cur is None or every_minutes <= 0:
        return None
    after = max(projection.now, cur.estimated_end or projection.now)
    step = every_minutes * 60
    epoch = int(after.astimezone(UTC).timestamp())
    return datetime.fromtimestamp((epoch // step + 1) * step, UTC)


def replan_cue(live: LiveDay) -> CueSpec | None:
    """The internal re-plan cue (posts nothing; the target only satisfies the table). Each one's key
    names its mark: the one being run is 'sending' (left alone) while the recompute it does wants
    the next one."""
    due = replan_due(live.projection, live.rules.replan_minutes)
    if due is None:
        return None
    cid = live.channels.get("ad") or live.channels.get("production") or next(iter(sorted(live.channels.values())), None)
    if cid is None:
        return None
    return CueSpec(key(live.day.id, "replan", due.strftime("%Y%m%dT%H%MZ")), REPLAN, due, Target(channel_id=cid), live.language, {})
