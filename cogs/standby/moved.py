"""An automatic standby already called whose scene then moves (the day slips, a scene overruns) by at
least the re-notify threshold of call changes (Discord-free, rows of the outbox): the post and the
board are edited with the new time, and the people the call reached are told once, each in their
language - by DM, or by one mention in the channel for those whose DM did not get through. No role
is pinged again and the escalation ladder keeps its times (its pending steps, like the DMs not sent
yet, simply carry the new time)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cues import kinds
from bot.cues.kinds import CueKind, Rendered
from bot.domain import standby as S
from bot.domain.cues import Cue, CueSpec, Target
from bot.render import standby as R
from cogs.standby.outbox import DM, ESCALATE, FALLBACK, SCOPE, buttons, key, not_cancelled, queue_edits
from db.database import Tx
from db.repositories.cues import CueRepo
from db.repositories.standby import StandbyRepo

MOVED = "standby_moved"


def render_moved(cue: Cue, tz: ZoneInfo) -> Rendered:
    sb = S.from_payload(cue.payload["standby"])
    was = datetime.fromisoformat(cue.payload["was"])
    users = tuple(int(u) for u in cue.payload.get("users") or [])
    text = R.moved_text(sb, was, cue.locale, tz)
    if users:  # those whose DM did not get through: mentioned, as they were when called
        text = " ".join(f"<@{u}>" for u in users) + " " + text
    return Rendered(text, mention_users=users, buttons=buttons(sb.id, cue.locale))


async def retime(tx: Tx, sb: S.Standby, at: datetime, now: datetime) -> list[int]:
    """``sb``'s scene now rolls at ``at``: store it, edit the post and the board, carry the new time
    in the rows not sent yet, and tell the people already reached. Returns the row ids to arm."""
    if not await StandbyRepo.retime(tx, sb.id, at):
        return []
    was = sb.due
    assert was is not None
    sb = replace(sb, due=at, first_due=sb.first_due or was)
    snap = S.to_payload(sb)
    rows = await StandbyRepo.cues(tx, key(sb.id, ""))
    touched: list[int] = []
    for c in rows:  # DMs, ladder steps and channel mentions still to go say the new time
        if c.status == "pending" and c.kind in (DM, ESCALATE, FALLBACK):
            await CueRepo.set_payload(tx, c.id, {**c.payload, "standby": snap}, now)
    sent = {c.target.user_id for c in rows if c.kind == DM and c.status == "sent"}
    round_ = 1 + len({c.key.split(":")[3] for c in rows if c.kind == MOVED})
    expires = at + timedelta(minutes=1)
    payload = {"standby": snap, "was": was.isoformat(), "department": sb.department}
    specs: list[CueSpec] = []
    told = S.told_again(sb)
    for c in told:
        if c.reach == S.DM and c.user_id in sent:
            specs.append(CueSpec(key(sb.id, "moved", round_, c.user_id), MOVED, now, Target(user_id=c.user_id), c.language,
                                 {**payload, "department": c.department}, expires=expires, scope=SCOPE))
    mentioned = [c.user_id for c in told if c.reach == S.FALLBACK]
    if mentioned and sb.channel_id is not None:
        specs.append(CueSpec(key(sb.id, "moved", round_, "channel"), MOVED, now, Target(channel_id=sb.channel_id), sb.locale,
                             {**payload, "users": mentioned}, expires=expires, scope=SCOPE))
    for spec in specs:
        if (cid := await CueRepo.insert(tx, sb.production_id, sb.day_id, spec, now)) is not None:
            touched.append(cid)
    return touched + await queue_edits(tx, sb, now)


def register() -> None:
    kinds.register(CueKind(MOVED, render_moved, precheck=not_cancelled), replace=True)


__all__ = ["MOVED", "register", "render_moved", "retime"]
