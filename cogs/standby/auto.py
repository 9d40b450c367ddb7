"""The automatic standbys of the live day (:mod:`bot.domain.standby.auto`): planned as internal
outbox rows by a day hook (``LiveDayService.add_hook``), reconciled in the same transaction as the
day's own cues after every change of the day, so they are re-timed when the day slips and cancelled
when their scene is dropped; made into standbys - post, boards, DMs, ladder - when they fall due.
The lighting standby ahead of a company move is the pre-light call: it supersedes the plain
pre-light notice to lighting."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from bot.cues import kinds
from bot.cues.kinds import CueKind, Rendered
from bot.cues.liveday import DayChange
from bot.domain import cues as C
from bot.domain import moves
from bot.domain import standby as S
from bot.domain.cues import CueSpec, Target
from bot.domain.errors import DomainError
from bot.domain.progress import Projection
from bot.domain.standby.auto import plan
from bot.i18n import split_locales
from bot.settings import Settings
from cogs.standby import moved, outbox
from cogs.standby.common import context
from cogs.standby.outbox import AUTO
from db.database import Tx
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo
from db.repositories.standby import StandbyRepo

#: The scope of the planned automatic standbys (reconciled as a whole by the day hook).
SCOPE = "standby_plan"

log = logging.getLogger(__name__)


def prelight_scenes(projection: Projection, sets, *, threshold: int, day_base: str = "") -> set[str]:
    """Scenes whose move sends lighting ahead to pre-light, by the live day's one move rule
    (``bot.domain.moves``): a company move (转场), or a set move (换景) whose set the sets table
    asks to be pre-lit. A plain set move sends nobody ahead."""
    return {s.number for s in projection.slots if s.is_move
            and "lighting" in moves.between(sets, s.from_set or "", s.set_name, s.walk_minutes, threshold=threshold, day_base=day_base).pings}


def plan_standbys(change: DayChange, settings: Settings) -> list[CueSpec]:
    """The automatic standbys the day asks for now, as internal outbox rows."""
    cfg, prod, day, projection = settings.standby, change.production, change.day, change.projection
    if not cfg.auto or projection.state == "wrapped":
        return []
    target = prod.channel("ad") or prod.channel("production")
    if target is None:
        return []
    out = []
    ahead = prelight_scenes(projection, change.sets, threshold=settings.liveday.set_move_walk_minutes, day_base=day.base)
    for p in plan(projection.slots, lead_minutes=cfg.actor_lead_minutes, company_moves=ahead,
                  change_minutes=settings.call_rules.changes):
        if p.kind not in cfg.auto:
            continue
        payload = {"kind": p.kind, "scene": p.scene, "set": p.set_name, "department": p.department, "what": p.what,
                   "actors": [[r.actor, r.character, r.user_id] for r in p.actors], "at": p.at.isoformat(), "date": day.date.isoformat(),
                   "looks": [[x.name, x.wardrobe, x.makeup] for x in p.looks]}
        out.append(CueSpec(f"{SCOPE}:{day.id}:{p.key}", AUTO, p.due, Target(channel_id=target), prod.channel_locale, payload,
                           expires=p.expires, scope=SCOPE))
    return out


def supersedes(spec: CueSpec) -> bool:
    """The lighting pre-light notice: the pre-light standby is that call (with answers and a ladder)."""
    return spec.kind == C.PRELIGHT and spec.payload.get("department") == "lighting"


def _internal(cue, tz) -> Rendered:  # never rendered: the engine runs the handler
    raise LookupError("internal")


class AutoStandbys:
    """Plans the day's automatic standbys (a day hook) and makes them when they fall due (the
    engine's handler of the internal kind)."""

    def __init__(self, bot, service) -> None:
        self.bot = bot
        self.service = service

    def register(self) -> None:
        kinds.register(CueKind(AUTO, _internal, internal=True), replace=True)
        if self.bot.liveday is not None:
            settings = self.bot.settings
            # only while the plan calls the pre-light standby: otherwise lighting keeps the plain notice
            self.bot.liveday.add_hook(self.replan, supersedes=lambda spec: S.PRELIGHT in settings.standby.auto and supersedes(spec))
        if self.bot.cues is not None:
            self.bot.cues.handle(AUTO, self.fire)

    async def replan(self, tx: Tx, change: DayChange) -> list[int]:
        """After every change of the day, in its transaction: the same reconcile as the day's cues."""
        day_id = change.day.id
        assert day_id is not None
        existing = await CueRepo.in_scope(tx, day_id, SCOPE)
        specs = plan_standbys(change, self.bot.settings)
        changes = C.reconcile(existing, specs, change.now)
        touched = await CueRepo.apply(tx, change.production.id, day_id, changes, change.now)
        touched += await self._drop_called(tx, change, existing)
        return touched + await self._follow_called(tx, change, existing, specs)

    async def _drop_called(self, tx: Tx, change: DayChange, existing) -> list[int]:
        """A standby already called for a scene the AD has since dropped: cancelled (its ladder
        stops, the boards say so), so nobody is chased for a scene that is not shot today."""
        on_day = {s.number for s in change.projection.slots}
        dropped = set(change.projection.skipped)
        touched: list[int] = []
        for cue in existing:
            scene = str(cue.payload.get("scene") or "")
            if cue.status != "sent" or not scene or (scene in on_day and scene not in dropped):
                continue
            sb = await StandbyRepo.by_auto_key(tx, cue.key)
            if sb is None or sb.state == S.CANCELLED or not await StandbyRepo.cancel(tx, sb.id):
                continue
            sb = replace(sb, state=S.CANCELLED)
            touched += await outbox.stop_ladder(tx, sb, change.now)
            touched += await outbox.queue_edits(tx, sb, change.now)
        return touched

    async def _follow_called(self, tx: Tx, change: DayChange, existing, specs: list[CueSpec]) -> list[int]:
        """A standby already called whose scene moved by at least the re-notify threshold of call
        changes (the day slipped, a scene overran): its post and board show the new time and the
        people it reached are told once (:mod:`cogs.standby.moved`); no role is pinged again and
        its ladder is not restarted."""
        threshold = timedelta(minutes=self.bot.settings.cues.notify_threshold_minutes)
        planned = {s.key: s for s in specs}
        touched: list[int] = []
        for cue in existing:
            spec = planned.get(cue.key)
            if cue.status != "sent" or spec is None:
                continue
            at = datetime.fromisoformat(spec.payload["at"])
            sb = await StandbyRepo.by_auto_key(tx, cue.key)
            if sb is not None and S.retimed(sb, at, change.now, threshold):
                touched += await moved.retime(tx, sb, at, change.now)
        return touched

    async def fire(self, cue) -> None:
        p = cue.payload
        async with self.bot.db.read() as tx:
            prod = await ProductionRepo.get(tx, cue.production_id)
        if prod is None:
            raise DomainError("production.error.none")
        ctx = await context(self.bot, prod)
        now = self.bot.clock.now()
        kind, department = str(p["kind"]), str(p["department"])
        at = datetime.fromisoformat(p["at"])
        place = next((s for s in ctx.sets if s.name == p.get("set")), None)
        lang = split_locales(prod.channel_locale)[0]
        settings = self.bot.settings
        called: list[S.Called] = []
        names: list[str] = []
        for actor, character, uid in p.get("actors") or []:
            member = ctx.member(int(uid)) if uid is not None else None
            name = f"{character} ({actor})" if character and character != actor else actor
            names.append(name)
            person = S.Person(name, member.user_id if member else None, "cast", member.language if member else lang, actor,
                              (character,) if character else ())
            called += [c for c in S.person_called(person, ctx.roster, now, None) if c.user_id is None or c.user_id not in {x.user_id for x in called}]
        if kind in (S.CHANGE, S.PRELIGHT):
            have = {c.user_id for c in called}
            called += [c for c in S.department_called(department, ctx.roster, now, None) if c.user_id not in have]
        what = str(p.get("what") or "")
        looks = tuple(S.Look(*x) for x in p.get("looks") or ())
        channel = prod.department_channel("makeup" if kind == S.ACTOR else department) or prod.channel("production")
        role = settings.guild(prod.guild_id).department_head_roles.get(department) if kind != S.ACTOR else None
        sb = S.Standby(
            id=0, production_id=prod.id, day_id=cue.day_id, kind=kind, department=department if kind != S.ACTOR else "cast", what=what,
            called_at=now, locale=prod.channel_locale, set_name=place.name if place else str(p.get("set") or ""),
            place=S.place_of(place.building, place.notes) if place else "", due=at, people=tuple(names), looks=looks,
            scene=str(p.get("scene") or ""),
            channel_id=channel, role_id=role, auto_key=cue.key, called=tuple(called),
            keep=settings.standby.lighting_keep if kind == S.PRELIGHT else 0,
        )
        await self.service.create(prod, ctx, sb, steps=settings.standby.auto_escalation)
