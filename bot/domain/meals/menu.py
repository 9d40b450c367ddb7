"""The canteen's menu: items per service date and meal, prices in fen, dietary tags, stock.

A service date is the shoot day's date: a late-night meal (夜宵) eaten at 01:00 belongs to the
day that started the evening before, and so does its menu (before 06:00 "today" still means the
night's service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.errors import DomainError

#: Meals the canteen takes orders for (names as the day's timeline: ``late`` is 夜宵).
MEALS: tuple[str, ...] = ("supper", "late")
#: Dietary tags of a dish.
TAGS: tuple[str, ...] = ("vegetarian", "halal", "no_pork", "nuts")
TAG_MARKS = {"vegetarian": "🥬", "halal": "☪", "no_pork": "🚫🐖", "nuts": "🥜"}

MAX_NAME = 40
MAX_PRICE = 100000  # fen: ¥1000
MAX_STOCK = 5000
#: Before this hour "today" is still the night's service (a late meal after midnight).
SERVICE_DAY_STARTS = 6

_PRICE = re.compile(r"^(?:¥|￥|rmb|cny)?\s*(\d{1,4})(?:[.,](\d{1,2}))?\s*(?:元|块|yuan|rmb|cny)?$", re.I)


@dataclass(frozen=True, slots=True)
class MenuItem:
    id: int
    guild_id: int
    service_date: date
    meal: str
    name_zh: str
    name_en: str
    price: int  # fen
    tags: tuple[str, ...] = ()
    stock: int | None = None  # None: no limit
    taken: int = 0
    closed: bool = False
    position: int = 0
    changed_at: datetime | None = None  # the canteen's last edit of this dish

    @property
    def left(self) -> int | None:
        return None if self.stock is None else max(self.stock - self.taken, 0)

    @property
    def available(self) -> bool:
        return not self.closed and (self.stock is None or self.taken < self.stock)

    def name(self, locale: str) -> str:
        """The name a reader of ``locale`` reads: Chinese for Chinese, English for everyone else."""
        if str(locale).lower().startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh

    def both(self) -> str:
        """"红烧肉饭 Braised pork rice" (one name when both are the same)."""
        if not self.name_en or self.name_en == self.name_zh:
            return self.name_zh
        return f"{self.name_zh} {self.name_en}"

    def marks(self) -> str:
        return "".join(TAG_MARKS[t] for t in self.tags if t in TAG_MARKS)


def parse_price(text: str | int | float) -> int:
    """``18``, ``18.5``, ``¥18``, ``18元`` -> fen. Refused: negative, more than ¥1000, anything else."""
    raw = str(text).strip()
    m = _PRICE.match(raw.replace(" ", ""))
    if not m:
        raise DomainError("meals.error.bad_price", price=raw[:20])
    fen = int(m[1]) * 100 + (int((m[2] or "0").ljust(2, "0")) if m[2] else 0)
    if fen > MAX_PRICE:
        raise DomainError("meals.error.bad_price", price=raw[:20])
    return fen


def format_price(fen: int) -> str:
    """¥18 / ¥18.50."""
    yuan, cents = divmod(int(fen), 100)
    return f"¥{yuan}" if not cents else f"¥{yuan}.{cents:02d}"


def clean_name(text: str | None, *, required: bool = True) -> str:
    name = " ".join(str(text or "").split())
    if (required and not name) or len(name) > MAX_NAME:
        raise DomainError("meals.error.bad_name", max=MAX_NAME)
    return name


def clean_stock(stock: int | None) -> int | None:
    if stock is None:
        return None
    if not 0 <= stock <= MAX_STOCK:
        raise DomainError("meals.error.bad_stock", max=MAX_STOCK)
    return stock


def parse_tags(values: dict[str, bool | None]) -> tuple[str, ...]:
    return tuple(t for t in TAGS if values.get(t))


def check_meal(meal: str) -> str:
    if meal not in MEALS:
        raise DomainError("meals.error.bad_meal", meal=str(meal)[:20])
    return meal


def service_date(local_now: datetime) -> date:
    """The canteen's "today": before 06:00 still the night's service."""
    return (local_now - timedelta(hours=SERVICE_DAY_STARTS)).date()


_DAY_WORDS = {
    "today": 0, "今天": 0, "今日": 0,
    "tomorrow": 1, "tmr": 1, "明天": 1, "明日": 1,
    "yesterday": -1, "昨天": -1, "昨日": -1,
}


def parse_service_date(text: str | None, today: date) -> date:
    """``2026-11-23``, ``11-23``, ``today``/``今天``, ``tomorrow``/``明天``, ``yesterday``/``昨天``;
    nothing: ``today``."""
    raw = (text or "").strip().lower()
    if not raw:
        return today
    if raw in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[raw])
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            found = date(int(m[1]), int(m[2]), int(m[3]))
            if abs(found.year - today.year) <= 1:  # a menu is for days around now, never year 1 or 9999
                return found
        elif m := re.fullmatch(r"(\d{1,2})[-/.月](\d{1,2})日?", raw):
            return date(today.year, int(m[1]), int(m[2]))
    except ValueError:
        pass
    raise DomainError("meals.error.bad_date", date=raw[:20])


def check_stock_change(item: MenuItem, stock: int | None) -> None:
    """A new stock limit cannot be below what is already ordered."""
    if stock is not None and stock < item.taken:
        raise DomainError("meals.error.stock_below_taken", name=item.name_zh, taken=item.taken)
