"""The recompute after every change of a day, inside the caller's transaction.

Given the day's projection: every person's call; the day's ``live`` cues reconciled (re-timed,
inserted, cancelled); "your call moved" notices (department crew at once; actors through the AD's
batched proposal unless ``liveday.cast_call_approval = "auto"``); the canteen's corrections; the AD
channel's window and no-meal alerts. Linear in the number of scenes and people; decodes no call
sheet snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time

from bot.domain import cues as C
from bot.domain import progress as P
from bot.domain.callsheet import PersonCall, compute_calls
from bot.domain.crew import CrewMember, Production
from bot.domain.cues import proposals
from bot.domain.plan import ShootDay, Walk
from bot.domain.quiet import QuietHours
from bot.settings import Settings
from db.database import Tx
from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo
from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.progress import ProgressRepo
from db.repositories.proposals import ProposalRepo


def rules_from(settings: Settings) -> C.Rules:
    cues, live = settings.cues, settings.liveday
    h, m = (int(x) for x in live.quiet_start.split(":"))
    return C.Rules(
        call_reminder_minutes=cues.call_reminder_minutes,
        unconfirmed_reminder_minutes=cues.unconfirmed_reminder_minutes,
        notify_threshold_minutes=cues.notify_threshold_minutes,
        canteen_lead_minutes=live.canteen_lead_minutes,
        canteen_correction_minutes=settings.meals.correction_minutes,
        set_move_walk_minutes=live.set_move_walk_minutes,
        replan_minutes=live.replan_minutes,
        no_meal_hours=live.no_meal_hours,
        cast_approval=live.cast_call_approval == "ad",
        quiet=QuietHours(time(h, m), live.quiet_until_call_minutes, live.quiet_max_hours, live.chase_before_quiet_minutes,
                         enabled=live.quiet_max_hours > 0),
    )


@dataclass
class Recomputed:
    calls: dict[int, PersonCall]
    live: C.LiveDay
    inserted: int = 0
    retimed: int = 0
    cancelled: int = 0
    told: tuple[int, ...] = ()  # users told their call moved
    proposal: int | None = None  # a new cast call proposal went to the AD
    waiting: tuple[int, ...] = ()  # actors whose call change waits for the AD
    alerts: tuple[str, ...] = ()  # kinds of AD alerts queued (window, no_meal)
    touched: list[int] = field(default_factory=list)  # cue ids to (re-)arm
    crew: list[CrewMember] = field(default_factory=list)


@dataclass
class Gathered:
    live: C.LiveDay
    calls: dict[int, PersonCall]
    deliveries: list
    version_id: int | None
    crew: list[CrewMember]


async def gather(tx: Tx, settings: Settings, prod: Production, day: ShootDay, walks: Sequence[Walk], projection: P.Projection) -> Gathered:
    """Everything the rules need: calls from the projection, people, confirmations, sets."""
    assert day.id is not None
    crew = await CrewRepo.list(tx, prod.id)
    overrides = await PlanRepo.overrides(tx, day.id, prod.tz)
    calls = compute_calls(day, crew, settings.call_offsets, overrides, scene_starts=projection.scene_starts(), walks=walks,
                          rules=settings.call_rules)
    dropped = set(projection.skipped)
    calls = {uid: pc for uid, pc in calls.items() if not (pc.kind == "cast" and pc.scenes and set(pc.scenes) <= dropped)}
    prefs = await CueRepo.reminder_minutes(tx, prod.id)
    people = {m.user_id: C.Person(m.user_id, m.language, m.department, m.display_name, prefs.get(m.user_id)) for m in crew}
    version_id = await CallsheetRepo.latest_id(tx, day.id)
    deliveries = await CallsheetRepo.deliveries(tx, version_id) if version_id is not None else []
    # pending: the DM is still going out (the outbox sends it); they have not confirmed either
    unconfirmed = {d.user_id for d in deliveries if d.status in ("pending", "sent")} if version_id is not None else None
    sets = {s.name: s for s in await PlanRepo.sets(tx, prod.id)}
    live = C.LiveDay(
        production_id=prod.id, day=day, projection=projection, channels=prod.channels,
        language=prod.channel_locale, sets=sets,  # a second line for a mixed crew ("zh-CN+th")
        people=people, calls=calls, unconfirmed=unconfirmed, rules=rules_from(settings),
    )
    return Gathered(live, calls, deliveries, version_id, crew)


async def known_calls(tx: Tx, day_id: int, calls: dict[int, PersonCall], deliveries: list, version_id: int | None) -> dict[int, C.KnownCall]:
    """What each person last heard: the published call sheet, unless a notice came after it."""
    stored = await ProgressRepo.known_calls(tx, day_id)
    published = {d.user_id: d.call_at for d in deliveries}
    known: dict[int, C.KnownCall] = {}
    for uid in calls:
        row = stored.get(uid)
        if version_id is not None and uid in published and (row is None or row[1] != version_id):
            known[uid] = C.KnownCall(published[uid], row[0].seq if row else 0)
            await ProgressRepo.set_known_call(tx, day_id, uid, known[uid], version_id)
        elif row is not None:
            known[uid] = row[0]
    return known


async def told_canteen(tx: Tx, day_id: int) -> dict[str, tuple[datetime | None, int]]:
    """Meal -> (the start the canteen was last told, corrections so far)."""
    told: dict[str, tuple[datetime | None, int]] = {}
    for cue in await CueRepo.of_kind(tx, day_id, C.MEAL_WARNING) + await CueRepo.of_kind(tx, day_id, C.MEAL_MOVED):
        meal = str(cue.payload.get("meal", ""))
        start = cue.payload.get("start")
        at = datetime.fromisoformat(start) if start else None
        if cue.kind == C.MEAL_WARNING and cue.status in ("sent", "sending"):
            told.setdefault(meal, (at, 0))
        elif cue.kind == C.MEAL_MOVED and cue.status != "cancelled":
            seq = int(cue.key.rsplit(":", 1)[-1])
            if seq >= told.get(meal, (None, -1))[1]:
                told[meal] = (at, seq)
    return told


async def recompute(
    tx: Tx, settings: Settings, prod: Production, day: ShootDay, walks: Sequence[Walk], after: P.Progress, projection: P.Projection, now: datetime,
    *, superseded: Callable[[C.CueSpec], bool] | None = None,
) -> Recomputed:
    """``superseded``: the day's own cues (and notices) a feature's rows replace (a day hook's), left out."""
    assert day.id is not None
    g = await gather(tx, settings, prod, day, walks, projection)
    live, calls, version_id = g.live, g.calls, g.version_id
    rules = live.rules

    known = await known_calls(tx, day.id, calls, g.deliveries, version_id)
    touched_by_ad = bool(after.steps or after.adjust_minutes or after.skips)
    cc = C.call_changes(
        day.id, known, calls, live.people, now, rules.notify_threshold_minutes, wrapped=projection.state == "wrapped",
        live=touched_by_ad, cast_approval=rules.cast_approval,
    )
    for uid, k in cc.updates.items():
        await ProgressRepo.set_known_call(tx, day.id, uid, k, version_id)
    notices = list(cc.notices)
    if cc.cast:  # an actor whose new call waits for the AD keeps being reminded of the call they know
        live = replace(live, calls={uid: replace(pc, call=cc.cast[uid][0].call) if uid in cc.cast else pc for uid, pc in calls.items()})

    existing = await CueRepo.in_scope(tx, day.id, C.LIVE_SCOPE)
    desired = [s for s in C.desired_cues(live) if superseded is None or not superseded(s)]
    changes = C.reconcile(existing, desired, now)
    internal = {c.id for c in existing if c.kind in C.INTERNAL_KINDS}

    proposal_id: int | None = None
    waiting: dict[int, proposals.Item] = {}
    if rules.cast_approval:
        waiting = proposals.pending(cc.cast, await ProposalRepo.held(tx, day.id), rules.notify_threshold_minutes)
        open_ = await ProposalRepo.open_for_day(tx, day.id)
        if proposals.needs_proposal(waiting, open_, rules.notify_threshold_minutes):
            proposal_id = await ProposalRepo.create(tx, day.id, list(waiting.values()), now)
            if (spec := proposals.proposal_cue(live, proposal_id, list(waiting.values()), now)) is not None:
                notices.append(spec)
        elif not waiting and open_ is not None:
            await ProposalRepo.supersede_open(tx, day.id, now)  # nothing waits any more (e.g. /shoot back)

    notices += C.meal_corrections(live, await told_canteen(tx, day.id), now=now)
    alerts = C.window_alerts(live) + C.no_meal_alerts(live)
    notices += alerts
    if superseded is not None:
        notices = [n for n in notices if not superseded(n)]
    touched = await CueRepo.apply(tx, prod.id, day.id, changes + C.Changes(insert=tuple(notices)), now)
    return Recomputed(
        calls=calls,
        live=live,
        inserted=sum(1 for spec in changes.insert if spec.kind not in C.INTERNAL_KINDS),  # the AD hears of messages only
        retimed=sum(1 for i in changes.retimed if i not in internal),
        cancelled=sum(1 for i in changes.cancel if i not in internal),
        told=tuple(n.target.user_id for n in cc.notices if n.target.user_id is not None),
        proposal=proposal_id,
        waiting=tuple(waiting),
        alerts=tuple(a.kind for a in alerts),
        touched=touched,
        crew=g.crew,
    )
