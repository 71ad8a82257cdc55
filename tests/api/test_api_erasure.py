"""Issue 14 defects 4 and 5: erasure reaches every table, JSON document, free-text note
and audit detail; placement reads are audited."""

from __future__ import annotations

import re

from service_helpers import solve
from sqlalchemy import MetaData, select, update

from matcher.store.service_tables import ProgrammeVersionRow
from matcher.store.tables import RunRow


def _everything(client) -> str:
    """Every cell of every table in the service's database, as one text."""
    engine = client.app.state.services.store.engine
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return "\n".join(
            repr(row)
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
        )


def _mentions(text: str, peer_id: str) -> list[str]:
    return re.findall(rf"(?<![A-Za-z0-9_.-]){re.escape(peer_id)}(?![A-Za-z0-9_])", text)


def test_erasure_leaves_no_id_or_name_anywhere(client, keys, small_id):
    manager = keys["manager"]
    run = solve(client, small_id, manager, time_limit_s=20)
    victim = client.get(run["links"]["assignments"], headers=manager).json()["items"][0]
    peer_id = victim["peer_id"]
    name = client.get(f"/programmes/{small_id}/peers/{peer_id}", headers=manager).json()["name"]
    # a what-if style summary naming the peer with their seats (summary.personal...)
    with client.app.state.services.store.engine.begin() as connection:
        connection.execute(
            update(RunRow)
            .where(RunRow.id == run["run_id"])
            .values(
                summary=run["summary"]
                | {"personal": {"cap_exceptions": [{"peer_id": peer_id, "name": name, "days": 3}]}}
            )
        )
    # the workflow: a proposal with a free-text note naming the peer
    placement = client.post(
        f"/programmes/{small_id}/placements",
        json={k: victim[k] for k in ("challenge_id", "seat_id", "peer_id", "start_date")},
        headers=manager,
    ).json()
    moved = client.post(
        f"/placements/{placement['placement_id']}/withdraw",
        json={"note": f"{name} ({peer_id}) is ill"},
        headers=manager,
    )
    assert moved.status_code == 200, moved.text
    assert (
        client.get(f"/placements/{placement['placement_id']}", headers=manager).status_code == 200
    )
    before = _everything(client)
    assert _mentions(before, peer_id) and name in before

    erased = client.delete(f"/peers/{peer_id}", headers=manager)
    assert erased.status_code == 200, erased.text
    placeholder = erased.json()["placeholder"]
    after = _everything(client)
    assert _mentions(after, peer_id) == []
    assert name not in after
    assert placeholder in after  # runs, workflow and audit keep the anonymous placeholder
    run_after = client.get(f"/runs/{run['run_id']}", headers=manager).json()
    exceptions = run_after["summary"]["personal"]["cap_exceptions"]
    assert exceptions == [{"peer_id": placeholder, "name": "(erased)", "days": 3}]


def test_placement_reads_are_audited(client, keys, small_id):
    manager = keys["manager"]
    run = solve(client, small_id, manager, time_limit_s=20)
    seat = client.get(run["links"]["assignments"], headers=manager).json()["items"][0]
    made = client.post(
        f"/programmes/{small_id}/placements",
        json={k: seat[k] for k in ("challenge_id", "seat_id", "peer_id", "start_date")},
        headers=manager,
    )
    assert made.status_code == 201, made.text
    placement_id = made.json()["placement_id"]
    for address in (
        f"/programmes/{small_id}/placements",
        f"/placements/{placement_id}",
        "/placements/overdue",
    ):
        assert client.get(address, headers=manager).status_code == 200, address
    log = client.get("/audit", params={"limit": 500}, headers=manager).json()["items"]
    reads = {e["resource"] for e in log if e["action"] == "read"}
    assert f"programmes/{small_id}/placements" in reads
    assert f"placements/{placement_id}" in reads
    assert "placements/overdue" in reads


def test_erasure_drops_the_peers_rows_from_programme_versions(client, keys, small_id):
    """Issue 12 keeps each version's tables whole (equalities and party included): after
    erasure no version's snapshot or change may keep the peer's row, even under the
    anonymous placeholder (issue 14: erasure complete)."""
    manager = keys["manager"]
    peers = client.get(f"/programmes/{small_id}/peers", headers=manager).json()["items"]
    peer_id = peers[0]["peer_id"]
    changed = client.patch(
        f"/programmes/{small_id}/peers/{peer_id}", json={"days_used": 3}, headers=manager
    )
    assert changed.status_code == 200, changed.text
    engine = client.app.state.services.store.engine
    with engine.connect() as connection:
        snapshots = list(connection.execute(select(ProgrammeVersionRow.snapshot)).scalars())
    assert _mentions(repr(snapshots), peer_id)
    pool = len(snapshots[-1]["peers"])
    erased = client.delete(f"/peers/{peer_id}", headers=manager)
    assert erased.status_code == 200, erased.text
    placeholder = erased.json()["placeholder"]
    with engine.connect() as connection:
        rows = list(
            connection.execute(select(ProgrammeVersionRow.change, ProgrammeVersionRow.snapshot))
        )
    assert rows
    for change, snapshot in rows:
        assert placeholder not in snapshot["peers"]
        assert not any(
            placeholder in key.split("/") for table in snapshot.values() for key in table
        )
        # the version's own line may say "a peer changed" (the placeholder), never their row
        assert _mentions(repr(change), peer_id) == []
        assert f"'peer_id': '{placeholder}'" not in repr(change) + repr(snapshot)
    assert len(rows[-1][1]["peers"]) == pool - 1  # only their row went
