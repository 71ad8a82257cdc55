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
"""Cap on the lines `str(InvalidInstanceError)` prints; `.errors` always holds them all."""


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


class InvalidInstanceError(Exception):
    """The input cannot be loaded; `.errors` lists every problem found, not just the first."""

    def __init__(self, errors: Iterable[LoadError], source: str = "programme") -> None:
        self.errors: list[LoadError] = list(errors)
        self.source = source
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.errors)
        lines = [f"{count} error{'s' if count != 1 else ''} in {self.source}:"]
        lines += [f"  {error}" for error in self.errors[:MAX_LINES_IN_MESSAGE]]
        if count > MAX_LINES_IN_MESSAGE:
            lines.append(f"  ... and {count - MAX_LINES_IN_MESSAGE} more (see .errors)")
        lines.append(f"The format of every file and column: {FORMAT_DOC}")
        return "\n".join(lines)
