"""/standby department what [set] [in] [person]: an AD or a head of department calls a department,
or one person (an actor and their 跟妆), to standby (候场)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import ad_action, answer
from bot.domain import standby as S
from bot.domain.crew import DEPARTMENTS
from bot.i18n import t
from bot.i18n.discord import L
from bot.render import standby as R
from bot.render.escape import escape
from bot.tenancy import head_or_ad, production_of, production_option, require_department
from cogs.plan.common import set_autocomplete
from cogs.standby.common import locale_of, person_autocomplete
from cogs.standby.service import Call, StandbyService

if TYPE_CHECKING:
    from bot.app import SetCallBot


def report(called, locale: str, tz) -> str:
    """What the caller is told: where it was posted, whom it pinged, who was DMed and who not."""
    sb = called.standby
    channel = f"<#{sb.channel_id}>" if sb.channel_id else "—"
    role = t("standby.reply.called_role", locale, role=f"<@&{sb.role_id}>") if sb.role_id else ""
    dms = [c.name for c in sb.called if c.reach == S.DM]
    text = t("standby.reply.called", locale, id=sb.id, channel=channel, role=role,
             dms=R.names(dms, locale) if dms else t("standby.reply.no_dms", locale))
    missed = [c for c in sb.called if c.reach in (S.OFF_DUTY, S.OFF_CALL, S.NO_DISCORD)]
    if missed:
        lines = [line for line in R.board_lines(sb, locale, tz) if line.startswith(("🌙", "🔕", "📞"))]
        text += "\n" + "\n".join(lines)
    if called.no_follower:
        text += "\n" + t("standby.reply.no_follower", locale, person=escape(sb.person))
    if sb.channel_id is None:
        text += "\n" + t("standby.reply.no_channel", locale)
    return text


class Standby(commands.Cog):
    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot
        self.service = StandbyService(bot)

    @app_commands.command(name=L("cmd.standby.name"), description=L("cmd.standby.description"))
    @app_commands.guild_only()
    @app_commands.rename(department=L("cmd.standby.opt_department.name"), what=L("cmd.standby.opt_what.name"),
                         set_=L("cmd.standby.opt_set.name"), in_=L("cmd.standby.opt_in.name"), person=L("cmd.standby.opt_person.name"))
    @app_commands.describe(department=L("cmd.standby.opt_department.description"), what=L("cmd.standby.opt_what.description"),
                           set_=L("cmd.standby.opt_set.description"), in_=L("cmd.standby.opt_in.description"),
                           person=L("cmd.standby.opt_person.description"))
    @app_commands.choices(department=[app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=d) for d in DEPARTMENTS])
    @app_commands.autocomplete(set_=set_autocomplete, person=person_autocomplete)
    @production_option
    @head_or_ad()
    @ad_action(public=False)
    async def standby(self, interaction: discord.Interaction, department: str | None = None,
                      what: app_commands.Range[str, 1, 200] | None = None, set_: app_commands.Range[str, 1, 100] | None = None,
                      in_: app_commands.Range[int, 0, 180] | None = None, person: app_commands.Range[str, 1, 100] | None = None,
                      production: str | None = None) -> None:
        prod = production_of(interaction)
        locale = locale_of(interaction)
        by_name = getattr(interaction.user, "display_name", None) or interaction.user.name
        called = await self.service.call(
            prod, Call(department, what or "", set_, in_, person), by=interaction.user.id, by_name=by_name, request_id=interaction.id,
            locale=locale, check=lambda d: require_department(interaction, d))
        await answer(interaction, report(called, locale, prod.tz), ephemeral=True)
