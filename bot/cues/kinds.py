"""The seam for outbox kinds: kind -> renderer (+ optional send-time check and outcome hook).

Every message the bot sends on its own is a row of the outbox (the ``cues`` table) of some kind. A
renderer turns a stored row into what Discord should show, in the row's locale (the production's
language for channels, the person's for DMs), and says whom it may mention. Features add kinds with
:func:`register`::

    register(CueKind("standby", render_standby))                    # a cue at a time of day
    register(CueKind("supper_ticket", render_message, timely=False,  # owed whenever the bot is up
                     on_outcome=ticket_delivered))

and put rows in the table through ``CueRepo`` (``CueRepo.insert(tx, ..., CueSpec(...))`` in the
same transaction as the change that makes them owed) or ``LiveDayService.sync``; the engine then
claims, sends, retries, resumes after a crash and reports what could not be sent.

* ``render(cue, tz) -> Rendered``: text, embeds (with a plain-text fallback), files (inline bytes
  or made at send time by a file source registered with :func:`register_file_source`), buttons
  (custom ids a persistent ``DynamicItem`` handles), mentions.
* :func:`render_message` renders a row whose payload already holds the message
  (:func:`message_payload`): for messages rendered when they were queued (a call sheet).
* ``precheck(tx, cue)``: False at send time skips the row ("no longer wanted").
* ``on_outcome(ctx)``: runs in the transaction that records a final outcome (sent / failed /
  dropped); may insert follow-up rows (``ctx.arm``). Without it, a failure is reported the default
  way (:mod:`bot.cues.problems`: a DM falls back to a mention in the department channel; anything
  else is listed for the AD).
* ``Rendered.edit_of``: the row edits the message another row of the outbox posted (a board that
  shows who answered): sent once that row is sent, re-applied safely after a crash.
* ``timely``: a cue at a time of day (skipped when the bot was down past the grace window) or an
  owed message (sent whenever the bot is back).
* ``internal``: posts nothing; the engine runs the handler registered with ``CueEngine.handle``.

The live day's own kinds (reminders, moves, meals, the wrap, the AD's alerts and cast call
proposals, the internal re-plan) are in :mod:`bot.cues.live_kinds`, registered on import.
Nothing here imports discord.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cues.result import DeliveryResult
from bot.domain.callsheet import fmt_time
from bot.domain.cues import Cue
from bot.i18n import duration, has_key, in_languages, join_list, split_locales, t
from bot.render.escape import escape
from db.database import Tx


@dataclass(frozen=True, slots=True)
class Button:
    """A button on a message; its ``custom_id`` is handled by a persistent ``DynamicItem``."""

    custom_id: str
    label: str
    style: str = "success"  # primary | secondary | success | danger
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file on a message: inline ``data``, or made at send time by the file ``source`` from ``ref``."""

    filename: str
    data: bytes | None = None
    source: str | None = None
    ref: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rendered:
    content: str
    mention_users: tuple[int, ...] = ()
    mention_roles: tuple[int, ...] = ()
    embeds: tuple[Mapping[str, Any], ...] = ()
    files: tuple[FileRef, ...] = ()
    buttons: tuple[Button, ...] = ()
    plain_more: str = ""  # said at the end of the plain-text fallback when it had to be cut
    edit_of: int | None = None  # this row edits the message another (sent) row posted, instead of posting


Renderer = Callable[[Cue, ZoneInfo], Rendered]
Precheck = Callable[[Tx, Cue], Awaitable[bool]]


@dataclass
class SendOutcome:
    """What an ``on_outcome`` hook gets: the open transaction, the row as claimed, the final result.
    Ids of rows the hook inserts or re-opens go to ``arm``; ``hold`` delays some of them (wall seconds)."""

    tx: Tx
    cue: Cue
    result: DeliveryResult
    now: datetime
    arm: list[int] = field(default_factory=list)
    hold: dict[int, float] = field(default_factory=dict)


OnOutcome = Callable[[SendOutcome], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class CueKind:
    name: str
    render: Renderer
    precheck: Precheck | None = None  # False at send time: the cue is skipped ("no longer wanted")
    on_outcome: OnOutcome | None = None  # in the transaction that records sent / failed / dropped
    timely: bool = True  # False: owed whenever the bot is back (never "too late")
    internal: bool = False  # posts nothing: the engine runs its handler (``CueEngine.handle``)


_KINDS: dict[str, CueKind] = {}

FileSource = Callable[[Mapping[str, Any]], Awaitable[bytes]]


class FileUnavailable(Exception):
    """A file source cannot make its file, and retrying will not help (e.g. no CJK font for the PDF)."""

_FILE_SOURCES: dict[str, FileSource] = {}


def register(kind: CueKind, *, replace: bool = False) -> None:
    if kind.name in _KINDS and not replace:
        raise ValueError(f"cue kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind


def get(name: str) -> CueKind | None:
    return _KINDS.get(name)


def registered() -> tuple[str, ...]:
    return tuple(_KINDS)


def timely(name: str) -> bool:
    kind = _KINDS.get(name)
    return kind.timely if kind is not None else True


def register_file_source(name: str, source: FileSource, *, replace: bool = True) -> None:
    """``source(ref) -> bytes``: makes a file at send time (e.g. a call sheet's PDF from its version id)."""
    if name in _FILE_SOURCES and not replace:
        raise ValueError(f"file source {name!r} is already registered")
    _FILE_SOURCES[name] = source


async def file_bytes(ref: FileRef) -> bytes:
    if ref.data is not None:
        return ref.data
    source = _FILE_SOURCES.get(ref.source or "")
    if source is None:
        raise LookupError(f"no file source {ref.source!r} for {ref.filename}")
    return await source(ref.ref)


def render(cue: Cue, tz: ZoneInfo, *, late: bool = False) -> Rendered:
    kind = _KINDS.get(cue.kind)
    if kind is None or kind.internal:
        raise LookupError(f"no renderer for cue kind {cue.kind!r}")
    locales = split_locales(cue.locale)
    out = kind.render(dataclasses.replace(cue, locale=locales[0]) if len(locales) > 1 else cue, tz)
    content = out.content
    if len(locales) > 1:  # a channel post of a mixed crew: the same cue again in the second language, as subtext
        content = in_languages(lambda loc: content if loc == locales[0] else kind.render(dataclasses.replace(cue, locale=loc), tz).content,
                               cue.locale, limit=2000 - 40)
    roles = out.mention_roles
    if late and out.edit_of is None:
        content = t("cues.late_prefix", cue.locale) + content
    if cue.target.role_id is not None and cue.target.channel_id is not None:
        content = f"<@&{cue.target.role_id}> {content}"
        roles = (*roles, cue.target.role_id)
    return Rendered(content[:2000], out.mention_users, roles, out.embeds, out.files, out.buttons, out.plain_more, out.edit_of)


async def precheck(tx: Tx, cue: Cue) -> bool:
    kind = _KINDS.get(cue.kind)
    if kind is None or kind.precheck is None:
        return True
    return await kind.precheck(tx, cue)


# --------------------------------------------------------------------------- prepared messages


def message_payload(
    content: str = "",
    embeds: Sequence[Mapping[str, Any]] = (),
    *,
    files: Sequence[FileRef] = (),
    buttons: Sequence[Button] = (),
    mention_users: Sequence[int] = (),
    plain_more: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """A payload holding a message rendered when it was queued (rendered back by :func:`render_message`).
    Inline files are stored base64; ``extra`` keys are kept for the kind's hooks."""
    out: dict[str, Any] = dict(extra)
    out["message"] = {
        "content": content,
        "embeds": [dict(e) for e in embeds],
        "files": [
            {"filename": f.filename, **({"b64": base64.b64encode(f.data).decode("ascii")} if f.data is not None else {}),
             **({"source": f.source, "ref": dict(f.ref)} if f.source else {})}
            for f in files
        ],
        "buttons": [{"custom_id": b.custom_id, "label": b.label, "style": b.style, "disabled": b.disabled} for b in buttons],
        "mention_users": [int(u) for u in mention_users],
        "plain_more": plain_more,
    }
    return out


def render_message(cue: Cue, tz: ZoneInfo) -> Rendered:
    m = cue.payload.get("message") or {}
    files = tuple(
        FileRef(f["filename"], base64.b64decode(f["b64"]) if "b64" in f else None, f.get("source"), f.get("ref") or {})
        for f in m.get("files") or []
    )
    buttons = tuple(Button(b["custom_id"], b["label"], b.get("style", "success"), bool(b.get("disabled"))) for b in m.get("buttons") or [])
    return Rendered(
        str(m.get("content") or ""),
        tuple(int(u) for u in m.get("mention_users") or []),
        (),
        tuple(m.get("embeds") or []),
        files,
        buttons,
        str(m.get("plain_more") or ""),
    )


# --------------------------------------------------------------------------- helpers


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _day(cue: Cue) -> date | None:
    d = cue.payload.get("date")
    return date.fromisoformat(d) if d else None


def clock(value: datetime | None, day: date | None, tz: ZoneInfo, locale: str) -> str:
    """A time on the shoot day ``day`` in ``locale`` ("14:40", "次日 01:10"); None reads "—"."""
    if value is None:
        return "—"
    return fmt_time(value, day, tz, locale) if day is not None else value.astimezone(tz).strftime("%H:%M")


def when(cue: Cue, field: str, tz: ZoneInfo) -> str:
    """A payload time in the production's timezone, in the cue's language: "14:40", and past
    midnight "01:10 (+1)" / "次日 01:10"."""
    value = _dt(cue.payload.get(field))
    day = _day(cue)
    if value is None:
        return "—"
    return fmt_time(value, day, tz, cue.locale) if day is not None else value.astimezone(tz).strftime("%H:%M")


PLACEHOLDERS = {"-", "—", "–", "/", "n/a", "N/A"}


def place(cue: Cue) -> str:
    """"Courtroom, Building 3, Heart Road South"."""
    p = cue.payload
    parts = (str(p.get(k) or "").strip() for k in ("set", "building", "road"))
    return escape(", ".join(x for x in parts if x and x not in PLACEHOLDERS))


def text(cue: Cue, field: str) -> str:
    """A free-text payload field (a set, a scene number, a department's need) as literal markdown."""
    return escape(cue.payload.get(field, ""))


def scenes_text(cue: Cue) -> str:
    return join_list((escape(s) for s in cue.payload.get("scenes") or []), cue.locale)


def walk_text(cue: Cue) -> str:
    minutes = int(cue.payload.get("walk") or 0)
    return t("cues.walk", cue.locale, minutes=minutes) if minutes else t("cues.walk_unknown", cue.locale)


def kind_label(kind: str, locale: str) -> str:
    """"call reminder", "call sheet DM"... (the kind's name when the catalog has no label)."""
    return t(f"cues.kind.{kind}", locale) if has_key(f"cues.kind.{kind}") else kind


def behind_text(minutes: int, locale: str) -> str:
    """Behind/ahead of plan, the same words in every message: "1 h 34 min behind plan" / "落后计划 1小时34分"."""
    if minutes > 0:
        return t("cues.behind", locale, duration=duration(minutes, locale))
    if minutes < 0:
        return t("cues.ahead", locale, duration=duration(-minutes, locale))
    return t("cues.on_time", locale)


from bot.cues import live_kinds  # noqa: E402,F401  (registers the live day's kinds)
