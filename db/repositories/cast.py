"""Cast rows and crew: links made by the AD (/crew link), the actors a production has, contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.castlist import actor_key, resolve_actor
from db.database import Tx


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CastRepo:
    @staticmethod
    async def links(tx: Tx, production_id: int) -> dict[str, int]:
        """actor name key -> Discord id, for every link the AD made."""
        return {r["actor_key"]: r["user_id"] for r in await tx.all("cast_links_for_production", {"production_id": production_id})}

    @staticmethod
    async def actors(tx: Tx, production_id: int, text: str = "", limit: int = 25) -> list[tuple[str, str, str, int | None]]:
        """(actor, character, cast number, linked user) of the actors in the plan matching ``text``
        (actor, character or exact cast number), the cast table first."""
        params = {"production_id": production_id, "pattern": _like(text.strip()), "exact": text.strip(), "limit": limit}
        out: dict[str, tuple[str, str, str, int | None]] = {}
        for r in await tx.all("day_cast_actors_in_production", params):
            out.setdefault(actor_key(r["actor"]), (r["actor"], r["character"], r["number"], r["user_id"]))
        for r in await tx.all("scene_cast_actors_in_production", params):
            out.setdefault(actor_key(r["actor"]), (r["actor"], r["character"], "", r["user_id"]))
        return list(out.values())[:limit]

    @staticmethod
    async def resolve(tx: Tx, production_id: int, text: str) -> str | None:
        """The actor of the plan that ``text`` names (name, cast number, character or the start of a
        long name: :func:`bot.domain.castlist.resolve_actor`), None when none or several."""
        rows = await CastRepo.actors(tx, production_id, "", limit=100_000)
        return resolve_actor(text, ((a, c, n) for a, c, n, _ in rows))

    @staticmethod
    async def link(tx: Tx, production_id: int, actor: str, user_id: int, *, by: int, now: datetime) -> list[int]:
        """Make ``user_id`` the actor ``actor`` names (:meth:`resolve`; any spelling with the same name key) in every
        day of the plan and in later imports; the person stops being any other actor. Bumps the
        revision of each day that changed. Returns those days' ids ([] when no such actor)."""
        rows = await CastRepo.actors(tx, production_id, "", limit=100_000)
        name = resolve_actor(actor, ((a, c, n) for a, c, n, _ in rows))
        if name is None:
            return []
        actor, key = name, actor_key(name)
        spellings = {a for a, _, _, _ in rows if actor_key(a) == key}
        stamp = now.astimezone(UTC).isoformat()
        await tx.execute("cast_link_upsert", {"production_id": production_id, "actor_key": key, "actor": actor, "user_id": user_id,
                                              "linked_by": by, "linked_at": stamp})
        await tx.execute("cast_link_unlink_user", {"production_id": production_id, "user_id": user_id, "actor_key": key})
        days: set[int] = set()
        for spelling in spellings:
            for r in await tx.all("days_with_actor", {"production_id": production_id, "actor": spelling}):
                days.add(r["id"])
        for r in await tx.all("days_with_user", {"production_id": production_id, "user_id": user_id}):
            days.add(r["id"])  # where they were someone else until now
        for day_id in sorted(days):
            for spelling in spellings:
                await tx.execute("day_cast_clear_user", {"shoot_day_id": day_id, "user_id": user_id, "actor": spelling})
                await tx.execute("scene_cast_clear_user", {"shoot_day_id": day_id, "user_id": user_id, "actor": spelling})
            for spelling in spellings:
                await tx.execute("day_cast_set_user", {"shoot_day_id": day_id, "user_id": user_id, "actor": spelling})
                await tx.execute("scene_cast_set_user", {"shoot_day_id": day_id, "user_id": user_id, "actor": spelling})
            await tx.execute("day_bump_revision", {"id": day_id, "updated_at": stamp})
        return sorted(days)
