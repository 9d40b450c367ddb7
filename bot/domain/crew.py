"""Productions, departments and crew members: plain data and the rules about them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.errors import DomainError
from bot.i18n import LOCALES

#: Department codes in call-sheet order.
DEPARTMENTS: tuple[str, ...] = (
    "ad",
    "camera",
    "lighting",
    "makeup",
    "wardrobe",
    "art",
    "sound",
    "cast",
    "producer",
    "canteen",
    "other",
)

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")
MAX_NAME = 80
MAX_TITLE = 60
MAX_DIETARY = 200


@dataclass(frozen=True, slots=True)
class Production:
    id: int
    guild_id: int
    code: str
    name: str
    timezone: str
    language: str
    created_by: int
    created_at: datetime
    channels: dict[str, int]  # purpose -> channel id ("announcements", "production", "ad", "dept:lighting")
    ad_role_ids: tuple[int, ...] = ()  # roles given to it (/production roles); none: the configured ones
    producer_role_ids: tuple[int, ...] = ()
    join_code: str | None = None  # what crew type in /crew join code:... (the AD hands it out)
    meal_role_ids: tuple[int, ...] = ()  # its meal coordinators (生活制片): meal counts for people not on Discord
    second_language: str | None = None  # a second line on channel posts, for a mixed crew

    @property
    def channel_locale(self) -> str:
        """What channel posts are written in: "zh-CN", or "zh-CN+th" with a Thai line under each
        (:func:`bot.i18n.in_languages`)."""
        if self.second_language and self.second_language != self.language:
            return f"{self.language}+{self.second_language}"
        return self.language

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def channel(self, purpose: str) -> int | None:
        return self.channels.get(purpose)

    def department_channel(self, department: str) -> int | None:
        return self.channels.get(f"dept:{department}")


@dataclass(frozen=True, slots=True)
class CrewMember:
    id: int
    production_id: int
    user_id: int
    display_name: str
    department: str
    title: str
    is_head: bool
    language: str
    dietary: str
    joined_at: datetime
    role_heads: tuple[str, ...] = ()  # departments whose head role they hold on Discord (as the last interaction showed)

    def heads(self, department: str) -> bool:
        """Heads ``department``: joined as its head, or holds its head role."""
        return (self.is_head and department == self.department) or department in self.role_heads

    @property
    def leads(self) -> bool:
        """Heads their own department."""
        return self.heads(self.department)


@dataclass(frozen=True, slots=True)
class NewProduction:
    guild_id: int
    code: str
    name: str
    timezone: str
    language: str
    created_by: int


def validate_production(guild_id: int, name: str, code: str, timezone: str, language: str, created_by: int) -> NewProduction:
    name = " ".join(name.split())
    code = code.strip().upper()
    if not name or len(name) > MAX_NAME:
        raise DomainError("production.error.bad_name", max=MAX_NAME)
    if not CODE_RE.match(code):
        raise DomainError("production.error.bad_code", code=code)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError("production.error.bad_timezone", timezone=timezone) from None
    if language not in LOCALES:
        raise DomainError("production.error.bad_language", language=language)
    return NewProduction(guild_id, code, name, timezone, language, created_by)


def validate_member_fields(department: str, title: str, dietary: str = "") -> tuple[str, str, str]:
    if department not in DEPARTMENTS:
        raise DomainError("crew.error.bad_department", department=department)
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise DomainError("crew.error.bad_title", max=MAX_TITLE)
    dietary = " ".join(dietary.split())
    if len(dietary) > MAX_DIETARY:
        raise DomainError("crew.error.bad_dietary", max=MAX_DIETARY)
    return department, title, dietary


def sort_crew(members: list[CrewMember]) -> list[CrewMember]:
    """Call-sheet order: department order, heads first, then name."""
    order = {d: i for i, d in enumerate(DEPARTMENTS)}
    return sorted(members, key=lambda m: (order.get(m.department, 99), not m.leads, m.display_name.casefold(), m.user_id))


def paginate(items: list, per_page: int) -> list[list]:
    if per_page <= 0:
        raise ValueError("per_page must be positive")
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
