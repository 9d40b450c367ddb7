"""Cast call proposals (``bot.domain.cues.proposals``): a batch of actors' call changes for the AD."""

from __future__ import annotations

from datetime import datetime

from bot.domain.cues.proposals import Item, Proposal
from db.database import Tx
from db.repositories.cues import ts


class ProposalRepo:
    @staticmethod
    async def create(tx: Tx, day_id: int, items: list[Item], now: datetime) -> int:
        """A new open proposal for the day; the open one before it (if any) is superseded."""
        await tx.execute("proposal_supersede_open", {"shoot_day_id": day_id, "now": ts(now)})
        proposal_id = await tx.execute("proposal_insert", {"shoot_day_id": day_id, "now": ts(now)})
        for item in items:
            await tx.execute("proposal_item_insert", {"proposal_id": proposal_id, "user_id": item.user_id, "old_call": ts(item.old),
                                                      "new_call": ts(item.new)})
        return int(proposal_id)

    @staticmethod
    async def get(tx: Tx, proposal_id: int) -> Proposal | None:
        row = await tx.one("proposal_by_id", {"id": proposal_id})
        return None if row is None else await ProposalRepo._with_items(tx, row)

    @staticmethod
    async def open_for_day(tx: Tx, day_id: int) -> Proposal | None:
        row = await tx.one("proposal_open_for_day", {"shoot_day_id": day_id})
        return None if row is None else await ProposalRepo._with_items(tx, row)

    @staticmethod
    async def supersede_open(tx: Tx, day_id: int, now: datetime) -> None:
        await tx.execute("proposal_supersede_open", {"shoot_day_id": day_id, "now": ts(now)})

    @staticmethod
    async def close(tx: Tx, proposal_id: int, decisions: dict[int, tuple[str, datetime]], by: int, now: datetime) -> bool:
        """Decide an open proposal: ``decisions`` maps each actor to (sent | held, the call). False
        when it was no longer open."""
        if not await tx.execute("proposal_close", {"id": proposal_id, "now": ts(now), "by": by}):
            return False
        for uid, (status, call) in decisions.items():
            await tx.execute("proposal_item_set_status", {"proposal_id": proposal_id, "user_id": uid, "status": status, "new_call": ts(call)})
        return True

    @staticmethod
    async def held(tx: Tx, day_id: int) -> dict[int, datetime]:
        """Actor -> the call the AD last held them at."""
        return {r["user_id"]: datetime.fromisoformat(r["new_call"]) for r in await tx.all("proposal_held_for_day", {"shoot_day_id": day_id})}

    @staticmethod
    async def _with_items(tx: Tx, row) -> Proposal:
        items = tuple(
            Item(r["user_id"], datetime.fromisoformat(r["old_call"]), datetime.fromisoformat(r["new_call"]), r["status"])
            for r in await tx.all("proposal_items", {"proposal_id": row["id"]})
        )
        return Proposal(row["id"], row["shoot_day_id"], row["status"], items, datetime.fromisoformat(row["created_at"]), row["decided_by"])
