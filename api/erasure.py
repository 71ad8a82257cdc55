"""Erasing a peer on request (UK GDPR Art. 17): personal data gone, runs still readable.

One transaction (Store.erase_peer) over the store's tables and the service's: the store
deletes the peer's rows and rewrites every run that mentions them (assignments, unfilled
messages, JSON summaries such as a what-if's `summary.personal.cap_exceptions`); here the
service's own tables follow in the same transaction: workflow placements take the
placeholder, free-text workflow notes lose the peer's names and id, and audit entries are
pseudonymised (the id becomes the placeholder in their resource and details). The erasure
is audited under the placeholder, never under the id.
"""

from __future__ import annotations

import secrets

from sqlalchemy import update
from sqlalchemy.orm import Session

from api import audit
from api.keys import Principal
from matcher.store import Store
from matcher.store.erasure import Erasure, drop_rows_in, scrub_table
from matcher.store.service_tables import (
    AuditRow,
    CapExceptionRow,
    PlacementEventRow,
    ProgrammeVersionRow,
)
from matcher.store.service_tables import PlacementRow as WorkflowRow

PLACEHOLDER_PREFIX = "erased-"


class PeerUnknown(LookupError):
    """No programme, run or placement mentions this peer id."""


def erase_peer(store: Store, peer_id: str, who: Principal) -> dict:
    """Erase `peer_id` everywhere; returns the placeholder and what changed (counts)."""
    placeholder = PLACEHOLDER_PREFIX + secrets.token_hex(6)

    def service_rows(session: Session, done: Erasure) -> dict[str, int]:
        counts = {
            "workflow_placements": session.execute(
                update(WorkflowRow)
                .where(WorkflowRow.peer_id == peer_id)
                .values(peer_id=placeholder)
            ).rowcount,
            "workflow_notes": scrub_table(session, done, PlacementEventRow, ("note",)),
            "audit_entries": scrub_table(session, done, AuditRow, ("resource", "detail")),
            # the living year's tables (issue 12): programme versions keep every table
            # as it was, cap exceptions name the peer and say why
            "programme_versions": scrub_table(
                session, done, ProgrammeVersionRow, ("change", "snapshot")
            ),
            "programme_version_rows_dropped": drop_rows_in(
                session, done, ProgrammeVersionRow, ("change", "snapshot")
            ),
            "cap_exceptions": scrub_table(
                session, done, CapExceptionRow, ("peer_id", "reason", "decision_reason")
            ),
        }
        if not (done.found or any(counts.values())):
            raise PeerUnknown(peer_id)
        audit.add(
            session,
            who,
            "erase",
            f"peers/{placeholder}",
            personal=True,
            detail={"programmes": done.programmes, "counts": done.counts | counts},
        )
        return counts

    done = store.erase_peer(peer_id, placeholder, more=service_rows)
    return {"placeholder": placeholder, "programmes": done.programmes, "counts": done.counts}
