"""Tenancy rules: which production an interaction is about, and who may read or change it.

Several productions share one Discord server (a studio park: 8-10 crews, one canteen). Every
command and every autocomplete goes through ONE resolver (:func:`pick`) and ONE check
(:func:`check`); ``bot/tenancy.py`` feeds them from Discord and the database.

The resolver, in order:

1. the channel: a channel that belongs to exactly one production decides, whatever purposes
   (announcements, set, AD office, department) it serves for it; a ``production`` option naming
   another production there is refused rather than silently obeyed;
2. an explicit choice (the ``production`` option, or a join code for ``/crew join``);
3. the user's own productions: the one production they are crew on or hold an AD/producer role for;
4. the server's only production.

The check: crew see only productions they belong to; ADs and producers act only on the
productions of their roles; server administrators (bot owners, Manage Server) on every one;
joining needs the AD's invitation or the production's join code. Heads of department (组长: a
crew member who joined as the head of their department, or who holds the department's head role
from the settings) lead their own department (standby calls, who is on duty) and no other:
:meth:`Standing.leads` / :func:`check_department`; :meth:`Standing.speaks_for` says whose calls a
crew member may answer.

The park's canteen is not a production: its staff (the server's canteen roles) manage the menu
and see every production's meal orders in one view (:attr:`Access.CANTEEN`), and nothing else of
any production. A production's meal coordinator (生活制片, its meals role) enters meal counts for
people who are not on Discord, like its ADs (:attr:`Access.MEALS`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.domain.crew import Production
from bot.domain.errors import DomainError


class Access(str, Enum):
    """What a command needs. Every command declares one (``bot.tenancy``); a test walks the tree."""

    GUILD = "guild"  # anyone on the server, no production's data (templates, your own productions)
    GUILD_AD = "guild_ad"  # set up productions, administer the bot: admins, the server's AD roles, any production's AD
    JOIN = "join"  # join a production or update your own entry: invited, the join code, already crew, its ADs
    CREW = "crew"  # read a production: its crew, its producers, its ADs
    PRODUCER = "producer"  # its producers and ADs
    MEALS = "meals"  # its meal coordinators (生活制片), producers and ADs: meal counts and costs
    AD = "ad"  # its ADs
    HEAD = "head"  # its ADs and its heads of department (组长), each for their own department
    CANTEEN = "canteen"  # the park's canteen staff (the server's canteen roles): menus, every production's meal orders
    PARK = "park"  # a producer's view of the park: every production of the server they produce (or AD), one line each

    @property
    def needs_production(self) -> bool:
        return self in (Access.JOIN, Access.CREW, Access.PRODUCER, Access.MEALS, Access.AD, Access.HEAD)


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their roles on the server and whether they administer it."""

    user_id: int
    role_ids: frozenset[int]
    admin: bool  # a bot owner, or Manage Server / Administrator on this server


@dataclass(frozen=True)
class RoleSet:
    """The roles that make someone an AD, a producer or the meal coordinator of one production."""

    ad: frozenset[int]
    producer: frozenset[int]
    meals: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Standing:
    """A viewer's standing in one production."""

    crew: bool = False
    invited: bool = False
    ad: bool = False
    producer: bool = False
    admin: bool = False
    department: str | None = None  # their department on the crew (None: not crew)
    heads: frozenset[str] = frozenset()  # departments they head (组长)
    meals: bool = False  # the production's meal coordinator (生活制片)

    def allows(self, access: Access, *, code_matches: bool = False) -> bool:
        if access is Access.CANTEEN:
            return False  # a park-wide level: see canteen_staff()
        if access is Access.PARK:
            return self.admin or self.ad or self.producer  # this production shows in the viewer's park view
        if self.admin or self.ad:
            return True
        if access is Access.AD:
            return False
        if access is Access.HEAD:
            return bool(self.heads)
        if access is Access.PRODUCER:
            return self.producer
        if access is Access.MEALS:
            return self.producer or self.meals
        if access is Access.CREW:
            return self.producer or self.crew
        if access is Access.JOIN:
            return self.crew or self.invited or code_matches
        return True

    def leads(self, department: str) -> bool:
        """May call the department to standby and set who in it is on duty: ADs, or its head."""
        return self.admin or self.ad or department in self.heads

    def speaks_for(self, department: str) -> bool:
        """May answer a call made to the department: its own crew and its head (not ADs of
        another department, not outsiders)."""
        return self.department == department or department in self.heads


def role_heads(role_ids: Iterable[int], head_roles: Mapping[str, int]) -> tuple[str, ...]:
    """The departments whose head role (``[guilds.department_head_roles]``) these roles include."""
    roles = set(role_ids)
    return tuple(sorted(d for d, role in head_roles.items() if role in roles))


def heads_of(department: str | None, is_head: bool, role_ids: Iterable[int], head_roles: Mapping[str, int]) -> frozenset[str]:
    """The departments a crew member heads: their own when they joined as its head, and every
    department whose head role (``[guilds.department_head_roles]``) they hold. Not crew: none (a
    head role is server-wide; it makes its holder a head only on the productions they work on)."""
    if department is None:
        return frozenset()
    out = set(role_heads(role_ids, head_roles))
    if is_head:
        out.add(department)
    return frozenset(out)


def effective_roles(prod: Production, configured_ad: Iterable[int], configured_producer: Iterable[int],
                    guild_ad: Iterable[int], guild_producer: Iterable[int], configured_meals: Iterable[int] = ()) -> RoleSet:
    """The production's own roles (``/production roles``), else those config.toml gives it, else the
    server's. A meal coordinator role is always the production's own (the server has none)."""
    ad = tuple(prod.ad_role_ids) or tuple(configured_ad) or tuple(guild_ad)
    producer = tuple(prod.producer_role_ids) or tuple(configured_producer) or tuple(guild_producer)
    meals = tuple(prod.meal_role_ids) or tuple(configured_meals)
    return RoleSet(frozenset(ad), frozenset(producer), frozenset(meals))


def standing(viewer: Viewer, roles: RoleSet, *, crew: bool, invited: bool, department: str | None = None,
             is_head: bool = False, head_roles: Mapping[str, int] | None = None, noted_heads: Iterable[str] = ()) -> Standing:
    """``department``/``is_head``: the viewer's crew entry on the production (when ``crew``);
    ``noted_heads``: the departments whose head role the crew directory last saw them hold, for a
    click in a DM, where Discord shows no roles."""
    department = department if crew else None
    return Standing(
        crew=crew,
        invited=invited,
        ad=bool(viewer.role_ids & roles.ad),
        producer=bool(viewer.role_ids & roles.producer),
        admin=viewer.admin,
        department=department,
        heads=heads_of(department, is_head, viewer.role_ids, head_roles or {}) | (frozenset(noted_heads) if department else frozenset()),
        meals=bool(viewer.role_ids & roles.meals),
    )


def canteen_staff(viewer: Viewer, canteen_roles: Iterable[int]) -> bool:
    """The park's canteen staff: the server's canteen roles, and its administrators."""
    return viewer.admin or bool(viewer.role_ids & frozenset(canteen_roles))


def check_canteen(viewer: Viewer, canteen_roles: Iterable[int]) -> None:
    if not canteen_staff(viewer, canteen_roles):
        raise DomainError("tenancy.error.not_canteen")


def pick(*, channel: Sequence[Production], named: Production | None, named_code: str | None,
         mine: Sequence[Production], every: Sequence[Production]) -> Production:
    """The production an interaction is about (the order is the module docstring's).

    ``channel``: the productions the channel belongs to (distinct); ``named``: the production the
    option or join code names (``named_code`` as typed, None when not given); ``mine``: the
    productions the user may use for this command; ``every``: the server's productions.
    """
    if len(channel) == 1:
        here = channel[0]
        if named_code and (named is None or named.id != here.id):
            raise DomainError("tenancy.error.channel_is_other", here=here.code, asked=named_code.strip().upper()[:16])
        return here
    if named_code:
        if named is None:
            raise DomainError("production.error.unknown_code", code=named_code.strip().upper()[:16])
        return named
    if len(mine) == 1:
        return mine[0]
    if len(mine) > 1:
        raise DomainError("production.error.which", codes=", ".join(p.code for p in mine))
    if len(every) == 1:
        return every[0]
    if not every:
        raise DomainError("production.error.none")
    raise DomainError("tenancy.error.on_none")


def check(access: Access, prod: Production, st: Standing, *, code_matches: bool = False) -> None:
    """Refuse (a DomainError the user reads) unless ``st`` may do ``access`` on ``prod``."""
    if st.allows(access, code_matches=code_matches):
        return
    if access is Access.AD:
        raise DomainError("tenancy.error.not_ad", code=prod.code)
    if access is Access.PRODUCER:
        raise DomainError("tenancy.error.not_producer", code=prod.code)
    if access is Access.HEAD:
        raise DomainError("tenancy.error.not_head", code=prod.code)
    if access is Access.MEALS:
        raise DomainError("tenancy.error.not_meals", code=prod.code)
    if access is Access.JOIN:
        raise DomainError("tenancy.error.join_needs_invite", code=prod.code)
    raise DomainError("tenancy.error.not_crew", code=prod.code)


def check_department(prod: Production, st: Standing, department: str) -> None:
    """Refuse unless ``st`` leads ``department`` on ``prod`` (ADs: every department; a head: their own)."""
    if not st.leads(department):
        raise DomainError("tenancy.error.not_head_of", code=prod.code)


JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on a noisy set
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """``k7q-4m2`` / ``K7Q 4M2`` -> ``K7Q4M2`` (what people type from a photo of the whiteboard)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:32]
