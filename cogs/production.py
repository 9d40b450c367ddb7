"""/production create | list | channel."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import SetCallBot
from bot.domain.crew import DEPARTMENTS, Production, validate_production
from bot.domain.errors import DomainError
from bot.domain.tenancy import new_join_code
from bot.i18n import LANGUAGE_CHOICES, normalize_locale, t
from bot.actions import ad_action, answer
from bot.i18n.discord import L
from bot.permissions import problems_of, production_channels, warning_lines
from bot.render.escape import escape
from bot.tenancy import ad_only, guild_ad, anyone, production_of, production_option, tenant_of, viewer_of
from db.repositories.productions import ProductionRepo

PURPOSES = ("announcements", "production", "ad", "producers")
NO_SECOND = "none"


def production_embed(prod, locale: str) -> discord.Embed:
    embed = discord.Embed(title=t("production.embed.title", locale, name=escape(prod.name), code=prod.code), colour=0x2B6CB0)
    embed.add_field(name=t("production.embed.timezone", locale), value=prod.timezone)
    embed.add_field(name=t("production.embed.language", locale), value=t(f"lang.{prod.language}", locale)
                    + (f" + {t(f'lang.{prod.second_language}', locale)}" if prod.second_language else ""))
    lines = [f"{t(f'production.purpose.{p}', locale)}: <#{cid}>" for p in PURPOSES if (cid := prod.channel(p))]
    lines += [f"{t(f'dept.{d}', locale)}: <#{cid}>" for d in DEPARTMENTS if (cid := prod.department_channel(d))]
    if lines:
        embed.add_field(name=t("production.embed.channels", locale), value="\n".join(lines)[:1024], inline=False)
    return embed


class Productions(commands.Cog):
    production = app_commands.Group(name=L("cmd.production.name"), description=L("cmd.production.description"), guild_only=True)

    def __init__(self, bot: SetCallBot) -> None:
        self.bot = bot

    @production.command(name=L("cmd.production.create.name"), description=L("cmd.production.create.description"))
    @app_commands.rename(
        name=L("cmd.production.create.opt_name.name"),
        code=L("cmd.production.create.opt_code.name"),
        timezone=L("cmd.production.create.opt_timezone.name"),
        language=L("cmd.production.create.opt_language.name"),
        ad_role=L("cmd.production.opt_ad_role.name"),
        producer_role=L("cmd.production.opt_producer_role.name"),
    )
    @app_commands.describe(
        name=L("cmd.production.create.opt_name.description"),
        code=L("cmd.production.create.opt_code.description"),
        timezone=L("cmd.production.create.opt_timezone.description"),
        language=L("cmd.production.create.opt_language.description"),
        ad_role=L("cmd.production.opt_ad_role.description"),
        producer_role=L("cmd.production.opt_producer_role.description"),
    )
    @app_commands.choices(language=[app_commands.Choice(name=L(f"cmd.choice.lang.{code}"), value=code) for code in LANGUAGE_CHOICES])
    @guild_ad()
    async def create(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 80],
        code: app_commands.Range[str, 2, 16],
        timezone: str | None = None,
        language: str | None = None,
        ad_role: discord.Role | None = None,
        producer_role: discord.Role | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        new = validate_production(
            interaction.guild_id,
            name,
            code,
            timezone or self.bot.settings.timezone,
            language or self.bot.settings.language,
            interaction.user.id,
        )
        guild = self.bot.settings.guild(interaction.guild_id)
        configured = guild.productions.get(new.code)
        here = interaction.channel_id or 0
        channels = {p: here for p in PURPOSES if p != "producers"}  # the producers' channel is set on purpose
        if configured is not None:
            channels.update(configured.channels)
            channels.update({f"dept:{d}": cid for d, cid in configured.department_channels.items()})
        ad_roles = (ad_role.id,) if ad_role else ()
        producer_roles = (producer_role.id,) if producer_role else ()
        self._not_locked_out(interaction, ad_roles or (configured.ad_role_ids if configured else ()) or guild.ad_role_ids)
        async with self.bot.db.transaction() as tx:
            prod = None
            for _ in range(5):  # a fresh join code; a clash with another production's is retried
                if await ProductionRepo.by_code(tx, new.guild_id, new.code) is not None:
                    break
                code_ = new_join_code()
                if await ProductionRepo.by_join_code(tx, new.guild_id, code_) is None:
                    prod = await ProductionRepo.create(tx, new, self.bot.clock.now(), channels, ad_role_ids=ad_roles,
                                                       producer_role_ids=producer_roles, join_code=code_)
                    break
        if prod is None:
            raise DomainError("production.error.code_taken", code=new.code)
        locale = prod.language
        await interaction.response.send_message(
            t("production.created", locale, name=escape(prod.name), code=prod.code),
            embed=production_embed(prod, locale),
        )
        loc = normalize_locale(interaction.locale)
        warning = warning_lines(problems_of(self.bot, production_channels(prod)), loc)
        await interaction.followup.send("\n".join([self._code_text(prod, loc), *warning])[:2000], ephemeral=True)

    def _not_locked_out(self, interaction: discord.Interaction, ad_roles: tuple[int, ...]) -> None:
        """Refuse AD roles that would leave the AD who sets them without access (admins excepted)."""
        viewer = viewer_of(self.bot, interaction)
        if not viewer.admin and not viewer.role_ids & set(ad_roles):
            raise DomainError("tenancy.error.locked_out")

    @staticmethod
    def _code_text(prod: Production, locale: str) -> str:
        return t("production.join_code", locale, code=prod.code, join_code=prod.join_code or "—")

    @production.command(name=L("cmd.production.list.name"), description=L("cmd.production.list.description"))
    @anyone()
    async def list_(self, interaction: discord.Interaction) -> None:
        """The productions you are on (crew, AD or producer); every one for server administrators."""
        locale = normalize_locale(interaction.locale)
        prods = tenant_of(interaction).accessible
        if not prods:
            async with self.bot.db.read() as tx:
                anything = await ProductionRepo.in_guild(tx, interaction.guild_id or 0)
            raise DomainError("production.error.none_yours" if anything else "production.error.none")
        embed = discord.Embed(title=t("production.list.title", locale), colour=0x2B6CB0)
        embed.description = "\n".join(
            t("production.list.line", locale, code=p.code, name=escape(p.name), timezone=p.timezone, language=t(f"lang.{p.language}", locale))
            for p in prods[:40]
        )[:4096]
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @production.command(name=L("cmd.production.channel.name"), description=L("cmd.production.channel.description"))
    @app_commands.rename(
        purpose=L("cmd.production.channel.opt_purpose.name"),
        channel=L("cmd.production.channel.opt_channel.name"),
    )
    @app_commands.describe(
        purpose=L("cmd.production.channel.opt_purpose.description"),
        channel=L("cmd.production.channel.opt_channel.description"),
    )
    @app_commands.choices(
        purpose=[app_commands.Choice(name=L(f"cmd.choice.purpose.{p}"), value=p) for p in PURPOSES]
        + [app_commands.Choice(name=L(f"cmd.choice.dept.{d}"), value=f"dept:{d}") for d in DEPARTMENTS if d not in ("cast", "producer")]
    )
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def channel(
        self,
        interaction: discord.Interaction,
        purpose: str,
        channel: discord.TextChannel,
        production: str | None = None,
    ) -> None:
        prod = production_of(interaction)
        async with self.bot.db.transaction() as tx:
            await ProductionRepo.set_channel(tx, prod.id, purpose, channel.id)
        label = t(f"production.purpose.{purpose}", interaction.locale) if purpose in PURPOSES else t(f"dept.{purpose[5:]}", interaction.locale)
        text = t("production.channel_set", interaction.locale, purpose=label, channel=channel.mention, code=prod.code)
        warning = warning_lines(problems_of(self.bot, [channel.id]), normalize_locale(interaction.locale))  # what the AD must grant
        await answer(interaction, "\n".join([text, *warning])[:2000], ephemeral=True)


    @production.command(name=L("cmd.production.roles.name"), description=L("cmd.production.roles.description"))
    @app_commands.rename(ad_role=L("cmd.production.opt_ad_role.name"), producer_role=L("cmd.production.opt_producer_role.name"),
                         meals_role=L("cmd.production.opt_meals_role.name"))
    @app_commands.describe(ad_role=L("cmd.production.opt_ad_role.description"), producer_role=L("cmd.production.opt_producer_role.description"),
                           meals_role=L("cmd.production.opt_meals_role.description"))
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def roles(self, interaction: discord.Interaction, ad_role: discord.Role | None = None,
                    producer_role: discord.Role | None = None, meals_role: discord.Role | None = None,
                    production: str | None = None) -> None:
        """Which roles are this production's ADs, producers and meal coordinator (生活制片), on a
        server several crews share."""
        prod = production_of(interaction)
        chosen = (("ad", ad_role), ("producer", producer_role), ("meals", meals_role))
        if all(r is None for _, r in chosen):
            raise DomainError("plan.error.nothing_to_change")
        if ad_role is not None:
            self._not_locked_out(interaction, (ad_role.id,))
        async with self.bot.db.transaction() as tx:
            for kind, role in chosen:
                if role is not None:
                    await ProductionRepo.set_roles(tx, prod.id, kind, (role.id,))
        locale = normalize_locale(interaction.locale)
        lines = [t("production.roles_set", locale, code=prod.code, role=r.mention, kind=t(f"production.role_kind.{k}", locale))
                 for k, r in chosen if r is not None]
        await answer(interaction, "\n".join(lines), ephemeral=True)

    @production.command(name=L("cmd.production.code.name"), description=L("cmd.production.code.description"))
    @app_commands.rename(new=L("cmd.production.code.opt_new.name"))
    @app_commands.describe(new=L("cmd.production.code.opt_new.description"))
    @production_option
    @ad_only()
    async def code(self, interaction: discord.Interaction, new: bool = False, production: str | None = None) -> None:
        """The join code crew type in /crew join; ``new`` replaces it (the old one stops working)."""
        prod = production_of(interaction)
        async with self.bot.db.transaction() as tx:
            if new or not prod.join_code:
                for _ in range(5):
                    if await ProductionRepo.set_join_code(tx, prod.id, new_join_code()):
                        break
            prod = await ProductionRepo.get(tx, prod.id) or prod
        await interaction.response.send_message(self._code_text(prod, normalize_locale(interaction.locale)), ephemeral=True)

    @production.command(name=L("cmd.production.language.name"), description=L("cmd.production.language.description"))
    @app_commands.rename(language=L("cmd.production.language.opt_language.name"), second=L("cmd.production.language.opt_second.name"))
    @app_commands.describe(language=L("cmd.production.language.opt_language.description"),
                           second=L("cmd.production.language.opt_second.description"))
    @app_commands.choices(
        language=[app_commands.Choice(name=L(f"cmd.choice.lang.{code}"), value=code) for code in LANGUAGE_CHOICES],
        second=[app_commands.Choice(name=L(f"cmd.choice.lang.{code}"), value=code) for code in LANGUAGE_CHOICES]
        + [app_commands.Choice(name=L("cmd.choice.second.none"), value=NO_SECOND)],
    )
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def language(self, interaction: discord.Interaction, language: str | None = None, second: str | None = None,
                       production: str | None = None) -> None:
        """The channel language and, for a mixed crew, a second language line under every channel post
        (a Thai spark and a Korean DP read the set channel too)."""
        prod = production_of(interaction)
        if language is None and second is None:
            raise DomainError("plan.error.nothing_to_change")
        first = language or prod.language
        extra = prod.second_language if second is None else (None if second == NO_SECOND else second)
        validate_production(prod.guild_id, prod.name, prod.code, prod.timezone, first, interaction.user.id)
        if extra == first:
            extra = None
        async with self.bot.db.transaction() as tx:
            prod = await ProductionRepo.set_languages(tx, prod.id, first, extra) or prod
        locale = normalize_locale(interaction.locale)
        if prod.second_language:
            text = t("production.languages_set", locale, code=prod.code, language=t(f"lang.{prod.language}", locale),
                     second=t(f"lang.{prod.second_language}", locale))
        else:
            text = t("production.language_set", locale, code=prod.code, language=t(f"lang.{prod.language}", locale))
        await answer(interaction, text, ephemeral=True)
        if self.bot.liveday is not None:  # the day's pending channel cues are re-written in the new languages
            await self.bot.liveday.sync_upcoming(prod.id)


async def setup(bot: SetCallBot) -> None:
    await bot.add_cog(Productions(bot))
