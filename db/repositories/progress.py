"""Shoot progress of a day (steps, meals, skips, adjustment) saved with compare-and-set, and the
call each person last heard."""

from __future__ import annotations

import json
from datetime import date, datetime

import aiosqlite

from bot.domain.cues import KnownCall
from bot.domain.errors import DomainError
from bot.domain.progress import DayState, Delay, MealTaken, Progress, Skip, Step
from db.database import Tx
from db.repositories.cues import ts


def _meal_dict(m: MealTaken) -> dict:
    return {"name": m.name, "called": ts(m.called), "minutes": m.minutes, "resumed": ts(m.resumed), "scene": m.scene, "by": m.by,
            "returned": m.returned}


def _meals_json(meals: tuple[MealTaken, ...]) -> str:
    return json.dumps([_meal_dict(m) for m in meals], ensure_ascii=False)


def _meals_from_json(text: str) -> tuple[MealTaken, ...]:
    out = []
    for item in json.loads(text):
        if isinstance(item, list):  # before migration 0004: [meal, boundary]
            out.append(MealTaken(item[0], datetime.fromisoformat(item[1]), 30, datetime.fromisoformat(item[1])))
            continue
        resumed = item.get("resumed")
        out.append(MealTaken(item["name"], datetime.fromisoformat(item["called"]), int(item["minutes"]),
                             datetime.fromisoformat(resumed) if resumed else None, item.get("scene"), item.get("by"),
                             bool(item.get("returned"))))
    return tuple(out)


def _meal(row: aiosqlite.Row) -> MealTaken:
    resumed = row["resumed_at"]
    return MealTaken(row["meal"], datetime.fromisoformat(row["called_at"]), row["minutes"],
                     datetime.fromisoformat(resumed) if resumed else None, row["scene"], row["by_user"], bool(row["returned"]))


class ProgressRepo:
    @staticmethod
    async def load(tx: Tx, day_id: int) -> Progress:
        row = await tx.one("progress_get", {"shoot_day_id": day_id})
        if row is None:
            return Progress(day_id=day_id)
        steps = tuple(
            Step(
                kind=r["kind"],
                at=datetime.fromisoformat(r["at"]),
                finished=r["finished"],
                started=r["started"],
                prev_adjust=r["prev_adjust"],
                prev_meals=_meals_from_json(r["prev_meals"]),
                by=r["by_user"],
                request=r["request_id"],
            )
            for r in await tx.all("progress_steps", {"shoot_day_id": day_id})
        )
        meals = tuple(_meal(r) for r in await tx.all("progress_meals", {"shoot_day_id": day_id}))
        skips = tuple(
            Skip(r["scene_number"], datetime.fromisoformat(r["skipped_at"]), r["reason"], r["carried_to"], r["by_user"])
            for r in await tx.all("progress_skips", {"shoot_day_id": day_id})
        )
        delays = tuple(
            Delay(datetime.fromisoformat(r["at"]), r["minutes"], r["scene"], r["reason"], r["by_user"])
            for r in await tx.all("progress_delays", {"shoot_day_id": day_id})
        )
        return Progress(day_id=day_id, steps=steps, skips=skips, adjust_minutes=row["adjust_minutes"], meals=meals, delays=delays,
                        version=row["version"])

    @staticmethod
    async def save(tx: Tx, old: Progress, new: Progress, now: datetime, *, by: int | None = None) -> None:
        """Write ``new`` if the stored progress is still ``old`` (same version and current scene);
        otherwise refuse with "already moved on" (another AD changed the day first)."""
        day_id = new.day_id
        await tx.execute("progress_init", {"shoot_day_id": day_id, "now": ts(now)})
        changed = await tx.execute(
            "progress_cas",
            {
                "shoot_day_id": day_id,
                "state": new.state,
                "current_scene": new.current,
                "adjust_minutes": new.adjust_minutes,
                "new_version": new.version,
                "old_version": old.version,
                "old_current": old.current,
                "now": ts(now),
            },
        )
        if not changed:
            raise DomainError("shoot.error.already_moved_on", scene=old.current or "")
        common = 0
        for a, b in zip(old.steps, new.steps, strict=False):
            if a != b:
                break
            common += 1
        await tx.execute("progress_steps_truncate", {"shoot_day_id": day_id, "keep": common})
        for seq, step in enumerate(new.steps[common:], start=common + 1):
            await tx.execute(
                "progress_step_insert",
                {
                    "shoot_day_id": day_id,
                    "seq": seq,
                    "kind": step.kind,
                    "at": ts(step.at),
                    "finished": step.finished,
                    "started": step.started,
                    "prev_adjust": step.prev_adjust,
                    "prev_meals": _meals_json(step.prev_meals),
                    "by_user": step.by,
                    "request_id": step.request,
                },
            )
        if old.meals != new.meals:
            await tx.execute("progress_meals_clear", {"shoot_day_id": day_id})
            for m in new.meals:
                await tx.execute("progress_meal_insert", {"shoot_day_id": day_id, "meal": m.name, "called_at": ts(m.called), "minutes": m.minutes,
                                                          "resumed_at": ts(m.resumed), "returned": int(m.returned), "scene": m.scene,
                                                          "by_user": m.by})
        old_skips = old.skipped
        for item in new.skips:
            if item.scene not in old_skips:
                await tx.execute("progress_skip_insert", {"shoot_day_id": day_id, "scene_number": item.scene, "skipped_at": ts(item.at),
                                                          "by_user": item.by, "reason": item.reason, "carried_to": item.carried_to})
        for number in sorted(old_skips - new.skipped):
            await tx.execute("progress_skip_delete", {"shoot_day_id": day_id, "scene_number": number})
        for d in new.delays[len(old.delays):]:
            await tx.execute("progress_delay_insert", {"shoot_day_id": day_id, "at": ts(d.at), "minutes": d.minutes, "scene": d.scene,
                                                       "reason": d.reason, "by_user": d.by})

    @staticmethod
    async def day_states(tx: Tx, production_id: int, date_from: date, date_to: date) -> list[DayState]:
        rows = await tx.all(
            "progress_day_states", {"production_id": production_id, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()}
        )
        return [DayState(r["id"], date.fromisoformat(r["date"]), r["state"]) for r in rows]

    @staticmethod
    async def shooting_days(tx: Tx) -> list[tuple[int, int]]:
        """(day id, production id) of every day being shot right now."""
        return [(r["id"], r["production_id"]) for r in await tx.all("progress_shooting_days")]

    # --- what people were told -----------------------------------------------------------------

    @staticmethod
    async def known_calls(tx: Tx, day_id: int) -> dict[int, tuple[KnownCall, int | None]]:
        """user -> (the call they last heard, the call sheet version it came from)."""
        rows = await tx.all("known_calls_for_day", {"shoot_day_id": day_id})
        return {r["user_id"]: (KnownCall(datetime.fromisoformat(r["call_at"]), r["seq"]), r["version_id"]) for r in rows}

    @staticmethod
    async def set_known_call(tx: Tx, day_id: int, user_id: int, known: KnownCall, version_id: int | None) -> None:
        await tx.execute(
            "known_call_upsert", {"shoot_day_id": day_id, "user_id": user_id, "call_at": ts(known.call), "seq": known.seq, "version_id": version_id}
        )
