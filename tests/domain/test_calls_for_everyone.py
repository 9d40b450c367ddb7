"""Calls a 统筹 would write, for everyone on the sheet: every actor (on Discord or not) with pickup,
makeup, rehearsal and on-set times, rounded and never later than the work they feed; crew call vs
shooting call; base departments; extras; the makeup check; revisions that reach exactly the people
they change and mark the revised rows."""

from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain.callsheet import (
    CallRules,
    CallSheet,
    Delivery,
    actor_calls,
    affected,
    build_callsheet,
    diff_for_actor,
    floor_to,
    makeup_check,
    plan_deliveries,
    planned_scene_starts,
)
from bot.domain.castlist import Contact, Extras
from bot.domain.plan import CastRole, Scene, ShootDay, move_scene
from bot.domain.stripboard import parse_stripboard
from bot.settings import DEFAULT_CALL_OFFSETS
from tests.plan_fixtures import DEMO, SHANGHAI, crew, uid


def at(h: int, m: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, h, m, tzinfo=SHANGHAI)


def demo():
    return parse_stripboard(DEMO.read_bytes(), "demo.csv", production_id=1, tz=SHANGHAI, crew=crew())


def sheet(day: ShootDay, plan, *, version: int = 1, previous: CallSheet | None = None, rules: CallRules = CallRules(), people=None) -> CallSheet:
    return build_callsheet(production_id=1, production_code="CEO1", production_name="总裁的契约新娘", timezone="Asia/Shanghai", day=day,
                           crew=people if people is not None else crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS,
                           version=version, rules=rules, contacts=plan.contacts, previous=previous)


def test_floor_to_the_step():
    assert floor_to(at(5, 58), 5) == at(5, 55) and floor_to(at(5, 55), 5) == at(5, 55) and floor_to(at(5, 58), 15) == at(5, 45)
    assert floor_to(at(5, 58, ) + timedelta(seconds=40), 1) == at(5, 58)


def test_every_actor_is_on_the_sheet_with_rounded_times_whether_or_not_on_discord():
    plan = demo()
    s = sheet(plan.days[0], plan)
    assert len(s.cast) == 12 and [c.number for c in s.cast] == [str(i) for i in range(1, 13)]  # in cast-number order
    assert {c.actor for c in s.not_on_discord} == {"王建国 Wang Jianguo", "李秀英 Li Xiuying", "徐凯 Xu Kai", "赵刚 Zhao Gang",
                                                    "周正 Zhou Zheng", "Tom Baker", "张阿姨 Auntie Zhang", "刘大伟 Liu Dawei"}
    for c in s.cast:
        for t in (c.pickup, c.makeup, c.rehearsal, c.on_set, c.ready, c.call):
            assert t is None or (t.minute % 5 == 0 and t.second == 0), (c.actor, t)
        first = s.scene(c.scenes[0])
        assert c.on_set <= first.start and c.ready <= c.on_set  # never later than the work they feed
        assert c.makeup is None or c.makeup + timedelta(minutes=c.makeup_minutes) <= c.ready
        assert c.pickup is None or c.pickup < c.call
    lin = s.actor("林晓 Lin Xiao")
    assert (lin.pickup, lin.makeup, lin.rehearsal, lin.on_set) == (at(3, 55), at(4, 15), at(5, 45), at(6, 0))
    assert lin.pickup_place.startswith("横店国贸") and lin.where == plan.days[0].base and lin.status == "lead"
    doctor = s.actor("王建国 Wang Jianguo")
    assert doctor.user_id is None and doctor.phone == "139 0579 1101" and doctor.pickup is None and doctor.characters == ("医生",)
    assert doctor.alt_characters == ("Doctor",)
    # a scene starting at 07:43 gives an on-set time of 07:40, not 07:45
    xu = s.actor("徐凯 Xu Kai")
    assert s.scene("1-4").start == at(7, 21) and xu.on_set == at(7, 20) and xu.rehearsal == at(7, 5)


def test_an_earlier_on_set_time_from_the_cast_table_wins_a_later_one_is_ignored():
    plan = demo()
    day = plan.days[0]
    early = replace(day, cast=tuple(replace(m, on_set=at(5, 0)) if m.actor == "王建国 Wang Jianguo" else
                                    replace(m, on_set=at(12, 0)) if m.actor == "周正 Zhou Zheng" else m for m in day.cast))
    s = sheet(early, plan)
    assert s.actor("王建国 Wang Jianguo").ready == at(5, 0) and s.actor("王建国 Wang Jianguo").makeup == at(4, 30)
    judge = s.actor("周正 Zhou Zheng")
    assert judge.ignored_on_set == at(12, 0) and judge.ready < s.scene("2-9").start


def test_crew_call_and_shooting_call_are_distinct_and_department_calls_feed_the_work():
    plan = demo()
    day = plan.days[0]
    s = sheet(day, plan)
    assert s.general_call == at(5, 30) and s.first_shot == at(6, 0) and s.scenes[0].start == at(6, 0)
    depts = {d.department: d for d in s.department_calls}
    assert depts["lighting"].call == at(4, 30)  # 60 before the crew call
    assert depts["makeup"].call == at(4, 0) and depts["makeup"].where == day.base  # and before the first actor's makeup (04:15)
    assert depts["wardrobe"].call == at(4, 15) and depts["wardrobe"].where == day.base  # 04:15, the lead actress's makeup
    assert depts["canteen"].where == "" and depts["lighting"].where == "医院病房"  # the canteen is not called to the makeup room
    # a department call that would come after its first scene is pulled back to it
    late = sheet(day, plan, rules=CallRules())
    offsets = {**DEFAULT_CALL_OFFSETS, "sound": 120}
    later = build_callsheet(production_id=1, production_code="C", production_name="P", timezone="Asia/Shanghai", day=day, crew=crew(),
                            sets=plan.sets, walks=plan.walks, offsets=offsets)
    assert {d.department: d.call for d in later.department_calls}["sound"] == at(6, 0) == late.first_shot
    # the base departments are a setting
    only_makeup = sheet(day, plan, rules=CallRules(base_departments=("makeup",)))
    assert {d.department: d.where for d in only_makeup.department_calls}["wardrobe"] == "医院病房"


def test_department_table_agrees_with_personal_calls():
    plan = demo()
    day = plan.days[0]
    overridden = build_callsheet(production_id=1, production_code="C", production_name="P", timezone="Asia/Shanghai", day=day,
                                 crew=crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS,
                                 overrides={uid("陈静"): at(3, 45)})
    makeup = next(d for d in overridden.department_calls if d.department == "makeup")
    assert makeup.call == at(4, 0) and makeup.exceptions == (("陈静 Chen Jing", at(3, 45)),)
    for d in overridden.department_calls:
        for p in overridden.people:
            if p.department == d.department:
                assert p.call == d.call or (p.name, p.call) in d.exceptions


def test_extras_groups_calls_and_totals():
    plan = demo()
    day = plan.days[0]
    s = sheet(day, plan)
    groups = {e.description: e for e in s.extras}
    court = groups["法庭旁听 courtroom gallery"]
    assert court.count == 40 and court.scenes == ("2-9", "2-10", "2-11") and court.call == floor_to(s.scene("2-9").start - timedelta(minutes=60), 5)
    assert [n for _, n in s.extras_totals()] == [4, 40, 6] and sum(n for _, n in s.extras_totals()) == 50
    # the day's extras call is the first group's when it is early enough; a later one is not used
    s2 = sheet(replace(day, extras_call=at(5, 30)), plan)
    first = min(s2.extras, key=lambda e: e.first_start)
    assert first.call == at(5, 30) and not first.late_day_call
    s3 = sheet(replace(day, extras_call=at(9, 0)), plan)
    first = min(s3.extras, key=lambda e: e.first_start)
    assert first.call == at(5, 50) and first.late_day_call


def test_makeup_check_finds_the_actor_the_artists_cannot_finish():
    plan = demo()
    s = sheet(plan.days[0], plan)
    makeup = next(d for d in s.department_calls if d.department == "makeup")
    late = makeup_check(s.cast, 2, makeup.call)
    assert [x.actor for x in late] == ["王建国 Wang Jianguo"] and late[0].minutes == 30
    assert makeup_check(s.cast, 3, makeup.call) == []
    assert len(makeup_check(s.cast, 0)) == len([c for c in s.cast if c.makeup is not None])


def test_the_snapshot_keeps_everything():
    plan = demo()
    s = sheet(plan.days[0], plan)
    assert CallSheet.from_json(s.to_json()) == s and s.contact("coordinator") == Contact("coordinator", "周敏 Zhou Min", "138 0579 0003")
    v2 = sheet(move_scene(plan.days[0], "2-11", 8), plan, version=2, previous=s)
    assert CallSheet.from_json(v2.to_json()) == v2 and v2.changes


def rotate_living_room(day: ShootDay) -> ShootDay:
    """1-7, 1-8, 1-9 (the villa living room, 140 minutes together, between lunch and supper) shot as
    1-9, 1-7, 1-8: only those three move."""
    return move_scene(day, "1-9", next(s.position for s in day.scenes if s.number == "1-7"))


#: No time for costume changes: the rotation below puts 苏晚's change of coat (1-9 -> 1-7) back to back,
#: which holds 1-7 and so everything after it (test_the_rotation_puts_a_change_back_to_back).
NO_CHANGE_TIME = CallRules(change_minutes=(("wardrobe", 0), ("makeup", 0)))


def test_the_rotation_puts_a_change_back_to_back():
    plan = demo()
    day = plan.days[0]
    v1, v2 = sheet(day, plan), sheet(rotate_living_room(day), plan, version=2)
    # 1-9 -> 1-7: 苏晚 comes straight from 1-9 and changes into 1-7's coat (wardrobe, 10 minutes; same set, no
    # walk to run it alongside): 1-7 rolls 10 minutes after 1-9 ends, and everything after it is 10 minutes later
    assert v2.scene("1-7").start == v2.scene("1-9").start + timedelta(minutes=45 + 10)
    assert v2.scene("1-10").start - v1.scene("1-10").start == timedelta(minutes=10)


def test_a_revision_moving_three_scenes_reaches_exactly_the_people_they_touch():
    plan = demo()
    day = plan.days[0]
    v1 = sheet(day, plan, rules=NO_CHANGE_TIME)
    v2 = sheet(rotate_living_room(day), plan, version=2, previous=v1, rules=NO_CHANGE_TIME)
    moved = {"1-7", "1-8", "1-9"}
    assert {s.number for s in v2.scenes if s.start != v1.scene(s.number).start} == moved  # nothing else moves
    # the actors in them (He Meiling's first scene is now earlier), wardrobe and art (needs in all three), lighting (1-8)
    touched = {uid(n) for n in ("林晓", "顾辰", "何美玲", "孙丽", "黄磊", "王强", "刘洋", "Somchai")}
    assert set(affected(v1, v2)) == touched
    plans = {p.user_id: p for p in plan_deliveries(v1, {p.user_id: Delivery(i, 1, p.user_id, p.department, p.call, "confirmed", True)
                                                         for i, p in enumerate(v1.people)}, v2)}
    assert {u for u, p in plans.items() if p.notify} == touched
    lin = affected(v1, v2)[uid("林晓")]
    assert "callsheet.change.reordered" in {c.key for c in lin} and "callsheet.change.call" not in {c.key for c in lin}
    # the sheet: the rows marked and the changes box
    assert set(v2.revised) == moved
    keys = [c.key for c in v2.changes]
    assert keys.count("callsheet.sheet_change.scene_time") == 3 and "callsheet.sheet_change.scene_position" in keys
    # the AD's phone list: the two day players in those scenes
    phone = {c.actor for c in v2.cast if c.user_id is None and diff_for_actor(v1, v2, c.actor)}
    assert phone == {"张阿姨 Auntie Zhang"}
    assert "何美玲 He Meiling" in v2.revised_cast and "Sarah Miller" not in v2.revised_cast


def test_small_moves_bother_nobody_but_do_not_add_up_unseen():
    plan = demo()
    day = plan.days[0]
    day = replace(day, lunch_start=None, supper_start=None, late_start=None)  # no meal to absorb a slip
    v1 = sheet(day, plan)
    nudged = replace(day, shooting_call=at(6, 10))  # every scene 10 minutes later: under the 15-minute threshold
    v2 = sheet(nudged, plan, version=2, previous=v1)
    assert affected(v1, v2) == {} and v2.revised == () and [c.key for c in v2.changes] == ["callsheet.sheet_change.shooting_call"]
    v3 = sheet(replace(day, shooting_call=at(6, 20)), plan, version=3, previous=v2)
    assert affected(v2, v3) == {}  # 10 more minutes since v2 ...
    everyone = affected(v2, v3, received={u: v1 for u in (p.user_id for p in v1.people)})  # ... but 20 since what they received
    assert uid("林晓") in everyone and [c.key for c in everyone[uid("林晓")]][0] == "callsheet.change.call"


def test_old_sheets_without_the_new_fields_still_read():
    plan = demo()
    s = sheet(plan.days[0], plan)
    import json

    data = json.loads(s.to_json())
    for k in ("cast", "extras", "contacts", "changes", "revised", "revised_cast", "shooting_call", "extras_holding", "parking", "alt_notes"):
        data.pop(k)
    for line in data["scenes"]:
        line.pop("extras")
        line.pop("alt_synopsis")
    old = CallSheet.from_json(json.dumps(data))
    assert old.cast == () and old.first_shot == old.general_call and old.scenes[0].extras == ()


def test_a_scene_typed_in_discord_with_an_actor_not_on_the_cast_table_still_gets_times():
    day = ShootDay(1, at(6).date(), 1, 1, at(6), scenes=(Scene("1", "A", 30, position=1, cast=(CastRole("X", "Someone New"),),
                                                              extras=(Extras(3, "路人"),)),))
    [c] = actor_calls(day, planned_scene_starts(day))
    assert c.on_set == at(6) and c.makeup == at(4, 45) and c.number == "" and c.user_id is None
