"""What a call sheet holds: people's calls, scene lines, department calls, company moves and the
sheet itself, with its JSON round-trip (a published version keeps exactly what people received)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.castlist import Contact, Extras
from bot.domain.plan import CastRole, SetLocation
from bot.i18n import DEFAULT_LOCALE, time_of_day


@dataclass(frozen=True, slots=True)
class DayTime:
    """A time of day on a shoot day, written in the reader's language when shown: "03:41", and past
    midnight "03:41 (+1)" in English, "次日 03:41" in Chinese. ``shift`` counts days after the
    shoot day's date."""

    hhmm: str
    shift: int = 0

    def text(self, locale: object | None) -> str:
        return time_of_day(self.hhmm, self.shift, locale)

    def __str__(self) -> str:
        return self.text(DEFAULT_LOCALE)


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
    rehearsal: datetime | None = None  # 走戏 (actors)


@dataclass(frozen=True, slots=True)
class CastCall:
    """One actor of the day, on Discord (``user_id``) or not: the cast table row with their times.

    ``ready`` is when they must be on set made up and dressed (their rehearsal, or an earlier on-set
    time the AD wrote); makeup ends then, pickup is before makeup. Every time is rounded down to the
    production's step.
    """

    actor: str
    characters: tuple[str, ...]
    scenes: tuple[str, ...]
    on_set: datetime  # on set for their first scene
    ready: datetime
    call: datetime  # when they report: makeup start, else ready
    number: str = ""
    status: str = ""
    user_id: int | None = None
    phone: str = ""
    pickup_place: str = ""
    pickup: datetime | None = None
    makeup: datetime | None = None
    rehearsal: datetime | None = None
    makeup_minutes: int = 0
    alt_characters: tuple[str, ...] = ()
    where: str = ""  # where they report (the base, else their first set)
    ignored_on_set: datetime | None = None  # an on-set time the AD wrote after their first scene (so not used)

    @property
    def on_discord(self) -> bool:
        return self.user_id is not None


@dataclass(frozen=True, slots=True)
class ExtrasCall:
    """A group of extras (群演): the most that any of their scenes needs, called before the first."""

    description: str
    count: int
    scenes: tuple[str, ...]
    call: datetime
    first_start: datetime
    late_day_call: bool = False  # the day's extras call was later than this group's first scene allows


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
    extras: tuple[Extras, ...] = ()
    alt_synopsis: str = ""
    carried_from: date | None = None  # 顺延: skipped on that date and carried over to this day
    change_minutes: int = 0  # the scene waits this long after the one before for a costume / look change (0: none)
    changing: tuple[str, ...] = ()  # the characters who change straight from the scene before


@dataclass(frozen=True, slots=True)
class DeptCall:
    """A department's call and where it reports; ``exceptions`` are its people called at another
    time (their own call, or an earlier one because they also act), so the table agrees with what
    each person was sent."""

    department: str
    call: datetime
    people: int
    where: str = ""
    exceptions: tuple[tuple[str, datetime], ...] = ()


@dataclass(frozen=True, slots=True)
class CompanyMove:
    """A change of set after ``after_scene``: a company move (转场) or a set move (换景)."""

    after_scene: str
    from_set: str
    to_set: str
    minutes: int
    at: datetime
    kind: str = "company"  # "company" | "set" (bot.domain.moves)


@dataclass(frozen=True, slots=True)
class MealSlot:
    """A meal break where the day's timeline puts it (the scene boundary closest to its planned time)."""

    name: str  # breakfast | lunch | supper | late
    start: datetime
    minutes: int
    planned: datetime | None = None


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
    shooting_call: datetime | None = None  # first shot (None on sheets published before: the general call)
    cast: tuple[CastCall, ...] = ()  # every actor of the day, on Discord or not, by call
    extras: tuple[ExtrasCall, ...] = ()
    extras_holding: str = ""
    parking: str = ""
    contacts: tuple[Contact, ...] = ()
    alt_notes: str = ""
    changes: tuple[Any, ...] = ()  # "changes in this version" (revisions.Change), empty on version 1
    revised: tuple[str, ...] = ()  # scene numbers marked as revised
    revised_cast: tuple[str, ...] = ()  # actors whose times or scenes changed
    breakfast_start: datetime | None = None
    breakfast_minutes: int = 0
    late_start: datetime | None = None
    late_minutes: int = 0
    breaks: tuple[MealSlot, ...] = ()  # where the timeline puts the meals (empty on sheets published before)

    def planned_meals(self) -> list[tuple[str, datetime, int]]:
        """(name, planned start, minutes) of the meals on the sheet, in time order."""
        out = [(n, s, m) for n, s, m in (("breakfast", self.breakfast_start, self.breakfast_minutes), ("lunch", self.lunch_start, self.lunch_minutes),
                                         ("supper", self.supper_start, self.supper_minutes), ("late", self.late_start, self.late_minutes)) if s is not None]
        return sorted(out, key=lambda x: x[1])

    def meal_breaks(self) -> list[MealSlot]:
        """The breaks as the timeline placed them (a sheet from before: at their planned times)."""
        if self.breaks:
            return sorted(self.breaks, key=lambda b: b.start)
        return [MealSlot(n, s, m, s) for n, s, m in self.planned_meals() if m > 0]

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

    @property
    def first_shot(self) -> datetime:
        return self.shooting_call if self.shooting_call is not None else self.general_call

    def actor(self, name: str) -> CastCall | None:
        return next((c for c in self.cast if c.actor == name), None)

    @property
    def not_on_discord(self) -> tuple[CastCall, ...]:
        """The actors the AD must phone."""
        return tuple(c for c in self.cast if c.user_id is None)

    def extras_totals(self) -> list[tuple[datetime, int]]:
        """(call, number of extras) per call time, in time order."""
        totals: dict[datetime, int] = {}
        for group in self.extras:
            totals[group.call] = totals.get(group.call, 0) + group.count
        return sorted(totals.items())

    def contact(self, role: str) -> Contact | None:
        return next((c for c in self.contacts if c.role == role), None)

    def alt_set_name(self, name: str) -> str:
        return self.set_location(name).alt_name

    def alt_character(self, character: str) -> str:
        """The character's second-language name from the cast table ("" when there is none)."""
        for c in self.cast:
            for name, alt in zip(c.characters, c.alt_characters, strict=False):
                if name == character and alt:
                    return alt
        return ""

    def fmt(self, when: datetime | None, locale: object | None = DEFAULT_LOCALE) -> str:
        return fmt_time(when, self.date, self.tz, locale)

    def at(self, when: datetime | None) -> DayTime | str:
        """``when`` as a :class:`DayTime` to show later in any language ("—" for None)."""
        return day_time(when, self.date, self.tz)

    def to_json(self) -> str:
        return json.dumps(_encode(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> CallSheet:
        return _decode_sheet(json.loads(text))


def day_time(when: datetime | None, day: date, tz: ZoneInfo) -> DayTime | str:
    if when is None:
        return "—"
    local = when.astimezone(tz)
    return DayTime(local.strftime("%H:%M"), (local.date() - day).days)


def fmt_time(when: datetime | None, day: date, tz: ZoneInfo, locale: object | None = DEFAULT_LOCALE) -> str:
    """"05:30"; a time after midnight of the shoot day reads "02:30 (+1)" in English and
    "次日 02:30" in Chinese (the catalog's ``fmt.time.next_day``); None reads "—"."""
    value = day_time(when, day, tz)
    return value.text(locale) if isinstance(value, DayTime) else value


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
    d["department_calls"] = tuple(DeptCall(**{**x, "exceptions": tuple(tuple(e) for e in x.get("exceptions", ()))})
                                  for x in d.get("department_calls", ()))
    d["people"] = tuple(PersonCall(**x) for x in d.get("people", ()))
    d["scenes"] = tuple(
        SceneLine(**{**x, "cast": tuple(CastRole(**c) for c in x.get("cast", ())), "needs": tuple(tuple(n) for n in x.get("needs", ())),
                     "extras": tuple(Extras(**e) for e in x.get("extras", ()))})
        for x in d.get("scenes", ())
    )
    d["cast"] = tuple(CastCall(**x) for x in d.get("cast", ()))
    d["extras"] = tuple(ExtrasCall(**x) for x in d.get("extras", ()))
    d["contacts"] = tuple(Contact(**x) for x in d.get("contacts", ()))
    d["changes"] = tuple(_change(x) for x in d.get("changes", ()))
    d["sets"] = tuple(SetLocation(**x) for x in d.get("sets", ()))
    d["moves"] = tuple(CompanyMove(**x) for x in d.get("moves", ()))
    d["breaks"] = tuple(MealSlot(**x) for x in d.get("breaks", ()))
    known = CallSheet.__dataclass_fields__
    return CallSheet(**{k: v for k, v in d.items() if k in known})


def _change(data: dict[str, Any]) -> Any:
    from bot.domain.callsheet.revisions import Change

    params = {k: DayTime(**v) if isinstance(v, dict) and "hhmm" in v else v for k, v in dict(data.get("params", {})).items()}
    return Change(data["key"], params)


def sheet_asdict(sheet: CallSheet) -> dict[str, Any]:  # handy in tests and debugging
    return asdict(sheet)
