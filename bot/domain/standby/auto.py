"""The automatic standbys the plan asks for (pure), fired only when something changes:

* **a look changes** (``CHANGE``): an actor's costume (wardrobe need) or look (makeup need) in a
  scene differs from their previous scene today, or the need says it is a change (换装, 换妆,
  change...), by the day's one reading of looks (``bot.domain.looks``, which the timeline uses to
  hold the scene for the change). Called one scene ahead (when the scene before it begins rolling,
  or earlier when that scene is shorter than the change takes): the wardrobe (or makeup) department,
  the actors and their 跟妆 - "2-6 苏晚换装 米色大衣，08:35 前到 5号楼 3F 候场", the time being when the
  scene rolls on the timeline (after the change);
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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain import looks as L
from bot.domain.looks import CHANGE_MINUTES, looks
from bot.domain.plan import CastRole, Scene
from bot.domain.standby.model import ACTOR, CHANGE, PRELIGHT, Look


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
    looks: tuple[Look, ...] = ()  # a change: each actor's new costume / look

    @property
    def expires(self) -> datetime:
        return self.at


def _clean(look: str) -> str:
    """The look without the word "change" ("米色大衣 change: beige coat" -> "米色大衣 beige coat")."""
    text = re.sub(r"(?:换装|换妆|换造型|\bchanges?\b(?: into)?)\s*[：:]?\s*", " ", look, flags=re.I)
    return " ".join(text.split())


def look_of(change: L.Change) -> Look:
    return Look(L.short(change.role.character), _clean(change.wardrobe), _clean(change.makeup))


def what_of(look: Look) -> str:
    """"苏晚换装 米色大衣" (a costume change) / "苏晚 泪痕 tear tracks" (a look): how the plan's own
    text says it (stored with the standby; readers see :class:`Look` in their language)."""
    text = " · ".join(p for p in (look.wardrobe, look.makeup) if p)
    return f"{look.name}换装 {text}" if look.wardrobe else f"{look.name} {text}"


def plan(slots: Sequence[SlotLike], *, lead_minutes: int, company_moves: Collection[str] = (),
         change_minutes: Mapping[str, int] = CHANGE_MINUTES, now: datetime | None = None) -> list[Planned]:
    """The automatic standbys of the day's timeline (every scene still on it, in order). A change is
    called when the scene before begins rolling, or as long before its scene as the change takes
    (``change_minutes`` per department) if that is earlier (a short scene before it leaves the
    change its time)."""
    out: list[Planned] = []
    lead = timedelta(minutes=lead_minutes)
    found = L.changes([s.scene for s in slots])
    for i, slot in enumerate(slots):
        scene = slot.scene
        prev = slots[i - 1] if i > 0 else None
        before = {r.actor for r in prev.scene.cast} if prev is not None else set()
        changing = found[i]
        arriving = [r for r in L.actors(scene.cast) if r.actor not in before]
        if changing and prev is not None:
            department = L.WARDROBE if any(c.wardrobe for c in changing) else L.MAKEUP
            takes = timedelta(minutes=max(c.minutes(change_minutes) for c in changing))
            shown = tuple(look_of(c) for c in changing)
            out.append(Planned(f"change:{scene.number}", CHANGE, min(prev.start, slot.start - takes), slot.start, scene.number, slot.set_name,
                               department, "；".join(what_of(x) for x in shown), tuple(c.role for c in changing), shown))
        if arriving:
            out.append(Planned(f"actor:{scene.number}", ACTOR, slot.start - lead, slot.start, scene.number, slot.set_name, "cast", "",
                               tuple(arriving)))
        if prev is not None and scene.number in company_moves and prev.set_name != slot.set_name:
            out.append(Planned(f"prelight:{scene.number}", PRELIGHT, prev.start, slot.start, scene.number, slot.set_name, "lighting",
                               scene.needs.get("lighting", "")))
    if now is not None:
        out = [p for p in out if p.expires > now]
    return out


__all__ = ["Look", "Planned", "SlotLike", "looks", "look_of", "plan", "what_of"]
