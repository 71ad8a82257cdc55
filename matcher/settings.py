"""Settings: the programme's own rule settings and the service's environment.

`ProgrammeSettings` travels with a programme folder (its optional `settings` file, docs/format.md);
`AppSettings` is where the service finds its reference data and store, overridable by
environment variables (PEERMATCH_*) and CLI options.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from matcher.rules import RULES, default_weights
from matcher.rules.s7_stability import START_MOVED_WEIGHT

MEMBER_CAP_DAYS = 40
"""H4: member peers are used for at most 40 days a year (LGA board paper, Dec 2023)."""


class ProgrammeSettings(BaseModel):
    """Rule settings of one programme (the `settings` sheet or file)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    financial_year_start: date | None = Field(
        default=None,
        description="First day of the programme's financial year (H4, days_used); default: "
        "the 1 April on or before the earliest challenge start.",
    )
    officer_cap_days: int = Field(default=30, ge=0, description="Default officer day cap (H4).")
    member_cap_days: int = Field(
        default=MEMBER_CAP_DAYS, ge=0, description="Member peer day cap (H4)."
    )
    neighbour_rule: bool = Field(
        default=True, description="H5: exclude peers from councils bordering the client."
    )
    weights: dict[str, int] = Field(
        default_factory=default_weights, description="Penalty points per unit for S1-S8."
    )
    start_moved_weight: int = Field(
        default=START_MOVED_WEIGHT,
        ge=0,
        description="S7 stability: points per proposed seat whose team the plan starts on "
        "another day than its placement's start_date (0: proposed starts may move freely).",
    )
    unfilled_penalty: int = Field(
        default=20_000, ge=1, description="Points for leaving a seat empty in partial mode."
    )
    allow_partial: bool = Field(
        default=True, description="Leave impossible seats unfilled (H1) instead of failing."
    )
    time_limit_s: float = Field(default=60.0, gt=0, description="Solver time limit in seconds.")
    profile_stale_before: date | None = Field(
        default=None,
        description="H6, profile freshness (issue 13): peers whose profile was last updated "
        "before this date, or never, are not matched; 12 months before today enforces the "
        "rolling 12-month update. Empty: off.",
    )

    def weight(self, code: str) -> int:
        """Points per unit of soft rule `code`, falling back to the catalogue default."""
        return self.weights.get(code, RULES[code].default_weight)

    def financial_year_of(self, day: date) -> int:
        """The calendar year in which the financial year containing `day` starts."""
        start = self.financial_year_start or date(day.year, 4, 1)
        anniversary = date(day.year, start.month, start.day)
        return day.year if day >= anniversary else day.year - 1


def _default_data_dir() -> Path:
    """The reference data shipped in the package (matcher/data)."""
    from matcher.data import PACKAGE_DATA_DIR

    return PACKAGE_DATA_DIR


def _default_home() -> Path:
    """The user's data directory: one store wherever a command runs from."""
    return Path(platformdirs.user_data_dir("peermatch", appauthor=False))


class AppSettings(BaseSettings):
    """Where peermatch finds reference data and keeps its store (env: PEERMATCH_*)."""

    model_config = SettingsConfigDict(env_prefix="PEERMATCH_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder holding councils_england.csv (councils_wales.csv optional) and "
        "council_neighbours.csv; default: the data shipped in matcher/data.",
    )
    home: Path = Field(
        default_factory=_default_home,
        description="Folder for the embedded SQLite store and runs; default: the user's data "
        "directory (platformdirs), e.g. ~/.local/share/peermatch on Linux.",
    )
    db_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in `home`."
    )

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{(self.home / 'peermatch.db').resolve()}"
