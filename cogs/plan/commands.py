"""/plan import | template | show | add | move | drop | set-call."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, time, timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.plan import DAY_NIGHT, INT_EXT, Scene, add_scene, carry_in, drop_scene, move_scene, parse_cast
from bot.domain.callsheet import makeup_check
from bot.domain.stripboard import Problem, StripboardError, resolve_cast
from bot.domain.template import template_csv, template_locales, template_xlsx
from bot.domain.timeparse import parse_time
from bot.i18n import t
from bot.i18n.discord import L
from bot.actions import ad_action, answer, set_subject
from bot.untrusted import read_stripboard
from bot.tenancy import ad_only, anyone, crew_only, production_of, production_option
from bot.render.callsheet_embeds import announcement
from bot.render.escape import escape
from bot.render.plan_embeds import import_done, import_problems, pool_messages
from cogs.plan.common import (
    day_autocomplete,
    find_day,
    interaction_locale,
    load_context,
    move_scene_autocomplete,
    replan_cues,
    reply_messages,
    scene_autocomplete,
    set_autocomplete,
)
from db.repositories.cast import CastRepo
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo

MAX_UPLOAD = 2 * 1024 * 1024


async def import_bytes(bot, prod: Production, data: bytes, filename: str):
    """Parse and store a stripboard file for ``prod``; raises StripboardError with every problem.
    Shared by /plan import and ``python -m bot plan import``."""
    async with bot.db.read() as tx:
        crew = await CrewRepo.list(tx, prod.id)
        known = [s.name for s in await PlanRepo.sets(tx, prod.id)]
        known_walks = [(w.from_set, w.to_set) for w in await PlanRepo.walks(tx, prod.id)]
        links = await CastRepo.links(tx, prod.id)
    plan = await read_stripboard(data, filename, production_id=prod.id, tz=prod.tz, crew=crew, known_sets=known, known_walks=known_walks, links=links)
    async with bot.db.transaction() as tx:
        stored = await PlanRepo.import_plan(tx, prod.id, plan, bot.clock.now())
    await replan_cues(bot, prod.id, [d.id for d in stored])
    late: list[Problem] = []
    artists = sum(1 for m in crew if m.department == "makeup")
    for day in stored if artists else ():  # can the makeup artists on the crew have every actor ready in time?
        sheet = (await load_context(bot, prod, day)).sheet(bot, version=0)
        call = next((d.call for d in sheet.department_calls if d.department == "makeup"), None)
        late += [Problem("cast", None, None, "stripboard.warning.makeup_late",
                         {"date": day.date.isoformat(), "actor": x.actor, "artists": artists, "finish": sheet.fmt(x.finish),
                          "ready": sheet.fmt(x.ready), "minutes": x.minutes})
                 for x in makeup_check(sheet.cast, artists, call)]
    return replace(plan, warnings=plan.warnings + tuple(late)), stored


class Plan(commands.Cog):
    plan = app_commands.Group(name=L("cmd.plan.name"), description=L("cmd.plan.description"), guild_only=True)

    def __init__(self, bot) -> None:
        self.bot = bot

    # --- import and template -----------------------------------------------------------------

    @plan.command(name=L("cmd.plan.import.name"), description=L("cmd.plan.import.description"))
    @app_commands.rename(file=L("cmd.plan.import.opt_file.name"))
    @app_commands.describe(file=L("cmd.plan.import.opt_file.description"))
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment, production: str | None = None) -> None:
        prod = production_of(interaction)
        locale = interaction_locale(interaction)
        if file.size > MAX_UPLOAD:  # before a byte is downloaded
            raise DomainError("stripboard.problem.too_big", max_kb=MAX_UPLOAD // 1024)
        data = await file.read()
        try:
            plan, stored = await import_bytes(self.bot, prod, data, file.filename)
        except StripboardError as err:
            await reply_messages(interaction, import_problems(err.problems, locale, file.filename))
            return
        await reply_messages(interaction, import_done(stored, plan, locale, file.filename))

    @plan.command(name=L("cmd.plan.template.name"), description=L("cmd.plan.template.description"))
    @anyone()
    async def template(self, interaction: discord.Interaction) -> None:
        locale = interaction_locale(interaction)
        start = (self.bot.clock.now().astimezone(self.bot.settings.tz) + timedelta(days=1)).date()
        files = []
        for loc in template_locales(locale):
            files.append(discord.File(io.BytesIO(template_xlsx(loc, start)), filename=f"setcall-stripboard-{loc}.xlsx"))
            files.append(discord.File(io.BytesIO(template_csv(loc, start)), filename=f"setcall-stripboard-{loc}.csv"))
        await interaction.response.send_message(t("plan.template.text", locale), files=files, ephemeral=True)

    # --- viewing -------------------------------------------------------------------------------

    @plan.command(name=L("cmd.plan.show.name"), description=L("cmd.plan.show.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @crew_only()
    async def show(self, interaction: discord.Interaction, day: str | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        ctx = await load_context(self.bot, prod, found)
        sheet = ctx.sheet(self.bot, version=0)
        async with self.bot.db.read() as tx:
            pool = await PlanRepo.pool(tx, prod.id)
        locale = interaction_locale(interaction)
        await reply_messages(interaction, announcement(sheet, locale) + pool_messages(pool, locale))

    # --- editing -------------------------------------------------------------------------------

    async def _save(self, interaction: discord.Interaction, prod: Production, edited, key: str, **params) -> None:
        set_subject(interaction, edited.date.isoformat())
        async with self.bot.db.transaction() as tx:
            stored = await PlanRepo.update_day(tx, edited, self.bot.clock.now())
        await replan_cues(self.bot, prod.id, [stored.id])
        locale = interaction_locale(interaction)
        text = t(key, locale, **params) + "\n" + t("plan.edit.revision", locale, date=stored.date.isoformat(), revision=stored.revision,
                                                   scenes=len(stored.scenes))
        await answer(interaction, text, ephemeral=True)

    @plan.command(name=L("cmd.plan.add.name"), description=L("cmd.plan.add.description"))
    @app_commands.rename(
        scene=L("cmd.plan.opt_scene.name"), set_name=L("cmd.plan.add.opt_set.name"), minutes=L("cmd.plan.add.opt_minutes.name"),
        day=L("cmd.plan.opt_day.name"), position=L("cmd.plan.opt_position.name"), episodes=L("cmd.plan.add.opt_episodes.name"),
        int_ext=L("cmd.plan.add.opt_int_ext.name"), day_night=L("cmd.plan.add.opt_day_night.name"),
        synopsis=L("cmd.plan.add.opt_synopsis.name"), cast=L("cmd.plan.add.opt_cast.name"),
    )
    @app_commands.describe(
        scene=L("cmd.plan.add.opt_scene.description"), set_name=L("cmd.plan.add.opt_set.description"),
        minutes=L("cmd.plan.add.opt_minutes.description"), day=L("cmd.plan.opt_day.description"),
        position=L("cmd.plan.opt_position.description"), episodes=L("cmd.plan.add.opt_episodes.description"),
        int_ext=L("cmd.plan.add.opt_int_ext.description"), day_night=L("cmd.plan.add.opt_day_night.description"),
        synopsis=L("cmd.plan.add.opt_synopsis.description"), cast=L("cmd.plan.add.opt_cast.description"),
    )
    @app_commands.choices(
        int_ext=[app_commands.Choice(name=L(f"callsheet.ie.{v.replace('/', '_').lower()}"), value=v) for v in INT_EXT],
        day_night=[app_commands.Choice(name=L(f"callsheet.dn.{v.lower()}"), value=v) for v in DAY_NIGHT],
    )
    @app_commands.autocomplete(day=day_autocomplete, set_name=set_autocomplete)
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def add(
        self, interaction: discord.Interaction, scene: app_commands.Range[str, 1, 16], set_name: app_commands.Range[str, 1, 80],
        minutes: app_commands.Range[int, 1, 600], day: str | None = None, position: app_commands.Range[int, 1, 500] | None = None,
        episodes: str = "", int_ext: str = "INT", day_night: str = "DAY", synopsis: app_commands.Range[str, 0, 1000] = "",
        cast: app_commands.Range[str, 0, 1000] = "", production: str | None = None,
    ) -> None:
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        try:
            pairs = parse_cast(cast)
        except ValueError as exc:
            raise DomainError("stripboard.problem.bad_cast", value=str(exc)[:60]) from None
        async with self.bot.db.read() as tx:
            crew = await CrewRepo.list(tx, prod.id)
            prep = {"".join(a.split()).casefold(): await PlanRepo.actor_prep(tx, prod.id, a) for _, a in pairs}
        new = Scene(number=scene, set_name=set_name, est_minutes=minutes, episodes=tuple(e for e in episodes.replace("，", ",").split(",") if e.strip()),
                    int_ext=int_ext, day_night=day_night, synopsis=synopsis, cast=resolve_cast(pairs, crew, prep))
        edited = add_scene(found, new, position)
        where = edited.scene(new.number)
        await self._save(interaction, prod, edited, "plan.edit.added", scene=new.number, position=where.position if where else 0,
                         set=set_name)

    @plan.command(name=L("cmd.plan.move.name"), description=L("cmd.plan.move.description"))
    @app_commands.rename(scene=L("cmd.plan.opt_scene.name"), position=L("cmd.plan.opt_position.name"), day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(scene=L("cmd.plan.opt_scene.description"), position=L("cmd.plan.move.opt_position.description"),
                           day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(scene=move_scene_autocomplete, day=day_autocomplete)
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def move(self, interaction: discord.Interaction, scene: str, position: app_commands.Range[int, 1, 500], day: str | None = None,
                   production: str | None = None) -> None:
        """Re-order a scene within its day, or place a scene from the unscheduled pool on the day."""
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        set_subject(interaction, found.date.isoformat())
        if found.scene(scene) is None:
            async with self.bot.db.transaction() as tx:
                pooled = await PlanRepo.pool_scene(tx, prod.id, scene)
                current = await PlanRepo.day_by_id(tx, found.id, prod.tz)
                if pooled is not None and current is not None:
                    pool_id, waiting, _ = pooled
                    rows = await PlanRepo.pool_cast_rows(tx, pool_id)
                    stored = await PlanRepo.update_day(tx, carry_in(current, waiting, rows, position), self.bot.clock.now())
                    await PlanRepo.pool_remove(tx, pool_id)
            if pooled is not None and current is not None:
                await replan_cues(self.bot, prod.id, [stored.id])
                locale = interaction_locale(interaction)
                placed = stored.scene(scene)
                text = t("plan.edit.placed", locale, scene=scene, position=placed.position if placed else position,
                         date=waiting.carried_from.isoformat() if waiting.carried_from else "—")
                text += "\n" + t("plan.edit.revision", locale, date=stored.date.isoformat(), revision=stored.revision, scenes=len(stored.scenes))
                await answer(interaction, text, ephemeral=True)
                return
        edited = move_scene(found, scene, position)
        await self._save(interaction, prod, edited, "plan.edit.moved", scene=scene, position=edited.scene(scene).position)

    @plan.command(name=L("cmd.plan.drop.name"), description=L("cmd.plan.drop.description"))
    @app_commands.rename(scene=L("cmd.plan.opt_scene.name"), day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(scene=L("cmd.plan.opt_scene.description"), day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(scene=scene_autocomplete, day=day_autocomplete)
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def drop(self, interaction: discord.Interaction, scene: str, day: str | None = None, production: str | None = None) -> None:
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        await self._save(interaction, prod, drop_scene(found, scene), "plan.edit.dropped", scene=scene)

    @plan.command(name=L("cmd.plan.set_call.name"), description=L("cmd.plan.set_call.description"))
    @app_commands.rename(when=L("cmd.plan.set_call.opt_time.name"), member=L("cmd.plan.set_call.opt_member.name"),
                         day=L("cmd.plan.opt_day.name"))
    @app_commands.describe(when=L("cmd.plan.set_call.opt_time.description"), member=L("cmd.plan.set_call.opt_member.description"),
                           day=L("cmd.plan.opt_day.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def set_call(self, interaction: discord.Interaction, when: app_commands.Range[str, 1, 40], member: discord.User | None = None,
                       day: str | None = None, production: str | None = None) -> None:
        """A new general call for the day, or (with ``member``) one person's own call; ``clear``
        removes a person's override."""
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        locale = interaction_locale(interaction)
        now = self.bot.clock.now()
        if member is None:
            at = self._parse(when, found.general_call, found, prod, anchor=time(4, 0))
            shift = at - found.general_call
            edited = replace(found, general_call=at)
            await self._save(interaction, prod, edited, "plan.edit.general_call", old=found.general_call.strftime("%H:%M"),
                             new=at.astimezone(prod.tz).strftime("%H:%M"), minutes=int(shift.total_seconds() // 60))
            return
        async with self.bot.db.read() as tx:
            if await CrewRepo.get(tx, prod.id, member.id) is None:
                raise DomainError("crew.error.not_member", name=member.display_name, code=prod.code)
        if when.strip().lower() in ("clear", "reset", "清除", "取消"):
            async with self.bot.db.transaction() as tx:
                await PlanRepo.clear_override(tx, found.id, member.id, now)
            await replan_cues(self.bot, prod.id, [found.id])
            await answer(interaction, t("plan.edit.override_cleared", locale, name=escape(member.display_name)), ephemeral=True)
            return
        at = self._parse(when, found.general_call, found, prod, anchor=found.general_call.astimezone(prod.tz).time())
        async with self.bot.db.transaction() as tx:
            await PlanRepo.set_override(tx, found.id, member.id, at, note="", set_by=interaction.user.id, now=now)
        await replan_cues(self.bot, prod.id, [found.id])
        await answer(interaction, t("plan.edit.override", locale, name=escape(member.display_name), time=at.astimezone(prod.tz).strftime("%H:%M"),
                                    date=found.date.isoformat()), ephemeral=True)

    @plan.command(name=L("cmd.plan.info.name"), description=L("cmd.plan.info.description"))
    @app_commands.rename(day=L("cmd.plan.opt_day.name"), weather=L("cmd.plan.info.opt_weather.name"),
                         sunrise=L("cmd.plan.info.opt_sunrise.name"), notes=L("cmd.plan.info.opt_notes.name"),
                         base=L("cmd.plan.info.opt_base.name"))
    @app_commands.describe(day=L("cmd.plan.opt_day.description"), weather=L("cmd.plan.info.opt_weather.description"),
                           sunrise=L("cmd.plan.info.opt_sunrise.description"), notes=L("cmd.plan.info.opt_notes.description"),
                           base=L("cmd.plan.info.opt_base.description"))
    @app_commands.autocomplete(day=day_autocomplete)
    @production_option
    @ad_only()
    @ad_action(public=False)
    async def info(self, interaction: discord.Interaction, day: str | None = None, weather: app_commands.Range[str, 0, 100] | None = None,
                   sunrise: app_commands.Range[str, 0, 40] | None = None, notes: app_commands.Range[str, 0, 1000] | None = None,
                   base: app_commands.Range[str, 0, 300] | None = None, production: str | None = None) -> None:
        """The manual fields of a day: weather, sunrise/sunset, notes, unit base."""
        prod = production_of(interaction)
        found = await find_day(self.bot, prod, day)
        changes = {k: v.strip() for k, v in (("weather", weather), ("sunrise", sunrise), ("notes", notes), ("base", base)) if v is not None}
        if not changes:
            raise DomainError("plan.error.nothing_to_change")
        await self._save(interaction, prod, replace(found, **changes), "plan.edit.info", fields=", ".join(sorted(changes)))

    def _parse(self, text: str, base: datetime, day, prod: Production, *, anchor: time) -> datetime:
        """A time on the shoot day; ``+30m`` / ``-1h`` move ``base`` (the current general call)."""
        raw = text.strip()
        if raw[:1] in "+-":
            return parse_time(raw, now=base, tz=prod.tz)
        return parse_time(raw, now=self.bot.clock.now(), tz=prod.tz, day=day.date, anchor=anchor)
