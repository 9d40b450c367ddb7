"""The shoot plan: sets, walks, shoot days with their scenes, cast and needs, call overrides."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import UTC, date, datetime

import aiosqlite

from bot.domain.castlist import CastMember, Contact, Extras
from bot.domain.errors import DomainError
from bot.domain.plan import CastRole, Scene, SetLocation, ShootDay, Walk
from bot.domain.stripboard import ParsedPlan
from db.database import Tx


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _iso(value: datetime | None) -> str | None:
    """Aware datetime -> UTC ISO text (naive datetimes are a programming error)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(UTC).isoformat()


def _set(row: aiosqlite.Row) -> SetLocation:
    return SetLocation(
        name=row["name"], building=row["building"], road=row["road"], notes=row["notes"], id=row["id"], alt_name=row["alt_name"],
        base=row["base"], generator=bool(row["generator"]), vehicles=row["vehicles"], prelight=tuple(d for d in row["prelight"].split(",") if d),
        window=row["time_window"],
    )


def _day_header(row: aiosqlite.Row, tz=None) -> ShootDay:
    def local(v: str | None) -> datetime | None:
        d = _dt(v)
        return d.astimezone(tz) if d is not None and tz is not None else d

    return ShootDay(
        production_id=row["production_id"],
        date=date.fromisoformat(row["date"]),
        day_number=row["day_number"],
        total_days=row["total_days"],
        general_call=local(row["general_call"]),  # type: ignore[arg-type]
        planned_wrap=local(row["planned_wrap"]),
        supper_start=local(row["supper_start"]),
        supper_minutes=row["supper_minutes"],
        notes=row["notes"],
        revision=row["revision"],
        id=row["id"],
        lunch_start=local(row["lunch_start"]),
        lunch_minutes=row["lunch_minutes"],
        base=row["base"],
        weather=row["weather"],
        sunrise=row["sunrise"],
        shooting_call=local(row["shooting_call"]),
        extras_call=local(row["extras_call"]),
        extras_holding=row["extras_holding"],
        parking=row["parking"],
        alt_notes=row["alt_notes"],
        breakfast_start=local(row["breakfast_start"]),
        breakfast_minutes=row["breakfast_minutes"],
        late_start=local(row["late_start"]),
        late_minutes=row["late_minutes"],
    )


def _day_params(day: ShootDay, now: datetime) -> dict:
    return {
        "production_id": day.production_id,
        "date": day.date.isoformat(),
        "day_number": day.day_number,
        "total_days": day.total_days,
        "general_call": _iso(day.general_call),
        "planned_wrap": _iso(day.planned_wrap),
        "lunch_start": _iso(day.lunch_start),
        "lunch_minutes": day.lunch_minutes,
        "supper_start": _iso(day.supper_start),
        "supper_minutes": day.supper_minutes,
        "base": day.base,
        "notes": day.notes,
        "weather": day.weather,
        "sunrise": day.sunrise,
        "breakfast_start": _iso(day.breakfast_start),
        "breakfast_minutes": day.breakfast_minutes,
        "late_start": _iso(day.late_start),
        "late_minutes": day.late_minutes,
        "updated_at": _iso(now),
    }


class PlanRepo:
    """Datetimes come back in ``tz`` when one is given (the production's), else in UTC."""

    # --- sets and walks ------------------------------------------------------------------------

    @staticmethod
    async def upsert_sets(tx: Tx, production_id: int, sets: list[SetLocation] | tuple[SetLocation, ...]) -> None:
        for s in sets:
            await tx.execute("set_upsert", {"production_id": production_id, "name": s.name, "building": s.building, "road": s.road,
                                            "notes": s.notes, "base": s.base, "generator": int(s.generator), "vehicles": s.vehicles,
                                            "prelight": ",".join(s.prelight), "time_window": s.window})
            await tx.execute("set_set_alt_name", {"production_id": production_id, "name": s.name, "alt_name": s.alt_name})

    @staticmethod
    async def ensure_set(tx: Tx, production_id: int, name: str) -> int:
        await tx.execute("set_insert_if_missing", {"production_id": production_id, "name": name})
        return int(await tx.scalar("set_by_name", {"production_id": production_id, "name": name}))

    @staticmethod
    async def get_set(tx: Tx, production_id: int, name: str) -> SetLocation | None:
        row = await tx.one("set_by_name", {"production_id": production_id, "name": name})
        return None if row is None else _set(row)

    @staticmethod
    async def sets(tx: Tx, production_id: int) -> list[SetLocation]:
        return [_set(r) for r in await tx.all("sets_in_production", {"production_id": production_id})]

    @staticmethod
    async def search_sets(tx: Tx, production_id: int, text: str, limit: int = 25) -> list[SetLocation]:
        rows = await tx.all("sets_search", {"production_id": production_id, "pattern": _like(text), "limit": limit})
        return [_set(r) for r in rows]

    @staticmethod
    async def upsert_walks(tx: Tx, production_id: int, walks: list[Walk] | tuple[Walk, ...]) -> None:
        for w in walks:
            a = await PlanRepo.ensure_set(tx, production_id, w.from_set)
            b = await PlanRepo.ensure_set(tx, production_id, w.to_set)
            await tx.execute("walk_upsert", {"production_id": production_id, "from_set_id": a, "to_set_id": b, "minutes": w.minutes})

    @staticmethod
    async def walks(tx: Tx, production_id: int) -> list[Walk]:
        rows = await tx.all("walks_in_production", {"production_id": production_id})
        return [Walk(r["from_set"], r["to_set"], r["minutes"]) for r in rows]

    # --- days ----------------------------------------------------------------------------------

    @staticmethod
    async def import_plan(tx: Tx, production_id: int, plan: ParsedPlan, now: datetime) -> list[ShootDay]:
        """Store a whole parsed stripboard: sets, walks, then each day (a re-imported day keeps its id
        and overrides, gets its scenes replaced and its revision bumped). Returns the stored days."""
        await PlanRepo.upsert_sets(tx, production_id, plan.sets)
        await PlanRepo.upsert_walks(tx, production_id, plan.walks)
        if plan.contacts is not None:
            await PlanRepo.replace_contacts(tx, production_id, plan.contacts)
        out = []
        for day in plan.days:
            out.append(await PlanRepo.save_day(tx, replace(day, production_id=production_id), now))
        return out

    @staticmethod
    async def save_day(tx: Tx, day: ShootDay, now: datetime) -> ShootDay:
        """Insert or replace ``day`` (matched by production and date) with all its scenes."""
        existing = await tx.one("day_by_date", {"production_id": day.production_id, "date": day.date.isoformat()})
        params = _day_params(day, now)
        if existing is None:
            day_id = await tx.execute("day_insert", params)
        else:
            day_id = existing["id"]
            await tx.execute("day_update", {**params, "id": day_id})
            await tx.execute("scenes_delete_for_day", {"shoot_day_id": day_id})
        await PlanRepo._save_cast_fields(tx, day_id, day)
        for position, scene in enumerate(day.scenes, start=1):
            await PlanRepo._insert_scene(tx, day.production_id, day_id, replace(scene, position=position))
        stored = await PlanRepo.day_by_id(tx, day_id, day.general_call.tzinfo)
        assert stored is not None
        return stored

    @staticmethod
    async def _insert_scene(tx: Tx, production_id: int, day_id: int, scene: Scene) -> int:
        set_id = await PlanRepo.ensure_set(tx, production_id, scene.set_name)
        scene_id = await tx.execute(
            "scene_insert",
            {
                "shoot_day_id": day_id,
                "position": scene.position,
                "number": scene.number,
                "set_id": set_id,
                "episodes": ",".join(scene.episodes),
                "int_ext": scene.int_ext,
                "day_night": scene.day_night,
                "synopsis": scene.synopsis,
                "est_minutes": scene.est_minutes,
                "carried_from": scene.carried_from.isoformat() if scene.carried_from else None,
            },
        )
        for i, role in enumerate(scene.cast, start=1):
            await tx.execute(
                "scene_cast_insert",
                {"scene_id": scene_id, "position": i, "character": role.character, "actor": role.actor, "user_id": role.user_id,
                 "makeup_minutes": role.makeup_minutes, "pickup_minutes": role.pickup_minutes},
            )
        for dept, need in scene.needs.items():
            await tx.execute("scene_need_insert", {"scene_id": scene_id, "department": dept, "need": need})
        for i, group in enumerate(scene.extras, start=1):
            await tx.execute("scene_extras_insert", {"scene_id": scene_id, "position": i, "count": group.count, "description": group.description})
        if scene.alt_synopsis:
            await tx.execute("scene_set_alt_synopsis", {"id": scene_id, "alt_synopsis": scene.alt_synopsis})
        return scene_id

    @staticmethod
    async def _save_cast_fields(tx: Tx, day_id: int, day: ShootDay) -> None:
        """The day's shooting and extras calls, holding area, parking, second-language notes and its
        cast table (replaced)."""
        await tx.execute("day_set_cast_fields", {"id": day_id, "shooting_call": _iso(day.shooting_call), "extras_call": _iso(day.extras_call),
                                                 "extras_holding": day.extras_holding, "parking": day.parking, "alt_notes": day.alt_notes})
        await tx.execute("day_cast_delete", {"shoot_day_id": day_id})
        for i, m in enumerate(day.cast, start=1):
            await tx.execute("day_cast_insert", {
                "shoot_day_id": day_id, "position": i, "number": m.number, "status": m.status, "character": m.character,
                "alt_character": m.alt_character, "actor": m.actor, "phone": m.phone, "pickup_place": m.pickup_place,
                "pickup_minutes": m.pickup_minutes, "makeup_minutes": m.makeup_minutes, "on_set": _iso(m.on_set), "user_id": m.user_id,
            })

    @staticmethod
    async def replace_contacts(tx: Tx, production_id: int, contacts) -> None:
        await tx.execute("contacts_delete", {"production_id": production_id})
        for i, c in enumerate(contacts, start=1):
            await tx.execute("contact_insert", {"production_id": production_id, "position": i, "role": c.role, "name": c.name, "phone": c.phone})

    @staticmethod
    async def contacts(tx: Tx, production_id: int) -> list[Contact]:
        return [Contact(r["role"], r["name"], r["phone"]) for r in await tx.all("contacts_for_production", {"production_id": production_id})]

    @staticmethod
    async def _with_scenes(tx: Tx, row: aiosqlite.Row | None, tz) -> ShootDay | None:
        if row is None:
            return None
        day = _day_header(row, tz)
        cast: dict[int, list[CastRole]] = {}
        for r in await tx.all("scene_cast_for_day", {"shoot_day_id": day.id}):
            cast.setdefault(r["scene_id"], []).append(
                CastRole(r["character"], r["actor"], r["user_id"], r["makeup_minutes"], r["pickup_minutes"]))
        needs: dict[int, dict[str, str]] = {}
        for r in await tx.all("scene_needs_for_day", {"shoot_day_id": day.id}):
            needs.setdefault(r["scene_id"], {})[r["department"]] = r["need"]
        extras: dict[int, list[Extras]] = {}
        for r in await tx.all("scene_extras_for_day", {"shoot_day_id": day.id}):
            extras.setdefault(r["scene_id"], []).append(Extras(r["count"], r["description"]))
        members = tuple(
            CastMember(actor=r["actor"], character=r["character"], number=r["number"], status=r["status"], phone=r["phone"],
                       pickup_place=r["pickup_place"], pickup_minutes=r["pickup_minutes"], makeup_minutes=r["makeup_minutes"],
                       on_set=(_dt(r["on_set"]).astimezone(tz) if tz is not None else _dt(r["on_set"])) if r["on_set"] else None,
                       alt_character=r["alt_character"], user_id=r["user_id"])
            for r in await tx.all("day_cast_for_day", {"shoot_day_id": day.id})
        )
        scenes = tuple(
            Scene(
                number=r["number"], set_name=r["set_name"], est_minutes=r["est_minutes"],
                episodes=tuple(e for e in r["episodes"].split(",") if e), int_ext=r["int_ext"], day_night=r["day_night"],
                synopsis=r["synopsis"], cast=tuple(cast.get(r["id"], ())), needs=needs.get(r["id"], {}),
                position=r["position"], id=r["id"], extras=tuple(extras.get(r["id"], ())), alt_synopsis=r["alt_synopsis"],
                carried_from=date.fromisoformat(r["carried_from"]) if r["carried_from"] else None,
            )
            for r in await tx.all("scenes_for_day", {"shoot_day_id": day.id})
        )
        return replace(day, scenes=scenes, cast=members)

    @staticmethod
    async def day(tx: Tx, production_id: int, on: date, tz=None) -> ShootDay | None:
        return await PlanRepo._with_scenes(tx, await tx.one("day_by_date", {"production_id": production_id, "date": on.isoformat()}), tz)

    @staticmethod
    async def day_by_id(tx: Tx, day_id: int, tz=None) -> ShootDay | None:
        return await PlanRepo._with_scenes(tx, await tx.one("day_by_id", {"id": day_id}), tz)

    @staticmethod
    async def day_by_number(tx: Tx, production_id: int, number: int, tz=None) -> ShootDay | None:
        return await PlanRepo._with_scenes(tx, await tx.one("day_by_number", {"production_id": production_id, "day_number": number}), tz)

    @staticmethod
    async def next_day(tx: Tx, production_id: int, on_or_after: date, tz=None) -> ShootDay | None:
        row = await tx.one("day_next_on_or_after", {"production_id": production_id, "date": on_or_after.isoformat()})
        return await PlanRepo._with_scenes(tx, row, tz)

    @staticmethod
    async def days(tx: Tx, production_id: int, tz=None) -> list[ShootDay]:
        """Every day's header (no scenes), by date."""
        return [_day_header(r, tz) for r in await tx.all("days_in_production", {"production_id": production_id})]

    @staticmethod
    async def scene_counts(tx: Tx, production_id: int) -> dict[int, tuple[int, int]]:
        """shoot_day_id -> (scenes, estimated minutes)."""
        return {r["id"]: (r["scenes"], r["minutes"]) for r in await tx.all("day_scene_counts", {"production_id": production_id})}

    @staticmethod
    async def search_scenes(tx: Tx, day_id: int, text: str, limit: int = 25) -> list[tuple[str, str, str]]:
        rows = await tx.all("scenes_search", {"shoot_day_id": day_id, "pattern": _like(text), "limit": limit})
        return [(r["number"], r["set_name"], r["synopsis"]) for r in rows]

    @staticmethod
    async def actor_prep(tx: Tx, production_id: int, actor: str) -> tuple[int | None, int | None]:
        """The makeup and pickup minutes last planned for ``actor`` (for scenes added by hand)."""
        row = await tx.one("actor_prep_latest", {"production_id": production_id, "actor": actor})
        return (None, None) if row is None else (row["makeup_minutes"], row["pickup_minutes"])

    @staticmethod
    async def update_day(tx: Tx, day: ShootDay, now: datetime) -> ShootDay:
        """Store an edited day (header and strip). Scenes that are still there keep their ids and
        are re-ordered in place; new ones are inserted, dropped ones deleted. Bumps the revision."""
        assert day.id is not None
        await tx.execute("day_update", {**_day_params(day, now), "id": day.id})
        await PlanRepo._save_cast_fields(tx, day.id, day)
        current = await PlanRepo.day_by_id(tx, day.id)
        assert current is not None
        kept = {s.number: s for s in day.scenes}
        for old in current.scenes:
            if old.number not in kept or not _same_content(old, kept[old.number]):
                await tx.execute("scene_delete", {"id": old.id})
        existing = {s.number: s for s in current.scenes if s.number in kept and _same_content(s, kept[s.number])}
        for position, scene in enumerate(day.scenes, start=1):
            if scene.number in existing:
                await tx.execute("scene_set_position", {"id": existing[scene.number].id, "position": position})
            else:
                await PlanRepo._insert_scene(tx, day.production_id, day.id, replace(scene, position=position))
        stored = await PlanRepo.day_by_id(tx, day.id, day.general_call.tzinfo)
        assert stored is not None
        return stored

    # --- the unscheduled pool (顺延, no day yet) ------------------------------------------------

    @staticmethod
    async def pool_add(tx: Tx, production_id: int, scene: Scene, from_date: date, reason: str, now: datetime,
                       rows: tuple[CastMember, ...] = ()) -> None:
        """Put ``scene`` (skipped on ``from_date``) in the unscheduled pool, with the cast table rows
        ``rows`` of its actors; refused when the pool already holds a scene with that number."""
        if await tx.one("pool_by_number", {"production_id": production_id, "number": scene.number}) is not None:
            raise DomainError("shoot.error.in_pool", scene=scene.number)
        await tx.execute("pool_insert", {
            "production_id": production_id, "number": scene.number, "set_name": scene.set_name, "episodes": ",".join(scene.episodes),
            "int_ext": scene.int_ext, "day_night": scene.day_night, "synopsis": scene.synopsis, "est_minutes": scene.est_minutes,
            "cast_json": json.dumps([[c.character, c.actor, c.user_id, c.makeup_minutes, c.pickup_minutes] for c in scene.cast],
                                    ensure_ascii=False),
            "needs_json": json.dumps(scene.needs, ensure_ascii=False, sort_keys=True),
            "extras_json": json.dumps([[g.count, g.description] for g in scene.extras], ensure_ascii=False),
            "alt_synopsis": scene.alt_synopsis,
            "cast_rows_json": json.dumps([{k: v for k, v in asdict(m).items() if k != "on_set"} for m in rows], ensure_ascii=False),
            "from_date": from_date.isoformat(),
            "reason": reason, "added_at": _iso(now),
        })

    @staticmethod
    async def pool(tx: Tx, production_id: int) -> list[tuple[int, Scene, str]]:
        """(pool id, the scene with ``carried_from`` set, the reason) for every unscheduled scene
        (:meth:`pool_cast_rows`: the cast table rows it took along)."""
        return [_pooled(r) for r in await tx.all("pool_for_production", {"production_id": production_id})]

    @staticmethod
    async def pool_scene(tx: Tx, production_id: int, number: str) -> tuple[int, Scene, str] | None:
        row = await tx.one("pool_by_number", {"production_id": production_id, "number": number})
        return None if row is None else _pooled(row)

    @staticmethod
    async def pool_search(tx: Tx, production_id: int, text: str, limit: int = 25) -> list[tuple[int, Scene, str]]:
        rows = await tx.all("pool_search", {"production_id": production_id, "pattern": _like(text), "limit": limit})
        return [_pooled(r) for r in rows]

    @staticmethod
    async def pool_cast_rows(tx: Tx, pool_id: int) -> tuple[CastMember, ...]:
        raw = await tx.scalar("pool_cast_rows", {"id": pool_id})
        return tuple(CastMember(**d) for d in json.loads(raw or "[]"))

    @staticmethod
    async def pool_remove(tx: Tx, pool_id: int) -> None:
        await tx.execute("pool_delete", {"id": pool_id})

    # --- overrides -----------------------------------------------------------------------------

    @staticmethod
    async def set_override(tx: Tx, day_id: int, user_id: int, call_at: datetime, *, note: str, set_by: int, now: datetime) -> None:
        await tx.execute("override_upsert", {"shoot_day_id": day_id, "user_id": user_id, "call_at": _iso(call_at), "note": note,
                                             "set_by": set_by, "set_at": _iso(now)})
        await tx.execute("day_bump_revision", {"id": day_id, "updated_at": _iso(now)})

    @staticmethod
    async def clear_override(tx: Tx, day_id: int, user_id: int, now: datetime) -> bool:
        done = await tx.execute("override_delete", {"shoot_day_id": day_id, "user_id": user_id}) > 0
        if done:
            await tx.execute("day_bump_revision", {"id": day_id, "updated_at": _iso(now)})
        return done

    @staticmethod
    async def overrides(tx: Tx, day_id: int, tz=None) -> dict[int, datetime]:
        out = {}
        for r in await tx.all("overrides_for_day", {"shoot_day_id": day_id}):
            at = datetime.fromisoformat(r["call_at"])
            out[r["user_id"]] = at.astimezone(tz) if tz is not None else at
        return out


def _same_content(a: Scene, b: Scene) -> bool:
    return (a.set_name, a.est_minutes, a.episodes, a.int_ext, a.day_night, a.synopsis, a.cast, a.needs, a.extras, a.alt_synopsis,
            a.carried_from) == (b.set_name, b.est_minutes, b.episodes, b.int_ext, b.day_night, b.synopsis, b.cast, b.needs, b.extras,
                                b.alt_synopsis, b.carried_from)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _pooled(row: aiosqlite.Row) -> tuple[int, Scene, str]:
    cast = tuple(CastRole(c[0], c[1], c[2], c[3], c[4]) for c in json.loads(row["cast_json"]))
    scene = Scene(
        number=row["number"], set_name=row["set_name"], est_minutes=row["est_minutes"],
        episodes=tuple(e for e in row["episodes"].split(",") if e), int_ext=row["int_ext"], day_night=row["day_night"],
        synopsis=row["synopsis"], cast=cast, needs=dict(json.loads(row["needs_json"])),
        extras=tuple(Extras(n, d) for n, d in json.loads(row["extras_json"])), alt_synopsis=row["alt_synopsis"],
        carried_from=date.fromisoformat(row["from_date"]),
    )
    return row["id"], scene, row["reason"]
