from datetime import UTC, datetime

import pytest

from bot.domain.crew import CrewMember, paginate, sort_crew, validate_member_fields, validate_production
from bot.domain.errors import DomainError


def test_validate_production_normalizes_and_refuses():
    p = validate_production(1, "  The  CEO's Bride ", "ceo1", "Asia/Shanghai", "zh-CN", 9)
    assert p.name == "The CEO's Bride" and p.code == "CEO1"
    for args, key in [
        (("", "CEO1", "Asia/Shanghai", "zh-CN"), "production.error.bad_name"),
        (("X", "a b", "Asia/Shanghai", "zh-CN"), "production.error.bad_code"),
        (("X", "CEO1", "Mars/Olympus", "zh-CN"), "production.error.bad_timezone"),
        (("X", "CEO1", "Asia/Shanghai", "fr"), "production.error.bad_language"),
    ]:
        with pytest.raises(DomainError) as err:
            validate_production(1, *args, 9)
        assert err.value.key == key


def test_validate_member_fields():
    assert validate_member_fields("makeup", "  Key   makeup ", "") == ("makeup", "Key makeup", "")
    with pytest.raises(DomainError):
        validate_member_fields("catering", "x")
    with pytest.raises(DomainError):
        validate_member_fields("ad", " ")
    with pytest.raises(DomainError):
        validate_member_fields("ad", "x", "y" * 201)


def m(uid, dept, name, head=False):
    return CrewMember(uid, 1, uid, name, dept, "t", head, "en-US", "", datetime(2026, 1, 1, tzinfo=UTC))


def test_sort_crew_by_department_then_head_then_name():
    crew = [m(1, "makeup", "b"), m(2, "ad", "z"), m(3, "makeup", "a"), m(4, "makeup", "c", head=True), m(5, "lighting", "x")]
    assert [c.user_id for c in sort_crew(crew)] == [2, 5, 4, 3, 1]


def test_paginate():
    assert paginate(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert paginate([], 3) == [[]]
