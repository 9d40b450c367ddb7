"""Who is on the sheet besides the crew: the cast table (演员表), extras (群演) per scene, and the
production's contacts (导演, 制片, 统筹, 群头...).

Plain data and the rules for reading the cells a 统筹 types: a cast status in English or Chinese
(主演 / 配角 / 特约 / 群演), a phone number, an extras cell such as ``40 法庭旁听; 6 路人``. Most
day players, extras and drivers never join Discord: a :class:`CastMember` without a ``user_id`` is
still on the sheet, and the AD phones them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

#: Cast statuses, in the order a sheet lists them.
CAST_STATUSES = ("lead", "supporting", "day_player", "extra")
STATUS_WORDS = {
    "lead": "lead", "main": "lead", "star": "lead", "主演": "lead", "主角": "lead", "男主": "lead", "女主": "lead",
    "supporting": "supporting", "support": "supporting", "配角": "supporting", "配演": "supporting",
    "day_player": "day_player", "dayplayer": "day_player", "day player": "day_player", "featured": "day_player",
    "特约": "day_player", "特约演员": "day_player", "特邀": "day_player",
    "extra": "extra", "extras": "extra", "background": "extra", "bg": "extra", "群演": "extra", "群众演员": "extra",
    "群众": "extra",
}
#: Roles a contact may have on the sheet's header (and the catalog key suffix naming them).
CONTACT_ROLES = ("director", "producer", "coordinator", "production_manager", "extras_coordinator", "transport", "unit")
CONTACT_WORDS = {
    "director": "director", "导演": "director", "执行导演": "director",
    "producer": "producer", "制片": "producer", "制片人": "producer", "出品人": "producer",
    "coordinator": "coordinator", "统筹": "coordinator", "scheduler": "coordinator", "production coordinator": "coordinator",
    "production_manager": "production_manager", "production manager": "production_manager", "制片主任": "production_manager",
    "pm": "production_manager",
    "extras_coordinator": "extras_coordinator", "extras coordinator": "extras_coordinator", "群头": "extras_coordinator",
    "群演负责人": "extras_coordinator",
    "transport": "transport", "车辆制片": "transport", "transport coordinator": "transport", "车管": "transport",
    "unit": "unit", "生活制片": "unit", "unit manager": "unit",
}
MAX_EXTRAS = 2000  # one group of extras
MAX_CAST_NUMBER = 8
MAX_PHONE = 32


@dataclass(frozen=True, slots=True)
class CastMember:
    """One row of the cast table: a character and the actor who plays it.

    ``on_set`` is an "on set by" time the AD wrote for this day (None: from their first scene);
    ``user_id`` is the actor's Discord id when they are crew (linked by name at import or with
    ``/crew link``), None for the many who never join.
    """

    actor: str
    character: str = ""
    number: str = ""  # cast number on the sheet: "1", "12"
    status: str = ""  # one of CAST_STATUSES; "" when the file did not say (an old cast table)
    phone: str = ""
    pickup_place: str = ""
    pickup_minutes: int | None = None
    makeup_minutes: int | None = None
    on_set: datetime | None = None
    alt_character: str = ""  # the character's name in the second language
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Extras:
    """A group of extras in one scene: ``40 法庭旁听``."""

    count: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone named on the sheet's header: role (one of :data:`CONTACT_ROLES`), name, phone."""

    role: str
    name: str
    phone: str = ""


def actor_key(name: str) -> str:
    """How two spellings of the same person compare: case and spaces ignored."""
    return "".join(name.split()).casefold()


_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")


def name_keys(name: str) -> set[str]:
    """Ways a person may be written: the whole name, or only its CJK or only its Latin part
    ("林晓 Lin Xiao" -> {"林晓linxiao", "林晓", "linxiao"}), case- and space-insensitive."""
    full = "".join(name.split()).casefold()
    cjk = "".join(ch for ch in full if _CJK.match(ch))
    latin = "".join(ch for ch in full if not _CJK.match(ch))
    return {k for k in (full, cjk, latin) if len(k) >= 2 or (k and k == full)}


def parse_status(text: str) -> str | None:
    """``主演`` / ``Lead`` / ``特约`` ... -> a :data:`CAST_STATUSES` value; "" for an empty cell; None
    when it is none of them."""
    raw = " ".join(text.replace("_", " ").split()).casefold()
    if not raw:
        return ""
    return STATUS_WORDS.get(raw) or STATUS_WORDS.get(raw.replace(" ", ""))


def parse_role(text: str) -> str | None:
    raw = " ".join(text.replace("_", " ").split()).casefold()
    return CONTACT_WORDS.get(raw) or CONTACT_WORDS.get(raw.replace(" ", "_"))


_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-./]+(?:\s*(?:ext\.?|x|转|分机)\s*[0-9]{1,6})?$", re.I)


def valid_phone(text: str) -> bool:
    """A phone number as people write them: ``138 0000 0001``, ``+86 138-0000-0001``,
    ``0579-8658 0120``, ``(0579) 86580120 转 8``: 5 to 20 digits, nothing but digits, spaces,
    ``+ ( ) - . /`` and an extension."""
    value = text.strip()
    if not value or len(value) > MAX_PHONE or not _PHONE_CHARS.match(value):
        return False
    digits = sum(ch.isdigit() for ch in value)
    return 5 <= digits <= 24


_EXTRAS_SPLIT = re.compile(r"[;；\n]+|、(?=\s*\d)|,(?=\s*\d)|，(?=\s*\d)")
_COUNT_FIRST = re.compile(r"^(\d{1,6})\s*(?:人|名|个|位|x|×)?\s*(.*)$", re.I)
_COUNT_LAST = re.compile(r"^(.*?)\s*[x×]?\s*(\d{1,6})\s*(?:人|名|个|位)?$", re.I)


def parse_extras(text: str) -> list[Extras]:
    """``"40 法庭旁听; 6 路人"`` / ``"法庭旁听 40人"`` / ``"40"`` -> groups. Raises ``ValueError`` with
    the entry that has no count (or a count out of range)."""
    out: list[Extras] = []
    for raw in _EXTRAS_SPLIT.split(text or ""):
        entry = " ".join(raw.split())
        if not entry:
            continue
        m = _COUNT_FIRST.match(entry)
        if m and m.group(1):
            count, description = int(m.group(1)), m.group(2).strip(" :：-—")
        elif (m := _COUNT_LAST.match(entry)) and m.group(2):
            count, description = int(m.group(2)), m.group(1).strip(" :：-—")
        else:
            raise ValueError(entry)
        if not 1 <= count <= MAX_EXTRAS:
            raise ValueError(entry)
        out.append(Extras(count, description))
    return out


def format_extras(groups: tuple[Extras, ...] | list[Extras]) -> str:
    return "; ".join(f"{g.count} {g.description}".strip() for g in groups)


def resolve_actor(text: str, actors: Iterable[tuple[str, str, str]]) -> str | None:
    """What an AD typed to name an actor (``/crew link``) -> that actor's name, from the plan's
    (actor, character, cast number) rows: the actor's name in any spelling, else a cast number
    (``9`` or ``#9``), else a character, else the start of exactly one actor's name or of its Chinese or Latin half (what
    Discord's 100-character option leaves of a longer one). None when it names nobody or several."""
    rows = list(actors)
    typed = actor_key(text)
    if not typed:
        return None
    for match in (
        lambda a, c, n: actor_key(a) == typed,
        lambda a, c, n: bool(n) and actor_key(n) == typed.removeprefix("#"),
        lambda a, c, n: bool(c) and actor_key(c) == typed,
        lambda a, c, n: any(k.startswith(typed) for k in name_keys(a)),
    ):
        found = {actor_key(a): a for a, c, n in rows if match(a, c, n)}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            return None
    return None


def option_value(actor: str, number: str, limit: int = 100) -> str:
    """The value an autocomplete choice sends for an actor: the name, or for a name longer than
    Discord's ``limit`` the cast number (``#9``), else the name's start (:func:`resolve_actor`
    reads all three)."""
    if len(actor) <= limit:
        return actor
    return f"#{number}" if number else actor[:limit]
