"""Past challenges and placements across years, and councils due a peer challenge
(issue 13 "History across years").

PUT /history replaces the service-wide rows of the one history table with an uploaded
CSV (matcher.history: every error with its row and column, nothing kept on any error);
rows a programme's own files brought stay with it. Every programme reads both: S8 fresh
eyes, S5 across years and the due list. The due list is about councils,
not people, so every role may read it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy import delete

from api import audit
from api.deps import CallerDep, ManagerDep, NowDep, ProgrammeDep, ProgrammeIdPath, ServicesDep
from api.schemas import ErrorOut, LoadErrorsOut
from matcher.history import councils_due, last_cpcs, read_history
from matcher.io import InvalidInstanceError, LoadError, reference_councils
from matcher.models import ChallengeType
from matcher.store.tables import HistoryRow

router = APIRouter(
    tags=["history"],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
MAX_BYTES = 20 << 20


@router.put(
    "/history",
    responses={422: {"model": LoadErrorsOut}},
    summary="Replace the service-wide history of past challenges and placements (CSV: "
    "peer_id, council, start_date, challenge_id, type)",
)
def upload_history(
    services: ServicesDep,
    caller: ManagerDep,
    now: NowDep,
    file: Annotated[UploadFile, File(description="history.csv")],
) -> dict[str, int]:
    raw = file.file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InvalidInstanceError([LoadError(file="history.csv", message="larger than 20 MB")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInstanceError(
            [LoadError(file="history.csv", message="not UTF-8 text")]
        ) from None
    rows, errors = read_history(text, reference_councils(services.settings.data_dir))
    if errors:
        raise InvalidInstanceError(errors, "history.csv")
    with services.store.write() as session:  # the service's rows; programmes keep theirs
        session.execute(delete(HistoryRow).where(HistoryRow.programme_id.is_(None)))
        session.add_all(
            HistoryRow(
                programme_id=None,
                challenge_id=r.challenge_id,
                council=r.council,
                type=r.type.value if r.type else None,
                start_date=r.start_date,
                peer_id=r.peer_id,
                uploaded_at=now,
                uploaded_by=caller.label,
            )
            for r in rows
        )
    services.programmes.forget()  # every programme reads the service's history
    services.shortlist_indexes.forget()
    counts = {"rows": len(rows), "challenges": len({r.challenge_id for r in rows})}
    audit.record(services.store, caller, "update", "history", personal=True, detail=counts)
    return counts


class DueOut(BaseModel):
    council: str
    name: str
    region: str
    type: str
    last_cpc: date | None = Field(description="Start of its last corporate peer challenge.")
    due_since: date | None = Field(description="When it became due; null: none on record.")
    in_programme: bool = Field(description="This programme already holds a CPC for it.")


@router.get(
    "/programmes/{programme_id}/councils/due",
    response_model=list[DueOut],
    summary="Councils due a corporate peer challenge (history and this programme)",
)
def due(
    programme_id: ProgrammeIdPath,
    programme: ProgrammeDep,
    services: ServicesDep,
    _caller: CallerDep,
    now: NowDep,
    years: Annotated[int | None, Query(ge=1, le=20, description="Default: setting.")] = None,
) -> list[DueOut]:
    last = last_cpcs(programme.history)  # its own history and the service's: one table
    planned = {c.council for c in programme.challenges if c.type is ChallengeType.CPC}
    registry = programme.councils
    found = councils_due(
        registry.codes, last, now.date(), years or services.settings.cpc_interval_years
    )
    return [
        DueOut(
            council=d.council,
            name=registry[d.council].name,
            region=registry[d.council].region,
            type=registry[d.council].type.value,
            last_cpc=d.last_cpc,
            due_since=d.due_since,
            in_programme=d.council in planned,
        )
        for d in found
    ]
