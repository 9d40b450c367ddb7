"""What the canteen's commands and buttons share: the service, the round a click is about, showing
the order form and answering an order action."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.meals.rounds import MealRound
from bot.i18n import normalize_locale, t
from bot.render.escape import escape
from bot.render.meals import meal_name
from cogs.canteen.form import form_text, order_form
from db.repositories.meals import RoundRepo
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.meals.service import MealService, Placed

NONE = discord.AllowedMentions.none()


def meals_of(client) -> MealService:
    service = getattr(client, "meals", None)
    if service is None:
        raise DomainError("errors.not_available")
    return service


async def production_and_round(interaction: discord.Interaction, round_id: int) -> tuple[Production, MealRound]:
    service = meals_of(interaction.client)
    async with service.db.read() as tx:
        r = await RoundRepo.get(tx, round_id)
        prod = await ProductionRepo.get(tx, r.production_id) if r is not None else None
    if r is None or prod is None:
        raise DomainError("meals.error.no_round")
    return prod, r


async def show_form(interaction: discord.Interaction, prod: Production, r: MealRound, *, new_message: bool = False, note: str = "") -> None:
    """The order form for this person and round (a new ephemeral message, or this one refreshed)."""
    service = meals_of(interaction.client)
    locale = normalize_locale(interaction.locale)
    _, order, _member = await service.mine(prod, r.id, interaction.user.id)
    menu = await service.menu_of(r, prod.guild_id)
    items = {i.id: i for i in menu}
    now = service.clock.now()
    content = form_text(r, order, items, locale, prod.tz, now, note=note)
    if not r.is_open(now):
        content += "\n" + t("meals.form.counts_only" if r.counts_only and r.status == "open" else "meals.form.closed", locale)
        view = None
    elif not menu:
        raise DomainError("meals.error.no_menu", meal=meal_name(r.meal, locale))
    else:
        view = order_form(r, order, menu, locale, service.settings.meals.max_quantity)
    if new_message:
        await interaction.response.send_message(content, view=view or discord.utils.MISSING, ephemeral=True, allowed_mentions=NONE)
    else:
        await interaction.response.edit_message(content=content, view=view, allowed_mentions=NONE)


async def answer_order(interaction: discord.Interaction, prod: Production, placed: Placed, *, new_message: bool = False) -> None:
    locale = normalize_locale(interaction.locale)
    tz = prod.tz
    cutoff = placed.round.cutoff_at.astimezone(tz).strftime("%H:%M")
    meal = meal_name(placed.round.meal, locale)
    if not placed.order.wants:
        note = t("meals.reply.declined" if placed.changed else "meals.reply.unchanged", locale, meal=meal, cutoff=cutoff)
    else:
        dish = escape(placed.item.name(locale)) if placed.item else "?"
        note = t("meals.reply.ordered" if placed.changed else "meals.reply.unchanged", locale, meal=meal, cutoff=cutoff, dish=dish,
                 quantity=placed.order.quantity)
        if placed.clash:
            note += "\n" + t("meals.reply.diet_clash", locale, diet=t(f"meals.diet.{placed.order.diet}", locale))
    await show_form(interaction, prod, placed.round, new_message=new_message, note=note)
