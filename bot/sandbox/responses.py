"""The bot's answers to interactions: the callback, the original response, followups.

Rules emulated: ack within 3 s (else 10062), once (else 40060); callback type must fit the interaction;
webhook token valid 15 min; the first followup after a type-5 deferral fills the "thinking" message
(keeping the deferral's ephemerality, as on Discord).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import errors as E
from .errors import DiscordHTTPError, FieldError
from .interactions import ACK_DEADLINE, ALLOWED_CALLBACKS, APPLICATION_COMMAND, PendingInteraction
from .limits import check_autocomplete, check_message, check_modal
from .message import EPHEMERAL, LOADING, SandboxMessage
from .posting import BotBody, apply_edit, build_message

if TYPE_CHECKING:
    from .sandbox import Sandbox

CALLBACK_TEMPLATE = "/interactions/{interaction_id}/{interaction_token}/callback"
EXECUTE_TEMPLATE = "/webhooks/{webhook_id}/{webhook_token}"
ORIGINAL_TEMPLATE = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
MESSAGE_TEMPLATE = "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"


def _pending(sb: Sandbox, interaction_id: str, token: str) -> PendingInteraction:
    try:
        pending = sb.interactions.get(int(interaction_id))
    except ValueError:
        pending = None
    if pending is None or pending.token != token:
        raise DiscordHTTPError.not_found("interaction", E.UNKNOWN_INTERACTION)
    return pending


def _callback_limits(ctype: int, data: Any, files: int) -> list[FieldError]:
    if ctype in (4, 7):
        return check_message(data if isinstance(data, dict) else {}, base=("data",), files=files, interaction=True)
    if ctype == 5 and isinstance(data, dict):
        return check_message(data, base=("data",), interaction=True)
    if ctype == 8:
        return check_autocomplete(data)
    if ctype == 9:
        return check_modal(data)
    return []


def _new_response_message(sb: Sandbox, pending: PendingInteraction, body: BotBody, *,
                          flags_extra: int = 0) -> SandboxMessage:
    msg = build_message(sb, pending.channel, sb.bot_user_id, body, msg_type=pending.message_type,
                        flags_extra=flags_extra, interaction=True)
    msg.webhook_id = sb.application_id
    msg.interaction_id = pending.id
    msg.interaction_user_id = pending.user.id
    msg.interaction_type = pending.type
    if pending.type == APPLICATION_COMMAND:
        msg.interaction_name = pending.data.get("name")
    return msg


async def interaction_callback(sb: Sandbox, interaction_id: str, token: str, body: BotBody,
                               with_response: bool) -> tuple[int, Any]:
    pending = _pending(sb, interaction_id, token)
    try:
        return _callback(sb, pending, body, with_response)
    except DiscordHTTPError as err:
        pending.result._fail(err)
        sb._event("error", channel=pending.channel, user=pending.user, detail=f"callback: {err}",
                  interaction=pending)
        raise


def _callback(sb: Sandbox, pending: PendingInteraction, body: BotBody, with_response: bool) -> tuple[int, Any]:
    if pending.age() > ACK_DEADLINE:
        raise DiscordHTTPError.not_found("interaction", E.UNKNOWN_INTERACTION)
    if pending.response_type is not None:
        raise DiscordHTTPError(400, E.ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
    ctype = body.data.get("type")
    if ctype not in ALLOWED_CALLBACKS[pending.type] or (ctype in (6, 7) and pending.source is None):
        raise DiscordHTTPError.invalid_form([FieldError(("type",), "INTERACTION_CALLBACK_TYPE_INVALID",
                                                        f"Callback type {ctype} is not valid for interaction type {pending.type}")])
    data = body.data.get("data")
    sb._check("POST", CALLBACK_TEMPLATE, body.json, _callback_limits(ctype, data, len(body.files)),
              callback_type=ctype)
    inner = BotBody(data if isinstance(data, dict) else {}, body.files, body.multipart)
    result = pending.result
    resource: dict[str, Any] = {"type": ctype}
    if ctype == 4:
        msg = _new_response_message(sb, pending, inner)
        pending.original = result.message = msg
        sb._post(msg, interaction=pending)
    elif ctype == 5:
        flags = LOADING | ((inner.data.get("flags") or 0) & EPHEMERAL)
        msg = _new_response_message(sb, pending, BotBody({}, []), flags_extra=flags)
        pending.original = result.message = msg
        sb._post(msg, interaction=pending)
    elif ctype in (6, 7):
        source = pending.source
        assert source is not None
        filled = apply_edit(sb, source, inner) if ctype == 7 else False  # may refuse (empty message)
        pending.original = result.message = source
        if ctype == 7:
            sb._edited(source, interaction=pending, filled=filled)
    elif ctype == 8:
        result.choices = list(inner.data.get("choices") or [])
        sb._event("autocomplete", channel=pending.channel, user=pending.user, interaction=pending,
                  detail=", ".join(str(c.get("name")) for c in result.choices))
    elif ctype == 9:
        pending.modal = result.modal = inner.data
        sb._event("modal", channel=pending.channel, user=pending.user, interaction=pending,
                  detail=str(inner.data.get("title", "")), data=inner.data)
    pending.response_type = ctype
    result._answer(ctype)
    if pending.original is not None and ctype in (4, 5, 7):
        resource["message"] = pending.original.payload()
    if not with_response:
        return 204, None
    original = pending.original
    return 200, {
        "interaction": {
            "id": str(pending.id),
            "type": pending.type,
            "activity_instance_id": None,
            "response_message_id": str(original.id) if original is not None else None,
            "response_message_loading": bool(original is not None and original.loading),
            "response_message_ephemeral": bool(original is not None and original.ephemeral),
        },
        "resource": resource,
    }


def _webhook_pending(sb: Sandbox, app_id: str, token: str) -> PendingInteraction:
    pending = sb.interactions_by_token.get(token)
    if pending is None or app_id != str(sb.application_id):
        raise DiscordHTTPError.not_found("Webhook", E.UNKNOWN_WEBHOOK)
    if pending.token_expired():  # Discord: 401 Invalid Webhook Token once the 15 minutes are over
        raise DiscordHTTPError(401, E.INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
    return pending


def _record_failure(sb: Sandbox, pending: PendingInteraction | None, err: DiscordHTTPError, what: str) -> None:
    if pending is not None:
        pending.result._fail(err)
        sb._event("error", channel=pending.channel, user=pending.user, detail=f"{what}: {err}", interaction=pending)


async def execute_webhook(sb: Sandbox, app_id: str, token: str, body: BotBody, wait: bool) -> tuple[int, Any]:
    pending = None
    try:
        pending = _webhook_pending(sb, app_id, token)
        if pending.response_type is None:
            raise DiscordHTTPError.not_found("Webhook", E.UNKNOWN_WEBHOOK)
        sb._check("POST", EXECUTE_TEMPLATE, body.json,
                  check_message(body.data, files=len(body.files), interaction=True))
        result = pending.result
        original = pending.original
        if pending.response_type == 5 and original is not None and original.loading and not original.deleted and not result.followups:
            # Discord: the first followup after a deferral replaces the "thinking" message.
            filled = apply_edit(sb, original, body)
            result.followups.append(original)
            sb._edited(original, interaction=pending, filled=filled)
            msg = original
        else:
            msg = _new_response_message(sb, pending, body)
            result.followups.append(msg)
            sb._post(msg, interaction=pending, followup=True)
        result._done.set()
        return (200, msg.payload()) if wait else (204, None)
    except DiscordHTTPError as err:
        _record_failure(sb, pending, err, "followup")
        raise


def _target(sb: Sandbox, pending: PendingInteraction, message_ref: str) -> SandboxMessage:
    if message_ref == "@original":
        if pending.response_type in (None, 8, 9) or pending.original is None or pending.original.deleted:
            raise DiscordHTTPError.not_found("Message", E.UNKNOWN_MESSAGE)
        return pending.original
    try:
        msg = sb.messages.get(int(message_ref))
    except ValueError:
        msg = None
    owned = msg is not None and (msg is pending.original or msg in pending.result.followups)
    if msg is None or msg.deleted or not owned:
        raise DiscordHTTPError.not_found("Message", E.UNKNOWN_MESSAGE)
    return msg


async def webhook_message(sb: Sandbox, method: str, app_id: str, token: str, message_ref: str,
                          body: BotBody) -> tuple[int, Any]:
    pending = None
    try:
        pending = _webhook_pending(sb, app_id, token)
        msg = _target(sb, pending, message_ref)
        if method == "GET":
            return 200, msg.payload()
        if method == "DELETE":
            sb._deleted(msg, interaction=pending)
            return 204, None
        template = ORIGINAL_TEMPLATE if message_ref == "@original" else MESSAGE_TEMPLATE
        sb._check("PATCH", template, body.json, check_message(body.data, files=len(body.files), interaction=True))
        sb._edited(msg, interaction=pending, filled=apply_edit(sb, msg, body))
        if msg is pending.original or pending.result.followups:
            pending.result._done.set()
        return 200, msg.payload()
    except DiscordHTTPError as err:
        _record_failure(sb, pending, err, f"{method} message")
        raise

