"""What changed between two versions of a call sheet, per person."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.callsheet.model import CallSheet, DayTime, SceneLine


@dataclass(frozen=True)
class Change:
    """One thing that changed for a person; ``key`` is ``callsheet.change.*``; params are display
    text, or :class:`DayTime` values written in the reader's language when shown."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text_params(self, locale: object | None) -> dict[str, object]:
        return {k: v.text(locale) if isinstance(v, DayTime) else v for k, v in self.params.items()}


def _need(line: SceneLine | None, department: str) -> str:
    if line is None:
        return ""
    return dict(line.needs).get(department, "")


def diff_for_person(old: CallSheet | None, new: CallSheet, user_id: int) -> list[Change]:
    """What changed for ``user_id`` from ``old`` (what they received; None: nothing yet) to ``new``.

    An empty list means the new version need not bother them.
    """
    after = new.person(user_id)
    before = old.person(user_id) if old is not None else None
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        return [Change("callsheet.change.now_called", {"call": new.at(after.call)})] if old is not None else []
    if after is None:
        assert old is not None
        return [Change("callsheet.change.no_longer_called", {"date": new.date.isoformat()})]
    assert old is not None
    changes: list[Change] = []
    if old.general_call != new.general_call:
        changes.append(Change("callsheet.change.general_call", {"old": old.at(old.general_call), "new": new.at(new.general_call)}))
    if before.call != after.call:
        changes.append(Change("callsheet.change.call", {"old": old.at(before.call), "new": new.at(after.call)}))
    if before.pickup != after.pickup and after.pickup is not None:
        changes.append(Change("callsheet.change.pickup", {"old": old.at(before.pickup), "new": new.at(after.pickup)}))
    if before.on_set != after.on_set and after.on_set is not None and before.on_set is not None:
        changes.append(Change("callsheet.change.on_set", {"old": old.at(before.on_set), "new": new.at(after.on_set)}))
    if before.where != after.where:
        changes.append(Change("callsheet.change.where", {"old": before.where, "new": new.where_text(after.where)}))
    old_scenes, new_scenes = set(before.scenes), set(after.scenes)
    for number in after.scenes:
        line = new.scene(number)
        if number not in old_scenes:
            changes.append(Change("callsheet.change.scene_added", {"scene": number, "set": line.set_name if line else ""}))
            continue
        was = old.scene(number)
        if line is not None and was is not None and was.set_name != line.set_name:
            changes.append(Change("callsheet.change.scene_moved", {"scene": number, "set": new.where_text(line.set_name)}))
        if after.department and after.kind != "cast" and _need(was, after.department) != _need(line, after.department) and _need(line, after.department):
            changes.append(Change("callsheet.change.need", {"scene": number, "need": _need(line, after.department)}))
    for number in before.scenes:
        if number not in new_scenes:
            changes.append(Change("callsheet.change.scene_removed", {"scene": number}))
    if old.planned_wrap != new.planned_wrap and new.planned_wrap is not None:
        changes.append(Change("callsheet.change.wrap", {"old": old.at(old.planned_wrap), "new": new.at(new.planned_wrap)}))
    if after.department == "canteen":
        for label, o, n in (("lunch", old.lunch_start, new.lunch_start), ("supper", old.supper_start, new.supper_start)):
            if o != n:
                changes.append(Change(f"callsheet.change.{label}", {"old": old.at(o), "new": new.at(n)}))
    return changes


def affected(old: CallSheet | None, new: CallSheet) -> dict[int, list[Change]]:
    """Every person whose sheet changed from ``old`` to ``new`` -> their changes."""
    users = {p.user_id for p in new.people} | ({p.user_id for p in old.people} if old else set())
    out = {}
    for uid in sorted(users):
        if changes := diff_for_person(old, new, uid):
            out[uid] = changes
    return out
