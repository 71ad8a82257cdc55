"""Runs: submit a batch solve (202 + job id), read status and live progress, cancel,
resubmit, and follow progress as server-sent events."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

import anyio
from fastapi import APIRouter, Body, Path, Query, Response, status
from fastapi.responses import StreamingResponse

from api import audit
from api.deps import CallerDep, ManagerDep, NowDep, PageDep, ProgrammeIdPath, ServicesDep
from api.jobs.whatif import scenario_file
from api.jobs.worker import JobSpec, process_identity
from api.schemas import (
    AcceptedOut,
    BusyOut,
    ErrorOut,
    Page,
    ProblemsOut,
    ProgressOut,
    RunCreate,
    RunOut,
    WhatIfIn,
)
from api.state import Services
from matcher.batch.recorded import create_run, run_options, solve_params
from matcher.store import RunKind, RunRecord, RunStatus, versions

router = APIRouter(tags=["runs"], responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}})

RunIdPath = Annotated[str, Path(min_length=1, max_length=64, description="UUID of the run.")]
SERVICE = process_identity(os.getpid())
"""This process, which workers watch so they never outlive it."""
EVENT_POLL_S = 0.5
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
KEEPALIVE_EVERY = 30  # polls between comment lines when nothing changes


def links(run_id: str) -> dict[str, str]:
    base = f"/runs/{run_id}"
    return {
        "self": base,
        "events": f"{base}/events",
        "assignments": f"{base}/assignments",
        "unfilled": f"{base}/unfilled",
        "csv": f"{base}/export.csv",
        "xlsx": f"{base}/export.xlsx",
    }


def run_out(record: RunRecord, now: datetime, manager: bool = False) -> RunOut:
    """The stored run, with elapsed time brought up to `now` while it runs; a summary's
    `personal` part (what-if tables naming peers) only for managers."""
    progress = (
        ProgressOut(
            **{k: v for k, v in (record.progress or {}).items() if k in ProgressOut.model_fields}
        )
        if record.progress
        else None
    )
    if record.status is RunStatus.RUNNING and record.started_at is not None:
        progress = progress or ProgressOut()
        progress.elapsed_s = round((now - record.started_at).total_seconds(), 2)
    summary = record.summary
    if summary and "personal" in summary and not manager:
        summary = {k: v for k, v in summary.items() if k != "personal"}
    return RunOut(
        **record.model_dump(exclude={"progress", "summary"}),
        progress=progress,
        summary=summary,
        links=links(record.run_id),
    )


def start_run(
    services: Services,
    programme_id: int,
    params: dict,
    caller,
    kind: RunKind = RunKind.BATCH,
    limit: float | None = None,
) -> JobSpec:
    """Create the run and start its worker in one step (429 via Busy when full)."""
    programme = services.programmes.get(programme_id)
    limit = limit or params.get("time_limit_s") or programme.settings.time_limit_s
    settings = services.settings

    def create() -> JobSpec:
        options = params | {"requested_by": caller.label}
        run_id = create_run(services.store, programme_id, options, kind)
        return JobSpec(
            run_id=run_id,
            programme_id=programme_id,
            kind=kind.value,
            db_url=settings.database_url,
            data_dir=str(settings.data_dir.resolve()),
            params=params,
            progress_interval_s=settings.progress_interval_s,
            service=SERVICE,
        )

    spec = services.jobs.submit(create, limit)
    audit.record(
        services.store,
        caller,
        "create",
        f"runs/{spec.run_id}",
        personal=False,
        detail={"programme_id": programme_id, "params": params},
    )
    return spec


def _accepted(response: Response, run_id: str) -> AcceptedOut:
    response.headers["Location"] = f"/runs/{run_id}"
    return AcceptedOut(run_id=run_id, status=RunStatus.QUEUED, links=links(run_id))


BUSY = {
    429: {"model": BusyOut, "description": "Every job slot is busy (Retry-After)."},
    404: {"model": ErrorOut},
}


@router.post(
    "/programmes/{programme_id}/runs",
    response_model=AcceptedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=BUSY,
    summary="Start a batch solve of the programme (a job)",
)
def submit(
    programme_id: ProgrammeIdPath,
    services: ServicesDep,
    caller: ManagerDep,
    response: Response,
    body: Annotated[RunCreate | None, Body()] = None,
) -> AcceptedOut:
    """Confirmed workflow seats are pinned; seats still in play are kept where possible.
    Options left out take the same defaults as `peermatch solve` (matcher.batch.recorded)."""
    limit = services.programmes.get(programme_id).settings.time_limit_s
    params = solve_params((body or RunCreate()).model_dump(), limit)
    with services.store.read() as session:
        version = versions.latest(session, programme_id)
    options = run_options(params, programme_version=version)
    return _accepted(response, start_run(services, programme_id, options, caller).run_id)


@router.post(
    "/runs/{run_id}/resubmit",
    response_model=AcceptedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=BUSY,
    summary="Start a new run with the same programme and options",
)
def resubmit(
    run_id: RunIdPath, services: ServicesDep, caller: ManagerDep, response: Response
) -> AcceptedOut:
    old = services.store.get_run(run_id)
    params = {k: v for k, v in old.params.items() if k != "requested_by"}
    spec = start_run(
        services,
        old.programme_id,
        params,
        caller,
        old.kind,
        whatif_limit(params) if old.kind is RunKind.WHATIF else None,
    )
    return _accepted(response, spec.run_id)


@router.get("/runs", response_model=Page[RunOut], summary="Runs, newest first")
def runs(
    services: ServicesDep,
    caller: CallerDep,
    page: PageDep,
    now: NowDep,
    programme_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    state: Annotated[RunStatus | None, Query(alias="status")] = None,
) -> Page[RunOut]:
    found = [
        r
        for r in reversed(services.store.list_runs(programme_id))
        if state is None or r.status is state
    ]
    return Page(
        items=[run_out(r, now, caller.is_manager) for r in page.cut(found)],
        total=len(found),
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/runs/{run_id}",
    response_model=RunOut,
    responses={404: {"model": ErrorOut}},
    summary="Status, live progress (objective, bound, gap, elapsed) and summary",
)
def run(run_id: RunIdPath, services: ServicesDep, caller: CallerDep, now: NowDep) -> RunOut:
    return run_out(services.store.get_run(run_id), now, caller.is_manager)


@router.delete(
    "/runs/{run_id}",
    response_model=RunOut,
    responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
    summary="Cancel a queued or running run (409 once it has finished)",
)
def cancel(run_id: RunIdPath, services: ServicesDep, caller: ManagerDep, now: NowDep) -> RunOut:
    # Mark first, then kill: the store refuses the worker's late writes from here on.
    services.store.set_run_status(run_id, RunStatus.CANCELLED, error=f"cancelled by {caller.label}")
    services.jobs.kill(run_id)
    audit.record(services.store, caller, "cancel", f"runs/{run_id}", personal=False)
    return run_out(services.store.get_run(run_id), now, manager=True)


def whatif_limit(params: dict) -> float:
    """Rough wall time of a what-if job, for Retry-After: every scenario plus the base,
    each with its solve and its gap analysis."""
    spec = scenario_file(params["scenarios"])
    per = spec.run.time_limit_s + (spec.run.analysis_time_limit_s if spec.run.analysis else 0)
    return per * (len(spec.scenario) + 1)


@router.post(
    "/programmes/{programme_id}/whatif",
    response_model=AcceptedOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses=BUSY
    | {422: {"model": ProblemsOut, "description": "Every problem in the scenarios."}},
    summary="Start a what-if job: scenarios against the programme, side by side",
)
def whatif(
    programme_id: ProgrammeIdPath,
    body: WhatIfIn,
    services: ServicesDep,
    caller: ManagerDep,
    response: Response,
) -> AcceptedOut:
    """The scenario file of docs/whatif.md as JSON, without `base` (the programme is it)."""
    document = body.model_dump(exclude_none=True, by_alias=True)
    limit = whatif_limit({"scenarios": document})  # ScenarioError: 422 with every problem
    spec = start_run(services, programme_id, {"scenarios": document}, caller, RunKind.WHATIF, limit)
    return _accepted(response, spec.run_id)


def _event(name: str, data: str) -> str:
    return f"event: {name}\ndata: {data}\n\n"


async def _events(
    services: Services, run_id: str, first: RunRecord, manager: bool
) -> AsyncIterator[str]:
    record, last, quiet = first, None, 0
    while True:
        out = run_out(record, services.clock(), manager)
        payload = out.model_dump_json()
        if out.status.finished:
            yield _event(out.status.value, payload)
            return
        if payload != last:
            yield _event("progress", payload)
            last, quiet = payload, 0
        else:
            quiet += 1
            if quiet % KEEPALIVE_EVERY == 0:
                yield ": keep-alive\n\n"
        await anyio.sleep(EVENT_POLL_S)
        record = await anyio.to_thread.run_sync(services.store.get_run, run_id)


@router.get(
    "/runs/{run_id}/events",
    summary="Live progress as server-sent events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "`progress` events, then one `done`, `failed` "
            "or `cancelled` event with the final run, then the end.",
        },
        404: {"model": ErrorOut},
    },
)
def events(run_id: RunIdPath, services: ServicesDep, caller: CallerDep) -> StreamingResponse:
    first = services.store.get_run(run_id)  # 404 before the stream starts
    return StreamingResponse(
        _events(services, run_id, first, caller.is_manager),
        media_type="text/event-stream",
        headers=STREAM_HEADERS,
    )
