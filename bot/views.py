"""Reusable views: a paginator for long lists."""

from __future__ import annotations

import discord

from bot.i18n import t
from bot.tree import SetCallView


class Paginator(SetCallView):
    """Prev/next through embeds; only the person who asked can turn pages."""

    def __init__(self, pages: list[discord.Embed], *, owner_id: int, locale: str, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.index = 0
        self.owner_id = owner_id
        self.locale = locale
        self.prev_button.label = t("ui.prev", locale)
        self.next_button.label = t("ui.next", locale)
        self._refresh()

    def _refresh(self) -> None:
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(t("errors.not_your_view", interaction.locale), ephemeral=True)
            return False
        return True

    async def _show(self, interaction: discord.Interaction, delta: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, self.index + delta))
        self._refresh()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="<", style=discord.ButtonStyle.secondary, custom_id="setcall:page:prev")
    async def prev_button(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label=">", style=discord.ButtonStyle.secondary, custom_id="setcall:page:next")
    async def next_button(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, +1)
