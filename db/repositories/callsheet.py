"""Published call sheet versions, their announcement posts, and per-person deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import aiosqlite

from bot.domain.callsheet import CallSheet, Delivery, DeliveryPlan, PublishedVersion
from db.database import Tx


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _delivery(row: aiosqlite.Row) -> Delivery:
    return Delivery(
        id=row["id"], version_id=row["version_id"], user_id=row["user_id"], department=row["department"],
        call_at=datetime.fromisoformat(row["call_at"]), status=row["status"], notified=bool(row["notified"]),
        dm_channel_id=row["dm_channel_id"], dm_message_id=row["dm_message_id"],
        fallback_channel_id=row["fallback_channel_id"], fallback_message_id=row["fallback_message_id"],
        sent_at=_dt(row["sent_at"]), confirmed_at=_dt(row["confirmed_at"]), error=row["error"],
        error_code=row["error_code"],
    )


def _version(row: aiosqlite.Row) -> PublishedVersion:
    return PublishedVersion(
        id=row["id"], shoot_day_id=row["shoot_day_id"], version=row["version"], day_revision=row["day_revision"],
        general_call=datetime.fromisoformat(row["general_call"]), published_at=datetime.fromisoformat(row["published_at"]),
        published_by=row["published_by"], sheet=CallSheet.from_json(row["snapshot"]),
    )


@dataclass(frozen=True)
class ConfirmResult:
    """``outcome``: "confirmed", "already" (was confirmed), "superseded" (a newer sheet was sent to
    them, or they are no longer called), "not_yours" (someone else's button), or "missing"."""

    outcome: str
    delivery: Delivery | None = None
    version: int = 0
    shoot_day_id: int = 0
    production_id: int = 0
    day: date | None = None


class CallsheetRepo:
    @staticmethod
    async def latest(tx: Tx, shoot_day_id: int) -> PublishedVersion | None:
        row = await tx.one("callsheet_latest_version", {"shoot_day_id": shoot_day_id})
        return None if row is None else _version(row)

    @staticmethod
    async def latest_id(tx: Tx, shoot_day_id: int) -> int | None:
        """The newest published version's id, without decoding its snapshot."""
        value = await tx.scalar("callsheet_latest_version_id", {"shoot_day_id": shoot_day_id})
        return None if value is None else int(value)

    @staticmethod
    async def version(tx: Tx, version_id: int) -> PublishedVersion | None:
        row = await tx.one("callsheet_version_by_id", {"id": version_id})
        return None if row is None else _version(row)

    @staticmethod
    async def version_number(tx: Tx, shoot_day_id: int, number: int) -> PublishedVersion | None:
        row = await tx.one("callsheet_version_by_number", {"shoot_day_id": shoot_day_id, "version": number})
        return None if row is None else _version(row)

    @staticmethod
    async def last_received(tx: Tx, shoot_day_id: int) -> dict[int, CallSheet]:
        """user -> the sheet they were last sent (their last notified version), so a revision is
        compared with what each person actually has."""
        wanted = {r["user_id"]: r["version"] for r in await tx.all("callsheet_last_notified_versions", {"shoot_day_id": shoot_day_id})}
        sheets: dict[int, CallSheet] = {}
        for number in set(wanted.values()):
            row = await tx.one("callsheet_version_by_number", {"shoot_day_id": shoot_day_id, "version": number})
            if row is not None:
                sheets[number] = CallSheet.from_json(row["snapshot"])
        return {uid: sheets[v] for uid, v in wanted.items() if v in sheets}

    @staticmethod
    async def next_version_number(tx: Tx, shoot_day_id: int) -> int:
        return int(await tx.scalar("callsheet_next_version_number", {"shoot_day_id": shoot_day_id}))

    @staticmethod
    async def publish(
        tx: Tx, shoot_day_id: int, sheet: CallSheet, plans: list[DeliveryPlan], previous: dict[int, Delivery], *, by: int, now: datetime
    ) -> tuple[int, dict[int, Delivery]]:
        """Store version ``sheet.version`` and one delivery per called person (notified ones start
        pending; the others carry their previous status and DM). Returns (version id, user -> delivery)."""
        version_id = await tx.execute(
            "callsheet_version_insert",
            {"shoot_day_id": shoot_day_id, "version": sheet.version, "day_revision": sheet.day_revision,
             "general_call": _iso(sheet.general_call), "published_at": _iso(now), "published_by": by, "snapshot": sheet.to_json()},
        )
        out: dict[int, Delivery] = {}
        for plan in plans:
            if plan.removed:
                continue
            prior = previous.get(plan.user_id)
            carried = not plan.notify and prior is not None
            delivery_id = await tx.execute(
                "delivery_insert",
                {
                    "version_id": version_id, "user_id": plan.user_id, "department": plan.department, "call_at": _iso(plan.call),
                    "status": plan.status, "notified": int(plan.notify),
                    "dm_channel_id": prior.dm_channel_id if carried else None,
                    "dm_message_id": prior.dm_message_id if carried else None,
                    "fallback_channel_id": prior.fallback_channel_id if carried else None,
                    "fallback_message_id": prior.fallback_message_id if carried else None,
                    "sent_at": _iso(prior.sent_at) if carried else None,
                    "confirmed_at": _iso(prior.confirmed_at) if carried else None,
                    "error": prior.error if carried else "",
                    "error_code": prior.error_code if carried else None,
                },
            )
            row = await tx.one("delivery_by_id", {"id": delivery_id})
            out[plan.user_id] = _delivery(row)
        return version_id, out

    @staticmethod
    async def add_post(tx: Tx, version_id: int, position: int, channel_id: int, message_id: int) -> None:
        await tx.execute("callsheet_post_insert", {"version_id": version_id, "position": position, "channel_id": channel_id, "message_id": message_id})

    @staticmethod
    async def posts(tx: Tx, version_id: int) -> list[tuple[int, int]]:
        return [(r["channel_id"], r["message_id"]) for r in await tx.all("callsheet_posts_for_version", {"version_id": version_id})]

    @staticmethod
    async def deliveries(tx: Tx, version_id: int) -> list[Delivery]:
        return [_delivery(r) for r in await tx.all("deliveries_for_version", {"version_id": version_id})]

    @staticmethod
    async def delivery(tx: Tx, delivery_id: int) -> Delivery | None:
        row = await tx.one("delivery_by_id", {"id": delivery_id})
        return None if row is None else _delivery(row)

    @staticmethod
    async def mark_sent(tx: Tx, delivery_id: int, channel_id: int, message_id: int, now: datetime) -> None:
        await tx.execute("delivery_mark_sent", {"id": delivery_id, "dm_channel_id": channel_id, "dm_message_id": message_id, "sent_at": _iso(now)})

    @staticmethod
    async def mark_unreachable(tx: Tx, delivery_id: int, error: str, fallback_channel_id: int | None = None, fallback_message_id: int | None = None,
                               *, code: int | None = None) -> None:
        """The DM could not be delivered (``code``: Discord's, 50007 = DMs closed); the fallback mention, once posted."""
        await tx.execute("delivery_mark_unreachable", {"id": delivery_id, "error": error[:200], "error_code": code,
                                                       "fallback_channel_id": fallback_channel_id, "fallback_message_id": fallback_message_id})

    @staticmethod
    async def confirm(tx: Tx, delivery_id: int, user_id: int, now: datetime) -> ConfirmResult:
        """Confirm from a DM button. Works for the person's delivery in the newest version, and for
        the button of an older DM when that DM is the newest one they were sent (later versions
        did not change anything for them); anything older is "superseded"."""
        row = await tx.one("delivery_context", {"id": delivery_id})
        if row is None:
            return ConfirmResult("missing")
        if row["user_id"] != user_id:
            return ConfirmResult("not_yours", _delivery(row))
        ctx = {"version": 0, "shoot_day_id": row["shoot_day_id"], "production_id": row["production_id"], "day": date.fromisoformat(row["date"])}
        latest_version = await tx.one("callsheet_latest_version", {"shoot_day_id": row["shoot_day_id"]})
        current = await tx.one("delivery_latest_for_user_day", {"shoot_day_id": row["shoot_day_id"], "user_id": user_id})
        if current is None or latest_version is None or current["version_id"] != latest_version["id"]:
            return ConfirmResult("superseded", _delivery(row), **{**ctx, "version": latest_version["version"] if latest_version else 0})
        newest_sent = await tx.one("delivery_latest_notified_for_user_day", {"shoot_day_id": row["shoot_day_id"], "user_id": user_id})
        if delivery_id != current["id"] and (newest_sent is None or newest_sent["id"] != delivery_id):
            return ConfirmResult("superseded", _delivery(current), **{**ctx, "version": current["version"]})
        ctx["version"] = current["version"]
        if current["status"] == "confirmed":
            return ConfirmResult("already", _delivery(current), **ctx)
        await tx.execute("delivery_confirm", {"id": current["id"], "confirmed_at": _iso(now)})
        if current["id"] != delivery_id:
            await tx.execute("delivery_confirm", {"id": delivery_id, "confirmed_at": _iso(now)})
        fresh = await tx.one("delivery_by_id", {"id": current["id"]})
        return ConfirmResult("confirmed", _delivery(fresh), **ctx)

    @staticmethod
    async def current_for_user(tx: Tx, shoot_day_id: int, user_id: int) -> Delivery | None:
        """The person's delivery row in the newest version of the day (None: not called in it)."""
        latest_version = await tx.one("callsheet_latest_version", {"shoot_day_id": shoot_day_id})
        current = await tx.one("delivery_latest_for_user_day", {"shoot_day_id": shoot_day_id, "user_id": user_id})
        if latest_version is None or current is None or current["version_id"] != latest_version["id"]:
            return None
        return _delivery(current)

    @staticmethod
    async def latest_for_user(tx: Tx, production_id: int, user_id: int, from_date: date) -> PublishedVersion | None:
        """The newest published sheet of the first day on or after ``from_date`` that has ``user_id``."""
        row = await tx.one("callsheet_latest_for_user", {"production_id": production_id, "user_id": user_id, "from_date": from_date.isoformat()})
        return None if row is None else _version(row)
