"""The annual usage report over HTTP (issue 13): JSON and two PNG charts.

Every role may read the aggregates; unused peers' names follow api.annual_report. A
report naming peers is audited as a read of personal data.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from api import audit
from api.annual_report import AnnualReportOut, annual_report, workflow_plan
from api.deps import CallerDep, NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep
from api.schemas import ErrorOut
from matcher.store import NotFoundError
from matcher.usage_charts import chart_png

router = APIRouter(
    tags=["reports"],
    responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
Plan = Annotated[
    Literal["confirmed", "active"],
    Query(description="Workflow placements counted: confirmed only, or every active one."),
]
RunId = Annotated[str | None, Query(max_length=36, description="Report on a run's plan instead.")]
AsOf = Annotated[date | None, Query(description="Default: the financial year's last day.")]


def _build(services, programme, programme_id, caller, now, plan, run_id, as_of):
    if run_id is not None:
        try:
            assignments = services.store.run_assignments(run_id)
        except NotFoundError:
            raise HTTPException(404, f"no run {run_id!r}") from None
        if services.store.get_run(run_id).programme_id != programme_id:
            raise HTTPException(404, f"run {run_id} is not of programme {programme_id}")
        assignments = [a for a in assignments if a.peer_id in programme.peer_by_id]
        name = run_id
    else:
        assignments, name = workflow_plan(services, programme, programme_id, plan), plan
    return annual_report(
        services, programme, programme_id, name, assignments, caller, now.date(), as_of
    )


@router.get(
    "/programmes/{programme_id}/usage",
    response_model=AnnualReportOut,
    summary="Annual usage report: placements and days by group office and protected "
    "characteristic against the pool (small counts suppressed)",
)
def usage(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: CallerDep,
    now: NowDep,
    plan: Plan = "confirmed",
    run_id: RunId = None,
    as_of: AsOf = None,
) -> AnnualReportOut:
    out, _ = _build(services, programme, programme_id, caller, now, plan, run_id, as_of)
    if out.unused_peers:
        audit.record(
            services.store,
            caller,
            "read",
            f"programmes/{programme_id}/usage",
            personal=True,
            detail={"unused_named": len(out.unused_peers)},
        )
    return out


@router.get(
    "/programmes/{programme_id}/usage/chart.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
    summary="A chart of the usage report (values are in the JSON and on the page)",
)
def usage_chart(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    caller: CallerDep,
    now: NowDep,
    chart: Annotated[
        Literal["group_office", "characteristic"], Query(description="Which chart.")
    ] = "group_office",
    plan: Plan = "confirmed",
    run_id: RunId = None,
    as_of: AsOf = None,
) -> Response:
    _, report = _build(services, programme, programme_id, caller, now, plan, run_id, as_of)
    frame = report.by_group_office if chart == "group_office" else report.by_characteristic
    return Response(chart_png(chart, frame), media_type="image/png")
