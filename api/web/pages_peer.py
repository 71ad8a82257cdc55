"""The peer's own page, opened with a signed link and no key (issue 13).

The peer sees their profile (their own equalities answers included: it is their data),
their unavailable dates and their placements, and either confirms the profile or sends
corrections. Each answer is a programme version with the peer as author at once
(api.peer_corrections), re-checked against the year's placements; a clash with one
becomes a conflict item in the manager's inbox. This page reads the store directly
because a peer has no API key; it shows only the one peer the link names, and every read
and answer is audited.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api import audit
from api.living import StaleChange
from api.peer_corrections import record_answer, unavailability_ranges
from api.placement_dates import council_name, on_site
from api.profile_updates import CorrectionsIn, LinkError, as_principal, verify
from api.web.render import page
from matcher.living.edits import EditError, UnknownRow
from matcher.models import CouncilType, Gender, YesNoUnsaid
from matcher.store import NotFoundError
from matcher.store.service_tables import PlacementRow

router = APIRouter(include_in_schema=False)
SHOWN_STATES = ("proposed", "approved", "put_forward", "selected", "confirmed")
DONE = {
    "confirmed": "Thank you: your profile is confirmed as up to date.",
    "corrected": "Thank you: your corrections are recorded (the peer challenge team is told "
    "if they clash with a placement).",
    "invalid": "Not saved: one of the answers was not one of the choices offered, or a date "
    "was not a date.",
}
"""What the page says after an answer, chosen by a code: no text travels in the URL."""


def _open(request: Request, token: str):
    services = request.app.state.services
    link = verify(services.settings, token)
    try:
        programme = services.programmes.get(link.programme_id)
    except NotFoundError:
        raise LinkError("this programme is no longer held: ask for a new link") from None
    peer = programme.peer_by_id.get(link.peer_id)
    if peer is None:
        raise LinkError("there is no profile for this link any more")
    return services, link, programme, peer


def _placements(services, programme, link) -> list[dict]:
    query = select(PlacementRow).where(
        PlacementRow.programme_id == link.programme_id,
        PlacementRow.peer_id == link.peer_id,
        PlacementRow.state.in_(SHOWN_STATES),
    )
    with services.store.read() as session:
        rows = list(session.scalars(query.order_by(PlacementRow.id)))
        session.expunge_all()
    dates = on_site(services.store, programme, rows)
    return [
        {
            "council": council_name(programme, r.challenge_id),
            "challenge_id": r.challenge_id,
            "state": r.state,
            "start": dates[r.id].start if r.id in dates else None,
            "end": dates[r.id].end if r.id in dates else None,
        }
        for r in rows
    ]


def _refused(request: Request, exc: LinkError) -> Response:
    return page(request, "error.html", None, "This link cannot be used", 403, error=str(exc))


@router.get("/me/{token}")
def own_page(request: Request, token: str, done: str = "") -> Response:
    try:
        services, link, programme, peer = _open(request, token)
    except LinkError as exc:
        return _refused(request, exc)
    audit.record(services.store, as_principal(link), "read", f"me/{link.peer_id}", personal=True)
    return page(
        request,
        "peer_page.html",
        None,
        f"Your peer profile, {peer.name}",
        token=token,
        message=DONE.get(done),
        peer=peer,
        unavailable=programme.unavailability_by_peer.get(peer.peer_id, []),
        placements=_placements(services, programme, link),
        council_types=list(CouncilType),
        genders=list(Gender),
        answers=list(YesNoUnsaid),
    )


@router.post("/me/{token}")
def answer(
    request: Request,
    token: str,
    action: Annotated[str, Form(max_length=10)],
    tags: Annotated[str, Form(max_length=1000)] = "",
    council_types: Annotated[list[str], Form()] = (),
    gender: Annotated[str, Form(max_length=30)] = "",
    ethnic_minority: Annotated[str, Form(max_length=30)] = "",
    disability: Annotated[str, Form(max_length=30)] = "",
    unavailable: Annotated[str, Form(max_length=2000)] = "",
    unavailable_from: Annotated[list[str], Form(max_length=20)] = (),
    unavailable_to: Annotated[list[str], Form(max_length=20)] = (),
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        services, link, _programme, _peer = _open(request, token)
    except LinkError as exc:
        return _refused(request, exc)
    now = services.clock()
    changes: dict = {}
    ranges = []
    if action != "confirm":
        try:
            changes = CorrectionsIn(
                tags=[t.strip() for t in tags.split(",") if t.strip()] or None,
                council_types=list(council_types) or None,
                gender=gender or None,
                ethnic_minority=ethnic_minority or None,
                disability=disability or None,
                unavailable=unavailable,
                note=note,
            ).model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            ranges = unavailability_ranges(
                link.peer_id, list(zip_longest(unavailable_from, unavailable_to, fillvalue=""))
            )
        except (ValidationError, ValueError):
            return RedirectResponse(f"/me/{token}?done=invalid", status_code=303)
    try:
        # A version with the peer as author (audited there); conflicts go to the inbox.
        record_answer(services, link, changes, ranges, now)
    except (EditError, UnknownRow, StaleChange):
        return RedirectResponse(f"/me/{token}?done=invalid", status_code=303)
    done = "corrected" if changes or ranges else "confirmed"
    audit.record(services.store, as_principal(link), "update", f"me/{link.peer_id}", personal=True)
    return RedirectResponse(f"/me/{token}?done={done}", status_code=303)
