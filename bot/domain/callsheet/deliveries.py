"""Who is sent a version of the sheet, and where everyone's confirmation stands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.domain.callsheet.model import CallSheet, PersonCall
from bot.domain.callsheet.revisions import DEFAULT_THRESHOLD, Change, affected

STATUSES = ("pending", "sent", "confirmed", "unreachable")


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    version_id: int
    user_id: int
    department: str
    call_at: datetime
    status: str
    notified: bool
    dm_channel_id: int | None = None
    dm_message_id: int | None = None
    fallback_channel_id: int | None = None
    fallback_message_id: int | None = None
    sent_at: datetime | None = None
    confirmed_at: datetime | None = None
    error: str = ""
    error_code: int | None = None  # Discord's code when unreachable (50007: DMs closed)


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    id: int
    shoot_day_id: int
    version: int
    day_revision: int
    general_call: datetime
    published_at: datetime
    published_by: int
    sheet: CallSheet


@dataclass(frozen=True, slots=True)
class DeliveryPlan:
    """For one person in a new version: notify them (with ``changes`` when it is a revision) or
    carry their previous status over silently."""

    user_id: int
    department: str
    call: datetime
    notify: bool
    status: str  # initial status: "pending" when notifying, else the carried-over status
    changes: tuple[Change, ...] = ()
    removed: bool = False  # no longer called: tell them, then no delivery row is kept


def plan_deliveries(previous: CallSheet | None, previous_deliveries: Mapping[int, Delivery], new: CallSheet,
                    threshold: int = DEFAULT_THRESHOLD, received: Mapping[int, CallSheet] | None = None) -> list[DeliveryPlan]:
    """Who gets a DM for ``new``. First version: everyone called. Revision: only people with
    changes beyond ``threshold`` minutes (their confirmation is reset), compared with the version
    each last received (``received``, else ``previous``) so that small moves cannot add up unseen;
    everyone else keeps their status. Someone whose previous DM never went out (pending) is
    notified again."""
    changes = affected(previous, new, threshold, dict(received or {})) if previous is not None else {}
    plans: list[DeliveryPlan] = []
    for person in new.people:
        prior = previous_deliveries.get(person.user_id)
        mine = tuple(changes.get(person.user_id, ()))
        if previous is None or prior is None or mine or prior.status == "pending":
            plans.append(DeliveryPlan(person.user_id, person.department, person.call, True, "pending", mine))
        else:
            plans.append(DeliveryPlan(person.user_id, person.department, person.call, False, prior.status))
    if previous is not None:
        for person in previous.people:
            if new.person(person.user_id) is None:
                plans.append(DeliveryPlan(person.user_id, person.department, person.call, True, "pending",
                                          tuple(changes.get(person.user_id, ())), removed=True))
    return plans


def status_by_department(sheet: CallSheet, deliveries: Iterable[Delivery]) -> dict[str, dict[str, list[PersonCall]]]:
    """department -> {"confirmed" | "waiting" | "unreachable": [people]} in call-sheet order."""
    by_user = {d.user_id: d for d in deliveries}
    out: dict[str, dict[str, list[PersonCall]]] = {}
    for person in sheet.people:
        d = by_user.get(person.user_id)
        state = "waiting" if d is None or d.status in ("pending", "sent") else d.status
        out.setdefault(person.department, {"confirmed": [], "waiting": [], "unreachable": []})[state].append(person)
    return out
