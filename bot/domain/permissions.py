"""What the AD has been told about the bot's permissions, and what to tell them now. Discord-free.

The AD is told once per channel and missing permission set, until it changes: a new problem, or a
channel whose missing permissions are now different, is warned about; a channel the AD was told
about that is fine now is reported fixed; nothing that did not change is said again (not at the
next start-up, not the next day). A channel the production no longer uses is forgotten quietly.

A problem is the tuple of Discord permission names the bot lacks in the channel, or ``None`` when
the bot cannot see the channel at all (or it no longer exists).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

Problem = tuple[str, ...] | None

UNSEEN = "*"


def encode(problem: Problem) -> str:
    """How a problem is stored: ``"embed_links,attach_files"``, or ``"*"`` for a channel the bot cannot see."""
    return UNSEEN if problem is None else ",".join(problem)


def decode(text: str) -> Problem:
    return None if text == UNSEEN else tuple(p for p in text.split(",") if p)


@dataclass(frozen=True)
class Review:
    """What to tell the AD and store after a check of one production's channels."""

    warn: dict[int, Problem] = field(default_factory=dict)  # channel -> what is missing now (new or different)
    fixed: dict[int, Problem] = field(default_factory=dict)  # channel -> what was missing and is there now (None: it is visible again)
    forget: tuple[int, ...] = ()  # channels no longer the production's

    @property
    def quiet(self) -> bool:
        return not (self.warn or self.fixed or self.forget)


def review(told: Mapping[int, Problem], found: Mapping[int, Problem], channels: Collection[int]) -> Review:
    """``told``: what the AD was last told is missing, per channel; ``found``: the channels with a
    problem now (only those); ``channels``: every channel the production uses now."""
    warn = {cid: _normal(problem) for cid, problem in found.items() if cid not in told or told[cid] != _normal(problem)}
    fixed: dict[int, Problem] = {cid: problem for cid, problem in told.items() if cid in channels and cid not in found}
    for cid, now in warn.items():  # changed: what was granted meanwhile is fixed too
        before = told.get(cid, ())
        if cid in told and before is None:
            fixed[cid] = None  # it can see the channel again
        elif before and now is not None and (granted := tuple(p for p in before if p not in now)):
            fixed[cid] = granted
    forget = tuple(sorted(cid for cid in told if cid not in channels))
    return Review(warn, fixed, forget)


def _normal(problem: Problem) -> Problem:
    return None if problem is None else tuple(problem)
