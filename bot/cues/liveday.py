"""The live day: AD progress commands and the recompute that follows every change.

Each action is ONE transaction: load the plan, the progress and the crew; apply the progress
change (saved with compare-and-set, so two ADs pressing ``next`` at once advance once); project
every remaining scene; recompute every person's call; reconcile the day's cues (re-time, insert,
cancel) and queue "your call moved" notices. After the commit the engine re-arms what changed.

Discord-free: the ``/shoot`` cog calls these methods and renders the :class:`Outcome`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.cues.engine import CueEngine
from bot.domain import cues as C
from bot.domain import progress as P
from bot.domain.callsheet import PersonCall, compute_calls
from bot.domain.crew import CrewMember, Production
from bot.domain.errors import DomainError
from bot.domain.plan import SetLocation, ShootDay, Walk
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from db.repositories.progress import ProgressRepo

log = logging.getLogger(__name__)

Op = Callable[[ShootDay, Sequence[Walk], P.Progress, datetime], P.Progress]


@dataclass(frozen=True)
class Outcome:
    """What an action did, for the reply."""

    production: Production
    day: ShootDay
    before: P.Progress
    progress: P.Progress
    projection: P.Projection
    inserted: int = 0
    retimed: int = 0
    cancelled: int = 0
    told: tuple[int, ...] = ()  # users told their call moved
    calls: dict[int, PersonCall] = field(default_factory=dict)


@dataclass(frozen=True)
class DayChange:
    """What a day hook sees after every recompute of a day, inside its transaction."""

    production: Production
    day: ShootDay
    projection: P.Projection
    calls: Mapping[int, PersonCall]  # who is on the day's sheet, and their calls
    crew: Sequence[CrewMember]
    sets: Mapping[str, SetLocation]
    now: datetime


#: ``hook(tx, change) -> ids of outbox rows to (re-)arm``: a feature that hangs from the day's
#: timeline (meal orders, standbys) re-plans its own rows in the same transaction.
DayHook = Callable[[Tx, DayChange], Awaitable[list[int]]]


class LiveDayService:
    def __init__(self, db: Database, engine: CueEngine | None, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.engine = engine
        self.clock = clock
        self.settings = settings
        self._hooks: list[DayHook] = []
        self._supersedes: dict[DayHook, Callable[[C.CueSpec], bool]] = {}

    def add_hook(self, hook: DayHook, *, supersedes: Callable[[C.CueSpec], bool] | None = None) -> None:
        """Run ``hook`` after every recompute of a day (an AD action, a sync), in its transaction.
        ``supersedes``: the day's own cues the feature's rows replace (the pre-light standby is the
        pre-light notice to lighting), left out of the day's reconcile."""
        if hook not in self._hooks:
            self._hooks.append(hook)
        if supersedes is not None:
            self._supersedes[hook] = supersedes

    def remove_hook(self, hook: DayHook) -> None:
        if hook in self._hooks:
            self._hooks.remove(hook)
        self._supersedes.pop(hook, None)

    # --------------------------------------------------------------------------- which day

    async def active_day(self, production: Production, day_number: int | None = None) -> int:
        """The day ``/shoot`` is about: the one being shot (even past midnight), else today's."""
        async with self.db.read() as tx:
            if day_number is not None:
                day = await PlanRepo.day_by_number(tx, production.id, day_number)
                if day is None or day.id is None:
                    raise DomainError("shoot.error.no_such_day", number=day_number)
                return day.id
            today = self.clock.now().astimezone(production.tz).date()
            states = await ProgressRepo.day_states(tx, production.id, today - timedelta(days=2), today + timedelta(days=1))
        day_id = P.pick_active_day(states, today)
        if day_id is None:
            raise DomainError("shoot.error.no_day_today", date=today.isoformat())
        return day_id

    async def current_scene(self, day_id: int) -> str | None:
        """The scene shooting now (read before ``next`` as the expected value)."""
        async with self.db.read() as tx:
            return (await ProgressRepo.load(tx, day_id)).current

    # --------------------------------------------------------------------------- AD actions

    async def start(self, production_id: int, day_id: int, *, by: int | None = None, request: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.start(d, w, p, now, by=by, request=request), by)

    async def next(
        self, production_id: int, day_id: int, *, expected: str | None, by: int | None = None, request: int | None = None
    ) -> Outcome:
        """``expected``: the scene the AD saw as current; ``request``: the Discord interaction id."""
        return await self._change(
            production_id, day_id, lambda d, w, p, now: P.advance(d, w, p, now, expected=expected, by=by, request=request), by
        )

    async def back(self, production_id: int, day_id: int, *, by: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.back(p), by)

    async def delay(self, production_id: int, day_id: int, minutes: int, *, by: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.adjust(p, minutes), by)

    async def ahead(self, production_id: int, day_id: int, minutes: int, *, by: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.adjust(p, -minutes), by)

    async def skip(self, production_id: int, day_id: int, scene: str, *, by: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.skip(d, p, scene), by)

    async def wrap(self, production_id: int, day_id: int, *, by: int | None = None, request: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.wrap(p, now, by=by, request=request), by)

    async def sync(self, production_id: int, day_id: int) -> Outcome:
        """Recompute without a progress change: after a call sheet is published or confirmed, a
        plan edit, a crew change, or at start-up. Idempotent."""
        return await self._change(production_id, day_id, None, None)

    async def status(self, production_id: int, day_id: int) -> Outcome:
        """Where the day stands now (read-only)."""
        now = self.clock.now()
        async with self.db.read() as tx:
            prod, day, walks = await self._load(tx, production_id, day_id)
            progress = await ProgressRepo.load(tx, day_id)
        return Outcome(prod, day, progress, progress, P.project(day, walks, progress, now))

    async def undelivered(self, day_id: int) -> list:
        """The day's cues that could not be sent (shown in /shoot status; the AD channel was told)."""
        async with self.db.read() as tx:
            return await CueRepo.failed_for_day(tx, day_id)

    async def sync_upcoming(self, production_id: int | None = None) -> int:
        """Sync every day being shot and every day dated yesterday..tomorrow (start-up), or only
        those of ``production_id`` (after its settings changed)."""
        today = self.clock.now().date()
        async with self.db.read() as tx:
            days = set(await ProgressRepo.shooting_days(tx))
            rows = await tx.all("progress_days_between", {"date_from": (today - timedelta(days=1)).isoformat(), "date_to": (today + timedelta(days=1)).isoformat()})
            days |= {(r["id"], r["production_id"]) for r in rows}
        if production_id is not None:
            days = {d for d in days if d[1] == production_id}
        for day_id, prod_id in sorted(days):
            try:
                await self.sync(prod_id, day_id)
            except DomainError as exc:
                log.warning("sync of day %s skipped: %s", day_id, exc)
        return len(days)

    async def set_reminder(self, production_id: int, user_id: int, minutes: int | None) -> None:
        """A crew member's own call reminder lead (None: the production default; 0: none)."""
        if minutes is not None and not 0 <= minutes <= 720:
            raise DomainError("shoot.error.bad_reminder", max=720)
        async with self.db.transaction() as tx:
            await CueRepo.set_reminder_minutes(tx, production_id, user_id, minutes)

    # --------------------------------------------------------------------------- internals

    async def _load(self, tx: Tx, production_id: int, day_id: int) -> tuple[Production, ShootDay, list[Walk]]:
        prod = await ProductionRepo.get(tx, production_id)
        if prod is None:
            raise DomainError("production.error.none")
        day = await PlanRepo.day_by_id(tx, day_id, prod.tz)
        if day is None or day.production_id != production_id:
            raise DomainError("shoot.error.no_day_today", date="?")
        return prod, day, await PlanRepo.walks(tx, production_id)

    async def _change(self, production_id: int, day_id: int, op: Op | None, by: int | None) -> Outcome:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            prod, day, walks = await self._load(tx, production_id, day_id)
            before = await ProgressRepo.load(tx, day_id)
            after = before
            if op is not None:
                after = op(day, walks, before, now)
                await ProgressRepo.save(tx, before, after, now, by=by)
            projection = P.project(day, walks, after, now)
            outcome, touched = await self._recompute(tx, prod, day, walks, before, after, projection, now)
        if self.engine is not None:
            await self.engine.refresh(touched)
        return outcome

    async def _recompute(
        self,
        tx: Tx,
        prod: Production,
        day: ShootDay,
        walks: Sequence[Walk],
        before: P.Progress,
        after: P.Progress,
        projection: P.Projection,
        now: datetime,
    ) -> tuple[Outcome, list[int]]:
        assert day.id is not None
        cues_cfg = self.settings.cues
        crew = await CrewRepo.list(tx, prod.id)
        overrides = await PlanRepo.overrides(tx, day.id, prod.tz)
        calls = compute_calls(day, crew, self.settings.call_offsets, overrides, scene_starts=projection.scene_starts(), walks=walks,
                              rules=self.settings.call_rules)
        dropped = set(projection.skipped)
        calls = {uid: pc for uid, pc in calls.items() if not (pc.kind == "cast" and pc.scenes and set(pc.scenes) <= dropped)}
        prefs = await CueRepo.reminder_minutes(tx, prod.id)
        people = {m.user_id: C.Person(m.user_id, m.language, m.department, m.display_name, prefs.get(m.user_id)) for m in crew}
        latest = await CallsheetRepo.latest(tx, day.id)
        deliveries = await CallsheetRepo.deliveries(tx, latest.id) if latest is not None else []
        # pending: the DM is still going out (the outbox sends it); they have not confirmed either
        unconfirmed = {d.user_id for d in deliveries if d.status in ("pending", "sent")} if latest is not None else None
        sets = {s.name: s for s in await PlanRepo.sets(tx, prod.id)}
        live = C.LiveDay(
            production_id=prod.id,
            day=day,
            projection=projection,
            channels=prod.channels,
            language=prod.channel_locale,  # a second line for a mixed crew ("zh-CN+th")
            sets=sets,
            people=people,
            calls=calls,
            unconfirmed=unconfirmed,
            call_reminder_minutes=cues_cfg.call_reminder_minutes,
            unconfirmed_reminder_minutes=cues_cfg.unconfirmed_reminder_minutes,
        )
        desired = [s for s in C.desired_cues(live) if not any(replaced(s) for replaced in self._supersedes.values())]
        existing = await CueRepo.in_scope(tx, day.id, C.LIVE_SCOPE)
        changes = C.reconcile(existing, desired, now)

        # What each person last heard: the published call sheet, unless a notice came after it.
        stored = await ProgressRepo.known_calls(tx, day.id)
        published = {d.user_id: d.call_at for d in deliveries}
        version_id = latest.id if latest is not None else None
        known: dict[int, C.KnownCall] = {}
        for uid in calls:
            row = stored.get(uid)
            if version_id is not None and uid in published and (row is None or row[1] != version_id):
                known[uid] = C.KnownCall(published[uid], row[0].seq if row else 0)
                await ProgressRepo.set_known_call(tx, day.id, uid, known[uid], version_id)
            elif row is not None:
                known[uid] = row[0]
        touched_by_ad = bool(after.steps or after.adjust_minutes or after.skipped)
        notices, updates = C.call_changes(
            day.id, known, calls, people, now, cues_cfg.notify_threshold_minutes, wrapped=projection.state == "wrapped", live=touched_by_ad
        )
        for uid, k in updates.items():
            await ProgressRepo.set_known_call(tx, day.id, uid, k, version_id)
        touched = await CueRepo.apply(tx, prod.id, day.id, changes + C.Changes(insert=tuple(notices)), now)
        if self._hooks:
            change = DayChange(prod, day, projection, calls, crew, sets, now)
            for hook in list(self._hooks):
                try:
                    async with tx.savepoint():  # a feature's failure never blocks the AD's action
                        touched += await hook(tx, change)
                except DomainError as exc:
                    log.warning("day hook %s on day %s: %s", getattr(hook, "__qualname__", hook), day.id, exc)
                except Exception:
                    log.exception("day hook %s failed on day %s", getattr(hook, "__qualname__", hook), day.id)
        outcome = Outcome(
            production=prod,
            day=day,
            before=before,
            progress=after,
            projection=projection,
            inserted=len(changes.insert),
            retimed=len(changes.retimed),
            cancelled=len(changes.cancel),
            told=tuple(n.target.user_id for n in notices if n.target.user_id is not None),
            calls=calls,
        )
        return outcome, touched
