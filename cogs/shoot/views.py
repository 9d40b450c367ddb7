"""The AD's answer to a cast call proposal (the ``cast_proposal`` cue in the AD channel): Send all,
Pick… (a menu of the actors: those picked are DMed, the rest held) or Hold. Persistent
``DynamicItem`` handlers: their custom ids carry the proposal id, so a press works after a restart.
Only an AD of the proposal's own server may answer; a proposal is decided once."""

from __future__ import annotations

import discord

from bot.cues.live_kinds import PROPOSAL_PREFIX
from bot.cues.liveday import Decision
from bot.domain.callsheet import fmt_time
from bot.i18n import join_list, normalize_locale, t
from bot.render.escape import escape
from bot.domain.tenancy import Access, check
from bot.tenancy import standing_on
from bot.tree import reply_error
from bot.cues import kinds
from bot.domain import cues as C
from db.repositories.cues import CueRepo

NONE = discord.AllowedMentions.none()
PICKED = f"{PROPOSAL_PREFIX}picked:"


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


async def _as_ad(interaction: discord.Interaction, proposal_id: int) -> None:
    """Only an AD of the proposal's own production answers it (the one tenancy check)."""
    bot = interaction.client
    prod = await bot.liveday.proposal_production(proposal_id, guild_id=interaction.guild_id or 0)  # type: ignore[attr-defined]
    prod, st = await standing_on(bot, interaction, prod.id)  # type: ignore[arg-type]
    check(Access.AD, prod, st)


async def _decide(interaction: discord.Interaction, proposal_id: int, send: set[int] | None) -> Decision:
    await _as_ad(interaction, proposal_id)
    return await interaction.client.liveday.decide(proposal_id, send, by=interaction.user.id, guild_id=interaction.guild_id or 0)  # type: ignore[attr-defined]


class ProposalButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:cc:(?P<action>all|pick|hold):(?P<proposal>[0-9]{1,18})"):
    def __init__(self, action: str, proposal_id: int) -> None:
        super().__init__(discord.ui.Button(label=action, custom_id=f"{PROPOSAL_PREFIX}{action}:{proposal_id}"))
        self.action = action
        self.proposal_id = proposal_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> ProposalButton:  # type: ignore[override]
        return cls(match["action"], int(match["proposal"]))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            if self.action == "pick":
                await self._pick(interaction)
                return
            decision = await _decide(interaction, self.proposal_id, None if self.action == "all" else set())
            locale = normalize_locale(decision.production.language)
            content = ((interaction.message.content if interaction.message else "") + "\n\n" + decision_text(decision, locale))[:2000]
            await interaction.response.edit_message(content=content, view=None, allowed_mentions=NONE)
        except Exception as exc:  # answered like a command error, never left hanging
            await reply_error(interaction, exc)

    async def _pick(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        await _as_ad(interaction, self.proposal_id)
        locale = normalize_locale(interaction.locale)
        proposal, names = await bot.liveday.proposal(self.proposal_id, guild_id=interaction.guild_id or 0)  # type: ignore[attr-defined]
        view = discord.ui.View(timeout=None)
        view.add_item(PickSelect(self.proposal_id, [(i.user_id, names.get(i.user_id, str(i.user_id))) for i in proposal.items], locale))
        view.stop()  # answered by the persistent PickSelect handler, not by this object
        await interaction.response.send_message(t("shoot.proposal.pick", locale), view=view, ephemeral=True)


class PickSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"setcall:cc:picked:(?P<proposal>[0-9]{1,18})"):
    def __init__(self, proposal_id: int, actors: list[tuple[int, str]] | None = None, locale: str = "en-US") -> None:
        options = [discord.SelectOption(label=name[:100] or str(uid), value=str(uid)) for uid, name in (actors or [])[:25]]
        select = discord.ui.Select(custom_id=f"{PICKED}{proposal_id}", placeholder=t("shoot.proposal.placeholder", locale),
                                   min_values=0, max_values=max(1, len(options)), options=options or [discord.SelectOption(label="-", value="0")])
        super().__init__(select)
        self.proposal_id = proposal_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select, match) -> PickSelect:  # type: ignore[override]
        return cls(int(match["proposal"]))  # the picked values are read from the interaction

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            values = (interaction.data or {}).get("values", [])  # type: ignore[union-attr]
            chosen = {int(v) for v in values if str(v).isdigit()}
            decision = await _decide(interaction, self.proposal_id, chosen)
            locale = normalize_locale(interaction.locale)
            await interaction.response.edit_message(content=decision_text(decision, locale), view=None, allowed_mentions=NONE)
            await close_original(interaction.client, decision)
        except Exception as exc:
            await reply_error(interaction, exc)


async def close_original(bot, decision: Decision) -> None:
    """After a pick (answered in the AD's private menu), the proposal message in the AD channel
    says what was decided and loses its buttons. Best effort: the decision is already stored."""
    async with bot.db.read() as tx:
        cue = await CueRepo.by_key(tx, C.notice_key(decision.day.id, "proposal", decision.proposal_id))
    if cue is None or cue.message_id is None or cue.target.channel_id is None:
        return
    content = kinds.render(cue, decision.production.tz).content + "\n\n" + decision_text(decision, cue.locale)
    try:
        message = bot.get_partial_messageable(cue.target.channel_id).get_partial_message(cue.message_id)
        await message.edit(content=content[:2000], view=None, allowed_mentions=NONE)
    except discord.HTTPException:
        pass
