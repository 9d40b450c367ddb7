"""Validation of the bot's request bodies against Discord's OpenAPI 3.1 spec.

The spec is never copied into the repository. It is found at runtime: ``$SETCALL_DISCORD_SPEC`` if set,
else ``<repo root>/../shared/discord-api-spec/openapi.json``; without it, spec validation is skipped
(the documented limits in :mod:`limits` still apply). The spec is loaded once per process.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path as FsPath
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .errors import FieldError

SPEC_URI = "urn:discord-openapi"
REPO_ROOT = FsPath(__file__).resolve().parents[2]

# Interaction callbacks: the top-level anyOf gives useless errors, so dispatch on "type".
CALLBACK_SCHEMAS = {
    1: "PongInteractionCallbackRequest",
    4: "CreateMessageInteractionCallbackRequest",
    5: "CreateMessageInteractionCallbackRequest",
    6: "UpdateMessageInteractionCallbackRequest",
    7: "UpdateMessageInteractionCallbackRequest",
    8: "ApplicationCommandAutocompleteCallbackRequest",
    9: "ModalInteractionCallbackRequest",
    12: "LaunchActivityInteractionCallbackRequest",
}
# Operations whose requestBody is an anyOf of near-identical alternatives: pick the meaningful one.
PREFERRED_SCHEMAS = {
    ("post", "/webhooks/{webhook_id}/{webhook_token}"): "IncomingWebhookRequestPartial",
}
# A bot syncs the same command tree on every start, and validating it against the spec takes seconds:
# the verdict on a body already seen (byte-identical JSON) is remembered, per process.
MEMO_TEMPLATES = frozenset({
    ("put", "/applications/{application_id}/commands"),
    ("put", "/applications/{application_id}/guilds/{guild_id}/commands"),
})
MEMO_SIZE = 64


def default_spec_path() -> FsPath | None:
    env = os.environ.get("SETCALL_DISCORD_SPEC")
    if env:
        return FsPath(env)
    candidate = REPO_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"
    return candidate if candidate.exists() else None


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


# Integer fields that may exceed 2**32 without being snowflakes (permission bitsets, choice values...).
NOT_SNOWFLAKES = frozenset({
    "default_member_permissions", "permissions", "allow", "deny", "flags", "color", "value", "min_value",
    "max_value", "min_length", "max_length", "duration_secs", "position", "bitrate", "user_limit",
})
SNOWFLAKE_LISTS = frozenset({"users", "roles", "applied_tags", "sticker_ids", "sku_ids", "exempt_roles",
                             "exempt_channels"})


def _snowflake_key(key: str, parent: str) -> bool:
    return key.endswith("_id") or key.endswith("_ids") or key in SNOWFLAKE_LISTS or \
        (key == "id" and parent == "attachments")


def coerce_snowflakes(value: Any, key: str = "", parent: str = "") -> Any:
    """discord.py sends snowflakes as ints; the spec types them as strings. Convert before validating.

    Converted: ints in ``*_id`` fields and snowflake lists (``*_ids``, ``users``, ``roles``...),
    ``attachments[].id`` (discord.py numbers new files 0, 1, ...), and any other int >= 2**32 except in
    known non-snowflake fields (permissions, flags, choice values...). Component ``id`` stays an int32.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if _snowflake_key(key, parent) or (value >= 2**32 and key not in NOT_SNOWFLAKES):
            return str(value)
        return value
    if isinstance(value, dict):
        return {k: coerce_snowflakes(v, k, key) for k, v in value.items()}
    if isinstance(value, list):
        return [coerce_snowflakes(v, key, parent) for v in value]
    return value


def _message(err: ValidationError) -> tuple[str, str]:
    kind = str(err.validator)
    v = err.validator_value
    if kind == "maxLength":
        return "BASE_TYPE_MAX_LENGTH", f"Must be {v} or fewer in length."
    if kind == "minLength":
        return "BASE_TYPE_MIN_LENGTH", f"Must be {v} or more in length."
    if kind == "maxItems":
        return "BASE_TYPE_MAX_LENGTH", f"Must be {v} or fewer in length."
    if kind == "minItems":
        return "BASE_TYPE_MIN_LENGTH", f"Must be {v} or more in length."
    if kind in ("maximum", "minimum"):
        return "NUMBER_TYPE_MAX" if kind == "maximum" else "NUMBER_TYPE_MIN", f"{kind.capitalize()} is {v}."
    if kind == "type":
        return "BASE_TYPE_INVALID", f"Must be of type {v}."
    if kind in ("enum", "const"):
        return "BASE_TYPE_CHOICES", f"Value must be one of {v}."
    if kind == "required":
        return "BASE_TYPE_REQUIRED", err.message
    if kind == "pattern":
        return "STRING_TYPE_REGEX", f"String value did not match validation regex {v}."
    return "SPEC_" + kind.upper(), err.message[:200]


def _discriminator_failed(errors: list[ValidationError]) -> bool:
    """The alternative does not even match the instance's kind (JSON type, or its ``type`` field)."""
    for e in errors:
        rel = list(e.relative_path)
        if not rel and e.validator == "type":
            return True
        if rel == ["type"] and e.validator in ("enum", "const"):
            return True
    return False


def _leaf(err: ValidationError) -> ValidationError:
    """Descend anyOf/oneOf failures into the alternative the instance was meant to be."""
    while err.context:
        groups: dict[Any, list[ValidationError]] = {}
        for sub in err.context:
            groups.setdefault(sub.relative_schema_path[0], []).append(sub)
        candidates = [errs for errs in groups.values() if not _discriminator_failed(errs)]
        pool = min(candidates, key=len) if candidates else list(err.context)
        best = best_match(pool)
        if best is None:
            break
        err = best
    return err


class SpecValidator:
    """Validators for request bodies, built lazily per operation and cached."""

    def __init__(self, path: FsPath) -> None:
        self.path = path
        with open(path, encoding="utf-8") as fh:
            self.spec: dict[str, Any] = json.load(fh)
        resource = Resource.from_contents(self.spec, default_specification=DRAFT202012)
        self.registry: Registry = Registry().with_resource(SPEC_URI, resource)
        self._validators: dict[tuple[str, str, int | None], Draft202012Validator | None] = {}
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, str, str], tuple[FieldError, ...]] = {}

    def _ref_validator(self, pointer: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=self.registry)

    def validator_for(self, method: str, template: str, callback_type: int | None = None) -> Draft202012Validator | None:
        key = (method.lower(), template, callback_type)
        with self._lock:
            if key in self._validators:
                return self._validators[key]
            validator: Draft202012Validator | None = None
            op = self.spec.get("paths", {}).get(template, {}).get(method.lower())
            if op is not None and "requestBody" in op:
                name = None
                if callback_type is not None:
                    name = CALLBACK_SCHEMAS.get(callback_type)
                name = name or PREFERRED_SCHEMAS.get((method.lower(), template))
                if name is not None:
                    validator = self._ref_validator(_pointer("components", "schemas", name))
                elif "application/json" in op["requestBody"].get("content", {}):
                    validator = self._ref_validator(_pointer(
                        "paths", template, method.lower(), "requestBody", "content", "application/json", "schema"))
            self._validators[key] = validator
            return validator

    def validate(self, method: str, template: str, body: Any, callback_type: int | None = None) -> list[FieldError]:
        if (method.lower(), template) not in MEMO_TEMPLATES:
            return self._validate(method, template, body, callback_type)
        key = (method.lower(), template, json.dumps(body, sort_keys=True, separators=(",", ":"), default=str))
        with self._lock:
            known = self._memo.get(key)
        if known is None:
            known = tuple(self._validate(method, template, body, callback_type))
            with self._lock:
                while len(self._memo) >= MEMO_SIZE:
                    self._memo.pop(next(iter(self._memo)))
                self._memo[key] = known
        return list(known)

    def _validate(self, method: str, template: str, body: Any, callback_type: int | None) -> list[FieldError]:
        validator = self.validator_for(method, template, callback_type)
        if validator is None:
            return []
        errors: list[FieldError] = []
        for err in validator.iter_errors(coerce_snowflakes(body)):
            leaf = _leaf(err)
            code, message = _message(leaf)
            errors.append(FieldError(tuple(leaf.absolute_path), code, message))
        return errors


_CACHE: dict[FsPath, SpecValidator] = {}
_CACHE_LOCK = threading.Lock()


def load_spec(path: FsPath | str | None) -> SpecValidator | None:
    """The validator for ``path`` (or the default location); None if there is no spec file."""
    resolved = FsPath(path) if path is not None else default_spec_path()
    if resolved is None or not resolved.exists():
        return None
    resolved = resolved.resolve()
    with _CACHE_LOCK:
        if resolved not in _CACHE:
            _CACHE[resolved] = SpecValidator(resolved)
        return _CACHE[resolved]
