"""Standby calls, their answers and escalation steps; who is on duty; each actor's 跟妆."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.cues import Cue
from bot.domain.standby import Answer, Called, Look, Standby, Step
from bot.domain.standby.times import ResponseRow
from db.database import Tx
from db.repositories.cues import cue_from_row, ts


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Follower:
    actor_key: str
    actor_name: str
    user_id: int
    set_by: int
    set_at: datetime


class StandbyRepo:
    @staticmethod
    async def create(tx: Tx, sb: Standby, *, request_id: int | None = None, now: datetime) -> int | None:
        """Store a new standby and who it calls; None when its ``auto_key`` or ``request_id`` exists
        already (the same plan event, the same press: never two standbys for one)."""
        row = await tx.one(
            "standby_insert",
            {
                "production_id": sb.production_id, "shoot_day_id": sb.day_id, "kind": sb.kind, "department": sb.department,
                "what": sb.what, "set_name": sb.set_name, "place": sb.place, "scene": sb.scene, "person": sb.person,
                "due_at": ts(sb.due), "called_at": ts(sb.called_at), "called_by": sb.called_by, "called_by_name": sb.called_by_name,
                "locale": sb.locale, "channel_id": sb.channel_id, "role_id": sb.role_id, "auto_key": sb.auto_key, "keep": sb.keep,
                "request_id": request_id, "now": ts(now), "people": json.dumps(list(sb.people), ensure_ascii=False),
                "looks": json.dumps([[x.name, x.wardrobe, x.makeup] for x in sb.looks], ensure_ascii=False),
            },
        )
        if row is None:
            return None
        sid = int(row[0])
        for seq, c in enumerate(sb.called):
            await tx.execute("standby_called_insert", {"standby_id": sid, "seq": seq, "user_id": c.user_id, "name": c.name,
                                                       "department": c.department, "language": c.language, "role": c.role, "reach": c.reach})
        return sid

    @staticmethod
    async def _load(tx: Tx, row: aiosqlite.Row | None) -> Standby | None:
        if row is None:
            return None
        sid = row["id"]
        called = tuple(Called(r["user_id"], r["name"], r["department"], r["language"], r["role"], r["reach"])
                       for r in await tx.all("standby_called_of", {"standby_id": sid}))
        answers = tuple(Answer(r["user_id"], r["name"], r["department"], r["answer"], datetime.fromisoformat(r["at"]), r["seconds"])
                        for r in await tx.all("standby_answers_of", {"standby_id": sid}))
        steps = tuple(Step(r["step"], datetime.fromisoformat(r["at"])) for r in await tx.all("standby_steps_of", {"standby_id": sid}))
        return Standby(
            id=sid, production_id=row["production_id"], day_id=row["shoot_day_id"], kind=row["kind"], department=row["department"],
            what=row["what"], called_at=datetime.fromisoformat(row["called_at"]), locale=row["locale"], set_name=row["set_name"],
            place=row["place"], due=_dt(row["due_at"]), called_by=row["called_by"], called_by_name=row["called_by_name"],
            person=row["person"], scene=row["scene"], channel_id=row["channel_id"], role_id=row["role_id"], state=row["state"],
            auto_key=row["auto_key"], called=called, answers=answers, steps=steps, keep=row["keep"], first_due=_dt(row["first_due_at"]),
            people=tuple(json.loads(row["people"])), looks=tuple(Look(*x) for x in json.loads(row["looks"])),
        )

    @staticmethod
    async def get(tx: Tx, standby_id: int) -> Standby | None:
        return await StandbyRepo._load(tx, await tx.one("standby_by_id", {"id": standby_id}))

    @staticmethod
    async def by_request(tx: Tx, request_id: int) -> Standby | None:
        return await StandbyRepo._load(tx, await tx.one("standby_by_request", {"request_id": request_id}))

    @staticmethod
    async def by_auto_key(tx: Tx, auto_key: str) -> Standby | None:
        return await StandbyRepo._load(tx, await tx.one("standby_by_auto_key", {"auto_key": auto_key}))

    @staticmethod
    async def recent(tx: Tx, production_id: int, since: datetime, limit: int = 25) -> list[Standby]:
        rows = await tx.all("standbys_recent", {"production_id": production_id, "since": ts(since), "limit": limit})
        return [sb for r in rows if (sb := await StandbyRepo._load(tx, r)) is not None]

    @staticmethod
    async def answer(tx: Tx, standby_id: int, answer: Answer, *, request_id: int | None = None) -> bool:
        """Store one press; the first answer marks the standby answered. False: this press (request)
        was stored already."""
        done = await tx.execute("standby_answer_insert", {
            "standby_id": standby_id, "user_id": answer.user_id, "name": answer.name, "department": answer.department,
            "answer": answer.answer, "at": ts(answer.at), "seconds": answer.seconds, "request_id": request_id,
        })
        if not done:
            return False
        await tx.execute("standby_first_answer", {"id": standby_id, "at": ts(answer.at), "user_id": answer.user_id})
        return True

    @staticmethod
    async def answer_of_request(tx: Tx, request_id: int) -> int | None:
        row = await tx.one("standby_answer_by_request", {"request_id": request_id})
        return None if row is None else int(row["standby_id"])

    @staticmethod
    async def step(tx: Tx, standby_id: int, step: str, at: datetime) -> bool:
        return bool(await tx.execute("standby_step_insert", {"standby_id": standby_id, "step": step, "at": ts(at)}))

    @staticmethod
    async def set_reach(tx: Tx, standby_id: int, user_id: int, reach: str) -> bool:
        return bool(await tx.execute("standby_set_reach", {"standby_id": standby_id, "user_id": user_id, "reach": reach}))

    @staticmethod
    async def retime(tx: Tx, standby_id: int, due: datetime) -> bool:
        """The standby's scene moved: ``due`` is the time in force now (the first one is kept)."""
        return bool(await tx.execute("standby_retime", {"id": standby_id, "due_at": ts(due)}))

    @staticmethod
    async def cancel(tx: Tx, standby_id: int) -> bool:
        return bool(await tx.execute("standby_cancel", {"id": standby_id}))

    @staticmethod
    async def state(tx: Tx, standby_id: int) -> str | None:
        return await tx.scalar("standby_state", {"id": standby_id})

    @staticmethod
    async def cues(tx: Tx, prefix: str) -> list[Cue]:
        """The outbox rows whose key starts with ``prefix`` ("standby:7:esc:")."""
        return [cue_from_row(r) for r in await tx.all("standby_cues", {"lo": prefix, "hi": prefix + "\uffff"})]

    @staticmethod
    async def response_rows(tx: Tx, production_id: int, since: datetime, until: datetime) -> list[ResponseRow]:
        rows = await tx.all("standby_response_rows", {"production_id": production_id, "since": ts(since), "until": ts(until)})
        return [ResponseRow(r["standby_id"], r["department"], r["user_id"], r["name"], r["seconds"]) for r in rows]


class DutyRepo:
    @staticmethod
    async def set(tx: Tx, production_id: int, user_id: int, on: bool, *, by: int, now: datetime) -> None:
        await tx.execute("duty_set", {"production_id": production_id, "user_id": user_id, "on_duty": int(on), "set_by": by, "set_at": ts(now)})

    @staticmethod
    async def of_production(tx: Tx, production_id: int) -> dict[int, bool]:
        """user id -> on duty, for those with an entry (no entry: on duty)."""
        return {r["user_id"]: bool(r["on_duty"]) for r in await tx.all("duty_of_production", {"production_id": production_id})}

    @staticmethod
    async def off_duty(tx: Tx, production_id: int) -> frozenset[int]:
        return frozenset(uid for uid, on in (await DutyRepo.of_production(tx, production_id)).items() if not on)


class FollowerRepo:
    @staticmethod
    async def set(tx: Tx, production_id: int, actor_key: str, actor_name: str, user_id: int, *, by: int, now: datetime) -> None:
        await tx.execute("follower_set", {"production_id": production_id, "actor_key": actor_key, "actor_name": actor_name,
                                          "user_id": user_id, "set_by": by, "set_at": ts(now)})

    @staticmethod
    async def clear(tx: Tx, production_id: int, actor_key: str) -> bool:
        return bool(await tx.execute("follower_clear", {"production_id": production_id, "actor_key": actor_key}))

    @staticmethod
    async def of_production(tx: Tx, production_id: int) -> list[Follower]:
        rows = await tx.all("followers_of_production", {"production_id": production_id})
        return [Follower(r["actor_key"], r["actor_name"], r["user_id"], r["set_by"], datetime.fromisoformat(r["set_at"])) for r in rows]
