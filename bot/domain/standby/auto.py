"""The automatic standbys the plan asks for (pure), fired only when something changes:

* **a look changes** (``CHANGE``): an actor's costume (wardrobe need) or look (makeup need) in a
  scene differs from their previous scene today, or the need says it is a change (换装, 换妆,
  change...). Called one scene ahead (when the scene before it begins rolling, or earlier when that
  scene is shorter than the change takes): the wardrobe (or makeup) department, the actors and their
  跟妆 - "2-6 苏晚换装 米色大衣，08:35 前到 5号楼 3F 候场";
* **actors' next scene** (``ACTOR``): the actors who are not in the scene just before (their first
  scene today, or coming back) are called with their 跟妆 ``lead`` minutes before the scene rolls,
  with the building, floor and room (one call per scene);
* **a company move is coming** (``PRELIGHT``): lighting is called one scene ahead to pre-light the
  next set, with its lighting need (generator, moonlight), keeping a few people on the current set.

Each comes with a stable key (the same event keeps its key as the day slips), the time it is due,
and when it stops being worth sending (the scene rolls). The live day turns them into cues, so they
are re-timed with the day and vanish when their scene is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain.plan import CastRole, Scene
from bot.domain.standby.model import ACTOR, CHANGE, PRELIGHT

#: Words that say a need is a change of costume or look.
CHANGE_WORDS = re.compile(r"换装|换妆|换造型|换衣服?|改妆|\bchanges?\b|\bchanging\b|\bchange into\b", re.I)
_SEGMENTS = re.compile(r"[;；\n]+")
_WHO = re.compile(r"^\s*(?P<who>[^：:;；]{1,24}?)\s*(?P<marker>换装|换妆|换造型|换衣服?|改妆)?\s*[：:]\s*(?P<look>.+)$")
_ALL = re.compile(r"\(both\)|（两人）|\ball\b|全体|两人", re.I)


class SlotLike(Protocol):
    """A scene on the projected timeline (``bot.domain.progress.Slot`` fits)."""

    scene: Scene
    status: str  # "done" | "current" | "pending"
    start: datetime  # cameras roll

    @property
    def number(self) -> str: ...

    @property
    def set_name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Planned:
    """An automatic standby the plan asks for."""

    key: str  # stable across re-timing: "change:2-6", "actor:2-7", "prelight:2-9"
    kind: str  # CHANGE | ACTOR | PRELIGHT
    due: datetime  # when it is called
    at: datetime  # be there by (the scene rolls)
    scene: str
    set_name: str
    department: str  # wardrobe / makeup (a change), cast (actors), lighting (pre-light)
    what: str = ""  # the looks ("苏晚换装 米色大衣") or the lighting need ("月光效果 moonlight; 发电车 generator")
    actors: tuple[CastRole, ...] = ()  # the actors called (with their 跟妆)

    @property
    def expires(self) -> datetime:
        return self.at


def _norm(text: str) -> str:
    text = CHANGE_WORDS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s:：,，.。;；+＋/()（）\-]+", "", text).casefold()


def _short(character: str) -> str:
    """"苏晚 Su Wan" -> "苏晚" (the first word people write in a need)."""
    return character.split()[0] if character.split() else character


def _matches(who: str, role: CastRole) -> bool:
    w = _norm(who)
    return bool(w) and any(w == _norm(x) or w == _norm(_short(x)) for x in (role.character, role.actor) if x)


def looks(text: str, cast: Sequence[CastRole]) -> dict[str, tuple[str, bool]]:
    """Each actor's part of a need ("苏晚：米色大衣; 陆霆：黑色长大衣"): actor name -> (the look, said to
    be a change). A segment naming nobody belongs to the scene's only actor, or to everyone when it
    says so ("睡衣 pyjamas (both)")."""
    out: dict[str, tuple[str, bool]] = {}
    for segment in (s.strip() for s in _SEGMENTS.split(text or "") if s.strip()):
        m = _WHO.match(segment)
        roles = [r for r in cast if m and _matches(m.group("who"), r)]
        if m and roles:
            look, marked = m.group("look").strip(), bool(m.group("marker")) or bool(CHANGE_WORDS.search(segment))
        else:
            prefix = [r for r in cast if segment.startswith(_short(r.character)) and len(_short(r.character)) > 1]
            if prefix:
                roles, look = prefix[:1], segment[len(_short(prefix[0].character)):].strip(" ：:")
            elif len(cast) == 1 or _ALL.search(segment):
                roles, look = list(cast), segment
            else:
                continue
            marked = bool(CHANGE_WORDS.search(segment))
        for r in roles:
            before = out.get(r.actor)
            out[r.actor] = ((before[0] + "; " + look) if before else look, marked or (before[1] if before else False))
    return out


def _what(character: str, wardrobe: str, makeup: str, marked: bool) -> str:
    """"苏晚换装 米色大衣" (a costume change) / "苏晚 泪痕 tear tracks" (a look)."""
    name = _short(character)
    parts = [p for p in (wardrobe, makeup) if p]
    text = " · ".join(_clean(p) for p in parts)
    return f"{name}换装 {text}" if wardrobe else f"{name} {text}"


def _clean(look: str) -> str:
    """The look without the word "change" ("米色大衣 change: beige coat" -> "米色大衣 beige coat")."""
    text = re.sub(r"(?:换装|换妆|换造型|\bchanges?\b(?: into)?)\s*[：:]?\s*", " ", look, flags=re.I)
    return " ".join(text.split())


def plan(slots: Sequence[SlotLike], *, lead_minutes: int, company_moves: Collection[str] = (), change_minutes: int = 0,
         now: datetime | None = None) -> list[Planned]:
    """The automatic standbys of the day's timeline (every scene still on it, in order). A change is
    called when the scene before begins rolling, or ``change_minutes`` before its scene if that is
    earlier (a short scene before it leaves the change its time)."""
    out: list[Planned] = []
    change = timedelta(minutes=change_minutes)
    last_wardrobe: dict[str, str] = {}
    last_makeup: dict[str, str] = {}
    seen: set[str] = set()
    lead = timedelta(minutes=lead_minutes)
    for i, slot in enumerate(slots):
        scene = slot.scene
        prev = slots[i - 1] if i > 0 else None
        before = {r.actor for r in prev.scene.cast} if prev is not None else set()
        wardrobe = looks(scene.needs.get("wardrobe", ""), scene.cast)
        makeup = looks(scene.needs.get("makeup", ""), scene.cast)
        changing: list[tuple[CastRole, str, bool]] = []  # (actor, what, a costume change)
        arriving: list[CastRole] = []
        for role in _actors(scene.cast):
            w, w_marked = wardrobe.get(role.actor, ("", False))
            m, m_marked = makeup.get(role.actor, ("", False))
            changed_w = bool(w) and (w_marked or (role.actor in last_wardrobe and _norm(w) != last_wardrobe[role.actor]))
            changed_m = bool(m) and (m_marked or (role.actor in last_makeup and _norm(m) != last_makeup[role.actor]))
            if (changed_w or changed_m) and role.actor in seen and prev is not None:
                changing.append((role, _what(role.character, w if changed_w else "", m if changed_m else "", w_marked), changed_w))
            if role.actor not in before:
                arriving.append(role)
            if w:
                last_wardrobe[role.actor] = _norm(w)
            if m:
                last_makeup[role.actor] = _norm(m)
            seen.add(role.actor)
        if changing and prev is not None:
            department = "wardrobe" if any(c for _, _, c in changing) else "makeup"
            out.append(Planned(f"change:{scene.number}", CHANGE, min(prev.start, slot.start - change), slot.start, scene.number, slot.set_name, department,
                               "；".join(w for _, w, _ in changing), tuple(r for r, _, _ in changing)))
        if arriving:
            out.append(Planned(f"actor:{scene.number}", ACTOR, slot.start - lead, slot.start, scene.number, slot.set_name, "cast", "",
                               tuple(arriving)))
        if prev is not None and scene.number in company_moves and prev.set_name != slot.set_name:
            out.append(Planned(f"prelight:{scene.number}", PRELIGHT, prev.start, slot.start, scene.number, slot.set_name, "lighting",
                               scene.needs.get("lighting", "")))
    if now is not None:
        out = [p for p in out if p.expires > now]
    return out


def _actors(cast: Iterable[CastRole]) -> list[CastRole]:
    """One entry per actor (an actor playing two characters in a scene is called once)."""
    out: dict[str, CastRole] = {}
    for r in cast:
        out.setdefault(r.actor, r)
    return list(out.values())
