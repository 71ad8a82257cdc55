"""Health and identity: is the service up, can it reach its store, who am I."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import text

from api.deps import CallerDep, ServicesDep
from matcher.rules import CATALOGUE, Rule

router = APIRouter(tags=["service"])


class HealthOut(BaseModel):
    status: str = Field(description="ok, or degraded when the store does not answer.")
    database: str = Field(description="sqlite or postgresql.")
    jobs_running: int
    job_capacity: int
    interrupted_at_start: int = Field(
        description="Runs found unfinished at start-up and marked failed."
    )


class MeOut(BaseModel):
    key_id: int | None
    name: str
    role: str
    group_office: str | None


@router.get("/health", response_model=HealthOut, summary="Service and store health")
def health(services: ServicesDep) -> HealthOut:
    """No key needed, so load balancers and `curl` can check it."""
    try:
        with services.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        state = "ok"
    except Exception:  # a health check reports, it does not raise
        state = "degraded"
    return HealthOut(
        status=state,
        database=services.store.engine.dialect.name,
        jobs_running=services.jobs.running,
        job_capacity=services.jobs.max_jobs,
        interrupted_at_start=len(services.interrupted),
    )


@router.get("/me", response_model=MeOut, summary="The caller's key, role and group office")
def me(caller: CallerDep) -> MeOut:
    return MeOut(
        key_id=caller.key_id,
        name=caller.name,
        role=caller.role.value,
        group_office=caller.group_office.value if caller.group_office else None,
    )


@router.get(
    "/rules",
    response_model=list[Rule],
    tags=["rules"],
    summary="The rule catalogue (H1-H8 hard, S1-S8 soft with default weights)",
)
def rules() -> list[Rule]:
    """Public: the same catalogue the solver, validator, CLI and README read."""
    return list(CATALOGUE)
