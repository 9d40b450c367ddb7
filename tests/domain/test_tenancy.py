"""The one resolver and the one check, as plain functions."""

from datetime import UTC, datetime

import pytest

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from bot.domain.tenancy import (
    Access,
    Standing,
    Viewer,
    canteen_staff,
    check,
    check_canteen,
    check_department,
    effective_roles,
    heads_of,
    new_join_code,
    normalize_join_code,
    pick,
    standing,
)


def prod(pid: int, code: str, **kw) -> Production:
    return Production(pid, 1, code, code.title(), "Asia/Shanghai", "zh-CN", 9, datetime(2026, 1, 1, tzinfo=UTC), {}, **kw)


CEO1, B2, PAL = prod(1, "CEO1"), prod(2, "B2"), prod(3, "PAL")


def test_the_channel_decides_first():
    assert pick(channel=[B2], named=None, named_code=None, mine=[CEO1], every=[CEO1, B2]) == B2
    with pytest.raises(DomainError) as err:
        pick(channel=[B2], named=CEO1, named_code="ceo1", mine=[CEO1], every=[CEO1, B2])
    assert err.value.key == "tenancy.error.channel_is_other" and err.value.params == {"here": "B2", "asked": "CEO1"}
    assert pick(channel=[B2], named=B2, named_code="b2", mine=[], every=[CEO1, B2]) == B2


def test_then_the_option_then_the_users_productions_then_the_only_one():
    assert pick(channel=[CEO1, B2], named=B2, named_code="B2", mine=[CEO1], every=[CEO1, B2]) == B2
    assert pick(channel=[], named=None, named_code=None, mine=[CEO1], every=[CEO1, B2]) == CEO1
    assert pick(channel=[], named=None, named_code=None, mine=[], every=[CEO1]) == CEO1
    for mine, key in (([CEO1, B2], "production.error.which"), ([], "tenancy.error.on_none")):
        with pytest.raises(DomainError) as err:
            pick(channel=[], named=None, named_code=None, mine=mine, every=[CEO1, B2, PAL])
        assert err.value.key == key
    with pytest.raises(DomainError) as err:
        pick(channel=[], named=None, named_code="NOPE", mine=[CEO1], every=[CEO1])
    assert err.value.key == "production.error.unknown_code"


def test_roles_come_from_the_production_then_the_config_then_the_server():
    assert effective_roles(prod(1, "X", ad_role_ids=(5,)), (6,), (), (7,), (8,)).ad == {5}
    assert effective_roles(CEO1, (6,), (), (7,), (8,)).ad == {6}
    roles = effective_roles(CEO1, (), (), (7,), (8,))
    assert roles.ad == {7} and roles.producer == {8}


@pytest.mark.parametrize(
    "st, allowed",
    [
        (Standing(), {Access.GUILD, Access.GUILD_AD}),
        (Standing(crew=True), {Access.GUILD, Access.GUILD_AD, Access.CREW, Access.JOIN}),
        (Standing(invited=True), {Access.GUILD, Access.GUILD_AD, Access.JOIN}),
        (Standing(crew=True, department="lighting", heads=frozenset({"lighting"})),
         {Access.GUILD, Access.GUILD_AD, Access.CREW, Access.JOIN, Access.HEAD}),
        (Standing(producer=True), {Access.GUILD, Access.GUILD_AD, Access.CREW, Access.PRODUCER, Access.MEALS, Access.PARK}),
        (Standing(meals=True), {Access.GUILD, Access.GUILD_AD, Access.MEALS}),
        (Standing(crew=True, meals=True), {Access.GUILD, Access.GUILD_AD, Access.CREW, Access.JOIN, Access.MEALS}),
        (Standing(ad=True), set(Access) - {Access.CANTEEN}),  # the canteen is the park's, not a production's
        (Standing(admin=True), set(Access) - {Access.CANTEEN}),
    ],
)
def test_who_may_do_what(st, allowed):
    assert {a for a in Access if st.allows(a)} == allowed


def test_check_refuses_with_the_production_named():
    viewer = Viewer(42, frozenset({100}), admin=False)
    roles = effective_roles(B2, (), (), (200,), (300,))
    st = standing(viewer, roles, crew=False, invited=False)
    for access, key in ((Access.CREW, "tenancy.error.not_crew"), (Access.AD, "tenancy.error.not_ad"),
                        (Access.PRODUCER, "tenancy.error.not_producer"), (Access.JOIN, "tenancy.error.join_needs_invite")):
        with pytest.raises(DomainError) as err:
            check(access, B2, st)
        assert err.value.key == key and err.value.params == {"code": "B2"}
    check(Access.JOIN, B2, st, code_matches=True)
    with pytest.raises(DomainError) as err:
        check(Access.HEAD, B2, st)
    assert err.value.key == "tenancy.error.not_head" and err.value.params == {"code": "B2"}


def test_heads_of_department_lead_their_own_department_only():
    heads = {"lighting": 500, "makeup": 600}
    roles = effective_roles(CEO1, (), (), (200,), (300,))
    # joined as the head of lighting
    gaffer = standing(Viewer(1, frozenset(), False), roles, crew=True, invited=False, department="lighting", is_head=True, head_roles=heads)
    assert gaffer.heads == {"lighting"} and gaffer.allows(Access.HEAD) and gaffer.leads("lighting") and not gaffer.leads("makeup")
    check_department(CEO1, gaffer, "lighting")
    with pytest.raises(DomainError) as err:
        check_department(CEO1, gaffer, "makeup")
    assert err.value.key == "tenancy.error.not_head_of"
    # the makeup head role from the settings, on the crew as a makeup artist
    key_makeup = standing(Viewer(2, frozenset({600}), False), roles, crew=True, invited=False, department="makeup", head_roles=heads)
    assert key_makeup.heads == {"makeup"} and key_makeup.speaks_for("makeup") and not key_makeup.speaks_for("lighting")
    # a head role makes nobody a head on a production they are not crew of
    outsider = standing(Viewer(3, frozenset({500}), False), roles, crew=False, invited=False, head_roles=heads)
    assert outsider.heads == frozenset() and not outsider.allows(Access.HEAD) and not outsider.speaks_for("lighting")
    # crew lead nothing; ADs lead every department but answer for none but their own
    spark = standing(Viewer(4, frozenset(), False), roles, crew=True, invited=False, department="lighting", head_roles=heads)
    assert not spark.allows(Access.HEAD) and not spark.leads("lighting") and spark.speaks_for("lighting")
    ad = standing(Viewer(5, frozenset({200}), False), roles, crew=True, invited=False, department="ad", head_roles=heads)
    assert ad.allows(Access.HEAD) and ad.leads("makeup") and not ad.speaks_for("makeup")
    assert heads_of(None, True, {500}, heads) == frozenset()


def test_the_canteen_is_the_parks_staff_and_the_meal_coordinator_a_production_role():
    assert canteen_staff(Viewer(1, frozenset({900}), admin=False), (900,))
    assert canteen_staff(Viewer(1, frozenset(), admin=True), (900,))
    with pytest.raises(DomainError) as err:
        check_canteen(Viewer(1, frozenset({100}), admin=False), (900,))
    assert err.value.key == "tenancy.error.not_canteen"
    roles = effective_roles(prod(1, "X", meal_role_ids=(55,)), (), (), (7,), (8,), (66,))
    assert roles.meals == {55}
    assert effective_roles(CEO1, (), (), (7,), (8,), (66,)).meals == {66}
    assert effective_roles(CEO1, (), (), (7,), (8,)).meals == frozenset()  # never the server's
    st = standing(Viewer(1, frozenset({55}), admin=False), roles, crew=False, invited=False)
    check(Access.MEALS, CEO1, st)
    with pytest.raises(DomainError) as err:
        check(Access.MEALS, B2, Standing(crew=True))
    assert err.value.key == "tenancy.error.not_meals"


def test_join_codes_are_easy_to_read_aloud():
    code = new_join_code()
    assert len(code) == 6 and not set(code) & set("01OI")
    assert normalize_join_code(" k7q-4m2 ") == "K7Q4M2"
