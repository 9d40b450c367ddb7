"""Meal orders (报餐): the canteen's menu and stock, each production's rounds, orders and counts,
late changes, 餐补 and costs. Every function runs inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.meals.menu import MenuItem
from bot.domain.meals.orders import Order
from bot.domain.meals.rounds import MealRound, Timing
from bot.domain.meals.tickets import Allowance, MealCost
from db.database import Tx
from db.repositories.cues import ts


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def item_from_row(row: aiosqlite.Row) -> MenuItem:
    return MenuItem(
        id=row["id"],
        guild_id=row["guild_id"],
        service_date=date.fromisoformat(row["service_date"]),
        meal=row["meal"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        price=row["price"],
        tags=tuple(t for t in row["tags"].split(",") if t),
        stock=row["stock"],
        taken=row["taken"],
        closed=bool(row["closed"]),
        position=row["position"],
        changed_at=datetime.fromisoformat(row["updated_at"]),
    )


def round_from_row(row: aiosqlite.Row) -> MealRound:
    return MealRound(
        id=row["id"],
        production_id=row["production_id"],
        shoot_day_id=row["shoot_day_id"],
        service_date=date.fromisoformat(row["service_date"]),
        meal=row["meal"],
        meal_at=datetime.fromisoformat(row["meal_at"]),
        cutoff_at=datetime.fromisoformat(row["cutoff_at"]),
        set_name=row["set_name"],
        building=row["building"],
        status=row["status"],
        ticket=row["ticket"],
        closed_at=_dt(row["closed_at"]),
        told_meal_at=_dt(row["told_meal_at"]),
        told_set=row["told_set"],
        told_building=row["told_building"],
        corrections=row["corrections"],
        received_by=row["received_by"],
        received_at=_dt(row["received_at"]),
        ready_by=row["ready_by"],
        ready_at=_dt(row["ready_at"]),
        late_from=_dt(row["late_from"]),
        late_until=_dt(row["late_until"]),
    )


def order_from_row(row: aiosqlite.Row) -> Order:
    return Order(
        id=row["id"],
        round_id=row["round_id"],
        user_id=row["user_id"],
        label=row["label"],
        department=row["department"],
        wants=bool(row["wants"]),
        item_id=row["item_id"],
        quantity=row["quantity"],
        unit_price=row["unit_price"],
        diet=row["diet"],
        deliver=row["deliver"],
        notes=row["notes"],
        late=bool(row["late"]),
        entered_by=row["entered_by"],
        updated_at=_dt(row["updated_at"]),
    )


@dataclass(frozen=True, slots=True)
class LateChange:
    label: str
    item_id: int | None
    before: int
    after: int
    by: int
    at: datetime


class MenuRepo:
    @staticmethod
    async def canteen_channel(tx: Tx, guild_id: int) -> int | None:
        return await tx.scalar("canteen_channel", {"guild_id": guild_id})

    @staticmethod
    async def set_canteen_channel(tx: Tx, guild_id: int, channel_id: int, now: datetime) -> None:
        await tx.execute("canteen_channel_set", {"guild_id": guild_id, "channel_id": channel_id, "now": ts(now)})

    @staticmethod
    async def add(tx: Tx, *, guild_id: int, service_date: date, meal: str, name_zh: str, name_en: str, price: int,
                  tags: tuple[str, ...], stock: int | None, by: int, now: datetime) -> MenuItem | None:
        """None when the menu already has a dish of that name for this meal."""
        row = await tx.one("menu_item_insert", {
            "guild_id": guild_id, "service_date": service_date.isoformat(), "meal": meal, "name_zh": name_zh, "name_en": name_en,
            "price": price, "tags": ",".join(tags), "stock": stock, "by": by, "now": ts(now),
        })
        return None if row is None else await MenuRepo.item(tx, int(row[0]))

    @staticmethod
    async def item(tx: Tx, item_id: int) -> MenuItem | None:
        row = await tx.one("menu_item_by_id", {"id": item_id})
        return None if row is None else item_from_row(row)

    @staticmethod
    async def by_name(tx: Tx, guild_id: int, service_date: date, meal: str, name_zh: str) -> MenuItem | None:
        row = await tx.one("menu_item_by_name", {"guild_id": guild_id, "service_date": service_date.isoformat(), "meal": meal, "name_zh": name_zh})
        return None if row is None else item_from_row(row)

    @staticmethod
    async def menu(tx: Tx, guild_id: int, service_date: date, meal: str) -> list[MenuItem]:
        rows = await tx.all("menu_items_for", {"guild_id": guild_id, "service_date": service_date.isoformat(), "meal": meal})
        return [item_from_row(r) for r in rows]

    @staticmethod
    async def menu_on(tx: Tx, guild_id: int, service_date: date) -> list[MenuItem]:
        return [item_from_row(r) for r in await tx.all("menu_items_on", {"guild_id": guild_id, "service_date": service_date.isoformat()})]

    @staticmethod
    async def meals_with_menu(tx: Tx, guild_id: int, service_date: date) -> set[str]:
        return {r["meal"] for r in await tx.all("menu_meals_with_items", {"guild_id": guild_id, "service_date": service_date.isoformat()})}

    @staticmethod
    async def update(tx: Tx, item: MenuItem, now: datetime) -> None:
        await tx.execute("menu_item_update", {"id": item.id, "name_zh": item.name_zh, "name_en": item.name_en, "price": item.price,
                                              "tags": ",".join(item.tags), "stock": item.stock, "now": ts(now)})

    @staticmethod
    async def set_closed(tx: Tx, item_id: int, closed: bool, now: datetime) -> bool:
        return bool(await tx.execute("menu_item_set_closed", {"id": item_id, "closed": int(closed), "now": ts(now)}))

    @staticmethod
    async def delete(tx: Tx, item_id: int) -> bool:
        """False when someone ordered it (close it instead)."""
        return bool(await tx.execute("menu_item_delete", {"id": item_id}))

    @staticmethod
    async def orders_of(tx: Tx, item_id: int) -> tuple[int, int]:
        row = await tx.one("menu_item_orders", {"id": item_id})
        return (int(row["orders"]), int(row["portions"])) if row else (0, 0)

    @staticmethod
    async def take(tx: Tx, item_id: int, portions: int, now: datetime) -> bool:
        """Take ``portions`` of a dish: False when it is closed or not enough is left."""
        if portions <= 0:
            return True
        return bool(await tx.execute("menu_item_take", {"id": item_id, "n": portions, "now": ts(now)}))

    @staticmethod
    async def release(tx: Tx, item_id: int, portions: int, now: datetime) -> None:
        if portions > 0:
            await tx.execute("menu_item_release", {"id": item_id, "n": portions, "now": ts(now)})


class RoundRepo:
    @staticmethod
    async def get(tx: Tx, round_id: int) -> MealRound | None:
        row = await tx.one("round_by_id", {"id": round_id})
        return None if row is None else round_from_row(row)

    @staticmethod
    async def find(tx: Tx, production_id: int, service_date: date, meal: str) -> MealRound | None:
        row = await tx.one("round_for", {"production_id": production_id, "service_date": service_date.isoformat(), "meal": meal})
        return None if row is None else round_from_row(row)

    @staticmethod
    async def of_day(tx: Tx, day_id: int) -> list[MealRound]:
        return [round_from_row(r) for r in await tx.all("rounds_of_day", {"shoot_day_id": day_id})]

    @staticmethod
    async def between(tx: Tx, production_id: int, date_from: date, date_to: date) -> list[MealRound]:
        rows = await tx.all("rounds_of_production_between",
                            {"production_id": production_id, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
        return [round_from_row(r) for r in rows]

    @staticmethod
    async def in_guild(tx: Tx, guild_id: int, service_date: date) -> list[MealRound]:
        return [round_from_row(r) for r in await tx.all("rounds_in_guild_on", {"guild_id": guild_id, "service_date": service_date.isoformat()})]

    @staticmethod
    async def ensure(tx: Tx, *, production_id: int, day_id: int, service_date: date, meal: str, timing: Timing, now: datetime) -> MealRound:
        """The round, created or re-timed (the cutoff and late window of a closed round stay what they were)."""
        params = {"meal_at": ts(timing.meal_at), "cutoff_at": ts(timing.cutoff_at), "set_name": timing.set_name,
                  "building": timing.building, "late_from": ts(timing.late_from),
                  "late_until": ts(timing.late_until), "now": ts(now)}
        row = await tx.one("round_insert", {**params, "production_id": production_id, "shoot_day_id": day_id,
                                            "service_date": service_date.isoformat(), "meal": meal})
        if row is None:
            current = await RoundRepo.find(tx, production_id, service_date, meal)
            assert current is not None
            await tx.execute("round_retime", {**params, "id": current.id})
            round_id = current.id
        else:
            round_id = int(row[0])
        found = await RoundRepo.get(tx, round_id)
        assert found is not None
        return found

    @staticmethod
    async def close(tx: Tx, round_id: int, now: datetime) -> bool:
        return bool(await tx.execute("round_close", {"id": round_id, "now": ts(now)}))

    @staticmethod
    async def told(tx: Tx, r: MealRound, timing: Timing, now: datetime) -> bool:
        return bool(await tx.execute("round_told", {"id": r.id, "seen": r.corrections, "meal_at": ts(timing.meal_at),
                                                    "set_name": timing.set_name, "building": timing.building, "now": ts(now)}))

    @staticmethod
    async def received(tx: Tx, round_id: int, by: int, now: datetime) -> bool:
        return bool(await tx.execute("round_received", {"id": round_id, "by": by, "now": ts(now)}))

    @staticmethod
    async def ready(tx: Tx, round_id: int, by: int, now: datetime) -> bool:
        return bool(await tx.execute("round_ready", {"id": round_id, "by": by, "now": ts(now)}))


class OrderRepo:
    @staticmethod
    async def of_round(tx: Tx, round_id: int) -> list[Order]:
        return [order_from_row(r) for r in await tx.all("orders_for_round", {"round_id": round_id})]

    @staticmethod
    async def of_person(tx: Tx, round_id: int, user_id: int) -> Order | None:
        row = await tx.one("order_of_person", {"round_id": round_id, "user_id": user_id})
        return None if row is None else order_from_row(row)

    @staticmethod
    async def of_group(tx: Tx, round_id: int, label: str, item_id: int) -> Order | None:
        row = await tx.one("order_of_group", {"round_id": round_id, "label": label, "item_id": item_id})
        return None if row is None else order_from_row(row)

    @staticmethod
    async def answered(tx: Tx, round_id: int) -> set[int]:
        return {r["user_id"] for r in await tx.all("answered_in_round", {"round_id": round_id})}

    @staticmethod
    async def save(tx: Tx, order: Order, now: datetime) -> Order:
        """Insert (``order.id == 0``) or update one order."""
        params = {"department": order.department, "wants": int(order.wants), "item_id": order.item_id, "quantity": order.quantity,
                  "unit_price": order.unit_price, "diet": order.diet, "deliver": order.deliver, "notes": order.notes,
                  "late": int(order.late), "entered_by": order.entered_by, "now": ts(now)}
        if order.id:
            await tx.execute("order_update", {**params, "id": order.id})
            order_id = order.id
        else:
            row = await tx.one("order_insert", {**params, "round_id": order.round_id, "user_id": order.user_id, "label": order.label})
            assert row is not None
            order_id = int(row[0])
        saved = await tx.one("order_by_id", {"id": order_id})
        assert saved is not None
        return order_from_row(saved)

    @staticmethod
    async def delete(tx: Tx, order_id: int) -> None:
        await tx.execute("order_delete", {"id": order_id})

    @staticmethod
    async def add_late_change(tx: Tx, round_id: int, label: str, item_id: int | None, before: int, after: int, by: int, now: datetime) -> None:
        await tx.execute("late_change_insert", {"round_id": round_id, "label": label, "item_id": item_id, "before_qty": before,
                                                "after_qty": after, "by_user": by, "at": ts(now)})

    @staticmethod
    async def late_changes(tx: Tx, round_id: int) -> list[LateChange]:
        rows = await tx.all("late_changes_for_round", {"round_id": round_id})
        return [LateChange(r["label"], r["item_id"], r["before_qty"], r["after_qty"], r["by_user"], datetime.fromisoformat(r["at"])) for r in rows]


class MoneyRepo:
    @staticmethod
    async def set_allowances(tx: Tx, round_id: int, rows: list[Allowance]) -> None:
        await tx.execute("allowances_clear", {"round_id": round_id})
        for a in rows:
            await tx.execute("allowance_insert", {"round_id": round_id, "user_id": a.user_id, "display_name": a.display_name,
                                                  "department": a.department, "status": a.status, "cost": a.cost, "allowance": a.allowance})

    @staticmethod
    async def allowances(tx: Tx, production_id: int, date_from: date, date_to: date) -> list[tuple[date, str, Allowance]]:
        rows = await tx.all("allowances_between", {"production_id": production_id, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
        return [(date.fromisoformat(r["service_date"]), r["meal"],
                 Allowance(r["user_id"], r["display_name"], r["department"], r["status"], r["cost"], r["allowance"])) for r in rows]

    @staticmethod
    async def costs(tx: Tx, production_id: int, date_from: date, date_to: date) -> list[MealCost]:
        rows = await tx.all("costs_between", {"production_id": production_id, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
        return [MealCost(date.fromisoformat(r["service_date"]), r["meal"], r["portions"], r["heads"], r["cost"], r["allowance"]) for r in rows]
