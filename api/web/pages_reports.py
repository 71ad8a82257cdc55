"""What-if scenarios (managers) and the usage report (aggregates only)."""

from __future__ import annotations

import json
import tomllib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from api.web.client import ApiError, api, api_path
from api.web.render import current_run, page, programme_choice, refuse
from api.web.session import Session, check_csrf, signed_in

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Session, Depends(signed_in)]
Csrf = Annotated[Session, Depends(check_csrf)]
CHART_COLUMN = "filled_pct"
"""The comparison column drawn as bars (coverage per scenario)."""


def _chart(comparison: list[dict]) -> list[dict]:
    """Bars for coverage per scenario: width as a share of the largest, value as text."""
    values = [(r.get("scenario"), r.get(CHART_COLUMN)) for r in comparison]
    top = max((v for _, v in values if isinstance(v, int | float)), default=0) or 1
    return [
        {"label": name, "value": value, "width": round(100 * value / top)}
        for name, value in values
        if isinstance(value, int | float)
    ]


@router.get("/what-if")
async def whatif_page(
    request: Request,
    session: SignedIn,
    programme: Annotated[int | None, Query(ge=1)] = None,
    run: str = "",
) -> Response:
    if not session.is_manager:
        return refuse(request, session, "what-if scenarios are for peer challenge managers")
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, programme)
        shown = None
        if run:
            shown = await client.get(api_path("/runs/{}", run))
        elif chosen is not None:
            shown, active = await current_run(client, chosen["programme_id"], "whatif")
            shown = active or shown
    tables = ((shown or {}).get("summary") or {}).get("tables") or {}
    return page(
        request,
        "whatif.html",
        session,
        "What-if",
        active="whatif",
        programmes=programmes,
        chosen=chosen,
        run=shown,
        tables=tables,
        chart=_chart(tables.get("comparison") or []),
    )


def _scenario_document(form_change: dict[str, Any], content: bytes, filename: str) -> dict:
    """The scenario request: an uploaded file (JSON or TOML, without `base`) or the form."""
    if content:
        text = content.decode("utf-8")
        document = tomllib.loads(text) if filename.endswith(".toml") else json.loads(text)
        document.pop("base", None)
        return document
    return {
        "run": {"time_limit_s": form_change.pop("time_limit_s"), "analysis": False},
        "scenario": [{"name": form_change.pop("name"), "change": [form_change]}],
    }


@router.post("/what-if")
async def whatif_start(
    request: Request,
    session: Csrf,
    programme_id: Annotated[int, Form(ge=1)],
    name: Annotated[str, Form(max_length=60)] = "cap-30",
    kind: Annotated[str, Form(max_length=20)] = "member",
    days: Annotated[int, Form(ge=0, le=366)] = 30,
    time_limit_s: Annotated[int, Form(ge=5, le=3600)] = 20,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    if not session.is_manager:
        return refuse(request, session, "what-if scenarios are for peer challenge managers")
    content = await file.read() if file is not None else b""
    try:
        document = _scenario_document(
            {
                "type": "day_cap",
                "kind": kind,
                "days": days,
                "time_limit_s": time_limit_s,
                "name": name,
            },
            content,
            (file.filename or "") if file else "",
        )
        async with api(request, session) as client:
            started = await client.post(
                api_path("/programmes/{}/whatif", programme_id), json=document
            )
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        problems, error = [], f"the scenario file could not be read: {exc}"
    except ApiError as exc:
        problems, error = exc.body.get("problems") or [], str(exc)
    else:
        return RedirectResponse(
            f"/what-if?programme={programme_id}&run={started['run_id']}", status_code=303
        )
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, programme_id)
    return page(
        request,
        "whatif.html",
        session,
        "What-if",
        active="whatif",
        status_code=422,
        programmes=programmes,
        chosen=chosen,
        run=None,
        tables={},
        chart=[],
        error=error,
        problems=problems,
    )


@router.get("/usage")
async def usage(
    request: Request, session: SignedIn, programme: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, programme)
        report = done = None
        if chosen is not None:
            report = await client.get(api_path("/programmes/{}/report", chosen["programme_id"]))
            done, _active = await current_run(client, chosen["programme_id"])
    return page(
        request,
        "usage.html",
        session,
        "Usage report",
        active="usage",
        programmes=programmes,
        chosen=chosen,
        report=report,
        run=done,
    )
