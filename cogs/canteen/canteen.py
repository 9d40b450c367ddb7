"""/canteen menu add | change | remove | close | copy | show, /canteen orders, /canteen channel: the
park canteen's staff (the server's canteen roles). The canteen sees every production's orders in
one view and nothing else of any production."""

from __future__ import annotations

import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import DomainError
from bot.domain.meals.menu import MEALS, TAGS, format_price, parse_service_date
from bot.i18n import join_list, normalize_locale, t
from bot.i18n.discord import L
from bot.render.escape import escape
from bot.render.meals import meal_name, park_csv, park_filename
from bot.tenancy import canteen_only
from cogs.canteen.common import NONE, meals_of
from cogs.canteen.views import menu_embed, overview_embeds

MEAL_CHOICES = [app_commands.Choice(name=L(f"cmd.choice.meal.{m}"), value=m) for m in MEALS]
TAG_NAMES = {tag: L(f"cmd.canteen.opt_tag_{tag}.name") for tag in TAGS}
TAG_DESCRIPTIONS = {tag: L(f"cmd.canteen.opt_tag_{tag}.description") for tag in TAGS}


async def menu_item_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The canteen's dishes of the date being edited (today's by default)."""
    service = meals_of(interaction.client)
    try:
        day = parse_service_date(getattr(interaction.namespace, "date", None), service.canteen.today())
    except DomainError:
        return []
    locale = normalize_locale(interaction.locale)
    needle = current.strip().casefold()
    out = []
    for item in await service.canteen.menu(interaction.guild_id or 0, day):
        if needle and needle not in item.name_zh.casefold() and needle not in item.name_en.casefold():
            continue
        closed = f" · {t('meals.menu.closed', locale).strip()}" if item.closed else ""
        out.append(app_commands.Choice(name=f"{meal_name(item.meal, locale)} · {item.both()} · {format_price(item.price)}{closed}"[:100],
                                       value=str(item.id)))
    return out[:25]


def _item(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise DomainError("meals.error.no_such_item") from None


def _item_text(item, locale: str) -> str:
    stock = t("meals.menu.stock", locale, taken=item.taken, stock=item.stock) if item.stock is not None else t("meals.menu.unlimited", locale)
    return t("meals.menu.item", locale, meal=meal_name(item.meal, locale), date=item.service_date.isoformat(), name=escape(item.both()),
             marks=item.marks(), price=format_price(item.price), stock=stock)


class Canteen(commands.Cog):
    canteen = app_commands.Group(name=L("cmd.canteen.name"), description=L("cmd.canteen.description"), guild_only=True)
    menu = app_commands.Group(name=L("cmd.canteen.menu.name"), description=L("cmd.canteen.menu.description"), parent=canteen)

    def __init__(self, bot) -> None:
        self.bot = bot

    @property
    def service(self):
        return meals_of(self.bot)

    def _date(self, text: str | None):
        return parse_service_date(text, self.service.canteen.today())

    @menu.command(name=L("cmd.canteen.menu.add.name"), description=L("cmd.canteen.menu.add.description"))
    @app_commands.rename(meal=L("cmd.canteen.opt_meal.name"), name_zh=L("cmd.canteen.opt_name_zh.name"), price=L("cmd.canteen.opt_price.name"),
                         name_en=L("cmd.canteen.opt_name_en.name"), stock=L("cmd.canteen.opt_stock.name"), date=L("cmd.canteen.opt_date.name"),
                         **TAG_NAMES)
    @app_commands.describe(meal=L("cmd.canteen.opt_meal.description"), name_zh=L("cmd.canteen.opt_name_zh.description"),
                           price=L("cmd.canteen.opt_price.description"), name_en=L("cmd.canteen.opt_name_en.description"),
                           stock=L("cmd.canteen.opt_stock.description"), date=L("cmd.canteen.opt_date.description"), **TAG_DESCRIPTIONS)
    @app_commands.choices(meal=MEAL_CHOICES)
    @canteen_only()
    async def add(self, interaction: discord.Interaction, meal: str, name_zh: app_commands.Range[str, 1, 40], price: app_commands.Range[str, 1, 12],
                  name_en: app_commands.Range[str, 0, 40] | None = None, stock: app_commands.Range[int, 0, 5000] | None = None,
                  vegetarian: bool = False, halal: bool = False, no_pork: bool = False, nuts: bool = False,
                  date: app_commands.Range[str, 1, 20] | None = None) -> None:
        """A dish for a meal (today's by default): Chinese and English name, price, tags, stock."""
        tags = tuple(tag for tag, on in (("vegetarian", vegetarian), ("halal", halal), ("no_pork", no_pork), ("nuts", nuts)) if on)
        item = await self.service.canteen.add(interaction.guild_id or 0, self._date(date), meal, name_zh=name_zh, name_en=name_en or "",
                                              price=price, tags=tags, stock=stock, by=interaction.user.id)
        locale = normalize_locale(interaction.locale)
        await interaction.response.send_message(t("meals.menu.added", locale, item=_item_text(item, locale)), ephemeral=True, allowed_mentions=NONE)

    @menu.command(name=L("cmd.canteen.menu.change.name"), description=L("cmd.canteen.menu.change.description"))
    @app_commands.rename(item=L("cmd.canteen.opt_item.name"), name_zh=L("cmd.canteen.opt_name_zh.name"), name_en=L("cmd.canteen.opt_name_en.name"),
                         price=L("cmd.canteen.opt_price.name"), stock=L("cmd.canteen.opt_stock.name"), unlimited=L("cmd.canteen.opt_unlimited.name"),
                         date=L("cmd.canteen.opt_date.name"), **TAG_NAMES)
    @app_commands.describe(item=L("cmd.canteen.opt_item.description"), name_zh=L("cmd.canteen.opt_name_zh.description"),
                           name_en=L("cmd.canteen.opt_name_en.description"), price=L("cmd.canteen.opt_price.description"),
                           stock=L("cmd.canteen.opt_stock.description"), unlimited=L("cmd.canteen.opt_unlimited.description"),
                           date=L("cmd.canteen.opt_date.description"), **TAG_DESCRIPTIONS)
    @app_commands.autocomplete(item=menu_item_autocomplete)
    @canteen_only()
    async def change(self, interaction: discord.Interaction, item: str, name_zh: app_commands.Range[str, 1, 40] | None = None,
                     name_en: app_commands.Range[str, 1, 40] | None = None, price: app_commands.Range[str, 1, 12] | None = None,
                     stock: app_commands.Range[int, 0, 5000] | None = None, unlimited: bool = False, vegetarian: bool | None = None,
                     halal: bool | None = None, no_pork: bool | None = None, nuts: bool | None = None,
                     date: app_commands.Range[str, 1, 20] | None = None) -> None:
        """Change a dish: names, price, stock, tags (orders already placed keep their price)."""
        guild = interaction.guild_id or 0
        current = await self.service.canteen.item(guild, _item(item))
        given = {"vegetarian": vegetarian, "halal": halal, "no_pork": no_pork, "nuts": nuts}
        tags = None
        if any(v is not None for v in given.values()):
            tags = tuple(tag for tag in TAGS if (given[tag] if given[tag] is not None else tag in current.tags))
        changed = await self.service.canteen.change(guild, current.id, name_zh=name_zh, name_en=name_en, price=price, stock=stock,
                                                    unlimited=unlimited, tags=tags)
        locale = normalize_locale(interaction.locale)
        await interaction.response.send_message(t("meals.menu.changed", locale, item=_item_text(changed, locale)), ephemeral=True,
                                                allowed_mentions=NONE)

    @menu.command(name=L("cmd.canteen.menu.remove.name"), description=L("cmd.canteen.menu.remove.description"))
    @app_commands.rename(item=L("cmd.canteen.opt_item.name"), date=L("cmd.canteen.opt_date.name"))
    @app_commands.describe(item=L("cmd.canteen.opt_item.description"), date=L("cmd.canteen.opt_date.description"))
    @app_commands.autocomplete(item=menu_item_autocomplete)
    @canteen_only()
    async def remove(self, interaction: discord.Interaction, item: str, date: app_commands.Range[str, 1, 20] | None = None) -> None:
        """Take a dish off the menu (only before anyone ordered it: otherwise close it)."""
        removed = await self.service.canteen.remove(interaction.guild_id or 0, _item(item))
        locale = normalize_locale(interaction.locale)
        await interaction.response.send_message(t("meals.menu.removed", locale, item=_item_text(removed, locale)), ephemeral=True,
                                                allowed_mentions=NONE)

    @menu.command(name=L("cmd.canteen.menu.close.name"), description=L("cmd.canteen.menu.close.description"))
    @app_commands.rename(item=L("cmd.canteen.opt_item.name"), reopen=L("cmd.canteen.opt_reopen.name"), date=L("cmd.canteen.opt_date.name"))
    @app_commands.describe(item=L("cmd.canteen.opt_item.description"), reopen=L("cmd.canteen.opt_reopen.description"),
                           date=L("cmd.canteen.opt_date.description"))
    @app_commands.autocomplete(item=menu_item_autocomplete)
    @canteen_only()
    async def close(self, interaction: discord.Interaction, item: str, reopen: bool = False, date: app_commands.Range[str, 1, 20] | None = None) -> None:
        """A dish ran out: nobody can order it any more (orders already placed stand)."""
        changed = await self.service.canteen.close(interaction.guild_id or 0, _item(item), reopen=reopen)
        locale = normalize_locale(interaction.locale)
        key = "meals.menu.reopened" if reopen else "meals.menu.closed_done"
        await interaction.response.send_message(t(key, locale, item=_item_text(changed, locale)), ephemeral=True, allowed_mentions=NONE)

    @menu.command(name=L("cmd.canteen.menu.copy.name"), description=L("cmd.canteen.menu.copy.description"))
    @app_commands.rename(date=L("cmd.canteen.opt_date.name"), source=L("cmd.canteen.opt_source.name"), meal=L("cmd.canteen.opt_meal.name"))
    @app_commands.describe(date=L("cmd.canteen.opt_date.description"), source=L("cmd.canteen.opt_source.description"),
                           meal=L("cmd.canteen.opt_meal_all.description"))
    @app_commands.choices(meal=MEAL_CHOICES)
    @canteen_only()
    async def copy(self, interaction: discord.Interaction, date: app_commands.Range[str, 1, 20] | None = None,
                   source: app_commands.Range[str, 1, 20] | None = None, meal: str | None = None) -> None:
        """Copy yesterday's menu (or another day's) to today (or another day): nothing ordered."""
        to_date = self._date(date)
        copied, skipped = await self.service.canteen.copy(interaction.guild_id or 0, to_date, parse_service_date(source, to_date) if source else None,
                                                          (meal,) if meal else MEALS, interaction.user.id)
        locale = normalize_locale(interaction.locale)
        text = t("meals.menu.copied", locale, count=len(copied), date=to_date.isoformat())
        if skipped:
            text += "\n" + t("meals.menu.copy_skipped", locale, names=join_list((escape(n) for n in skipped), locale))
        await interaction.response.send_message(text, embed=menu_embed(await self.service.canteen.menu(interaction.guild_id or 0, to_date), to_date, locale),
                                                ephemeral=True, allowed_mentions=NONE)

    @menu.command(name=L("cmd.canteen.menu.show.name"), description=L("cmd.canteen.menu.show.description"))
    @app_commands.rename(date=L("cmd.canteen.opt_date.name"))
    @app_commands.describe(date=L("cmd.canteen.opt_date.description"))
    @canteen_only()
    async def show(self, interaction: discord.Interaction, date: app_commands.Range[str, 1, 20] | None = None) -> None:
        """The menu of a day, with what is ordered and what is left."""
        day = self._date(date)
        items = await self.service.canteen.menu(interaction.guild_id or 0, day)
        await interaction.response.send_message(embed=menu_embed(items, day, normalize_locale(interaction.locale)), ephemeral=True)

    @canteen.command(name=L("cmd.canteen.orders.name"), description=L("cmd.canteen.orders.description"))
    @app_commands.rename(date=L("cmd.canteen.opt_date.name"), meal=L("cmd.canteen.opt_meal.name"))
    @app_commands.describe(date=L("cmd.canteen.opt_date.description"), meal=L("cmd.canteen.opt_meal_all.description"))
    @app_commands.choices(meal=MEAL_CHOICES)
    @canteen_only()
    async def orders(self, interaction: discord.Interaction, date: app_commands.Range[str, 1, 20] | None = None, meal: str | None = None) -> None:
        """Every production's orders in the park (one view), late changes flagged."""
        day = self._date(date)
        views, items = await self.service.canteen.overview(interaction.guild_id or 0, day, meal)
        locale = normalize_locale(interaction.locale)
        embeds = overview_embeds(views, items, day, locale, self.service.clock.now(), self.service.settings.tz)
        files = []
        if views:  # the whole park as one CSV, every order (the embed may leave some out)
            data = park_csv([(v.code, v.round, v.orders, v.names) for v in views], items, locale)
            files.append(discord.File(io.BytesIO(data), filename=park_filename(day, meal)))
        await interaction.response.send_message(embeds=embeds, files=files, ephemeral=True, allowed_mentions=NONE)

    @canteen.command(name=L("cmd.canteen.channel.name"), description=L("cmd.canteen.channel.description"))
    @app_commands.rename(channel=L("cmd.canteen.opt_channel.name"))
    @app_commands.describe(channel=L("cmd.canteen.opt_channel.description"))
    @canteen_only()
    async def channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        """Where the canteen's tickets go."""
        await self.service.canteen.set_channel(interaction.guild_id or 0, channel.id)
        await interaction.response.send_message(t("meals.channel_set", normalize_locale(interaction.locale), channel=channel.mention), ephemeral=True)
