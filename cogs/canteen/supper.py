"""/supper order | skip | mine (crew), /supper count | list | costs (the meal coordinator 生活制片,
producers, ADs). A crew member sees only their own orders; the production's lists only its own."""

from __future__ import annotations

import io
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import ad_action, answer
from bot.domain.crew import DEPARTMENTS
from bot.domain.errors import DomainError
from bot.domain.meals.menu import MEALS, parse_service_date
from bot.domain.meals.orders import DIETS, PLACES
from bot.i18n import normalize_locale, t
from bot.i18n.discord import L
from bot.render.escape import escape
from bot.render.meals import meal_name
from bot.tenancy import crew_only, meals_or_ad, production_of, production_option
from cogs.canteen.common import NONE, answer_order, meals_of, show_form
from cogs.canteen.form import order_line, round_line
from cogs.canteen.views import costs_csv, costs_embed, production_embeds

MEAL_CHOICES = [app_commands.Choice(name=L(f"cmd.choice.meal.{m}"), value=m) for m in MEALS]
DIET_CHOICES = [app_commands.Choice(name=L(f"cmd.choice.diet.{d}"), value=d) for d in DIETS]
PLACE_CHOICES = [app_commands.Choice(name=L(f"cmd.choice.where.{p}"), value=p) for p in PLACES]
DEPT_CHOICES = [app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=d) for d in DEPARTMENTS]


async def dish_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Today's dishes of the meal being ordered (its production's round; the gate ran first)."""
    prod = production_of(interaction)
    service = meals_of(interaction.client)
    try:
        r = await service.pick_round(prod, getattr(interaction.namespace, "meal", None))
    except DomainError:
        return []
    locale = normalize_locale(interaction.locale)
    needle = current.strip().casefold()
    out = []
    for item in await service.menu_of(r, prod.guild_id):
        if needle and needle not in item.name_zh.casefold() and needle not in item.name_en.casefold():
            continue
        state = t("meals.form.sold_out", locale) if not item.available else (
            t("meals.form.left", locale, left=item.left) if item.left is not None else "")
        out.append(app_commands.Choice(name=f"{item.name(locale)} {item.marks()} {state}".strip()[:100], value=str(item.id)))
    return out[:25]


def _item_id(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError("meals.error.no_such_item") from None


class Supper(commands.Cog):
    supper = app_commands.Group(name=L("cmd.supper.name"), description=L("cmd.supper.description"), guild_only=True)

    def __init__(self, bot) -> None:
        self.bot = bot

    @property
    def service(self):
        return meals_of(self.bot)

    @supper.command(name=L("cmd.supper.order.name"), description=L("cmd.supper.order.description"))
    @app_commands.rename(meal=L("cmd.supper.opt_meal.name"), item=L("cmd.supper.opt_item.name"), quantity=L("cmd.supper.opt_quantity.name"),
                         where=L("cmd.supper.opt_where.name"), diet=L("cmd.supper.opt_diet.name"), notes=L("cmd.supper.opt_notes.name"))
    @app_commands.describe(meal=L("cmd.supper.opt_meal.description"), item=L("cmd.supper.opt_item.description"),
                           quantity=L("cmd.supper.opt_quantity.description"), where=L("cmd.supper.opt_where.description"),
                           diet=L("cmd.supper.opt_diet.description"), notes=L("cmd.supper.opt_notes.description"))
    @app_commands.choices(meal=MEAL_CHOICES, where=PLACE_CHOICES, diet=DIET_CHOICES)
    @app_commands.autocomplete(item=dish_autocomplete)
    @production_option
    @crew_only()
    async def order(self, interaction: discord.Interaction, meal: str | None = None, item: str | None = None,
                    quantity: app_commands.Range[int, 1, 20] | None = None, where: str | None = None, diet: str | None = None,
                    notes: app_commands.Range[str, 0, 100] | None = None, production: str | None = None) -> None:
        """要: order a dish (without one, the order form with the menu opens)."""
        prod = production_of(interaction)
        r = await self.service.pick_round(prod, meal, _item_id(item))
        if item is None and quantity is None and where is None and diet is None and notes is None:
            await show_form(interaction, prod, r, new_message=True)
            return
        fields = {"item_id": _item_id(item), "quantity": quantity, "deliver": where, "diet": diet}
        if notes is not None:
            fields["notes"] = notes
        placed = await self.service.order(prod, r.id, interaction.user.id, **fields)
        await answer_order(interaction, prod, placed, new_message=True)

    @supper.command(name=L("cmd.supper.skip.name"), description=L("cmd.supper.skip.description"))
    @app_commands.rename(meal=L("cmd.supper.opt_meal.name"))
    @app_commands.describe(meal=L("cmd.supper.opt_meal.description"))
    @app_commands.choices(meal=MEAL_CHOICES)
    @production_option
    @crew_only()
    async def skip(self, interaction: discord.Interaction, meal: str | None = None, production: str | None = None) -> None:
        """不要: not eating this meal (an order is cancelled and its portion goes back)."""
        prod = production_of(interaction)
        r = await self.service.pick_round(prod, meal)
        placed = await self.service.decline(prod, r.id, interaction.user.id)
        await answer_order(interaction, prod, placed, new_message=True)

    @supper.command(name=L("cmd.supper.mine.name"), description=L("cmd.supper.mine.description"))
    @production_option
    @crew_only()
    async def mine(self, interaction: discord.Interaction, production: str | None = None) -> None:
        """Your own orders today (and tomorrow), with the form for the next one still open."""
        prod = production_of(interaction)
        locale = normalize_locale(interaction.locale)
        rounds = await self.service.my_orders(prod, interaction.user.id)
        if not rounds:
            raise DomainError("meals.error.no_round")
        now = self.service.clock.now()
        still_open = next((r for r, _, _ in rounds if r.is_open(now)), None)
        if still_open is not None:
            others = [f"{round_line(r, locale, prod.tz, now)}\n{order_line(r, o, items, locale, prod.tz)}"
                      for r, o, items in rounds if r.id != still_open.id]
            await show_form(interaction, prod, still_open, new_message=True, note="\n".join(others))
            return
        lines = [f"{round_line(r, locale, prod.tz, now)}\n{order_line(r, o, items, locale, prod.tz)}" for r, o, items in rounds]
        await interaction.response.send_message("\n\n".join(lines)[:2000], ephemeral=True, allowed_mentions=NONE)

    @supper.command(name=L("cmd.supper.count.name"), description=L("cmd.supper.count.description"))
    @app_commands.rename(meal=L("cmd.supper.opt_meal.name"), label=L("cmd.supper.opt_label.name"), item=L("cmd.supper.opt_item.name"),
                         quantity=L("cmd.supper.opt_count.name"), department=L("cmd.supper.opt_department.name"),
                         diet=L("cmd.supper.opt_diet.name"), notes=L("cmd.supper.opt_notes.name"))
    @app_commands.describe(meal=L("cmd.supper.opt_meal.description"), label=L("cmd.supper.opt_label.description"),
                           item=L("cmd.supper.opt_item.description"), quantity=L("cmd.supper.opt_count.description"),
                           department=L("cmd.supper.opt_department.description"), diet=L("cmd.supper.opt_diet.description"),
                           notes=L("cmd.supper.opt_notes.description"))
    @app_commands.choices(meal=MEAL_CHOICES, department=DEPT_CHOICES, diet=DIET_CHOICES)
    @app_commands.autocomplete(item=dish_autocomplete)
    @production_option
    @meals_or_ad()
    @ad_action(public=False)
    async def count(self, interaction: discord.Interaction, meal: str, label: app_commands.Range[str, 1, 30], item: str,
                    quantity: app_commands.Range[int, 0, 500], department: str = "other", diet: str = "meat",
                    notes: app_commands.Range[str, 0, 100] = "", production: str | None = None) -> None:
        """Portions for people not on Discord (群演, 特约, 司机): set a count, 0 removes it."""
        prod = production_of(interaction)
        locale = normalize_locale(interaction.locale)
        r = await self.service.pick_round(prod, meal)
        placed, late = await self.service.count(prod, r.id, label=label, item_id=_item_id(item) or 0, quantity=quantity,
                                                department=department, diet=diet, notes=notes, by=interaction.user.id)
        dish = placed.item.name(locale) if placed.item else "?"
        key = "meals.count.removed" if quantity == 0 else ("meals.count.unchanged" if not placed.changed else "meals.count.set")
        text = t(key, locale, meal=meal_name(r.meal, locale), label=escape(label), dish=escape(dish),
                 count=quantity, code=prod.code)
        if late and placed.changed:
            text += "\n" + t("meals.count.late", locale)
        elif placed.ticket:
            text += "\n" + t("meals.count.ticket", locale)
        await answer(interaction, text, ephemeral=True)

    @supper.command(name=L("cmd.supper.list.name"), description=L("cmd.supper.list.description"))
    @app_commands.rename(meal=L("cmd.supper.opt_meal.name"))
    @app_commands.describe(meal=L("cmd.supper.opt_meal.description"))
    @app_commands.choices(meal=MEAL_CHOICES)
    @production_option
    @meals_or_ad()
    async def list_(self, interaction: discord.Interaction, meal: str | None = None, production: str | None = None) -> None:
        """This production's orders for a meal: who eats what, counts, who has not answered."""
        prod = production_of(interaction)
        r = await self.service.pick_round(prod, meal)
        r, orders, items, crew, on_sheet = await self.service.production_orders(prod, r.id)
        embeds = production_embeds(prod, r, orders, items, crew, on_sheet, normalize_locale(interaction.locale), self.service.clock.now())
        await interaction.response.send_message(embeds=embeds, ephemeral=True, allowed_mentions=NONE)

    @supper.command(name=L("cmd.supper.costs.name"), description=L("cmd.supper.costs.description"))
    @app_commands.rename(since=L("cmd.supper.opt_since.name"), until=L("cmd.supper.opt_until.name"))
    @app_commands.describe(since=L("cmd.supper.opt_since.description"), until=L("cmd.supper.opt_until.description"))
    @production_option
    @meals_or_ad()
    async def costs(self, interaction: discord.Interaction, since: app_commands.Range[str, 1, 20] | None = None,
                    until: app_commands.Range[str, 1, 20] | None = None, production: str | None = None) -> None:
        """Meal costs per day and meal, and the 餐补 list per person (with a CSV)."""
        prod = production_of(interaction)
        locale = normalize_locale(interaction.locale)
        today = self.service.canteen.today()
        date_to = parse_service_date(until, today) if until else today
        date_from = parse_service_date(since, today) if since else date_to - timedelta(days=6)
        if date_from > date_to or (date_to - date_from).days > 62:
            raise DomainError("meals.error.bad_range")
        costs, allowances = await self.service.costs(prod, date_from, date_to)
        embed = costs_embed(prod, costs, allowances, date_from, date_to, locale)
        data = costs_csv(prod, costs, allowances, locale)
        name = f"{prod.code}-meals-{date_from.isoformat()}-{date_to.isoformat()}.csv"
        await interaction.response.send_message(embed=embed, file=discord.File(io.BytesIO(data), filename=name), ephemeral=True)
