from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain.callsheet import (
    CallSheet,
    floor_to,
    Delivery,
    affected,
    build_callsheet,
    compute_calls,
    diff_for_person,
    planned_scene_starts,
    plan_deliveries,
)
from bot.domain.plan import Scene, ShootDay, Walk, add_scene, move_scene
from bot.settings import DEFAULT_CALL_OFFSETS, SafetySettings
from tests.plan_fixtures import SHANGHAI, crew, sample_plan, uid

GC = datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI)


def at(h: int, m: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, h, m, tzinfo=SHANGHAI)


def sheet_for(day: ShootDay, version: int = 1, overrides=None, plan=None) -> CallSheet:
    plan = plan or sample_plan()
    return build_callsheet(
        production_id=1, production_code="CEO1", production_name="总裁的契约新娘", timezone="Asia/Shanghai", day=day, crew=crew(),
        sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS,
        safety=SafetySettings("横店人民医院", "万盛南街 99 号", "0579-8658 0120", ("王 138",)), overrides=overrides, version=version,
    )


def tiny_day() -> ShootDay:
    scenes = (
        Scene("1", "A", 30, position=1),
        Scene("2", "B", 60, position=2),
        Scene("3", "B", 60, position=3),
    )
    return ShootDay(1, GC.date(), 1, 6, GC, supper_start=at(7, 20), supper_minutes=45, scenes=scenes)


def test_planned_starts_add_walks_and_take_the_meal_break():
    starts = planned_scene_starts(tiny_day(), [Walk("A", "B", 10)])
    assert starts["1"] == at(6, 0)
    # 1 ends 06:30, 10 min walk: the crew could stop at 06:40 (40 min before supper at 07:20) or
    # after scene 2 at 07:40 (20 min after): supper is taken at 07:40, the closest, never by waiting
    assert starts["2"] == at(6, 40) and starts["3"] == at(8, 25)
    # supper planned 06:45: 06:40 is 5 min early, the closest boundary
    early = replace(tiny_day(), supper_start=at(6, 45))
    assert planned_scene_starts(early, [Walk("A", "B", 10)])["2"] == at(7, 25)


def test_department_calls_follow_general_call():
    day = sample_plan().days[0]
    calls = compute_calls(day, crew(), DEFAULT_CALL_OFFSETS)
    gaffer = uid("王强")
    assert calls[gaffer].call == GC - timedelta(minutes=60) and calls[gaffer].kind == "department"
    assert calls[gaffer].where == day.scenes[0].set_name
    later = replace(day, general_call=GC + timedelta(minutes=30))
    assert compute_calls(later, crew(), DEFAULT_CALL_OFFSETS)[gaffer].call == GC - timedelta(minutes=30)
    # makeup reports to the unit base, and its scenes are the ones with a makeup need
    makeup = calls[uid("陈静")]
    assert makeup.where == day.base and "1-2" in makeup.scenes and "1-3" not in makeup.scenes


def test_cast_calls_come_from_their_first_scene_and_makeup_time():
    day = sample_plan().days[0]
    calls = compute_calls(day, crew(), DEFAULT_CALL_OFFSETS, walks=sample_plan().walks)
    lin = calls[uid("林晓")]
    # on set at her first scene, ready a 15-minute rehearsal (走戏) before it, made up before that
    assert lin.kind == "cast" and lin.on_set == GC and lin.rehearsal == GC - timedelta(minutes=15)
    assert lin.makeup == GC - timedelta(minutes=15 + 90) == lin.call
    assert lin.pickup == lin.makeup - timedelta(minutes=20) and "苏晚 Su Wan" in lin.characters
    he = calls[uid("何美玲")]
    starts = planned_scene_starts(day, sample_plan().walks)
    assert he.on_set == floor_to(starts["1-9"], 5) and he.on_set.minute % 5 == 0  # not in any scene before 1-9
    # a slipping day moves cast calls
    slipped = {n: t + timedelta(minutes=40) for n, t in starts.items()}
    moved = compute_calls(day, crew(), DEFAULT_CALL_OFFSETS, scene_starts=slipped, walks=sample_plan().walks)
    assert moved[uid("何美玲")].call == he.call + timedelta(minutes=40)
    assert moved[uid("王强")].call == calls[uid("王强")].call


def test_uncalled_cast_are_left_out_and_overrides_win():
    day = sample_plan().days[0]
    no_he = replace(day, scenes=tuple(s for s in day.scenes if not s.has_actor(uid("何美玲"))))
    calls = compute_calls(no_he, crew(), DEFAULT_CALL_OFFSETS, overrides={uid("王强"): at(4, 15)})
    assert uid("何美玲") not in calls
    assert calls[uid("王强")].call == at(4, 15) and calls[uid("王强")].kind == "override"


def test_sheet_snapshot_round_trips():
    sheet = sheet_for(sample_plan().days[0])
    again = CallSheet.from_json(sheet.to_json())
    assert again == sheet
    assert len(sheet.scenes) == 25 and sheet.hospital == "横店人民医院"
    assert sheet.moves and sheet.est_wrap is not None and sheet.est_wrap > sheet.general_call


def test_diffs_name_only_what_changed_for_each_person():
    plan = sample_plan()
    day = plan.days[0]
    v1 = sheet_for(day, plan=plan)
    # the AD moves scene 2-8 (Sarah Miller's first scene) to the end of the day
    v2 = sheet_for(move_scene(day, "2-8", 99), version=2, plan=plan)
    sarah = diff_for_person(v1, v2, uid("Sarah"))
    keys = [c.key for c in sarah]
    # her call hardly moves (2-9 now starts where 2-8 did), but her scenes were reordered and moved
    assert "callsheet.change.call" not in keys and "callsheet.change.reordered" in keys
    assert any(c.key == "callsheet.change.scene_time" and c.params["scene"] == "2-8" for c in sarah)
    assert diff_for_person(v1, v2, uid("周敏")) == []  # the AD's call is relative to general call and no scene is theirs
    # the gaffer's call did not move, but the scenes lighting works on did (by 45 minutes)
    gaffer = diff_for_person(v1, v2, uid("王强"))
    assert gaffer and {c.key for c in gaffer} == {"callsheet.change.scene_time"}
    # a scene moved to another set
    moved = replace(day, scenes=tuple(replace(s, set_name="法院法庭 Courtroom") if s.number == "1-3" else s for s in day.scenes))
    v3 = sheet_for(moved, version=3, plan=plan)
    lin = diff_for_person(v1, v3, uid("林晓"))
    assert any(c.key == "callsheet.change.scene_moved" and c.params["scene"] == "1-3" and "Courtroom" in c.params["set"] for c in lin)
    # general call change reaches everyone
    later = sheet_for(replace(day, general_call=GC + timedelta(minutes=30)), version=4, plan=plan)
    everyone = affected(v1, later)
    assert set(everyone) == {p.user_id for p in v1.people}
    gaffer = everyone[uid("王强")]
    assert [c.key for c in gaffer][:2] == ["callsheet.change.general_call", "callsheet.change.call"]
    assert gaffer[1].text_params("en-US") == {"old": "05:00", "new": "05:30"}


def test_scene_added_and_removed_for_an_actor_and_needs_for_a_department():
    plan = sample_plan()
    day = plan.days[0]
    v1 = sheet_for(day, plan=plan)
    from bot.domain.plan import CastRole

    extra = Scene("2-99", "别墅客厅 CEO villa living room", 10, cast=(CastRole("沈心 Shen Xin", "何美玲 He Meiling", uid("何美玲")),),
                  needs={"art": "蛋糕 cake"})
    v2 = sheet_for(add_scene(day, extra), version=2, plan=plan)
    he = [c.key for c in diff_for_person(v1, v2, uid("何美玲"))]
    assert "callsheet.change.scene_added" in he
    art = diff_for_person(v1, v2, uid("黄磊"))
    assert [(c.key, c.params.get("need")) for c in art] == [("callsheet.change.scene_added", None)]
    assert diff_for_person(v1, v2, uid("Carlos")) == []
    back = [c.key for c in diff_for_person(v2, v1, uid("何美玲"))]
    assert "callsheet.change.scene_removed" in back


def test_delivery_plans_notify_only_the_affected():
    plan = sample_plan()
    day = plan.days[0]
    v1 = sheet_for(day, plan=plan)
    first = plan_deliveries(None, {}, v1)
    assert all(p.notify for p in first) and len(first) == len(v1.people)
    prev = {p.user_id: Delivery(i, 1, p.user_id, p.department, p.call, "confirmed", True) for i, p in enumerate(v1.people)}
    prev[uid("Emma")] = replace(prev[uid("Emma")], status="unreachable")
    v2 = sheet_for(move_scene(day, "2-8", 99), version=2, plan=plan)
    plans = {p.user_id: p for p in plan_deliveries(v1, prev, v2)}
    assert plans[uid("Sarah")].notify and plans[uid("Sarah")].status == "pending" and plans[uid("Sarah")].changes
    assert not plans[uid("周敏")].notify and plans[uid("周敏")].status == "confirmed"
    assert plans[uid("王强")].notify  # the lit scenes moved by 45 minutes
    assert plans[uid("Emma")].status == "unreachable"
    # someone no longer called is told once
    gone = replace(day, scenes=tuple(s for s in day.scenes if not s.has_actor(uid("何美玲"))))
    v3 = sheet_for(gone, version=3, plan=plan)
    removed = [p for p in plan_deliveries(v1, prev, v3) if p.removed]
    assert [p.user_id for p in removed] == [uid("何美玲")]
