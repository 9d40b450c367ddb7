"""Cast calls need the AD: when the projection moves actors' calls by more than the threshold, the
AD gets ONE batched proposal (send all / pick / hold) and only approved changes are DMed.

* :func:`pending` - the cast changes waiting (from ``call_changes(..., cast_approval=True).cast``)
  minus those the AD held at a call still within the threshold of the new one;
* :func:`needs_proposal` - whether the open proposal still says it (every waiting actor in it, each
  proposed call within the threshold of the current one) or a new one replaces it;
* :func:`proposal_cue` - the AD channel message (``cast_proposal``) with the three buttons;
* when the AD approves, the service sends each chosen actor their call as projected *then*
  (``notices.call_notice``), holds the rest, and closes the proposal.

Stored by ``db.repositories.proposals`` (a proposal and its items); pure here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.domain.cues.live import LiveDay, PersonCallLike, base_payload
from bot.domain.cues.model import CAST_PROPOSAL, NOTICE_SCOPE, CueSpec, Target, iso
from bot.domain.cues.notices import KnownCall, moved_minutes, notice_key

OPEN, DONE, SUPERSEDED = "open", "done", "superseded"
PROPOSED, SENT, HELD = "proposed", "sent", "held"
#: At most this many actors in one proposal message (the rest are in the next).
MAX_ITEMS = 25


@dataclass(frozen=True, slots=True)
class Item:
    user_id: int
    old: datetime  # the call they know
    new: datetime  # the call proposed
    status: str = PROPOSED


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    day_id: int
    status: str
    items: tuple[Item, ...]
    created_at: datetime
    decided_by: int | None = None

    def item(self, user_id: int) -> Item | None:
        return next((i for i in self.items if i.user_id == user_id), None)


def pending(
    cast: Mapping[int, tuple[KnownCall, PersonCallLike]], held: Mapping[int, datetime], threshold_minutes: int
) -> dict[int, Item]:
    """The actors whose change waits for the AD, except those held at a call still close to it."""
    out: dict[int, Item] = {}
    for uid, (known, pc) in sorted(cast.items()):
        was = held.get(uid)
        if was is not None and abs(moved_minutes(was, pc.call)) <= threshold_minutes:
            continue
        out[uid] = Item(uid, known.call, pc.call)
    return out


def needs_proposal(waiting: Mapping[int, Item], open_: Proposal | None, threshold_minutes: int) -> bool:
    """A new proposal is needed when something waits that the open one does not already say."""
    if not waiting:
        return False
    if open_ is None:
        return True
    for uid, item in waiting.items():
        proposed = open_.item(uid)
        if proposed is None or abs(moved_minutes(proposed.new, item.new)) > threshold_minutes:
            return True
    return False


def proposal_cue(live: LiveDay, proposal_id: int, items: list[Item], now: datetime) -> CueSpec | None:
    """The AD channel message of proposal ``proposal_id``."""
    cid = live.channels.get("ad")
    if cid is None:
        return None
    rows = []
    for item in sorted(items, key=lambda i: (i.new, i.user_id))[:MAX_ITEMS]:
        person = live.people.get(item.user_id)
        rows.append({"user_id": item.user_id, "name": person.display_name if person else str(item.user_id),
                     "old": iso(item.old), "new": iso(item.new), "delta": moved_minutes(item.old, item.new)})
    payload = {**base_payload(live.day), "proposal": proposal_id, "items": rows, "count": len(rows)}
    return CueSpec(notice_key(live.day.id, "proposal", proposal_id), CAST_PROPOSAL, now, Target(channel_id=cid), live.language, payload,
                   expires=None, scope=NOTICE_SCOPE)
