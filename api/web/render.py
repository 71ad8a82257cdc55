"""Templates and the small helpers every page shares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.web.client import Api, api
from api.web.session import Session

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
TYPES = {"cpc": "corporate peer challenge"}
templates.env.filters["words"] = lambda value: TYPES.get(str(value), str(value).replace("_", " "))
templates.env.filters["cell"] = lambda value: (
    ""
    if value is None
    else f"{value:,.3g}"
    if isinstance(value, float) and abs(value) < 1
    else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, float)
    else value
)
templates.env.filters["money"] = lambda value: f"£{value:,.0f}" if value is not None else "–"
templates.env.filters["percent"] = lambda value: f"{100 * value:.1f}%" if value is not None else "–"


def page(
    request: Request,
    name: str,
    session: Session | None,
    title: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    context |= {
        "session": session,
        "title": title,
        "message": context.get("message") or (session.take_notice() if session else None),
    }
    return templates.TemplateResponse(request, name, context, status_code=status_code)


async def programme_choice(api: Api, wanted: int | None) -> tuple[list[dict], dict | None]:
    """Every programme, and the one asked for (default: the newest)."""
    programmes = await api.get("/programmes")
    programmes.sort(key=lambda p: p["programme_id"], reverse=True)
    chosen = next((p for p in programmes if p["programme_id"] == wanted), None)
    return programmes, chosen or (programmes[0] if programmes else None)


ProgrammeLoad = Callable[[Api, int], Awaitable[dict[str, Any]]]
"""(client, programme id) -> what a page shows of that programme."""


async def programme_page(
    request: Request,
    session: Session,
    wanted: int | None,
    page_of: tuple[str, str, str],
    load: ProgrammeLoad,
    **empty: Any,
) -> HTMLResponse:
    """A page about one programme chosen from the list (default: the newest).

    `page_of` is (template, title, menu entry); `load` reads what the page shows of the
    chosen programme through the API with the signed-in key; `empty` is what it shows
    before any programme exists. Every programme page repeated this choose, read and
    render sequence; here it is written once."""
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, wanted)
        data = dict(empty)
        if chosen is not None:
            data |= await load(client, chosen["programme_id"])
    template, title, active = page_of
    context = {"active": active, "programmes": programmes, "chosen": chosen, **data}
    return page(request, template, session, title, **context)


async def current_run(
    api: Api, programme_id: int, kind: str = "batch"
) -> tuple[dict | None, dict | None]:
    """(newest done run, newest unfinished run) of the programme, of one kind."""
    runs = (await api.get("/runs", programme_id=programme_id, limit=100))["items"]
    runs = [r for r in runs if r["kind"] == kind]
    done = next((r for r in runs if r["status"] == "done"), None)
    active = next((r for r in runs if r["status"] in ("queued", "running")), None)
    return done, active


def progress_text(run: dict) -> tuple[str, float | None]:
    """A plain sentence about a run's progress, and a 0-1 fraction of its time limit."""
    status, progress = run["status"], run.get("progress") or {}
    if status == "done":
        return "The run has finished.", 1.0
    if status in ("failed", "cancelled"):
        return f"The run {status}: {run.get('error') or ''}".strip(), None
    if status == "queued":
        return "The run is waiting to start.", 0.0
    elapsed = progress.get("elapsed_s") or 0
    limit = (run.get("params") or {}).get("time_limit_s") or 0
    parts = [f"Running ({progress.get('phase') or 'starting'}), {elapsed:.0f} s so far"]
    if progress.get("gap") is not None:
        parts.append(f"gap to the best possible plan {100 * progress['gap']:.1f}%")
    if progress.get("controllable_gap") is not None:
        parts.append(f"{100 * progress['controllable_gap']:.1f}% on the points a plan can change")
    if progress.get("improvements"):
        parts.append(f"{progress['improvements']} plans found")
    fraction = min(elapsed / limit, 0.99) if limit else None
    return "; ".join(parts) + ".", fraction


def refuse(
    request: Request, session: Session | None, text: str, status_code: int = 403
) -> HTMLResponse:
    """An error page in words (a page user never sees a JSON body)."""
    return page(
        request,
        "error.html",
        session,
        "You cannot do this here" if status_code == 403 else "Something went wrong",
        status_code=status_code,
        error=text,
    )
