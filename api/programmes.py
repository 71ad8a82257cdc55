"""Stored programmes as the service uses them: saved with their source, loaded with the
right councils, cached in memory, and deleted with the service's own rows.

The store keeps a programme's rows but not its councils (they are reference data). A
folder that brought its own `councils` table (tests, other countries' data) would load
back wrong against the reference files, so its councils are kept beside it here.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from api.cap_exceptions import approved_caps
from api.keys import Principal
from api.workflow_db import import_states
from matcher.councils import CouncilRegistry
from matcher.io import reference_councils
from matcher.io.reading import is_reference_registry
from matcher.living.versions import snapshot
from matcher.models import Council
from matcher.programme import Programme
from matcher.store import Store, StoreError
from matcher.store import programmes as stored_programmes
from matcher.store.coltypes import utcnow
from matcher.store.service_tables import PlacementRow, ProgrammeSourceRow
from matcher.store.versions import add_version
from matcher.workflow.caps import with_cap_exceptions


def councils_blob(registry: CouncilRegistry) -> dict | None:
    """The registry as JSON, or None when it is the shared reference data."""
    if is_reference_registry(registry):
        return None
    return {
        "councils": [registry[c].model_dump(mode="json") for c in registry.codes],
        "neighbours": sorted(sorted(pair) for pair in registry.neighbour_pairs),
    }


def registry_from_blob(blob: dict) -> CouncilRegistry:
    councils = [Council.model_validate(c) for c in blob["councils"]]
    return CouncilRegistry(councils, [tuple(pair) for pair in blob["neighbours"]])


def save_upload(
    store: Store, programme: Programme, name: str, filename: str, who: Principal
) -> int:
    """Store the programme and its source in one transaction (both or neither)."""
    try:
        with store.write() as session:
            programme_id = stored_programmes.save_programme(session, programme, name)
            change = {"action": "upload", "filename": filename}
            add_version(session, programme_id, who.label, change, snapshot(programme), utcnow())
            import_states(session, programme_id, programme, who, utcnow())
            session.add(
                ProgrammeSourceRow(
                    programme_id=programme_id,
                    filename=filename,
                    uploaded_at=utcnow(),
                    uploaded_by=who.label,
                    councils=councils_blob(programme.councils),
                )
            )
    except IntegrityError as exc:
        raise StoreError(f"programme {name!r} was not saved, it breaks a key: {exc.orig}") from exc
    return programme_id


def load_stored(store: Store, programme_id: int, data_dir: Path) -> Programme:
    """The programme every job reads: as stored, with its approved cap exceptions (H4)."""
    programme = load_raw(store, programme_id, data_dir)
    return with_cap_exceptions(programme, approved_caps(store, programme_id))


def load_raw(store: Store, programme_id: int, data_dir: Path) -> Programme:
    """A stored programme with its own councils if it brought them, else the reference."""
    with store.read() as session:
        blob = session.scalar(
            select(ProgrammeSourceRow.councils).where(
                ProgrammeSourceRow.programme_id == programme_id
            )
        )
    registry = registry_from_blob(blob) if blob else reference_councils(data_dir)
    return store.load_programme(programme_id, registry)


def delete_rows(db: Store, programme_id: int) -> None:
    """The service's rows that follow a programme (the store cascades its own)."""
    with db.write() as session:
        session.execute(delete(PlacementRow).where(PlacementRow.programme_id == programme_id))
        session.execute(
            delete(ProgrammeSourceRow).where(ProgrammeSourceRow.programme_id == programme_id)
        )


class ProgrammeCache:
    """Recently used programmes, loaded once: a 2,000-peer load takes ~0.5 s, reads ~1 ms.

    Programmes are values; only erasure and deletion change what is stored, and both
    call `forget`.
    """

    def __init__(self, store: Store, data_dir: Path, size: int):
        self.store, self.data_dir, self.size = store, data_dir, size
        self._items: OrderedDict[int, Programme] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, programme_id: int) -> Programme:
        with self._lock:
            if programme_id in self._items:
                self._items.move_to_end(programme_id)
                return self._items[programme_id]
            programme = load_stored(self.store, programme_id, self.data_dir)
            self._items[programme_id] = programme
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return programme

    def forget(self, programme_id: int | None = None) -> None:
        """Drop one programme (or all) so the next read loads it again."""
        with self._lock:
            if programme_id is None:
                self._items.clear()
            else:
                self._items.pop(programme_id, None)


def service_past(store: Store) -> frozenset[str]:
    """The challenge ids of the service-wide history (PUT /history): an upload's progress
    review may follow one of them (S5 across years)."""
    with store.read() as session:
        return frozenset(
            past.challenge_id
            for past in stored_programmes.service_history(session, set())
            if past.challenge_id
        )


def with_service_history(store: Store, programme: Programme) -> Programme:
    """An uploaded programme with the service's history after its own, as the stored one
    is loaded (so a re-upload's differences do not show the service's rows as removed)."""
    with store.read() as session:
        shared = stored_programmes.service_history(session, set(programme.peer_by_id))
    own = set(programme.history)
    extra = tuple(p for p in shared if p not in own)
    return (
        dataclasses.replace(programme, history=(*programme.history, *extra)) if extra else programme
    )
