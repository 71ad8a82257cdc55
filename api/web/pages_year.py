"""Pages for the peer's year (issue 13): messages sent, stale profiles and the annual
usage report with its charts. Each reads the service's own API with the signed-in key,
so a page shows nothing that key could not read."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.web.client import Api, ApiError, api, api_path
from api.web.render import page, programme_page, refuse
from api.web.session import Session, check_csrf, signed_in

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Session, Depends(signed_in)]
Csrf = Annotated[Session, Depends(check_csrf)]
ProgrammeQuery = Annotated[int | None, Query(ge=1)]
STAFF_ONLY = "this page is for peer challenge managers and group offices"


@router.get("/messages")
async def messages(request: Request, session: SignedIn) -> Response:
    if session.role == "viewer":
        return refuse(request, session, STAFF_ONLY)
    async with api(request, session) as client:
        sent = await client.get("/outbox", limit=200)
    return page(request, "messages.html", session, "Messages", active="messages", messages=sent)


@router.get("/profiles")
async def profiles(request: Request, session: SignedIn, programme: ProgrammeQuery = None):
    if session.role == "viewer":
        return refuse(request, session, STAFF_ONLY)

    async def load(client: Api, pid: int) -> dict:
        stale = await client.get(api_path("/programmes/{}/stale-profiles", pid))
        offices: dict[str, list[dict]] = {}
        for peer in stale:
            offices.setdefault(peer["group_office"] or "officers", []).append(peer)
        lapsing = await client.get(api_path("/programmes/{}/lapsing", pid), months=6)
        return {"offices": offices, "lapsing": lapsing}

    return await programme_page(
        request,
        session,
        programme,
        ("profiles.html", "Profiles to update", "profiles"),
        load,
        offices={},
        lapsing=[],
    )


@router.get("/annual-report")
async def annual(request: Request, session: SignedIn, programme: ProgrammeQuery = None):

    async def load(client: Api, pid: int) -> dict:
        return {
            "report": await client.get(api_path("/programmes/{}/usage", pid), plan="active"),
            "due": await client.get(api_path("/programmes/{}/councils/due", pid)),
        }

    return await programme_page(
        request,
        session,
        programme,
        ("annual.html", "Annual usage report", "annual"),
        load,
        report=None,
        due=[],
    )


@router.get("/ui/programmes/{pid}/usage/{chart}.png")
async def annual_chart(
    request: Request,
    pid: int,
    chart: Literal["group_office", "characteristic"],
    session: SignedIn,
) -> Response:
    """The report's charts for <img>: the browser sends the session cookie, not a key."""
    async with api(request, session) as client:
        answer = await client.client.get(
            f"/programmes/{pid}/usage/chart.png", params={"chart": chart, "plan": "active"}
        )
    if answer.status_code != 200:
        return Response(status_code=answer.status_code)
    return Response(answer.content, media_type="image/png")


@router.get("/ui/programmes/{pid}/stale-profiles.csv")
async def stale_csv(request: Request, pid: int, session: SignedIn, office: str = "") -> Response:
    params = {"group_office": office} if office else {}
    async with api(request, session) as client:
        answer = await client.client.get(f"/programmes/{pid}/stale-profiles.csv", params=params)
    if answer.status_code != 200:
        try:
            detail = answer.json().get("detail", "no list")
        except ValueError:
            detail = "no list"
        return refuse(request, session, str(detail), answer.status_code)
    return Response(
        answer.content,
        media_type="text/csv",
        headers={"Content-Disposition": answer.headers.get("content-disposition", "")},
    )


FEEDBACK_DONE = {
    "recorded": "Feedback recorded and sent to the peer's group office.",
    "refused": "Not recorded: feedback follows a confirmed member placement whose challenge "
    "has ended.",
}
"""What the page says after a form, chosen by a code: no text travels in the URL."""


@router.get("/feedback")
async def feedback_page(
    request: Request, session: SignedIn, programme: ProgrammeQuery = None, done: str = ""
):
    """Managers: feedback due after each challenge, with a form; everyone on staff: what
    was recorded on the peers they see."""
    if session.role == "viewer":
        return refuse(request, session, STAFF_ONLY)

    async def load(client: Api, pid: int) -> dict:
        due = []
        if session.is_manager:
            due = await client.get(api_path("/programmes/{}/feedback/due", pid))
        recorded = await client.get(api_path("/programmes/{}/feedback", pid))
        names: dict[str, str] = {}
        for peer_id in sorted({r["peer_id"] for r in recorded}):
            try:
                peer = await client.get(api_path("/programmes/{}/peers/{}", pid, peer_id))
                names[peer_id] = peer["name"]
            except ApiError:
                names[peer_id] = peer_id
        return {"due": due, "recorded": recorded, "names": names}

    return await programme_page(
        request,
        session,
        programme,
        ("feedback.html", "Feedback on member peers", "feedback"),
        load,
        message=FEEDBACK_DONE.get(done),
        due=[],
        recorded=[],
        names={},
    )


@router.post("/feedback/{placement_id}")
async def give_feedback(
    request: Request,
    placement_id: int,
    session: Csrf,
    rating: Annotated[int, Form(ge=1, le=5)],
    text: Annotated[str, Form(max_length=5000)] = "",
    programme: Annotated[int | None, Form(ge=1)] = None,
) -> Response:
    back = "/feedback?" + (f"programme={programme}&" if programme else "")
    try:
        async with api(request, session) as client:
            body = {"rating": rating, "text": text}
            await client.post(f"/placements/{placement_id}/feedback", body)
    except ApiError:
        return RedirectResponse(f"{back}done=refused", 303)
    return RedirectResponse(f"{back}done=recorded", 303)


@router.get("/ui/programmes/{pid}/calendar.ics")
async def calendar_file(request: Request, pid: int, session: SignedIn, office: str) -> Response:
    """A group office's calendar of put-forward and confirmed placements, for download."""
    async with api(request, session) as client:
        answer = await client.client.get(
            f"/programmes/{pid}/calendar.ics", params={"group_office": office}
        )
    if answer.status_code != 200:
        return refuse(request, session, "this calendar is not yours to see", answer.status_code)
    return Response(
        answer.content,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="peer-challenges-{office}.ics"'},
    )
