"""Embeds and CSVs of the canteen's replies: the menu, the park-wide orders (canteen), one
production's order list (its AD / 生活制片), costs and the 餐补 list (producer)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

import discord

from bot.domain.crew import CrewMember, Production
from bot.domain.meals.menu import MEALS, MenuItem, format_price
from bot.domain.meals.orders import Order
from bot.domain.meals.rounds import MealRound
from bot.domain.meals.tickets import Allowance, MealCost
from bot.i18n import join_list, t
from bot.meals.menu import RoundView
from bot.render.escape import escape, spreadsheet_text
from bot.render.meals import clock, meal_name, place_text

COLOUR = 0xDD6B20
FIELD = 1024


def _join(lines: Sequence[str], limit: int = FIELD) -> str:
    out: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > limit - 4:
            out.append("…")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out) or "—"


def menu_embed(items: list[MenuItem], day: date, locale: str) -> discord.Embed:
    embed = discord.Embed(title=t("meals.menu.title", locale, date=day.isoformat()), colour=COLOUR)
    if not items:
        embed.description = t("meals.menu.empty", locale)
    for meal in MEALS:
        mine = [i for i in items if i.meal == meal]
        if not mine:
            continue
        lines = []
        for i in mine:
            stock = t("meals.menu.stock", locale, taken=i.taken, stock=i.stock) if i.stock is not None else t("meals.menu.ordered", locale, taken=i.taken)
            state = t("meals.menu.closed", locale) if i.closed else ""
            lines.append(f"{escape(i.both())} {i.marks()} · {format_price(i.price)} · {stock}{state}")
        embed.add_field(name=meal_name(meal, locale), value=_join(lines), inline=False)
    return embed


def _portions(orders: Sequence[Order], items: dict[int, MenuItem], locale: str) -> list[str]:
    per: dict[int, int] = {}
    for o in orders:
        if o.wants and o.item_id is not None:
            per[o.item_id] = per.get(o.item_id, 0) + o.quantity
    return [f"{escape(items[i].name(locale) if i in items else '?')} ×{n}" for i, n in sorted(per.items(), key=lambda kv: items[kv[0]].position if kv[0] in items else 0)]


def status_text(r: MealRound, locale: str, now: datetime) -> str:
    if r.ticket == "ready":
        return t("meals.state.ready", locale)
    if r.ticket == "received":
        return t("meals.state.received", locale)
    if r.status == "closed":
        return t("meals.state.ticketed", locale)
    return t("meals.state.counts_only" if r.counts_only else "meals.state.open", locale)


#: Discord counts 6000 characters across all embeds of a message; the rest is in the CSV.
MESSAGE_BUDGET = 5600
FIELDS_MAX = 25


def overview_embeds(views: list[RoundView], items: dict[int, MenuItem], day: date, locale: str, now: datetime, tz) -> list[discord.Embed]:
    """Every production of the park, one field each (the canteen's view), within one message's
    limits; what does not fit is named in a last line pointing to the CSV attached."""
    embed = discord.Embed(title=t("meals.overview.title", locale, date=day.isoformat()), colour=COLOUR)
    total = sum(o.quantity for v in views for o in v.orders if o.wants)
    if not views:
        embed.description = t("meals.overview.empty", locale)
        return [embed]
    embed.description = t("meals.overview.total", locale, portions=total, productions=len({v.code for v in views}))
    left_out: list[str] = []
    for v in views:
        r = v.round
        wanted = [o for o in v.orders if o.wants]
        lines = [t("meals.overview.line", locale, meal_at=clock(r.meal_at, r.service_date, tz, locale), cutoff=clock(r.cutoff_at, r.service_date, tz, locale),
                   place=place_text(r.set_name, r.building, locale), state=status_text(r, locale, now), portions=sum(o.quantity for o in wanted),
                   heads=sum(o.people for o in wanted))]
        lines += _portions(v.orders, items, locale)
        for c in v.late:
            dish = items.get(c.item_id or 0)
            lines.append(t("meals.overview.late", locale, label=escape(c.label), dish=escape(dish.name(locale) if dish else "?"),
                           before=c.before, after=c.after, at=c.at.astimezone(tz).strftime("%H:%M")))
        name = f"{v.code} · {escape(v.production)[:60]} · {meal_name(r.meal, locale)}"[:256]
        value = _join(lines)
        if left_out or len(embed.fields) >= FIELDS_MAX - 1 or len(embed) + len(name) + len(value) > MESSAGE_BUDGET:
            left_out.append(f"{v.code} {meal_name(r.meal, locale)}")
            continue
        embed.add_field(name=name, value=value, inline=False)
    if left_out:
        embed.add_field(name=t("meals.overview.more_title", locale, count=len(left_out)),
                        value=_join([t("meals.overview.more_in_csv", locale, rounds=join_list(left_out, locale))], 300), inline=False)
    return [embed]


def production_embeds(prod: Production, r: MealRound, orders: list[Order], items: dict[int, MenuItem], crew: dict[int, CrewMember],
                      on_sheet: set[int], locale: str, now: datetime) -> list[discord.Embed]:
    tz = prod.tz
    embed = discord.Embed(title=t("meals.list.title", locale, code=prod.code, meal=meal_name(r.meal, locale), date=r.service_date.isoformat()),
                          colour=COLOUR)
    embed.description = t("meals.overview.line", locale, meal_at=clock(r.meal_at, r.service_date, tz, locale),
                          cutoff=clock(r.cutoff_at, r.service_date, tz, locale), place=place_text(r.set_name, r.building, locale),
                          state=status_text(r, locale, now), portions=sum(o.quantity for o in orders if o.wants),
                          heads=sum(o.people for o in orders if o.wants))
    eating, declined, counts = [], [], []
    for o in orders:
        dish = items.get(o.item_id or 0)
        if o.is_count:
            counts.append(t("meals.list.count", locale, label=escape(o.label), dish=escape(dish.name(locale) if dish else "?"), count=o.quantity,
                            department=t(f"dept.{o.department}", locale)) + (" ⚠" if o.late else ""))
        elif o.wants:
            m = crew.get(o.user_id or 0)
            eating.append(t("meals.list.person", locale, name=escape(m.display_name if m else o.user_id), dish=escape(dish.name(locale) if dish else "?"),
                            quantity=o.quantity, diet=t(f"meals.diet.{o.diet}", locale), where=t(f"meals.where.{o.deliver}", locale))
                          + (f" · {escape(o.notes)}" if o.notes else ""))
        else:
            m = crew.get(o.user_id or 0)
            declined.append(escape(m.display_name if m else o.user_id))
    answered = {o.user_id for o in orders if o.user_id is not None}
    silent = [escape(m.display_name) for uid, m in sorted(crew.items(), key=lambda kv: kv[1].display_name)
              if uid not in answered and uid in on_sheet]
    embed.add_field(name=t("meals.list.eating", locale, count=len(eating)), value=_join(eating), inline=False)
    if counts:
        embed.add_field(name=t("meals.list.counts", locale), value=_join(counts), inline=False)
    embed.add_field(name=t("meals.list.declined", locale, count=len(declined)), value=_join([join_list(declined, locale)]) if declined else "—", inline=False)
    embed.add_field(name=t("meals.list.silent", locale, count=len(silent)), value=_join([join_list(silent, locale)]) if silent else "—", inline=False)
    return [embed]


def costs_embed(prod: Production, costs: list[MealCost], allowances: list[tuple[date, str, Allowance]], date_from: date, date_to: date,
                locale: str) -> discord.Embed:
    embed = discord.Embed(title=t("meals.costs.title", locale, code=prod.code, since=date_from.isoformat(), until=date_to.isoformat()),
                          colour=COLOUR)
    lines = [t("meals.costs.line", locale, date=c.service_date.isoformat(), meal=meal_name(c.meal, locale), portions=c.portions, heads=c.heads,
               cost=format_price(c.cost), allowance=format_price(c.allowance)) for c in costs]
    embed.description = _join(lines, 4000) if lines else t("meals.costs.empty", locale)
    days: dict[date, int] = {}
    for c in costs:
        days[c.service_date] = days.get(c.service_date, 0) + c.total
    if days:
        embed.add_field(name=t("meals.costs.per_day", locale),
                        value=_join([f"{d.isoformat()} · {format_price(v)}" for d, v in sorted(days.items())]), inline=False)
    owed: dict[str, int] = {}
    for _, _, a in allowances:
        if a.allowance:
            owed[a.display_name] = owed.get(a.display_name, 0) + a.allowance
    if owed:
        embed.add_field(name=t("meals.costs.allowances", locale, count=len(owed)),
                        value=_join([f"{escape(n)} · {format_price(v)}" for n, v in sorted(owed.items())]), inline=False)
    embed.set_footer(text=t("meals.costs.total", locale, cost=format_price(sum(c.cost for c in costs)),
                            allowance=format_price(sum(c.allowance for c in costs))))
    return embed


def costs_csv(prod: Production, costs: list[MealCost], allowances: list[tuple[date, str, Allowance]], locale: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([t(f"meals.csv.{c}", locale) for c in ("production", "date", "meal", "who", "department", "status", "amount", "allowance")])
    for day, meal, a in allowances:
        w.writerow([prod.code, day.isoformat(), meal_name(meal, locale), spreadsheet_text(a.display_name), t(f"dept.{a.department}", locale),
                    t(f"meals.allowance.{a.status}", locale), f"{a.cost / 100:.2f}", f"{a.allowance / 100:.2f}"])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
