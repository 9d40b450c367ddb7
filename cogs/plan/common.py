"""What the plan and call sheet cogs share: which shoot day an option means, autocomplete for days,
scenes and sets, and loading everything a call sheet is built from."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import discord
from discord import app_commands

from bot.domain.callsheet import CallSheet, build_callsheet
from bot.domain.castlist import Contact
from bot.domain.crew import CrewMember, Production
from bot.domain.errors import DomainError
from bot.domain.plan import SetLocation, ShootDay, Walk
from bot.i18n import normalize_locale, t
from bot.tenancy import production_of
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo

log = logging.getLogger(__name__)


async def find_day(bot, prod: Production, text: str | None, *, default_upcoming: bool = True) -> ShootDay:
    """``2026-11-23``, ``11-23``, ``1`` / ``day 1`` / ``第1天`` (day number), or nothing: the next shoot
    day from today (the production's timezone; a day that started yesterday and runs past midnight
    counts until 06:00)."""
    tz = prod.tz
    async with bot.db.read() as tx:
        raw = (text or "").strip()
        if not raw:
            if not default_upcoming:
                raise DomainError("plan.error.which_day")
            today = (bot.clock.now().astimezone(tz) - timedelta(hours=6)).date()
            day = await PlanRepo.next_day(tx, prod.id, today, tz)
            if day is None:
                raise DomainError("plan.error.no_days", code=prod.code)
            return day
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            when = _date(int(m[1]), int(m[2]), int(m[3]), raw)
        elif m := re.fullmatch(r"(\d{1,2})-(\d{1,2})", raw):
            when = _date(bot.clock.now().astimezone(tz).year, int(m[1]), int(m[2]), raw)
        elif m := re.fullmatch(r"(?:day\s*|d|第)?\s*(\d{1,3})\s*天?", raw, re.I):
            day = await PlanRepo.day_by_number(tx, prod.id, int(m[1]), tz)
            if day is None:
                raise DomainError("plan.error.no_such_day", day=raw)
            return day
        else:
            raise DomainError("plan.error.bad_day", day=raw)
        day = await PlanRepo.day(tx, prod.id, when, tz)
    if day is None:
        raise DomainError("plan.error.no_such_day", day=raw)
    return day


def _date(y: int, m: int, d: int, raw: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise DomainError("plan.error.bad_day", day=raw) from None


@dataclass
class DayContext:
    """Everything a call sheet for one day is built from."""

    prod: Production
    day: ShootDay
    crew: list[CrewMember]
    sets: list[SetLocation]
    walks: list[Walk]
    overrides: dict[int, datetime]
    contacts: list[Contact] = field(default_factory=list)

    def sheet(self, bot, *, version: int, published_at: datetime | None = None, previous: CallSheet | None = None) -> CallSheet:
        """The call sheet of this day by the production's settings (version 0: a draft)."""
        prod = self.prod
        return build_callsheet(
            production_id=prod.id, production_code=prod.code, production_name=prod.name, timezone=prod.timezone, day=self.day,
            crew=self.crew, sets=self.sets, walks=self.walks, offsets=bot.settings.call_offsets, safety=bot.settings.safety,
            overrides=self.overrides, version=version, published_at=published_at, rules=bot.settings.call_rules,
            contacts=self.contacts, previous=previous, threshold=bot.settings.cues.notify_threshold_minutes,
            move_threshold=bot.settings.liveday.set_move_walk_minutes,
        )


async def load_context(bot, prod: Production, day: ShootDay) -> DayContext:
    async with bot.db.read() as tx:
        fresh = await PlanRepo.day_by_id(tx, day.id, prod.tz)
        crew = await CrewRepo.list(tx, prod.id)
        sets = await PlanRepo.sets(tx, prod.id)
        walks = await PlanRepo.walks(tx, prod.id)
        overrides = await PlanRepo.overrides(tx, day.id, prod.tz)
        contacts = await PlanRepo.contacts(tx, prod.id)
    assert fresh is not None
    return DayContext(prod, fresh, crew, sets, walks, overrides, contacts)


def interaction_locale(interaction: discord.Interaction) -> str:
    return normalize_locale(interaction.locale)


async def day_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    prod = production_of(interaction)  # decided and checked by the tree, like the command's own
    bot = interaction.client
    locale = interaction_locale(interaction)
    async with bot.db.read() as tx:  # type: ignore[attr-defined]
        days = await PlanRepo.days(tx, prod.id, prod.tz)
        counts = await PlanRepo.scene_counts(tx, prod.id)
    needle = current.strip().casefold()
    out = []
    for d in days:
        label = t("plan.choice.day", locale, n=d.day_number, m=d.total_days, date=d.date.isoformat(),
                  scenes=counts.get(d.id, (0, 0))[0], call=d.general_call.strftime("%H:%M"))
        if not needle or needle in label.casefold():
            out.append(app_commands.Choice(name=label[:100], value=d.date.isoformat()))
    return out[:25]


async def scene_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    prod = production_of(interaction)  # decided and checked by the tree, like the command's own
    try:
        day = await find_day(interaction.client, prod, getattr(interaction.namespace, "day", None))
    except DomainError:
        return []
    async with interaction.client.db.read() as tx:  # type: ignore[attr-defined]
        rows = await PlanRepo.search_scenes(tx, day.id, current.strip(), 25)
    return [app_commands.Choice(name=f"{n} · {s} · {syn}"[:100], value=n) for n, s, syn in rows]


async def move_scene_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The day's scenes, then the unscheduled pool's (顺延待排) for /plan move to place."""
    found = await scene_autocomplete(interaction, current)
    prod = production_of(interaction)  # decided and checked by the tree, like the command's own
    async with interaction.client.db.read() as tx:  # type: ignore[attr-defined]
        pool = await PlanRepo.pool_search(tx, prod.id, current.strip(), 25)
    label = t("plan.pool.choice", interaction_locale(interaction))
    return (found + [app_commands.Choice(name=f"{s.number} · {label} · {s.set_name}"[:100], value=s.number) for _, s, _ in pool])[:25]


async def set_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    prod = production_of(interaction)  # decided and checked by the tree, like the command's own
    async with interaction.client.db.read() as tx:  # type: ignore[attr-defined]
        sets = await PlanRepo.search_sets(tx, prod.id, current.strip(), 25)
    return [app_commands.Choice(name=(f"{s.name} · {s.address}" if s.address else s.name)[:100], value=s.name[:100]) for s in sets]


def embeds_of(message: dict) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in message.get("embeds", [])]


async def reply_messages(interaction: discord.Interaction, messages: list[dict], *, ephemeral: bool = True,
                         files: list[discord.File] | None = None) -> None:
    """Answer with one or more rendered messages (the first as the response or first followup);
    ``files`` go on the last message."""
    for i, message in enumerate(messages):
        kwargs: dict = {"content": message.get("content") or None, "embeds": embeds_of(message), "ephemeral": ephemeral}
        if files and i == len(messages) - 1:
            kwargs["files"] = files
        if i == 0 and not interaction.response.is_done():
            await interaction.response.send_message(**kwargs)
        else:
            await interaction.followup.send(**kwargs)


async def replan_cues(bot, production_id: int, day_ids) -> None:
    """Re-plan the live day's cues (reminders, unconfirmed nudges) after the plan or the call sheet
    changed. The user's action is already committed: a failure here is logged, not raised."""
    liveday = getattr(bot, "liveday", None)
    if liveday is None:
        return
    for day_id in day_ids:
        try:
            await liveday.sync(production_id, day_id)
        except Exception:
            log.exception("could not re-plan the cues of day %s", day_id)
