"""The Confirm button on a call sheet DM: a DynamicItem whose custom_id carries the delivery id, so
it works after a restart (registered with ``bot.add_dynamic_items`` at setup)."""

from __future__ import annotations

import discord

from bot.cues.callsheet import CONFIRM_PREFIX, confirm_custom_id
from bot.i18n import normalize_locale, t
from bot.tree import reply_error
from cogs.plan.common import replan_cues
from db.repositories.callsheet import CallsheetRepo

__all__ = ["CONFIRM_PREFIX", "ConfirmButton", "confirm_custom_id", "confirm_view"]


class ConfirmButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:cs:confirm:(?P<delivery>[0-9]{1,18})"):
    def __init__(self, delivery_id: int, locale: str = "en-US", *, confirmed: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=t("callsheet.confirm.done_button" if confirmed else "callsheet.confirm.button", locale),
                style=discord.ButtonStyle.secondary if confirmed else discord.ButtonStyle.success,
                custom_id=confirm_custom_id(delivery_id),
                disabled=confirmed,
            )
        )
        self.delivery_id = delivery_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> ConfirmButton:  # type: ignore[override]
        return cls(int(match["delivery"]), normalize_locale(interaction.locale))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            await self._confirm(interaction)
        except Exception as exc:  # answered like a command error, never left hanging
            await reply_error(interaction, exc)

    async def _confirm(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        locale = normalize_locale(interaction.locale)
        async with bot.db.transaction() as tx:  # type: ignore[attr-defined]
            result = await CallsheetRepo.confirm(tx, self.delivery_id, interaction.user.id, bot.clock.now())  # type: ignore[attr-defined]
        if result.outcome == "confirmed":
            await replan_cues(bot, result.production_id, [result.shoot_day_id])
            view = confirm_view(self.delivery_id, locale, confirmed=True)
            await interaction.response.edit_message(view=view)
            await interaction.followup.send(
                t("callsheet.confirm.thanks", locale, version=result.version, date=result.day.isoformat() if result.day else ""), ephemeral=True
            )
        elif result.outcome == "already":
            await interaction.response.send_message(t("callsheet.confirm.already", locale, version=result.version), ephemeral=True)
        elif result.outcome == "superseded":
            await interaction.response.send_message(t("callsheet.confirm.superseded", locale, version=result.version), ephemeral=True)
        elif result.outcome == "not_yours":
            await interaction.response.send_message(t("callsheet.confirm.not_yours", locale), ephemeral=True)
        else:
            await interaction.response.send_message(t("callsheet.confirm.missing", locale), ephemeral=True)


def confirm_view(delivery_id: int, locale: str, *, confirmed: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ConfirmButton(delivery_id, locale, confirmed=confirmed))
    return view
