"""The AD's answer to a cast call proposal (the ``cast_proposal`` cue in the AD channel): Send all,
Pick… (a menu of the actors: those picked are DMed, the rest held) or Hold.

They are AD actions like every other (``bot.actions``): the buttons' custom ids carry the
production, the proposal and the state they were drawn for (0: open), so the one tenancy check
admits only an AD of the proposal's own production, a press on a decided proposal (or a repeat after
a lost answer) is refused as stale, and the decision is acknowledged first, recorded with the
change in one transaction and applied once. The pick menu is a :class:`~bot.actions.SelectAction`
drawn for the same state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.actions import ButtonAction, SelectAction, answer, register_button, register_select, select_view, set_subject
from bot.cues import kinds
from bot.cues.liveday import Decision
from bot.domain import cues as C
from bot.domain.callsheet import fmt_time
from bot.domain.crew import Production
from bot.domain.tenancy import Access
from bot.i18n import in_languages, join_list, normalize_locale, t
from bot.render.escape import escape
from db.repositories.cues import CueRepo

if TYPE_CHECKING:
    from bot.cues.liveday import LiveDayService

NONE = discord.AllowedMentions.none()
#: The proposal buttons (drawn by ``bot.cues.live_kinds.render_cast_proposal``) and the pick menu.
ALL, PICK, HOLD, PICKED = "cc_all", "cc_pick", "cc_hold", "cc_picked"


def decision_text(d: Decision, locale: str) -> str:
    def name(uid: int) -> str:
        return escape(d.names.get(uid, str(uid)))

    tz = d.production.tz
    lines = []
    if d.sent:
        lines.append(t("shoot.proposal.sent", locale, count=len(d.sent),
                       names=join_list([f"{name(u)} {fmt_time(c, d.day.date, tz, locale)}" for u, c in d.sent], locale)))
    if d.held:
        lines.append(t("shoot.proposal.held", locale, count=len(d.held), names=join_list([name(u) for u in d.held], locale)))
    return "\n".join(lines) or t("shoot.proposal.nothing", locale)


class ProposalActions:
    """Registers the proposal's buttons and menu as AD actions of the ``/shoot`` cog."""

    def __init__(self, service: LiveDayService) -> None:
        self.service = service

    def register(self) -> None:
        register_button(ButtonAction(ALL, Access.AD, "cues.cast_proposal.send_all", self._state, self._all, discord.ButtonStyle.success))
        register_button(ButtonAction(PICK, Access.AD, "cues.cast_proposal.pick", self._state, self._pick, public=False))
        register_button(ButtonAction(HOLD, Access.AD, "cues.cast_proposal.hold", self._state, self._hold, discord.ButtonStyle.secondary))
        register_select(SelectAction(PICKED, Access.AD, self._state, self._picked))

    async def _state(self, bot, prod: Production, proposal_id: int) -> int:
        return await self.service.proposal_state(prod.id, proposal_id)

    async def _all(self, interaction: discord.Interaction, prod: Production, proposal_id: int) -> None:
        await self._decide(interaction, prod, proposal_id, None, public=True)

    async def _hold(self, interaction: discord.Interaction, prod: Production, proposal_id: int) -> None:
        await self._decide(interaction, prod, proposal_id, set(), public=True)

    async def _pick(self, interaction: discord.Interaction, prod: Production, proposal_id: int) -> None:
        """The menu of the proposal's actors, to the AD alone (nothing is applied until they choose)."""
        locale = normalize_locale(interaction.locale)
        proposal, names = await self.service.proposal(prod.id, proposal_id)
        options = [discord.SelectOption(label=names.get(i.user_id, str(i.user_id))[:100] or str(i.user_id), value=str(i.user_id))
                   for i in proposal.items][:25]
        view = select_view(PICKED, prod.id, proposal_id, 0, options, placeholder=t("shoot.proposal.placeholder", locale))
        await answer(interaction, t("shoot.proposal.pick", locale), view=view)

    async def _picked(self, interaction: discord.Interaction, prod: Production, proposal_id: int, values: list[str]) -> None:
        await self._decide(interaction, prod, proposal_id, {int(v) for v in values if v.isdigit()}, public=False)

    async def _decide(self, interaction: discord.Interaction, prod: Production, proposal_id: int, send: set[int] | None, *,
                      public: bool) -> None:
        """Send all / hold answer in the AD channel (the production's language), a pick to the AD alone."""
        set_subject(interaction, f"cast_proposal:{proposal_id}")
        decision = await self.service.decide(prod.id, proposal_id, send, by=interaction.user.id)
        if public:
            await answer(interaction, in_languages(lambda loc: decision_text(decision, loc), prod.channel_locale))
        else:
            await answer(interaction, decision_text(decision, normalize_locale(interaction.locale)))
        await close_original(interaction.client, decision)


async def close_original(bot, decision: Decision) -> None:
    """The proposal message in the AD channel says what was decided (in its own language) and loses
    its buttons. Best effort: the decision is already stored, and a press on an old button is stale."""
    async with bot.db.read() as tx:
        cue = await CueRepo.by_key(tx, C.notice_key(decision.day.id, "proposal", decision.proposal_id))
    if cue is None or cue.message_id is None or cue.target.channel_id is None:
        return
    content = kinds.render(cue, decision.production.tz).content + "\n\n" + in_languages(lambda loc: decision_text(decision, loc), cue.locale)
    try:
        message = bot.get_partial_messageable(cue.target.channel_id).get_partial_message(cue.message_id)
        await message.edit(content=content[:2000], view=None, allowed_mentions=NONE)
    except discord.HTTPException:
        pass
