"""The AD actions the bot applied, and whether their answers reached Discord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from db.database import Tx
from db.repositories.cues import ts


@dataclass(frozen=True)
class AppliedAction:
    id: int
    production_id: int
    user_id: int
    command: str
    key: str
    subject: str
    interaction_id: int
    applied_at: datetime
    answered_at: datetime | None


def _action(row: aiosqlite.Row | None) -> AppliedAction | None:
    if row is None:
        return None
    return AppliedAction(
        id=row["id"], production_id=row["production_id"], user_id=row["user_id"], command=row["command"], key=row["action_key"],
        subject=row["subject"], interaction_id=row["interaction_id"], applied_at=datetime.fromisoformat(row["applied_at"]),
        answered_at=datetime.fromisoformat(row["answered_at"]) if row["answered_at"] else None,
    )


class ActionRepo:
    @staticmethod
    async def record(tx: Tx, *, production_id: int, user_id: int, command: str, key: str, subject: str, interaction_id: int,
                     now: datetime) -> int:
        return await tx.execute("action_insert", {"production_id": production_id, "user_id": user_id, "command": command,
                                                  "action_key": key, "subject": subject, "interaction_id": interaction_id,
                                                  "applied_at": ts(now)})

    @staticmethod
    async def answered(tx: Tx, action_id: int, now: datetime) -> None:
        await tx.execute("action_answered", {"id": action_id, "answered_at": ts(now)})

    @staticmethod
    async def last_unanswered(tx: Tx, *, production_id: int, user_id: int, key: str, since: datetime) -> AppliedAction | None:
        return _action(await tx.one("action_last_unanswered", {"production_id": production_id, "user_id": user_id,
                                                                "action_key": key, "since": ts(since)}))

    @staticmethod
    async def recent(tx: Tx, production_id: int, limit: int = 20) -> list[AppliedAction]:
        return [a for r in await tx.all("actions_recent", {"production_id": production_id, "limit": limit}) if (a := _action(r))]
