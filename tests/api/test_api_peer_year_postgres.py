"""The peer's year on PostgreSQL (issue 13): messages with reminders, calendar, feedback,
stale profiles, the usage report and history, end to end on the service's tables there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from peer_year_helpers import T0, dispatch, place, set_clock
from service_helpers import make_keys, make_settings, upload

from api.app import create_app
from matcher.messages import MailSettings
from matcher.store.testing import postgres_base_url, postgres_schema

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_client(tmp_path):
    with postgres_schema(postgres_base_url()) as url:
        mail = MailSettings(interval_s=0, group_offices={"labour": "lab@example.org"})
        settings = make_settings(tmp_path / "home", db_url=url, mail=mail)
        with TestClient(create_app(settings)) as client:
            yield client


def test_the_peers_year_on_postgresql(pg_client, data_zips):
    client = pg_client
    keys = make_keys(client)
    pid = upload(client, data_zips["year"], keys["manager"])
    set_clock(client, T0)
    body = {"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"}
    proposal = client.post(f"/programmes/{pid}/placements", json=body, headers=keys["manager"])
    assert proposal.status_code == 201
    assert dispatch(client, keys["manager"]) == {"recorded": 1}
    set_clock(client, T0 + timedelta(days=7))
    assert dispatch(client, keys["manager"]) == {"recorded": 1}
    set_clock(client, T0)
    placement = place(
        client, keys, pid, ("C1", "officer_scope"), "P6", "put_forward", "select", "confirm"
    )
    calendar = client.get(
        f"/programmes/{pid}/calendar.ics", params={"peer_id": "P6"}, headers=keys["manager"]
    )
    assert calendar.text.count("BEGIN:VEVENT") == 2
    set_clock(client, datetime(2024, 6, 14, tzinfo=UTC))
    officer = client.post(
        f"/placements/{placement}/feedback", json={"rating": 3}, headers=keys["manager"]
    )
    assert officer.status_code == 409  # member peers only
    assert (
        client.get(f"/programmes/{pid}/stale-profiles", headers=keys["labour"]).status_code == 200
    )
    usage = client.get(
        f"/programmes/{pid}/usage", params={"plan": "active"}, headers=keys["viewer"]
    )
    assert usage.status_code == 200 and usage.json()["totals"]["placements"] == 2
    history = "challenge_ref,council,type,start_date,peer_id\nH1,E06000002,cpc,2019-06-03,P2\n"
    put = client.put(
        "/history", files={"file": ("h.csv", history.encode())}, headers=keys["manager"]
    )
    assert put.status_code == 200
    due = client.get(f"/programmes/{pid}/councils/due", headers=keys["viewer"]).json()
    assert any(d["council"] == "E06000002" and d["last_cpc"] == "2019-06-03" for d in due)
    erased = client.delete("/peers/P1", headers=keys["manager"]).json()
    assert erased["counts"]["api_outbox"] == 2


def test_a_peers_correction_and_the_one_history_on_postgresql(pg_client, data_zips):
    """Issue 13 on PostgreSQL: a peer's unavailability over their confirmed seat is a
    version with an H3 conflict (JSONB column of migration 7), and the service's history
    rows (the one history table of migration 8) reach the programme's due list."""
    from test_api_peer_corrections import conflicts, correct
    from test_api_peer_links import CONFIRM, link_for

    client = pg_client
    keys = make_keys(client)
    pid = upload(client, data_zips["year"], keys["manager"])
    placement = place(client, keys, pid, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    assert "your corrections are recorded" in correct(
        client, link_for(client, keys, pid), "2024-06-12", "2024-06-12"
    )
    assert [(c["rule"], c["placement_id"]) for c in conflicts(client, keys, pid)] == [
        ("H3", placement)
    ]
    history = "peer_id,council,start_date,challenge_id,type\nP1,E06000002,2019-06-03,H2,cpc\n"
    put = client.put(
        "/history", files={"file": ("h.csv", history.encode())}, headers=keys["manager"]
    )
    assert put.status_code == 200
    set_clock(client, datetime(2026, 1, 1, tzinfo=UTC))
    due = client.get(f"/programmes/{pid}/councils/due", headers=keys["manager"]).json()
    assert {d["council"]: d["last_cpc"] for d in due}["E06000002"] == "2019-06-03"
