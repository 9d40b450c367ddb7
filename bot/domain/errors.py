"""Errors the domain raises. Each carries a translation key and its parameters, so the
Discord layer can answer in the user's language without the domain knowing about Discord."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal a user should read: ``key`` is a catalog key, ``params`` fill its placeholders."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # useful in logs and test failures
        return f"{self.key} {self.params}" if self.params else self.key


class PermissionDenied(DomainError):
    pass


class NotFound(DomainError):
    pass
