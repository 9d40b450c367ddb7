"""Problems found in a stripboard, the error that carries them, and their text for the reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.errors import DomainError
from bot.domain.stripboard.headers import TABLES


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and a catalog key (``stripboard.problem.*``) saying what."""

    sheet: str
    row: int | None
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        order = {t.name: i for i, t in enumerate(TABLES)}
        return (order.get(self.sheet, 99), self.row or 0, self.column or "")


class StripboardError(DomainError):
    """The file was refused; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        problems = sorted(problems, key=Problem.sort_key)
        super().__init__("stripboard.error.invalid", count=len(problems))
        self.problems = problems

    def __reduce__(self):
        return (StripboardError, (self.problems,))


def problem_text(problem: Problem, locale: str) -> str:
    """"scenes, row 14, column 'est_minutes': 'ten' is not a number" in the reader's language."""
    from bot.i18n import t

    if problem.row and problem.column:
        where = t("stripboard.where.cell", locale, sheet=problem.sheet, row=problem.row, column=problem.column)
    elif problem.row:
        where = t("stripboard.where.row", locale, sheet=problem.sheet, row=problem.row)
    elif problem.column:
        where = t("stripboard.where.column", locale, sheet=problem.sheet, column=problem.column)
    else:
        where = t("stripboard.where.sheet", locale, sheet=problem.sheet)
    return f"{where}: {t(problem.key, locale, **problem.params)}"
