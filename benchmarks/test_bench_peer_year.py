"""The peer's year in the service (issue 13) at sample size S: 120 challenges, 600 peers,
every seat proposed through the API (no solve), then timed: the sweep that sends the
proposal digests, the 7-day reminders, the annual usage report, a group office's
calendar and the stale-profile list.

Run: .venv/bin/python -m pytest benchmarks/test_bench_peer_year.py -p no:cacheprovider -s
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_now
from api.settings import ServiceSettings
from matcher.generate import generate_programme
from matcher.io import reference_councils, save_programme
from matcher.messages import MailSettings
from matcher.settings import AppSettings

TOKEN = "pm_bench-peer-year-manager"
MANAGER = {"X-API-Key": TOKEN}
OFFICES = {
    o: f"{o}@example.org" for o in ("conservative", "labour", "liberal_democrat", "independent")
}


def _zip(folder) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def _propose_every_seat(client, pid, programme) -> int:
    """One peer of the right kind per seat, no peer twice on a challenge (H1 kind, H2)."""
    pools = {
        k: [p.peer_id for p in programme.peers if p.kind.value == k] for k in ("member", "officer")
    }
    turn = {"member": 0, "officer": 0}
    made = 0
    for seat in programme.all_seats:
        kind = seat.kind.value
        peer_id = pools[kind][turn[kind] % len(pools[kind])]
        turn[kind] += 1
        body = {"challenge_id": seat.challenge_id, "seat_id": seat.seat_id, "peer_id": peer_id}
        made += (
            client.post(f"/programmes/{pid}/placements", json=body, headers=MANAGER).status_code
            == 201
        )
    return made


def _timed(label: str, call) -> object:
    start = time.perf_counter()
    answer = call()
    print(f"{label}: {time.perf_counter() - start:.3f} s")
    return answer


def _put_forward_labour(client, pid: int) -> None:
    """Labour approves its member peers and the manager puts them forward (calendar)."""
    labour = client.post(
        "/api-keys",
        json={"name": "lab", "role": "group_office", "group_office": "labour"},
        headers=MANAGER,
    ).json()["token"]
    office = {"X-API-Key": labour}
    theirs = client.get(f"/programmes/{pid}/placements", params={"limit": 500}, headers=office)
    for p in theirs.json()["items"]:
        client.post(f"/placements/{p['placement_id']}/approve", headers=office)
        client.post(f"/placements/{p['placement_id']}/put_forward", headers=MANAGER)


def _sweeps(client) -> tuple[dict, dict]:
    t0 = datetime.now(UTC)
    client.app.dependency_overrides[get_now] = lambda: t0
    first = _timed(
        "sweep: proposal digests", lambda: client.post("/outbox/dispatch", headers=MANAGER).json()
    )
    client.app.dependency_overrides[get_now] = lambda: t0 + timedelta(days=7)
    second = _timed(
        "sweep: 7-day reminders", lambda: client.post("/outbox/dispatch", headers=MANAGER).json()
    )
    return first, second


def _reads(client, pid: int) -> tuple[dict, str, list]:
    report = _timed(
        "annual usage report (active placements)",
        lambda: client.get(
            f"/programmes/{pid}/usage", params={"plan": "active"}, headers=MANAGER
        ).json(),
    )
    office = {"group_office": "labour"}
    ics = _timed(
        "calendar.ics, labour group office",
        lambda: client.get(f"/programmes/{pid}/calendar.ics", params=office, headers=MANAGER).text,
    )
    stale = _timed(
        "stale profiles",
        lambda: client.get(f"/programmes/{pid}/stale-profiles", headers=MANAGER).json(),
    )
    return report, ics, stale


def test_peer_year_at_size_s(tmp_path):
    programme = generate_programme("S", 1, reference_councils(AppSettings().data_dir))
    save_programme(programme, tmp_path / "S")
    mail = MailSettings(interval_s=0, group_offices=OFFICES)
    settings = ServiceSettings(home=tmp_path / "home", db_url=None, bootstrap_key=TOKEN, mail=mail)
    with TestClient(create_app(settings)) as client:
        upload = {"file": ("S.zip", _zip(tmp_path / "S"))}
        pid = client.post("/programmes", files=upload, headers=MANAGER).json()["programme_id"]
        made = _timed("propose every seat", lambda: _propose_every_seat(client, pid, programme))
        first, second = _sweeps(client)
        _put_forward_labour(client, pid)
        report, ics, stale = _reads(client, pid)
    print(
        f"placements proposed {made}; sweep 1 {first}; sweep 2 {second}; report placements "
        f"{report['totals']['placements']}; labour calendar {ics.count('BEGIN:VEVENT')} events; "
        f"stale {len(stale)}"
    )
    assert made == len(programme.all_seats) and report["totals"]["placements"] == made
    assert sum(first.values()) >= 1 and sum(second.values()) >= 1
