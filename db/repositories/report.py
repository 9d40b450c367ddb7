"""Daily reports (drafts and their sign-off), who gets them by DM, and the rest guard's overrides."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.report import DailyReport, Override, PlanDay, PlanScene, from_json, to_json
from bot.domain.rest import Breach
from db.database import Tx
from db.repositories.cues import ts


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@dataclass(frozen=True)
class StoredReport:
    id: int
    production_id: int
    day_id: int
    revision: int
    wrap_at: datetime | None
    report: DailyReport
    status: str  # draft | signed | superseded
    created_at: datetime
    signed_by: int | None = None
    signed_by_name: str = ""
    signed_at: datetime | None = None
    recipients: int = 0


@dataclass(frozen=True)
class Recipient:
    user_id: int
    language: str
    wants: bool


def _report(row: aiosqlite.Row | None) -> StoredReport | None:
    if row is None:
        return None
    return StoredReport(
        id=row["id"], production_id=row["production_id"], day_id=row["shoot_day_id"], revision=row["revision"],
        wrap_at=_dt(row["wrap_at"]), report=from_json(row["snapshot"]), status=row["status"], created_at=datetime.fromisoformat(row["created_at"]),
        signed_by=row["signed_by"], signed_by_name=row["signed_by_name"], signed_at=_dt(row["signed_at"]), recipients=row["recipients"],
    )


class ReportRepo:
    @staticmethod
    async def draft(tx: Tx, production_id: int, day_id: int, report: DailyReport, *, wrap_at: datetime | None, now: datetime) -> StoredReport:
        """Store a new draft of the day; older unsigned drafts are superseded."""
        rid = await tx.execute("report_insert", {"production_id": production_id, "shoot_day_id": day_id, "wrap_at": ts(wrap_at),
                                                 "snapshot": to_json(report), "now": ts(now)})
        await tx.execute("report_supersede_drafts", {"shoot_day_id": day_id, "keep": rid})
        stored = await ReportRepo.get(tx, rid)
        assert stored is not None
        return stored

    @staticmethod
    async def get(tx: Tx, report_id: int) -> StoredReport | None:
        return _report(await tx.one("report_by_id", {"id": report_id}))

    @staticmethod
    async def latest(tx: Tx, day_id: int) -> StoredReport | None:
        return _report(await tx.one("report_latest", {"shoot_day_id": day_id}))

    @staticmethod
    async def for_wrap(tx: Tx, day_id: int, wrap_at: datetime) -> StoredReport | None:
        return _report(await tx.one("report_draft_for_wrap", {"shoot_day_id": day_id, "wrap_at": ts(wrap_at)}))

    @staticmethod
    async def supersede_drafts(tx: Tx, day_id: int, keep: int = 0) -> int:
        return await tx.execute("report_supersede_drafts", {"shoot_day_id": day_id, "keep": keep})

    @staticmethod
    async def sign(tx: Tx, report_id: int, *, by: int, by_name: str, request: int, recipients: int, now: datetime) -> bool:
        """Sign a draft off; False when it is not a draft any more (signed already, or superseded)."""
        return bool(await tx.execute("report_sign", {"id": report_id, "by": by, "by_name": by_name, "request": request,
                                                     "recipients": recipients, "now": ts(now)}))

    # ------------------------------------------------------------------ who gets it by DM

    @staticmethod
    async def set_recipient(tx: Tx, production_id: int, user_id: int, language: str, wants: bool, now: datetime) -> None:
        await tx.execute("recipient_set", {"production_id": production_id, "user_id": user_id, "language": language,
                                           "wants": int(wants), "now": ts(now)})

    @staticmethod
    async def recipients(tx: Tx, production_id: int) -> list[Recipient]:
        return [Recipient(r["user_id"], r["language"], bool(r["wants"])) for r in await tx.all("recipients_of_production", {"production_id": production_id})]

    # ------------------------------------------------------------------ the shoot so far

    @staticmethod
    async def plan_days(tx: Tx, production_id: int) -> list[tuple[int, PlanDay]]:
        """(day id, day) for every shoot day: its scenes and the scenes its steps finished."""
        scenes: dict[int, list[PlanScene]] = {}
        for r in await tx.all("report_scenes_of_production", {"production_id": production_id}):
            scenes.setdefault(r["shoot_day_id"], []).append(PlanScene(r["number"], r["est_minutes"], tuple(e for e in r["episodes"].split(",") if e)))
        shot: dict[int, set[str]] = {}
        for r in await tx.all("report_finished_of_production", {"production_id": production_id}):
            shot.setdefault(r["shoot_day_id"], set()).add(r["finished"])
        return [(r["id"], PlanDay(date.fromisoformat(r["date"]), r["day_number"], r["state"], tuple(scenes.get(r["id"], ())),
                                  frozenset(shot.get(r["id"], ()))))
                for r in await tx.all("report_days_of_production", {"production_id": production_id})]


class RestRepo:
    @staticmethod
    async def record_override(tx: Tx, day_id: int, *, reason: str, by: int, by_name: str, breaches: tuple[Breach, ...], request: int | None,
                              now: datetime) -> int:
        """A call sheet published despite the rest rules (called inside the publish's transaction: the
        version is the one it just stored)."""
        people = list(dict.fromkeys(b.name for b in breaches))
        rows = [[b.kind, b.name, b.department, b.value, b.limit] for b in breaches]
        return await tx.execute("rest_override_insert", {"shoot_day_id": day_id, "reason": reason, "by_user": by, "by_name": by_name,
                                                         "at": ts(now), "people": json.dumps(people, ensure_ascii=False),
                                                         "breaches": json.dumps(rows, ensure_ascii=False), "request_id": request})

    @staticmethod
    async def overrides(tx: Tx, day_ids: tuple[int, ...]) -> list[Override]:
        ids = (tuple(day_ids) + (0, 0))[:2]
        rows = await tx.all("rest_overrides_for_days", {"a": ids[0], "b": ids[1]})
        return [Override(date.fromisoformat(r["date"]), r["day_number"], r["version"], r["reason"], r["by_name"], datetime.fromisoformat(r["at"]),
                         tuple(json.loads(r["people"] or "[]"))) for r in rows]

    @staticmethod
    async def by_request(tx: Tx, request_id: int) -> tuple[int, datetime] | None:
        row = await tx.one("rest_override_by_request", {"request_id": request_id})
        return None if row is None else (row["version"], datetime.fromisoformat(row["at"]))
