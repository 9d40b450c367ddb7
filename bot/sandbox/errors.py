"""Errors of the sandbox: what it answers the bot with, and what it raises at a test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldError:
    """One problem in a request body, at a path like ``("embeds", 0, "title")``."""

    path: Path
    code: str
    message: str

    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path) or "<body>"


def nest_errors(errors: Sequence[FieldError]) -> dict[str, Any]:
    """Discord's ``errors`` object: ``{"embeds": {"0": {"title": {"_errors": [...]}}}}``."""
    root: dict[str, Any] = {}
    for err in errors:
        node = root
        for part in err.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": err.code, "message": err.message})
    return root


class SandboxError(Exception):
    """Base class of everything the sandbox raises at test code."""


class SandboxUsageError(SandboxError):
    """The test asked for something a Discord user could not do (unknown command, missing option...)."""


class SandboxTimeout(SandboxError, TimeoutError):
    """The bot did not do what the sandbox waited for in time."""


class DiscordHTTPError(SandboxError):
    """An error response the sandbox returned to the bot (status, Discord JSON error code, message)."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: Sequence[FieldError] = (),
        *,
        route: str = "",
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.field_errors: list[FieldError] = list(errors)
        self.route = route
        super().__init__(f"{status} {message} (code {code}){self._detail()}")

    def _detail(self) -> str:
        if not self.field_errors:
            return ""
        return ": " + "; ".join(f"{e.dotted()}: {e.message}" for e in self.field_errors)

    @property
    def errors(self) -> dict[str, Any]:
        return nest_errors(self.field_errors)

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.field_errors:
            data["errors"] = self.errors
        return data

    # Constructors for the errors Discord answers most often.
    @classmethod
    def invalid_form(cls, errors: Sequence[FieldError], route: str = "") -> DiscordHTTPError:
        return cls(400, 50035, "Invalid Form Body", errors, route=route)

    @classmethod
    def unauthorized(cls) -> DiscordHTTPError:
        return cls(401, 0, "401: Unauthorized")

    @classmethod
    def not_found(cls, what: str, code: int) -> DiscordHTTPError:
        return cls(404, code, f"Unknown {what}")

    @classmethod
    def missing_permissions(cls) -> DiscordHTTPError:
        return cls(403, 50013, "Missing Permissions")

    @classmethod
    def missing_access(cls) -> DiscordHTTPError:
        return cls(403, 50001, "Missing Access")


# Discord JSON error codes used by the sandbox.
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MEMBER = 10007
UNKNOWN_MESSAGE = 10008
UNKNOWN_ROLE = 10011
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_APPLICATION = 10002
UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060
CANNOT_DM = 50007
INVALID_WEBHOOK_TOKEN = 50027
DM_TOO_FAST = 40003
TOO_LARGE = 40005
DISALLOWED_INTENTS = 4014  # gateway close code
CANNOT_EDIT_OTHERS = 50005
INVALID_FORM = 50035
