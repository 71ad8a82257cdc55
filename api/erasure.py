"""Erasing a peer on request (UK GDPR Art. 17): personal data gone, runs still readable.

One transaction over the store's tables and the service's: the peer's rows in every
programme (with their unavailability, conflicts, placements, and the vetoes and requests
naming them) are deleted; in past runs and in the placement workflow their id is
replaced by one random placeholder, so a run still shows that the seat was filled, by
the same anonymous person throughout, and nothing links the placeholder back to them.

TODO(store): this writes to matcher.store's tables from outside the store because the
store is owned by another engineer; it belongs in `Store.erase_peer(peer_id,
placeholder) -> dict[str, int]` with exactly these statements (see the closing note).
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select, update

from api import audit
from api.db.schema import Database
from api.db.tables import PlacementRow as WorkflowRow
from api.keys import Principal
from matcher.store.tables import (
    ChallengePeerRow,
    ConflictRow,
    PeerRow,
    PlacementRow,
    RunAssignmentRow,
    UnavailabilityRow,
)

PLACEHOLDER_PREFIX = "erased-"


class PeerUnknown(LookupError):
    """No programme, run or placement mentions this peer id."""


def erase_peer(db: Database, peer_id: str, who: Principal) -> dict:
    """Erase `peer_id` everywhere; returns the placeholder and what changed (counts)."""
    placeholder = PLACEHOLDER_PREFIX + secrets.token_hex(6)
    with db.write() as session:
        programmes = sorted(
            session.scalars(select(PeerRow.programme_id).where(PeerRow.peer_id == peer_id))
        )
        counts = {
            table.__tablename__: session.execute(
                delete(table).where(table.peer_id == peer_id)
            ).rowcount
            for table in (ChallengePeerRow, UnavailabilityRow, ConflictRow, PlacementRow, PeerRow)
        }
        counts["run_assignments"] = session.execute(
            update(RunAssignmentRow)
            .where(RunAssignmentRow.peer_id == peer_id)
            .values(peer_id=placeholder)
        ).rowcount
        counts["workflow_placements"] = session.execute(
            update(WorkflowRow).where(WorkflowRow.peer_id == peer_id).values(peer_id=placeholder)
        ).rowcount
        if not any(counts.values()):
            raise PeerUnknown(peer_id)
        audit.add(
            session,
            who,
            "erase",
            f"peers/{peer_id}",
            personal=True,
            detail={"programmes": programmes, "counts": counts},
        )
    return {"placeholder": placeholder, "programmes": programmes, "counts": counts}
