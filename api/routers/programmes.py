"""Programmes: upload (zip of CSVs or one .xlsx, all or nothing), list, read, delete,
and the aggregate pool report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile, status

from api import audit, outbox
from api.deps import CallerDep, ManagerDep, ProgrammeDep, ProgrammeIdPath, ServicesDep
from api.programmes import delete_rows, save_upload, service_past
from api.reports import PoolReport, pool_report
from api.schemas import ErrorOut, LoadErrorsOut, ProgrammeOut
from api.uploads import load_upload
from matcher.io import LoadError
from matcher.store import ProgrammeInfo, RunStatus

router = APIRouter(
    tags=["programmes"], responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}}
)


def _out(info: ProgrammeInfo) -> ProgrammeOut:
    base = f"/programmes/{info.programme_id}"
    return ProgrammeOut(
        **info.model_dump(),
        links={
            "self": base,
            "peers": f"{base}/peers",
            "challenges": f"{base}/challenges",
            "councils": f"{base}/councils",
            "runs": f"{base}/runs",
            "report": f"{base}/report",
            "placements": f"{base}/placements",
        },
    )


def _info(services: ServicesDep, programme_id: int) -> ProgrammeInfo:
    for info in services.store.list_programmes():
        if info.programme_id == programme_id:
            return info
    raise HTTPException(404, f"no programme with id {programme_id}")


@router.post(
    "/programmes",
    response_model=ProgrammeOut,
    status_code=status.HTTP_201_CREATED,
    summary="Upload a programme: a zip of the folder's CSV files, or one .xlsx workbook",
    responses={
        413: {"model": ErrorOut},
        422: {
            "model": LoadErrorsOut,
            "description": "Every problem with its file, row and column; nothing stored.",
        },
    },
)
def upload(
    services: ServicesDep,
    caller: ManagerDep,
    file: Annotated[UploadFile, File(description="programme.zip or programme.xlsx")],
    name: Annotated[str | None, Form(max_length=200)] = None,
) -> ProgrammeOut:
    """Validated exactly as `peermatch check`: all or nothing, every error reported."""
    settings = services.settings
    warnings: list[LoadError] = []
    programme = load_upload(
        file.file,
        file.filename,
        settings.data_dir,
        settings.max_upload_mb << 20,
        settings.max_unzipped_mb << 20,
        warnings,
        known_past=service_past(services.store),
    )
    label = name or file.filename or "upload"
    programme_id = save_upload(services.store, programme, label, file.filename or "", caller)
    audit.record(
        services.store,
        caller,
        "create",
        f"programmes/{programme_id}",
        personal=True,
        detail={"name": label, "peers": len(programme.peers)},
    )
    return _out(_info(services, programme_id)).model_copy(update={"warnings": warnings})


@router.get("/programmes", response_model=list[ProgrammeOut], summary="Stored programmes")
def programmes(services: ServicesDep, _caller: CallerDep) -> list[ProgrammeOut]:
    return [_out(info) for info in services.store.list_programmes()]


@router.get(
    "/programmes/{programme_id}",
    response_model=ProgrammeOut,
    summary="One programme's header and counts",
    responses={404: {"model": ErrorOut}},
)
def programme(
    programme_id: ProgrammeIdPath, services: ServicesDep, _caller: CallerDep
) -> ProgrammeOut:
    return _out(_info(services, programme_id))


@router.delete(
    "/programmes/{programme_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a programme with its runs and placements",
    responses={404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
def delete(programme_id: ProgrammeIdPath, services: ServicesDep, caller: ManagerDep) -> None:
    active = [
        r.run_id
        for r in services.store.list_runs(programme_id)
        if r.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    ]
    if active:
        raise HTTPException(409, f"runs {active} are still going: cancel them first")
    services.store.delete_programme(programme_id)
    outbox.forget_programme(services.store, programme_id)  # before its placements (issue 13)
    delete_rows(services.store, programme_id)
    services.programmes.forget(programme_id)
    services.shortlist_indexes.forget()
    audit.record(services.store, caller, "delete", f"programmes/{programme_id}", personal=True)


@router.get(
    "/programmes/{programme_id}/report",
    response_model=PoolReport,
    summary="Aggregate pool report (no person; small equalities counts suppressed)",
    responses={404: {"model": ErrorOut}},
)
def report(programme: ProgrammeDep, services: ServicesDep) -> PoolReport:
    return pool_report(programme)
