"""The living year's pages (managers): edit a programme in place (a peer's days and
unavailability, a challenge's window), its versions and the differences between two, and
a re-plan shown side by side (each changed seat before and after, with the reason) before
the manager accepts it. Every action is the API's own call; its errors are shown as a
table of field and reason."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.web.client import Api, ApiError, api, api_path
from api.web.render import current_run, page, programme_choice, programme_page, refuse
from api.web.session import Session, check_csrf, signed_in

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Session, Depends(signed_in)]
Csrf = Annotated[Session, Depends(check_csrf)]
MANAGERS_ONLY = "changing a programme is for peer challenge managers"


def _problems(exc: ApiError) -> list[dict]:
    """An API refusal as rows of field and reason."""
    rows = exc.body.get("errors") or [
        {"field": v.get("rule", ""), "reason": v.get("message", "")}
        for v in exc.body.get("violations") or []
    ]
    return rows or [{"field": "", "reason": str(exc)}]


@router.get("/changes")
async def changes_page(
    request: Request,
    session: SignedIn,
    programme: Annotated[int | None, Query(ge=1)] = None,
    a: Annotated[int | None, Query(ge=1)] = None,
    b: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    if not session.is_manager:
        return refuse(request, session, MANAGERS_ONLY)

    async def load(client: Api, pid: int) -> dict:
        data: dict[str, Any] = {
            "versions": await client.get(api_path("/programmes/{}/versions", pid)),
            "since": await client.get(api_path("/programmes/{}/changes", pid)),
        }
        if a and b:
            data["diff"] = await client.get(
                api_path("/programmes/{}/versions/{}/diff/{}", pid, a, b)
            )
        data["run"], _active = await current_run(client, pid)
        data["changed"] = (((data["run"] or {}).get("summary") or {}).get("personal") or {}).get(
            "changed_seats"
        ) or []
        return data

    return await programme_page(
        request,
        session,
        programme,
        ("changes.html", "Changes and re-plan", "changes"),
        load,
        a=a,
        b=b,
        versions=[],
        diff=None,
        since=None,
        run=None,
        changed=[],
    )


@router.post("/changes/accept")
async def accept_replan(
    session: Csrf,
    request: Request,
    programme_id: Annotated[int, Form(ge=1)],
    run_id: Annotated[str, Form(min_length=1, max_length=64)],
) -> Response:
    try:
        async with api(request, session) as client:
            done = await client.post(api_path("/runs/{}/accept-changes", run_id))
    except ApiError as exc:
        return refuse(request, session, str(exc), exc.status)
    message = (
        f"Accepted the re-plan: {len(done['withdrawn'])} placements withdrawn, "
        f"{len(done['proposed'])} proposed, {len(done['not_done'])} left as they were"
    )
    session.notify(message)
    return RedirectResponse(f"/changes?programme={programme_id}", 303)


@router.get("/edit")
async def edit_page(
    request: Request,
    session: SignedIn,
    programme: Annotated[int | None, Query(ge=1)] = None,
    peer: Annotated[str, Query(max_length=200)] = "",
    challenge: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    if not session.is_manager:
        return refuse(request, session, MANAGERS_ONLY)
    return await _edit(request, session, programme, peer, challenge)


async def _edit(request, session, programme, peer_id, challenge_id, problems=None) -> Response:
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, programme)
        peer = challenge = None
        try:
            if chosen and peer_id:
                peer = await client.get(
                    api_path("/programmes/{}/peers/{}", chosen["programme_id"], peer_id)
                )
            if chosen and challenge_id:
                challenge = await client.get(
                    api_path("/programmes/{}/challenges/{}", chosen["programme_id"], challenge_id)
                )
        except ApiError as exc:
            problems = _problems(exc)
    return page(
        request,
        "edit.html",
        session,
        "Change the programme",
        status_code=422 if problems else 200,
        active="edit",
        programmes=programmes,
        chosen=chosen,
        peer=peer,
        peer_id=peer_id,
        challenge=challenge,
        challenge_id=challenge_id,
        problems=problems,
    )


@router.post("/edit/{what}")
async def edit_submit(
    what: str,
    request: Request,
    session: Csrf,
    programme_id: Annotated[int, Form(ge=1)],
    peer_id: Annotated[str, Form(max_length=200)] = "",
    challenge_id: Annotated[str, Form(max_length=200)] = "",
    field: Annotated[str, Form(max_length=50)] = "",
    value: Annotated[str, Form(max_length=200)] = "",
    from_date: Annotated[str, Form(max_length=20)] = "",
    to_date: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    calls = {
        "peer": ("PATCH", "/programmes/{}/peers/{}", peer_id, {"json": {field: value or None}}),
        "challenge": (
            "PATCH",
            "/programmes/{}/challenges/{}",
            challenge_id,
            {"json": {field: value}},
        ),
        "away": (
            "POST",
            "/programmes/{}/peers/{}/unavailability",
            peer_id,
            {"json": {"from_date": from_date, "to_date": to_date, "reason": reason}},
        ),
        "back": (
            "DELETE",
            "/programmes/{}/peers/{}/unavailability",
            peer_id,
            {"params": {"from_date": from_date, "to_date": to_date}},
        ),
    }
    if what not in calls:
        return refuse(request, session, f"nothing to change called {what}", 404)
    method, template, row_id, kwargs = calls[what]
    path = api_path(template, programme_id, row_id)
    try:
        async with api(request, session) as client:
            done = await client.call(method, path, **kwargs)
    except ApiError as exc:
        return await _edit(request, session, programme_id, peer_id, challenge_id, _problems(exc))
    query = urlencode({"programme": programme_id, "peer": peer_id, "challenge": challenge_id})
    session.notify(f"Saved as version {done['version']}")
    return RedirectResponse(f"/edit?{query}", 303)
