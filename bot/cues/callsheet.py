"""Publishing a call sheet through the outbox (Discord-free).

:meth:`CallsheetPublisher.publish` stores version N+1, its deliveries and EVERY message it owes as
outbox rows in ONE transaction: the announcement's messages and then the PDF (one batch, in order,
``cs:V:post:<i>`` and ``cs:V:pdf``) and each notified person's DM in parts (``cs:V:dm:<user>:<i>``;
the last part carries their ICS and the Confirm button). The engine sends them concurrently as
Discord's buckets allow; a crash at any point loses nothing and doubles nothing. The PDF renders
in a worker thread as soon as the version is committed, while the first DMs go out.

The kinds' hooks keep the call sheet's tables in step in the transaction that records each
outcome: a posted message becomes a ``callsheet_posts`` row, a delivered DM marks its delivery
sent, a refused DM marks it unreachable (with Discord's code) and queues a mention in the
department channel saying truthfully why (``cs:V:fb:<user>``; 50007 DMs closed, or Discord refused).
When nothing of the version is left to send and something could not be, one report goes to the
AD channel (``cs:V:report:<n>``).

Two ADs publishing the same day at once serialise on the transaction: the second is told a
version is already going out. Re-publishing an unchanged sheet sends again what could not be sent.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from bot.clock import Clock
from bot.cues import kinds
from bot.cues.kinds import Button, CueKind, FileRef, Rendered, SendOutcome, message_payload, render_message
from bot.cues.problems import reason_text
from bot.domain.callsheet import CallSheet, build_callsheet, plan_deliveries
from bot.domain.callsheet.report import OPEN, Summary, prefix, summarize
from bot.domain.cues import CueSpec, Target
from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.outbox import DM_CLOSED
from bot.domain.plan import ShootDay
from bot.i18n import in_languages, normalize_locale, t
from bot.render import ics, pdf
from bot.render.callsheet_embeds import announcement, personal
from bot.render.callsheet_text import change_text, dept_name, where_text
from bot.render.escape import escape, markdown_safe
from bot.render.fonts import FontMissing
from bot.settings import Settings
from db.database import Database, Tx
from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

log = logging.getLogger(__name__)

POST, PDF, DM, FALLBACK, REPORT = "callsheet_post", "callsheet_pdf", "callsheet_dm", "callsheet_fallback", "callsheet_report"
SCOPE = "callsheet"
CONFIRM_PREFIX = "setcall:cs:confirm:"
PDF_SOURCE = "callsheet_pdf"
PDF_CACHE = 8  # versions whose PDF is kept in memory


def confirm_custom_id(delivery_id: int) -> str:
    return f"{CONFIRM_PREFIX}{delivery_id}"


def _unchanged(a: CallSheet, b: CallSheet) -> bool:
    def plain(s: CallSheet) -> CallSheet:
        return replace(s, version=0, published_at=None, changes=(), revised=(), revised_cast=())

    return plain(a) == plain(b)


@dataclass
class Published:
    """What :meth:`CallsheetPublisher.publish` queued: a new version, or (``resent``) the messages
    of an unchanged version that could not be sent before."""

    version_id: int
    sheet: CallSheet
    row_ids: list[int] = field(default_factory=list)
    resent: int = 0


class CallsheetPublisher:
    def __init__(self, db: Database, clock: Clock, settings: Settings, engine=None) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.engine = engine
        self._pdfs: dict[int, asyncio.Future[bytes]] = {}
        kinds.register_file_source(PDF_SOURCE, self.pdf_bytes)

    # --------------------------------------------------------------------------- publish

    async def publish(self, prod: Production, day: ShootDay, *, by: int) -> Published:
        """One transaction: the version, its deliveries and every message it owes. Raises
        ``callsheet.error.in_progress`` while the previous version is still going out,
        ``callsheet.error.unchanged`` when nothing changed and nothing is left to send again."""
        assert day.id is not None
        now = self.clock.now()
        async with self.db.transaction() as tx:
            fresh = await PlanRepo.day_by_id(tx, day.id, prod.tz)
            if fresh is None:
                raise DomainError("plan.error.no_such_day", day=day.date.isoformat())
            crew = await CrewRepo.list(tx, prod.id)
            latest = await CallsheetRepo.latest(tx, day.id)
            if latest is not None:
                rows = await CueRepo.with_key_prefix(tx, prefix(latest.id))
                going = [r for r in rows if r.status in OPEN and r.kind != REPORT]
                if going:
                    raise DomainError("callsheet.error.in_progress", version=latest.version, date=day.date.isoformat(), count=len(going))
            previous = {d.user_id: d for d in await CallsheetRepo.deliveries(tx, latest.id)} if latest else {}
            received = await CallsheetRepo.last_received(tx, day.id) if latest else {}
            threshold = self.settings.cues.notify_threshold_minutes
            sheet = build_callsheet(
                production_id=prod.id, production_code=prod.code, production_name=prod.name, timezone=prod.timezone, day=fresh,
                crew=crew, sets=await PlanRepo.sets(tx, prod.id), walks=await PlanRepo.walks(tx, prod.id), offsets=self.settings.call_offsets,
                safety=self.settings.safety, overrides=await PlanRepo.overrides(tx, day.id, prod.tz),
                version=(latest.version + 1) if latest else 1, published_at=now, rules=self.settings.call_rules,
                contacts=await PlanRepo.contacts(tx, prod.id), previous=latest.sheet if latest else None, threshold=threshold,
            )
            if latest is not None and _unchanged(latest.sheet, sheet):
                again = await self._requeue(tx, latest.id, rows, now)
                if not again:
                    raise DomainError("callsheet.error.unchanged", version=latest.version, date=day.date.isoformat())
                published = Published(latest.id, latest.sheet, again, resent=len(again))
            else:
                if not sheet.scenes:
                    raise DomainError("callsheet.error.no_scenes", date=day.date.isoformat())
                plans = plan_deliveries(latest.sheet if latest else None, previous, sheet, threshold, received)
                version_id, deliveries = await CallsheetRepo.publish(tx, day.id, sheet, plans, previous, by=by, now=now)
                ids = await self._queue(tx, prod, day.id, sheet, latest.sheet if latest else None, plans, deliveries,
                                        {m.user_id: m for m in crew}, version_id, now)
                published = Published(version_id, sheet, ids)
        if not published.resent:
            self.prewarm(published.version_id, published.sheet, prod.language)
        if self.engine is not None:
            await self.engine.refresh(published.row_ids)
        return published

    async def _requeue(self, tx: Tx, version_id: int, rows, now) -> list[int]:
        """Send again what could not be sent (not the DMs of people whose DMs are closed and who were
        mentioned in their department channel instead)."""
        reached = {r.key.split(":")[3] for r in rows if r.kind == FALLBACK and r.status == "sent"}
        closed = {r.key.split(":")[3] for r in rows if r.kind == DM and r.status == "failed" and r.error_code == DM_CLOSED}
        out = []
        for r in rows:
            if r.status not in ("failed", "skipped") or r.kind in (REPORT, FALLBACK):
                continue
            if r.kind == DM and r.key.split(":")[3] in (reached & closed):
                continue
            if await CueRepo.requeue(tx, r.id, now):
                out.append(r.id)
        return out

    async def _queue(self, tx: Tx, prod: Production, day_id: int, sheet: CallSheet, old: CallSheet | None, plans, deliveries,
                     crew, version_id: int, now) -> list[int]:
        v = version_id
        loc = prod.language
        ids: list[int] = []

        async def add(spec: CueSpec) -> None:
            if (cid := await CueRepo.insert(tx, prod.id, day_id, spec, now)) is not None:
                ids.append(cid)

        channel = prod.channel("announcements") or prod.channel("production")
        if channel is not None:
            summary = [t("callsheet.publish.changed_people", loc, count=sum(1 for p in plans if p.notify))] if old is not None else None
            messages = announcement(sheet, prod.channel_locale, changes_summary=summary)  # a second line for a mixed crew
            more = t("callsheet.publish.plain_more", loc)
            for i, m in enumerate(messages):
                payload = message_payload(m.get("content") or "", m.get("embeds") or [], plain_more=more, version_id=v, part=i, parts=len(messages))
                await add(CueSpec(f"cs:{v}:post:{i}", POST, now, Target(channel_id=channel), loc, payload, scope=SCOPE, batch=f"cs:{v}:post", seq=i))
            caption = in_languages(lambda lang: t("callsheet.publish.pdf_caption", lang, date=sheet.date.isoformat(), version=sheet.version),
                                   prod.channel_locale)
            payload = message_payload(caption, files=[FileRef(pdf.filename(sheet), source=PDF_SOURCE, ref={"version_id": v, "locale": loc})],
                                      version_id=v, part=len(messages), parts=len(messages))
            await add(CueSpec(f"cs:{v}:pdf", PDF, now, Target(channel_id=channel), loc, payload, scope=SCOPE, batch=f"cs:{v}:post", seq=len(messages)))

        for plan in plans:
            member = crew.get(plan.user_id)
            if not plan.notify or member is None:
                continue
            person = sheet.person(plan.user_id) if not plan.removed else (old.person(plan.user_id) if old else None)
            if person is None:
                continue
            ploc = normalize_locale(member.language)
            messages = personal(sheet, person, ploc, changes=list(plan.changes), removed=plan.removed)
            calendar = ics.person_calendar(sheet, person, ploc, now=now, removed=plan.removed)
            delivery = deliveries.get(plan.user_id)
            fallback = self._fallback(prod, sheet, person, member, plan, delivery)
            for i, m in enumerate(messages):
                last = i == len(messages) - 1
                payload = message_payload(
                    m.get("content") or "", m.get("embeds") or [],
                    files=[FileRef(ics.filename(sheet), data=calendar)] if last else [],
                    buttons=[Button(confirm_custom_id(delivery.id), t("callsheet.confirm.button", ploc))] if last and delivery else [],
                    version_id=v, user_id=plan.user_id, delivery_id=delivery.id if delivery else None, part=i, parts=len(messages),
                    removed=plan.removed, name=member.display_name, department=member.department,
                    **({"fallback": fallback} if i == 0 and fallback else {}),
                )
                await add(CueSpec(f"cs:{v}:dm:{plan.user_id}:{i}", DM, now, Target(user_id=plan.user_id), ploc, payload, scope=SCOPE,
                                  batch=f"cs:{v}:dm:{plan.user_id}", seq=i))
        return ids

    def _fallback(self, prod: Production, sheet: CallSheet, person, member, plan, delivery) -> dict[str, Any] | None:
        """The mention in the department channel for when the DM is refused, prepared now: addressed to
        the person, like the DM it stands in for, so in their language; user text escaped."""
        channel = prod.department_channel(member.department) or prod.channel("production") or prod.channel("announcements")
        if channel is None or delivery is None:
            return None
        loc = normalize_locale(member.language)
        safe = markdown_safe(sheet)
        params = dict(mention=f"<@{member.user_id}>", time=sheet.fmt(person.call, loc), where=where_text(safe, escape(person.where), loc),
                      date=sheet.date.isoformat(), version=sheet.version)
        changes = [f"• {change_text(c, loc)}" for c in markdown_safe(list(plan.changes))]
        return {
            "channel": channel,
            "closed": "\n".join([t("callsheet.fallback.closed", loc, **params), *changes])[:2000],
            "refused": "\n".join([t("callsheet.fallback.refused", loc, **params), *changes])[:2000],
            "button": t("callsheet.confirm.button", loc),
        }

    # --------------------------------------------------------------------------- what became of it

    async def summary(self, version_id: int) -> Summary:
        async with self.db.read() as tx:
            return await _summary(tx, version_id)

    async def wait(self, version_id: int, timeout: float) -> Summary:
        """Until every message of the version went out or could not (or ``timeout`` seconds)."""
        if self.engine is not None and timeout > 0:
            await self.engine.wait_done(prefix(version_id), timeout)
        return await self.summary(version_id)

    # --------------------------------------------------------------------------- the PDF

    def prewarm(self, version_id: int, sheet: CallSheet, locale: str) -> None:
        """Start rendering the PDF in a worker thread now (the DMs go out meanwhile)."""
        if version_id in self._pdfs:
            return
        while len(self._pdfs) >= PDF_CACHE:
            self._pdfs.pop(next(iter(self._pdfs)))
        self._pdfs[version_id] = asyncio.ensure_future(asyncio.to_thread(pdf.render_pdf, sheet, locale))

    async def pdf_bytes(self, ref: dict[str, Any]) -> bytes:
        """The file source of the PDF row (rendered once per version; again after a restart)."""
        version_id = int(ref["version_id"])
        if version_id not in self._pdfs:
            async with self.db.read() as tx:
                version = await CallsheetRepo.version(tx, version_id)
            if version is None:
                raise kinds.FileUnavailable(f"version {version_id} no longer exists")
            self.prewarm(version_id, version.sheet, str(ref.get("locale") or "en-US"))
        try:
            return await asyncio.shield(self._pdfs[version_id])
        except FontMissing as exc:
            self._pdfs.pop(version_id, None)
            raise kinds.FileUnavailable(f"no CJK font: {exc}") from None


async def _summary(tx: Tx, version_id: int) -> Summary:
    version = await CallsheetRepo.version(tx, version_id)
    rows = await CueRepo.with_key_prefix(tx, prefix(version_id))
    unchanged = sum(1 for d in await CallsheetRepo.deliveries(tx, version_id) if not d.notified)
    return summarize(version_id, rows, version=version.version if version else 0, date=version.sheet.date.isoformat() if version else "",
                     unchanged=unchanged)


# --------------------------------------------------------------------------- the kinds' hooks


async def _maybe_report(o: SendOutcome) -> None:
    """When nothing of the version is left to send and something could not be sent: one report to the AD."""
    v = int(o.cue.payload["version_id"])
    if await CueRepo.open_with_key_prefix(o.tx, prefix(v)):
        return
    summary = await _summary(o.tx, v)
    if not summary.problems:
        return
    prod = await ProductionRepo.get(o.tx, o.cue.production_id)
    channel = (prod.channel("ad") or prod.channel("production")) if prod else None
    if prod is None or channel is None:
        log.error("call sheet version %s: could not deliver everything and there is no AD channel to tell: %s", v, summary)
        return
    n = sum(1 for r in await CueRepo.with_key_prefix(o.tx, f"cs:{v}:report") if r.kind == REPORT)
    spec = CueSpec(f"cs:{v}:report:{n}", REPORT, o.now, Target(channel_id=channel), prod.language,
                   {"version_id": v, "summary": summary.to_dict()}, scope=SCOPE)
    if (cid := await CueRepo.insert(o.tx, prod.id, o.cue.day_id, spec, o.now)) is not None:
        o.arm.append(cid)


async def _post_done(o: SendOutcome) -> None:
    if o.result.outcome == "sent" and o.result.message_id is not None:
        await CallsheetRepo.add_post(o.tx, int(o.cue.payload["version_id"]), int(o.cue.payload.get("part", 0)),
                                     o.result.channel_id or o.cue.target.channel_id or 0, o.result.message_id)
    await _maybe_report(o)


async def _dm_done(o: SendOutcome) -> None:
    p, r = o.cue.payload, o.result
    delivery_id = p.get("delivery_id")
    if r.outcome == "sent" and delivery_id and int(p.get("part", 0)) == int(p.get("parts", 1)) - 1 and r.message_id is not None:
        await CallsheetRepo.mark_sent(o.tx, int(delivery_id), r.channel_id or 0, r.message_id, o.now)
    elif r.outcome == "failed":
        rest = await CueRepo.pending_in_batch_after(o.tx, o.cue.batch or "", o.cue.seq)
        await CueRepo.mark_skipped(o.tx, [c.id for c in rest], "an earlier part of this DM could not be sent", o.now)
        if delivery_id:
            await CallsheetRepo.mark_unreachable(o.tx, int(delivery_id), r.error, code=r.code)
        first = p if int(p.get("part", 0)) == 0 else ((await CueRepo.by_key(o.tx, f"cs:{p['version_id']}:dm:{p['user_id']}:0")) or o.cue).payload
        fb = first.get("fallback")
        if fb and fb.get("channel") and delivery_id:
            prod = await ProductionRepo.get(o.tx, o.cue.production_id)
            text = fb["closed"] if r.code == DM_CLOSED else fb["refused"]
            payload = message_payload(text, buttons=[Button(confirm_custom_id(int(delivery_id)), fb["button"])], mention_users=[int(p["user_id"])],
                                      version_id=p["version_id"], user_id=p["user_id"], delivery_id=delivery_id, error=r.error[:200], code=r.code)
            spec = CueSpec(f"cs:{p['version_id']}:fb:{p['user_id']}", FALLBACK, o.now, Target(channel_id=int(fb["channel"])),
                           prod.language if prod else o.cue.locale, payload, scope=SCOPE)
            if (cid := await CueRepo.insert(o.tx, o.cue.production_id, o.cue.day_id, spec, o.now)) is not None:
                o.arm.append(cid)
    await _maybe_report(o)


async def _fallback_done(o: SendOutcome) -> None:
    p, r = o.cue.payload, o.result
    if r.outcome == "sent" and p.get("delivery_id"):
        await CallsheetRepo.mark_unreachable(o.tx, int(p["delivery_id"]), str(p.get("error") or ""), o.result.channel_id or o.cue.target.channel_id,
                                             r.message_id, code=p.get("code"))
    await _maybe_report(o)


async def _report_done(o: SendOutcome) -> None:
    if o.result.outcome == "failed":
        log.error("the AD channel refused the call sheet report (%s): %s", o.result.error, o.cue.payload.get("summary"))


# --------------------------------------------------------------------------- what the AD reads


def person_line(p, locale: str) -> str:
    """"• @Liu Yang (Lighting): DMs closed (Discord 50007) — mentioned in #lighting instead"."""
    who = t("callsheet.report.who", locale, mention=f"<@{p.user_id}>", name=escape(p.name), dept=dept_name(p.department, locale))
    if p.failure is None:
        return who
    text = t("callsheet.report.person", locale, who=who, reason=reason_text(p.failure.as_item(), locale))
    if p.fallback == "posted":
        text += t("outbox.fallback.posted", locale, channel=f"<#{p.fallback_channel}>")
    elif p.fallback == "failed" and p.fallback_failure is not None:
        text += t("outbox.fallback.failed", locale, channel=f"<#{p.fallback_channel}>",
                  reason=reason_text(p.fallback_failure.as_item(), locale, where=p.fallback_channel))
    elif p.fallback == "none":
        text += t("outbox.fallback.none", locale)
    elif p.fallback == "going":
        text += t("callsheet.report.fallback_going", locale, channel=f"<#{p.fallback_channel}>")
    return text


def problem_lines(s: Summary, locale: str) -> list[str]:
    """Every message of the version that could not be delivered, and exactly why."""
    lines: list[str] = []
    unreachable = s.unreachable
    if unreachable:
        lines.append(t("callsheet.report.unreachable", locale, count=len(unreachable), date=s.date, version=s.version))
        lines += [person_line(p, locale) for p in unreachable[:25]]
        if len(unreachable) > 25:
            lines.append(t("outbox.more", locale, count=len(unreachable) - 25))
    for position, failure in s.post_failures:
        lines.append(t("callsheet.report.post_failed", locale, n=position, total=s.posts_total, channel=f"<#{s.channel_id}>",
                       reason=reason_text(failure.as_item(), locale, where=s.channel_id)))
    if s.pdf == "failed" and s.pdf_failure is not None:
        lines.append(t("callsheet.report.pdf_failed", locale, channel=f"<#{s.channel_id}>", reason=reason_text(s.pdf_failure.as_item(), locale, where=s.channel_id)))
    if any(f.reason in ("missing_permissions", "missing_access") for f in _failures(s)):
        lines.append(t("outbox.grant_hint", locale))
    if s.post_failures or s.pdf == "failed" or any(p.failure and p.failure.code != DM_CLOSED for p in unreachable):
        lines.append(t("callsheet.report.again", locale))
    return lines


def _failures(s: Summary):
    yield from (f for _, f in s.post_failures)
    if s.pdf_failure is not None:
        yield s.pdf_failure
    for p in s.unreachable:
        if p.failure is not None:
            yield p.failure
        if p.fallback_failure is not None:
            yield p.fallback_failure


def render_report(cue, tz) -> Rendered:
    s = Summary.from_dict(cue.payload["summary"])
    return Rendered("\n".join(problem_lines(s, cue.locale))[:2000])


for _kind in (
    CueKind(POST, render_message, on_outcome=_post_done, timely=False),
    CueKind(PDF, render_message, on_outcome=_post_done, timely=False),
    CueKind(DM, render_message, on_outcome=_dm_done, timely=False),
    CueKind(FALLBACK, render_message, on_outcome=_fallback_done, timely=False),
    CueKind(REPORT, render_report, on_outcome=_report_done, timely=False),
):
    kinds.register(_kind, replace=True)
