import pytest

from bot.domain.errors import DomainError
from bot.domain.plan import Scene, Walk, add_scene, drop_scene, move_scene, parse_cast, walk_minutes
from tests.plan_fixtures import sample_plan


def test_parse_cast_forms():
    assert parse_cast("林晓=张伟; Lawyer Chen: James Carter；苏母（李秀英）\nExtra") == [
        ("林晓", "张伟"), ("Lawyer Chen", "James Carter"), ("苏母", "李秀英"), ("Extra", "Extra")]
    with pytest.raises(ValueError):
        parse_cast("=Nobody")


def test_walks_are_symmetric_unless_both_directions_given():
    walks = [Walk("a", "b", 5), Walk("b", "c", 3), Walk("c", "b", 4)]
    assert walk_minutes(walks, "b", "a") == 5 and walk_minutes(walks, "c", "b") == 4 and walk_minutes(walks, "a", "a") == 0
    assert walk_minutes(walks, "a", "z") == 0


def test_add_move_drop_renumber():
    day = sample_plan().days[0]
    numbers = [s.number for s in day.scenes]
    added = add_scene(day, Scene("9X", "法院法庭 Courtroom", 10), position=2)
    assert [s.number for s in added.scenes][:3] == [numbers[0], "9X", numbers[1]]
    assert [s.position for s in added.scenes] == list(range(1, len(numbers) + 2))
    moved = move_scene(added, "9X", 99)
    assert moved.scenes[-1].number == "9X" and moved.scenes[-1].position == len(numbers) + 1
    dropped = drop_scene(moved, "9X")
    assert [s.number for s in dropped.scenes] == numbers
    with pytest.raises(DomainError) as err:
        add_scene(day, Scene(numbers[0], "x", 10))
    assert err.value.key == "plan.error.duplicate_scene"
    with pytest.raises(DomainError):
        move_scene(day, "nope", 1)
    with pytest.raises(DomainError) as err:
        add_scene(day, Scene("bad number!", "x", 10))
    assert err.value.key == "plan.error.bad_scene_number"
