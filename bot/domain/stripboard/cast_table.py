"""The cast table (演员表), the contacts table and the scenes' cast and extras cells.

A cast table in the new format (with a ``character``, ``status`` or ``number`` column) is the list
of everyone who acts: a scene row may then name its cast by cast number (``1、5``), by character
(``苏晚; 医生``), by actor, or as ``character=actor``; a name the table does not have is an error.
An old cast table (``actor, makeup_minutes, pickup_minutes``) only adds prep times to the actors
the scene rows name, as it always did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.castlist import (
    MAX_CAST_NUMBER,
    MAX_PHONE,
    CastMember,
    Contact,
    actor_key,
    parse_role,
    parse_status,
    valid_phone,
)
from bot.domain.crew import CrewMember
from bot.domain.plan import CastRole
from bot.domain.stripboard.actors import match_actor, name_keys
from bot.domain.stripboard.problems import Problem
from bot.domain.stripboard.tables import RawTable
from bot.domain.stripboard.values import _Cells

MAX_CHARACTER = 80
MAX_PLACE = 120
_CHECK_DAY = date(2026, 1, 5)  # any day: an on-set cell is checked once for its form, then placed on each day


@dataclass
class CastTable:
    """The cast table as read: its rows (with the sheet row each came from) and look-ups."""

    new_format: bool = False
    rows: list[tuple[int, CastMember, str]] = field(default_factory=list)  # (row, member, on-set text)
    sheet: str = "cast"
    by_number: dict[str, CastMember] = field(default_factory=dict)
    by_character: dict[str, CastMember] = field(default_factory=dict)
    by_actor: dict[str, list[CastMember]] = field(default_factory=dict)

    def prep(self, actor: str) -> CastMember | None:
        rows = self.by_actor.get(actor_key(actor))
        return rows[0] if rows else None


def _user_for(actor: str, crew: list[CrewMember], links: Mapping[str, int]) -> int | None:
    linked = links.get(actor_key(actor))
    if linked is not None:
        return linked
    return match_actor(actor, crew)


def read_cast_table(table: RawTable | None, problems: list[Problem], crew: list[CrewMember], links: Mapping[str, int],
                    tz: ZoneInfo) -> CastTable:
    out = CastTable()
    if table is None:
        return out
    out.sheet = table.sheet
    present = {col.name for col in table.columns.values()}
    out.new_format = bool(present & {"character", "status", "number"})
    for number, values in table.rows:
        c = _Cells(table, number, values, problems)
        actor = c.text("actor", required=True)
        character = c.text("character", max_len=MAX_CHARACTER)
        cast_no = c.text("number", max_len=MAX_CAST_NUMBER)
        status = parse_status(values.get("status", ""))
        if status is None:
            c.problem("status", "stripboard.problem.bad_status", value=values.get("status", "").strip())
            status = ""
        phone = c.text("phone", max_len=MAX_PHONE + 8)
        if phone and not valid_phone(phone):
            c.problem("phone", "stripboard.problem.bad_phone", value=phone)
        place = c.text("pickup_place", max_len=MAX_PLACE)
        pickup = c.integer("pickup_minutes", lo=0, hi=240)
        makeup = c.integer("makeup_minutes", lo=0, hi=360)
        on_set_text = values.get("on_set", "").strip()
        if on_set_text:
            c.when("on_set", _CHECK_DAY, tz, time(4))  # the form only; the day places it
        alt = c.text("alt_character", max_len=MAX_CHARACTER)
        if out.new_format and not character:
            character = actor  # an actor listed without a character plays themselves
        key = actor_key(actor)
        if cast_no and cast_no in out.by_number:
            c.problem("number", "stripboard.problem.duplicate_cast_number", number=cast_no)
        if character and actor_key(character) in out.by_character:
            c.problem("character", "stripboard.problem.duplicate_character", name=character)
        if not out.new_format and key in out.by_actor:
            c.problem("actor", "stripboard.problem.duplicate_actor", name=actor)
        if not actor:  # a row with bad cells is still known, so scene rows naming it do not pile up errors
            continue
        member = CastMember(actor=actor, character=character, number=cast_no, status=status, phone=phone, pickup_place=place,
                            pickup_minutes=pickup, makeup_minutes=makeup, alt_character=alt, user_id=_user_for(actor, crew, links))
        out.rows.append((number, member, on_set_text))
        if cast_no:
            out.by_number.setdefault(cast_no, member)
        if character:
            out.by_character.setdefault(actor_key(character), member)
        out.by_actor.setdefault(key, []).append(member)
    return out


def _same_person(a: str, b: str) -> bool:
    return actor_key(a) == actor_key(b) or bool(name_keys(a) & name_keys(b))


def resolve_scene_cast(pairs: list[tuple[str, str]], table: CastTable, crew: list[CrewMember], links: Mapping[str, int],
                       c: _Cells) -> tuple[CastRole, ...]:
    """The scene cell's (character, actor) pairs -> CastRoles, checked against the cast table."""
    roles: list[CastRole] = []
    for character, actor in pairs:
        if table.new_format:
            bare = character == actor
            row = None
            if bare:
                row = table.by_number.get(character) or table.by_character.get(actor_key(character))
                if row is None and (by_actor := table.by_actor.get(actor_key(actor))):
                    row = by_actor[0]
            else:
                row = table.by_character.get(actor_key(character))
            if row is None:
                c.problem("cast", "stripboard.problem.not_in_cast_table", name=character, sheet=table.sheet)
                continue
            if not bare and not _same_person(row.actor, actor):
                c.problem("cast", "stripboard.problem.cast_mismatch", character=character, actor=actor, listed=row.actor)
                continue
            roles.append(CastRole(row.character or row.actor, row.actor, row.user_id, row.makeup_minutes, row.pickup_minutes))
        else:
            prep = table.prep(actor)
            user = _user_for(actor, crew, links)
            roles.append(CastRole(character, actor, user, prep.makeup_minutes if prep else None, prep.pickup_minutes if prep else None))
    return tuple(roles)


def day_cast(table: CastTable, cast_in_scenes: list[CastRole], day: date, tz: ZoneInfo, anchor: time,
             problems: list[Problem], raw: RawTable | None) -> tuple[CastMember, ...]:
    """The cast table rows of the actors in one day's scenes, their on-set time placed on that day
    (in cast-table order; an old table's rows only for the actors it lists)."""
    wanted = {actor_key(r.actor) for r in cast_in_scenes}
    out = []
    for number, member, on_set_text in table.rows:
        if actor_key(member.actor) not in wanted:
            continue
        at: datetime | None = None
        if on_set_text and raw is not None:
            c = _Cells(raw, number, {"on_set": on_set_text}, problems)
            at = c.when("on_set", day, tz, anchor)
        out.append(replace(member, on_set=at))
    seen: set[str] = set()
    unique = []
    for m in out:  # one row per character (an actor with two characters keeps both rows)
        k = actor_key(m.character or m.actor)
        if k not in seen:
            seen.add(k)
            unique.append(m)
    return tuple(unique)


def read_contacts(table: RawTable | None, problems: list[Problem]) -> tuple[Contact, ...] | None:
    """The contacts table, or None when the file has none (the production keeps the ones it has)."""
    if table is None:
        return None
    out = []
    for number, values in table.rows:
        c = _Cells(table, number, values, problems)
        role = parse_role(values.get("role", ""))
        if not values.get("role", "").strip():
            c.problem("role", "stripboard.problem.required", column="role")
        elif role is None:
            c.problem("role", "stripboard.problem.bad_role", value=values.get("role", "").strip())
        name = c.text("name", required=True, max_len=80)
        phone = c.text("phone", max_len=MAX_PHONE + 8)
        if phone and not valid_phone(phone):
            c.problem("phone", "stripboard.problem.bad_phone", value=phone)
        if c.ok and role and name:
            out.append(Contact(role, name, phone))
    return tuple(out)
