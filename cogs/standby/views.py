"""The answer buttons on every standby post and DM (收到 / On my way, Ready, Need 5 min): a
``DynamicItem`` whose custom_id carries the standby and the answer, so they work after a restart.
Only the production's people pass the one component check (``bot.tenancy.admit_component``: a
stranger, another production's crew or someone since removed from the crew is refused), and of
them only the people called, the department's crew and its head may answer."""

from __future__ import annotations

import discord

from bot.i18n import normalize_locale, t
from bot.render import standby as R
from bot.domain.tenancy import Access
from bot.tenancy import admit_component
from bot.tree import reply_error
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo
from db.repositories.standby import StandbyRepo

TEMPLATE = r"setcall:sb:(?P<id>[0-9]{1,18}):(?P<answer>on_my_way|ready|need_more)"
SEPARATOR = "\n\n✅ "


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=TEMPLATE):
    def __init__(self, standby_id: int, answer: str, locale: str = "en-US") -> None:
        super().__init__(discord.ui.Button(label=R.answer_label(answer, locale), custom_id=f"setcall:sb:{standby_id}:{answer}"))
        self.standby_id = standby_id
        self.answer = answer

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> AnswerButton:  # type: ignore[override]
        return cls(int(match["id"]), match["answer"], normalize_locale(interaction.locale))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            await self._answer(interaction)
        except Exception as exc:  # answered like a command error, never left hanging
            await reply_error(interaction, exc)

    async def _answer(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        locale = normalize_locale(interaction.locale)
        async with bot.db.read() as tx:  # type: ignore[attr-defined]
            sb = await StandbyRepo.get(tx, self.standby_id)
            prod = await ProductionRepo.get(tx, sb.production_id) if sb is not None else None
        if sb is None or prod is None:
            await interaction.response.send_message(t("standby.reply.gone", locale), ephemeral=True)
            return
        tenant = await admit_component(interaction, Access.CREW, prod)  # raises the refusal
        prod, st = tenant.production or prod, tenant.standing
        assert st is not None
        async with bot.db.read() as tx:  # type: ignore[attr-defined]
            member = await CrewRepo.get(tx, prod.id, interaction.user.id)
        name = member.display_name if member is not None else interaction.user.display_name
        service = bot.get_cog("Standby").service  # type: ignore[attr-defined, union-attr]
        out = await service.answer(self.standby_id, user_id=interaction.user.id, name=name, department=st.department, heads=st.heads,
                                   answer=self.answer, request_id=interaction.id)
        if out.outcome == "answered":
            text = R.answered_text(out.answer, locale, prod.tz)
            if interaction.guild_id is None and interaction.message is not None:  # their DM shows their answer
                base = (interaction.message.content or "").split(SEPARATOR)[0]
                await interaction.response.edit_message(content=(base + SEPARATOR + text.removeprefix("✅ "))[:2000])
            else:
                await interaction.response.send_message(text, ephemeral=True)
        elif out.outcome == "already":
            await interaction.response.send_message(t("standby.reply.already", locale, answer=R.answer_label(out.answer.answer, locale)),
                                                    ephemeral=True)
        elif out.outcome == "not_yours":
            await interaction.response.send_message(t("standby.reply.not_yours", locale, department=R.department(sb.department, locale)),
                                                    ephemeral=True)
        else:
            await interaction.response.send_message(t(f"standby.reply.{out.outcome}", locale), ephemeral=True)
