"""Actors' looks through the day: each actor's costume (the wardrobe need) and look (the makeup need)
scene by scene, and where they change. ONE reading, used by the timeline (a change between two
back-to-back scenes holds the second: :func:`hold_minutes`) and by the automatic change standby
(``bot.domain.standby.auto``), so the time the call says and the time the day counts agree.

* A need names actors by character or actor name ("苏晚：米色大衣; 陆霆：黑色长大衣"); a segment naming
  nobody belongs to the scene's only actor, or to everyone when it says so ("睡衣 pyjamas (both)").
* An actor's costume or look **changes** at a scene when the need gives one for them that differs
  from the last one they had today, or says it is a change (换装, 换妆, change...). Their first
  scene today is no change (they come from makeup already in it).
* A change is **back to back** when the actor was in the scene just before: they change between the
  two, so the second cannot roll before the change is done. An actor who was not in the scene just
  before changes during it and costs nothing.
* The change time is per department (``[calls.change_minutes]``, default :data:`CHANGE_MINUTES`);
  a scene waits for the longest change of its actors, not the sum (they change side by side, and
  one actor's costume and makeup are done by two people at once).

Reading a day is linear in its scenes (each need is parsed once and remembered).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.plan import CastRole, Scene

WARDROBE, MAKEUP = "wardrobe", "makeup"
#: The departments a change is made by, and how long one takes unless the settings say otherwise.
CHANGE_MINUTES: Mapping[str, int] = {WARDROBE: 10, MAKEUP: 15}

#: Words that say a need is a change of costume or look.
CHANGE_WORDS = re.compile(r"换装|换妆|换造型|换衣服?|改妆|\bchanges?\b|\bchanging\b|\bchange into\b", re.I)
_SEGMENTS = re.compile(r"[;；\n]+")
_WHO = re.compile(r"^\s*(?P<who>[^：:;；]{1,24}?)\s*(?P<marker>换装|换妆|换造型|换衣服?|改妆)?\s*[：:]\s*(?P<look>.+)$")
_ALL = re.compile(r"\(both\)|（两人）|\ball\b|全体|两人", re.I)


@dataclass(frozen=True, slots=True)
class Change:
    """One actor changing at a scene: their new costume and/or look, as the need writes them."""

    role: CastRole
    wardrobe: str = ""  # the new costume ("" : the costume does not change)
    makeup: str = ""  # the new look ("" : the look does not change)
    back_to_back: bool = False  # they were in the scene just before: the change holds this scene

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(d for d, text in ((WARDROBE, self.wardrobe), (MAKEUP, self.makeup)) if text)

    def minutes(self, table: Mapping[str, int]) -> int:
        """How long this change takes: the longest of its departments'."""
        return max((table.get(d, CHANGE_MINUTES.get(d, 0)) for d in self.departments), default=0)


def norm(text: str) -> str:
    """A look compared as a look: without the word "change", spaces and punctuation, any case."""
    text = CHANGE_WORDS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s:：,，.。;；+＋/()（）\-]+", "", text).casefold()


def short(character: str) -> str:
    """"苏晚 Su Wan" -> "苏晚" (the first word people write in a need)."""
    return character.split()[0] if character.split() else character


def _matches(who: str, role: CastRole) -> bool:
    w = norm(who)
    return bool(w) and any(w == norm(x) or w == norm(short(x)) for x in (role.character, role.actor) if x)


def looks(text: str, cast: Sequence[CastRole]) -> dict[str, tuple[str, bool]]:
    """Each actor's part of a need ("苏晚：米色大衣; 陆霆：黑色长大衣"): actor name -> (the look, said to
    be a change). A segment naming nobody belongs to the scene's only actor, or to everyone when it
    says so ("睡衣 pyjamas (both)")."""
    return dict(_looks(text or "", tuple(cast)))


@lru_cache(maxsize=8192)
def _looks(text: str, cast: tuple[CastRole, ...]) -> tuple[tuple[str, tuple[str, bool]], ...]:
    out: dict[str, tuple[str, bool]] = {}
    for segment in (s.strip() for s in _SEGMENTS.split(text) if s.strip()):
        m = _WHO.match(segment)
        roles = [r for r in cast if m and _matches(m.group("who"), r)]
        if m and roles:
            look, marked = m.group("look").strip(), bool(m.group("marker")) or bool(CHANGE_WORDS.search(segment))
        else:
            prefix = [r for r in cast if segment.startswith(short(r.character)) and len(short(r.character)) > 1]
            if prefix:
                roles, look = prefix[:1], segment[len(short(prefix[0].character)):].strip(" ：:")
            elif len(cast) == 1 or _ALL.search(segment):
                roles, look = list(cast), segment
            else:
                continue
            marked = bool(CHANGE_WORDS.search(segment))
        for r in roles:
            before = out.get(r.actor)
            out[r.actor] = ((before[0] + "; " + look) if before else look, marked or (before[1] if before else False))
    return tuple(out.items())


def actors(cast: Iterable[CastRole]) -> list[CastRole]:
    """One entry per actor (an actor playing two characters in a scene is called once)."""
    out: dict[str, CastRole] = {}
    for r in cast:
        out.setdefault(r.actor, r)
    return list(out.values())


def changes(scenes: Sequence[Scene]) -> list[tuple[Change, ...]]:
    """For each scene of ``scenes`` (the day in the order it is shot), the actors whose costume or
    look changes there, in cast order. Linear in the scenes."""
    out: list[tuple[Change, ...]] = []
    last: dict[str, dict[str, str]] = {WARDROBE: {}, MAKEUP: {}}  # department -> actor -> their last look (normalized)
    seen: set[str] = set()
    before: set[str] = set()
    for scene in scenes:
        needs = {d: looks(scene.needs.get(d, ""), scene.cast) for d in (WARDROBE, MAKEUP)}
        here: list[Change] = []
        for role in actors(scene.cast):
            new: dict[str, str] = {}
            for d in (WARDROBE, MAKEUP):
                look, marked = needs[d].get(role.actor, ("", False))
                if look and (marked or (role.actor in last[d] and norm(look) != last[d][role.actor])):
                    new[d] = look
                if look:
                    last[d][role.actor] = norm(look)
            if new and role.actor in seen:
                here.append(Change(role, new.get(WARDROBE, ""), new.get(MAKEUP, ""), role.actor in before))
            seen.add(role.actor)
        out.append(tuple(here))
        before = {r.actor for r in scene.cast}
    return out


def hold_minutes(found: Iterable[Change], table: Mapping[str, int] = CHANGE_MINUTES) -> int:
    """How long a scene waits after the one before for its actors' changes: the longest change of
    the actors who were in that scene (the others changed during it), never the sum."""
    return max((c.minutes(table) for c in found if c.back_to_back), default=0)


__all__ = ["CHANGE_MINUTES", "CHANGE_WORDS", "MAKEUP", "WARDROBE", "Change", "actors", "changes", "hold_minutes", "looks", "norm", "short"]
