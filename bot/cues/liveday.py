"""The live day: AD progress commands and the recompute that follows every change.

Each action is ONE transaction: load the plan, the progress and the crew; apply the progress
change (saved with compare-and-set, so two ADs pressing ``next`` at once advance once); project
every remaining scene; recompute every call and the day's cues (``bot.cues.recompute``). After the
commit the engine re-arms what changed. While a scene runs past its estimate, an internal re-plan
cue recomputes the day every few minutes of clock time (:meth:`LiveDayService.replan`), so an
overrun re-times later cues with nobody pressing anything.

The AD calls meals (:meth:`meal`) and the return (:meth:`resume`); a skip carries the scene to a
later day or the unscheduled pool (``bot.cues.carry``) in the same transaction; actors' call
changes wait for the AD's decision on the batched proposal (:meth:`decide`).

Discord-free: the ``/shoot`` cog calls these methods and renders the :class:`Outcome`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.cues import carry
from bot.cues.engine import CueEngine
from bot.cues.recompute import Recomputed, gather, recompute
from bot.domain import cues as C
from bot.domain import progress as P
from bot.domain.callsheet import PersonCall
from bot.domain.crew import CrewMember, Production
from bot.domain.cues import proposals
from bot.domain.errors import DomainError
from bot.domain.plan import SetLocation, ShootDay, Walk, walk_table
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from db.repositories.progress import ProgressRepo
from db.repositories.proposals import ProposalRepo

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
    proposal: int | None = None  # a cast call proposal went to the AD channel
    waiting: tuple[int, ...] = ()  # actors whose call change waits for the AD
    carried_day: ShootDay | None = None  # where a skipped scene went (None: the pool)


@dataclass(frozen=True)
class Decision:
    """The AD's answer to a cast call proposal."""

    production: Production
    day: ShootDay
    proposal_id: int
    sent: tuple[tuple[int, datetime], ...]  # (actor, the call they were sent)
    held: tuple[int, ...]
    names: dict[int, str]


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
#: ``await supersedes_on(tx, production, day) -> predicate``: which of the day's own cues a feature's rows replace.
Superseder = Callable[[Tx, Production, ShootDay], Awaitable[Callable[[C.CueSpec], bool]]]


class LiveDayService:
    def __init__(self, db: Database, engine: CueEngine | None, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.engine = engine
        self.clock = clock
        self.settings = settings
        self._hooks: list[DayHook] = []
        self._supersedes: dict[DayHook, Superseder] = {}
        if engine is not None:
            engine.handle(C.REPLAN, self.replan)

    def add_hook(self, hook: DayHook, *, supersedes: Callable[[C.CueSpec], bool] | None = None,
                 supersedes_on: Superseder | None = None) -> None:
        """Run ``hook`` after every recompute of a day (an AD action, a sync), in its transaction.
        ``supersedes``: the day's own cues the feature's rows replace (the pre-light standby is the
        pre-light notice to lighting), left out of the day's reconcile and its notices.
        ``supersedes_on``: the same, decided per day from the store (``await f(tx, production, day)``
        returns the predicate; the meal orders own the canteen's notices of a meal they run)."""
        if hook not in self._hooks:
            self._hooks.append(hook)
        if supersedes is not None:
            fixed = supersedes

            async def always(tx: Tx, prod: Production, day: ShootDay) -> Callable[[C.CueSpec], bool]:
                return fixed

            self._supersedes[hook] = always
        if supersedes_on is not None:
            self._supersedes[hook] = supersedes_on

    def remove_hook(self, hook: DayHook) -> None:
        if hook in self._hooks:
            self._hooks.remove(hook)
        self._supersedes.pop(hook, None)

    async def _superseded(self, tx: Tx, prod: Production, day: ShootDay) -> Callable[[C.CueSpec], bool] | None:
        """What the features hanging from the day replace of its own cues, on this day."""
        preds = []
        for hook, decide in list(self._supersedes.items()):
            try:
                async with tx.savepoint():
                    preds.append(await decide(tx, prod, day))
            except Exception:  # a feature's failure never blocks the AD's action: its cues simply stay
                log.exception("supersedes of day hook %s failed on day %s", getattr(hook, "__qualname__", hook), day.id)
        if not preds:
            return None
        return lambda spec: any(p(spec) for p in preds)

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

    async def load(self, production: Production, day_id: int) -> tuple[ShootDay, P.Progress]:
        """The day and its progress (for autocomplete and replies)."""
        async with self.db.read() as tx:
            _, day, _ = await self._load(tx, production.id, day_id)
            return day, await ProgressRepo.load(tx, day_id)

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

    async def delay(self, production_id: int, day_id: int, minutes: int, *, reason: str = "", by: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.adjust(p, minutes, now=now, reason=reason, by=by), by)

    async def ahead(self, production_id: int, day_id: int, minutes: int, *, reason: str = "", by: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.adjust(p, -minutes, now=now, reason=reason, by=by), by)

    async def meal(self, production_id: int, day_id: int, meal: str | None = None, *, minutes: int | None = None, by: int | None = None) -> Outcome:
        """The AD calls a meal (放饭) now; its length counts from now."""
        return await self._change(production_id, day_id, lambda d, w, p, now: P.call_meal(d, p, now, meal, minutes=minutes, by=by), by)

    async def resume(self, production_id: int, day_id: int, *, by: int | None = None) -> Outcome:
        """The AD calls the return from the meal (返场)."""
        return await self._change(production_id, day_id, lambda d, w, p, now: P.resume(p, now, by=by), by)

    async def skip(
        self, production_id: int, day_id: int, scene: str, *, reason: str = "", to: str | None = None, by: int | None = None
    ) -> Outcome:
        """Drop ``scene`` for today and carry it to ``to`` (a later day's ISO date; None: the pool)."""
        return await self._change(production_id, day_id, None, by, skip=(scene, reason, to))

    async def wrap(self, production_id: int, day_id: int, *, by: int | None = None, request: int | None = None) -> Outcome:
        return await self._change(production_id, day_id, lambda d, w, p, now: P.wrap(p, now, by=by, request=request), by)

    async def sync(self, production_id: int, day_id: int) -> Outcome:
        """Recompute without a progress change: after a call sheet is published or confirmed, a
        plan edit, a crew change, or at start-up. Idempotent."""
        return await self._change(production_id, day_id, None, None)

    async def replan(self, cue: C.Cue) -> None:
        """The internal re-plan cue (a scene running past its estimate): recompute the day, so the
        overrun re-times what follows without AD input. Posts nothing itself."""
        if cue.day_id is not None:
            await self.sync(cue.production_id, cue.day_id)

    async def status(self, production_id: int, day_id: int) -> Outcome:
        """Where the day stands now (read-only)."""
        now = self.clock.now()
        async with self.db.read() as tx:
            prod, day, walks = await self._load(tx, production_id, day_id)
            progress = await ProgressRepo.load(tx, day_id)
        return Outcome(prod, day, progress, progress, P.project(day, walk_table(walks), progress, now, changes=self.settings.call_rules.changes))

    async def _proposal(self, tx: Tx, proposal_id: int, production_id: int) -> tuple[proposals.Proposal, Production, ShootDay, list[Walk]]:
        """A proposal of this production (any other is "missing": never another's data)."""
        proposal = await ProposalRepo.get(tx, proposal_id)
        day = await PlanRepo.day_by_id(tx, proposal.day_id) if proposal is not None else None
        if proposal is None or day is None or day.production_id != production_id:
            raise DomainError("shoot.error.proposal_missing")
        prod, day, walks = await self._load(tx, production_id, proposal.day_id)
        return proposal, prod, day, walks

    async def proposal_state(self, production_id: int, proposal_id: int) -> int:
        """0 while the proposal is open, 1 once it was decided or replaced (its buttons are drawn for 0)."""
        async with self.db.read() as tx:
            proposal, _, _, _ = await self._proposal(tx, proposal_id, production_id)
        return 0 if proposal.status == proposals.OPEN else 1

    async def proposal(self, production_id: int, proposal_id: int) -> tuple[proposals.Proposal, dict[int, str]]:
        """An open proposal and its actors' names (for the AD's pick menu)."""
        async with self.db.read() as tx:
            proposal, prod, _, _ = await self._proposal(tx, proposal_id, production_id)
            names = {m.user_id: m.display_name for m in await CrewRepo.list(tx, prod.id)}
        if proposal.status != proposals.OPEN:
            raise DomainError("shoot.error.proposal_closed")
        return proposal, {i.user_id: names.get(i.user_id, str(i.user_id)) for i in proposal.items}

    async def decide(self, production_id: int, proposal_id: int, send: Collection[int] | None, *, by: int) -> Decision:
        """The AD's answer to cast call proposal ``proposal_id``: ``send`` the actors to DM (None:
        all of them; empty: hold them all). Each chosen actor is sent their call as projected now;
        the others are held (not proposed again unless their call moves further)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            proposal, prod, day, walks = await self._proposal(tx, proposal_id, production_id)
            if proposal.status != proposals.OPEN:
                raise DomainError("shoot.error.proposal_closed")
            progress = await ProgressRepo.load(tx, proposal.day_id)
            projection = P.project(day, walk_table(walks), progress, now, changes=self.settings.call_rules.changes)
            g = await gather(tx, self.settings, prod, day, walks, projection)
            stored = await ProgressRepo.known_calls(tx, proposal.day_id)
            decisions: dict[int, tuple[str, datetime]] = {}
            notices: list[C.CueSpec] = []
            sent: list[tuple[int, datetime]] = []
            for item in proposal.items:
                pc, person = g.calls.get(item.user_id), g.live.people.get(item.user_id)
                chosen = send is None or item.user_id in send
                known = stored[item.user_id][0] if item.user_id in stored else C.KnownCall(item.old)
                if not chosen or pc is None or person is None:
                    decisions[item.user_id] = (proposals.HELD, pc.call if pc is not None else item.new)
                    continue
                decisions[item.user_id] = (proposals.SENT, pc.call)
                if pc.call != known.call:
                    spec, new = C.call_notice(day.id, item.user_id, known, pc, person, now)
                    notices.append(spec)
                    await ProgressRepo.set_known_call(tx, proposal.day_id, item.user_id, new, g.version_id)
                sent.append((item.user_id, pc.call))
            if not await ProposalRepo.close(tx, proposal_id, decisions, by, now):
                raise DomainError("shoot.error.proposal_closed")
            touched = await CueRepo.apply(tx, prod.id, proposal.day_id, C.Changes(insert=tuple(notices)), now)
            # in the same transaction, the day's cues follow the calls people now know (their reminders)
            touched += (await self._recompute(tx, prod, day, walks, progress, projection, now)).touched
        if self.engine is not None:
            await self.engine.refresh(touched)
        names = {uid: p.display_name for uid, p in g.live.people.items() if uid in decisions}
        held = tuple(uid for uid, (status, _) in decisions.items() if status == proposals.HELD)
        return Decision(prod, day, proposal_id, tuple(sent), held, names)

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

    async def _run_hooks(self, tx: Tx, change: DayChange) -> list[int]:
        touched: list[int] = []
        for hook in list(self._hooks):
            try:
                async with tx.savepoint():  # a feature's failure never blocks the AD's action
                    touched += await hook(tx, change)
            except DomainError as exc:
                log.warning("day hook %s on day %s: %s", getattr(hook, "__qualname__", hook), change.day.id, exc)
            except Exception:
                log.exception("day hook %s failed on day %s", getattr(hook, "__qualname__", hook), change.day.id)
        return touched

    async def _recompute(self, tx: Tx, prod: Production, day: ShootDay, walks: Sequence[Walk], progress: P.Progress,
                         projection: P.Projection, now: datetime) -> Recomputed:
        """The day's cues, notices and hooks after a change, in the caller's transaction."""
        superseded = await self._superseded(tx, prod, day)
        r = await recompute(tx, self.settings, prod, day, walks, progress, projection, now, superseded=superseded)
        r.touched += await self._run_hooks(tx, DayChange(prod, day, projection, r.calls, r.crew, r.live.sets, now))
        return r

    async def _load(self, tx: Tx, production_id: int, day_id: int) -> tuple[Production, ShootDay, list[Walk]]:
        prod = await ProductionRepo.get(tx, production_id)
        if prod is None:
            raise DomainError("production.error.none")
        day = await PlanRepo.day_by_id(tx, day_id, prod.tz)
        if day is None or day.production_id != production_id:
            raise DomainError("shoot.error.no_day_today", date="?")
        return prod, day, await PlanRepo.walks(tx, production_id)

    async def _change(
        self, production_id: int, day_id: int, op: Op | None, by: int | None, *, skip: tuple[str, str, str | None] | None = None
    ) -> Outcome:
        now = self.clock.now()
        carried: ShootDay | None = None
        carried_id: int | None = None
        async with self.db.transaction() as tx:
            prod, day, walks = await self._load(tx, production_id, day_id)
            table = walk_table(walks)
            before = await ProgressRepo.load(tx, day_id)
            after = before
            if skip is not None:
                number, reason, to = skip
                target = carry.parse_target(to, day.date)
                after = P.skip(day, before, number.strip(), now=now, reason=reason, carried_to=target, by=by)
                scene = day.scene(number.strip())
                assert scene is not None
                carried_id = await carry.carry(tx, prod.id, scene, day, target, P.clean_reason(reason), now, prod.tz)
                if carried_id is not None:
                    carried = await PlanRepo.day_by_id(tx, carried_id, prod.tz)
            elif op is not None:
                after = op(day, walks, before, now)
            if after is not before:
                await ProgressRepo.save(tx, before, after, now, by=by)
            projection = P.project(day, table, after, now, changes=self.settings.call_rules.changes)
            r = await self._recompute(tx, prod, day, walks, after, projection, now)
        if self.engine is not None:
            await self.engine.refresh(r.touched)
        if carried_id is not None:
            try:  # the later day's reminders and calls change with its strip
                await self.sync(production_id, carried_id)
            except Exception:
                log.exception("could not re-plan day %s after a carry-over", carried_id)
        return Outcome(
            production=prod, day=day, before=before, progress=after, projection=projection, inserted=r.inserted, retimed=r.retimed,
            cancelled=r.cancelled, told=r.told, calls=r.calls, proposal=r.proposal, waiting=r.waiting, carried_day=carried,
        )
