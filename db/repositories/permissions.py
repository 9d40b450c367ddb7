"""What the AD was last told the bot is missing, per production and channel."""

from __future__ import annotations

from datetime import datetime

from bot.domain.permissions import Problem, Review, decode, encode
from db.database import Tx
from db.repositories.cues import ts


class PermissionRepo:
    @staticmethod
    async def told(tx: Tx, production_id: int) -> dict[int, Problem]:
        rows = await tx.all("permission_state_of", {"production_id": production_id})
        return {int(r["channel_id"]): decode(r["missing"]) for r in rows}

    @staticmethod
    async def record(tx: Tx, production_id: int, review: Review, now: datetime) -> None:
        """Store what the AD is being told (in the transaction that queues the telling)."""
        for cid, problem in review.warn.items():
            await tx.execute("permission_state_set", {"production_id": production_id, "channel_id": cid, "missing": encode(problem),
                                                      "now": ts(now)})
        for cid in (*review.fixed, *review.forget):
            await tx.execute("permission_state_clear", {"production_id": production_id, "channel_id": cid})
