"""The meal orders' outbox kinds: how each row reads, in its locale, with its buttons and files.

Buttons carry custom ids handled by persistent items (``cogs/canteen/buttons.py``), so a post,
a reminder DM or a ticket keeps working after a restart."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.cues import kinds as K
from bot.cues.kinds import Button, CueKind, FileRef, Rendered
from bot.domain.cues import Cue
from bot.domain.meals import rounds as R
from bot.i18n import t
from bot.render import meals as text
from db.database import Tx
from db.repositories.meals import OrderRepo, RoundRepo

PREFIX = "setcall:meal:"


def custom_id(round_id: int, action: str) -> str:
    return f"{PREFIX}{round_id}:{action}"


def _rendered(content: str, *, buttons: Sequence[tuple[str, str, str]] = (), files: Sequence[tuple[str, bytes]] = ()) -> Rendered:
    """A message with buttons ``(custom_id, label, style)`` and files ``(name, bytes)``."""
    return Rendered(content[:2000], buttons=tuple(Button(cid, label[:80], style) for cid, label, style in buttons),
                    files=tuple(FileRef(name, data) for name, data in files))


def answer_buttons(round_id: int, locale: str, *, mine: bool = True) -> list[tuple[str, str, str]]:
    out = [(custom_id(round_id, "yes"), t("meals.button.yes", locale), "success"),
           (custom_id(round_id, "no"), t("meals.button.no", locale), "secondary")]
    if mine:
        out.append((custom_id(round_id, "mine"), t("meals.button.mine", locale), "primary"))
    return out


def ticket_buttons(round_id: int, locale: str) -> list[tuple[str, str, str]]:
    return [(custom_id(round_id, "recv"), t("meals.button.received", locale), "primary"),
            (custom_id(round_id, "ready"), t("meals.button.ready", locale), "success")]


def render_post(cue: Cue, tz: ZoneInfo) -> Rendered:
    return _rendered(text.post_text(cue.payload, tz, cue.locale), buttons=answer_buttons(int(cue.payload["round"]), cue.locale))


def render_remind(cue: Cue, tz: ZoneInfo) -> Rendered:
    return _rendered(text.remind_text(cue.payload, tz, cue.locale), buttons=answer_buttons(int(cue.payload["round"]), cue.locale, mine=False))


def render_no_orders(cue: Cue, tz: ZoneInfo) -> Rendered:
    return _rendered(text.no_orders_text(cue.payload, tz, cue.locale))


def render_ticket(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    files = [(str(p.get("filename") or "ticket.csv"), base64.b64decode(p["csv"]))] if p.get("csv") else []
    return _rendered(str(p.get("content") or ""), buttons=ticket_buttons(int(p["round"]), cue.locale), files=files)


def render_fix(cue: Cue, tz: ZoneInfo) -> Rendered:
    return _rendered(text.fix_text(cue.payload, tz, cue.locale))


def render_late(cue: Cue, tz: ZoneInfo) -> Rendered:
    return _rendered(text.late_text(cue.payload, tz, cue.locale))


def render_status(cue: Cue, tz: ZoneInfo) -> Rendered:
    return _rendered(text.status_text(cue.payload, tz, cue.locale))


async def still_unanswered(tx: Tx, cue: Cue) -> bool:
    """A reminder goes only to someone who has still not answered, while orders are open."""
    r = await RoundRepo.get(tx, int(cue.payload["round"]))
    if r is None or r.status != "open" or cue.target.user_id is None:
        return False
    return await OrderRepo.of_person(tx, r.id, cue.target.user_id) is None


async def still_open(tx: Tx, cue: Cue) -> bool:
    r = await RoundRepo.get(tx, int(cue.payload["round"]))
    return r is not None and r.status == "open"


def render_cutoff(cue: Cue, tz: ZoneInfo) -> Rendered:  # internal: never posted
    raise LookupError("meal_cutoff rows are handled, not posted")


#: Owed messages go out whenever the bot is back (``timely=False``); the reminder is a cue at a time
#: of day (skipped when missed by more than the grace window). The post and the reminder expire at
#: the cutoff. The AD's "too late for orders" goes while the round waits for counts. The cutoff itself is internal: it posts nothing, it closes the round into a ticket,
#: and it is owed even when the bot was down at the cutoff.
KINDS = (
    CueKind(R.POST, render_post, still_open, timely=False),
    CueKind(R.REMIND, render_remind, still_unanswered),
    CueKind(R.NO_ORDERS, render_no_orders, still_open, timely=False),
    CueKind(R.CUTOFF, render_cutoff, internal=True, timely=False),
    CueKind(R.TICKET, render_ticket, timely=False),
    CueKind(R.FIX, render_fix, timely=False),
    CueKind(R.LATE, render_late, timely=False),
    CueKind(R.STATUS, render_status, timely=False),
)


def register_kinds() -> None:
    for kind in KINDS:
        if K.get(kind.name) is None:
            K.register(kind)
