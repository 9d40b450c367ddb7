"""Persistent buttons and selects of meal orders (``DynamicItem``: their custom ids carry the round,
so they work after a restart and from a reminder DM).

* on the order post and the reminder DM: 要 (opens the order form), 不要, 我的订单;
* in the ephemeral order form: dish, portions, 荤/素/清真, where, notes (a modal), 不要;
* on the canteen's ticket: 已接单 and Ready.

Every click passes the one tenancy check (``bot.tenancy.admit_component``) with the production
the round belongs to (crew of that production; the canteen's staff for the ticket), never the
channel it came from. Errors are answered ephemerally, in the clicker's language."""

from __future__ import annotations

import discord

from bot.domain.errors import DomainError
from bot.domain.tenancy import Access
from bot.i18n import normalize_locale, t
from bot.meals.kinds import custom_id, ticket_buttons
from bot.tenancy import admit_component
from bot.tree import reply_error
from cogs.canteen.common import answer_order, meals_of, production_and_round, show_form


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:meal:(?P<round>[0-9]{1,18}):(?P<action>yes|no|mine)"):
    def __init__(self, round_id: int, action: str, label: str = "…", style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> None:
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id(round_id, action)))
        self.round_id, self.action = round_id, action

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["round"]), match["action"], item.label or "…", item.style)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            prod, r = await production_and_round(interaction, self.round_id)
            await admit_component(interaction, Access.CREW, prod)
            if self.action == "no":
                placed = await meals_of(interaction.client).decline(prod, r.id, interaction.user.id)
                await answer_order(interaction, prod, placed, new_message=True)
            else:
                await show_form(interaction, prod, r, new_message=True)
        except Exception as exc:
            await reply_error(interaction, exc)


class FormSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"setcall:meal:(?P<round>[0-9]{1,18}):f:(?P<field>item|qty|diet|where)"):
    def __init__(self, round_id: int, field: str, options: list[discord.SelectOption] | None = None, placeholder: str | None = None) -> None:
        super().__init__(discord.ui.Select(custom_id=custom_id(round_id, f"f:{field}"), options=options or [discord.SelectOption(label="…")],
                                           placeholder=placeholder))
        self.round_id, self.field = round_id, field

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["round"]), match["field"], list(item.options), item.placeholder)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            prod, r = await production_and_round(interaction, self.round_id)
            await admit_component(interaction, Access.CREW, prod)
            value = self.item.values[0]
            name = {"item": "item_id", "qty": "quantity", "diet": "diet", "where": "deliver"}[self.field]
            fields = {name: int(value) if name in ("item_id", "quantity") and value.isdigit() else value}
            placed = await meals_of(interaction.client).order(prod, r.id, interaction.user.id, **fields)
            await answer_order(interaction, prod, placed)
        except Exception as exc:
            await reply_error(interaction, exc)


class NotesModal(discord.ui.Modal):
    def __init__(self, round_id: int, locale: str, current: str = "") -> None:
        super().__init__(title=t("meals.form.notes_title", locale)[:45], custom_id=custom_id(round_id, "notes-modal"), timeout=600)
        self.round_id = round_id
        self.notes = discord.ui.TextInput(label=t("meals.form.notes_label", locale)[:45], custom_id="notes", required=False,
                                          max_length=100, default=current[:100] or None, placeholder=t("meals.form.notes_hint", locale)[:100])
        self.add_item(self.notes)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        prod, r = await production_and_round(interaction, self.round_id)
        await admit_component(interaction, Access.CREW, prod)
        placed = await meals_of(interaction.client).order(prod, r.id, interaction.user.id, notes=self.notes.value)
        await answer_order(interaction, prod, placed)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]
        await reply_error(interaction, error)


class NotesButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:meal:(?P<round>[0-9]{1,18}):f:notes"):
    def __init__(self, round_id: int, locale: str = "en-US") -> None:
        super().__init__(discord.ui.Button(label=t("meals.button.notes", locale), style=discord.ButtonStyle.secondary,
                                           custom_id=custom_id(round_id, "f:notes")))
        self.round_id = round_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["round"]), normalize_locale(interaction.locale))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            prod, r = await production_and_round(interaction, self.round_id)
            await admit_component(interaction, Access.CREW, prod)
            _, order, _ = await meals_of(interaction.client).mine(prod, r.id, interaction.user.id)
            if not r.is_open(meals_of(interaction.client).clock.now()):
                raise r.refusal(prod.tz)
            await interaction.response.send_modal(NotesModal(r.id, normalize_locale(interaction.locale), order.notes if order else ""))
        except Exception as exc:
            await reply_error(interaction, exc)


class DeclineButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:meal:(?P<round>[0-9]{1,18}):f:decline"):
    def __init__(self, round_id: int, locale: str = "en-US") -> None:
        super().__init__(discord.ui.Button(label=t("meals.button.no", locale), style=discord.ButtonStyle.danger,
                                           custom_id=custom_id(round_id, "f:decline")))
        self.round_id = round_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["round"]), normalize_locale(interaction.locale))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            prod, r = await production_and_round(interaction, self.round_id)
            await admit_component(interaction, Access.CREW, prod)
            placed = await meals_of(interaction.client).decline(prod, r.id, interaction.user.id)
            await answer_order(interaction, prod, placed)
        except Exception as exc:
            await reply_error(interaction, exc)


class TicketButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:meal:(?P<round>[0-9]{1,18}):(?P<action>recv|ready)"):
    """已接单 / Ready on the canteen's ticket: the canteen's staff only; each once."""

    def __init__(self, round_id: int, action: str, label: str = "…", style: discord.ButtonStyle = discord.ButtonStyle.primary,
                 disabled: bool = False) -> None:
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id(round_id, action), disabled=disabled))
        self.round_id, self.action = round_id, action

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["round"]), match["action"], item.label or "…", item.style)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            await self._press(interaction)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _press(self, interaction: discord.Interaction) -> None:
        service = meals_of(interaction.client)
        prod, r = await production_and_round(interaction, self.round_id)
        if interaction.guild_id != prod.guild_id:
            raise DomainError("tenancy.error.not_canteen")
        await admit_component(interaction, Access.CANTEEN)
        locale = normalize_locale(interaction.locale)
        status = "received" if self.action == "recv" else "ready"
        r, changed = await service.mark(r.id, status, interaction.user.id)
        if not changed:
            key = "meals.ticket.already_ready" if r.ticket == "ready" else "meals.ticket.already_received"
            who = r.ready_by if r.ticket == "ready" else r.received_by
            await interaction.response.send_message(t(key, locale, who=f"<@{who}>" if who else "—"), ephemeral=True,
                                                    allowed_mentions=discord.AllowedMentions.none())
            return
        loc = service.settings.meals.canteen_language
        stamp = t(f"meals.ticket.stamp_{status}", loc, who=f"<@{interaction.user.id}>",
                  time=service.clock.now().astimezone(prod.tz).strftime("%H:%M"))
        content = ((interaction.message.content if interaction.message else "") + "\n" + stamp)[-2000:]
        await interaction.response.edit_message(content=content, view=ticket_view(r.id, loc, r.ticket),
                                                allowed_mentions=discord.AllowedMentions.none())


def ticket_view(round_id: int, locale: str, ticket: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    (recv_id, recv_label, _), (ready_id, ready_label, _) = ticket_buttons(round_id, locale)
    received = ticket in ("received", "ready")
    view.add_item(TicketButton(round_id, "recv", (t("meals.button.received_done", locale) if received else recv_label),
                               discord.ButtonStyle.secondary if received else discord.ButtonStyle.primary, disabled=received))
    view.add_item(TicketButton(round_id, "ready", (t("meals.button.ready_done", locale) if ticket == "ready" else ready_label),
                               discord.ButtonStyle.secondary if ticket == "ready" else discord.ButtonStyle.success, disabled=ticket == "ready"))
    return view


DYNAMIC_ITEMS = (AnswerButton, FormSelect, NotesButton, DeclineButton, TicketButton)
