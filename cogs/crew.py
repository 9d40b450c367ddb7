"""/crew join | list | remove | invite | link."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import SetCallBot
from bot.domain.castlist import option_value
from bot.domain.crew import DEPARTMENTS, CrewMember, Production, paginate, sort_crew, validate_member_fields
from bot.domain.errors import DomainError
from bot.i18n import LANGUAGE_CHOICES, in_languages, normalize_locale, t
from bot.actions import ad_action, answer
from bot.i18n.discord import L
from bot.render.escape import escape
from bot.domain.tenancy import role_heads
from bot.tenancy import ad_only, crew_only, joining, production_of, production_option
from bot.tree import SetCallView
from bot.views import Paginator
from db.repositories.cast import CastRepo
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo

PER_PAGE = 12


def member_line(m: CrewMember, locale: str) -> str:
    star = "★ " if m.leads else ""
    return f"{star}{escape(f'{m.display_name} — {m.title}'[:86])} · {t(f'lang.{m.language}', locale)}"


def crew_pages(prod: Production, members: list[CrewMember], locale: str) -> list[discord.Embed]:
    members = sort_crew(members)
    chunks = paginate(members, PER_PAGE)
    pages = []
    for i, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=t("crew.list.title", locale, name=escape(prod.name), code=prod.code), colour=0x2F855A)
        embed.description = t("crew.list.summary", locale, count=len(members)) if members else t("crew.list.empty", locale)
        for dept in DEPARTMENTS:
            rows = [m for m in chunk if m.department == dept]
            if rows:
                total = sum(1 for m in members if m.department == dept)
                embed.add_field(
                    name=t("crew.list.department", locale, department=t(f"dept.{dept}", locale), count=total),
                    value="\n".join(member_line(m, locale) for m in rows)[:1024],
                    inline=False,
                )
        embed.set_footer(text=t("crew.list.page", locale, page=i, pages=len(chunks)))
        pages.append(embed)
    return pages


class DepartmentPicker(SetCallView):
    """The department menu that completes /crew join."""

    def __init__(self, cog: Crew, prod: Production, user: discord.abc.User, title: str, language: str, is_head: bool, dietary: str, locale: str) -> None:
        super().__init__(timeout=600)
        self.cog, self.prod, self.user = cog, prod, user
        self.title, self.language, self.is_head, self.dietary = title, language, is_head, dietary
        picker = discord.ui.Select(
            custom_id="setcall:crew:department",
            placeholder=t("crew.join.pick_department", locale),
            options=[discord.SelectOption(label=t(f"dept.{d}", locale), value=d) for d in DEPARTMENTS],
        )
        picker.callback = self.picked
        self.add_item(picker)
        self.picker = picker

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user.id:
            await interaction.response.send_message(t("errors.not_your_view", interaction.locale), ephemeral=True)
            return False
        return True

    async def picked(self, interaction: discord.Interaction) -> None:
        member, new = await self.cog.save(self.prod, self.user, self.picker.values[0], self.title, self.language, self.is_head, self.dietary)
        self.stop()
        await interaction.response.edit_message(content=self.cog.joined_text(self.prod, member, new), view=None)


class Crew(commands.Cog):
    crew = app_commands.Group(name=L("cmd.crew.name"), description=L("cmd.crew.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    async def save(self, prod: Production, user: discord.abc.User, department: str, title: str, language: str, is_head: bool, dietary: str) -> tuple[CrewMember, bool]:
        department, title, dietary = validate_member_fields(department, title, dietary)
        async with self.bot.db.transaction() as tx:
            await ProductionRepo.drop_invitation(tx, prod.id, user.id)  # the invitation is used up
            return await CrewRepo.upsert(
                tx,
                production_id=prod.id,
                user_id=user.id,
                display_name=getattr(user, "display_name", None) or user.name,
                department=department,
                title=title,
                is_head=is_head,
                language=language,
                dietary=dietary,
                now=self.bot.clock.now(),
                role_heads=self.role_heads_of(prod, user),
            )

    def role_heads_of(self, prod: Production, user: discord.abc.User) -> tuple[str, ...] | None:
        """The departments whose head role the member joining holds (None: no roles to read)."""
        roles = getattr(user, "roles", None)
        if roles is None:
            return None
        return role_heads((r.id for r in roles), self.bot.settings.guild(prod.guild_id).department_head_roles)

    def joined_text(self, prod: Production, m: CrewMember, new: bool) -> str:
        key = "crew.join.done" if new else "crew.join.updated"
        return t(key, m.language, production=escape(prod.name), department=t(f"dept.{m.department}", m.language), title=escape(m.title))

    @crew.command(name=L("cmd.crew.join.name"), description=L("cmd.crew.join.description"))
    @app_commands.rename(
        title=L("cmd.crew.join.opt_title.name"),
        department=L("cmd.crew.join.opt_department.name"),
        language=L("cmd.crew.join.opt_language.name"),
        head=L("cmd.crew.join.opt_head.name"),
        dietary=L("cmd.crew.join.opt_dietary.name"),
        code=L("cmd.crew.join.opt_code.name"),
    )
    @app_commands.describe(
        title=L("cmd.crew.join.opt_title.description"),
        department=L("cmd.crew.join.opt_department.description"),
        language=L("cmd.crew.join.opt_language.description"),
        head=L("cmd.crew.join.opt_head.description"),
        dietary=L("cmd.crew.join.opt_dietary.description"),
        code=L("cmd.crew.join.opt_code.description"),
    )
    @app_commands.choices(
        department=[app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=d) for d in DEPARTMENTS],
        language=[app_commands.Choice(name=L(f"cmd.choice.lang.{code}"), value=code) for code in LANGUAGE_CHOICES],
    )
    @production_option
    @joining()
    async def join(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 60],
        department: str | None = None,
        language: str | None = None,
        head: bool = False,
        dietary: app_commands.Range[str, 0, 200] = "",
        code: app_commands.Range[str, 0, 32] | None = None,
        production: str | None = None,
    ) -> None:
        """Join with the production's join code or the AD's invitation (or update your entry)."""
        prod = production_of(interaction)
        lang = language or normalize_locale(interaction.locale)
        if department is None:
            locale = normalize_locale(lang)
            validate_member_fields("other", title, dietary)  # refuse bad input before showing the menu
            view = DepartmentPicker(self, prod, interaction.user, title, lang, head, dietary, locale)
            await interaction.response.send_message(t("crew.join.which_department", locale, production=escape(prod.name)), view=view, ephemeral=True)
            return
        member, new = await self.save(prod, interaction.user, department, title, lang, head, dietary)
        await interaction.response.send_message(self.joined_text(prod, member, new), ephemeral=True)

    @crew.command(name=L("cmd.crew.list.name"), description=L("cmd.crew.list.description"))
    @app_commands.rename(department=L("cmd.crew.list.opt_department.name"))
    @app_commands.describe(department=L("cmd.crew.list.opt_department.description"))
    @app_commands.choices(department=[app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=d) for d in DEPARTMENTS])
    @production_option
    @crew_only()
    async def list_(self, interaction: discord.Interaction, department: str | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        locale = normalize_locale(interaction.locale)
        async with self.bot.db.read() as tx:
            members = await CrewRepo.list(tx, prod.id)
        if department:
            members = [m for m in members if m.department == department]
        pages = crew_pages(prod, members, locale)
        if len(pages) == 1:
            await interaction.response.send_message(embed=pages[0], ephemeral=True)
        else:
            await interaction.response.send_message(embed=pages[0], view=Paginator(pages, owner_id=interaction.user.id, locale=locale), ephemeral=True)

    @crew.command(name=L("cmd.crew.remove.name"), description=L("cmd.crew.remove.description"))
    @app_commands.rename(member=L("cmd.crew.remove.opt_member.name"))
    @app_commands.describe(member=L("cmd.crew.remove.opt_member.description"))
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def remove(self, interaction: discord.Interaction, member: discord.User, production: str | None = None) -> None:
        prod = production_of(interaction)
        async with self.bot.db.transaction() as tx:
            removed = await CrewRepo.remove(tx, prod.id, member.id)
        if not removed:
            raise DomainError("crew.error.not_member", name=member.display_name, code=prod.code)
        await answer(interaction, t("crew.removed", interaction.locale, name=escape(member.display_name), production=escape(prod.name)),
                     ephemeral=True)


    @crew.command(name=L("cmd.crew.invite.name"), description=L("cmd.crew.invite.description"))
    @app_commands.rename(member=L("cmd.crew.invite.opt_member.name"))
    @app_commands.describe(member=L("cmd.crew.invite.opt_member.description"))
    @production_option
    @ad_only()
    @ad_action()
    async def invite(self, interaction: discord.Interaction, member: discord.Member, production: str | None = None) -> None:
        """Invite one person: their next /crew join puts them on this production. The reply
        mentions only them, in the channel where the AD invited them."""
        prod = production_of(interaction)
        if member.bot:
            raise DomainError("crew.error.bot")
        async with self.bot.db.transaction() as tx:
            if await CrewRepo.get(tx, prod.id, member.id) is not None:
                raise DomainError("crew.error.already_member", name=member.display_name, code=prod.code)
            await ProductionRepo.invite(tx, prod.id, member.id, interaction.user.id, self.bot.clock.now())
        await answer(interaction, in_languages(lambda loc: t("crew.invited", loc, mention=member.mention if loc == prod.language else escape(member.display_name),
                                                              production=escape(prod.name), code=prod.code), prod.channel_locale),
                     allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=[member]))

    @crew.command(name=L("cmd.crew.link.name"), description=L("cmd.crew.link.description"))
    @app_commands.rename(member=L("cmd.crew.link.opt_member.name"), actor=L("cmd.crew.link.opt_actor.name"))
    @app_commands.describe(member=L("cmd.crew.link.opt_member.description"), actor=L("cmd.crew.link.opt_actor.description"))
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def link(self, interaction: discord.Interaction, member: discord.User, actor: app_commands.Range[str, 1, 100],
                   production: str | None = None) -> None:
        """This crew member is the actor of that name on the cast table: their calls and DMs follow the
        cast rows, in the plan now and in every later import."""
        from cogs.plan.common import replan_cues

        prod = production_of(interaction)
        async with self.bot.db.transaction() as tx:
            crew = await CrewRepo.get(tx, prod.id, member.id)
            if crew is None:
                raise DomainError("crew.error.not_member", name=escape(member.display_name), code=prod.code)
            name = await CastRepo.resolve(tx, prod.id, actor.strip())  # a name, cast number or character
            days = await CastRepo.link(tx, prod.id, name, member.id, by=interaction.user.id, now=self.bot.clock.now()) if name else []
            if not days:
                raise DomainError("crew.link.no_actor", actor=escape(actor.strip()), code=prod.code)
        await replan_cues(self.bot, prod.id, days)
        await answer(interaction, t("crew.link.done", interaction.locale, name=escape(crew.display_name), actor=escape(name),
                                    days=len(days)), ephemeral=True)

    @link.autocomplete("actor")
    async def actor_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        prod = production_of(interaction)  # decided and checked by the tree, like the command's own
        async with self.bot.db.read() as tx:
            actors = await CastRepo.actors(tx, prod.id, current, limit=25)
        return [app_commands.Choice(name=" · ".join(x for x in (f"#{number}" if number else "", name, character) if x)[:100],
                                    value=option_value(name, number)) for name, character, number, _ in actors]


async def setup(bot: SetCallBot) -> None:
    await bot.add_cog(Crew(bot))
