"""The optional `settings` table (one row) or settings.toml -> ProgrammeSettings.

Keys are ProgrammeSettings' field names, with the soft-rule weights spread over columns
`weight_S1` ... `weight_S8` (TOML may also use a [weights] table keyed S1 ... S8). An unknown
key is an error, never silently ignored: a misspelt `oficer_cap_days` must not quietly run
the programme on the default cap. Empty cells keep the default.
"""

from __future__ import annotations

from datetime import date
from types import NoneType
from typing import Any, get_args

from pydantic import ValidationError

from matcher.io.cells import BOOLEAN, DATE, DECIMAL, TEXT, Kind, convert_column, whole
from matcher.io.errors import LoadError
from matcher.io.tables import RawTable
from matcher.rules import default_weights
from matcher.settings import ProgrammeSettings

WEIGHT_PREFIX = "weight_"
WEIGHT_KIND = whole(0, "weights are whole penalty points >= 0 for S1-S8")


def _kind_for(annotation: Any) -> Kind:
    """The cell kind for a ProgrammeSettings field (bool before int: bool is an int)."""
    types = set(get_args(annotation)) or {annotation}
    types.discard(NoneType)
    for python_type, kind in (
        (date, DATE),
        (bool, BOOLEAN),
        (int, whole(0, "a setting")),
        (float, DECIMAL),
    ):
        if python_type in types:
            return kind
    return TEXT


def setting_kinds() -> dict[str, Kind]:
    """Every accepted settings key and how its value is read."""
    kinds = {
        name: _kind_for(info.annotation)
        for name, info in ProgrammeSettings.model_fields.items()
        if name != "weights"
    }
    kinds.update({f"{WEIGHT_PREFIX}{code}": WEIGHT_KIND for code in default_weights()})
    return kinds


def settings_from_table(table: RawTable, errors: list[LoadError]) -> ProgrammeSettings | None:
    """The one-row settings sheet or settings.csv."""
    for row in table.rows[1:]:
        errors.append(
            LoadError(
                file=table.label, row=row, message="settings has exactly one row (docs/format.md)"
            )
        )
    if not table.rows:
        return ProgrammeSettings()
    cells = {column: values[0] for column, values in table.columns.items()}
    return _settings(cells, table.label, table.rows[0], errors)


def settings_from_toml(
    document: dict[str, Any], label: str, errors: list[LoadError]
) -> ProgrammeSettings | None:
    """settings.toml: the same keys as the settings table, or a [weights] table."""
    flat = {key: value for key, value in document.items() if key != "weights"}
    weights = document.get("weights", {})
    if not isinstance(weights, dict):
        errors.append(
            LoadError(
                file=label, column="weights", message="weights must be a table of S1-S8 points"
            )
        )
        weights = {}
    flat.update({f"{WEIGHT_PREFIX}{code}": value for code, value in weights.items()})
    cells = {key: _toml_text(value) for key, value in flat.items()}
    return _settings(cells, label, None, errors)


def _toml_text(value: Any) -> str:
    """TOML values as the text a cell would hold, so both forms obey the same rules."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _settings(
    cells: dict[str, str], label: str, row: int | None, errors: list[LoadError]
) -> ProgrammeSettings | None:
    kinds = setting_kinds()
    values: dict[str, Any] = {}
    weights = default_weights()
    before = len(errors)
    for key, text in cells.items():
        if key not in kinds:
            errors.append(
                LoadError(
                    file=label,
                    row=row,
                    column=key,
                    value=text,
                    message=(f"unknown setting {key!r} (known: {', '.join(kinds)})"),
                )
            )
            continue
        (value,), bad = convert_column([text], kinds[key])
        if bad:
            errors.append(LoadError(file=label, row=row, column=key, value=text, message=bad[text]))
        elif value is not None and key.startswith(WEIGHT_PREFIX):
            weights[key.removeprefix(WEIGHT_PREFIX)] = value
        elif value is not None and value != "":
            values[key] = value
    if len(errors) > before:
        return None
    try:
        return ProgrammeSettings(**values, weights=weights)
    except ValidationError as exc:
        for problem in exc.errors():
            key = str(problem["loc"][0]) if problem["loc"] else None
            errors.append(
                LoadError(
                    file=label,
                    row=row,
                    column=key,
                    value=cells.get(key or ""),
                    message=problem["msg"],
                )
            )
        return None
