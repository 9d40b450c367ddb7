"""Reconcile: what to do to the table so that a scope's cues become the wanted ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.cues.model import Cue, CueSpec


@dataclass(frozen=True, slots=True)
class Changes:
    insert: tuple[CueSpec, ...] = ()
    update: tuple[tuple[int, CueSpec], ...] = ()  # (cue id, new spec): re-timed, rewritten or revived
    cancel: tuple[int, ...] = ()
    retimed: tuple[int, ...] = ()  # ids in ``update`` whose due changed

    @property
    def empty(self) -> bool:
        return not (self.insert or self.update or self.cancel)

    def __add__(self, other: Changes) -> Changes:
        return Changes(self.insert + other.insert, self.update + other.update, self.cancel + other.cancel, self.retimed + other.retimed)


def reconcile(existing: Iterable[Cue], desired: Sequence[CueSpec], now: datetime) -> Changes:
    """What to do to the table so that ``existing`` (one scope) becomes ``desired``.

    Pending cues are re-timed or rewritten when their spec changed and cancelled when no longer
    wanted; cancelled cues come back when wanted again; sending / sent / skipped / failed cues are
    never touched (a cue goes out at most once). A wanted cue whose expiry has passed is left out.
    """
    by_key: dict[str, Cue] = {}
    for cue in existing:
        by_key[cue.key] = cue
    wanted: dict[str, CueSpec] = {}
    for spec in desired:
        if spec.key in wanted:
            raise ValueError(f"duplicate cue key {spec.key}")
        if spec.expires is not None and now >= spec.expires:
            continue
        wanted[spec.key] = spec
    insert: list[CueSpec] = []
    update: list[tuple[int, CueSpec]] = []
    retimed: list[int] = []
    cancel: list[int] = []
    for k, spec in wanted.items():
        cue = by_key.get(k)
        if cue is None:
            insert.append(spec)
        elif cue.status == "pending":
            if not cue.spec().same_as(spec):
                update.append((cue.id, spec))
                if cue.due != spec.due:
                    retimed.append(cue.id)
        elif cue.status == "cancelled":
            update.append((cue.id, spec))
            retimed.append(cue.id)
    for k, cue in by_key.items():
        if k not in wanted and cue.status == "pending":
            cancel.append(cue.id)
    return Changes(tuple(insert), tuple(update), tuple(cancel), tuple(retimed))
