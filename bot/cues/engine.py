"""The cue engine: the cues table is the truth, APScheduler is only the alarm clock.

* Every pending cue has a one-shot ``DateTrigger`` job (id ``cue:<id>``, memory job store,
  ``misfire_grace_time=None``: the table decides what is late, never APScheduler's 1-second
  default). The job does not send anything: it wakes one serial *pump* that reads every due cue
  from the table in due order, claims it (pending -> sending, one transaction), hands it to
  ``deliver`` and records the outcome (sent / retry with back-off / failed / dropped, another
  transaction). A lost or duplicated wake-up is therefore harmless.
* Clock time is converted to wall time with ``clock.wall_delay``; when a test moves a
  :class:`~bot.clock.FakeClock` (or the demo's ScaledClock jumps or changes speed) the clock's
  listener re-arms every job, so due cues fire when a test advances a frozen clock.
* :meth:`CueEngine.start` recovers after a restart: interrupted sends (still ``sending``) are
  sent again with the *same* nonce so Discord drops a duplicate; cues missed while the bot was down
  go out marked late within ``settings.cues.grace_minutes`` and are skipped beyond it, the skipped
  ones listed once per production in a summary to the AD channel.

Nothing here imports discord: the Discord adapter passes ``deliver(cue, late)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.cues import kinds
from bot.domain.cues import Cue, classify_missed, missed_summary, retry_delay
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo

log = logging.getLogger(__name__)

JOB_PREFIX = "cue:"


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """What the Discord adapter made of one cue."""

    outcome: str  # "sent" | "retry" | "failed" | "dropped"
    message_id: int | None = None
    error: str = ""

    @classmethod
    def sent(cls, message_id: int | None = None) -> DeliveryResult:
        return cls("sent", message_id)

    @classmethod
    def retry(cls, error: str) -> DeliveryResult:
        """A transient failure (5xx, timeout): try again after a back-off."""
        return cls("retry", error=error)

    @classmethod
    def failed(cls, error: str) -> DeliveryResult:
        """A permanent failure (closed DMs, missing channel): give up."""
        return cls("failed", error=error)

    @classmethod
    def dropped(cls, reason: str) -> DeliveryResult:
        """Not worth sending any more (e.g. the person confirmed meanwhile)."""
        return cls("dropped", error=reason)


Deliver = Callable[[Cue, bool], Awaitable[DeliveryResult]]
Observer = Callable[[Cue, DeliveryResult, bool], None]


class CueEngine:
    def __init__(
        self,
        db: Database,
        scheduler,  # AsyncIOScheduler (started and shut down by its owner)
        clock: Clock,
        settings: Settings,
        deliver: Deliver,
        *,
        precheck: Callable[[Tx, Cue], Awaitable[bool]] | None = None,
        stop_timeout: float = 5.0,
    ) -> None:
        self.db = db
        self.scheduler = scheduler
        self.clock = clock
        self.settings = settings
        self.deliver = deliver
        self.precheck = precheck if precheck is not None else kinds.precheck
        self.stop_timeout = stop_timeout
        self.running = False
        self._armed: dict[int, datetime] = {}  # cue id -> clock time it is due
        self._late: set[int] = set()
        self._pump_task: asyncio.Task[None] | None = None
        self._again = False
        self._observers: list[Observer] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    # --------------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Recover what a previous run left, arm every pending cue, and listen to the clock."""
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
        """Disarm, let a send in flight finish (up to ``stop_timeout``), and forget the clock."""
        if not self.running:
            return
        self.running = False
        self.clock.remove_listener(self._on_clock)
        for cue_id in list(self._armed):
            self._unschedule(cue_id)
        self._armed.clear()
        task, self._pump_task = self._pump_task, None
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=self.stop_timeout)
            except (TimeoutError, asyncio.TimeoutError):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def add_observer(self, observer: Observer) -> None:
        """``observer(cue, result, late)`` after every delivery attempt (demo transcript, tests)."""
        self._observers.append(observer)

    # --------------------------------------------------------------------------- arming

    async def refresh(self, cue_ids: Iterable[int]) -> None:
        """Re-arm (pending) or disarm (anything else) these cues after a change was committed."""
        ids = list(dict.fromkeys(cue_ids))
        if not ids or not self.running:
            return
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
        if self._pump_task is not None and not self._pump_task.done():
            self._again = True
            return
        loop = self._loop or asyncio.get_running_loop()
        self._pump_task = loop.create_task(self._pump(), name="cue-pump")

    async def _pump(self) -> None:
        while self.running:
            self._again = False
            async with self.db.read() as tx:
                batch = await CueRepo.due(tx, self.clock.now(), limit=20)
            for cue in batch:
                if not self.running:
                    return
                try:
                    await self._send(cue.id)
                except asyncio.CancelledError:
                    raise
                except Exception:  # never let one cue stop the others
                    log.exception("cue %s: unexpected error", cue.id)
            if not batch and not self._again:
                return

    async def settle(self, timeout: float = 5.0) -> None:
        """Until nothing is due and nothing is being sent (tests and the demo)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._kick()
        while True:
            task = self._pump_task
            if task is not None and not task.done():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError("cue engine did not settle")
                await asyncio.wait({task}, timeout=remaining)
                continue
            async with self.db.read() as tx:
                due = await CueRepo.due(tx, self.clock.now(), limit=1)
            if not due or not self.running:
                return
            if loop.time() > deadline:
                raise TimeoutError("cue engine did not settle")
            self._kick()

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
        try:
            result = await self.deliver(claimed, late)
        except asyncio.CancelledError:
            raise  # the process is going down mid-send: the cue stays 'sending', resent at start
        except Exception as exc:
            log.warning("cue %s (%s): delivery raised %r", cue_id, claimed.kind, exc)
            result = DeliveryResult.retry(repr(exc))
        done = self.clock.now()
        retry_at = None
        async with self.db.transaction() as tx:
            if result.outcome == "sent":
                await CueRepo.mark_sent(tx, cue_id, done, result.message_id)
            elif result.outcome == "dropped":
                await CueRepo.mark_dropped(tx, cue_id, result.error or "dropped", done)
            elif result.outcome == "retry" and (delay := retry_delay(claimed.attempts)) is not None:
                retry_at = done + delay
                await CueRepo.mark_retry(tx, cue_id, retry_at, result.error, done)
            else:
                await CueRepo.mark_failed(tx, cue_id, result.error or "failed", done)
        self._late.discard(cue_id)
        if retry_at is not None:
            self._arm(cue_id, retry_at)
        for observer in list(self._observers):
            try:
                observer(claimed, result, late)
            except Exception:
                log.exception("cue observer failed")

    # --------------------------------------------------------------------------- after a restart

    async def _recover(self) -> list[Cue]:
        """Classify what the previous run left; returns the interrupted sends to resend."""
        now = self.clock.now()
        grace = self.settings.cues.grace_minutes
        async with self.db.transaction() as tx:
            missed = classify_missed(await CueRepo.open(tx), now, grace)
            await CueRepo.mark_skipped(tx, [c.id for c in missed.skipped], f"missed while the bot was down (grace {grace} min)", now)
            for cue in missed.abandoned:
                await CueRepo.mark_failed(tx, cue.id, "interrupted mid-send too long ago: may or may not have been delivered", now)
            by_production: dict[int, list[Cue]] = {}
            for cue in missed.summarised:
                by_production.setdefault(cue.production_id, []).append(cue)
            for production_id, cues in sorted(by_production.items()):
                prod = await ProductionRepo.get(tx, production_id)
                channel = prod.channel("ad") if prod else None
                if prod is None or channel is None:
                    log.warning("production %s: %d cues missed and no AD channel to tell", production_id, len(cues))
                    continue
                await CueRepo.insert(tx, production_id, None, missed_summary(production_id, cues, now, channel, prod.language), now)
        self._late |= {c.id for c in missed.late} | {c.id for c in missed.resend if c.late}
        if missed.late or missed.skipped or missed.resend or missed.abandoned:
            log.info(
                "cue recovery: %d late, %d skipped, %d resent, %d abandoned",
                len(missed.late),
                len(missed.skipped),
                len(missed.resend),
                len(missed.abandoned),
            )
        return list(missed.resend)
