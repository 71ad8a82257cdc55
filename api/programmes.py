"""Stored programmes as the service uses them: saved with their source, loaded with the
right councils, cached in memory, and deleted with the service's own rows.

The store keeps a programme's rows but not its councils (they are reference data). A
folder that brought its own `councils` table (tests, other countries' data) would load
back wrong against the reference files, so its councils are kept beside it here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import delete, select

from api.db.schema import Database
from api.db.tables import PlacementRow, ProgrammeSourceRow
from api.keys import Principal
from matcher.councils import CouncilRegistry
from matcher.io import reference_councils
from matcher.io.reading import is_reference_registry
from matcher.models import Council
from matcher.programme import Programme
from matcher.store import Store
from matcher.store.coltypes import utcnow


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
    store: Store, db: Database, programme: Programme, name: str, filename: str, who: Principal
) -> int:
    """Store the programme and its source; if the second write fails, undo the first."""
    programme_id = store.save_programme(programme, name)
    try:
        with db.write() as session:
            session.add(
                ProgrammeSourceRow(
                    programme_id=programme_id,
                    filename=filename,
                    uploaded_at=utcnow(),
                    uploaded_by=who.label,
                    councils=councils_blob(programme.councils),
                )
            )
    except BaseException:
        store.delete_programme(programme_id)
        raise
    return programme_id


def load_stored(store: Store, db: Database, programme_id: int, data_dir: Path) -> Programme:
    """A stored programme with its own councils if it brought them, else the reference."""
    with db.read() as session:
        blob = session.scalar(
            select(ProgrammeSourceRow.councils).where(
                ProgrammeSourceRow.programme_id == programme_id
            )
        )
    registry = registry_from_blob(blob) if blob else reference_councils(data_dir)
    return store.load_programme(programme_id, registry)


def delete_rows(db: Database, programme_id: int) -> None:
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

    def __init__(self, store: Store, db: Database, data_dir: Path, size: int):
        self.store, self.db, self.data_dir, self.size = store, db, data_dir, size
        self._items: OrderedDict[int, Programme] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, programme_id: int) -> Programme:
        with self._lock:
            if programme_id in self._items:
                self._items.move_to_end(programme_id)
                return self._items[programme_id]
            programme = load_stored(self.store, self.db, programme_id, self.data_dir)
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
