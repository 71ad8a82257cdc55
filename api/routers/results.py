"""A run's answer: assignments (people: managers, and group offices for their own member
peers), unfilled seats (aggregate, anyone), CSV/XLSX exports, and turning a run's seats
into workflow proposals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from api import audit, exports, replan, workflow_db
from api.deps import CallerDep, ManagerDep, NowDep, PageDep, ServicesDep, StaffDep
from api.exports import XLSX_TYPE, ExportTable
from api.privacy import assignment_view, can_see_peer
from api.routers.runs import RunIdPath
from api.schemas import ErrorOut, Page
from api.state import Services
from matcher.models import Assignment, UnfilledSeat
from matcher.store import RunRecord, RunStatus

router = APIRouter(
    tags=["results"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)


def done_run(services: Services, run_id: str) -> RunRecord:
    record = services.store.get_run(run_id)
    if record.status is not RunStatus.DONE:
        raise HTTPException(
            409, f"run {run_id} is {record.status.value}: results exist only once it is done"
        )
    return record


@router.get(
    "/runs/{run_id}/assignments",
    response_model=Page[Assignment],
    responses={409: {"model": ErrorOut}},
    summary="The run's seats and peers (group offices: their own member peers)",
)
def assignments(
    run_id: RunIdPath,
    services: ServicesDep,
    caller: StaffDep,
    page: PageDep,
    challenge_id: Annotated[str | None, Query(max_length=200)] = None,
    peer_id: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[Assignment]:
    record = done_run(services, run_id)
    rows = services.store.run_assignments(run_id)
    if not caller.is_manager:
        people = services.programmes.get(record.programme_id).peer_by_id
        rows = [
            assignment_view(caller, a)
            for a in rows
            if a.peer_id in people and can_see_peer(caller, people[a.peer_id])
        ]
    rows = [
        a
        for a in rows
        if (challenge_id is None or a.challenge_id == challenge_id)
        and (peer_id is None or a.peer_id == peer_id)
    ]
    shown = page.cut(rows)
    audit.record(
        services.store,
        caller,
        "read",
        f"runs/{run_id}/assignments",
        personal=True,
        detail={"peer_ids": sorted({a.peer_id for a in shown})},
    )
    return Page(items=shown, total=len(rows), offset=page.offset, limit=page.limit)


@router.get(
    "/runs/{run_id}/unfilled",
    response_model=Page[UnfilledSeat],
    responses={409: {"model": ErrorOut}},
    summary="Seats left empty, with the rules that blocked them (counts, no names)",
)
def unfilled(
    run_id: RunIdPath, services: ServicesDep, _caller: CallerDep, page: PageDep
) -> Page[UnfilledSeat]:
    done_run(services, run_id)
    rows = services.store.run_unfilled(run_id)
    return Page(items=page.cut(rows), total=len(rows), offset=page.offset, limit=page.limit)


def _export_inputs(services: Services, run_id: str):
    record = done_run(services, run_id)
    programme = services.programmes.get(record.programme_id)
    return (
        record,
        programme,
        services.store.run_assignments(run_id),
        services.store.run_unfilled(run_id),
    )


@router.get(
    "/runs/{run_id}/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 409: {"model": ErrorOut}},
    summary="One result table as CSV (docs/format.md columns)",
)
def export_csv(
    run_id: RunIdPath,
    services: ServicesDep,
    caller: ManagerDep,
    table: ExportTable = ExportTable.ASSIGNMENTS,
) -> Response:
    _record, programme, rows, empty = _export_inputs(services, run_id)
    frame = exports.tables(programme, rows, empty)[table]
    audit.record(
        services.store,
        caller,
        "export",
        f"runs/{run_id}/export.csv",
        personal=True,
        detail={"table": table.value, "rows": len(frame)},
    )
    return Response(
        exports.csv_bytes(frame),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{run_id}-{table.value}.csv"'},
    )


@router.get(
    "/runs/{run_id}/export.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_TYPE: {}}}, 409: {"model": ErrorOut}},
    summary="The whole result as a workbook for people (about, summary in words, teams, "
    "unfilled, utilisation)",
)
def export_xlsx(run_id: RunIdPath, services: ServicesDep, caller: ManagerDep) -> Response:
    record, programme, rows, empty = _export_inputs(services, run_id)
    about = {"programme": f"programme {record.programme_id}", "run": run_id}
    body = exports.workbook_bytes(programme, rows, empty, record.summary, about)
    audit.record(
        services.store,
        caller,
        "export",
        f"runs/{run_id}/export.xlsx",
        personal=True,
        detail={"rows": len(rows)},
    )
    return Response(
        body,
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{run_id}.xlsx"'},
    )


@router.post(
    "/runs/{run_id}/proposals",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorOut}},
    summary="Propose every seat of a done run (seats already in the workflow are skipped)",
)
def propose(run_id: RunIdPath, services: ServicesDep, caller: ManagerDep, now: NowDep) -> dict:
    record = done_run(services, run_id)
    programme = services.programmes.get(record.programme_id)
    return workflow_db.propose_run(
        services.store,
        programme,
        record.programme_id,
        run_id,
        services.store.run_assignments(run_id),
        caller,
        now,
    )


@router.post(
    "/runs/{run_id}/accept-changes",
    responses={409: {"model": ErrorOut}},
    summary="Accept a re-plan: withdraw every changed seat's placement, propose the new peer",
)
def accept_changes(
    run_id: RunIdPath, services: ServicesDep, caller: ManagerDep, now: NowDep
) -> dict:
    """Each new proposal is checked against the hard rules; what could not be done is
    listed with the reason."""
    return replan.accept_changes(services, done_run(services, run_id), caller, now)
