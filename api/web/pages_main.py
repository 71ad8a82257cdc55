"""Sign-in, sign-out, the year view and running the batch."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from api.web import yearview
from api.web.client import ApiError, api, api_path
from api.web.render import HERE, current_run, page, programme_choice, progress_text, refuse
from api.web.session import Session, check_csrf, signed_in

router = APIRouter(include_in_schema=False)
STATIC = {"web.css": "text/css", "web.js": "text/javascript"}
SignedIn = Annotated[Session, Depends(signed_in)]
Csrf = Annotated[Session, Depends(check_csrf)]


@router.get("/web-static/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        return Response(status_code=404)
    return FileResponse(
        HERE / "static" / name, media_type=STATIC[name], headers={"Cache-Control": "no-cache"}
    )


async def year_data(request: Request, session: Session, programme: int | None) -> dict:
    """Everything the year view shows, read through the API with the user's key."""
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, programme)
        if chosen is None:
            return {"programmes": [], "chosen": None}
        pid = chosen["programme_id"]
        challenges = await client.every(api_path("/programmes/{}/challenges", pid))
        councils = await client.every(api_path("/programmes/{}/councils", pid))
        placements = (
            []
            if session.role == "viewer"
            else await client.every(api_path("/programmes/{}/placements", pid))
        )
        done, active = await current_run(client, pid)
        assignments = unfilled = None
        if done is not None:
            unfilled = await client.every(api_path("/runs/{}/unfilled", done["run_id"]))
            if session.role != "viewer":
                assignments = await client.every(api_path("/runs/{}/assignments", done["run_id"]))
    regions = {c["ons_code"]: c["region"] for c in councils}
    rows = yearview.build(challenges, regions, placements, assignments, unfilled)
    return {
        "programmes": programmes,
        "chosen": chosen,
        "rows": rows,
        "done": done,
        "active_run": active,
    }


@router.get("/year")
async def year(
    request: Request,
    session: SignedIn,
    programme: Annotated[int | None, Query(ge=1)] = None,
    region: str = "",
    type: str = "",
    group_office: str = "",
    status: str = "",
) -> Response:
    started = time.perf_counter()
    try:
        data = await year_data(request, session, programme)
    except ApiError as exc:
        return refuse(request, session, str(exc), exc.status)
    if data["chosen"] is None:
        return page(request, "year.html", session, "Year view", active="year", **data)
    rows = data["rows"]
    options = {
        "regions": sorted({r.region for r in rows}),
        "types": sorted({r.type for r in rows}),
        "group_offices": sorted(
            {g for r in rows for g in r.group_offices}
            | ({session.group_office} if session.group_office else set())
        ),
        "statuses": yearview.STATUSES,
    }
    shown = [
        r
        for r in rows
        if (not region or r.region == region)
        and (not type or r.type == type)
        and (not status or r.status == status)
        and (not group_office or group_office in r.group_offices)
    ]
    return page(
        request,
        "year.html",
        session,
        "Year view",
        active="year",
        **data,
        weeks=yearview.weeks(shown),
        counts=yearview.counts(shown),
        shown=len(shown),
        options=options,
        filters={"region": region, "type": type, "status": status, "group_office": group_office},
        render_ms=round(1000 * (time.perf_counter() - started)),
    )


@router.post("/year/run")
async def start_run(
    request: Request,
    session: Csrf,
    programme_id: Annotated[int, Form(ge=1)],
    time_limit_s: Annotated[int, Form(ge=5, le=3600)] = 30,
) -> Response:
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        async with api(request, session) as client:
            run = await client.post(
                api_path("/programmes/{}/runs", programme_id), json={"time_limit_s": time_limit_s}
            )
    except ApiError as exc:
        if wants_json:
            return JSONResponse({"detail": str(exc)}, status_code=exc.status)
        session.notify(str(exc))
        return RedirectResponse(f"/year?programme={programme_id}", 303)
    if wants_json:
        return JSONResponse({"run_id": run["run_id"]}, status_code=202)
    return RedirectResponse(f"/year?programme={programme_id}", status_code=303)


@router.get("/ui/runs/{run_id}/plan.xlsx")
async def run_workbook(request: Request, run_id: str, session: SignedIn) -> Response:
    """The run's teams, assignments, unfilled seats and utilisation as one workbook."""
    async with api(request, session) as client:
        answer = await client.client.get(api_path("/runs/{}/export.xlsx", run_id))
    if answer.status_code != 200:
        return refuse(
            request, session, answer.json().get("detail", "no workbook"), answer.status_code
        )
    return Response(
        answer.content,
        media_type=answer.headers["content-type"],
        headers={"Content-Disposition": f'attachment; filename="plan-{run_id}.xlsx"'},
    )


@router.get("/ui/runs/{run_id}")
async def run_progress(request: Request, run_id: str, session: SignedIn) -> Response:
    """A run's progress in words, for the page's polling script."""
    try:
        async with api(request, session) as client:
            run = await client.get(api_path("/runs/{}", run_id))
    except ApiError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
    text, fraction = progress_text(run)
    return JSONResponse(
        {
            "status": run["status"],
            "text": text,
            "fraction": fraction,
            "finished": run["status"] in ("done", "failed", "cancelled"),
        }
    )
