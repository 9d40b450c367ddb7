"""The cue table: insert / re-time / cancel (one reconcile in one transaction), claim, mark sent,
failures with attempts and back-off, and personal reminder preferences."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import aiosqlite

from bot.domain.cues import Changes, Cue, CueSpec, Target
from db.database import Tx


def ts(value: datetime | None) -> str | None:
    """Aware datetime -> fixed-width UTC text (text order is time order)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def new_nonce() -> str:
    """A Discord message nonce (at most 25 characters), fixed for the life of the cue."""
    return "sc" + secrets.token_hex(10)


def cue_from_row(row: aiosqlite.Row) -> Cue:
    return Cue(
        id=row["id"],
        production_id=row["production_id"],
        day_id=row["shoot_day_id"],
        scope=row["scope"],
        key=row["key"],
        kind=row["kind"],
        due=datetime.fromisoformat(row["due_at"]),
        target=Target(row["channel_id"], row["user_id"], row["role_id"]),
        locale=row["locale"],
        payload=json.loads(row["payload"]),
        status=row["status"],
        expires=_dt(row["expires_at"]),
        attempts=row["attempts"],
        nonce=row["nonce"],
        late=bool(row["late"]),
        claimed_at=_dt(row["claimed_at"]),
        sent_at=_dt(row["sent_at"]),
        retry_at=_dt(row["retry_at"]),
        message_id=row["message_id"],
        error=row["error"],
        batch=row["batch"],
        seq=row["seq"],
        claimed_wall=row["claimed_wall"],
        sent_channel_id=row["sent_channel_id"],
        error_status=row["error_status"],
        error_code=row["error_code"],
        error_missing=tuple(x for x in (row["error_missing"] or "").split(",") if x),
    )


def _spec_params(spec: CueSpec) -> dict:
    return {
        "kind": spec.kind,
        "due_at": ts(spec.due),
        "expires_at": ts(spec.expires),
        "channel_id": spec.target.channel_id,
        "user_id": spec.target.user_id,
        "role_id": spec.target.role_id,
        "locale": spec.locale,
        "payload": json.dumps(spec.payload, ensure_ascii=False, sort_keys=True),
    }


class CueRepo:
    @staticmethod
    async def insert(tx: Tx, production_id: int, day_id: int | None, spec: CueSpec, now: datetime) -> int | None:
        """Insert; ``None`` when a cue with this key already exists (idempotent)."""
        row = await tx.one(
            "cue_insert",
            {**_spec_params(spec), "production_id": production_id, "shoot_day_id": day_id, "scope": spec.scope, "key": spec.key,
             "nonce": new_nonce(), "batch": spec.batch, "seq": spec.seq, "now": ts(now)},
        )
        return None if row is None else int(row[0])

    @staticmethod
    async def apply(tx: Tx, production_id: int, day_id: int | None, changes: Changes, now: datetime) -> list[int]:
        """Apply a reconcile in the caller's transaction; returns the ids to (re-)arm or disarm."""
        touched: list[int] = []
        for spec in changes.insert:
            if (cid := await CueRepo.insert(tx, production_id, day_id, spec, now)) is not None:
                touched.append(cid)
        for cue_id, spec in changes.update:
            if await tx.execute("cue_rewrite", {**_spec_params(spec), "id": cue_id, "now": ts(now)}):
                touched.append(cue_id)
        for cue_id in changes.cancel:
            if await tx.execute("cue_cancel", {"id": cue_id, "now": ts(now)}):
                touched.append(cue_id)
        return touched

    @staticmethod
    async def get(tx: Tx, cue_id: int) -> Cue | None:
        row = await tx.one("cue_by_id", {"id": cue_id})
        return None if row is None else cue_from_row(row)

    @staticmethod
    async def by_key(tx: Tx, key: str) -> Cue | None:
        row = await tx.one("cue_by_key", {"key": key})
        return None if row is None else cue_from_row(row)

    @staticmethod
    async def in_scope(tx: Tx, day_id: int, scope: str) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_in_scope", {"shoot_day_id": day_id, "scope": scope})]

    @staticmethod
    async def of_kind(tx: Tx, day_id: int, kind: str) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_of_kind_for_day", {"shoot_day_id": day_id, "kind": kind})]

    @staticmethod
    async def for_day(tx: Tx, day_id: int) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_for_day", {"shoot_day_id": day_id})]

    @staticmethod
    async def open(tx: Tx) -> list[Cue]:
        """Pending and interrupted (sending) cues of every production."""
        return [cue_from_row(r) for r in await tx.all("cues_open")]

    @staticmethod
    async def posted_messages(tx: Tx) -> tuple[set[int], set[str]]:
        """What went out through the outbox, every production: the message ids rows recorded (a
        posting row's message, an editing row's edited one) and every row's nonce (a message still
        in flight is known by it before its id is recorded)."""
        rows = await tx.all("cues_posted_messages")
        return {int(r["message_id"]) for r in rows if r["message_id"] is not None}, {str(r["nonce"]) for r in rows}

    @staticmethod
    async def due(tx: Tx, now: datetime, limit: int = 50) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_due", {"now": ts(now), "limit": limit})]

    @staticmethod
    async def claim(tx: Tx, cue_id: int, now: datetime, *, late: bool = False, wall: float | None = None) -> Cue | None:
        """pending -> sending. ``None`` when someone else claimed it (or it was cancelled).
        ``wall``: Unix time of the claim (default: now), kept to look in Discord's history after a crash."""
        params = {"id": cue_id, "now": ts(now), "late": int(late), "wall": time.time() if wall is None else wall}
        if not await tx.execute("cue_claim", params):
            return None
        return await CueRepo.get(tx, cue_id)

    @staticmethod
    async def reclaim(tx: Tx, cue_id: int, now: datetime, *, late: bool = False, wall: float | None = None) -> Cue | None:
        """An interrupted send (still ``sending``) not found in Discord is attempted again, with the same nonce."""
        params = {"id": cue_id, "now": ts(now), "late": int(late), "wall": time.time() if wall is None else wall}
        if not await tx.execute("cue_reclaim", params):
            return None
        return await CueRepo.get(tx, cue_id)

    @staticmethod
    async def mark_sent(tx: Tx, cue_id: int, now: datetime, message_id: int | None = None, channel_id: int | None = None) -> bool:
        return bool(await tx.execute("cue_mark_sent", {"id": cue_id, "now": ts(now), "message_id": message_id, "channel_id": channel_id}))

    @staticmethod
    async def mark_retry(tx: Tx, cue_id: int, retry_at: datetime, error: str, now: datetime, *, status: int | None = None,
                         code: int | None = None) -> bool:
        params = {"id": cue_id, "retry_at": ts(retry_at), "error": error[:500], "now": ts(now), "status": status, "code": code}
        return bool(await tx.execute("cue_mark_retry", params))

    @staticmethod
    async def mark_throttled(tx: Tx, cue_id: int, error: str, now: datetime, *, status: int | None = None, code: int | None = None) -> bool:
        """Back to pending without counting the attempt (the engine holds it for the back-off, wall clock)."""
        params = {"id": cue_id, "retry_at": ts(now), "error": error[:500], "now": ts(now), "status": status, "code": code}
        return bool(await tx.execute("cue_mark_throttled", params))

    @staticmethod
    async def mark_failed(tx: Tx, cue_id: int, error: str, now: datetime, *, status: int | None = None, code: int | None = None,
                          missing: Iterable[str] = ()) -> bool:
        params = {"id": cue_id, "error": error[:500], "now": ts(now), "status": status, "code": code, "missing": ",".join(missing)}
        return bool(await tx.execute("cue_mark_failed", params))

    @staticmethod
    async def requeue(tx: Tx, cue_id: int, now: datetime) -> bool:
        """A failed or skipped row goes out again (fresh attempts, due now)."""
        return bool(await tx.execute("cue_requeue", {"id": cue_id, "now": ts(now)}))

    @staticmethod
    async def with_key_prefix(tx: Tx, prefix: str) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_with_key_prefix", {"prefix": prefix})]

    @staticmethod
    async def open_with_key_prefix(tx: Tx, prefix: str) -> int:
        """How many rows whose key starts with ``prefix`` are still pending or being sent."""
        return int(await tx.scalar("cues_open_with_key_prefix", {"prefix": prefix}) or 0)

    @staticmethod
    async def pending_in_batch_after(tx: Tx, batch: str, seq: int) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_pending_in_batch_after", {"batch": batch, "seq": seq})]

    @staticmethod
    async def pending_of_kind(tx: Tx, production_id: int, kind: str) -> Cue | None:
        row = await tx.one("cue_pending_of_kind", {"production_id": production_id, "kind": kind})
        return None if row is None else cue_from_row(row)

    @staticmethod
    async def set_payload(tx: Tx, cue_id: int, payload: dict, now: datetime) -> bool:
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        return bool(await tx.execute("cue_set_payload", {"id": cue_id, "payload": text, "now": ts(now)}))

    @staticmethod
    async def failed_for_day(tx: Tx, day_id: int) -> list[Cue]:
        return [cue_from_row(r) for r in await tx.all("cues_failed_for_day", {"shoot_day_id": day_id})]

    @staticmethod
    async def mark_skipped(tx: Tx, cue_ids: Iterable[int], reason: str, now: datetime) -> None:
        for cue_id in cue_ids:
            await tx.execute("cue_mark_skipped", {"id": cue_id, "error": reason[:500], "now": ts(now)})

    @staticmethod
    async def mark_dropped(tx: Tx, cue_id: int, reason: str, now: datetime) -> bool:
        return bool(await tx.execute("cue_dropped", {"id": cue_id, "error": reason[:500], "now": ts(now)}))

    # --- personal preferences ------------------------------------------------------------------

    @staticmethod
    async def reminder_minutes(tx: Tx, production_id: int) -> dict[int, int]:
        rows = await tx.all("cue_preferences_for_production", {"production_id": production_id})
        return {r["user_id"]: r["call_reminder_minutes"] for r in rows}

    @staticmethod
    async def set_reminder_minutes(tx: Tx, production_id: int, user_id: int, minutes: int | None) -> None:
        """``None`` goes back to the production default."""
        if minutes is None:
            await tx.execute("cue_preference_clear", {"production_id": production_id, "user_id": user_id})
        else:
            await tx.execute("cue_preference_set", {"production_id": production_id, "user_id": user_id, "minutes": minutes})
