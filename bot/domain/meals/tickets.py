"""The canteen's ticket for one production's meal, and the money it stands for.

A ticket counts portions per dish (to the set and eaten in the canteen), heads by department and
in total, 素 and 清真 portions, every note (what people wrote on their order and their dietary
field from /crew join), and says where and when to deliver. The 餐补 list says, for every person on
the day's sheet, whether they ate the canteen's meal (and what it cost) or are owed the meal
allowance instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.crew import DEPARTMENTS
from bot.domain.meals.menu import MenuItem
from bot.domain.meals.orders import Order
from bot.domain.meals.rounds import MealRound


@dataclass(frozen=True, slots=True)
class Who:
    """A crew member as the ticket names them."""

    name: str
    department: str = "other"
    dietary: str = ""


@dataclass(frozen=True, slots=True)
class TicketLine:
    item_id: int
    name_zh: str
    name_en: str
    marks: str
    to_set: int
    in_canteen: int

    @property
    def portions(self) -> int:
        return self.to_set + self.in_canteen


@dataclass(frozen=True, slots=True)
class Ticket:
    round_id: int
    code: str
    production: str
    meal: str
    service_date: date
    meal_at: datetime
    cutoff_at: datetime
    set_name: str
    building: str
    lines: tuple[TicketLine, ...] = ()
    departments: tuple[tuple[str, int], ...] = ()  # (department, heads) in call-sheet order
    counts: tuple[tuple[str, str, int], ...] = ()  # people not on Discord: (label, department, heads)
    diets: Mapping[str, int] = field(default_factory=dict)  # veg / halal portions
    notes: tuple[tuple[str, str], ...] = ()  # (who, note)
    declined: int = 0
    cost: int = 0

    @property
    def portions(self) -> int:
        return sum(line.portions for line in self.lines)

    @property
    def to_set(self) -> int:
        return sum(line.to_set for line in self.lines)

    @property
    def in_canteen(self) -> int:
        return sum(line.in_canteen for line in self.lines)

    @property
    def heads(self) -> int:
        return sum(n for _, n in self.departments)

    @property
    def place(self) -> str:
        return self.building or self.set_name


def build_ticket(r: MealRound, code: str, production: str, orders: Iterable[Order], items: Mapping[int, MenuItem],
                 people: Mapping[int, Who]) -> Ticket:
    lines: dict[int, list[int]] = {}
    heads: dict[str, int] = {}
    counts: list[tuple[str, str, int]] = []
    diets = {"veg": 0, "halal": 0}
    notes: list[tuple[str, str]] = []
    declined = cost = 0
    for o in sorted(orders, key=lambda o: (o.is_count, o.department, o.label, o.user_id or 0, o.id)):
        if not o.wants or o.item_id is None:
            declined += 0 if o.is_count else 1
            continue
        slot = lines.setdefault(o.item_id, [0, 0])
        slot[0 if o.deliver == "set" else 1] += o.quantity
        heads[o.department] = heads.get(o.department, 0) + o.people
        if o.diet in diets:
            diets[o.diet] += o.quantity
        cost += o.cost
        who = people.get(o.user_id) if o.user_id is not None else None
        name = o.label if o.is_count else (who.name if who else str(o.user_id))
        if o.is_count:
            counts.append((o.label, o.department, o.quantity))
        if o.notes:
            notes.append((name, o.notes))
        if who is not None and who.dietary:
            notes.append((name, who.dietary))
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    ticket_lines = tuple(
        TicketLine(iid, items[iid].name_zh, items[iid].name_en, items[iid].marks(), to_set, in_canteen)
        for iid, (to_set, in_canteen) in sorted(lines.items(), key=lambda kv: (items[kv[0]].position, kv[0]))
        if iid in items
    )
    return Ticket(
        round_id=r.id,
        code=code,
        production=production,
        meal=r.meal,
        service_date=r.service_date,
        meal_at=r.meal_at,
        cutoff_at=r.cutoff_at,
        set_name=r.set_name,
        building=r.building,
        lines=ticket_lines,
        departments=tuple(sorted(heads.items(), key=lambda kv: order.get(kv[0], 99))),
        counts=tuple(_merge_counts(counts)),
        diets={k: v for k, v in diets.items() if v},
        notes=tuple(dict.fromkeys(notes)),
        declined=declined,
        cost=cost,
    )


def _merge_counts(counts: Sequence[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    merged: dict[tuple[str, str], int] = {}
    for label, dept, n in counts:
        merged[(label, dept)] = merged.get((label, dept), 0) + n
    return [(label, dept, n) for (label, dept), n in merged.items()]


# --------------------------------------------------------------------------- 餐补


@dataclass(frozen=True, slots=True)
class Allowance:
    user_id: int
    display_name: str
    department: str
    status: str  # ate | declined | no_answer
    cost: int = 0
    allowance: int = 0


def allowances(diners: Mapping[int, Who], orders: Iterable[Order], amount: int) -> list[Allowance]:
    """For everyone on the day's sheet: the canteen's meal and its cost, or the meal allowance
    (餐补) owed to those who said they would not eat it. No answer: nothing owed, listed as such."""
    mine = {o.user_id: o for o in orders if o.user_id is not None}
    out = []
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    for uid, who in sorted(diners.items(), key=lambda kv: (order.get(kv[1].department, 99), kv[1].name, kv[0])):
        o = mine.get(uid)
        if o is None:
            out.append(Allowance(uid, who.name, who.department, "no_answer"))
        elif o.wants:
            out.append(Allowance(uid, who.name, who.department, "ate", cost=o.cost))
        else:
            out.append(Allowance(uid, who.name, who.department, "declined", allowance=amount))
    return out


@dataclass(frozen=True, slots=True)
class MealCost:
    """What one meal of one day cost one production (orders at the price when ordered)."""

    service_date: date
    meal: str
    portions: int
    heads: int
    cost: int
    allowance: int = 0  # 餐补 owed for the same meal

    @property
    def total(self) -> int:
        return self.cost + self.allowance
