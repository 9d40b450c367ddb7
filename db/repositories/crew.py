"""Crew members of a production."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from bot.domain.crew import CrewMember
from db.database import Tx


def _member(row: aiosqlite.Row | None) -> CrewMember | None:
    if row is None:
        return None
    return CrewMember(
        id=row["id"],
        production_id=row["production_id"],
        user_id=row["user_id"],
        display_name=row["display_name"],
        department=row["department"],
        title=row["title"],
        is_head=bool(row["is_head"]),
        language=row["language"],
        dietary=row["dietary"],
        joined_at=datetime.fromisoformat(row["joined_at"]),
        role_heads=tuple(json.loads(row["role_heads"])),
    )


def _departments(codes: tuple[str, ...]) -> str:
    return json.dumps(sorted(set(codes)))


class CrewRepo:
    @staticmethod
    async def upsert(
        tx: Tx,
        *,
        production_id: int,
        user_id: int,
        display_name: str,
        department: str,
        title: str,
        is_head: bool,
        language: str,
        dietary: str,
        now: datetime,
        role_heads: tuple[str, ...] | None = None,
    ) -> tuple[CrewMember, bool]:
        """Join or update; returns the member and whether they are new. ``role_heads``: the
        departments whose head role the interaction showed them holding (None: keep what was seen)."""
        existed = await tx.one("crew_by_user", {"production_id": production_id, "user_id": user_id}) is not None
        await tx.execute(
            "crew_upsert",
            {
                "production_id": production_id,
                "user_id": user_id,
                "display_name": display_name,
                "department": department,
                "title": title,
                "is_head": int(is_head),
                "language": language,
                "dietary": dietary,
                "joined_at": now.isoformat(),
                "role_heads": None if role_heads is None else _departments(role_heads),
            },
        )
        member = await CrewRepo.get(tx, production_id, user_id)
        assert member is not None
        return member, not existed

    @staticmethod
    async def get(tx: Tx, production_id: int, user_id: int) -> CrewMember | None:
        return _member(await tx.one("crew_by_user", {"production_id": production_id, "user_id": user_id}))

    @staticmethod
    async def list(tx: Tx, production_id: int) -> list[CrewMember]:
        return [m for r in await tx.all("crew_in_production", {"production_id": production_id}) if (m := _member(r))]

    @staticmethod
    async def count(tx: Tx, production_id: int) -> int:
        return int(await tx.scalar("crew_count", {"production_id": production_id}))

    @staticmethod
    async def remove(tx: Tx, production_id: int, user_id: int) -> bool:
        return await tx.execute("crew_delete", {"production_id": production_id, "user_id": user_id}) > 0

    @staticmethod
    async def memberships(tx: Tx, guild_id: int, user_id: int) -> dict[int, tuple[str, bool, tuple[str, ...]]]:
        """production id -> (department, joined as head, the departments it heads by role as last seen)
        for every production of the server the user is on."""
        rows = await tx.all("crew_memberships_of_user", {"guild_id": guild_id, "user_id": user_id})
        return {r["production_id"]: (r["department"], bool(r["is_head"]), tuple(json.loads(r["role_heads"]))) for r in rows}

    @staticmethod
    async def set_role_heads(tx: Tx, production_id: int, user_id: int, departments: tuple[str, ...]) -> bool:
        """What an interaction showed: the departments whose head role the member holds now."""
        return bool(await tx.execute("crew_set_role_heads", {"production_id": production_id, "user_id": user_id,
                                                             "role_heads": _departments(departments)}))

    @staticmethod
    async def search(tx: Tx, production_id: int, text: str, limit: int = 25) -> list[CrewMember]:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = await tx.all("crew_search", {"production_id": production_id, "pattern": f"%{escaped}%", "limit": limit})
        return [m for r in rows if (m := _member(r))]
