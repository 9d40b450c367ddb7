"""Tenancy in Discord: every command and every autocomplete goes through :func:`admit`.

How it is wired (a new command cannot forget it):

* each command declares what it needs with one decorator: ``@ad_only()``, ``@head_or_ad()``,
  ``@producer_or_ad()``, ``@meals_or_ad()``, ``@crew_only()``, ``@joining()``, ``@guild_ad()``,
  ``@canteen_only()``, ``@park_view()`` or ``@anyone()`` (the levels of :class:`bot.domain.tenancy.Access`); a command
  about one department checks it with :func:`require_department` (ADs: any; a head of department:
  their own);
* ``SetCallTree.interaction_check`` calls :func:`admit` for every slash command AND every
  autocomplete before discord.py dispatches it: it resolves the production (channel, then an
  explicit choice, then the user's own productions, then the server's only one), runs the one
  check, and puts the result in ``interaction.extras`` (:func:`tenant_of`,
  :func:`production_of`). A command without a declared level is refused (fail closed);
  ``tests/bot/test_tenancy_tree.py`` walks the whole tree and fails on it first;
* buttons on messages the bot posted about one production (a standby call) are checked with
  :func:`standing_on`: the same standing, read for that production;
* cogs never resolve a production themselves: ``prod = production_of(interaction)``. Autocomplete
  callbacks do the same, and run only when the user passed the command's own check. The
  ``production`` option's autocomplete (:func:`production_autocomplete`) offers only the
  productions the user may use that command on.

To add a command: decorate it with its level, add ``production: str | None = None`` with
:func:`production_option` when it is about one production, and read :func:`production_of`.

Buttons and selects on messages that outlive a command (an order post, a ticket in the canteen)
go through the same check with :func:`admit_component`: the production comes from the message
(its custom id), never from the channel the click came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.tenancy import (
    Access,
    Standing,
    Viewer,
    check,
    check_canteen,
    check_department,
    effective_roles,
    normalize_join_code,
    pick,
    role_heads,
    standing,
)
from bot.i18n.discord import L
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo

if TYPE_CHECKING:
    from bot.app import SetCallBot

log = logging.getLogger(__name__)

ACCESS_ATTR = "__setcall_access__"
REFUSAL_ATTR = "__setcall_refusal__"
TENANT_KEY = "setcall.tenant"
PRODUCTION_OPTION = "production"  # the option's Discord name (its English default)
JOIN_CODE_OPTION = "code"


@dataclass(frozen=True)
class Tenant:
    """What :func:`admit` decided for one interaction."""

    access: Access
    viewer: Viewer
    production: Production | None = None
    standing: Standing | None = None
    accessible: tuple[Production, ...] = ()  # productions the user may use this command on
    by_code: bool = False  # joined through the production's join code
    extras: dict[str, Any] = field(default_factory=dict)


class Untenanted(app_commands.CheckFailure):
    """A command ran without passing :func:`admit` (no declared level, or another tree)."""

    key = "errors.not_available"


# --------------------------------------------------------------------------------- declaring


def access_of(command: Any) -> Access | None:
    callback = getattr(command, "callback", None)
    return getattr(callback, ACCESS_ATTR, None) if callback is not None else None


def requires(access: Access, *, refusal: str | None = None):
    """Declare what a command needs; :func:`admit` enforces it before the command or any of its
    autocompletes runs. The attached check refuses the command if that did not happen.
    ``refusal``: the catalog key a server-level refusal is worded with."""

    def decorator(func):
        target = func.callback if isinstance(func, (app_commands.Command, app_commands.ContextMenu)) else func
        setattr(target, ACCESS_ATTR, access)
        if refusal:
            setattr(target, REFUSAL_ATTR, refusal)

        async def admitted(interaction: discord.Interaction) -> bool:
            tenant = interaction.extras.get(TENANT_KEY)
            if not isinstance(tenant, Tenant) or tenant.access is not access:
                raise Untenanted()
            return True

        return app_commands.check(admitted)(func)

    return decorator


def ad_only():
    """The production's ADs (its AD roles), server administrators and bot owners."""
    return requires(Access.AD)


def head_or_ad():
    """The production's ADs and its heads of department (组长); a head acts on their own
    department only (:func:`require_department`)."""
    return requires(Access.HEAD)


def producer_or_ad():
    """The production's producers and ADs (read-only overviews such as confirmations)."""
    return requires(Access.PRODUCER)


def crew_only():
    """Anyone on the production: its crew, producers and ADs."""
    return requires(Access.CREW)


def meals_or_ad():
    """The production's meal coordinator (生活制片), producers and ADs: meal counts, costs."""
    return requires(Access.MEALS)


def canteen_only():
    """The park's canteen staff (the server's canteen roles) and server administrators: menus and
    every production's meal orders. No production's other data."""
    return requires(Access.CANTEEN, refusal="tenancy.error.not_canteen")


def joining():
    """Join a production (invited, its join code, already crew, or its AD)."""
    return requires(Access.JOIN)


def guild_ad():
    """Server-level AD work: set up productions."""
    return requires(Access.GUILD_AD)


def owner_or_ad():
    """Bot administration (re-sync commands): the same people, worded for owners."""
    return requires(Access.GUILD_AD, refusal="errors.not_owner")


def park_view():
    """A producer's view across the server's productions: those they produce or AD (server
    administrators: all); refused when there is none."""
    return requires(Access.PARK, refusal="tenancy.error.not_producer_anywhere")


def anyone():
    """Anyone on the server; no production's data (templates, the productions you are on)."""
    return requires(Access.GUILD)


def production_option(func):
    """The ``production`` option's name, description and autocomplete, shared by every command."""
    func = app_commands.rename(production=L("cmd.opt_production.name"))(func)
    func = app_commands.describe(production=L("cmd.opt_production.description"))(func)
    return app_commands.autocomplete(production=production_autocomplete)(func)


# --------------------------------------------------------------------------------- reading


def tenant_of(interaction: discord.Interaction) -> Tenant:
    tenant = interaction.extras.get(TENANT_KEY)
    if not isinstance(tenant, Tenant):
        raise Untenanted()
    return tenant


def production_of(interaction: discord.Interaction) -> Production:
    """The production this interaction is about (decided and checked by :func:`admit`)."""
    tenant = tenant_of(interaction)
    if tenant.production is None:
        raise Untenanted()
    return tenant.production


def require_department(interaction: discord.Interaction, department: str) -> None:
    """Refuse unless the user leads ``department`` on the interaction's production (ADs: any
    department; a head of department: their own)."""
    tenant = tenant_of(interaction)
    if tenant.production is None or tenant.standing is None:
        raise Untenanted()
    check_department(tenant.production, tenant.standing, department)


async def production_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    needle = current.strip().casefold()
    return [
        app_commands.Choice(name=f"{p.code} · {p.name}"[:100], value=p.code)
        for p in tenant_of(interaction).accessible
        if needle in p.code.casefold() or needle in p.name.casefold()
    ][:25]


# --------------------------------------------------------------------------------- deciding


def viewer_of(bot: SetCallBot, interaction: discord.Interaction) -> Viewer:
    user = interaction.user
    roles = frozenset(r.id for r in getattr(user, "roles", []) if r.id != interaction.guild_id)
    admin = user.id in bot.settings.owner_ids
    if not admin and interaction.guild_id is not None and isinstance(user, discord.Member):
        perms = interaction.permissions
        admin = perms.manage_guild or perms.administrator
    return Viewer(user.id, roles, admin)


def _roles_of(bot: SetCallBot, p: Production):
    gs = bot.settings.guild(p.guild_id)
    configured = gs.productions.get(p.code)
    return effective_roles(
        p,
        configured.ad_role_ids if configured else (),
        configured.producer_role_ids if configured else (),
        gs.ad_role_ids,
        gs.producer_role_ids,
        configured.meal_role_ids if configured else (),
    )


def _option(interaction: discord.Interaction, name: str) -> str | None:
    value = getattr(interaction.namespace, name, None)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _focused(interaction: discord.Interaction) -> str | None:
    def walk(options: list[dict[str, Any]]) -> str | None:
        for opt in options:
            if opt.get("focused"):
                return opt.get("name")
            if found := walk(opt.get("options") or []):
                return found
        return None

    return walk((interaction.data or {}).get("options") or [])  # type: ignore[arg-type]


async def authorize(bot: SetCallBot, interaction: discord.Interaction, access: Access) -> Tenant:
    """The one resolver and the one check (:mod:`bot.domain.tenancy`) for one interaction."""
    guild_id = interaction.guild_id
    if guild_id is None:
        raise DomainError("errors.guild_only")
    viewer = viewer_of(bot, interaction)
    gs = bot.settings.guild(guild_id)
    choosing = interaction.type is discord.InteractionType.autocomplete and _focused(interaction) == PRODUCTION_OPTION
    option = None if choosing else _option(interaction, PRODUCTION_OPTION)
    join_code = _option(interaction, JOIN_CODE_OPTION) if access is Access.JOIN and not choosing else None
    channel_ids = {interaction.channel_id, getattr(interaction.channel, "parent_id", None)} - {None}
    async with bot.db.read() as tx:
        every = await ProductionRepo.in_guild(tx, guild_id)
        crew_of = await CrewRepo.memberships(tx, guild_id, viewer.user_id)
        invited = {p.id for p in await ProductionRepo.inviting(tx, guild_id, viewer.user_id)}
        here: dict[int, Production] = {}
        for cid in sorted(channel_ids):
            here.update({p.id: p for p in await ProductionRepo.by_channel(tx, guild_id, cid)})  # type: ignore[arg-type]
        by_code = await ProductionRepo.by_join_code(tx, guild_id, normalize_join_code(join_code)) if join_code else None
        named = await ProductionRepo.by_code(tx, guild_id, option) if option else None
    await note_role_heads(bot, viewer, guild_id, crew_of)

    def standing_in(p: Production) -> Standing:
        return _standing(bot, viewer, p, crew_of.get(p.id), invited=p.id in invited)

    standings = {p.id: standing_in(p) for p in every}
    accessible = tuple(p for p in every if standings[p.id].allows(access))
    if not access.needs_production:
        if access is Access.CANTEEN:
            check_canteen(viewer, gs.canteen_role_ids)
        if access is Access.PARK:
            if not accessible:
                raise DomainError("tenancy.error.not_producer_anywhere")
            return Tenant(access, viewer, accessible=accessible)
        if access is Access.GUILD_AD and not (
            viewer.admin or viewer.role_ids & set(gs.ad_role_ids) or any(s.ad for s in standings.values())
        ):
            raise DomainError(getattr(getattr(interaction.command, "callback", None), REFUSAL_ATTR, "errors.not_ad"))
        visible = tuple(p for p in every if standings[p.id].allows(Access.CREW))
        return Tenant(access, viewer, accessible=visible)
    if choosing:
        return Tenant(access, viewer, accessible=accessible)
    if join_code:
        if by_code is None:
            raise DomainError("tenancy.error.bad_join_code")
        if named is not None and named.id != by_code.id:
            raise DomainError("tenancy.error.code_is_other", code=named.code)
        named, option = by_code, by_code.code
    prod = pick(channel=list(here.values()), named=named, named_code=option, mine=accessible, every=every)
    st = standings.get(prod.id) or standing_in(prod)
    code_matches = by_code is not None and by_code.id == prod.id
    check(access, prod, st, code_matches=code_matches)
    return Tenant(access, viewer, production=prod, standing=st, accessible=accessible, by_code=code_matches)


async def note_role_heads(bot: SetCallBot, viewer: Viewer, guild_id: int, crew_of: dict[int, tuple[str, bool, tuple[str, ...]]]) -> None:
    """Keep the crew directory's record of who heads a department by its head role up to date with
    what this interaction on the server shows (the escalation ladder DMs heads from it: without the
    privileged Server Members intent the bot cannot list a role's members). Written only when it
    changed, so nearly every interaction writes nothing."""
    seen = role_heads(viewer.role_ids, bot.settings.guild(guild_id).department_head_roles)
    stale = [pid for pid, (_, _, known) in crew_of.items() if tuple(known) != seen]
    if stale:
        async with bot.db.transaction() as tx:
            for pid in stale:
                await CrewRepo.set_role_heads(tx, pid, viewer.user_id, seen)


def _standing(bot: SetCallBot, viewer: Viewer, prod: Production, member: tuple[str, bool, tuple[str, ...]] | None, *,
              invited: bool, in_dm: bool = False) -> Standing:
    """``in_dm``: a click in a DM, where Discord shows no roles: the head roles the crew directory
    noted count instead."""
    gs = bot.settings.guild(prod.guild_id)
    department, is_head = member[:2] if member is not None else (None, False)
    noted = member[2] if member is not None and in_dm else ()
    return standing(viewer, _roles_of(bot, prod), crew=member is not None, invited=invited, department=department, is_head=is_head,
                    head_roles=gs.department_head_roles, noted_heads=noted)


async def standing_on(bot: SetCallBot, interaction: discord.Interaction, production_id: int) -> tuple[Production, Standing]:
    """The user's standing on one production a component (a button on a bot post) is about; a
    production of another server is refused like a stranger's."""
    viewer = viewer_of(bot, interaction)
    async with bot.db.read() as tx:
        prod = await ProductionRepo.get(tx, production_id)
        if prod is None:
            raise DomainError("production.error.none")
        member = (await CrewRepo.memberships(tx, prod.guild_id, viewer.user_id)).get(prod.id)
    if interaction.guild_id is not None and interaction.guild_id != prod.guild_id:
        return prod, Standing()
    if interaction.guild_id is not None and member is not None:  # on the server: the roles are the member's (a DM shows none)
        await note_role_heads(bot, viewer, prod.guild_id, {prod.id: member})
    return prod, _standing(bot, viewer, prod, member, invited=False, in_dm=interaction.guild_id is None)


async def admit_component(interaction: discord.Interaction, access: Access, production: Production | None = None) -> Tenant:
    """The one check for a button, select or modal on a message that outlives its command (an order
    post, a reminder DM, a canteen ticket). The production is the one the message is about
    (``production``; None for the park's canteen), never the channel the click came from; in a DM
    only crew membership counts (no roles there). Raises the refusal (a DomainError) to answer with."""
    bot: SetCallBot = interaction.client  # type: ignore[assignment]
    viewer = viewer_of(bot, interaction)
    if production is None:
        if access is not Access.CANTEEN:
            raise Untenanted()
        if interaction.guild_id is None:
            raise DomainError("errors.guild_only")
        check_canteen(viewer, bot.settings.guild(interaction.guild_id).canteen_role_ids)
        return Tenant(access, viewer)
    prod, st = await standing_on(bot, interaction, production.id)
    check(access, prod, st)
    return Tenant(access, viewer, production=prod, standing=st, accessible=(prod,))


async def admit(interaction: discord.Interaction) -> bool:
    """The tree's gate for slash commands and autocompletes (``SetCallTree.interaction_check``)."""
    from bot.tree import reply_error

    command = interaction.command
    if command is None:
        return True  # unknown to this tree: discord.py answers CommandNotFound
    autocomplete = interaction.type is discord.InteractionType.autocomplete
    access = access_of(command)
    try:
        if access is None:
            log.error("command %s declares no access level: refused", getattr(command, "qualified_name", command))
            raise Untenanted()
        tenant = await authorize(interaction.client, interaction, access)  # type: ignore[arg-type]
    except (DomainError, app_commands.CheckFailure) as err:
        if autocomplete:
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
        else:
            await reply_error(interaction, err)
        return False
    interaction.extras[TENANT_KEY] = tenant
    return True
