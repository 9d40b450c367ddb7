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

    def __reduce__(self):  # pickles (errors come back from the file-parsing process)
        return (_rebuild, (type(self), self.key, self.params))


def _rebuild(cls: type[DomainError], key: str, params: dict[str, Any]) -> DomainError:
    err = Exception.__new__(cls)
    Exception.__init__(err, key, params)
    err.key, err.params = key, params
    return err


class PermissionDenied(DomainError):
    pass


class NotFound(DomainError):
    pass
