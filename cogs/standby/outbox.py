"""Everything a standby sends goes through the outbox (Discord-free): the post in the department
channel (head role pinged, board, buttons), the same board in the AD office, a DM to each person
reached (their language, buttons), the escalation ladder (rows due every few minutes, skipped once
someone answers), board edits after each answer or step, and the channel mention for those whose
DM did not get through. Keys are ``standby:<id>:<what>``; renderers read the standby from the row."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cues import kinds, problems
from bot.cues.kinds import Button, CueKind, Rendered, SendOutcome
from bot.domain import standby as S
from bot.domain.cues import Changes, Cue, CueSpec, Target
from bot.domain.crew import CrewMember, Production
from bot.render import standby as R
from db.database import Tx
from db.repositories.cues import CueRepo
from db.repositories.standby import StandbyRepo

log = logging.getLogger(__name__)

POST, BOARD, DM, EDIT, ESCALATE, FALLBACK, AUTO = (
    "standby_post", "standby_board", "standby_dm", "standby_edit", "standby_escalate", "standby_fallback", "standby_auto")
SCOPE = "standby"
CUSTOM_ID = "setcall:sb:{id}:{answer}"
STYLES = {S.ON_MY_WAY: "primary", S.READY: "success", S.NEED_MORE: "secondary"}
#: A DM or a ladder step not sent within this long after the call is no longer worth sending.
SHELF_LIFE = timedelta(minutes=60)
#: A channel mention for people whose DM failed waits (at most this long) for the other DMs of the
#: call to finish, so that one mention names everybody who was not reached.
FALLBACK_WAIT = timedelta(seconds=30)


def key(sid: int, *parts: object) -> str:
    return ":".join(["standby", str(sid), *map(str, parts)])


def buttons(sid: int, locale: str) -> tuple[Button, ...]:
    return tuple(Button(CUSTOM_ID.format(id=sid, answer=a), R.answer_label(a, locale), STYLES[a]) for a in S.ANSWERS)


def _sb(cue: Cue) -> S.Standby:
    return S.from_payload(cue.payload["standby"])


# --------------------------------------------------------------------------- renderers


def render_post(cue: Cue, tz: ZoneInfo) -> Rendered:
    sb = _sb(cue)
    return Rendered(R.post_content(sb, cue.locale, tz), embeds=(R.board(sb, cue.locale, tz, with_summary=False),), buttons=buttons(sb.id, cue.locale),
                    edit_of=cue.payload.get("edit_of"))


def render_board(cue: Cue, tz: ZoneInfo) -> Rendered:
    sb = _sb(cue)
    return Rendered("", embeds=(R.board(sb, cue.locale, tz),), edit_of=cue.payload.get("edit_of"))


def render_edit(cue: Cue, tz: ZoneInfo) -> Rendered:
    return render_post(cue, tz) if cue.payload.get("which") == "post" else render_board(cue, tz)


def render_dm(cue: Cue, tz: ZoneInfo) -> Rendered:
    sb = _sb(cue)
    uid = cue.target.user_id
    called = next((c for c in sb.called if c.user_id == uid), S.Called(uid, "", sb.department, cue.locale))
    return Rendered(R.dm_text(sb, called, cue.locale, tz), buttons=buttons(sb.id, cue.locale))


def render_escalate(cue: Cue, tz: ZoneInfo) -> Rendered:
    sb, step = _sb(cue), str(cue.payload.get("step"))
    text = R.escalation_text(sb, step, int(cue.payload.get("minutes") or 0), cue.locale, tz)
    users: tuple[int, ...] = ()
    if step == S.CHANNEL and cue.target.role_id is None:
        users = tuple(c.user_id for c in sb.waiting() if c.user_id is not None and c.reach in (S.DM, S.FALLBACK))
    elif step == S.AD and sb.called_by is not None:
        users = (sb.called_by,)
    if users and step == S.CHANNEL:
        text = " ".join(f"<@{u}>" for u in users) + " " + text
    elif users:
        text = f"<@{users[0]}> " + text
    return Rendered(text, mention_users=users, buttons=buttons(sb.id, cue.locale) if step != S.AD else ())


def render_fallback(cue: Cue, tz: ZoneInfo) -> Rendered:
    sb = _sb(cue)
    users = tuple(int(u) for u in cue.payload.get("users") or [])
    return Rendered(R.fallback_text(sb, list(users), cue.locale, tz), mention_users=users, buttons=buttons(sb.id, cue.locale))


# --------------------------------------------------------------------------- queueing


async def queue_call(tx: Tx, prod: Production, sb: S.Standby, crew: tuple[CrewMember, ...], *, steps: tuple[str, ...],
                     minutes: int, heads: tuple[CrewMember, ...], now: datetime) -> list[int]:
    """Every row a new standby owes, in the transaction that stores it: the post, the AD's board,
    the DMs, the ladder. Returns the row ids to arm."""
    snap = S.to_payload(sb)
    specs: list[CueSpec] = []
    expires = max(now, sb.due or now) + SHELF_LIFE
    if sb.channel_id is not None:
        specs.append(CueSpec(key(sb.id, "post"), POST, now, Target(channel_id=sb.channel_id, role_id=sb.role_id), prod.channel_locale,
                             {"standby": snap}, scope=SCOPE, batch=key(sb.id, "post"), seq=0))
    ad_channel = prod.channel("ad")
    # the AD's copy of the board for the calls people make; the plan's own calls reach the AD office
    # only when nobody answers them (their ladder)
    if ad_channel is not None and ad_channel != sb.channel_id and not sb.automatic:
        specs.append(CueSpec(key(sb.id, "board"), BOARD, now, Target(channel_id=ad_channel), prod.channel_locale, {"standby": snap},
                             scope=SCOPE, batch=key(sb.id, "board"), seq=0))
    for c in S.to_dm(sb.called):
        specs.append(CueSpec(key(sb.id, "dm", c.user_id), DM, now, Target(user_id=c.user_id), c.language,
                             {"standby": snap, "department": c.department}, expires=expires, scope=SCOPE))
    for step, due in S.ladder(sb.called_at, steps, minutes):
        waited = int((due - sb.called_at).total_seconds() // 60)
        payload = {"standby": snap, "step": step, "minutes": waited}
        if step == S.CHANNEL and sb.channel_id is not None:
            specs.append(CueSpec(key(sb.id, "esc", step), ESCALATE, due, Target(channel_id=sb.channel_id, role_id=sb.role_id),
                                 prod.channel_locale, payload, expires=expires, scope=SCOPE))
        elif step == S.HEAD:
            for h in heads:
                specs.append(CueSpec(key(sb.id, "esc", step, h.user_id), ESCALATE, due, Target(user_id=h.user_id), h.language,
                                     payload, expires=expires, scope=SCOPE))
        elif step == S.AD and ad_channel is not None:
            specs.append(CueSpec(key(sb.id, "esc", step), ESCALATE, due, Target(channel_id=ad_channel), prod.channel_locale, payload,
                                 expires=expires, scope=SCOPE))
    return await CueRepo.apply(tx, prod.id, sb.day_id, Changes(insert=tuple(specs)), now)


async def queue_edits(tx: Tx, sb: S.Standby, now: datetime) -> list[int]:
    """The post and the AD's board show ``sb`` as it is now: a pending edit is brought up to date,
    else a new edit row follows the last one (same batch: they go out in order)."""
    snap = S.to_payload(sb)
    touched: list[int] = []
    rows = await StandbyRepo.cues(tx, key(sb.id, ""))
    for which in ("post", "board"):
        original = next((c for c in rows if c.key == key(sb.id, which)), None)
        if original is None:
            continue
        edits = [c for c in rows if c.key.startswith(key(sb.id, "edit", which, ""))]
        payload = {"standby": snap, "which": which, "edit_of": original.id}
        pending = next((c for c in edits if c.status == "pending"), None)
        if pending is not None and await CueRepo.set_payload(tx, pending.id, payload, now):
            continue
        n = max((c.seq for c in edits), default=0) + 1
        spec = CueSpec(key(sb.id, "edit", which, n), EDIT, now, original.target, original.locale, payload, scope=SCOPE,
                       batch=key(sb.id, which), seq=n)
        if (cid := await CueRepo.insert(tx, sb.production_id, sb.day_id, spec, now)) is not None:
            touched.append(cid)
    return touched


async def stop_ladder(tx: Tx, sb: S.Standby, now: datetime) -> list[int]:
    """Someone answered (or the standby was cancelled): the steps not yet taken are cancelled."""
    rows = await StandbyRepo.cues(tx, key(sb.id, "esc", ""))
    ids = tuple(c.id for c in rows if c.status == "pending")
    return await CueRepo.apply(tx, sb.production_id, sb.day_id, Changes(cancel=ids), now) if ids else []


async def fresh(tx: Tx, cue: Cue) -> S.Standby | None:
    sid = int(cue.payload["standby"]["id"])
    return await StandbyRepo.get(tx, sid)


# --------------------------------------------------------------------------- send-time checks and outcomes


async def still_open(tx: Tx, cue: Cue) -> bool:
    """A ladder step goes only while nobody has answered."""
    return await StandbyRepo.state(tx, int(cue.payload["standby"]["id"])) == S.OPEN


async def not_cancelled(tx: Tx, cue: Cue) -> bool:
    return await StandbyRepo.state(tx, int(cue.payload["standby"]["id"])) not in (S.CANCELLED, None)


async def step_taken(o: SendOutcome) -> None:
    if o.result.outcome != "sent":
        if o.result.outcome == "failed":
            await problems.report_failure(o)
        return
    sid, step = int(o.cue.payload["standby"]["id"]), str(o.cue.payload.get("step"))
    # the boards show a re-ping and the head's DM; the AD's alert is its own message in the AD office
    if await StandbyRepo.step(o.tx, sid, step, o.now) and step != S.AD and (sb := await StandbyRepo.get(o.tx, sid)):
        o.arm += await queue_edits(o.tx, sb, o.now)


async def dm_outcome(o: SendOutcome) -> None:
    """A DM that did not get through: the person is mentioned in the standby's channel instead (one
    mention, once every DM of the call is done, for everyone who was not reached), and the boards
    say so."""
    sb = await fresh(o.tx, o.cue)
    if sb is None:
        return
    if o.result.outcome == "failed" and o.cue.target.user_id is not None:
        await _dm_failed(o, sb, o.cue.target.user_id)
    await _release_fallback(o, sb.id)


async def _dms_open(tx: Tx, sid: int) -> bool:
    return any(c.status in ("pending", "sending") for c in await StandbyRepo.cues(tx, key(sid, "dm", "")))


async def _release_fallback(o: SendOutcome, sid: int) -> None:
    """Every DM is done: the waiting channel mention goes now."""
    if await _dms_open(o.tx, sid):
        return
    for c in await StandbyRepo.cues(o.tx, key(sid, "fallback", "")):
        if c.status == "pending" and c.due > o.now:
            spec = CueSpec(c.key, c.kind, o.now, c.target, c.locale, c.payload, c.expires, c.scope, c.batch, c.seq)
            o.arm += await CueRepo.apply(o.tx, c.production_id, c.day_id, Changes(update=((c.id, spec),)), o.now)


async def _dm_failed(o: SendOutcome, sb: S.Standby, uid: int) -> None:
    channel = sb.channel_id
    if channel is None:
        await StandbyRepo.set_reach(o.tx, sb.id, uid, S.UNREACHED)
        r = o.result
        await problems.tell_ad(o, sb.production_id, problems.failure_item(o.cue, fallback="none", status=r.status, code=r.code,
                                                                          error=r.error, missing=r.missing))
    else:
        await StandbyRepo.set_reach(o.tx, sb.id, uid, S.FALLBACK)
        await _mention(o, sb, uid, channel)
    if (sb := await StandbyRepo.get(o.tx, sb.id)) is not None:
        o.arm += await queue_edits(o.tx, sb, o.now)


async def _mention(o: SendOutcome, sb: S.Standby, uid: int, channel: int) -> None:
    rows = await StandbyRepo.cues(o.tx, key(sb.id, "fallback", ""))
    pending = next((c for c in rows if c.status == "pending"), None)
    r = o.result
    dm_error = {str(uid): {"status": r.status, "code": r.code, "error": r.error[:200]}}
    if pending is not None:
        payload = dict(pending.payload)
        payload["users"] = [*payload.get("users", []), uid]
        payload["dm_errors"] = {**(payload.get("dm_errors") or {}), **dm_error}
        payload["standby"] = S.to_payload(sb)
        if await CueRepo.set_payload(o.tx, pending.id, payload, o.now):
            return
    due = o.now + FALLBACK_WAIT if await _dms_open(o.tx, sb.id) else o.now
    spec = CueSpec(key(sb.id, "fallback", len(rows) + 1), FALLBACK, due, Target(channel_id=channel), sb.locale,
                   {"standby": S.to_payload(sb), "users": [uid], "dm_errors": dm_error}, scope=SCOPE)
    if (cid := await CueRepo.insert(o.tx, sb.production_id, sb.day_id, spec, o.now)) is not None:
        o.arm.append(cid)


async def fallback_outcome(o: SendOutcome) -> None:
    """The channel mention failed too: those people were not reached at all, and the AD is told."""
    if o.result.outcome != "failed":
        return
    sb = await fresh(o.tx, o.cue)
    if sb is None:
        return
    r = o.result
    dm_errors = o.cue.payload.get("dm_errors") or {}
    for uid in o.cue.payload.get("users") or []:
        await StandbyRepo.set_reach(o.tx, sb.id, int(uid), S.UNREACHED)
        original = Cue(o.cue.id, o.cue.production_id, o.cue.day_id, o.cue.scope, o.cue.key, DM, o.cue.due, Target(user_id=int(uid)),
                       o.cue.locale, o.cue.payload, "failed")
        dm = dm_errors.get(str(uid)) or {}  # what Discord said to the DM itself
        await problems.tell_ad(o, sb.production_id, problems.failure_item(
            original, fallback="failed", fallback_channel=o.cue.target.channel_id, fallback_error=problems.fallback_error(r),
            status=dm.get("status"), code=dm.get("code"), error=str(dm.get("error") or "")))
    if (sb := await StandbyRepo.get(o.tx, sb.id)) is not None:
        o.arm += await queue_edits(o.tx, sb, o.now)


def register() -> None:
    """The standby kinds (idempotent: the cog may be reloaded)."""
    for kind in (
        CueKind(POST, render_post, timely=False),
        CueKind(BOARD, render_board, timely=False),
        CueKind(EDIT, render_edit, timely=False),
        CueKind(DM, render_dm, precheck=not_cancelled, on_outcome=dm_outcome),
        CueKind(ESCALATE, render_escalate, precheck=still_open, on_outcome=step_taken),
        CueKind(FALLBACK, render_fallback, on_outcome=fallback_outcome, timely=False),
    ):
        kinds.register(kind, replace=True)


__all__ = ["AUTO", "BOARD", "CUSTOM_ID", "DM", "EDIT", "ESCALATE", "FALLBACK", "POST", "SCOPE", "buttons", "key", "queue_call",
           "queue_edits", "register", "stop_ladder"]
