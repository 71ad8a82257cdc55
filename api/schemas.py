"""Request and response bodies of the API (converted explicitly from matcher models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from matcher.io import LoadError
from matcher.models import ChallengeType, PeerKind
from matcher.store import RunKind, RunStatus

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: the items, the total count and where the page starts."""

    items: list[T]
    total: int = Field(description="Items matching the filters, on all pages.")
    offset: int
    limit: int


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, in words a caller can act on.")


class LoadErrorsOut(BaseModel):
    """422 for an upload: every problem found, so one round of fixes is enough."""

    detail: str
    errors: list[LoadError] = Field(description="Each problem with its file, row and column.")


class BusyOut(BaseModel):
    detail: str
    retry_after_s: int = Field(description="Also sent as the Retry-After header.")


class ProgrammeOut(BaseModel):
    programme_id: int
    name: str
    created_at: datetime
    financial_year: int
    peer_count: int
    challenge_count: int
    links: dict[str, str]
    warnings: list[LoadError] = Field(
        default_factory=list,
        description="Upload only: unknown columns that were ignored (a likely typo of a "
        "known column is an error instead, see docs/format.md).",
    )


class SeatOut(BaseModel):
    seat_id: str
    kind: PeerKind
    required_tags: list[str]
    preferred_tags: list[str]
    party_rule: str | None
    lead_required: bool
    shadow: bool


class ChallengeOut(BaseModel):
    """A challenge; vetoes and requests name people, so only managers see them."""

    challenge_id: str
    council: str
    council_name: str
    type: ChallengeType
    onsite_days: int
    charged_days: int
    earliest_start: date
    latest_start: date
    follows: str | None
    leader_party: str | None
    min_women: int
    min_ethnic_minority: int
    min_disability: int
    diversity_required: bool
    vetoes: list[str] | None = Field(description="Managers only (null otherwise).")
    requests: list[str] | None = Field(description="Managers only (null otherwise).")
    seats: list[SeatOut]


class RunCreate(BaseModel):
    """Options of a batch solve (all optional)."""

    time_limit_s: float | None = Field(
        default=None,
        gt=0,
        le=3600,
        description="Solver time limit; default: the programme's settings.time_limit_s.",
    )
    workers: int | None = Field(
        default=None,
        ge=1,
        le=8,
        description="CP-SAT worker threads; default: the cores available (as the CLI).",
    )
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="CP-SAT random seed.")


class ProgressOut(BaseModel):
    """Live progress of a running solve (DOMAIN.md: objective, bound, gap, time)."""

    phase: str | None = Field(default=None, description="loading, encoding, solving, saving.")
    objective: int | None = Field(default=None, description="Incumbent objective (points).")
    bound: float | None = Field(default=None, description="Best proven lower bound.")
    gap: float | None = Field(default=None, description="(objective - bound) / objective.")
    controllable_gap: float | None = Field(
        default=None,
        description="(objective - bound) / (objective - the constant part every plan pays).",
    )
    elapsed_s: float | None = Field(default=None, description="Seconds since the job started.")
    improvements: int | None = Field(default=None, description="Solutions found so far.")


class RunOut(BaseModel):
    run_id: str
    programme_id: int
    kind: RunKind
    status: RunStatus
    params: dict[str, Any]
    progress: ProgressOut | None
    summary: dict[str, Any] | None = Field(description="The result summary, once done.")
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    links: dict[str, str]


class AcceptedOut(BaseModel):
    """202: the job is queued; follow `links.self` or `links.events`."""

    run_id: str
    status: RunStatus
    links: dict[str, str]


class ProblemsOut(BaseModel):
    detail: str
    problems: list[str] = Field(description="Every problem, naming its scenario and change.")


class WhatIfIn(BaseModel):
    """A scenario file (docs/whatif.md) as JSON, without `base`: the stored programme is
    the base. Validated in full by matcher.whatif before the job starts."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=200)
    run: dict[str, Any] | None = Field(
        default=None, description="time_limit_s, seed, analysis, analysis_time_limit_s, ..."
    )
    recruitment: dict[str, Any] | None = Field(default=None, description="Recruitment costs.")
    scenario: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=20,
        description="Each {name, description, change: [{type: day_cap|add_peers|...}]}.",
    )
