"""Which cues the live day wants, who is told their call moved, reconcile and missed cues (pure)."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import cues as C
from bot.domain import progress as P
from bot.domain.callsheet import PersonCall
from bot.domain.cues import proposals
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
        Scene("4", "Courtroom", 540, position=4),
        Scene("5", "Courtroom", 60, position=5),
    ),
    id=9,
)
# Plan: 06:00 1 · 07:00 2 · 4 min walk · 08:04 3 · 09:04 4 (9 h) · supper 18:04-18:49 (34 min after
# its 17:30, the closest boundary: the next is 19:04) · 18:49 5 · wrap 19:49.
PEOPLE = {
    1: C.Person(1, "zh-CN", "lighting", "王强"),
    2: C.Person(2, "en-US", "cast", "Sarah Miller", reminder_minutes=90),
    3: C.Person(3, "zh-CN", "art", "黄磊", reminder_minutes=0),
}


def calls(actor_call: datetime = at(8)) -> dict[int, PersonCall]:
    return {
        1: PersonCall(1, at(5), "Villa", ()),
        2: PersonCall(2, actor_call, "Courtroom", ("3",), kind="cast"),
        3: PersonCall(3, at(5), "Villa", ()),
    }


def live(progress: P.Progress, now: datetime, **kw) -> C.LiveDay:
    proj = P.project(DAY, WALKS, progress, now)
    base = dict(production_id=1, day=DAY, projection=proj, channels=CH, language="zh-CN", sets=SETS, people=PEOPLE, calls=calls(), unconfirmed={1})
    base.update(kw)
    return C.LiveDay(**base)


def by_key(specs):
    return {s.key: s for s in specs}


def test_before_the_day_reminders_the_evening_chase_the_ads_phone_list_and_canteen_heads_up():
    specs = by_key(C.desired_cues(live(P.Progress(day_id=9), at(20, d=22))))
    assert set(specs) == {"live:9:call:1", "live:9:call:2", "live:9:unconfirmed:1", "live:9:unconfirmed_list", "live:9:meal_warning:supper"}
    r1 = specs["live:9:call:1"]
    assert (r1.kind, r1.due, r1.expires, r1.target, r1.locale) == (C.CALL, at(4), at(5), C.Target(user_id=1), "zh-CN")
    assert r1.payload["call"] == at(5).isoformat() and r1.payload["where"] == "Villa" and r1.payload["day_number"] == 2
    assert specs["live:9:call:2"].due == at(6, 30)  # personal override: 90 minutes before 08:00
    # 120 min before the 05:00 call is 03:00, in the quiet hours (23:00 to 2 h before the 06:00 general
    # call): the chase goes out the evening before, at 22:00
    assert specs["live:9:unconfirmed:1"].due == at(22, d=22)
    phone = specs["live:9:unconfirmed_list"]
    assert phone.kind == C.UNCONFIRMED_LIST and phone.due == at(23, d=22) and phone.target.channel_id == 101
    assert phone.payload["people"] == [{"user_id": 1, "name": "王强", "call": at(5).isoformat(), "department": "lighting"}]
    warn = specs["live:9:meal_warning:supper"]
    assert warn.target.channel_id == 105 and warn.payload["meal"] == "supper" and warn.payload["start"] == at(18, 4).isoformat()
    assert warn.due == at(17, 4) and warn.expires == at(18, 4)  # an hour ahead (canteen_lead_minutes)
    # once quiet hours have begun the chase is not sent at all: the AD phones
    late = by_key(C.desired_cues(live(P.Progress(day_id=9), at(23, 30, d=22))))
    assert "live:9:unconfirmed:1" not in late and "live:9:unconfirmed_list" in late


def test_keys_are_stable_when_the_day_slips():
    before = by_key(C.desired_cues(live(P.Progress(day_id=9), at(4))))
    slipped = by_key(C.desired_cues(live(P.adjust(P.Progress(day_id=9), 20), at(4), calls=calls(at(8, 20)))))
    assert set(before) == set(slipped)
    assert slipped["live:9:call:2"].due - before["live:9:call:2"].due == timedelta(minutes=20)
    assert slipped["live:9:meal_warning:supper"].due - before["live:9:meal_warning:supper"].due == timedelta(minutes=20)


def test_next_set_notice_and_prelight_when_the_scene_before_a_company_move_starts():
    prog = P.advance(DAY, WALKS, P.start(DAY, WALKS, P.Progress(day_id=9), at(6)), at(7))
    specs = by_key(C.desired_cues(live(prog, at(7))))
    nxt = specs["live:9:nextset:3"]
    assert nxt.kind == C.NEXT_SET and nxt.due == at(7) and nxt.target == C.Target(channel_id=100)
    assert {k: nxt.payload[k] for k in ("set", "building", "road", "walk", "scene", "after")} == {
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


def test_company_move_says_what_moves_when_it_begins():
    sets = {**SETS, "Courtroom": replace(SETS["Courtroom"], base="Building 3 makeup room", generator=True, vehicles="grip truck")}
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))
    prog = P.advance(DAY, WALKS, P.advance(DAY, WALKS, prog, at(7)), at(8, 10))
    specs = by_key(C.desired_cues(live(prog, at(8, 10), sets=sets)))
    move = specs["live:9:move:3"]
    assert move.kind == C.COMPANY_MOVE and move.due == at(8, 10) and move.payload["from_set"] == "Villa"
    assert move.payload["about"] == at(8, 14).isoformat() and move.payload["walk"] == 4
    assert (move.payload["base"], move.payload["generator"], move.payload["vehicles"]) == ("Building 3 makeup room", True, "grip truck")
    assert not any(k.startswith("live:9:nextset") for k in specs)  # scene 4 is on the same set


def test_a_set_move_in_the_same_building_is_one_line_and_pings_nobody():
    """Villa living room -> Villa bedroom: same building, a 1-minute walk (under 5): 换景."""
    day = replace(DAY, scenes=(Scene("1", "Living", 60, position=1), Scene("2", "Bedroom", 60, position=2, needs={"lighting": "dusk"}),
                                Scene("3", "Bedroom", 60, position=3)))
    sets = {"Living": SetLocation("Living", "Building 1", "Qinhuai Road"), "Bedroom": SetLocation("Bedroom", "Building 1", "Qinhuai Road")}
    walks = [Walk("Living", "Bedroom", 1)]
    prog = P.start(day, walks, P.Progress(day_id=9), at(6))
    during = C.desired_cues(C.LiveDay(1, day, P.project(day, walks, prog, at(6)), CH, "zh-CN", sets, PEOPLE, {}, None))
    assert not [s for s in during if s.kind in (C.NEXT_SET, C.PRELIGHT)]  # nothing ahead of a set move
    moved = P.advance(day, walks, prog, at(7))
    specs = C.desired_cues(C.LiveDay(1, day, P.project(day, walks, moved, at(7)), CH, "zh-CN", sets, PEOPLE, {}, None))
    assert [(s.key, s.kind, s.due, s.target.channel_id) for s in specs if s.kind in (C.SET_MOVE, C.COMPANY_MOVE, C.PRELIGHT, C.NEXT_SET)] == [
        ("live:9:setmove:2", C.SET_MOVE, at(7), 100)]
    # the sets table asks for lighting ahead even for a set move: lighting alone is sent ahead
    asked = {**sets, "Bedroom": replace(sets["Bedroom"], prelight=("lighting",))}
    specs = C.desired_cues(C.LiveDay(1, day, P.project(day, walks, prog, at(6)), CH, "zh-CN", asked, PEOPLE, {}, None))
    assert [(s.key, s.target.channel_id) for s in specs if s.kind == C.PRELIGHT] == [("live:9:prelight:lighting:2", 103)]
    # a 6-minute walk (over the 5-minute threshold) is a company move even in the same building
    far = [Walk("Living", "Bedroom", 6)]
    specs = C.desired_cues(C.LiveDay(1, day, P.project(day, far, P.advance(day, far, prog, at(7)), at(7)), CH, "zh-CN", sets, PEOPLE, {}, None))
    assert [s.kind for s in specs if s.kind in (C.SET_MOVE, C.COMPANY_MOVE)] == [C.COMPANY_MOVE]


def test_meals_the_ad_calls_and_the_return_and_one_wrap():
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))
    for t in (at(7), at(8), at(9, 4)):
        prog = P.advance(DAY, WALKS, prog, t)
    prog = P.call_meal(DAY, prog, at(17, 40))  # supper, 45 min, in the middle of scene 4
    specs = by_key(C.desired_cues(live(prog, at(17, 40))))
    meal, canteen = specs["live:9:meal:supper"], specs["live:9:meal_canteen:supper"]
    assert meal.kind == C.MEAL and meal.due == at(17, 40) and meal.target.channel_id == 100 and meal.payload["minutes"] == 45
    assert meal.payload["end"] == at(18, 25).isoformat() and meal.expires == at(18, 25)
    assert canteen.target.channel_id == 105 and canteen.payload["to"] == "canteen"
    assert "live:9:meal_warning:supper" not in specs
    back = P.resume(prog, at(18, 20))
    ret = by_key(C.desired_cues(live(back, at(18, 20))))["live:9:return:supper"]
    assert ret.kind == C.MEAL_RETURN and ret.due == at(18, 20) and ret.payload["scene"] == "4"
    # moving on during the break ends it without a "back on set" message (the AD did not call it)
    moved_on = P.advance(DAY, WALKS, prog, at(18, 20))
    assert "live:9:return:supper" not in by_key(C.desired_cues(live(moved_on, at(18, 20))))
    wrapped = P.wrap(back, at(20))
    specs = by_key(C.desired_cues(live(wrapped, at(20))))
    assert set(specs) == {"live:9:wrap"}  # no more reminders, meals or re-plans after the wrap: ONE wrap message
    w = specs["live:9:wrap"]
    assert w.due == at(20) and w.payload["shot"] == 4 and w.payload["unshot"] == ["5"] and w.payload["behind"] == 11


def test_an_overrun_is_re_planned_on_a_clock_cue():
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))  # scene 1 ends 07:00 by its estimate
    spec = by_key(C.desired_cues(live(prog, at(6, 10))))
    replan = [s for s in spec.values() if s.kind == C.REPLAN]
    assert [(s.key, s.due) for s in replan] == [("live:9:replan:20261122T2305Z", at(7, 5))]
    over = [s for s in C.desired_cues(live(prog, at(7, 12))) if s.kind == C.REPLAN]
    assert [s.due for s in over] == [at(7, 15)]  # every 5 minutes of the clock while it runs over
    assert not [s for s in C.desired_cues(live(P.Progress(day_id=9), at(5))) if s.kind == C.REPLAN]


# --------------------------------------------------------------------------- call changes


def test_call_changes_told_once_beyond_the_threshold_and_drift_accumulates():
    ch = C.call_changes(9, {}, calls(), PEOPLE, at(4), 15)
    assert ch.notices == [] and ch.updates[2] == C.KnownCall(at(8), 0)
    known = ch.updates
    # +10: under the threshold, nothing told, nothing updated
    ch = C.call_changes(9, known, calls(at(8, 10)), PEOPLE, at(6), 15)
    assert ch.notices == [] and ch.updates == {}
    # +20 in total now: told, seq 1
    ch = C.call_changes(9, known, calls(at(8, 20)), PEOPLE, at(6, 30), 15)
    assert [n.key for n in ch.notices] == ["notice:9:callchg:2:1"]
    n = ch.notices[0]
    assert n.kind == C.CALL_CHANGED and n.scope == C.NOTICE_SCOPE and n.due == at(6, 30) and n.target == C.Target(user_id=2) and n.locale == "en-US"
    assert n.payload["old"] == at(8).isoformat() and n.payload["new"] == at(8, 20).isoformat() and n.payload["delta"] == 20
    known = {**known, **ch.updates}
    # the same change recomputed: nothing new
    again = C.call_changes(9, known, calls(at(8, 20)), PEOPLE, at(6, 31), 15)
    assert again.notices == [] and again.updates == {}
    # back to 08:00 (e.g. /shoot back): a new change, seq 2
    back = C.call_changes(9, known, calls(at(8)), PEOPLE, at(6, 32), 15)
    assert [x.key for x in back.notices] == ["notice:9:callchg:2:2"] and back.updates[2].seq == 2


def test_cast_call_changes_wait_for_the_ad():
    known = {1: C.KnownCall(at(5)), 2: C.KnownCall(at(8)), 3: C.KnownCall(at(5))}
    ch = C.call_changes(9, known, calls(at(8, 40)), PEOPLE, at(6, 30), 15, cast_approval=True)
    assert ch.notices == [] and ch.updates == {} and list(ch.cast) == [2]
    waiting = proposals.pending(ch.cast, {}, 15)
    assert waiting == {2: proposals.Item(2, at(8), at(8, 40))}
    assert proposals.needs_proposal(waiting, None, 15)
    open_ = proposals.Proposal(5, 9, proposals.OPEN, (proposals.Item(2, at(8), at(8, 40)),), at(6, 30))
    # the projection drifts 5 more minutes: the open proposal still says it
    drift = proposals.pending(C.call_changes(9, known, calls(at(8, 45)), PEOPLE, at(6, 35), 15, cast_approval=True).cast, {}, 15)
    assert not proposals.needs_proposal(drift, open_, 15)
    # 20 more minutes: a new proposal replaces it
    more = proposals.pending(C.call_changes(9, known, calls(at(9, 0)), PEOPLE, at(6, 40), 15, cast_approval=True).cast, {}, 15)
    assert proposals.needs_proposal(more, open_, 15)
    # held at 08:40: not proposed again until the call moves more than the threshold from there
    assert proposals.pending(ch.cast, {2: at(8, 40)}, 15) == {}
    cue = proposals.proposal_cue(live(P.Progress(day_id=9), at(6, 30)), 5, list(waiting.values()), at(6, 30))
    assert cue.kind == C.CAST_PROPOSAL and cue.key == "notice:9:proposal:5" and cue.target.channel_id == 101
    assert cue.payload["items"] == [{"user_id": 2, "name": "Sarah Miller", "old": at(8).isoformat(), "new": at(8, 40).isoformat(), "delta": 40}]


def test_a_call_change_is_urgent_even_in_quiet_hours():
    live_day = C.LiveDay(1, DAY, P.project(DAY, WALKS, P.Progress(day_id=9), at(1)), CH, "zh-CN", rules=C.Rules())
    assert (live_day.quiet_window().start, live_day.quiet_window().end) == (at(23, d=22), at(4))
    ch = C.call_changes(9, {2: C.KnownCall(at(8))}, calls(at(7, 30)), PEOPLE, at(1), 15)
    assert [n.due for n in ch.notices] == [at(1)]  # a call moving earlier must be known at once


def test_call_changes_before_the_ad_touches_the_day_are_the_call_sheets_business():
    known = {2: C.KnownCall(at(8), 0)}
    ch = C.call_changes(9, known, calls(at(9)), PEOPLE, at(4), 15, live=False)
    assert ch.notices == [] and ch.updates == {1: C.KnownCall(at(5), 0), 3: C.KnownCall(at(5), 0)}  # only first-known calls


def test_call_changes_not_told_once_on_set_or_after_wrap():
    known = {2: C.KnownCall(at(8), 0)}
    assert C.call_changes(9, known, calls(at(9)), PEOPLE, at(8, 5), 15).notices == []
    assert C.call_changes(9, known, calls(at(9)), PEOPLE, at(7), 15, wrapped=True).notices == []
    # a call moving earlier is told too
    assert C.call_changes(9, known, calls(at(7, 30)), PEOPLE, at(7), 15).notices[0].payload["delta"] == -30


# --------------------------------------------------------------------------- canteen, windows, no meal


def test_the_canteen_is_corrected_when_the_meal_moves_after_its_heads_up():
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))
    for t in (at(7), at(8), at(9, 4)):
        prog = P.advance(DAY, WALKS, prog, t)
    told = {"supper": (at(18, 4), 0)}  # the heads-up went out for 18:04
    assert C.meal_corrections(live(prog, at(17, 10)), told, now=at(17, 10)) == []  # on time
    # /shoot delay 30 on scene 4: supper now projected 18:34, 30 min after what the canteen heard
    late = live(P.adjust(prog, 30), at(17, 12))
    fix = C.meal_corrections(late, told, now=at(17, 12))
    assert [(c.key, c.kind, c.due, c.target.channel_id) for c in fix] == [("notice:9:mealmoved:supper:1", C.MEAL_MOVED, at(17, 12), 105)]
    assert fix[0].payload["old"] == at(18, 4).isoformat() and fix[0].payload["start"] == at(18, 34).isoformat()
    # once told 18:34, a 10 min drift is not worth a message; a called meal needs none
    assert C.meal_corrections(late, {"supper": (at(18, 34), 1)}, now=at(17, 13)) == []
    assert C.meal_corrections(live(P.call_meal(DAY, prog, at(17, 20)), at(17, 20)), told, now=at(17, 20)) == []
    # the day wraps before supper: the canteen hears it is off
    gone = C.meal_corrections(live(P.wrap(prog, at(17)), at(17)), told, now=at(17))
    assert gone[0].payload["start"] is None and gone[0].payload["old"] == at(18, 4).isoformat()


def test_a_scene_pushed_out_of_its_window_is_told_once_with_by_how_much():
    """The courtroom is booked 08:00-20:00 (another crew has it after). On the plan scene 5 ends
    19:49, inside. A 90 min delay on scene 3 (rolled 08:04): 3 ends 10:34, 4 runs to 19:34, supper
    19:34-20:19, 5 20:19-21:19: 79 min past the window."""
    sets = {**SETS, "Courtroom": replace(SETS["Courtroom"], window="08:00-20:00")}
    prog = P.advance(DAY, WALKS, P.advance(DAY, WALKS, P.start(DAY, WALKS, P.Progress(day_id=9), at(6)), at(7)), at(8))
    assert C.window_alerts(live(prog, at(8), sets=sets)) == []  # on plan: 5 ends 19:49, inside
    pushed = live(P.adjust(prog, 90), at(8, 5), sets=sets)  # scene 3 + 90 min: 5 ends 21:19
    alerts = C.window_alerts(pushed)
    assert [(a.key, a.kind, a.target.channel_id) for a in alerts] == [("notice:9:window:5:window", C.WINDOW, 101)]
    assert alerts[0].payload["minutes"] == 79 and alerts[0].payload["closes"] == at(20).isoformat()


def test_the_ad_is_warned_once_when_the_projection_runs_over_six_hours_without_a_meal():
    prog = P.start(DAY, WALKS, P.Progress(day_id=9), at(6))
    alerts = C.no_meal_alerts(live(prog, at(6)))
    assert [(a.key, a.kind, a.target.channel_id) for a in alerts] == [("notice:9:nomeal:start", C.NO_MEAL, 101)]
    assert alerts[0].payload["start"] == at(6).isoformat() and alerts[0].payload["end"] == at(18, 4).isoformat()
    assert alerts[0].payload["minutes"] == 12 * 60 + 4 and alerts[0].payload["before"] == "supper"
    assert C.no_meal_alerts(live(P.Progress(day_id=9), at(5))) == []  # only once the day is being shot


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
