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
    )


class ProductionRepo:
    @staticmethod
    async def create(tx: Tx, new: NewProduction, now: datetime, channels: dict[str, int]) -> Production | None:
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
