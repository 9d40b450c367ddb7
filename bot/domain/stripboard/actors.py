"""Matching the actors named in a stripboard to crew members."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.domain.castlist import name_keys
from bot.domain.crew import CrewMember
from bot.domain.plan import CastRole


def match_actor(name: str, crew: Iterable[CrewMember]) -> int | None:
    """The Discord id of the crew member called ``name`` (a mention, a raw id, their display name
    or only its Chinese or Latin part), or None when nobody or several people match."""
    crew = list(crew)
    if m := re.fullmatch(r"<@!?(\d{15,20})>|(\d{15,20})", name.strip()):
        uid = int(m.group(1) or m.group(2))
        return uid if any(c.user_id == uid for c in crew) else None
    full = "".join(name.split()).casefold()
    exact = [c.user_id for c in crew if "".join(c.display_name.split()).casefold() == full]
    if len(exact) == 1:
        return exact[0]
    wanted = name_keys(name)
    matches = {c.user_id for c in crew if wanted & name_keys(c.display_name)}
    return next(iter(matches)) if len(matches) == 1 else None


def resolve_cast(
    pairs: list[tuple[str, str]],
    crew: list[CrewMember],
    prep: dict[str, tuple[int | None, int | None]] | None = None,
) -> tuple[CastRole, ...]:
    """(character, actor) pairs -> CastRoles with crew user ids and makeup/pickup minutes."""
    prep = prep or {}
    roles = []
    for character, actor in pairs:
        makeup, pickup = prep.get("".join(actor.split()).casefold(), (None, None))
        roles.append(CastRole(character, actor, match_actor(actor, crew), makeup, pickup))
    return tuple(roles)
