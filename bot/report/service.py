"""The daily report's service (Discord-free): drafting at the wrap, the AD's sign-off, sending to the
producers, reports on demand, the park view, and the rest guard for call sheets.

* :meth:`ReportService.on_day` is a live-day hook (``LiveDayService.add_hook``): when a day wraps,
  in the wrap's own transaction, the report is computed, stored as a draft and queued for the AD
  office (an outbox row with the sign-off button). ``/shoot back`` after the wrap supersedes it; a
  new wrap drafts again.
* :meth:`ReportService.sign_off` applies once (a conditional update on the draft): in that same
  transaction it queues the post in the producers' channel and a DM to every producer, each in
  their language; a second press is told who signed it and when.
* The chart and the spreadsheet are made at send time from the stored report, off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.cues.engine import CueEngine
from bot.domain import progress as P
from bot.domain.callsheet import actor_calls, compute_calls
from bot.domain.crew import Production
from bot.domain.cues import CueSpec, Target
from bot.domain.errors import DomainError
from bot.domain.plan import ShootDay
from bot.domain.progress import pick_active_day
from bot.domain.report import DailyReport, as_payload, build_report
from bot.domain.report.build import day_spans
from bot.domain.rest import RestCheck, Span, check_sheet
from bot.domain.workday import spans
from bot.i18n import normalize_locale
from bot.report import kinds as RK
from bot.report.facts import gather, history_spans, recorded, rules_of
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.actions import ActionRepo
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo, ts
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from db.repositories.progress import ProgressRepo
from db.repositories.report import ReportRepo, RestRepo, StoredReport

if TYPE_CHECKING:
    from bot.cues.liveday import DayChange

log = logging.getLogger(__name__)

#: Rendered charts and spreadsheets kept in memory (a sign-off sends a few copies at once).
FILE_CACHE = 12


@dataclass(frozen=True)
class Signed:
    """What pressing "sign off" did."""

    outcome: str  # signed | already | superseded | missing
    report: StoredReport | None = None
    channel_id: int | None = None  # the producers' channel it was posted to (None: none set)
    recipients: tuple[int, ...] = ()
    touched: tuple[int, ...] = field(default=(), repr=False)


class ReportService:
    def __init__(self, db: Database, engine: CueEngine | None, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.engine = engine
        self.clock = clock
        self.settings = settings
        self._files: dict[tuple[str, int, str], bytes] = {}

    # ------------------------------------------------------------------ wiring

    def register(self) -> None:
        RK.register_kinds()
        RK.register_sources(self.file)

    async def load(self, report_id: int) -> DailyReport | None:
        async with self.db.read() as tx:
            stored = await ReportRepo.get(tx, report_id)
        return stored.report if stored is not None else None

    async def file(self, source: str, report_id: int, locale: str) -> bytes:
        """A stored report's chart or spreadsheet, rendered off the event loop; the post and the
        DMs in one language share one rendering (a stored report never changes)."""
        key = (source, report_id, locale)
        if (data := self._files.get(key)) is not None:
            return data
        report = await self.load(report_id)
        if report is None:
            raise LookupError(f"daily report {report_id} is gone")
        data = await asyncio.to_thread(RK.render_file, source, report, locale)
        self._files[key] = data
        while len(self._files) > FILE_CACHE:
            self._files.pop(next(iter(self._files)))
        return data

    async def _arm(self, ids) -> None:
        if self.engine is not None and ids:
            await self.engine.refresh(list(ids))

    # ------------------------------------------------------------------ drafting

    async def compute(self, tx: Tx, prod: Production, day: ShootDay, now: datetime) -> DailyReport:
        return build_report(await gather(tx, self.settings, prod, day, now=now))

    async def on_day(self, tx: Tx, change: DayChange) -> list[int]:
        """After every live-day recompute: a wrap drafts the report for the AD (once per wrap); an
        undone wrap supersedes the draft that was waiting."""
        prod, day, projection = change.production, change.day, change.projection
        assert day.id is not None
        if projection.state != "wrapped":
            latest = await ReportRepo.latest(tx, day.id)
            if latest is not None and latest.status == "draft" and latest.wrap_at is not None:
                await ReportRepo.supersede_drafts(tx, day.id)
                row = await CueRepo.by_key(tx, RK.key(latest.id, "draft"))
                if row is not None and row.status == "pending" and await tx.execute("cue_cancel", {"id": row.id, "now": ts(change.now)}):
                    return [row.id]
            return []
        if await ReportRepo.for_wrap(tx, day.id, projection.wrap) is not None:
            return []
        report = await self.compute(tx, prod, day, change.now)
        stored = await ReportRepo.draft(tx, prod.id, day.id, report, wrap_at=projection.wrap, now=change.now)
        return await self._queue_draft(tx, prod, stored, change.now)

    async def _queue_draft(self, tx: Tx, prod: Production, stored: StoredReport, now: datetime) -> list[int]:
        channel = prod.channel("ad") or prod.channel("production") or prod.channel("announcements")
        if channel is None:
            log.warning("production %s has no AD office: the report draft of day %s waits for /report day", prod.code, stored.day_id)
            return []
        payload = {"report_id": stored.id, "revision": stored.revision, "report": as_payload(stored.report)}
        spec = CueSpec(RK.key(stored.id, "draft"), RK.DRAFT, now, Target(channel_id=channel), prod.channel_locale, payload, scope=RK.SCOPE)
        cue_id = await CueRepo.insert(tx, prod.id, stored.day_id, spec, now)
        return [cue_id] if cue_id is not None else []

    async def redraft(self, prod: Production, report_id: int) -> StoredReport:
        """The AD's refresh: the same day computed again now, as a new draft (the old one is superseded)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            old = await ReportRepo.get(tx, report_id)
            if old is None or old.production_id != prod.id:
                raise DomainError("report.error.missing")
            if old.status != "draft":
                raise DomainError(f"report.error.{old.status}", by=old.signed_by_name or "—",
                                  time=old.signed_at.astimezone(prod.tz).strftime("%H:%M") if old.signed_at else "—")
            day = await PlanRepo.day_by_id(tx, old.day_id, prod.tz)
            if day is None:
                raise DomainError("report.error.missing")
            report = await self.compute(tx, prod, day, now)
            stored = await ReportRepo.draft(tx, prod.id, old.day_id, report, wrap_at=old.wrap_at, now=now)
            touched = await self._queue_draft(tx, prod, stored, now)
        await self._arm(touched)
        return stored

    # ------------------------------------------------------------------ signing off

    async def recipients(self, tx: Tx, prod: Production) -> list[tuple[int, str]]:
        """Who gets the signed report by DM, in which language: the production's producer-department
        crew (in their language), and the producers who asked for it (/report dm); not those who opted out."""
        out: dict[int, str] = {m.user_id: m.language for m in await CrewRepo.list(tx, prod.id) if m.department == "producer"}
        for r in await ReportRepo.recipients(tx, prod.id):
            if r.wants:
                out[r.user_id] = r.language
            else:
                out.pop(r.user_id, None)
        return [(uid, normalize_locale(loc)) for uid, loc in sorted(out.items())]

    async def sign_off(self, prod: Production, report_id: int, *, by: int, by_name: str, request: int) -> Signed:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            stored = await ReportRepo.get(tx, report_id)
            if stored is None or stored.production_id != prod.id:
                return Signed("missing")
            if stored.status != "draft":
                return Signed("already" if stored.status == "signed" else "superseded", stored)
            people = await self.recipients(tx, prod)
            if not await ReportRepo.sign(tx, report_id, by=by, by_name=by_name, request=request, recipients=len(people), now=now):
                return Signed("already", await ReportRepo.get(tx, report_id))
            payload = {"report_id": stored.id, "report": as_payload(stored.report), "signed_by": by_name, "signed_at": now.isoformat()}
            touched: list[int] = []
            channel = prod.channel("producers")
            if channel is not None:
                spec = CueSpec(RK.key(report_id, "post"), RK.POST, now, Target(channel_id=channel), prod.channel_locale, payload, scope=RK.SCOPE)
                if (cid := await CueRepo.insert(tx, prod.id, stored.day_id, spec, now)) is not None:
                    touched.append(cid)
            for uid, locale in people:
                spec = CueSpec(RK.key(report_id, "dm", uid), RK.DM, now, Target(user_id=uid), locale, payload, scope=RK.SCOPE)
                if (cid := await CueRepo.insert(tx, prod.id, stored.day_id, spec, now)) is not None:
                    touched.append(cid)
            await ActionRepo.record(tx, production_id=prod.id, user_id=by, command="report sign", key=f"report sign {report_id}",
                                    subject=f"shoot_day:{stored.day_id}", interaction_id=request, now=now)
            signed = await ReportRepo.get(tx, report_id)
        await self._arm(touched)
        return Signed("signed", signed, channel, tuple(uid for uid, _ in people), tuple(touched))

    # ------------------------------------------------------------------ on demand

    async def report_of(self, prod: Production, day: ShootDay) -> DailyReport:
        async with self.db.read() as tx:
            return await self.compute(tx, prod, day, self.clock.now())

    async def default_day(self, prod: Production) -> ShootDay:
        """The day a report is about when none is named: the one being shot, else the latest day that
        has started (today's or before), else the next one."""
        today = self.clock.now().astimezone(prod.tz).date()
        async with self.db.read() as tx:
            states = await ProgressRepo.day_states(tx, prod.id, today - timedelta(days=366), today + timedelta(days=1))
            started = [s for s in states if s.state != "planned" and s.date <= today]
            chosen = pick_active_day([s for s in states if s.state == "shooting"], today)
            if chosen is None and started:
                chosen = max(started, key=lambda s: s.date).day_id
            day = await PlanRepo.day_by_id(tx, chosen, prod.tz) if chosen is not None else await PlanRepo.next_day(tx, prod.id, today, prod.tz)
        if day is None:
            raise DomainError("plan.error.no_days", code=prod.code)
        return day

    async def park(self, productions: list[Production]) -> list[DailyReport]:
        """Each production's current day, for the park view."""
        out = []
        for prod in productions:
            try:
                day = await self.default_day(prod)
            except DomainError:
                continue
            out.append(await self.report_of(prod, day))
        return out

    async def set_dm(self, prod: Production, user_id: int, *, on: bool, language: str) -> None:
        async with self.db.transaction() as tx:
            await ReportRepo.set_recipient(tx, prod.id, user_id, language, on, self.clock.now())

    # ------------------------------------------------------------------ the rest guard

    async def planned_spans(self, tx: Tx, prod: Production, day: ShootDay, crew, walks) -> list[Span]:
        """Everyone's working day on ``day`` as planned: the calls a call sheet would give now, to
        the planned wrap (actors: their last scene's planned end)."""
        departments = {m.user_id: m.department for m in crew}
        overrides = await PlanRepo.overrides(tx, day.id, prod.tz) if day.id is not None else {}
        calls = compute_calls(day, list(crew), self.settings.call_offsets, overrides, walks=walks, rules=self.settings.call_rules)
        planned = P.plan_timeline(day, walks, changes=self.settings.call_rules.changes)
        wrap = planned[-1].end if planned else day.general_call
        breaks = tuple((m.start, m.end) for s in planned for m in s.meals)
        cast = actor_calls(day, {s.number: s.start for s in planned}, self.settings.call_rules, {m.user_id for m in crew})
        return spans(day, calls, cast=cast, scene_ends={s.number: s.end for s in planned}, wrap=wrap,
                     wrap_out=self.settings.rest.wrap_out, departments=departments, breaks=breaks)

    async def check_sheet(self, tx: Tx, prod: Production, day: ShootDay) -> RestCheck:
        """What publishing ``day``'s call sheet now breaks: the rest from the previous shoot day's
        releases (actual if it was shot, projected while it is being shot, planned if it has not
        started) to the calls the sheet would give, and its planned days."""
        now = self.clock.now()
        rules = rules_of(self.settings, prod)
        walks = await PlanRepo.walks(tx, prod.id)
        crew = await CrewRepo.list(tx, prod.id)
        planned = await self.planned_spans(tx, prod, day, crew, walks)
        previous: list[Span] = []
        before = await ProgressRepo.day_states(tx, prod.id, day.date - timedelta(days=3), day.date - timedelta(days=1))
        last = max(before, key=lambda s: s.date) if before else None
        prev = await PlanRepo.day_by_id(tx, last.day_id, prod.tz) if last is not None else None
        if prev is not None and last is not None and last.state == "planned":
            previous = await self.planned_spans(tx, prod, prev, crew, walks)
        elif prev is not None:
            rec = await recorded(tx, self.settings, prod, prev, now=now, crew=crew, walks=walks)
            previous = day_spans(rec.facts(prod, prev, self.settings, {m.user_id: m.department for m in crew}))
        plan_days = await ReportRepo.plan_days(tx, prod.id)
        history = await history_spans(tx, self.settings, prod, day, plan_days, rules, crew, walks, now)
        earlier = [h for h in history if prev is None or h.day != prev.date]
        return check_sheet(rules, previous=previous, planned=planned, history=earlier)

    async def rest_check(self, prod: Production, day: ShootDay) -> RestCheck:
        async with self.db.read() as tx:
            return await self.check_sheet(tx, prod, day)

    @staticmethod
    async def record_override(tx: Tx, day: ShootDay, check: RestCheck, *, reason: str, by: int, by_name: str, request: int | None,
                              now: datetime) -> int:
        assert day.id is not None
        return await RestRepo.record_override(tx, day.id, reason=reason, by=by, by_name=by_name, breaches=check.breaches,
                                              request=request, now=now)


async def production_of_report(db: Database, report_id: int) -> Production | None:
    """The production a stored report (a draft's button) belongs to."""
    async with db.read() as tx:
        stored = await ReportRepo.get(tx, report_id)
        return await ProductionRepo.get(tx, stored.production_id) if stored is not None else None
