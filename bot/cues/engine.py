"""The outbox engine: the ``cues`` table is the truth, APScheduler is only the alarm clock.

Every message the bot sends on its own is a row first (cues at a time of day, call-sheet posts and
DMs, fallbacks, reports to the AD, and every later feature's messages):

* Every pending row has a one-shot ``DateTrigger`` job (id ``cue:<id>``, memory job store,
  ``misfire_grace_time=None``: the table decides what is late, never APScheduler's 1-second
  default). The job sends nothing: it wakes one *pump* that reads the due rows in due order and
  sends up to ``settings.outbox.concurrency`` of them at once (discord.py paces them further by
  Discord's per-bucket rate-limit headers). Rows of one ``batch`` go out one after the other, in
  ``seq`` order (the parts of a multi-message post).
* Each row is claimed (pending -> sending, one transaction, the wall-clock time kept), handed to
  ``deliver`` and its outcome recorded in another transaction: sent (with the message id as soon
  as Discord returned it), throttled (Discord said "slower": held for a back-off on the wall clock,
  not counted as an attempt), retry (5xx, network: back-off in production-clock time, a few
  times), failed or dropped. A final outcome runs the kind's ``on_outcome`` hook in that same
  transaction; a failure without a hook is reported the default way (:mod:`bot.cues.problems`:
  the AD is told). A lost or duplicated wake-up is harmless.
* Clock time is converted to wall time with ``clock.wall_delay``; when a test moves a
  :class:`~bot.clock.FakeClock` (or the demo's ScaledClock jumps or changes speed) the clock's
  listener re-arms every job.
* :meth:`CueEngine.start` recovers after a restart or a crash: a row still ``sending`` may or may
  not have reached Discord, so before sending it again the engine asks ``lookup`` (the Discord
  adapter looks in the channel's history since the claim for the message; Discord only
  de-duplicates a nonce for a few minutes). Found: it is marked sent. Not found: it is sent again
  (same nonce). History unreadable: resent only within the nonce window, otherwise reported to
  the AD as "may have arrived". Cues missed while the bot was down go out marked late within
  ``settings.cues.grace_minutes`` and are skipped beyond it (owed messages, ``timely=False``, are
  never too late); skipped ones are listed once per production for the AD.

Nothing here imports discord: the Discord adapter passes ``deliver(cue, late)`` and ``lookup(cue)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import replace
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.cues import kinds, problems
from bot.cues.result import DeliveryResult, Found
from bot.domain.cues import Cue, classify_missed, lateness, missed_summary, retry_delay
from bot.domain.errors import DomainError
from bot.domain.outbox import MAX_THROTTLES, throttle_backoff
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo

log = logging.getLogger(__name__)

JOB_PREFIX = "cue:"
#: Discord de-duplicates a nonce for "a few minutes": an interrupted send whose channel history
#: cannot be read is only re-sent with its nonce within this many wall seconds of its claim.
NONCE_SAFE_SECONDS = 120.0

Deliver = Callable[[Cue, bool], Awaitable[DeliveryResult]]
Lookup = Callable[[Cue], Awaitable[Found]]
Observer = Callable[[Cue, DeliveryResult, bool], None]
Handler = Callable[[Cue], Awaitable[None]]

__all__ = ["CueEngine", "Deliver", "DeliveryResult", "Found", "Lookup", "Observer"]


class CueEngine:
    def __init__(
        self,
        db: Database,
        scheduler,  # AsyncIOScheduler (started and shut down by its owner)
        clock: Clock,
        settings: Settings,
        deliver: Deliver,
        *,
        lookup: Lookup | None = None,
        precheck: Callable[[Tx, Cue], Awaitable[bool]] | None = None,
        stop_timeout: float = 5.0,
        concurrency: int | None = None,
    ) -> None:
        self.db = db
        self.scheduler = scheduler
        self.clock = clock
        self.settings = settings
        self.deliver = deliver
        self.lookup = lookup
        self.precheck = precheck if precheck is not None else kinds.precheck
        self.stop_timeout = stop_timeout
        self.concurrency = max(1, concurrency or settings.outbox.concurrency)
        self.retry_backoff = tuple(timedelta(seconds=s) for s in settings.outbox.retry_seconds)
        self.running = False
        self._armed: dict[int, datetime] = {}  # cue id -> clock time it is due
        self._late: set[int] = set()
        self._pump_task: asyncio.Task[None] | None = None
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._wakeup = asyncio.Event()
        self._progress = asyncio.Event()  # set after every recorded outcome (waiters re-check)
        self._holds: dict[int, float] = {}  # cue id -> loop time before which it is not sent again
        self._throttles: dict[int, int] = {}  # cue id -> throttles in a row
        self._hold_timer: asyncio.TimerHandle | None = None
        self._observers: list[Observer] = []
        self._handlers: dict[str, Handler] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._settle_also: list[Callable[[], Iterable[asyncio.Future]]] = []

    # --------------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Recover what a previous run left, arm every pending row, and listen to the clock."""
        if self.running:
            return
        self._loop = asyncio.get_running_loop()
        self.running = True
        resend = await self._recover()
        self.clock.add_listener(self._on_clock)
        async with self.db.read() as tx:
            for cue in await CueRepo.open(tx):
                if cue.status == "pending":
                    self._arm(cue.id, cue.when)
        for cue in resend:
            if not self.running:
                break
            await self._send(cue.id, resend=True)
        self._kick()

    async def stop(self) -> None:
        """Disarm, let sends in flight finish (up to ``stop_timeout``), and forget the clock."""
        if not self.running:
            return
        self.running = False
        self.clock.remove_listener(self._on_clock)
        for cue_id in list(self._armed):
            self._unschedule(cue_id)
        self._armed.clear()
        if self._hold_timer is not None:
            self._hold_timer.cancel()
            self._hold_timer = None
        self._wakeup.set()
        tasks = [t for t in (self._pump_task, *self._inflight.values()) if t is not None and not t.done()]
        self._pump_task = None
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=self.stop_timeout)
            for task in pending:
                task.cancel()
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._inflight.clear()

    def add_observer(self, observer: Observer) -> None:
        """``observer(cue, result, late)`` after every delivery attempt (demo transcript, tests)."""
        self._observers.append(observer)

    def handle(self, kind: str, handler: Handler) -> None:
        """Run ``handler(cue)`` for rows of the internal ``kind`` (instead of delivering them)."""
        self._handlers[kind] = handler

    # --------------------------------------------------------------------------- arming

    async def refresh(self, cue_ids: Iterable[int], *, hold: dict[int, float] | None = None) -> None:
        """Re-arm (pending) or disarm (anything else) these rows after a change was committed.
        ``hold``: id -> wall seconds before it may go (e.g. to collect more items into a notice)."""
        ids = list(dict.fromkeys(cue_ids))
        if not ids or not self.running:
            return
        loop = asyncio.get_running_loop()
        for cue_id, seconds in (hold or {}).items():
            self._holds[cue_id] = max(self._holds.get(cue_id, 0.0), loop.time() + seconds)
        async with self.db.read() as tx:
            for cue_id in ids:
                cue = await CueRepo.get(tx, cue_id)
                if cue is not None and cue.status == "pending":
                    self._arm(cue.id, cue.when)
                else:
                    self._disarm(cue_id)
        self._kick()

    def armed(self) -> dict[int, datetime]:
        """Cue id -> when it is armed for (clock time)."""
        return dict(self._armed)

    def _arm(self, cue_id: int, when: datetime) -> None:
        self._armed[cue_id] = when
        self._schedule(cue_id, when)

    def _disarm(self, cue_id: int) -> None:
        self._armed.pop(cue_id, None)
        self._unschedule(cue_id)

    def _schedule(self, cue_id: int, when: datetime) -> None:
        delay = self.clock.wall_delay(when)
        if delay is None:  # a frozen clock that has not got there yet: wait for it to move
            self._unschedule(cue_id)
            return
        run_at = datetime.now(UTC) + timedelta(seconds=delay)
        self.scheduler.add_job(
            self._wake,
            DateTrigger(run_date=run_at, timezone=UTC),
            id=f"{JOB_PREFIX}{cue_id}",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
        )

    def _unschedule(self, cue_id: int) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(f"{JOB_PREFIX}{cue_id}")

    def _on_clock(self) -> None:
        """The clock moved (a test advanced it, the demo jumped): re-arm against wall time."""
        if not self.running:
            return
        for cue_id, when in list(self._armed.items()):
            self._schedule(cue_id, when)
        self._kick()

    async def _wake(self) -> None:  # the APScheduler job (a coroutine: runs on the loop)
        self._kick()

    # --------------------------------------------------------------------------- the pump

    def _kick(self) -> None:
        if not self.running:
            return
        self._wakeup.set()
        if self._pump_task is not None and not self._pump_task.done():
            return
        loop = self._loop or asyncio.get_running_loop()
        self._pump_task = loop.create_task(self._pump(), name="outbox-pump")

    async def _pump(self) -> None:
        """Start due rows while fewer than ``concurrency`` are in flight; wait for one to finish or a kick."""
        loop = asyncio.get_running_loop()
        while self.running:
            self._wakeup.clear()
            free = self.concurrency - len(self._inflight)
            next_hold: float | None = None
            if free > 0:
                async with self.db.read() as tx:
                    due = await CueRepo.due(tx, self.clock.now(), limit=free + len(self._inflight) + len(self._holds) + 10)
                now = loop.time()
                for cue in due:
                    if free <= 0:
                        break
                    if cue.id in self._inflight:
                        continue
                    held = self._holds.get(cue.id)
                    if held is not None and held > now:
                        next_hold = held if next_hold is None else min(next_hold, held)
                        continue
                    self._holds.pop(cue.id, None)
                    self._inflight[cue.id] = loop.create_task(self._run(cue.id), name=f"outbox-send-{cue.id}")
                    free -= 1
            if next_hold is not None:
                self._wake_at(next_hold)
            if not self._inflight and not self._wakeup.is_set():
                return
            await self._wakeup.wait()

    def _wake_at(self, when: float) -> None:
        """Kick the pump when the earliest held row may go (one timer)."""
        loop = self._loop or asyncio.get_running_loop()
        timer = self._hold_timer
        if timer is not None and not timer.cancelled() and loop.time() <= timer.when() <= when:
            return  # an earlier wake-up is already set
        if timer is not None:
            timer.cancel()
        self._hold_timer = loop.call_at(when, self._kick)

    async def _run(self, cue_id: int) -> None:
        try:
            await self._send(cue_id)
        except asyncio.CancelledError:
            raise
        except Exception:  # never let one row stop the others
            log.exception("outbox row %s: unexpected error", cue_id)
        finally:
            self._inflight.pop(cue_id, None)
            self._wakeup.set()

    def _working(self) -> list[asyncio.Future]:
        """The pump, the sends in flight, and the other work :meth:`settle` waits for."""
        tasks = [t for t in (self._pump_task, *self._inflight.values()) if t is not None and not t.done()]
        for source in self._settle_also:
            tasks += [t for t in source() if not t.done()]
        return tasks

    def settle_also(self, source: Callable[[], Iterable[asyncio.Future]]) -> None:
        """:meth:`settle` also waits for the tasks ``source()`` returns: work that may still queue rows
        or record an outcome after a test's last look (the bot passes its interaction handlers, which
        go on after their answer reached Discord)."""
        self._settle_also.append(source)

    async def settle(self, timeout: float = 60.0) -> None:
        """Until nothing is due (held rows included), nothing is being sent and no other work
        :meth:`settle_also` named is running (tests and the demo). ``timeout`` only ends a wait for
        an outbox that is stuck: how long the work takes is the machine's load (a report's first
        chart, a PDF), never something to assert."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._kick()
        while True:
            if loop.time() > deadline:
                raise TimeoutError("outbox did not settle")
            tasks = self._working()
            if tasks:
                await asyncio.wait(tasks, timeout=min(0.05, max(0.0, deadline - loop.time())), return_when=asyncio.FIRST_COMPLETED)
                continue
            async with self.db.read() as tx:
                due = await CueRepo.due(tx, self.clock.now(), limit=1)
            if not due or not self.running:
                return
            self._kick()
            await asyncio.sleep(0.01)

    async def wait_done(self, key_prefix: str, timeout: float) -> int:
        """Wait until no row whose key starts with ``key_prefix`` is pending or being sent, or
        ``timeout`` (seconds) passed; returns how many are still open."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self._progress.clear()
            async with self.db.read() as tx:
                left = await CueRepo.open_with_key_prefix(tx, key_prefix)
            remaining = deadline - loop.time()
            if left == 0 or remaining <= 0:
                return left
            with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                await asyncio.wait_for(self._progress.wait(), timeout=min(remaining, 0.5))

    # --------------------------------------------------------------------------- one row

    async def _send(self, cue_id: int, *, resend: bool = False) -> None:
        now = self.clock.now()
        late = cue_id in self._late
        async with self.db.transaction() as tx:
            current = await CueRepo.get(tx, cue_id)
            if current is None or current.status != ("sending" if resend else "pending"):
                self._disarm(cue_id)
                return
            if not resend and current.when > now:  # re-timed into the future meanwhile
                self._arm(cue_id, current.when)
                return
            if current.expires is not None and now >= current.expires:
                await CueRepo.mark_skipped(tx, [cue_id], "expired", now)
                self._disarm(cue_id)
                return
            if self.precheck is not None and not await self.precheck(tx, current):
                await CueRepo.mark_skipped(tx, [cue_id], "no longer wanted", now)
                self._disarm(cue_id)
                return
            claimed = await (CueRepo.reclaim if resend else CueRepo.claim)(tx, cue_id, now, late=late)
        if claimed is None:
            return
        self._disarm(cue_id)
        kind = kinds.get(claimed.kind)
        try:
            if kind is not None and kind.internal:
                result = await self._run_internal(claimed)
            else:
                result = await self.deliver(claimed, late)
        except asyncio.CancelledError:
            raise  # the process is going down mid-send: the row stays 'sending', checked at start
        except Exception as exc:
            log.warning("outbox row %s (%s): delivery raised %r", cue_id, claimed.kind, exc)
            result = DeliveryResult.retry(repr(exc))
        await self._record(claimed, result, late)

    async def _run_internal(self, cue: Cue) -> DeliveryResult:
        handler = self._handlers.get(cue.kind)
        if handler is None:
            return DeliveryResult.dropped(f"no handler for internal cue kind {cue.kind!r}")
        try:
            await handler(cue)
        except DomainError as exc:  # e.g. the day was deleted: nothing to do
            return DeliveryResult.dropped(exc.key)
        return DeliveryResult.sent()

    async def _record(self, cue: Cue, result: DeliveryResult, late: bool) -> None:
        """Record one outcome in its own transaction, run the kind's hook on a final one, re-arm."""
        done = self.clock.now()
        loop = asyncio.get_running_loop()
        outcome = result.outcome
        if outcome == "throttled":
            times = self._throttles[cue.id] = self._throttles.get(cue.id, 0) + 1
            if times > MAX_THROTTLES:
                outcome = "retry"
        retry_at = None
        after: kinds.SendOutcome | None = None
        async with self.db.transaction() as tx:
            if outcome == "sent":
                await CueRepo.mark_sent(tx, cue.id, done, result.message_id, result.channel_id)
            elif outcome == "dropped":
                await CueRepo.mark_dropped(tx, cue.id, result.error or "dropped", done)
            elif outcome == "throttled":
                await CueRepo.mark_throttled(tx, cue.id, result.error, done, status=result.status, code=result.code)
            elif outcome == "retry" and (delay := retry_delay(cue.attempts, self.retry_backoff, self.settings.outbox.max_attempts)) is not None:
                retry_at = done + delay
                await CueRepo.mark_retry(tx, cue.id, retry_at, result.error, done, status=result.status, code=result.code)
            else:
                outcome = "failed"
                await CueRepo.mark_failed(tx, cue.id, result.error or "failed", done, status=result.status, code=result.code,
                                          missing=result.missing)
            if outcome in ("sent", "failed", "dropped"):
                after = kinds.SendOutcome(tx, cue, result if outcome == result.outcome else replace(result, outcome=outcome), done)
                await self._after(after)
        self._late.discard(cue.id)
        if outcome == "throttled":
            times = self._throttles[cue.id]
            self._holds[cue.id] = loop.time() + (result.after if result.after else throttle_backoff(times))
            log.info("outbox row %s (%s): Discord throttled us (%s); trying again in %.1f s", cue.id, cue.kind, result.error,
                     self._holds[cue.id] - loop.time())
        else:
            self._throttles.pop(cue.id, None)
        if outcome == "failed":
            log.warning("outbox row %s (%s) to %s could not be sent: %s", cue.id, cue.kind,
                        f"channel {cue.target.channel_id}" if cue.target.channel_id else f"user {cue.target.user_id}", result.error)
        if retry_at is not None:
            self._arm(cue.id, retry_at)
        if after is not None and after.arm:
            await self.refresh(after.arm, hold=after.hold)
        self._kick()
        self._progress.set()
        for observer in list(self._observers):
            try:
                observer(cue, result, late)
            except Exception:
                log.exception("outbox observer failed")

    async def _after(self, o: kinds.SendOutcome) -> None:
        """The kind's hook, or the default report of a failure; a broken hook never loses the outcome."""
        kind = kinds.get(o.cue.kind)
        try:
            if kind is not None and kind.on_outcome is not None:
                await kind.on_outcome(o)
            elif o.result.outcome == "failed":
                await problems.report_failure(o)
        except Exception:
            log.exception("outbox row %s (%s): the outcome hook failed", o.cue.id, o.cue.kind)

    # --------------------------------------------------------------------------- after a restart

    async def _recover(self) -> list[Cue]:
        """Classify what the previous run left; check interrupted sends against Discord; returns
        the interrupted sends to send again."""
        now = self.clock.now()
        grace = self.settings.cues.grace_minutes
        async with self.db.read() as tx:
            missed = classify_missed(await CueRepo.open(tx), now, grace, kinds.timely)
        resend: list[Cue] = []
        found: dict[int, Found] = {}
        abandoned: list[Cue] = []
        too_old: list[Cue] = []
        for cue in missed.resend:
            look = await self._lookup(cue)
            if look.checked and look.message_id is not None:
                found[cue.id] = look
            elif lateness(cue, now, grace, timely=kinds.timely(cue.kind)) == "skipped":
                too_old.append(cue)  # not delivered, and no longer worth sending
            elif look.checked or (cue.claimed_wall is not None and time.time() - cue.claimed_wall <= NONCE_SAFE_SECONDS):
                resend.append(cue)  # not there (or within Discord's nonce window): send it, same nonce
            else:
                abandoned.append(cue)
        async with self.db.transaction() as tx:  # rows this inserts are armed by start() with every pending one
            for cue in missed.resend:
                if cue.id in found:
                    await CueRepo.mark_sent(tx, cue.id, now, found[cue.id].message_id, found[cue.id].channel_id)
                    o = kinds.SendOutcome(tx, cue, DeliveryResult.sent(found[cue.id].message_id, channel_id=found[cue.id].channel_id), now)
                    await self._after(o)
            await CueRepo.mark_skipped(tx, [c.id for c in (*missed.skipped, *too_old)], f"missed while the bot was down (grace {grace} min)", now)
            for cue in abandoned:
                await CueRepo.mark_failed(tx, cue.id, "interrupted mid-send and the channel's history could not be read: may or may not have been delivered", now)
            summarised = [*missed.skipped, *too_old, *abandoned]
            by_production: dict[int, list[Cue]] = {}
            for cue in summarised:
                by_production.setdefault(cue.production_id, []).append(cue)
            for production_id, cues in sorted(by_production.items()):
                prod = await ProductionRepo.get(tx, production_id)
                channel = (prod.channel("ad") or prod.channel("production")) if prod else None
                if prod is None or channel is None:
                    log.warning("production %s: %d cues missed and no AD channel to tell", production_id, len(cues))
                    continue
                spec = missed_summary(production_id, cues, now, channel, prod.language, abandoned={c.id for c in abandoned})
                await CueRepo.insert(tx, production_id, None, spec, now)
        self._late |= {c.id for c in missed.late}
        self._late |= {c.id for c in resend if lateness(c, now, grace, timely=kinds.timely(c.kind)) == "late"}
        if missed.late or missed.skipped or missed.resend:
            log.info(
                "outbox recovery: %d late, %d skipped, %d interrupted (%d found delivered, %d resent, %d too old, %d uncertain)",
                len(missed.late), len(missed.skipped), len(missed.resend), len(found), len(resend), len(too_old), len(abandoned),
            )
        return resend

    async def _lookup(self, cue: Cue) -> Found:
        if self.lookup is None:
            return Found(checked=False)
        try:
            return await self.lookup(cue)
        except Exception as exc:
            log.warning("outbox row %s: could not check Discord for it: %r", cue.id, exc)
            return Found(checked=False)
