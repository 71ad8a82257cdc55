"""The scenario file's schema (TOML, docs/whatif.md): a base programme plus named changes.

Every model forbids unknown fields, so a misspelt option is an error naming the field
rather than a change silently ignored (the openreview-matcher slip the style guide warns
about). Changes are a tagged union on `type`; each maps to one function in
`matcher.whatif.changes_peers` or `matcher.whatif.changes_demand`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from matcher.models import ChallengeType, CouncilType, GroupOffice, Party, PeerKind
from matcher.rules import SOFT_CODES

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
BASE_NAME = "base"
"""The unchanged programme, always solved first and shown beside every scenario."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _months(values: list[str]) -> list[str]:
    bad = [m for m in values if not MONTH.match(m)]
    if bad:
        raise ValueError(f"months are written YYYY-MM, got {', '.join(map(repr, bad))}")
    return values


class GenerateSpec(_Strict):
    size: Literal["S", "M", "L"] = Field(description="Generator size (docs/generator.md).")
    seed: int = Field(default=1, description="Generator seed.")


class BaseSpec(_Strict):
    """Where the base programme comes from: a folder/workbook, or the sample generator."""

    programme: str | None = Field(
        default=None, description="Programme folder or .xlsx, relative to the scenario file."
    )
    generate: GenerateSpec | None = Field(default=None, description="Generate a sample.")

    @model_validator(mode="after")
    def _one_source(self) -> BaseSpec:
        if (self.programme is None) == (self.generate is None):
            raise ValueError("give exactly one of 'programme' or 'generate'")
        return self


class RunSpec(_Strict):
    """Solve settings shared by every scenario, so their results are comparable."""

    time_limit_s: float = Field(default=30.0, gt=0, description="CP-SAT limit per scenario.")
    seed: int = Field(default=0, description="CP-SAT random seed (the same for all).")
    processes: int = Field(
        default=2,
        ge=1,
        description="Local pool size (one CP-SAT worker each, so N processes use N cores).",
    )
    cluster: str | None = Field(
        default=None,
        description="Dask scheduler address, or "
        "'local' for a LocalCluster; default: the local pool.",
    )
    analysis: bool = Field(
        default=True,
        description="Bottlenecks, cap exceptions and "
        "recruitment for scenarios with unfilled seats.",
    )
    analysis_time_limit_s: float = Field(
        default=30.0, gt=0, description="CP-SAT limit of each recruitment / cap-exception model."
    )
    verify_recruitment: bool = Field(
        default=False,
        description="Re-run the batch with the "
        "recommended recruits added, to confirm the seats fill.",
    )


class RecruitmentCost(_Strict):
    """Points per recruit (the recruitment model's objective); leads cost more to train."""

    member: int = Field(default=1000, ge=1, description="Points per member peer recruited.")
    officer: int = Field(default=1000, ge=1, description="Points per officer peer recruited.")
    lead_extra: int = Field(default=500, ge=0, description="Extra points for a lead peer.")
    exception: int = Field(default=300, ge=1, description="Points per cap exception proposed.")
    exception_day: int = Field(default=10, ge=0, description="Points per day above a cap.")


class DayCap(_Strict):
    """H4: change the default day cap of member or officer peers."""

    type: Literal["day_cap"]
    kind: PeerKind
    days: int = Field(ge=0)
    replace_exceptions: bool = Field(
        default=False, description="Also override approved per-peer exceptions (cap_days)."
    )


class AddPeers(_Strict):
    """Add `count` synthetic peers of one profile (ids WI-<scenario>-<n>-<i>)."""

    type: Literal["add_peers"]
    kind: PeerKind
    count: int = Field(ge=1, le=10_000)
    party: Party | None = None
    tags: list[str] = Field(default_factory=list)
    lead: bool = False
    region: str | None = None
    councils: list[str] = Field(default_factory=list, description="Home councils (cycled).")
    council_types: list[CouncilType] = Field(default_factory=list)

    @model_validator(mode="after")
    def _party_for_members(self) -> AddPeers:
        if self.kind is PeerKind.MEMBER and self.party is None:
            raise ValueError("member peers need a 'party'")
        if self.kind is PeerKind.OFFICER and self.party is not None:
            raise ValueError("officer peers have no 'party'")
        return self


class RemovePeers(_Strict):
    """Remove the peers matching every given filter (a share of them with `fraction`)."""

    type: Literal["remove_peers"]
    kind: PeerKind | None = None
    group_office: GroupOffice | None = None
    party: Party | None = None
    region: str | None = None
    tags: list[str] = Field(default_factory=list, description="Holding any of these tags.")
    lead: bool | None = None
    failing_training: bool = Field(
        default=False,
        description="H6: member peers whose training or conference is over 3 years old on `as_of`.",
    )
    as_of: date | None = Field(default=None, description="Default: the financial year's last day.")
    ids: list[str] = Field(default_factory=list)
    fraction: float = Field(default=1.0, gt=0, le=1)

    @model_validator(mode="after")
    def _some_filter(self) -> RemovePeers:
        filters = (self.kind, self.group_office, self.party, self.region, self.lead)
        if all(f is None for f in filters) and not (self.tags or self.ids or self.failing_training):
            raise ValueError(
                "give at least one filter (kind, group_office, party, region, "
                "tags, lead, failing_training or ids)"
            )
        return self


class DemandFilter(_Strict):
    """Which challenges a demand change touches (every given filter must match)."""

    challenge: ChallengeType | None = None
    region: str | None = None
    councils: list[str] = Field(default_factory=list)
    months: list[str] = Field(default_factory=list, description="Earliest-start months.")
    ids: list[str] = Field(default_factory=list)

    _check_months = field_validator("months")(_months)


class AddDemand(_Strict):
    """Add `count` challenges of one type, spread over councils and months."""

    type: Literal["add_demand"]
    challenge: ChallengeType
    count: int = Field(ge=1, le=10_000)
    months: list[str] = Field(min_length=1, description="Start windows: whole months.")
    region: str | None = None
    councils: list[str] = Field(default_factory=list)
    onsite_days: int | None = Field(default=None, ge=1)
    charged_days: int | None = Field(default=None, ge=0)

    _check_months = field_validator("months")(_months)


class RemoveDemand(DemandFilter):
    type: Literal["remove_demand"]
    fraction: float = Field(default=1.0, gt=0, le=1)


class MoveWindows(DemandFilter):
    """Shift start windows by whole weeks (Mondays stay Mondays) and/or widen them."""

    type: Literal["move_windows"]
    shift_weeks: int = 0
    widen_weeks: int = Field(default=0, ge=0)


class Blackout(_Strict):
    """No peer of `kind` may be on site at the listed councils between `from` and `to`."""

    type: Literal["blackout"]
    from_: date = Field(alias="from")
    to: date
    kind: PeerKind | Literal["all"] = PeerKind.MEMBER
    councils: list[str] = Field(default_factory=list)
    region: str | None = None
    council_types: list[CouncilType] = Field(default_factory=list)
    reason: str = "blackout"

    @model_validator(mode="after")
    def _valid_period(self) -> Blackout:
        if self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        if not (self.councils or self.region or self.council_types):
            raise ValueError("give councils, region or council_types")
        return self


class SettingsChange(_Strict):
    """Rule settings: H5 neighbour rule, S1-S8 weights, caps, unfilled penalty."""

    type: Literal["settings"]
    neighbour_rule: bool | None = None
    weights: dict[str, int] | None = None
    member_cap_days: int | None = Field(default=None, ge=0)
    officer_cap_days: int | None = Field(default=None, ge=0)
    unfilled_penalty: int | None = Field(default=None, ge=1)

    @field_validator("weights")
    @classmethod
    def _soft_codes(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        bad = sorted(k for k in value or {} if k not in SOFT_CODES)
        if bad:
            raise ValueError(f"weights are for soft rules S1-S8, not {', '.join(bad)}")
        if any(v < 0 for v in (value or {}).values()):
            raise ValueError("weights are >= 0")
        return value


Change = Annotated[
    DayCap
    | AddPeers
    | RemovePeers
    | AddDemand
    | RemoveDemand
    | MoveWindows
    | Blackout
    | SettingsChange,
    Field(discriminator="type"),
]


class Scenario(_Strict):
    name: str = Field(
        min_length=1,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Used in file names: letters, digits, - _ .",
    )
    description: str = ""
    change: list[Change] = Field(default_factory=list, description="Applied in order.")

    @field_validator("name")
    @classmethod
    def _not_base(cls, value: str) -> str:
        if value == BASE_NAME:
            raise ValueError(f"'{BASE_NAME}' is reserved for the unchanged programme")
        return value


class ScenarioFile(_Strict):
    title: str = "What-if scenarios"
    base: BaseSpec
    run: RunSpec = Field(default_factory=RunSpec)
    recruitment: RecruitmentCost = Field(default_factory=RecruitmentCost)
    scenario: list[Scenario] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> ScenarioFile:
        names = [s.name for s in self.scenario]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"scenario names must be unique: {', '.join(dupes)}")
        return self
