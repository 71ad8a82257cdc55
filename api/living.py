"""Changing a stored programme in place (the living year): one change, one transaction.

Every change loads the programme as stored (without approved cap exceptions laid over
it), builds the changed programme (matcher.living.edits), validates it like an upload,
then replaces the stored rows, records a version (who, when, what) and the audit entry
in one commit. A change based on an older version than the stored one is refused (409):
two managers editing at once never lose each other's work. The workflow, runs and cap
exceptions keep the programme id, so they survive every change.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from api import audit
from api.cap_exceptions import list_exceptions
from api.keys import Principal
from api.programmes import councils_blob, load_raw, load_stored
from api.state import Services
from api.workflow_read import workflow_seats
from matcher.io import save_programme
from matcher.living.edits import revalidate
from matcher.living.versions import counts, diff, snapshot
from matcher.programme import Programme
from matcher.store import RunKind, RunStatus, versions
from matcher.store import programmes as stored_programmes
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import PlacementEventRow, PlacementRow, ProgrammeSourceRow
from matcher.workflow import CLOSED
from matcher.workflow.pins import exported


class StaleChange(ValueError):
    """The programme changed between reading it and writing the change (409)."""


def current(services: Services, programme_id: int) -> tuple[Programme, int]:
    """The stored programme and its version (a first version is recorded for one stored
    before versions were kept)."""
    programme = load_raw(services.store, programme_id, services.settings.data_dir)
    with services.store.write() as session:
        version = versions.latest(session, programme_id)
        if version == 0:
            change = {"action": "adopted", "note": "the programme as stored before versions"}
            version = versions.add_version(
                session, programme_id, "system", change, snapshot(programme), utcnow()
            )
    return programme, version


def apply(
    services: Services,
    programme_id: int,
    who: Principal,
    action: dict[str, Any],
    change: Callable[[Programme], Programme],
) -> dict[str, Any]:
    """Apply `change` (EditError/UnknownRow when it cannot be); the new version's record."""
    before, based_on = current(services, programme_id)
    after = revalidate(change(before), services.settings.data_dir)
    return commit(services, programme_id, who, action, before, after, based_on)


def commit(
    services: Services,
    programme_id: int,
    who: Principal,
    action: dict[str, Any],
    before: Programme,
    after: Programme,
    based_on: int,
) -> dict[str, Any]:
    """Write `after` in place of `before` with its version and audit entry, or nothing."""
    new_snapshot = snapshot(after)
    differences = diff(snapshot(before), new_snapshot)
    record = action | {"tables": counts(differences)}
    with services.store.write() as session:
        if versions.latest(session, programme_id) != based_on:
            raise StaleChange(
                f"programme {programme_id} changed meanwhile (now past version {based_on}); "
                "read it again and repeat the change"
            )
        stored_programmes.replace_programme(session, programme_id, after)
        source = session.get(ProgrammeSourceRow, programme_id)
        if source is not None and source.councils is not None:
            source.councils = councils_blob(after.councils)
        version = versions.add_version(
            session, programme_id, who.label, record, new_snapshot, utcnow()
        )
        audit.add(
            session,
            who,
            "update",
            f"programmes/{programme_id}",
            personal=True,
            detail={"version": version, **record},
        )
    services.programmes.forget(programme_id)
    services.shortlist_indexes.forget()
    return {"version": version, "change": record, "differences": differences}


def export_zip(services: Services, programme_id: int) -> bytes:
    """The programme folder as a zip, its placements.csv holding the workflow's seats in
    play with their state and start (matcher.workflow.pins.exported), and approved cap
    exceptions as the peers' `cap_days`, so the CLI reads the year as the service does;
    it uploads again as it is."""
    programme = load_stored(services.store, programme_id, services.settings.data_dir)
    current = exported(programme, workflow_seats(services.store, programme_id))
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="peermatch-export-") as tmp:
        folder = save_programme(current, Path(tmp) / "programme")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
    return buffer.getvalue()


def since_last_plan(services: Services, programme_id: int) -> dict[str, Any]:
    """What changed since the programme's last finished batch run: its rows (versions),
    placements withdrawn, declined or not selected, and cap exceptions decided."""
    done = [
        r
        for r in services.store.list_runs(programme_id)
        if r.kind is RunKind.BATCH and r.status is RunStatus.DONE
    ]
    if not done:
        return {"since_run": None, "detail": "no finished run of this programme yet"}
    run = done[-1]
    _, now = current(services, programme_id)
    since = int(run.params.get("programme_version") or 1)
    caps = [
        c.model_dump(mode="json")
        for c in list_exceptions(services.store, programme_id)
        if c.decided_at is not None and c.decided_at > run.finished_at
    ]
    return {
        "since_run": run.run_id,
        "since_version": since,
        "version": now,
        "programme": version_diff(services, programme_id, since, now) if since != now else {},
        "placements_closed": _closed_since(services, programme_id, run.finished_at),
        "cap_exceptions": caps,
    }


def _closed_since(services: Services, programme_id: int, since) -> list[dict[str, Any]]:
    """Placements withdrawn, declined or not selected after `since`."""
    query = (
        select(PlacementRow, PlacementEventRow.to_state, PlacementEventRow.at)
        .join(PlacementEventRow, PlacementEventRow.placement_id == PlacementRow.id)
        .where(
            PlacementRow.programme_id == programme_id,
            PlacementEventRow.at > since,
            PlacementEventRow.to_state.in_([s.value for s in CLOSED]),
        )
        .order_by(PlacementEventRow.at)
    )
    with services.store.read() as session:
        return [
            {
                "placement_id": row.id,
                "challenge_id": row.challenge_id,
                "seat_id": row.seat_id,
                "peer_id": row.peer_id,
                "state": state,
                "at": at.isoformat(),
            }
            for row, state, at in session.execute(query)
        ]


def version_diff(services: Services, programme_id: int, a: int, b: int) -> dict[str, Any]:
    with services.store.read() as session:
        first = versions.version_snapshot(session, programme_id, a)
        second = versions.version_snapshot(session, programme_id, b)
    return diff(first, second)
