"""Typed columns: a raw table checked against its TableSpec, then turned into models.

Columns are converted whole (see cells.convert_column) and kept side by side with the raw
text, so cross-file checks can look at ids and flags even on rows that have some other
error: one typo in a peer's date must not make every reference to that peer "unknown".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from matcher.io.cells import convert_column
from matcher.io.errors import LoadError
from matcher.io.schema import TableSpec
from matcher.io.tables import RawTable


@dataclass
class ParsedTable:
    """A table's typed columns (None where a cell is bad or absent) and its row numbers."""

    spec: TableSpec
    label: str
    rows: list[int] = field(default_factory=list)
    text: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, list[Any]] = field(default_factory=dict)
    bad: set[int] = field(default_factory=set)
    """Positions of rows with a bad cell: they never become models."""
    complete: bool = True
    """False when a required column is missing: no row can become a model."""
    present: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        return self.values.get(name, [None] * len(self.rows))

    def error(
        self, position: int, column: str | None, message: str, value: str | None = None
    ) -> LoadError:
        """A LoadError at row `position`, quoting the cell text unless `value` is given."""
        if value is None and column in self.text:
            value = self.text[column][position]
        return LoadError(
            file=self.label, row=self.rows[position], column=column, value=value, message=message
        )

    def positions(self) -> Iterator[int]:
        return iter(range(len(self.rows)))


def parse_table(raw: RawTable | None, spec: TableSpec, errors: list[LoadError]) -> ParsedTable:
    """Convert every column of `raw` by `spec`, recording each bad or missing cell."""
    if raw is None:
        return ParsedTable(spec, f"{spec.name}.csv")
    table = ParsedTable(spec, raw.label, rows=raw.rows, present=True)
    for column in spec.columns:
        if column.name not in raw.columns:
            if column.required:
                table.complete = False
                errors.append(
                    LoadError(
                        file=raw.label,
                        column=column.name,
                        message=f"missing required column '{column.name}'",
                    )
                )
            continue
        _convert(table, raw.columns[column.name], column.name, column, errors)
    return table


def _convert(
    table: ParsedTable, cells: list[str], name: str, column, errors: list[LoadError]
) -> None:
    values, bad = convert_column(cells, column.kind)
    table.text[name] = cells
    table.values[name] = values
    needs_value = column.required and column.kind.empty is None
    for position, cell in enumerate(cells):
        if cell in bad:
            message = bad[cell]
        elif needs_value and cell == "":
            message = f"{name} is required (empty cell)"
        else:
            continue
        table.bad.add(position)
        if getattr(errors, "full", False):
            errors.skip()  # the kept list is full: count the error without building it
        else:
            errors.append(table.error(position, name, message))


def records(table: ParsedTable) -> Iterator[tuple[int, dict[str, Any]]]:
    """(position, field values) for rows with no bad cell; empty cells are left to defaults."""
    if not table.complete:
        return
    names = [n for n in table.spec.column_names if n in table.values]
    columns = [table.values[n] for n in names]
    for position, row in enumerate(zip(*columns, strict=True)):
        if position not in table.bad:
            yield position, {n: v for n, v in zip(names, row, strict=True) if v is not None}


def build_models(table: ParsedTable, errors: list[LoadError], **derived) -> list[BaseModel]:
    """One model per good row; the model's own validation is the last safety net.

    `derived` maps a field name to a function of the row's values (e.g. a council's
    leader_party, which the folder does not carry).
    """
    model = table.spec.model
    assert model is not None, f"{table.spec.name} has no model"
    built: list[BaseModel] = []
    for position, record in records(table):
        for name, derive in derived.items():
            record[name] = derive(record)
        try:
            built.append(model(**record))
        except ValidationError as exc:
            for problem in exc.errors():
                name = str(problem["loc"][0]) if problem["loc"] else None
                errors.append(table.error(position, name, problem["msg"]))
    return built
