"""Upload, the challenge page (shortlist, why-not, accept) and the group office inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from api.web.client import ApiError, api, api_path
from api.web.render import current_run, page, programme_choice, refuse
from api.web.session import Session, check_csrf, signed_in
from matcher.workflow import Action, State
from matcher.workflow.states import GROUP_OFFICE_ANSWER_DAYS

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Session, Depends(signed_in)]
Csrf = Annotated[Session, Depends(check_csrf)]
OVERDUE_DAYS = GROUP_OFFICE_ANSWER_DAYS
NEXT_STEPS = {
    State.APPROVED.value: (Action.PUT_FORWARD.value, "Put forward"),
    State.PUT_FORWARD.value: (Action.SELECT.value, "Selected"),
    State.SELECTED.value: (Action.CONFIRM.value, "Confirm"),
}
"""The manager's next workflow step for a placement past its group office."""


MANAGERS_ONLY = "only a peer challenge manager can do this"


def _back(session: Session, url: str, message: str) -> Response:
    """Back to `url`, the message kept in the session for the next page (never in the
    address: a link must not be able to make peermatch say arbitrary things)."""
    session.notify(message)
    return RedirectResponse(url, status_code=303)


@router.get("/upload")
def upload_page(request: Request, session: SignedIn) -> Response:
    if not session.is_manager:
        return refuse(request, session, MANAGERS_ONLY)
    return page(request, "upload.html", session, "Upload a programme", active="upload")


@router.post("/upload")
async def upload(
    request: Request,
    session: Csrf,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if not session.is_manager:
        return refuse(request, session, MANAGERS_ONLY)
    content = await file.read()
    data = {"name": name} if name.strip() else None
    try:
        async with api(request, session) as client:
            stored = await client.post(
                "/programmes", files={"file": (file.filename or "upload", content)}, data=data
            )
    except ApiError as exc:
        return page(
            request,
            "upload.html",
            session,
            "Upload a programme",
            active="upload",
            status_code=exc.status,
            error=f"{exc} Nothing was stored.",
            errors=exc.body.get("errors") or [],
            filename=file.filename,
        )
    return _back(
        session,
        f"/year?programme={stored['programme_id']}",
        f"Stored {stored['name']}: {stored['challenge_count']} peer challenges, "
        f"{stored['peer_count']} peers.",
    )


MAX_PEER_MATCHES = 10
"""Peers a why-not name search lists to pick from."""


async def _names(client, pid: int, peer_ids: set[str]) -> dict[str, str]:
    names = {}
    for peer_id in sorted(peer_ids):
        try:
            names[peer_id] = (await client.get(api_path("/programmes/{}/peers/{}", pid, peer_id)))[
                "name"
            ]
        except ApiError:
            names[peer_id] = peer_id
    return names


def _headlines(options: list[dict]) -> dict[int, str]:
    """Each option against the best, in points and pounds, as the API words it (never a
    raw, maybe negative total)."""
    return {o["option"]: o["headline"] for o in options}


async def _why_not(client, pid: int, cid: str, seat: str, text: str, run_id, context) -> None:
    """Why-not for the peer the manager typed: an id, or a name (part of one) to search.
    Several matches are listed to pick from; none is said so."""
    text = text.strip()
    try:
        found = await client.get(
            api_path("/programmes/{}/peers", pid), q=text, limit=MAX_PEER_MATCHES
        )
    except ApiError as exc:
        context["why_error"] = str(exc)
        return
    exact = [p for p in found["items"] if p["peer_id"] == text]
    matches = exact or found["items"]
    if not matches:
        try:  # an id the name search cannot find
            matches = [await client.get(api_path("/programmes/{}/peers/{}", pid, text))]
        except ApiError:
            context["why_error"] = f"no peer whose name or id is {text!r}"
            return
    if len(matches) > 1:
        context["why_choices"] = matches
        return
    try:
        context["why"] = await client.post(
            api_path("/programmes/{}/challenges/{}/why-not", pid, cid),
            json={"seat_id": seat, "peer_id": matches[0]["peer_id"], "run_id": run_id},
        )
        context["why_name"] = matches[0].get("name", matches[0]["peer_id"])
    except ApiError as exc:
        context["why_error"] = str(exc)


@router.get("/challenge/{pid}/{cid}")
async def challenge(
    request: Request,
    pid: int,
    cid: str,
    session: SignedIn,
    k: Annotated[int | None, Query(ge=1, le=10)] = None,
    d: Annotated[int, Query(ge=1, le=10)] = 1,
    m: Annotated[int, Query(ge=0, le=20)] = 3,
    why_seat: str = "",
    why_peer: str = "",
) -> Response:
    context: dict = {
        "pid": pid,
        "k": k or 3,
        "d": d,
        "m": m,
        "why_seat": why_seat,
        "why_peer": why_peer,
        "steps": NEXT_STEPS,
    }
    async with api(request, session) as client:
        try:
            context["challenge"] = await client.get(
                api_path("/programmes/{}/challenges/{}", pid, cid)
            )
        except ApiError as exc:
            return page(
                request,
                "error.html",
                session,
                "Peer challenge not found",
                status_code=exc.status,
                error=str(exc),
            )
        placements = (
            []
            if session.role == "viewer"
            else await client.every(api_path("/programmes/{}/placements", pid), challenge_id=cid)
        )
        context["placements"] = [
            p for p in placements if p["state"] not in ("declined", "not_selected", "withdrawn")
        ]
        done, _active = await current_run(client, pid)
        context["run"] = done
        run_id = done["run_id"] if done else None
        peer_ids = {p["peer_id"] for p in context["placements"]}
        if session.is_manager and k:
            try:
                context["shortlist"] = await client.post(
                    api_path("/programmes/{}/challenges/{}/shortlist", pid, cid),
                    json={"k": k, "d": d, "m": m, "run_id": run_id},
                )
                context["headlines"] = _headlines(context["shortlist"]["options"])
                peer_ids |= {
                    e["peer_id"] for o in context["shortlist"]["options"] for e in o["explanations"]
                }
            except ApiError as exc:
                context["error"] = f"no team options just now: {exc}"
        if session.is_manager and why_seat and why_peer:
            await _why_not(client, pid, cid, why_seat, why_peer, run_id, context)
        if session.role != "viewer":
            context["names"] = await _names(client, pid, peer_ids)
    c = context["challenge"]
    return page(
        request,
        "challenge.html",
        session,
        f"{c['challenge_id']} {c.get('council_name') or c['council']}",
        **context,
    )


@router.post("/challenge/{pid}/{cid}/accept")
async def accept(
    request: Request,
    pid: int,
    cid: str,
    session: Csrf,
    seat: Annotated[list[str], Form()],
    start_date: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    """Accept a shortlist option: each `seat_id=peer_id` becomes a proposed placement
    starting on the option's start date."""
    if not session.is_manager:
        return refuse(request, session, MANAGERS_ONLY)
    done, failed = 0, []
    async with api(request, session) as client:
        for pair in seat:
            seat_id, _, peer_id = pair.partition("=")
            try:
                await client.post(
                    api_path("/programmes/{}/placements", pid),
                    json={
                        "challenge_id": cid,
                        "seat_id": seat_id,
                        "peer_id": peer_id,
                        "start_date": start_date or None,
                    },
                )
                done += 1
            except ApiError as exc:
                failed.append(f"{seat_id}: {exc}")
    message = f"Recorded {done} proposed placement{'s' if done != 1 else ''}."
    if failed:
        message += " Not recorded: " + "; ".join(failed)
    return _back(session, f"/challenge/{pid}/{quote(cid, safe='')}", message)


@router.post("/ui/placements/{placement_id}/step")
async def step(
    request: Request,
    placement_id: int,
    session: Csrf,
    action: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=300)] = "/inbox",
) -> Response:
    """One workflow move (approve, decline, put_forward, select, confirm, withdraw)."""
    if not back.startswith("/") or back.startswith(("//", "/\\")) or "\\" in back:
        back = "/inbox"
    if action == "decline" and not note.strip():
        return _back(session, back, "Please give a reason when you decline a proposal.")
    try:
        async with api(request, session) as client:
            moved = await client.post(
                api_path("/placements/{}/{}", placement_id, action), json={"note": note}
            )
    except ApiError as exc:
        return _back(session, back, f"That did not work: {exc}")
    return _back(
        session,
        back,
        f"Placement {placement_id} ({moved['peer_id']} on "
        f"{moved['challenge_id']}) is now {moved['state'].replace('_', ' ')}.",
    )


@router.post("/ui/programmes/{programme_id}/conflicts/{update_id}/resolve")
async def resolve_conflict(
    request: Request, programme_id: int, update_id: int, session: Csrf
) -> Response:
    """A manager marks the conflicts one peer's answer raised as dealt with."""
    back = f"/inbox?programme={programme_id}"
    try:
        async with api(request, session) as client:
            await client.post(
                api_path("/programmes/{}/conflicts/{}/resolve", programme_id, update_id)
            )
    except ApiError as exc:
        return _back(session, back, f"That did not work: {exc}")
    return _back(session, back, "Marked resolved: it stays on record.")


@router.get("/inbox")
async def inbox(
    request: Request, session: SignedIn, programme: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    if session.role == "viewer":
        return refuse(request, session, "the inbox is for group offices and managers")
    now = request.app.state.services.clock()
    async with api(request, session) as client:
        programmes, chosen = await programme_choice(client, programme)
        rows, conflicts = [], []
        if chosen is not None:
            pid = chosen["programme_id"]
            pending = await client.every(
                api_path("/programmes/{}/placements", pid), state="proposed"
            )
            pending = [p for p in pending if p["peer_kind"] == "member"]
            names = await _names(client, pid, {p["peer_id"] for p in pending})
            stale = {s["peer_id"] for s in await client.get(f"/programmes/{pid}/stale-profiles")}
            if session.role == "manager":  # placements a peer's own correction now breaks
                conflicts = await client.get(f"/programmes/{pid}/conflicts")
            for p in pending:
                since = datetime.fromisoformat(p["waiting_since"] or p["created_at"])
                days = (now - since).days
                rows.append(
                    p
                    | {"days": days, "overdue": days > OVERDUE_DAYS, "name": names[p["peer_id"]]}
                    | {"stale": p["peer_id"] in stale}
                )
    rows.sort(key=lambda r: -r["days"])
    return page(
        request,
        "inbox.html",
        session,
        "Group office inbox",
        active="inbox",
        programmes=programmes,
        chosen=chosen,
        rows=rows,
        conflicts=conflicts,
        overdue_days=OVERDUE_DAYS,
    )
