"""Standby rules as plain functions: who is called and how each is reached (duty, quiet hours),
who may answer, what an answer changes, the escalation ladder, finding people and sets, places,
response times, and the payload round trip."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import standby as S
from bot.domain.standby.times import ResponseRow, summarize

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 8, 10, tzinfo=SH)

GAFFER = S.Member(1, "王强 Wang Qiang", "lighting", "zh-CN", is_head=True)
SPARK = S.Member(2, "刘洋 Liu Yang", "lighting", "zh-CN")
THAI = S.Member(3, "Somchai Boonmee", "lighting", "th")
MAKEUP = S.Member(4, "佐藤美咲 Sato Misaki", "makeup", "ja")
LEAD = S.Member(5, "林晓 Lin Xiao", "cast", "zh-CN")
AD = S.Member(6, "周敏 Zhou Min", "ad", "zh-CN", is_head=True)
CREW = (GAFFER, SPARK, THAI, MAKEUP, LEAD, AD)
CAST = (S.CastEntry("苏晚 Su Wan", "林晓 Lin Xiao", 5), S.CastEntry("苏母 Su's mother", "李秀英 Li Xiuying", None),
        S.CastEntry("Vivian", "Sarah Miller", None))


def roster(**kw) -> S.Roster:
    return S.Roster(CREW, **kw)


def test_a_department_call_dms_the_on_duty_people_on_call_and_says_why_not_the_others():
    r = roster(off_duty=frozenset({3}), calls={1: T0 - timedelta(hours=3), 2: T0 + timedelta(minutes=20), 3: T0 - timedelta(hours=1)})
    called = S.department_called("lighting", r, T0, caller=6)
    assert [(c.name, c.reach) for c in called] == [("王强 Wang Qiang", S.DM), ("Somchai Boonmee", S.OFF_DUTY), ("刘洋 Liu Yang", S.DM)]
    late = roster(calls={1: T0 - timedelta(hours=3), 2: T0 + timedelta(minutes=31)})
    assert [c.reach for c in S.department_called("lighting", late, T0, caller=6)] == [S.DM, S.OFF_CALL, S.OFF_CALL]
    # the caller is not DMed their own call; with no shoot day on, nothing says anyone is off call
    assert [c.reach for c in S.department_called("lighting", roster(), T0, caller=1)] == [S.CALLER, S.DM, S.DM]
    assert [c.language for c in S.to_dm(S.department_called("lighting", roster(), T0, caller=6))] == ["zh-CN", "th", "zh-CN"]


def test_quiet_hours_nobody_is_dmed_outside_their_call_or_after_the_wrap():
    r = roster(calls={2: T0})
    assert not S.on_call(2, r, T0 - timedelta(hours=2))  # 06:10, call 08:10
    assert S.on_call(2, r, T0 - timedelta(minutes=30))
    assert not S.on_call(1, r, T0)  # not called today
    wrapped = roster(calls={2: T0}, wrapped_at=T0 + timedelta(hours=10))
    assert S.on_call(2, wrapped, T0 + timedelta(hours=10, minutes=20))
    assert not S.on_call(2, wrapped, T0 + timedelta(hours=11))


def test_calling_one_actor_calls_their_makeup_artist_too():
    found = S.find_person("苏晚", CREW, CAST)
    assert found.person is not None and found.person.user_id == 5 and "林晓" in found.person.name and "苏晚" in found.person.name
    r = roster(followers={"u:5": 4})
    called = S.person_called(found.person, r, T0, caller=6)
    assert [(c.name, c.role, c.reach, c.language) for c in called] == [
        ("苏晚 Su Wan (林晓 Lin Xiao)", S.SUBJECT, S.DM, "zh-CN"), ("佐藤美咲 Sato Misaki", S.FOLLOWER, S.DM, "ja")]
    # an actor who is not on Discord: the board says to call them; their 跟妆 (paired by name) still gets it
    mother = S.find_person("Li Xiuying", CREW, CAST).person
    assert mother is not None and mother.user_id is None
    called = S.person_called(mother, roster(followers={"n:李秀英lixiuying": 4}), T0, caller=6)
    assert [(c.reach, c.role) for c in called] == [(S.NO_DISCORD, S.SUBJECT), (S.DM, S.FOLLOWER)]
    # off call is respected for the people named, duty is not
    r = roster(off_duty=frozenset({5}), calls={5: T0 + timedelta(hours=2), 4: T0 - timedelta(hours=1)}, followers={"u:5": 4})
    assert [c.reach for c in S.person_called(found.person, r, T0, caller=6)] == [S.OFF_CALL, S.DM]


def test_finding_people_and_sets_with_nearest_matches():
    assert S.find_person("u:2", CREW, CAST).person.user_id == 2
    assert S.find_person("a:Sarah Miller", CREW, CAST).person.actor == "Sarah Miller"
    assert S.find_person("lin xiao", CREW, CAST).person.user_id == 5
    missing = S.find_person("苏婉", CREW, CAST)
    assert missing.person is None and not missing.ambiguous and "苏晚 Su Wan" in missing.options[:3]
    assert S.find_person("", CREW, CAST).person is None
    two = S.find_person("Li", [S.Member(7, "Li Wei", "camera", "en-US"), S.Member(8, "Li Na", "sound", "en-US")], ())
    assert two.person is None and two.ambiguous and set(two.options) == {"Li Wei", "Li Na"}
    sets = ["医院病房 Hospital ward", "医院走廊 Hospital corridor", "法院法庭 Courtroom"]
    assert S.find_name("courtroom", sets).name == "法院法庭 Courtroom"
    assert S.find_name("医院", sets).ambiguous
    wrong = S.find_name("法院 Court", sets)
    assert wrong.name is None and wrong.options[0] == "法院法庭 Courtroom"


def test_place_is_building_floor_and_room():
    assert S.place_of("5号楼 Building 5", "3F 病房 301; 医疗道具已就位 medical props in place") == "5号楼 Building 5 · 3F 病房 301"
    assert S.place_of("1号楼 Building 1", "室外 outdoor; 夜景需发电车") == "1号楼 Building 1"
    assert S.place_of("—", "封路 20:00-24:00 road closed") == ""
    assert S.floor_of("12F 实景 (elevator)") == "12F 实景 (elevator)"


def standby(**kw) -> S.Standby:
    base = dict(id=7, production_id=1, day_id=3, kind=S.DEPARTMENT, department="lighting", what="2-9 顶光", called_at=T0, locale="zh-CN",
                called_by=6, called_by_name="周敏", called=S.department_called("lighting", roster(), T0, caller=6))
    base.update(kw)
    return S.Standby(**base)


def test_who_may_answer():
    sb = standby()
    assert S.may_answer(sb, 2, "lighting", ())  # called
    assert S.may_answer(sb, 99, "lighting", ())  # on the department, joined after the call
    assert not S.may_answer(sb, 4, "makeup", ())  # an outsider
    assert not S.may_answer(sb, 6, "ad", ())  # the AD does not answer for lighting
    assert S.may_answer(sb, 50, "camera", {"lighting"})  # holds the lighting head role
    person = standby(kind=S.PERSON, department="cast", called=(S.Called(5, "林晓", "cast", "zh-CN", S.SUBJECT), S.Called(4, "佐藤", "makeup", "ja", S.FOLLOWER)))
    assert S.may_answer(person, 4, "makeup", ()) and S.may_answer(person, 5, "cast", ())
    assert not S.may_answer(person, 44, "makeup", ())  # another makeup artist, not called
    assert S.may_answer(person, 40, "makeup", {"makeup"})  # the makeup head
    assert not S.may_answer(person, 2, "lighting", ())


def test_answers_are_recorded_once_and_stop_nothing_else():
    sb = standby()
    a = S.record(sb, 2, "刘洋", "lighting", S.ON_MY_WAY, T0 + timedelta(minutes=4, seconds=10))
    assert a is not None and a.seconds == 250
    sb = S.with_answer(sb, a)
    assert sb.state == S.ANSWERED and sb.first_answer == a
    assert S.record(sb, 2, "刘洋", "lighting", S.ON_MY_WAY, T0 + timedelta(minutes=5)) is None  # pressed twice
    b = S.record(sb, 2, "刘洋", "lighting", S.READY, T0 + timedelta(minutes=9))
    sb = S.with_answer(sb, b)
    assert sb.latest()[2].answer == S.READY and sb.first_answer == a
    assert [c.user_id for c in sb.waiting()] == [1, 3]
    with pytest.raises(ValueError):
        S.record(sb, 2, "x", "lighting", "maybe", T0)


def test_the_ladder():
    assert S.ladder(T0, ("channel", "head", "ad"), 3) == [
        ("channel", T0 + timedelta(minutes=3)), ("head", T0 + timedelta(minutes=6)), ("ad", T0 + timedelta(minutes=9))]
    assert S.ladder(T0, ("ad",), 5) == [("ad", T0 + timedelta(minutes=5))]
    with pytest.raises(ValueError):
        S.ladder(T0, ("sms",), 3)


def test_payload_round_trip():
    sb = S.with_answer(standby(due=T0 + timedelta(minutes=10), set_name="法院法庭", place="7号楼 · 2F", steps=(S.Step("channel", T0),)),
                       S.Answer(2, "刘洋", "lighting", S.READY, T0 + timedelta(minutes=1), 60))
    assert S.from_payload(S.to_payload(sb)) == sb


def test_response_times_per_department_and_person():
    rows = [
        ResponseRow(1, "lighting", None, "", None), ResponseRow(1, "lighting", 2, "刘洋", 250), ResponseRow(1, "lighting", 1, "王强", 400),
        ResponseRow(1, "lighting", 3, "Somchai", None),
        ResponseRow(2, "lighting", None, "", None), ResponseRow(2, "lighting", 2, "刘洋", 30),
        ResponseRow(3, "makeup", None, "", None), ResponseRow(3, "makeup", 4, "佐藤", None),
    ]
    depts, people = summarize(rows)
    assert [(d.key, d.calls, d.answered, d.median_seconds, d.slowest_seconds) for d in depts] == [
        ("makeup", 1, 0, None, None), ("lighting", 2, 2, 140, 250)]
    by = {p.name: p for p in people}
    assert (by["刘洋"].calls, by["刘洋"].answered, by["刘洋"].median_seconds) == (2, 2, 140)
    assert (by["Somchai"].answered, by["佐藤"].answered) == (0, 0)
