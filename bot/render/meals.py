"""Meal orders as people read them: the order post, reminders, the canteen's ticket and its CSV,
corrections, late changes, received / ready notices, and the lines of the ephemeral replies.

Channel posts are in the production's language, DMs in the person's, everything the canteen reads
in the canteen's language (Chinese by default). Dish names, labels, notes and set names are user
text: escaped (``bot.render.escape``). Times after midnight of the shoot day read "次日 00:30"."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.meals.menu import MenuItem, format_price
from bot.domain.meals.orders import Order
from bot.domain.meals.tickets import Ticket, Who
from bot.i18n import join_list, t, time_of_day
from bot.render.escape import escape, spreadsheet_text


def meal_name(meal: str, locale: str) -> str:
    return t(f"meals.meal.{meal}", locale)


def clock(when: datetime | str | None, day: date | str | None, tz: ZoneInfo, locale: str) -> str:
    """"18:30"; after midnight of the shoot day "次日 00:30" / "00:30 (next day)"."""
    if when is None:
        return "—"
    value = datetime.fromisoformat(when) if isinstance(when, str) else when
    local = value.astimezone(tz)
    start = date.fromisoformat(day) if isinstance(day, str) else day
    return time_of_day(local.strftime("%H:%M"), (local.date() - start).days if start is not None else 0, locale)


def place_text(set_name: str, building: str, locale: str) -> str:
    """"7号楼（法院法庭）" or just the set."""
    if building and set_name:
        return t("meals.place_full", locale, building=escape(building), set=escape(set_name))
    return escape(building or set_name) or t("meals.place_unknown", locale)


def item_name(zh: str, en: str, locale: str) -> str:
    if str(locale).lower().startswith("zh"):
        return zh or en
    return en or zh


def dish_line(entry: Mapping[str, Any], locale: str) -> str:
    name = escape(item_name(entry.get("zh", ""), entry.get("en", ""), locale))
    marks = f" {entry['marks']}" if entry.get("marks") else ""
    if entry.get("closed"):
        return t("meals.post.dish_closed", locale, name=name, marks=marks)
    left = entry.get("left")
    key = "meals.post.dish_left" if left is not None else "meals.post.dish"
    return t(key, locale, name=name, marks=marks, price=format_price(int(entry.get("price") or 0)), left=left if left is not None else "")


# --------------------------------------------------------------------------- posts and DMs


def _common(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> dict[str, str]:
    return {
        "meal": meal_name(str(p.get("meal")), locale),
        "date": str(p.get("date", "")),
        "meal_at": clock(p.get("meal_at"), p.get("date"), tz, locale),
        "cutoff": clock(p.get("cutoff"), p.get("date"), tz, locale),
        "place": place_text(str(p.get("set") or ""), str(p.get("building") or ""), locale),
        "code": escape(p.get("code", "")),
    }


def _late_line(p: Mapping[str, Any], locale: str) -> list[str]:
    """Orders opened late (a short window): say how short."""
    return [t("meals.post.late", locale, minutes=int(p["late"]))] if p.get("late") is not None else []


def post_text(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> str:
    lines = [t("meals.post.title", locale, **_common(p, tz, locale)), *_late_line(p, locale)]
    lines += [dish_line(d, locale) for d in p.get("menu") or []]
    lines.append(t("meals.post.how", locale))
    return "\n".join(lines)


def remind_text(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> str:
    return "\n".join([t("meals.remind.text", locale, **_common(p, tz, locale)), *_late_line(p, locale)])


def no_orders_text(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> str:
    """To the AD: the meal is too close for the canteen to take orders; counts instead."""
    c = _common(p, tz, locale)
    return t("meals.no_orders.text", locale, code=c["code"], meal=c["meal"], meal_at=c["meal_at"], place=c["place"], lead=p.get("lead", 0))


def fix_text(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> str:
    c = _common(p, tz, locale)
    parts = []
    moved = int(p.get("moved") or 0)
    if moved > 0:
        parts.append(t("meals.fix.later", locale, meal=c["meal"], time=c["meal_at"]))
    elif moved < 0:
        parts.append(t("meals.fix.earlier", locale, meal=c["meal"], time=c["meal_at"]))
    if p.get("elsewhere"):
        parts.append(t("meals.fix.elsewhere", locale, place=c["place"]))
    body = t("meals.fix.joiner", locale).join(parts) or t("meals.fix.same", locale, meal=c["meal"], time=c["meal_at"], place=c["place"])
    return t("meals.fix.text", locale, code=c["code"], body=body, meal=c["meal"])


def late_text(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> str:
    c = _common(p, tz, locale)
    return t("meals.late.text", locale, code=c["code"], meal=c["meal"], label=escape(p.get("label", "")),
             dish=escape(item_name(p.get("zh", ""), p.get("en", ""), locale)), before=p.get("before", 0), after=p.get("after", 0),
             by=escape(p.get("by", "")), department=t(f"dept.{p.get('department', 'other')}", locale))


def status_text(p: Mapping[str, Any], tz: ZoneInfo, locale: str) -> str:
    c = _common(p, tz, locale)
    status = "ready" if p.get("status") == "ready" else "received"
    if p.get("counts"):
        return t(f"meals.status.{status}_counts", locale, code=c["code"], meal=c["meal"], place=c["place"], meal_at=c["meal_at"],
                          counts=join_list((escape(x) for x in p["counts"]), locale))
    where = "canteen" if p.get("deliver") == "canteen" else "set"
    return t(f"meals.status.{status}_{where}", locale, meal=c["meal"], place=c["place"], meal_at=c["meal_at"],
             dish=escape(item_name(p.get("zh", ""), p.get("en", ""), locale)), quantity=p.get("quantity", 1))


# --------------------------------------------------------------------------- the ticket


def _list(items: Sequence[str], locale: str) -> str:
    return join_list(items, locale)


def ticket_text(ticket: Ticket, locale: str, tz: ZoneInfo) -> str:
    meal = meal_name(ticket.meal, locale)
    day = ticket.service_date
    lines = [t("meals.ticket.title", locale, code=escape(ticket.code), meal=meal, portions=ticket.portions,
               place=place_text(ticket.set_name, ticket.building, locale))]
    lines.append(t("meals.ticket.when", locale, production=escape(ticket.production), date=day.isoformat(),
                   meal_at=clock(ticket.meal_at, day, tz, locale), cutoff=clock(ticket.cutoff_at, day, tz, locale)))
    if not ticket.lines:
        lines.append(t("meals.ticket.nothing", locale))
    for line in ticket.lines:
        name = escape(line.name_zh if str(locale).startswith("zh") else (line.name_en or line.name_zh))
        marks = f" {line.marks}" if line.marks else ""
        if line.in_canteen and line.to_set:
            lines.append(t("meals.ticket.line_split", locale, name=name, marks=marks, portions=line.portions, to_set=line.to_set,
                           in_canteen=line.in_canteen))
        elif line.in_canteen:
            lines.append(t("meals.ticket.line_canteen", locale, name=name, marks=marks, portions=line.portions))
        else:
            lines.append(t("meals.ticket.line", locale, name=name, marks=marks, portions=line.portions))
    if ticket.in_canteen:
        lines.append(t("meals.ticket.in_canteen", locale, count=ticket.in_canteen))
    if ticket.departments:
        heads = _list([t("meals.ticket.dept", locale, department=t(f"dept.{d}", locale), count=n) for d, n in ticket.departments], locale)
        lines.append(t("meals.ticket.heads", locale, heads=heads, total=ticket.heads))
    if ticket.counts:
        extras = _list([t("meals.ticket.count", locale, label=escape(label), count=n, department=t(f"dept.{d}", locale))
                        for label, d, n in ticket.counts], locale)
        lines.append(t("meals.ticket.extras", locale, extras=extras))
    if ticket.diets:
        lines.append(t("meals.ticket.diets", locale, diets=_list([t("meals.ticket.diet", locale, diet=t(f"meals.diet.{k}", locale), count=v)
                                                               for k, v in ticket.diets.items()], locale)))
    if ticket.notes:
        notes = t("meals.ticket.note_sep", locale).join(t("meals.ticket.note", locale, who=escape(who), note=escape(note))
                                                        for who, note in ticket.notes)
        lines.append(t("meals.ticket.notes", locale, notes=notes))
    lines.append(t("meals.ticket.footer", locale, declined=ticket.declined, cost=format_price(ticket.cost)))
    out = "\n".join(lines)
    return out if len(out) <= 1900 else out[:1880].rstrip() + "\n" + t("meals.ticket.more_in_csv", locale)


def ticket_filename(ticket: Ticket) -> str:
    return f"{ticket.code}-{ticket.service_date.isoformat()}-{ticket.meal}.csv"


CSV_COLUMNS = ("production", "date", "meal", "who", "department", "dish", "dish_en", "portions", "price", "amount", "diet", "where",
               "notes", "late")


def _order_rows(code: str, service_date: date, meal: str, orders: Sequence[Order], items: Mapping[int, MenuItem],
                name_of: Mapping[int, str], locale: str) -> list[list[object]]:
    """One row per order that wants a dish: counts after people, by department. User text (names,
    labels, dishes, notes) through :func:`spreadsheet_text`."""
    rows: list[list[object]] = []
    label = meal_name(meal, locale)
    for o in sorted(orders, key=lambda o: (o.is_count, o.department, o.label, o.user_id or 0)):
        if not o.wants or o.item_id is None:
            continue
        item = items.get(o.item_id)
        who = o.label if o.is_count else name_of.get(o.user_id or 0, str(o.user_id))
        rows.append([code, service_date.isoformat(), label, _cell(who), t(f"dept.{o.department}", locale), _cell(item.name_zh if item else ""),
                     _cell(item.name_en if item else ""), o.quantity, f"{o.unit_price / 100:.2f}", f"{o.cost / 100:.2f}",
                     t(f"meals.diet.{o.diet}", locale), t(f"meals.where.{o.deliver}", locale), _cell(o.notes), "✔" if o.late else ""])
    return rows


def _csv_bytes(rows: Sequence[Sequence[object]], locale: str) -> bytes:
    """UTF-8 with a BOM, so Excel and WPS read the Chinese."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([t(f"meals.csv.{c}", locale) for c in CSV_COLUMNS])
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def ticket_csv(ticket: Ticket, orders: Sequence[Order], items: Mapping[int, MenuItem], people: Mapping[int, Who], locale: str,
               tz: ZoneInfo) -> bytes:
    """The ticket's CSV: one row per order."""
    names = {uid: w.name for uid, w in people.items()}
    return _csv_bytes(_order_rows(ticket.code, ticket.service_date, ticket.meal, orders, items, names, locale), locale)


def park_csv(rounds: Sequence[tuple[str, Any, Sequence[Order], Mapping[int, str]]], items: Mapping[int, MenuItem], locale: str) -> bytes:
    """The canteen's view of the park as one CSV (``/canteen orders``): every production's orders,
    by meal and production code. ``rounds``: (code, round, orders, user id -> name)."""
    rows: list[list[object]] = []
    for code, r, orders, names in sorted(rounds, key=lambda x: (x[1].meal_at, x[0])):
        rows += _order_rows(code, r.service_date, r.meal, orders, items, names, locale)
    return _csv_bytes(rows, locale)


def park_filename(service_date: date, meal: str | None) -> str:
    return f"canteen-{service_date.isoformat()}{'-' + meal if meal else ''}.csv"


_cell = spreadsheet_text
