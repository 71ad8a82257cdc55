"""What the store hands back: small frozen records the API can return as they are."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RunKind(StrEnum):
    """The three jobs (DOMAIN.md)."""

    BATCH = "batch"
    SHORTLIST = "shortlist"
    WHATIF = "whatif"


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """Done, failed and cancelled are final: the store refuses to change them."""
        return self in FINISHED


ACTIVE: frozenset[RunStatus] = frozenset({RunStatus.QUEUED, RunStatus.RUNNING})
FINISHED: frozenset[RunStatus] = frozenset(set(RunStatus) - ACTIVE)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class ProgrammeInfo(_Record):
    """A stored programme, as listed (without its rows)."""

    programme_id: int = Field(description="Store id of the programme.")
    name: str = Field(description="Name given when it was saved.")
    created_at: datetime = Field(description="When it was saved (UTC).")
    financial_year: int = Field(description="The financial year days_used refers to.")
    peer_count: int = Field(description="Number of peers.")
    challenge_count: int = Field(description="Number of challenges.")


class RunRecord(_Record):
    """A solve run: what was asked, where it is, and its summary once done."""

    run_id: str = Field(description="UUID of the run.")
    programme_id: int = Field(description="The programme it solves.")
    kind: RunKind = Field(description="batch, shortlist or whatif.")
    status: RunStatus = Field(description="queued, running, done, failed or cancelled.")
    params: dict[str, Any] = Field(description="The request's parameters, as JSON.")
    progress: dict[str, Any] | None = Field(default=None, description="Latest progress report.")
    summary: dict[str, Any] | None = Field(default=None, description="Result summary (done).")
    error: str | None = Field(default=None, description="Why it failed or was cancelled.")
    created_at: datetime = Field(description="When it was queued (UTC).")
    started_at: datetime | None = Field(default=None, description="When it started running.")
    finished_at: datetime | None = Field(default=None, description="When it finished.")
