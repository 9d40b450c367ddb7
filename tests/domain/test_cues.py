"""Which cues the live day wants, who is told their call moved, reconcile and missed cues (pure)."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import cues as C
from bot.domain import progress as P
from bot.domain.callsheet import PersonCall
from bot.domain.plan import Scene, SetLocation, ShootDay, Walk

SH = ZoneInfo("Asia/Shanghai")
CH = {"production": 100, "ad": 101, "announcements": 102, "dept:lighting": 103, "dept:art": 104, "dept:canteen": 105}
WALKS = [Walk("Villa", "Courtroom", 4)]
SETS = {"Courtroom": SetLocation("Courtroom", "Building 3", "Heart Road South"), "Villa": SetLocation("Villa", "Building 1", "Heart Road North")}


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


DAY = ShootDay(
    production_id=1,
    date=at(6).date(),
    day_number=2,
    total_days=6,
    general_call=at(6),
    supper_start=at(17, 30),
    supper_minutes=45,
    scenes=(
        Scene("1", "Villa", 60, position=1),
        Scene("2", "Villa", 60, position=2),
        Scene("3", "Courtroom", 60, position=3, needs={"lighting": "night look", "art": "gavel"}),
        Scene("4", "Courtroom", 600, position=4),
    ),
    id=9,
)
PEOPLE = {
    1: C.Person(1, "zh-CN", "lighting"),
    2: C.Person(2, "en-US", "cast", reminder_minutes=90),
    3: C.Person(3, "zh-CN", "art", reminder_minutes=0),
}


def calls(actor_call: datetime = at(8)) -> dict[int, PersonCall]:
    return {
        1: PersonCall(1, at(5), "Villa", ()),
        2: PersonCall(2, actor_call, "Courtroom", ("3",)),
        3: PersonCall(3, at(5), "Villa", ()),
    }


def live(progress: P.Progress, now: datetime, **kw) -> C.LiveDay:
    proj = P.project(DAY, WALKS, progress, now)
    base = dict(production_id=1, day=DAY, projection=proj, channels=CH, language="zh-CN", sets=SETS, people=PEOPLE, calls=calls(), unconfirmed={1})
    base.update(kw)
    return C.LiveDay(**base)


def by_key(specs):
    return {s.key: s for s in specs}


def test_before_the_day_personal_reminders_unconfirmed_and_canteen_heads_up():
    specs = by_key(C.desired_cues(live(P.Progress(day_id=9), at(4))))
    assert set(specs) == {"live:9:call:1", "live:9:call:2", "live:9:unconfirmed:1", "live:9:meal_warning:supper"}
    r1 = specs["live:9:call:1"]
    assert (r1.kind, r1.due, r1.expires, r1.target, r1.locale) == (C.CALL, at(4), at(5), C.Target(user_id=1), "zh-CN")
    assert r1.payload["call"] == at(5).isoformat() and r1.payload["where"] == "Villa" and r1.payload["day_number"] == 2
    assert specs["live:9:call:2"].due == at(6, 30)  # personal override: 90 minutes before 08:00
    assert specs["live:9:unconfirmed:1"].due == at(3)  # 120 minutes before the call
    warn = specs["live:9:meal_warning:supper"]
    assert warn.target.channel_id == 105 and warn.payload["meal"] == "supper" and warn.due == warn.expires - timedelta(minutes=30)


def test_keys_are_stable_when_the_day_slips():
    before = by_key(C.desired_cues(live(P.Progress(day_id=9), at(4))))
    slipped = by_key(C.desired_cues(live(P.adjust(P.Progress(day_id=9), 20), at(4), calls=calls(at(8, 20)))))
    assert set(before) == set(slipped)
    assert slipped["live:9:call:2"].due - before["live:9:call:2"].due == timedelta(minutes=20)
    # the 600-minute scene 4 waits for supper at its planned 17:30 either way
    assert slipped["live:9:meal_warning:supper"].due == before["live:9:meal_warning:supper"].due == at(17)


def test_next_set_notice_and_prelight_when_the_scene_before_a_move_starts():
    prog = P.advance(DAY, WALKS, P.start(DAY, WALKS, P.Progress(day_id=9), at(6)), at(7))
    specs = by_key(C.desired_cues(live(prog, at(7))))
    nxt = specs["live:9:nextset:3"]
    assert nxt.kind == C.NEXT_SET and nxt.due == at(7) and nxt.target == C.Target(channel_id=100)
    assert nxt.payload | {} == nxt.payload and {k: nxt.payload[k] for k in ("set", "building", "road", "walk", "scene", "after")} == {
        "set": "Courtroom",
        "building": "Building 3",
        "road": "Heart Road South",
        "walk": 4,
        "scene": "3",
        "after": "2",
    }
    assert nxt.payload["about"] == at(8, 4).isoformat()
    light, art = specs["live:9:prelight:lighting:3"], specs["live:9:prelight:art:3"]
    assert light.target.channel_id == 103 and light.payload["need"] == "night look"
    assert art.target.channel_id == 104 and art.payload["need"] == "gavel"
    assert "live:9:move:3" not in specs
    # no lighting channel configured: no pre-light cue for it
    fewer = by_key(C.desired_cues(live(prog, at(7), channels={k: v for k, v in CH.items() if k != "dept:lighting"})))
    assert "live:9:prelight:lighting:3" not in fewer and "live:9:prelight:art:3" in fewer


def test_company_move_when_the_move_begins():
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))
    prog = P.advance(DAY, WALKS, P.advance(DAY, WALKS, prog, at(7)), at(8, 10))
    specs = by_key(C.desired_cues(live(prog, at(8, 10))))
    move = specs["live:9:move:3"]
    assert move.kind == C.COMPANY_MOVE and move.due == at(8, 10) and move.payload["from_set"] == "Villa"
    assert move.payload["about"] == at(8, 14).isoformat() and move.payload["walk"] == 4
    assert not any(k.startswith("live:9:nextset") for k in specs)  # scene 4 is on the same set


def test_meal_call_when_taken_and_wrap():
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))
    for t in (at(7), at(8), at(9)):
        prog = P.advance(DAY, WALKS, prog, t)
    assert prog.meals_at == {"supper": at(9)}  # a 600-minute scene would run into supper
    specs = by_key(C.desired_cues(live(prog, at(9))))
    meal = specs["live:9:meal:supper"]
    assert meal.kind == C.MEAL and meal.due == at(17, 30) and meal.target.channel_id == 100 and meal.payload["minutes"] == 45
    assert "live:9:meal_warning:supper" not in specs
    wrapped = P.wrap(prog, at(20))
    specs = by_key(C.desired_cues(live(wrapped, at(20))))
    assert set(specs) == {"live:9:wrap"}  # no more reminders after the wrap
    w = specs["live:9:wrap"]
    assert w.due == at(20) and w.payload["shot"] == 4 and w.payload["unshot"] == []


# --------------------------------------------------------------------------- call changes


def test_call_changes_told_once_beyond_the_threshold_and_drift_accumulates():
    pc = calls()
    notices, known = C.call_changes(9, {}, pc, PEOPLE, at(4), 15)
    assert notices == [] and known[2] == C.KnownCall(at(8), 0)
    # +10: under the threshold, nothing told, nothing updated
    notices, upd = C.call_changes(9, known, calls(at(8, 10)), PEOPLE, at(6), 15)
    assert notices == [] and upd == {}
    # +20 in total now: told, seq 1
    notices, upd = C.call_changes(9, known, calls(at(8, 20)), PEOPLE, at(6, 30), 15)
    assert [n.key for n in notices] == ["notice:9:callchg:2:1"]
    n = notices[0]
    assert n.kind == C.CALL_CHANGED and n.scope == C.NOTICE_SCOPE and n.due == at(6, 30) and n.target == C.Target(user_id=2) and n.locale == "en-US"
    assert n.payload["old"] == at(8).isoformat() and n.payload["new"] == at(8, 20).isoformat() and n.payload["delta"] == 20
    known = {**known, **upd}
    # the same change recomputed: nothing new
    again, upd2 = C.call_changes(9, known, calls(at(8, 20)), PEOPLE, at(6, 31), 15)
    assert again == [] and upd2 == {}
    # back to 08:00 (e.g. /shoot back): a new change, seq 2
    back, upd3 = C.call_changes(9, known, calls(at(8)), PEOPLE, at(6, 32), 15)
    assert [x.key for x in back] == ["notice:9:callchg:2:2"] and upd3[2].seq == 2


def test_call_changes_before_the_ad_touches_the_day_are_the_call_sheets_business():
    known = {2: C.KnownCall(at(8), 0)}
    notices, upd = C.call_changes(9, known, calls(at(9)), PEOPLE, at(4), 15, live=False)
    assert notices == [] and upd == {1: C.KnownCall(at(5), 0), 3: C.KnownCall(at(5), 0)}  # only first-known calls


def test_call_changes_not_told_once_on_set_or_after_wrap():
    known = {2: C.KnownCall(at(8), 0)}
    notices, _ = C.call_changes(9, known, calls(at(9)), PEOPLE, at(8, 5), 15)
    assert notices == []
    notices, _ = C.call_changes(9, known, calls(at(9)), PEOPLE, at(7), 15, wrapped=True)
    assert notices == []
    # a call moving earlier is told too
    notices, _ = C.call_changes(9, known, calls(at(7, 30)), PEOPLE, at(7), 15)
    assert notices[0].payload["delta"] == -30


# --------------------------------------------------------------------------- reconcile


def cue(id_: int, spec: C.CueSpec, status: str = "pending", **kw) -> C.Cue:
    return C.Cue(id_, 1, 9, spec.scope, spec.key, spec.kind, spec.due, spec.target, spec.locale, spec.payload, status, spec.expires, **kw)


def spec(k: str, due: datetime, **kw) -> C.CueSpec:
    return C.CueSpec(k, C.CALL, due, C.Target(user_id=1), "zh-CN", kw.pop("payload", {"x": 1}), kw.pop("expires", None))


def test_reconcile_inserts_retimes_cancels_and_never_touches_sent():
    now = at(6)
    existing = [
        cue(1, spec("a", at(7))),  # unchanged
        cue(2, spec("b", at(7))),  # re-timed
        cue(3, spec("c", at(7))),  # no longer wanted
        cue(4, spec("d", at(5)), "sent"),  # sent: never touched even if "wanted" differently
        cue(5, spec("e", at(7)), "cancelled"),  # wanted again: revived
        cue(6, spec("f", at(7)), "sending"),
        cue(7, spec("g", at(7), payload={"x": 1})),  # payload changed only
        cue(8, spec("h", at(5)), "skipped"),  # skipped and no longer wanted: left alone
    ]
    desired = [spec("a", at(7)), spec("b", at(7, 20)), spec("d", at(9)), spec("e", at(8)), spec("f", at(9)), spec("g", at(7), payload={"x": 2}), spec("new", at(8))]
    ch = C.reconcile(existing, desired, now)
    assert [s.key for s in ch.insert] == ["new"]
    assert [(i, s.key, s.due) for i, s in ch.update] == [(2, "b", at(7, 20)), (5, "e", at(8)), (7, "g", at(7))]
    assert ch.retimed == (2, 5) and ch.cancel == (3,)
    assert C.reconcile([cue(1, spec("a", at(7)))], [spec("a", at(7))], now).empty


def test_reconcile_leaves_out_expired_wishes_and_rejects_duplicate_keys():
    ch = C.reconcile([], [spec("late", at(5), expires=at(6)), spec("ok", at(5), expires=at(6, 30))], at(6))
    assert [s.key for s in ch.insert] == ["ok"]  # overdue but still useful: goes out at once
    with pytest.raises(ValueError):
        C.reconcile([], [spec("x", at(7)), spec("x", at(8))], at(6))
    assert (C.Changes(insert=(spec("x", at(7)),)) + C.Changes(cancel=(3,))).cancel == (3,)


def test_specs_compare_by_content():
    a = spec("k", at(7), payload={"a": 1, "b": [1, 2]})
    b = replace(a, payload={"b": [1, 2], "a": 1})
    assert a.same_as(b) and not a.same_as(replace(a, locale="en-US"))


# --------------------------------------------------------------------------- missed


def test_classify_missed_after_a_restart():
    now = at(12)
    items = [
        cue(1, spec("on_time", now - timedelta(seconds=30))),
        cue(2, spec("late", now - timedelta(minutes=9))),
        cue(3, spec("old", now - timedelta(minutes=11))),
        cue(4, spec("expired", now - timedelta(minutes=2), expires=now - timedelta(minutes=1))),
        cue(5, spec("future", now + timedelta(minutes=5))),
        cue(6, spec("sending_recent", now - timedelta(minutes=3)), "sending", claimed_at=now - timedelta(minutes=3)),
        cue(7, spec("sending_old", now - timedelta(hours=1)), "sending", claimed_at=now - timedelta(hours=1)),
        cue(8, spec("retry", now - timedelta(hours=2)), retry_at=now - timedelta(seconds=5)),
        cue(9, spec("sent", now - timedelta(hours=1)), "sent"),
    ]
    m = C.classify_missed(items, now, grace_minutes=10)
    assert [c.key for c in m.on_time] == ["on_time", "retry"]  # by when: a retry waits for its back-off
    assert [c.key for c in m.late] == ["late"]
    assert [c.key for c in m.skipped] == ["old", "expired"]
    # interrupted sends, however old: the engine checks Discord's history before sending any again
    assert [c.key for c in m.resend] == ["sending_old", "sending_recent"]
    assert m.abandoned == ()
    assert [c.key for c in m.summarised] == ["old", "expired"]
    sending_old = items[6]
    summary = C.missed_summary(1, [*m.summarised, sending_old], now, 101, "zh-CN", abandoned={sending_old.id})
    assert summary.kind == C.MISSED_SUMMARY and summary.target.channel_id == 101 and summary.payload["count"] == 3
    assert [i["abandoned"] for i in summary.payload["items"]] == [True, False, False]  # sorted by due: the 11:00 one first
    # owed messages (not timely: a call-sheet DM, a report) are never too late
    owed = C.classify_missed(items, now, grace_minutes=10, timely=lambda kind: False)
    assert {c.key for c in owed.on_time} == {"on_time", "late", "old", "expired", "retry"} and owed.skipped == ()
    assert summary.scope == C.SYSTEM_SCOPE and summary.due == now


def test_retry_backoff_then_give_up():
    assert C.retry_delay(1) == timedelta(seconds=30)
    assert C.retry_delay(2) == timedelta(minutes=2)
    assert C.retry_delay(3) is None
