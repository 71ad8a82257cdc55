"""Load errors: what is wrong with a programme folder, where, and which rule it breaks.

A manager fixes a spreadsheet, not a stack trace, so every problem points at a file, a
spreadsheet row (the header is row 1, the first data row is 2) and a column, and its
message names the rule or format clause the value breaks. Loading collects all of them
before failing, so one round of fixes is enough.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

FORMAT_DOC = "docs/format.md"
"""The format reference in the repository, cited by every load error report."""

MAX_LINES_IN_MESSAGE = 50
"""Cap on the lines `str(InvalidInstanceError)` prints."""
MAX_ERRORS_KEPT = 1000
"""Errors kept in full per load; beyond it they are only counted (`.total`). A file with a
million bad rows must not make a million-line answer: the first thousand show the pattern.
"""


class LoadError(BaseModel):
    """One problem in one cell, row, column or file of a programme folder."""

    model_config = ConfigDict(frozen=True)

    file: str = Field(description="The file (or 'workbook.xlsx[sheet]') holding the problem.")
    row: int | None = Field(
        default=None,
        description="Spreadsheet row: header is 1, first data row is 2; None for file-level.",
    )
    column: str | None = Field(default=None, description="The column, if one is at fault.")
    value: str | None = Field(default=None, description="The offending cell text, if any.")
    message: str = Field(description="What is wrong and which rule or format clause it breaks.")

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        if self.value is not None:
            where += f" ({self.value!r})"
        return f"{where}: {self.message}"


class ErrorList(list):
    """A list of LoadErrors that keeps the first `limit` and counts every one (`total`)."""

    def __init__(self, errors: Iterable[LoadError] = (), limit: int = MAX_ERRORS_KEPT) -> None:
        super().__init__()
        self.limit = limit
        self.total = 0
        self.extend(errors)

    @property
    def full(self) -> bool:
        return len(self) >= self.limit

    def append(self, error: LoadError) -> None:
        self.total += 1
        if not self.full:
            super().append(error)

    def extend(self, errors: Iterable[LoadError]) -> None:
        for error in errors:
            self.append(error)

    def __iadd__(self, errors: Iterable[LoadError]) -> ErrorList:
        self.extend(errors)
        return self

    def skip(self, count: int = 1) -> None:
        """Count errors not worth building once the list is full (hot loops)."""
        self.total += count


def total_of(errors: Iterable[LoadError]) -> int:
    """How many errors were found (an ErrorList also counts those it did not keep)."""
    return errors.total if isinstance(errors, ErrorList) else len(list(errors))


class InvalidInstanceError(Exception):
    """The input cannot be loaded; `.errors` lists the problems found (the first
    MAX_ERRORS_KEPT of them), `.total` how many there were."""

    def __init__(
        self, errors: Iterable[LoadError], source: str = "programme", total: int | None = None
    ) -> None:
        kept = ErrorList(errors) if not isinstance(errors, ErrorList) else errors
        self.total: int = max(total or 0, kept.total)
        self.errors: list[LoadError] = list(kept)
        self.source = source
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = self.total
        lines = [f"{count} error{'s' if count != 1 else ''} in {self.source}:"]
        lines += [f"  {error}" for error in self.errors[:MAX_LINES_IN_MESSAGE]]
        if count > MAX_LINES_IN_MESSAGE:
            lines.append(f"  ... and {count - MAX_LINES_IN_MESSAGE} more")
        lines.append(f"The format of every file and column: {FORMAT_DOC}")
        return "\n".join(lines)
