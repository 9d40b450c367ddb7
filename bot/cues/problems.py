"""What could not be sent is told, truthfully (Discord-free).

The default ``on_outcome`` for a failed row (:func:`report_failure`):

* a DM that Discord refused falls back to a mention in the person's department channel (a
  ``dm_fallback`` row; its text says whether their DMs are closed, 50007, or Discord refused
  the DM for another reason);
* anything else (a channel post Discord refused, a DM with no channel to fall back to, a fallback
  that failed too) becomes an item of the production's ``undelivered`` notice to the AD channel:
  what it was, for whom or where, and exactly what happened (DMs closed, the permission the bot is
  missing and where, Discord failing, fallback posted or not). Items that fail close together
  collect into one notice (it is held for a second before it goes).

If the AD channel itself refuses the notice, the failure is logged (nothing else is left to tell).
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from bot.cues import kinds
from bot.cues.kinds import CueKind, Rendered, SendOutcome
from bot.domain.cues import SYSTEM_SCOPE, Cue, CueSpec, Target
from bot.domain.outbox import DM_CLOSED, reason
from bot.i18n import t
from db.repositories.cues import CueRepo
from db.repositories.productions import ProductionRepo

log = logging.getLogger(__name__)

DM_FALLBACK = "dm_fallback"
UNDELIVERED = "undelivered"
#: Wall seconds an AD notice waits for more items before it goes.
COLLECT_SECONDS = 1.0
MAX_LINES = 20


def failure_item(cue: Cue, *, fallback: str = "", fallback_channel: int | None = None, fallback_error: dict[str, Any] | None = None,
                 status: int | None = None, code: int | None = None, error: str = "", missing: tuple[str, ...] = (),
                 attempts: int | None = None) -> dict[str, Any]:
    """One line of the AD's notice, as data (rendered in the production's language when it is sent)."""
    return {
        "kind": cue.payload.get("of_kind") or cue.kind,
        "user_id": cue.target.user_id,
        "channel_id": cue.target.channel_id,
        "reason": reason(status, code, error),
        "status": status,
        "code": code,
        "missing": list(missing),
        "attempts": attempts if attempts is not None else cue.attempts,
        "error": error[:200],
        "fallback": fallback,  # "" (not a DM) | "posted" | "failed" | "none"
        "fallback_channel": fallback_channel,
        "fallback_error": fallback_error or {},
    }


def reason_text(item: dict[str, Any], locale: str, *, where: int | None = None) -> str:
    """"their DMs are closed (Discord 50007)", "Discord refused: I am missing Embed Links in #x (403 50013)"..."""
    key = item.get("reason") or "other"
    missing = [t(f"perm.{p}", locale) for p in item.get("missing") or []]
    channel = f"<#{where}>" if where else ""
    if key == "missing_permissions":
        if not missing:
            return t("outbox.reason.missing_permissions_any", locale, channel=channel or "—")
        return t("outbox.reason.missing_permissions", locale, perms=t("outbox.list_sep", locale).join(missing), channel=channel or "—")
    return t(f"outbox.reason.{key}", locale, status=item.get("status") or "", code=item.get("code") or "",
             attempts=item.get("attempts") or 1, error=item.get("error") or "", channel=channel or "—")


def item_line(item: dict[str, Any], locale: str) -> str:
    kind = kinds.kind_label(str(item.get("kind")), locale)
    if item.get("user_id") and not item.get("channel_id"):
        text = t("outbox.line_dm", locale, kind=kind, user=f"<@{item['user_id']}>", reason=reason_text(item, locale))
        fb = item.get("fallback")
        if fb == "posted":
            text += t("outbox.fallback.posted", locale, channel=f"<#{item.get('fallback_channel')}>")
        elif fb == "failed":
            text += t("outbox.fallback.failed", locale, channel=f"<#{item.get('fallback_channel')}>",
                      reason=reason_text(item.get("fallback_error") or {}, locale, where=item.get("fallback_channel")))
        elif fb == "none":
            text += t("outbox.fallback.none", locale)
        return text
    where = item.get("channel_id")
    return t("outbox.line_channel", locale, kind=kind, channel=f"<#{where}>", reason=reason_text(item, locale, where=where))


def render_undelivered(cue: Cue, tz: ZoneInfo) -> Rendered:
    loc = cue.locale
    items = list(cue.payload.get("items") or [])
    lines = [t("outbox.title", loc, count=len(items))]
    lines += [item_line(i, loc) for i in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        lines.append(t("outbox.more", loc, count=len(items) - MAX_LINES))
    if any(i.get("reason") in ("missing_permissions", "missing_access") for i in items):
        lines.append(t("outbox.grant_hint", loc))
    return Rendered("\n".join(lines))


def render_dm_fallback(cue: Cue, tz: ZoneInfo) -> Rendered:
    p = cue.payload
    uid = int(p["user_id"])
    key = "outbox.dm_fallback.closed" if p.get("code") == DM_CLOSED else "outbox.dm_fallback.refused"
    return Rendered(t(key, cue.locale, user=f"<@{uid}>") + "\n" + str(p.get("text") or ""), mention_users=(uid,))


async def tell_ad(o: SendOutcome, production_id: int, item: dict[str, Any]) -> None:
    """Add ``item`` to the production's pending notice to the AD, or start one (held a moment to collect)."""
    tx, now = o.tx, o.now
    prod = await ProductionRepo.get(tx, production_id)
    channel = (prod.channel("ad") or prod.channel("production")) if prod else None
    if prod is None or channel is None:
        log.error("production %s: could not send %s and there is no AD channel to tell", production_id, item)
        return
    open_notice = await CueRepo.pending_of_kind(tx, production_id, UNDELIVERED)
    if open_notice is not None:
        payload = dict(open_notice.payload)
        payload["items"] = [*payload.get("items", []), item]
        if await CueRepo.set_payload(tx, open_notice.id, payload, now):
            return
    spec = CueSpec(f"{SYSTEM_SCOPE}:{production_id}:undelivered:{o.cue.id}:{o.cue.attempts}", UNDELIVERED, now, Target(channel_id=channel),
                   prod.language, {"items": [item]}, scope=SYSTEM_SCOPE)
    if (cid := await CueRepo.insert(tx, production_id, None, spec, now)) is not None:
        o.arm.append(cid)
        o.hold[cid] = COLLECT_SECONDS


async def report_failure(o: SendOutcome) -> None:
    """The default for a failed row: a refused DM falls back to the department channel; the rest is told to the AD."""
    cue, r = o.cue, o.result
    if cue.target.is_dm and cue.kind != DM_FALLBACK:
        department = cue.payload.get("department")
        prod = await ProductionRepo.get(o.tx, cue.production_id)
        channel = prod.department_channel(str(department)) if prod is not None and department else None
        if prod is not None and channel is not None:
            try:
                text = kinds.render(cue, prod.tz, late=cue.late).content
            except LookupError:
                text = ""
            # addressed to the person, like the DM it stands in for: in their language, not the channel's
            spec = CueSpec(f"{cue.key}:fallback", DM_FALLBACK, o.now, Target(channel_id=channel), cue.locale,
                           {"user_id": cue.target.user_id, "text": text, "code": r.code, "status": r.status, "error": r.error[:200],
                            "of": cue.id, "of_kind": cue.kind, "department": department},
                           expires=cue.expires, scope=cue.scope)
            if (cid := await CueRepo.insert(o.tx, cue.production_id, cue.day_id, spec, o.now)) is not None:
                o.arm.append(cid)
            return
        await tell_ad(o, cue.production_id, failure_item(cue, fallback="none", status=r.status, code=r.code, error=r.error, missing=r.missing))
        return
    await tell_ad(o, cue.production_id, failure_item(cue, status=r.status, code=r.code, error=r.error, missing=r.missing))


def fallback_error(r) -> dict[str, Any]:
    """What happened to a fallback mention (a failed send result), as the item's ``fallback_error``."""
    return {"reason": reason(r.status, r.code, r.error), "status": r.status, "code": r.code, "missing": list(r.missing), "error": r.error[:200]}


async def _fallback_outcome(o: SendOutcome) -> None:
    """A DM's fallback mention: when it fails too, the AD is told both what happened to the DM and to the mention."""
    if o.result.outcome != "failed":
        return
    p, r = o.cue.payload, o.result
    original = Cue(o.cue.id, o.cue.production_id, o.cue.day_id, o.cue.scope, o.cue.key, str(p.get("of_kind") or o.cue.kind), o.cue.due,
                   Target(user_id=int(p["user_id"])), o.cue.locale, p, "failed")
    item = failure_item(original, fallback="failed", fallback_channel=o.cue.target.channel_id, fallback_error=fallback_error(r),
                        status=p.get("status"), code=p.get("code"), error=str(p.get("error") or ""))
    await tell_ad(o, o.cue.production_id, item)


async def _notice_outcome(o: SendOutcome) -> None:
    if o.result.outcome == "failed":
        log.error("production %s: the AD channel refused the notice of undelivered messages (%s): %s",
                  o.cue.production_id, o.result.error, o.cue.payload.get("items"))


kinds.register(CueKind(DM_FALLBACK, render_dm_fallback, on_outcome=_fallback_outcome, timely=False))
kinds.register(CueKind(UNDELIVERED, render_undelivered, on_outcome=_notice_outcome, timely=False))
