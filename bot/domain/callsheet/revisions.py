"""What changed between two versions of a call sheet: per person (who is told again) and for the
sheet itself (the "changes in this version" box and the rows marked as revised).

A new version re-notifies exactly the people it changes: whose call (or pickup, or on-set time)
moved by more than the threshold, whose scenes' times moved by more than the threshold, whose
scenes were added, removed or reordered, moved to another set, or whose department's needs
changed. Smaller moves are on the new sheet but bother nobody.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.domain.callsheet.model import CallSheet, CastCall, DayTime, SceneLine
from bot.i18n import join_list

#: Minutes a time must move before the people it concerns are told (settings: cues.notify_threshold_minutes).
DEFAULT_THRESHOLD = 15


@dataclass(frozen=True)
class Change:
    """One thing that changed for a person; ``key`` is ``callsheet.change.*``; params are display
    text, or :class:`DayTime` values written in the reader's language when shown."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text_params(self, locale: object | None) -> dict[str, object]:
        """Times in the reader's language, lists joined the reader's way (、 in Chinese)."""
        return {k: v.text(locale) if isinstance(v, DayTime) else join_list(v, locale) if isinstance(v, tuple) else v
                for k, v in self.params.items()}


def _need(line: SceneLine | None, department: str) -> str:
    if line is None:
        return ""
    return dict(line.needs).get(department, "")


def moved(a: datetime | None, b: datetime | None, threshold: int) -> bool:
    """Both set and more than ``threshold`` minutes apart."""
    return a is not None and b is not None and abs((b - a).total_seconds()) > threshold * 60


def _in_order(sheet: CallSheet, numbers: set[str]) -> list[str]:
    return [s.number for s in sheet.scenes if s.number in numbers]


def out_of_order(old: list[str], new: list[str]) -> set[str]:
    """The scenes that were moved from ``old`` order to ``new`` (the fewest: everything outside the
    longest run kept in the same relative order). Only scenes in both lists count."""
    pos = {n: i for i, n in enumerate(old)}
    seq = [(pos[n], n) for n in new if n in pos]
    tails: list[int] = []
    tails_at: list[int] = []
    parent: list[int] = [-1] * len(seq)
    for i, (p, _) in enumerate(seq):
        j = bisect_left(tails, p)
        if j == len(tails):
            tails.append(p)
            tails_at.append(i)
        else:
            tails[j] = p
            tails_at[j] = i
        parent[i] = tails_at[j - 1] if j else -1
    kept: set[str] = set()
    i = tails_at[-1] if tails_at else -1
    while i >= 0:
        kept.add(seq[i][1])
        i = parent[i]
    return {n for _, n in seq} - kept


def diff_for_person(old: CallSheet | None, new: CallSheet, user_id: int, threshold: int = DEFAULT_THRESHOLD) -> list[Change]:
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
    if moved(before.call, after.call, threshold):
        changes.append(Change("callsheet.change.call", {"old": old.at(before.call), "new": new.at(after.call)}))
    if moved(before.pickup, after.pickup, threshold) or (after.pickup is not None and before.pickup is None):
        changes.append(Change("callsheet.change.pickup", {"old": old.at(before.pickup), "new": new.at(after.pickup)}))
    if moved(before.on_set, after.on_set, threshold):
        changes.append(Change("callsheet.change.on_set", {"old": old.at(before.on_set), "new": new.at(after.on_set)}))
    if before.where != after.where:
        changes.append(Change("callsheet.change.where", {"old": before.where, "new": new.where_text(after.where)}))
    old_scenes, new_scenes = set(before.scenes), set(after.scenes)
    for number in _in_order(new, new_scenes):
        line = new.scene(number)
        if number not in old_scenes:
            changes.append(Change("callsheet.change.scene_added", {"scene": number, "set": line.set_name if line else ""}))
            continue
        was = old.scene(number)
        if line is not None and was is not None and was.set_name != line.set_name:
            changes.append(Change("callsheet.change.scene_moved", {"scene": number, "set": new.where_text(line.set_name)}))
        if line is not None and was is not None and moved(was.start, line.start, threshold):
            changes.append(Change("callsheet.change.scene_time", {"scene": number, "old": old.at(was.start), "new": new.at(line.start)}))
        if after.department and after.kind != "cast" and _need(was, after.department) != _need(line, after.department) and _need(line, after.department):
            changes.append(Change("callsheet.change.need", {"scene": number, "need": _need(line, after.department)}))
    for number in _in_order(old, old_scenes - new_scenes):
        changes.append(Change("callsheet.change.scene_removed", {"scene": number}))
    common = old_scenes & new_scenes
    if _in_order(old, common) != _in_order(new, common):
        changes.append(Change("callsheet.change.reordered", {"scenes": tuple(_in_order(new, new_scenes))}))
    if after.department == "canteen":
        for label, o, n in (("breakfast", old.breakfast_start, new.breakfast_start), ("lunch", old.lunch_start, new.lunch_start),
                            ("supper", old.supper_start, new.supper_start), ("late", old.late_start, new.late_start)):
            if o != n:
                changes.append(Change(f"callsheet.change.{label}", {"old": old.at(o), "new": new.at(n)}))
    if changes:  # told anyway: what else changed for the whole crew
        if old.general_call != new.general_call:
            changes.insert(0, Change("callsheet.change.general_call", {"old": old.at(old.general_call), "new": new.at(new.general_call)}))
        if old.planned_wrap != new.planned_wrap and new.planned_wrap is not None:
            changes.append(Change("callsheet.change.wrap", {"old": old.at(old.planned_wrap), "new": new.at(new.planned_wrap)}))
    return changes


def affected(old: CallSheet | None, new: CallSheet, threshold: int = DEFAULT_THRESHOLD,
             received: dict[int, CallSheet] | None = None) -> dict[int, list[Change]]:
    """Every person whose sheet changed from what they received (``received[user]``, else ``old``)
    to ``new`` -> their changes."""
    received = received or {}
    users = {p.user_id for p in new.people} | ({p.user_id for p in old.people} if old else set())
    out = {}
    for uid in sorted(users):
        if changes := diff_for_person(received.get(uid, old), new, uid, threshold):
            out[uid] = changes
    return out


def diff_for_actor(old: CallSheet, new: CallSheet, actor: str, threshold: int = DEFAULT_THRESHOLD) -> list[Change]:
    """What changed for an actor on the cast table (on Discord or not): the AD's phone list says it."""
    after, before = new.actor(actor), old.actor(actor)
    if after is None and before is None:
        return []
    if before is None:
        assert after is not None
        return [Change("callsheet.change.now_called", {"call": new.at(after.call)})]
    if after is None:
        return [Change("callsheet.change.no_longer_called", {"date": new.date.isoformat()})]
    changes = []
    if moved(before.call, after.call, threshold):
        changes.append(Change("callsheet.change.call", {"old": old.at(before.call), "new": new.at(after.call)}))
    if moved(before.pickup, after.pickup, threshold):
        changes.append(Change("callsheet.change.pickup", {"old": old.at(before.pickup), "new": new.at(after.pickup)}))
    if moved(before.on_set, after.on_set, threshold):
        changes.append(Change("callsheet.change.on_set", {"old": old.at(before.on_set), "new": new.at(after.on_set)}))
    added = [n for n in after.scenes if n not in before.scenes]
    removed = [n for n in before.scenes if n not in after.scenes]
    changes += [Change("callsheet.change.scene_added", {"scene": n, "set": (new.scene(n).set_name if new.scene(n) else "")}) for n in added]
    changes += [Change("callsheet.change.scene_removed", {"scene": n}) for n in removed]
    common = set(after.scenes) & set(before.scenes)
    if _in_order(old, common) != _in_order(new, common):
        changes.append(Change("callsheet.change.reordered", {"scenes": tuple(_in_order(new, set(after.scenes)))}))
    for n in _in_order(new, common):
        a, b = old.scene(n), new.scene(n)
        if a is not None and b is not None and moved(a.start, b.start, threshold):
            changes.append(Change("callsheet.change.scene_time", {"scene": n, "old": old.at(a.start), "new": new.at(b.start)}))
    return changes


def _content(line: SceneLine) -> tuple:
    return (line.set_name, line.est_minutes, line.episodes, line.int_ext, line.day_night, line.synopsis, line.cast, line.needs,
            line.extras, line.alt_synopsis)


def mark_revision(old: CallSheet, new: CallSheet, threshold: int = DEFAULT_THRESHOLD) -> CallSheet:
    """``new`` with its "changes in this version" box and the scene rows and cast rows it revised."""
    changes: list[Change] = []
    for key, a, b in (("general_call", old.general_call, new.general_call), ("shooting_call", old.first_shot, new.first_shot),
                      ("wrap", old.planned_wrap, new.planned_wrap), ("lunch", old.lunch_start, new.lunch_start),
                      ("supper", old.supper_start, new.supper_start)):
        if a != b:
            changes.append(Change(f"callsheet.sheet_change.{key}", {"old": old.at(a), "new": new.at(b)}))
    old_lines = {s.number: s for s in old.scenes}
    new_numbers = [s.number for s in new.scenes]
    reordered = out_of_order([s.number for s in old.scenes], new_numbers)
    revised: list[str] = []
    for line in new.scenes:
        was = old_lines.get(line.number)
        if was is None:
            changes.append(Change("callsheet.sheet_change.scene_added", {"scene": line.number, "set": line.set_name}))
            revised.append(line.number)
            continue
        marked = False
        if line.number in reordered:
            changes.append(Change("callsheet.sheet_change.scene_position", {"scene": line.number, "position": line.position}))
            marked = True
        if was.set_name != line.set_name:
            changes.append(Change("callsheet.sheet_change.scene_moved", {"scene": line.number, "set": new.where_text(line.set_name)}))
            marked = True
        if moved(was.start, line.start, threshold):
            changes.append(Change("callsheet.sheet_change.scene_time", {"scene": line.number, "old": old.at(was.start), "new": new.at(line.start)}))
            marked = True
        if _content(was) != _content(line):
            marked = True
        if marked:
            revised.append(line.number)
    for number in old_lines:
        if number not in set(new_numbers):
            changes.append(Change("callsheet.sheet_change.scene_removed", {"scene": number}))
    revised_cast: list[str] = []
    for c in new.cast:
        before: CastCall | None = old.actor(c.actor)
        if before is None:
            changes.append(Change("callsheet.sheet_change.actor_added", {"actor": c.actor, "call": new.at(c.call)}))
            revised_cast.append(c.actor)
        elif moved(before.call, c.call, threshold) or before.scenes != c.scenes:
            if moved(before.call, c.call, threshold):
                changes.append(Change("callsheet.sheet_change.actor_call", {"actor": c.actor, "old": old.at(before.call), "new": new.at(c.call)}))
            revised_cast.append(c.actor)
    for c in old.cast:
        if new.actor(c.actor) is None:
            changes.append(Change("callsheet.sheet_change.actor_removed", {"actor": c.actor}))
    old_extras = {e.description: e for e in old.extras}
    for e in new.extras:
        was_e = old_extras.get(e.description)
        if was_e is None or moved(was_e.call, e.call, threshold) or was_e.count != e.count:
            changes.append(Change("callsheet.sheet_change.extras", {"description": e.description or "—", "count": e.count,
                                                              "old": old.at(was_e.call) if was_e else "—", "new": new.at(e.call)}))
    return replace(new, changes=tuple(changes), revised=tuple(revised), revised_cast=tuple(revised_cast))
