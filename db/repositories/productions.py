"""Productions and their channels."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.domain.crew import NewProduction, Production
from db.database import Tx


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def _production(tx: Tx, row: aiosqlite.Row | None) -> Production | None:
    if row is None:
        return None
    channels = {r["purpose"]: int(r["channel_id"]) for r in await tx.all("production_channels", {"production_id": row["id"]})}
    roles = await tx.all("production_roles", {"production_id": row["id"]})
    return Production(
        id=row["id"],
        guild_id=row["guild_id"],
        code=row["code"],
        name=row["name"],
        timezone=row["timezone"],
        language=row["language"],
        created_by=row["created_by"],
        created_at=_dt(row["created_at"]),
        channels=channels,
        ad_role_ids=tuple(int(r["role_id"]) for r in roles if r["kind"] == "ad"),
        producer_role_ids=tuple(int(r["role_id"]) for r in roles if r["kind"] == "producer"),
        join_code=row["join_code"],
        second_language=row["second_language"],
        meal_role_ids=tuple(int(r["role_id"]) for r in roles if r["kind"] == "meals"),
    )


class ProductionRepo:
    @staticmethod
    async def create(
        tx: Tx,
        new: NewProduction,
        now: datetime,
        channels: dict[str, int],
        *,
        ad_role_ids: tuple[int, ...] = (),
        producer_role_ids: tuple[int, ...] = (),
        join_code: str | None = None,
    ) -> Production | None:
        """Insert; ``None`` when the code is taken in this guild."""
        if await tx.one("production_by_code", {"guild_id": new.guild_id, "code": new.code}) is not None:
            return None
        pid = await tx.execute(
            "production_insert",
            {
                "guild_id": new.guild_id,
                "code": new.code,
                "name": new.name,
                "timezone": new.timezone,
                "language": new.language,
                "created_by": new.created_by,
                "created_at": now.isoformat(),
            },
        )
        for purpose, channel_id in channels.items():
            await tx.execute("production_channel_set", {"production_id": pid, "purpose": purpose, "channel_id": channel_id})
        for kind, role_ids in (("ad", ad_role_ids), ("producer", producer_role_ids)):
            for role_id in role_ids:
                await tx.execute("production_role_add", {"production_id": pid, "kind": kind, "role_id": role_id})
        if join_code:
            await tx.execute("production_set_join_code", {"id": pid, "join_code": join_code})
        return await ProductionRepo.get(tx, pid)

    @staticmethod
    async def get(tx: Tx, production_id: int) -> Production | None:
        return await _production(tx, await tx.one("production_by_id", {"id": production_id}))

    @staticmethod
    async def by_code(tx: Tx, guild_id: int, code: str) -> Production | None:
        return await _production(tx, await tx.one("production_by_code", {"guild_id": guild_id, "code": code.upper()}))

    @staticmethod
    async def in_guild(tx: Tx, guild_id: int) -> list[Production]:
        return [p for r in await tx.all("productions_in_guild", {"guild_id": guild_id}) if (p := await _production(tx, r))]

    @staticmethod
    async def by_channel(tx: Tx, guild_id: int, channel_id: int) -> list[Production]:
        rows = await tx.all("production_by_channel", {"guild_id": guild_id, "channel_id": channel_id})
        return [p for r in rows if (p := await _production(tx, r))]

    @staticmethod
    async def of_user(tx: Tx, guild_id: int, user_id: int) -> list[Production]:
        rows = await tx.all("productions_of_user", {"guild_id": guild_id, "user_id": user_id})
        return [p for r in rows if (p := await _production(tx, r))]

    @staticmethod
    async def set_channel(tx: Tx, production_id: int, purpose: str, channel_id: int) -> None:
        await tx.execute("production_channel_set", {"production_id": production_id, "purpose": purpose, "channel_id": channel_id})

    @staticmethod
    async def set_roles(tx: Tx, production_id: int, kind: str, role_ids: tuple[int, ...]) -> None:
        """Replace the production's ``kind`` ("ad", "producer" or "meals") roles; none: the configured ones."""
        await tx.execute("production_roles_clear", {"production_id": production_id, "kind": kind})
        for role_id in role_ids:
            await tx.execute("production_role_add", {"production_id": production_id, "kind": kind, "role_id": role_id})

    @staticmethod
    async def by_join_code(tx: Tx, guild_id: int, join_code: str) -> Production | None:
        return await _production(tx, await tx.one("production_by_join_code", {"guild_id": guild_id, "join_code": join_code}))

    @staticmethod
    async def set_languages(tx: Tx, production_id: int, language: str, second_language: str | None) -> Production | None:
        """The channel language and the optional second line (None: the channel language alone)."""
        await tx.execute("production_set_languages", {"id": production_id, "language": language, "second_language": second_language})
        return await ProductionRepo.get(tx, production_id)

    @staticmethod
    async def set_join_code(tx: Tx, production_id: int, join_code: str) -> bool:
        """False when another production of the guild already has this code."""
        prod = await ProductionRepo.get(tx, production_id)
        if prod is None:
            return False
        if await tx.one("production_by_join_code", {"guild_id": prod.guild_id, "join_code": join_code}) is not None:
            return False
        await tx.execute("production_set_join_code", {"id": production_id, "join_code": join_code})
        return True

    @staticmethod
    async def invite(tx: Tx, production_id: int, user_id: int, invited_by: int, now: datetime) -> None:
        await tx.execute("invitation_upsert", {"production_id": production_id, "user_id": user_id, "invited_by": invited_by,
                                               "created_at": now.isoformat()})

    @staticmethod
    async def drop_invitation(tx: Tx, production_id: int, user_id: int) -> None:
        await tx.execute("invitation_delete", {"production_id": production_id, "user_id": user_id})

    @staticmethod
    async def inviting(tx: Tx, guild_id: int, user_id: int) -> list[Production]:
        """Productions that invited this user and are waiting for their /crew join."""
        rows = await tx.all("productions_inviting_user", {"guild_id": guild_id, "user_id": user_id})
        return [p for r in rows if (p := await _production(tx, r))]
