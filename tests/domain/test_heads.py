"""Heads of department by their head role: which departments a member's roles make them head of,
the crew directory's note of it (kept per production, a DM's empty roles never clear it), and the
ladder's second step - the heads it DMs are the heads who may answer (the directory itself:
tests/db/test_crew_role_heads.py)."""

from datetime import UTC, datetime

from bot.domain import standby as S
from bot.domain.crew import CrewMember
from bot.domain.tenancy import RoleSet, Viewer, heads_of, role_heads, standing

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
HEAD_ROLES = {"lighting": 11, "makeup": 22}


def test_the_head_roles_a_member_holds():
    assert role_heads({5, 22}, HEAD_ROLES) == ("makeup",) and role_heads({11, 22}, HEAD_ROLES) == ("lighting", "makeup")
    assert role_heads(set(), HEAD_ROLES) == ()
    assert heads_of("makeup", False, {22}, HEAD_ROLES) == {"makeup"} and heads_of(None, False, {22}, HEAD_ROLES) == set()


def test_a_click_in_a_dm_counts_the_noted_head_role():
    viewer = Viewer(7, frozenset(), False)  # a DM: Discord shows no roles
    st = standing(viewer, RoleSet(frozenset(), frozenset()), crew=True, invited=False, department="makeup", head_roles=HEAD_ROLES, noted_heads=("makeup",))
    assert st.heads == {"makeup"}
    assert standing(viewer, RoleSet(frozenset(), frozenset()), crew=False, invited=False, noted_heads=("makeup",)).heads == set()  # not crew: none


def test_a_member_heads_what_they_joined_as_or_hold_the_role_of():
    m = CrewMember(1, 1, 7, "陈静", "makeup", "化妆组长", False, "zh-CN", "", NOW)
    assert not m.leads and m.heads("makeup") is False
    m = CrewMember(1, 1, 7, "陈静", "makeup", "化妆组长", False, "zh-CN", "", NOW, role_heads=("makeup",))
    assert m.leads and m.heads("makeup") and not m.heads("lighting")


def test_the_heads_the_ladder_asks_may_answer():
    actor = S.Standby(1, 1, 1, S.PERSON, "cast", "", NOW, "zh-CN", person="苏晚",
                      called=(S.Called(5, "苏晚", "cast", "zh-CN", S.SUBJECT, S.DM),))
    assert S.head_departments(actor) == {"makeup"}  # an actor's call: the makeup head is DMed ...
    assert S.may_answer(actor, 7, "makeup", {"makeup"})  # ... and may answer it
    assert not S.may_answer(actor, 8, "lighting", {"lighting"})
    lighting = S.Standby(2, 1, 1, S.DEPARTMENT, "lighting", "", NOW, "zh-CN")
    assert S.head_departments(lighting) == {"lighting"} and not S.may_answer(lighting, 7, "makeup", {"makeup"})

