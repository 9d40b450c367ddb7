"""The shoot plan: days, sets, scenes in shooting order (the strip), and walking times.

Plain data. A shoot day belongs to the date it started on: every time on it is an aware
datetime, so a 02:30 wrap is simply the next calendar morning of the same ``ShootDay``.

Scenes are identified within a day by their ``number`` ("12", "12A"); ``id`` changes when a day
is re-imported, the number does not. Editing helpers (:func:`add_scene`, :func:`move_scene`,
:func:`drop_scene`) return a new ``ShootDay`` with positions renumbered 1..N.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.domain.castlist import CastMember, Extras, actor_key
from bot.domain.errors import DomainError

INT_EXT = ("INT", "EXT", "INT/EXT")
DAY_NIGHT = ("DAY", "NIGHT", "DAWN", "DUSK")

#: The meals a shoot day may plan (at most one of each, four at most): ``late`` is the late-night
#: meal (夜宵), which belongs to the shoot day even when it is eaten after midnight.
MEAL_NAMES = ("breakfast", "lunch", "supper", "late")
DEFAULT_MEAL_MINUTES = {"breakfast": 30, "lunch": 30, "supper": 45, "late": 30}
#: Departments a set may ask to be sent ahead of the crew (pre-light, dressing).
PRELIGHT_DEPARTMENTS = ("lighting", "art")

#: Makeup + wardrobe lead before an actor's first scene when the plan gives none.
DEFAULT_MAKEUP_MINUTES = 60
MAX_SCENE_NUMBER = 16
MAX_SET_NAME = 80
MAX_SYNOPSIS = 1000
MAX_NEED = 300
MAX_EST_MINUTES = 600
SCENE_NUMBER_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._/-]{0,15}$")


@dataclass(frozen=True, slots=True)
class SetLocation:
    """A set in the studio park: "CEO villa - living room", Building 2, Heart Road South.

    What the sets table may also say about it (``bot.domain.moves`` and ``bot.domain.windows`` read
    these): ``base`` - the makeup/wardrobe room (服化间) serving it; ``generator`` - it needs the
    generator truck (发电车); ``vehicles`` - what else must be driven there (picture cars, the
    grip truck); ``prelight`` - departments to send ahead even for a short set move
    (:data:`PRELIGHT_DEPARTMENTS`); ``window`` - when it may be used, ``"HH:MM-HH:MM"`` on the
    shoot day's timeline (a set booking in a shared park, a permit, a road closure).
    """

    name: str
    building: str = ""
    road: str = ""
    notes: str = ""
    id: int | None = None
    alt_name: str = ""  # the set's name in the second language (shown to crew who do not read Chinese)
    base: str = ""
    generator: bool = False
    vehicles: str = ""
    prelight: tuple[str, ...] = ()
    window: str = ""

    @property
    def address(self) -> str:
        """"Building 2 · Heart Road South" (empty parts left out)."""
        return " · ".join(p for p in (self.building, self.road) if p and p.strip("—-– "))


@dataclass(frozen=True, slots=True)
class Walk:
    """Walking minutes between two sets (symmetric unless both directions are given)."""

    from_set: str
    to_set: str
    minutes: int


@dataclass(frozen=True, slots=True)
class CastRole:
    """Character -> actor. ``user_id`` is the actor's Discord id when they are crew.

    ``makeup_minutes`` is the makeup + wardrobe time the actor needs before being on set for this
    look (None: :data:`DEFAULT_MAKEUP_MINUTES`); ``pickup_minutes`` is the drive from the hotel
    before makeup (None: no pickup).
    """

    character: str
    actor: str
    user_id: int | None = None
    makeup_minutes: int | None = None
    pickup_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    number: str  # "12", "12A"
    set_name: str
    est_minutes: int
    episodes: tuple[str, ...] = ()
    int_ext: str = "INT"
    day_night: str = "DAY"
    synopsis: str = ""
    cast: tuple[CastRole, ...] = ()
    needs: dict[str, str] = field(default_factory=dict)  # department code -> need ("wound on left cheek")
    position: int = 0  # shooting order within the day, 1-based
    id: int | None = None
    extras: tuple[Extras, ...] = ()  # 群演 in this scene: (count, description) groups
    alt_synopsis: str = ""  # the synopsis in the second language
    carried_from: date | None = None  # 顺延: skipped on that day and carried over to this one

    def has_actor(self, user_id: int) -> bool:
        return any(c.user_id == user_id for c in self.cast)


@dataclass(frozen=True, slots=True)
class ShootDay:
    production_id: int
    date: date  # the date the day STARTED on
    day_number: int
    total_days: int
    general_call: datetime  # aware
    planned_wrap: datetime | None = None
    supper_start: datetime | None = None
    supper_minutes: int = 45
    notes: str = ""
    scenes: tuple[Scene, ...] = ()
    revision: int = 1
    id: int | None = None
    lunch_start: datetime | None = None
    lunch_minutes: int = 30
    base: str = ""  # unit base: makeup / wardrobe / holding ("Building 3, ground floor")
    weather: str = ""  # manual fields
    shooting_call: datetime | None = None  # first shot (开拍); None: at the general (crew) call
    extras_call: datetime | None = None  # when the extras report (None: worked out from their scenes)
    extras_holding: str = ""  # where the extras wait (群演候场)
    parking: str = ""
    alt_notes: str = ""  # the day's notes in the second language
    cast: tuple[CastMember, ...] = ()  # the cast table rows of the actors in this day's scenes

    sunrise: str = ""  # "06:31 / 16:58": sunrise and sunset (the second time is read as sunset)
    breakfast_start: datetime | None = None
    breakfast_minutes: int = 30
    late_start: datetime | None = None  # 夜宵, usually after midnight: still this day's
    late_minutes: int = 30

    @property
    def first_shot(self) -> datetime:
        """When the first scene rolls: the shooting call, else the general call."""
        return self.shooting_call if self.shooting_call is not None else self.general_call

    @property
    def supper_end(self) -> datetime | None:
        return None if self.supper_start is None else self.supper_start + timedelta(minutes=self.supper_minutes)

    @property
    def lunch_end(self) -> datetime | None:
        return None if self.lunch_start is None else self.lunch_start + timedelta(minutes=self.lunch_minutes)

    def scene(self, number: str) -> Scene | None:
        return next((s for s in self.scenes if s.number == number), None)

    def planned_meals(self) -> list[tuple[str, datetime, int]]:
        """``(name, planned start, minutes)`` of every meal on the plan, in time order."""
        out = [
            (name, start, minutes)
            for name, start, minutes in (
                ("breakfast", self.breakfast_start, self.breakfast_minutes),
                ("lunch", self.lunch_start, self.lunch_minutes),
                ("supper", self.supper_start, self.supper_minutes),
                ("late", self.late_start, self.late_minutes),
            )
            if start is not None and minutes > 0
        ]
        return sorted(out, key=lambda m: m[1])

    def set_names(self) -> list[str]:
        """Sets in order of first use."""
        seen: dict[str, None] = {}
        for s in self.scenes:
            seen.setdefault(s.set_name, None)
        return list(seen)

    def label(self) -> str:
        return f"{self.date.isoformat()} (Day {self.day_number}/{self.total_days})"


def walk_minutes(walks: list[Walk] | tuple[Walk, ...], a: str, b: str) -> int:
    """Minutes to walk from set ``a`` to set ``b``; 0 for the same set; symmetric fallback."""
    if a == b:
        return 0
    reverse = None
    for w in walks:
        if w.from_set == a and w.to_set == b:
            return w.minutes
        if w.from_set == b and w.to_set == a:
            reverse = w.minutes
    return reverse if reverse is not None else 0


def walk_table(walks: list[Walk] | tuple[Walk, ...]) -> dict[tuple[str, str], int]:
    """Every walk by ``(from, to)``, both directions (a given direction wins over the reverse of
    another row), so that timing N scenes is N dictionary look-ups."""
    table: dict[tuple[str, str], int] = {}
    for w in walks:
        table.setdefault((w.to_set, w.from_set), w.minutes)
    for w in walks:
        table[(w.from_set, w.to_set)] = w.minutes
    return table


# --- editing ------------------------------------------------------------------------------------


def renumber(scenes: list[Scene] | tuple[Scene, ...]) -> tuple[Scene, ...]:
    return tuple(replace(s, position=i) for i, s in enumerate(scenes, start=1))


def validate_scene(scene: Scene) -> Scene:
    """Normalise and check one scene typed in Discord (the stripboard has its own per-cell checks)."""
    number = scene.number.strip()
    if not SCENE_NUMBER_RE.match(number):
        raise DomainError("plan.error.bad_scene_number", number=number)
    if not scene.set_name.strip() or len(scene.set_name) > MAX_SET_NAME:
        raise DomainError("plan.error.bad_set_name", max=MAX_SET_NAME)
    if not 1 <= scene.est_minutes <= MAX_EST_MINUTES:
        raise DomainError("plan.error.bad_est_minutes", max=MAX_EST_MINUTES)
    if scene.int_ext not in INT_EXT:
        raise DomainError("plan.error.bad_int_ext", value=scene.int_ext)
    if scene.day_night not in DAY_NIGHT:
        raise DomainError("plan.error.bad_day_night", value=scene.day_night)
    if len(scene.synopsis) > MAX_SYNOPSIS:
        raise DomainError("plan.error.bad_synopsis", max=MAX_SYNOPSIS)
    return replace(scene, number=number, set_name=scene.set_name.strip(), synopsis=scene.synopsis.strip())


def add_scene(day: ShootDay, scene: Scene, position: int | None = None) -> ShootDay:
    """Insert ``scene`` at 1-based ``position`` (default: last)."""
    scene = validate_scene(scene)
    if day.scene(scene.number) is not None:
        raise DomainError("plan.error.duplicate_scene", number=scene.number, date=day.date.isoformat())
    scenes = list(day.scenes)
    index = len(scenes) if position is None else max(0, min(position - 1, len(scenes)))
    scenes.insert(index, scene)
    return replace(day, scenes=renumber(scenes))


def cast_rows(day: ShootDay, scene: Scene) -> tuple[CastMember, ...]:
    """The day's cast table rows of the actors in ``scene`` (what a carried-over scene takes along;
    the day's own "on set by" time is not carried)."""
    keys = {actor_key(c.actor) for c in scene.cast}
    return tuple(replace(m, on_set=None) for m in day.cast if actor_key(m.actor) in keys)


def carry_in(day: ShootDay, scene: Scene, rows: tuple[CastMember, ...] = (), position: int | None = None) -> ShootDay:
    """``scene`` carried over (顺延) onto ``day`` at ``position`` (default: last), with the cast table
    rows ``rows`` of its actors that the day does not have yet."""
    edited = add_scene(day, scene, position)
    have = {actor_key(m.actor) for m in day.cast}
    extra = tuple(r for r in rows if actor_key(r.actor) not in have)
    return replace(edited, cast=day.cast + extra) if extra else edited


def move_scene(day: ShootDay, number: str, position: int) -> ShootDay:
    scene = day.scene(number)
    if scene is None:
        raise DomainError("plan.error.no_scene", number=number, date=day.date.isoformat())
    scenes = [s for s in day.scenes if s.number != number]
    index = max(0, min(position - 1, len(scenes)))
    scenes.insert(index, scene)
    return replace(day, scenes=renumber(scenes))


def drop_scene(day: ShootDay, number: str) -> ShootDay:
    if day.scene(number) is None:
        raise DomainError("plan.error.no_scene", number=number, date=day.date.isoformat())
    return replace(day, scenes=renumber([s for s in day.scenes if s.number != number]))


def parse_cast(text: str) -> list[tuple[str, str]]:
    """``"林晓=张伟; Lawyer Chen: James Carter"`` -> [(character, actor), ...].

    Entries are separated by ``;``, ``；``, ``、`` or new lines; character and actor by ``=``,
    ``:`` or ``：``, or written ``Character (Actor)`` / ``角色（演员）``. An entry without a
    separator is an actor playing themselves (a name with no character).
    Raises ``ValueError`` with the offending entry when one is malformed.
    """
    out: list[tuple[str, str]] = []
    for raw in re.split(r"[;；、\n]+", text or ""):
        entry = raw.strip()
        if not entry:
            continue
        if m := re.fullmatch(r"(.+?)\s*[（(]\s*(.+?)\s*[)）]", entry):
            character, actor = m.group(1), m.group(2)
        else:
            parts = re.split(r"\s*[=:：]\s*", entry, maxsplit=1)
            character, actor = (parts[0], parts[1]) if len(parts) == 2 else (entry, entry)
        character, actor = " ".join(character.split()), " ".join(actor.split())
        if not character or not actor:
            raise ValueError(entry)
        out.append((character, actor))
    return out


def format_cast(cast: tuple[CastRole, ...] | list[CastRole]) -> str:
    return "; ".join(c.actor if c.character == c.actor else f"{c.character}={c.actor}" for c in cast)
