"""The rules of a standby call: who is called and how each is reached, who may answer, what an
answer changes, the escalation ladder, and finding the person or set an AD typed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from bot.domain.standby.model import (
    ANSWERS,
    CALLER,
    CANCELLED,
    DM,
    FALLBACK,
    DUTY,
    FOLLOWER,
    NO_DISCORD,
    OFF_CALL,
    OFF_DUTY,
    PERSON,
    ACTOR,
    STEPS,
    SUBJECT,
    Answer,
    Called,
    Member,
    Roster,
    Standby,
)

#: A person is on call from this long before their own call ...
ON_CALL_LEAD = timedelta(minutes=30)
#: ... until this long after the day wrapped.
RELEASE = timedelta(minutes=30)


# --------------------------------------------------------------------------- who is called


def on_call(user_id: int, roster: Roster, now: datetime) -> bool:
    """May be DMed now. With no shoot day on (``roster.calls`` None) nothing says otherwise; on a
    shoot day only people called that day, from shortly before their call until shortly after the
    wrap (people off call are never DMed outside their call)."""
    if roster.calls is None:
        return True
    call = roster.calls.get(user_id)
    if call is None:
        return False
    if roster.wrapped_at is not None and now > roster.wrapped_at + RELEASE:
        return False
    return now >= call - ON_CALL_LEAD


def _reach(m: Member, roster: Roster, now: datetime, caller: int | None, *, duty: bool) -> str:
    if m.user_id == caller:
        return CALLER
    if duty and m.user_id in roster.off_duty:
        return OFF_DUTY
    return DM if on_call(m.user_id, roster, now) else OFF_CALL


def department_called(department: str, roster: Roster, now: datetime, caller: int | None) -> tuple[Called, ...]:
    """Everyone on the department, heads first: on-duty people on call are DMed, the rest are
    listed with the reason they are not."""
    members = sorted((m for m in roster.members if m.department == department), key=lambda m: (not m.is_head, m.display_name.casefold(), m.user_id))
    return tuple(Called(m.user_id, m.display_name, m.department, m.language, DUTY, _reach(m, roster, now, caller, duty=True)) for m in members)


@dataclass(frozen=True, slots=True)
class Person:
    """The person an AD called by name: a crew member, or an actor from the plan (``user_id`` None
    when they are not on Discord)."""

    name: str  # what the board shows
    user_id: int | None = None
    department: str = "cast"
    language: str = ""
    actor: str = ""  # the actor's name on the stripboard
    characters: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """How a 跟妆 pairing finds this person (by Discord id, by the actor's name)."""
        out = []
        if self.user_id is not None:
            out.append(f"u:{self.user_id}")
        if self.actor:
            out.append(f"n:{actor_key(self.actor)}")
        return tuple(out)


def actor_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def follower_of(person: Person, roster: Roster) -> int | None:
    return next((roster.followers[k] for k in person.keys if k in roster.followers), None)


def person_called(person: Person, roster: Roster, now: datetime, caller: int | None) -> tuple[Called, ...]:
    """The person and, for an actor, their 跟妆 (on-set makeup artist). Duty does not apply (they
    are named); being off call does."""
    by_id = {m.user_id: m for m in roster.members}
    out: list[Called] = []
    if person.user_id is None:
        out.append(Called(None, person.name, person.department, person.language, SUBJECT, NO_DISCORD))
    else:
        m = by_id.get(person.user_id) or Member(person.user_id, person.name, person.department, person.language)
        out.append(Called(m.user_id, person.name, m.department, m.language, SUBJECT, _reach(m, roster, now, caller, duty=False)))
    follower = follower_of(person, roster)
    if follower is not None and follower != person.user_id and (f := by_id.get(follower)) is not None:
        out.append(Called(f.user_id, f.display_name, f.department, f.language, FOLLOWER, _reach(f, roster, now, caller, duty=False)))
    return tuple(out)


def to_dm(called: Iterable[Called]) -> tuple[Called, ...]:
    return tuple(c for c in called if c.reach == DM and c.user_id is not None)


# --------------------------------------------------------------------------- answering


def head_departments(sb: Standby) -> frozenset[str]:
    """The departments whose heads the ladder's second step DMs: those of the people called and the
    department called; for an actor, makeup (whose 跟妆 go with them)."""
    departments = {c.department for c in sb.called} | {sb.department}
    if sb.kind in (PERSON, ACTOR) and "cast" in {c.department for c in sb.called}:
        departments.add("makeup")
    departments.discard("cast")
    return frozenset(departments)


def may_answer(sb: Standby, user_id: int, department: str | None, heads: Iterable[str]) -> bool:
    """Whoever was called; for a department, anyone on it and its head; for one person, the person,
    their 跟妆 and the heads of their departments (for an actor, the makeup head: the ladder asks
    them). Nobody else (an outsider cannot answer for it)."""
    if user_id in sb.called_users():
        return True
    heads = set(heads)
    if sb.kind in (PERSON, ACTOR):
        return bool(heads & ({c.department for c in sb.called} | head_departments(sb)))
    return department == sb.department or sb.department in heads


def record(sb: Standby, user_id: int, name: str, department: str, answer: str, now: datetime) -> Answer | None:
    """The answer to store, or None when it is this person's answer already (a second press)."""
    if answer not in ANSWERS:
        raise ValueError(answer)
    latest = sb.latest().get(user_id)
    if latest is not None and latest.answer == answer:
        return None
    seconds = max(0, int((now - sb.called_at).total_seconds()))
    return Answer(user_id, name, department, answer, now, seconds)


def with_answer(sb: Standby, answer: Answer) -> Standby:
    from bot.domain.standby.model import ANSWERED, OPEN

    return replace(sb, answers=sb.answers + (answer,), state=ANSWERED if sb.state == OPEN else sb.state)


# --------------------------------------------------------------------------- an automatic call whose scene moved


def retimed(sb: Standby, at: datetime, now: datetime, threshold: timedelta) -> bool:
    """An automatic standby already called, whose scene now rolls at ``at``: is it told again? When
    the time moved by at least ``threshold`` (the call-change re-notify threshold) from the time
    people were last told, while the scene has not rolled yet; never once cancelled."""
    if not sb.automatic or sb.state == CANCELLED or sb.due is None or at <= now:
        return False
    return abs(at - sb.due) >= threshold


def told_again(sb: Standby) -> tuple[Called, ...]:
    """Who hears that the time moved: the people the call reached personally (by DM, or by a channel
    mention when their DM did not get through). Roles are not pinged again and nobody else is
    added; the ladder keeps its own times."""
    return tuple(c for c in sb.called if c.user_id is not None and c.reach in (DM, FALLBACK))


# --------------------------------------------------------------------------- escalation


def ladder(called_at: datetime, steps: Sequence[str], minutes: int) -> list[tuple[str, datetime]]:
    """Each escalation step and when it is due if nobody has answered by then."""
    for s in steps:
        if s not in STEPS:
            raise ValueError(s)
    return [(s, called_at + timedelta(minutes=minutes * (i + 1))) for i, s in enumerate(steps)]


# --------------------------------------------------------------------------- finding names


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _tokens(text: str) -> set[str]:
    parts = {_norm(p) for p in re.split(r"[\s/()（）·,，、=]+", text) if p.strip()}
    return {p for p in parts if p} | {_norm(text)}


def score(query: str, name: str) -> float:
    q, n = _norm(query), _norm(name)
    if not q or not n:
        return 0.0
    if q == n or q in _tokens(name):
        return 1.0
    if q in n or n in q:
        return 0.9
    fuzzy = max(SequenceMatcher(None, q, n).ratio(), max((SequenceMatcher(None, q, t).ratio() for t in _tokens(name)), default=0.0))
    return min(fuzzy, 0.85)  # a near miss is never taken for the name: it is offered as the nearest


def nearest(query: str, names: Iterable[str], n: int = 5, cutoff: float = 0.3) -> list[str]:
    """Up to ``n`` names closest to ``query`` (best first; the first few names when none is close)."""
    unique = list(dict.fromkeys(x for x in names if x))
    ranked = sorted(((score(query, x), i, x) for i, x in enumerate(unique)), key=lambda t: (-t[0], t[1]))
    close = [x for s, _, x in ranked if s >= cutoff]
    return (close or [x for _, _, x in ranked])[:n]


@dataclass(frozen=True, slots=True)
class CastEntry:
    """A character and the actor playing it on the active day's plan."""

    character: str
    actor: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """What a typed name found: one person, several (ambiguous), or none and the nearest names."""

    person: Person | None = None
    options: tuple[str, ...] = ()  # ambiguous: the candidates; not found: the nearest names
    ambiguous: bool = False


def _person_of_member(m: Member, cast: Sequence[CastEntry]) -> Person:
    roles = [c for c in cast if c.user_id == m.user_id]
    characters = tuple(dict.fromkeys(c.character for c in roles if c.character != c.actor))
    actor = roles[0].actor if roles else ""
    name = f"{' / '.join(characters)} ({m.display_name})" if characters else m.display_name
    return Person(name, m.user_id, m.department, m.language, actor, characters)


def find_person(text: str, members: Sequence[Member], cast: Sequence[CastEntry]) -> Found:
    """A crew member (``u:<id>`` from autocomplete, a display name or part of it), or an actor by
    character or actor name from the plan ("苏晚" finds 林晓 Lin Xiao, who plays her)."""
    query = text.strip()
    if m := re.fullmatch(r"u:(\d{1,20})", query):
        uid = int(m.group(1))
        member = next((x for x in members if x.user_id == uid), None)
        return Found(_person_of_member(member, cast)) if member else Found(options=())
    if m := re.fullmatch(r"a:(.{1,90})", query):
        query = m.group(1)
    by_id = {x.user_id: x for x in members}
    candidates: dict[str, Person] = {}  # key -> person (one per human)
    labels: list[str] = []

    def add(key: str, person: Person, names: Iterable[str]) -> None:
        s = max((score(query, n) for n in names), default=0.0)
        labels.extend(names)
        if s >= 0.9:
            best = candidates.get(key)
            if best is None:
                candidates[key] = person
            exact[key] = max(exact.get(key, 0.0), s)

    exact: dict[str, float] = {}
    for c in cast:
        member = by_id.get(c.user_id) if c.user_id is not None else None
        if member is not None:
            person = _person_of_member(member, cast)
            add(f"u:{member.user_id}", person, (c.character, c.actor, member.display_name))
        else:
            others = [x.character for x in cast if actor_key(x.actor) == actor_key(c.actor) and x.character != x.actor]
            name = f"{' / '.join(dict.fromkeys(others))} ({c.actor})" if others else c.actor
            add(f"n:{actor_key(c.actor)}", Person(name, None, "cast", "", c.actor, tuple(dict.fromkeys(others))), (c.character, c.actor))
    for member in members:
        add(f"u:{member.user_id}", _person_of_member(member, cast), (member.display_name,))
    if not candidates:
        return Found(options=tuple(nearest(query, labels)))
    top = max(exact.values())
    best = [k for k, v in exact.items() if v == top]
    if len(best) == 1:
        return Found(candidates[best[0]])
    return Found(options=tuple(sorted(candidates[k].name for k in best))[:10], ambiguous=True)


@dataclass(frozen=True, slots=True)
class NameFound:
    name: str | None = None
    options: tuple[str, ...] = ()  # ambiguous: the candidates; not found: the nearest names
    ambiguous: bool = False


def find_name(text: str, names: Sequence[str]) -> NameFound:
    """A set (or any name) typed in full or in part. A part that fits several is ambiguous."""
    query = text.strip()
    scored = [(score(query, n), n) for n in names]
    exact = [n for s, n in scored if s >= 1.0]
    if len(exact) == 1:
        return NameFound(exact[0])
    part = [n for s, n in scored if s >= 0.9]
    if len(part) == 1:
        return NameFound(part[0])
    if part:
        return NameFound(None, tuple(part[:10]), ambiguous=True)
    return NameFound(None, tuple(nearest(query, names)))


# --------------------------------------------------------------------------- where


_FLOOR = re.compile(r"(?:\bB?\d{1,3}\s?F\b|\d{1,3}\s?[楼层]|[一二三四五六七八九十]+[楼层]|\bfloor\s?\d+|\d{1,2}(?:st|nd|rd|th)\s+floor)", re.I)


def floor_of(notes: str) -> str:
    """The floor / room part of a set's notes ("3F 病房 301; 医疗道具已就位" -> "3F 病房 301")."""
    first = re.split(r"[;；\n]", notes or "", maxsplit=1)[0].strip()
    return first[:40] if first and _FLOOR.search(first) else ""


def place_of(building: str, notes: str) -> str:
    """"5号楼 Building 5 · 3F 病房 301": building, floor and room (empty parts left out)."""
    parts = [p for p in (building.strip(), floor_of(notes)) if p and p.strip("—-–/ ")]
    return " · ".join(parts)
