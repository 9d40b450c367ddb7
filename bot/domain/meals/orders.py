"""Meal orders: one per person per meal (要 / 不要, a dish, portions, 荤/素/清真, where to eat, notes),
and counts the AD or the meal coordinator (生活制片) enters for people who are not on Discord."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.domain.errors import DomainError
from bot.domain.meals.menu import MenuItem

DIETS: tuple[str, ...] = ("meat", "veg", "halal")  # 荤 / 素 / 清真
PLACES: tuple[str, ...] = ("set", "canteen")  # deliver to the set / eat in the canteen
MAX_NOTES = 100
MAX_LABEL = 30
MAX_COUNT = 500

_VEG = re.compile(r"素|vegetarian|vegan|\bveg\b|채식|菜食|ベジ|vegetarian[oa]|มังสวิรัติ|เจ", re.I)
_HALAL = re.compile(r"清真|halal|muslim|穆斯林|할랄|ハラール|ฮาลาล", re.I)


def diet_from_dietary(dietary: str) -> str:
    """The 荤/素/清真 choice prefilled from what the person wrote in /crew join ("素食", "halal")."""
    text = dietary or ""
    if _HALAL.search(text):
        return "halal"
    if _VEG.search(text):
        return "veg"
    return "meat"


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    round_id: int
    user_id: int | None
    label: str  # people not on Discord ("群演"): a count entered by the AD / 生活制片
    department: str
    wants: bool
    item_id: int | None
    quantity: int
    unit_price: int
    diet: str = "meat"
    deliver: str = "set"
    notes: str = ""
    late: bool = False
    entered_by: int = 0
    updated_at: datetime | None = None

    @property
    def is_count(self) -> bool:
        return self.user_id is None

    @property
    def people(self) -> int:
        """Headcount: one person, or the people a count stands for."""
        if not self.wants:
            return 0
        return self.quantity if self.is_count else 1

    @property
    def cost(self) -> int:
        return self.quantity * self.unit_price if self.wants else 0


def check_quantity(quantity: int, maximum: int) -> int:
    if not 1 <= quantity <= maximum:
        raise DomainError("meals.error.bad_quantity", max=maximum)
    return quantity


def check_count(quantity: int) -> int:
    if not 0 <= quantity <= MAX_COUNT:
        raise DomainError("meals.error.bad_count", max=MAX_COUNT)
    return quantity


def clean_notes(text: str | None) -> str:
    notes = " ".join(str(text or "").split())
    if len(notes) > MAX_NOTES:
        raise DomainError("meals.error.notes_too_long", max=MAX_NOTES)
    return notes


def clean_label(text: str | None) -> str:
    label = " ".join(str(text or "").split())
    if not label or len(label) > MAX_LABEL:
        raise DomainError("meals.error.bad_label", max=MAX_LABEL)
    return label


def check_diet(diet: str) -> str:
    if diet not in DIETS:
        raise DomainError("meals.error.bad_diet")
    return diet


def check_place(place: str) -> str:
    if place not in PLACES:
        raise DomainError("meals.error.bad_place")
    return place


def check_orderable(item: MenuItem | None, *, guild_id: int, service_date, meal: str) -> MenuItem:
    """The dish exists on this canteen's menu for this meal and is not closed (stock is checked by
    the conditional update that takes it)."""
    if item is None or item.guild_id != guild_id or item.service_date != service_date or item.meal != meal:
        raise DomainError("meals.error.no_such_item")
    if item.closed:
        raise DomainError("meals.error.item_closed", name=item.name_zh)
    return item


def diet_clash(item: MenuItem, diet: str) -> bool:
    """A vegetarian ordering a dish not tagged vegetarian, a halal eater one not tagged halal."""
    return (diet == "veg" and "vegetarian" not in item.tags) or (diet == "halal" and "halal" not in item.tags)
