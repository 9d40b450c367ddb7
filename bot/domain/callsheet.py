"""The call sheet: who is called when and where, built from the plan, the crew and the settings.

Public contract (the live-day cue engine depends on it):

* :func:`planned_scene_starts` - when each scene should start: sequential from general call using
  the estimates, walking time between sets, and the lunch and supper breaks.
* :func:`compute_calls` - every called person's :class:`PersonCall`, keyed by Discord user id.
  Department calls are relative to general call (they move when it moves); an actor's call is
  their first scene's start minus their makeup time (it moves when ``scene_starts`` moves); an
  override replaces the call.
* :func:`build_callsheet` - the whole sheet (a frozen :class:`CallSheet`), serialisable to JSON
  so a published version keeps exactly what people received.
* :func:`diff_for_person` - what changed for one person between two versions, as
  :class:`Change` items with catalog keys (``callsheet.change.*``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.crew import DEPARTMENTS, CrewMember
from bot.domain.plan import DEFAULT_MAKEUP_MINUTES, CastRole, SetLocation, ShootDay, Walk, walk_minutes

BREAK_SLACK = timedelta(minutes=15)
#: Departments whose people report to the unit base (makeup room) rather than the first set.
BASE_DEPARTMENTS = ("makeup", "wardrobe", "canteen")


# --- calls --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonCall:
    """One person's call. ``where`` is a set name (or the unit base text); ``scenes`` are scene
    numbers: an actor's own scenes, or the scenes with a need for the person's department."""

    user_id: int
    call: datetime
    where: str
    scenes: tuple[str, ...]
    department: str = ""
    name: str = ""
    kind: str = "department"  # "department" | "cast" | "override"
    pickup: datetime | None = None
    makeup: datetime | None = None
    on_set: datetime | None = None
    characters: tuple[str, ...] = ()
    note: str = ""


def _breaks(day: ShootDay) -> list[tuple[datetime, int]]:
    out = [(s, m) for s, m in ((day.lunch_start, day.lunch_minutes), (day.supper_start, day.supper_minutes)) if s is not None and m > 0]
    return sorted(out)


def planned_scene_starts(day: ShootDay, walks: Sequence[Walk] = ()) -> dict[str, datetime]:
    """Planned start of every scene (by number), in shooting order.

    The first scene starts at general call; each next one when the previous ends plus the walk
    between their sets (a company move). A meal break is taken before the first scene that would
    otherwise run more than 15 minutes into it, at its planned time or as soon after as the
    previous scene ends, and lasts its planned minutes. (``bot.domain.progress`` projects a live
    day with the same rule; a test keeps the two equal.)
    """
    starts: dict[str, datetime] = {}
    now = day.general_call
    previous_set: str | None = None
    pending = _breaks(day)
    for scene in sorted(day.scenes, key=lambda s: s.position):
        if previous_set is not None:
            now += timedelta(minutes=walk_minutes(walks, previous_set, scene.set_name))
        while pending and now + timedelta(minutes=scene.est_minutes) > pending[0][0] + BREAK_SLACK:
            brk_start, brk_minutes = pending.pop(0)
            now = max(now, brk_start) + timedelta(minutes=brk_minutes)
        starts[scene.number] = now
        now += timedelta(minutes=scene.est_minutes)
        previous_set = scene.set_name
    return starts


def estimated_wrap(day: ShootDay, walks: Sequence[Walk] = (), scene_starts: Mapping[str, datetime] | None = None) -> datetime | None:
    if not day.scenes:
        return None
    starts = dict(planned_scene_starts(day, walks))
    if scene_starts:
        starts.update(scene_starts)
    last = max(day.scenes, key=lambda s: s.position)
    return starts[last.number] + timedelta(minutes=last.est_minutes)


def _first_set(day: ShootDay) -> str:
    ordered = sorted(day.scenes, key=lambda s: s.position)
    return ordered[0].set_name if ordered else ""


def compute_calls(
    day: ShootDay,
    crew: list[CrewMember],
    offsets: Mapping[str, int],
    overrides: Mapping[int, datetime] | None = None,
    scene_starts: Mapping[str, datetime] | None = None,
    *,
    walks: Sequence[Walk] = (),
) -> dict[int, PersonCall]:
    """Everyone called on ``day``, keyed by Discord user id.

    * Department crew: general call + ``offsets[department]`` minutes, at the first set (makeup,
      wardrobe and canteen at the unit base when the day has one).
    * Actors (anyone cast in a scene, matched by user id): on set at their first scene's start,
      makeup that many minutes before (their ``makeup_minutes``, default 60), pickup before that
      when they have ``pickup_minutes``; the call is the makeup time. A crew member from another
      department who also acts is called at the earlier of the two.
    * Cast-department members with no scene that day are not called (absent from the result).
    * ``overrides`` replace a person's call; ``scene_starts`` replace planned scene starts.
    """
    overrides = overrides or {}
    starts = dict(planned_scene_starts(day, walks))
    if scene_starts:
        starts.update(scene_starts)
    scenes = sorted(day.scenes, key=lambda s: s.position)
    first_set = _first_set(day)
    # actor -> (their scenes, first role, characters)
    acting: dict[int, list] = {}
    for scene in scenes:
        for role in scene.cast:
            if role.user_id is None:
                continue
            entry = acting.setdefault(role.user_id, [[], role, scene, []])
            if scene.number not in entry[0]:
                entry[0].append(scene.number)
            if role.character not in entry[3]:
                entry[3].append(role.character)
    out: dict[int, PersonCall] = {}
    for member in crew:
        uid = member.user_id
        dept_call: PersonCall | None = None
        if member.department != "cast":
            where = day.base if member.department in BASE_DEPARTMENTS and day.base else first_set
            dept_scenes = tuple(s.number for s in scenes if member.department in s.needs)
            dept_call = PersonCall(
                user_id=uid, call=day.general_call + timedelta(minutes=int(offsets.get(member.department, 0))),
                where=where, scenes=dept_scenes, department=member.department, name=member.display_name,
            )
        cast_call: PersonCall | None = None
        if uid in acting:
            numbers, role, first_scene, characters = acting[uid]
            on_set = starts.get(first_scene.number, day.general_call)
            makeup_minutes = role.makeup_minutes if role.makeup_minutes is not None else DEFAULT_MAKEUP_MINUTES
            makeup = on_set - timedelta(minutes=makeup_minutes)
            pickup = makeup - timedelta(minutes=role.pickup_minutes) if role.pickup_minutes else None
            cast_call = PersonCall(
                user_id=uid, call=makeup, where=(day.base if makeup_minutes and day.base else first_scene.set_name),
                scenes=tuple(numbers), department=member.department, name=member.display_name, kind="cast",
                pickup=pickup, makeup=makeup, on_set=on_set, characters=tuple(characters),
            )
        chosen = cast_call if dept_call is None or (cast_call is not None and cast_call.call < dept_call.call) else dept_call
        if chosen is cast_call and dept_call is not None and cast_call is not None:
            chosen = replace(cast_call, scenes=tuple(dict.fromkeys(cast_call.scenes + dept_call.scenes)))
        elif chosen is dept_call and cast_call is not None and dept_call is not None:
            chosen = replace(dept_call, scenes=tuple(dict.fromkeys(cast_call.scenes + dept_call.scenes)),
                             on_set=cast_call.on_set, characters=cast_call.characters)
        if chosen is None:
            continue
        if uid in overrides:
            at = overrides[uid]
            pickup = None
            if chosen.pickup is not None and chosen.makeup is not None:
                pickup = at - (chosen.makeup - chosen.pickup)
            chosen = replace(chosen, call=at, kind="override", makeup=at if chosen.makeup is not None else None, pickup=pickup)
        out[uid] = chosen
    return out


# --- the sheet ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SceneLine:
    position: int
    number: str
    episodes: tuple[str, ...]
    set_name: str
    int_ext: str
    day_night: str
    synopsis: str
    est_minutes: int
    start: datetime
    cast: tuple[CastRole, ...] = ()
    needs: tuple[tuple[str, str], ...] = ()  # (department, need) in department order


@dataclass(frozen=True, slots=True)
class DeptCall:
    department: str
    call: datetime
    people: int


@dataclass(frozen=True, slots=True)
class CompanyMove:
    after_scene: str
    from_set: str
    to_set: str
    minutes: int
    at: datetime


@dataclass(frozen=True)
class CallSheet:
    production_id: int
    production_code: str
    production_name: str
    timezone: str
    date: date
    day_number: int
    total_days: int
    general_call: datetime
    version: int
    day_revision: int = 1
    planned_wrap: datetime | None = None
    est_wrap: datetime | None = None
    lunch_start: datetime | None = None
    lunch_minutes: int = 0
    supper_start: datetime | None = None
    supper_minutes: int = 0
    base: str = ""
    weather: str = ""
    sunrise: str = ""
    notes: str = ""
    department_calls: tuple[DeptCall, ...] = ()
    people: tuple[PersonCall, ...] = ()
    scenes: tuple[SceneLine, ...] = ()
    sets: tuple[SetLocation, ...] = ()
    moves: tuple[CompanyMove, ...] = ()
    hospital: str = ""
    hospital_address: str = ""
    hospital_phone: str = ""
    emergency_contacts: tuple[str, ...] = ()
    published_at: datetime | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def person(self, user_id: int) -> PersonCall | None:
        return next((p for p in self.people if p.user_id == user_id), None)

    def scene(self, number: str) -> SceneLine | None:
        return next((s for s in self.scenes if s.number == number), None)

    def set_location(self, name: str) -> SetLocation:
        return next((s for s in self.sets if s.name == name), SetLocation(name))

    def where_text(self, where: str) -> str:
        """"Hospital - ward (Building 5 · Ming-Qing Street)"."""
        loc = self.set_location(where)
        return f"{where} ({loc.address})" if loc.address else where

    @property
    def cast_calls(self) -> tuple[PersonCall, ...]:
        return tuple(sorted((p for p in self.people if p.on_set is not None), key=lambda p: (p.call, p.name)))

    def fmt(self, when: datetime | None) -> str:
        return fmt_time(when, self.date, self.tz)

    def to_json(self) -> str:
        return json.dumps(_encode(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> CallSheet:
        return _decode_sheet(json.loads(text))


def fmt_time(when: datetime | None, day: date, tz: ZoneInfo) -> str:
    """"05:30"; a time after midnight of the shoot day reads "02:30 (+1)"; None reads "—"."""
    if when is None:
        return "—"
    local = when.astimezone(tz)
    shift = (local.date() - day).days
    text = local.strftime("%H:%M")
    return text if shift == 0 else f"{text} ({shift:+d})"


def build_callsheet(
    *,
    production_id: int,
    production_code: str,
    production_name: str,
    timezone: str,
    day: ShootDay,
    crew: list[CrewMember],
    sets: Iterable[SetLocation],
    walks: Sequence[Walk],
    offsets: Mapping[str, int],
    safety: Any = None,
    overrides: Mapping[int, datetime] | None = None,
    version: int = 1,
    published_at: datetime | None = None,
) -> CallSheet:
    """Everything on the sheet for ``day``. ``safety`` is anything with ``nearest_hospital``,
    ``hospital_address``, ``hospital_phone`` and ``emergency_contacts`` (the settings' section)."""
    starts = planned_scene_starts(day, walks)
    calls = compute_calls(day, crew, offsets, overrides, walks=walks)
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    people = tuple(sorted(calls.values(), key=lambda p: (order.get(p.department, 99), p.call, p.name.casefold(), p.user_id)))
    present = {m.department for m in crew}
    counts: dict[str, int] = {}
    for p in people:
        counts[p.department] = counts.get(p.department, 0) + 1
    dept_calls = tuple(
        DeptCall(d, day.general_call + timedelta(minutes=int(offsets.get(d, 0))), counts.get(d, 0))
        for d in DEPARTMENTS
        if d != "cast" and (d in present or d in ("ad", "camera", "lighting", "makeup", "wardrobe", "art", "sound"))
    )
    scenes = sorted(day.scenes, key=lambda s: s.position)
    lines = tuple(
        SceneLine(
            position=s.position, number=s.number, episodes=s.episodes, set_name=s.set_name, int_ext=s.int_ext,
            day_night=s.day_night, synopsis=s.synopsis, est_minutes=s.est_minutes, start=starts[s.number], cast=s.cast,
            needs=tuple((d, s.needs[d]) for d in sorted(s.needs, key=lambda d: order.get(d, 99))),
        )
        for s in scenes
    )
    by_name = {s.name: s for s in sets}
    used = tuple(by_name.get(n, SetLocation(n)) for n in day.set_names())
    moves = []
    for prev, nxt in zip(scenes, scenes[1:], strict=False):
        if prev.set_name != nxt.set_name:
            moves.append(CompanyMove(prev.number, prev.set_name, nxt.set_name, walk_minutes(walks, prev.set_name, nxt.set_name),
                                     starts[prev.number] + timedelta(minutes=prev.est_minutes)))
    return CallSheet(
        production_id=production_id, production_code=production_code, production_name=production_name, timezone=timezone,
        date=day.date, day_number=day.day_number, total_days=day.total_days, general_call=day.general_call,
        version=version, day_revision=day.revision, planned_wrap=day.planned_wrap,
        est_wrap=estimated_wrap(day, walks), lunch_start=day.lunch_start, lunch_minutes=day.lunch_minutes,
        supper_start=day.supper_start, supper_minutes=day.supper_minutes, base=day.base, weather=day.weather,
        sunrise=day.sunrise, notes=day.notes, department_calls=dept_calls, people=people, scenes=lines, sets=used,
        moves=tuple(moves),
        hospital=getattr(safety, "nearest_hospital", "") or "",
        hospital_address=getattr(safety, "hospital_address", "") or "",
        hospital_phone=getattr(safety, "hospital_phone", "") or "",
        emergency_contacts=tuple(getattr(safety, "emergency_contacts", ()) or ()),
        published_at=published_at,
    )


# --- snapshots ----------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: _encode(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def _decode_sheet(data: dict[str, Any]) -> CallSheet:
    d = {k: _plain(v) for k, v in data.items()}
    d["department_calls"] = tuple(DeptCall(**x) for x in d.get("department_calls", ()))
    d["people"] = tuple(PersonCall(**x) for x in d.get("people", ()))
    d["scenes"] = tuple(
        SceneLine(**{**x, "cast": tuple(CastRole(**c) for c in x.get("cast", ())), "needs": tuple(tuple(n) for n in x.get("needs", ()))})
        for x in d.get("scenes", ())
    )
    d["sets"] = tuple(SetLocation(**x) for x in d.get("sets", ()))
    d["moves"] = tuple(CompanyMove(**x) for x in d.get("moves", ()))
    known = CallSheet.__dataclass_fields__
    return CallSheet(**{k: v for k, v in d.items() if k in known})


# --- revisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One thing that changed for a person; ``key`` is ``callsheet.change.*``, params are display text."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


def _need(line: SceneLine | None, department: str) -> str:
    if line is None:
        return ""
    return dict(line.needs).get(department, "")


def diff_for_person(old: CallSheet | None, new: CallSheet, user_id: int) -> list[Change]:
    """What changed for ``user_id`` from ``old`` (what they received; None: nothing yet) to ``new``.

    An empty list means the new version need not bother them.
    """
    after = new.person(user_id)
    before = old.person(user_id) if old is not None else None
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [Change("callsheet.change.now_called", {"call": new.fmt(after.call)})] if old is not None else []
    if after is None:
        assert old is not None
        return [Change("callsheet.change.no_longer_called", {"date": new.date.isoformat()})]
    assert old is not None
    changes: list[Change] = []
    if old.general_call != new.general_call:
        changes.append(Change("callsheet.change.general_call", {"old": old.fmt(old.general_call), "new": new.fmt(new.general_call)}))
    if before.call != after.call:
        changes.append(Change("callsheet.change.call", {"old": old.fmt(before.call), "new": new.fmt(after.call)}))
    if before.pickup != after.pickup and after.pickup is not None:
        changes.append(Change("callsheet.change.pickup", {"old": old.fmt(before.pickup), "new": new.fmt(after.pickup)}))
    if before.on_set != after.on_set and after.on_set is not None and before.on_set is not None:
        changes.append(Change("callsheet.change.on_set", {"old": old.fmt(before.on_set), "new": new.fmt(after.on_set)}))
    if before.where != after.where:
        changes.append(Change("callsheet.change.where", {"old": before.where, "new": new.where_text(after.where)}))
    old_scenes, new_scenes = set(before.scenes), set(after.scenes)
    for number in after.scenes:
        line = new.scene(number)
        if number not in old_scenes:
            changes.append(Change("callsheet.change.scene_added", {"scene": number, "set": line.set_name if line else ""}))
            continue
        was = old.scene(number)
        if line is not None and was is not None and was.set_name != line.set_name:
            changes.append(Change("callsheet.change.scene_moved", {"scene": number, "set": new.where_text(line.set_name)}))
        if after.department and after.kind != "cast" and _need(was, after.department) != _need(line, after.department) and _need(line, after.department):
            changes.append(Change("callsheet.change.need", {"scene": number, "need": _need(line, after.department)}))
    for number in before.scenes:
        if number not in new_scenes:
            changes.append(Change("callsheet.change.scene_removed", {"scene": number}))
    if old.planned_wrap != new.planned_wrap and new.planned_wrap is not None:
        changes.append(Change("callsheet.change.wrap", {"old": old.fmt(old.planned_wrap), "new": new.fmt(new.planned_wrap)}))
    if after.department == "canteen":
        for label, o, n in (("lunch", old.lunch_start, new.lunch_start), ("supper", old.supper_start, new.supper_start)):
            if o != n:
                changes.append(Change(f"callsheet.change.{label}", {"old": old.fmt(o), "new": new.fmt(n)}))
    return changes


def affected(old: CallSheet | None, new: CallSheet) -> dict[int, list[Change]]:
    """Every person whose sheet changed from ``old`` to ``new`` -> their changes."""
    users = {p.user_id for p in new.people} | ({p.user_id for p in old.people} if old else set())
    out = {}
    for uid in sorted(users):
        if changes := diff_for_person(old, new, uid):
            out[uid] = changes
    return out


# --- deliveries ---------------------------------------------------------------------------------

STATUSES = ("pending", "sent", "confirmed", "unreachable")


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    version_id: int
    user_id: int
    department: str
    call_at: datetime
    status: str
    notified: bool
    dm_channel_id: int | None = None
    dm_message_id: int | None = None
    fallback_channel_id: int | None = None
    fallback_message_id: int | None = None
    sent_at: datetime | None = None
    confirmed_at: datetime | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    id: int
    shoot_day_id: int
    version: int
    day_revision: int
    general_call: datetime
    published_at: datetime
    published_by: int
    sheet: CallSheet


@dataclass(frozen=True, slots=True)
class DeliveryPlan:
    """For one person in a new version: notify them (with ``changes`` when it is a revision) or
    carry their previous status over silently."""

    user_id: int
    department: str
    call: datetime
    notify: bool
    status: str  # initial status: "pending" when notifying, else the carried-over status
    changes: tuple[Change, ...] = ()
    removed: bool = False  # no longer called: tell them, then no delivery row is kept


def plan_deliveries(previous: CallSheet | None, previous_deliveries: Mapping[int, Delivery], new: CallSheet) -> list[DeliveryPlan]:
    """Who gets a DM for ``new``. First version: everyone called. Revision: only people with
    changes (their confirmation is reset); everyone else keeps their status. Someone whose previous
    DM never went out (pending) is notified again."""
    changes = affected(previous, new) if previous is not None else {}
    plans: list[DeliveryPlan] = []
    for person in new.people:
        prior = previous_deliveries.get(person.user_id)
        mine = tuple(changes.get(person.user_id, ()))
        if previous is None or prior is None or mine or prior.status == "pending":
            plans.append(DeliveryPlan(person.user_id, person.department, person.call, True, "pending", mine))
        else:
            plans.append(DeliveryPlan(person.user_id, person.department, person.call, False, prior.status))
    if previous is not None:
        for person in previous.people:
            if new.person(person.user_id) is None:
                plans.append(DeliveryPlan(person.user_id, person.department, person.call, True, "pending",
                                          tuple(changes.get(person.user_id, ())), removed=True))
    return plans


def status_by_department(sheet: CallSheet, deliveries: Iterable[Delivery]) -> dict[str, dict[str, list[PersonCall]]]:
    """department -> {"confirmed" | "waiting" | "unreachable": [people]} in call-sheet order."""
    by_user = {d.user_id: d for d in deliveries}
    out: dict[str, dict[str, list[PersonCall]]] = {}
    for person in sheet.people:
        d = by_user.get(person.user_id)
        state = "waiting" if d is None or d.status in ("pending", "sent") else d.status
        out.setdefault(person.department, {"confirmed": [], "waiting": [], "unreachable": []})[state].append(person)
    return out


def sheet_asdict(sheet: CallSheet) -> dict[str, Any]:  # handy in tests and debugging
    return asdict(sheet)
