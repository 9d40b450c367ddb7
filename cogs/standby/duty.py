"""/duty on | off | list | pair: who is on duty for standby calls, and each actor's 跟妆."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.crew import DEPARTMENTS
from bot.domain.errors import DomainError
from bot.domain.standby import find_person
from bot.i18n import join_list, t
from bot.i18n.discord import L
from bot.render.escape import escape
from bot.tenancy import crew_only, head_or_ad, production_of, production_option, require_department
from cogs.standby.common import actor_autocomplete, context, dept, follower_label, locale_of, not_found
from db.repositories.crew import CrewRepo
from db.repositories.standby import DutyRepo, FollowerRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot

NONE = discord.AllowedMentions.none()


class Duty(commands.Cog):
    duty = app_commands.Group(name=L("cmd.duty.name"), description=L("cmd.duty.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    async def _set(self, interaction: discord.Interaction, member: discord.Member | None, on: bool) -> None:
        prod = production_of(interaction)
        locale = locale_of(interaction)
        target = member or interaction.user
        async with self.bot.db.transaction() as tx:
            crew = await CrewRepo.get(tx, prod.id, target.id)
            if crew is None:
                raise DomainError("duty.not_crew", name=target.display_name, code=prod.code)
            if target.id != interaction.user.id:
                require_department(interaction, crew.department)  # ADs: anyone; a head: their own department
            await DutyRepo.set(tx, prod.id, target.id, on, by=interaction.user.id, now=self.bot.clock.now())
        if target.id == interaction.user.id:
            text = t("duty.on_self" if on else "duty.off_self", locale, code=prod.code, department=dept(crew.department, locale))
        else:
            text = t("duty.on_other" if on else "duty.off_other", locale, name=escape(crew.display_name), department=dept(crew.department, locale))
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)

    @duty.command(name=L("cmd.duty.on.name"), description=L("cmd.duty.on.description"))
    @app_commands.rename(member=L("cmd.duty.opt_member.name"))
    @app_commands.describe(member=L("cmd.duty.opt_member.description"))
    @production_option
    @crew_only()
    async def on(self, interaction: discord.Interaction, member: discord.Member | None = None, production: str | None = None) -> None:
        await self._set(interaction, member, True)

    @duty.command(name=L("cmd.duty.off.name"), description=L("cmd.duty.off.description"))
    @app_commands.rename(member=L("cmd.duty.opt_member.name"))
    @app_commands.describe(member=L("cmd.duty.opt_member.description"))
    @production_option
    @crew_only()
    async def off(self, interaction: discord.Interaction, member: discord.Member | None = None, production: str | None = None) -> None:
        await self._set(interaction, member, False)

    @duty.command(name=L("cmd.duty.list.name"), description=L("cmd.duty.list.description"))
    @app_commands.rename(department=L("cmd.duty.opt_department.name"))
    @app_commands.describe(department=L("cmd.duty.opt_department.description"))
    @app_commands.choices(department=[app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=d) for d in DEPARTMENTS])
    @production_option
    @crew_only()
    async def list_(self, interaction: discord.Interaction, department: str | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        locale = locale_of(interaction)
        ctx = await context(self.bot, prod)
        embed = discord.Embed(title=t("duty.list_title", locale, code=prod.code), colour=0x2B6CB0)
        for d in DEPARTMENTS:
            if department and d != department:
                continue
            people = [m for m in ctx.crew if m.department == d]
            if not people or d == "cast":
                continue
            on = [escape(("★ " if m.leads else "") + m.display_name) for m in people if m.user_id not in ctx.roster.off_duty]
            off = [escape(m.display_name) for m in people if m.user_id in ctx.roster.off_duty]
            value = f"{t('duty.on', locale)}: {join_list(on, locale) or t('duty.none', locale)}"
            if off:
                value += f"\n{t('duty.off', locale)}: {join_list(off, locale)}"
            embed.add_field(name=dept(d, locale), value=value[:1024], inline=False)
        if ctx.roster.followers and department in (None, "makeup", "cast"):
            lines = [t("duty.follower_line", locale, actor=escape(ctx.follower_names.get(k, k)), artist=escape(follower_label(ctx, f"u:{uid}")))
                     for k, uid in sorted(ctx.roster.followers.items(), key=lambda kv: ctx.follower_names.get(kv[0], kv[0]))]
            embed.add_field(name=t("duty.followers", locale), value="\n".join(lines)[:1024], inline=False)
        if not embed.fields:
            embed.description = t("duty.none", locale)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @duty.command(name=L("cmd.duty.pair.name"), description=L("cmd.duty.pair.description"))
    @app_commands.rename(actor=L("cmd.duty.opt_actor.name"), artist=L("cmd.duty.opt_artist.name"))
    @app_commands.describe(actor=L("cmd.duty.opt_actor.description"), artist=L("cmd.duty.opt_artist.description"))
    @app_commands.autocomplete(actor=actor_autocomplete)
    @production_option
    @head_or_ad()
    async def pair(self, interaction: discord.Interaction, actor: app_commands.Range[str, 1, 100], artist: discord.Member | None = None,
                   production: str | None = None) -> None:
        prod = production_of(interaction)
        require_department(interaction, "makeup")  # the makeup head (组长) or an AD
        locale = locale_of(interaction)
        ctx = await context(self.bot, prod)
        found = find_person(actor, [m for m in ctx.roster.members], ctx.cast)
        if found.person is None:
            raise not_found("standby.error.ambiguous_person" if found.ambiguous else "standby.error.unknown_person", "person",
                            actor, found.options, locale)
        person = found.person
        key = person.keys[0]
        now = self.bot.clock.now()
        async with self.bot.db.transaction() as tx:
            if artist is None:
                done = any([await FollowerRepo.clear(tx, prod.id, k) for k in person.keys])
                text = t("duty.unpaired" if done else "duty.not_paired", locale, actor=escape(person.name))
            else:
                crew = await CrewRepo.get(tx, prod.id, artist.id)
                if crew is None:
                    raise DomainError("duty.not_crew", name=artist.display_name, code=prod.code)
                if crew.department != "makeup":
                    raise DomainError("duty.artist_not_makeup", name=crew.display_name)
                for k in person.keys[1:]:
                    await FollowerRepo.clear(tx, prod.id, k)
                await FollowerRepo.set(tx, prod.id, key, person.actor or person.name, artist.id, by=interaction.user.id, now=now)
                text = t("duty.paired", locale, artist=escape(crew.display_name), actor=escape(person.name))
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)
