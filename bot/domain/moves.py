"""Set move (换景) or company move (转场): what a change of set means for the crew.

* A **set move** is a change of set inside one building, serving the same makeup/wardrobe room
  (服化间), with a walk shorter than the threshold (setting ``liveday.set_move_walk_minutes``,
  default 5): the set channel gets one short line and no department is pinged, unless the sets
  table asks for it (the destination's ``prelight`` column).
* Anything else - another building, another base, an unknown building, or a longer walk - is a
  **company move**: it is announced ahead, lighting and art are sent ahead to pre-light and dress
  (提前铺光 / 提前陈设), and the move says what moves with the crew: the base if the destination is
  served by another one, the generator truck if the destination needs it, and the vehicles the
  sets table lists for it.

Pure: :func:`describe` takes the two :class:`~bot.domain.plan.SetLocation` rows (or ``None`` for a
set the table does not describe) and the walk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.plan import PRELIGHT_DEPARTMENTS, SetLocation

SET_MOVE = "set"
COMPANY_MOVE = "company"
DEFAULT_THRESHOLD_MINUTES = 5
PLACEHOLDERS = {"", "-", "—", "–", "/", "n/a"}


@dataclass(frozen=True, slots=True)
class Move:
    kind: str  # SET_MOVE | COMPANY_MOVE
    from_set: str
    to_set: str
    walk_minutes: int
    base: str = ""  # the new base (服化间) when it changes, else ""
    generator: bool = False  # the generator truck goes too
    vehicles: str = ""  # what else is driven over (from the sets table)
    pings: tuple[str, ...] = ()  # departments sent ahead (pre-light / dressing)

    @property
    def is_company(self) -> bool:
        return self.kind == COMPANY_MOVE

    @property
    def what_moves(self) -> bool:
        return bool(self.base or self.generator or self.vehicles)


def _clean(text: str) -> str:
    value = " ".join((text or "").split())
    return "" if value.casefold() in PLACEHOLDERS else value


def describe(
    a: SetLocation | None,
    b: SetLocation | None,
    walk: int,
    *,
    from_set: str = "",
    to_set: str = "",
    threshold: int = DEFAULT_THRESHOLD_MINUTES,
    day_base: str = "",
) -> Move:
    """The move from set ``a`` to set ``b`` (``walk`` minutes apart). ``day_base`` is the day's unit
    base, the base of any set whose row does not name one."""
    from_name = a.name if a is not None else from_set
    to_name = b.name if b is not None else to_set
    building_a, building_b = _clean(a.building if a else ""), _clean(b.building if b else "")
    base_a = _clean(a.base if a else "") or _clean(day_base)
    base_b = _clean(b.base if b else "") or _clean(day_base)
    same_place = bool(building_a) and building_a == building_b and base_a == base_b
    kind = SET_MOVE if same_place and walk < threshold else COMPANY_MOVE
    asked = tuple(d for d in (b.prelight if b else ()) if d in PRELIGHT_DEPARTMENTS)
    if kind == SET_MOVE:
        return Move(kind, from_name, to_name, walk, pings=asked)
    return Move(
        kind,
        from_name,
        to_name,
        walk,
        base=base_b if base_b and base_b != base_a else "",
        generator=bool(b and b.generator),
        vehicles=_clean(b.vehicles if b else ""),
        pings=PRELIGHT_DEPARTMENTS,
    )


def between(sets: Mapping[str, SetLocation], from_set: str, to_set: str, walk: int, *, threshold: int, day_base: str = "") -> Move:
    """:func:`describe` by set names, looked up in ``sets``."""
    return describe(sets.get(from_set), sets.get(to_set), walk, from_set=from_set, to_set=to_set, threshold=threshold, day_base=day_base)


def parse_prelight(text: str) -> tuple[str, ...] | None:
    """The sets table's ``prelight`` cell: ``lighting, art`` / ``灯光、美术`` / ``yes`` (both) / empty.
    ``None`` when a word is not a department."""
    words = {"lighting": "lighting", "light": "lighting", "灯光": "lighting", "art": "art", "美术": "art", "道具": "art",
             "陈设": "art", "yes": "both", "y": "both", "是": "both", "要": "both", "both": "both", "all": "both"}
    out: list[str] = []
    for raw in text.replace("，", ",").replace("、", ",").replace(";", ",").replace("；", ",").replace("/", ",").split(","):
        word = raw.strip().casefold()
        if not word or word in ("no", "n", "否", "-", "—"):
            continue
        value = words.get(word)
        if value is None:
            return None
        out.extend(PRELIGHT_DEPARTMENTS if value == "both" else (value,))
    return tuple(d for d in PRELIGHT_DEPARTMENTS if d in out)
