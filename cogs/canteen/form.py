"""What a crew member sees when ordering: an ephemeral form (dish, portions, 荤/素/清真, where,
notes, 不要) whose every control saves at once (one transaction each, absolute values), and the
lines that describe an order. The controls are persistent dynamic items (``buttons.py``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import discord

from bot.domain.meals.menu import MenuItem, format_price
from bot.domain.meals.orders import DIETS, PLACES, Order
from bot.domain.meals.rounds import MealRound
from bot.i18n import t
from bot.render.escape import escape
from bot.render.meals import clock, meal_name, place_text


def order_line(r: MealRound, order: Order | None, items: dict[int, MenuItem], locale: str, tz: ZoneInfo) -> str:
    """"晚饭：红烧肉饭 ×1 · 荤 · 送到现场 · 备注：少饭" / "不要" / "还没报"."""
    meal = meal_name(r.meal, locale)
    if order is None:
        return t("meals.mine.none", locale, meal=meal)
    if not order.wants:
        return t("meals.mine.declined", locale, meal=meal)
    item = items.get(order.item_id or 0)
    text = t("meals.mine.ordered", locale, meal=meal, dish=escape(item.name(locale) if item else "?"), quantity=order.quantity,
             diet=t(f"meals.diet.{order.diet}", locale), where=t(f"meals.where.{order.deliver}", locale))
    if order.notes:
        text += t("meals.mine.notes", locale, notes=escape(order.notes))
    return text


def round_line(r: MealRound, locale: str, tz: ZoneInfo, now) -> str:
    day = r.service_date
    key = "meals.round.open" if r.is_open(now) else ("meals.round.counts_only" if r.counts_only and r.status == "open" else "meals.round.closed")
    return t(key, locale, meal=meal_name(r.meal, locale), meal_at=clock(r.meal_at, day, tz, locale), cutoff=clock(r.cutoff_at, day, tz, locale),
             place=place_text(r.set_name, r.building, locale))


def _dish_option(item: MenuItem, locale: str, chosen: int | None) -> discord.SelectOption:
    left = f" · {t('meals.form.left', locale, left=item.left)}" if item.left is not None else ""
    label = f"{item.name(locale)} {item.marks()}".strip()
    return discord.SelectOption(label=label[:100], value=str(item.id), description=f"{format_price(item.price)}{left}"[:100],
                                default=item.id == chosen)


def order_form(r: MealRound, order: Order | None, menu: list[MenuItem], locale: str, max_quantity: int) -> discord.ui.View:
    from cogs.canteen.buttons import DeclineButton, FormSelect, NotesButton

    chosen = order.item_id if order is not None and order.wants else None
    dishes = [i for i in menu if i.available or i.id == chosen][:25]
    view = discord.ui.View(timeout=None)
    if dishes:
        view.add_item(FormSelect(r.id, "item", [_dish_option(i, locale, chosen) for i in dishes], t("meals.form.pick_dish", locale)))
    qty = order.quantity if order is not None and order.wants else 1
    view.add_item(FormSelect(r.id, "qty", [discord.SelectOption(label=t("meals.form.portions", locale, count=n), value=str(n), default=n == qty)
                                           for n in range(1, max_quantity + 1)], t("meals.form.pick_portions", locale)))
    diet = order.diet if order is not None else None
    view.add_item(FormSelect(r.id, "diet", [discord.SelectOption(label=t(f"meals.diet.{d}", locale), value=d, default=d == diet) for d in DIETS],
                             t("meals.form.pick_diet", locale)))
    where = order.deliver if order is not None else None
    view.add_item(FormSelect(r.id, "where", [discord.SelectOption(label=t(f"meals.where.{p}", locale), value=p, default=p == where)
                                             for p in PLACES], t("meals.form.pick_where", locale)))
    view.add_item(NotesButton(r.id, locale))
    view.add_item(DeclineButton(r.id, locale))
    return view


def form_text(r: MealRound, order: Order | None, items: dict[int, MenuItem], locale: str, tz: ZoneInfo, now, *, note: str = "") -> str:
    lines = [round_line(r, locale, tz, now), order_line(r, order, items, locale, tz)]
    if note:
        lines.append(note)
    return "\n".join(lines)[:2000]
