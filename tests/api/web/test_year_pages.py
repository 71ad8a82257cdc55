"""The peer's-year pages without a browser (issue 13): messages, stale profiles (and the
inbox flag), the annual report with its charts; roles as in the API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from test_web_units import TOKEN, _sign_in, _tiny
from tiny_variants import tiny_for_workflow

from api.app import create_app
from api.settings import ServiceSettings
from matcher.messages import MailSettings

MANAGER = {"X-API-Key": TOKEN}


@pytest.fixture
def client(tmp_path):
    settings = ServiceSettings(
        home=tmp_path, db_url=None, bootstrap_key=TOKEN, mail=MailSettings(interval_s=0)
    )
    with TestClient(create_app(settings), base_url="https://testserver") as test_client:
        yield test_client


def _viewer(client) -> str:
    made = client.post("/api-keys", json={"name": "v", "role": "viewer"}, headers=MANAGER)
    return made.json()["token"]


def test_messages_page_lists_what_was_recorded(client, tmp_path):
    pid = _tiny(client, tiny_for_workflow(tmp_path / "year"))
    body = {"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"}
    assert client.post(f"/programmes/{pid}/placements", json=body, headers=MANAGER).is_success
    assert client.post("/outbox/dispatch", headers=MANAGER).json() == {"no_address": 1}
    _sign_in(client, TOKEN)
    page = client.get("/messages").text
    assert "1 member peer proposed for peer challenges" in page and "no address" in page
    viewer = _viewer(client)
    _sign_in(client, viewer)
    assert client.get("/messages").status_code == 403


def test_profiles_page_and_inbox_flag_stale_profiles(client, tmp_path):
    pid = _tiny(client, tiny_for_workflow(tmp_path / "year"))
    body = {"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"}
    assert client.post(f"/programmes/{pid}/placements", json=body, headers=MANAGER).is_success
    _sign_in(client, TOKEN)
    page = client.get("/profiles").text
    assert "Ada Lovelace" in page and "2024-01-10" in page and "<h2>Officers</h2>" in page
    csv = client.get(f"/ui/programmes/{pid}/stale-profiles.csv", params={"office": "labour"})
    assert csv.status_code == 200 and csv.text.splitlines()[1].startswith("P1,Ada Lovelace")
    assert "profile not updated for 12 months" in client.get("/inbox").text
    client.app.state.services.clock = lambda: datetime(2025, 12, 1, tzinfo=UTC)
    lapsing = client.get("/profiles").text  # Ada's training (2023-02-01) stops on 2026-02-02
    assert "2026-02-02" in lapsing and "lapsing in the next 6 months" in lapsing


def test_annual_report_page_with_charts_and_values_as_text(client, tmp_path):
    pid = _tiny(client, tiny_for_workflow(tmp_path / "year"))
    _sign_in(client, TOKEN)
    page = client.get("/annual-report").text
    assert "Placements and days by group office against the pool" in page
    assert page.count("<img ") == 2 and 'alt="Bar chart' in page
    assert "Equalities data given" in page and "Peers unused for 12 months" in page
    history = "challenge_ref,council,type,start_date,peer_id\nH1,E06000002,cpc,2015-03-02,\n"
    put = client.put("/history", files={"file": ("h.csv", history.encode())}, headers=MANAGER)
    assert put.status_code == 200
    page = client.get("/annual-report").text
    assert "Councils due a corporate peer challenge" in page and "<td>2015-03-02</td>" in page
    chart = client.get(f"/ui/programmes/{pid}/usage/characteristic.png")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    viewer = _viewer(client)
    _sign_in(client, viewer)
    page = client.get("/annual-report").text
    assert "Names are shown to peer challenge managers and group offices only" in page
    assert "Ada Lovelace" not in page


def test_feedback_page_records_and_shows_it_to_the_group_office(client, tmp_path):
    pid = _tiny(client, tiny_for_workflow(tmp_path / "year"))
    body = {"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"}
    placement = client.post(f"/programmes/{pid}/placements", json=body, headers=MANAGER).json()
    labour = client.post(
        "/api-keys",
        json={"name": "lab", "role": "group_office", "group_office": "labour"},
        headers=MANAGER,
    ).json()["token"]
    pid_url = f"/placements/{placement['placement_id']}"
    assert client.post(f"{pid_url}/approve", headers={"X-API-Key": labour}).is_success
    for step in ("put_forward", "select", "confirm"):
        assert client.post(f"{pid_url}/{step}", headers=MANAGER).is_success
    client.app.state.services.clock = lambda: datetime(2024, 6, 20, tzinfo=UTC)
    csrf = _sign_in(client, TOKEN)
    page = client.get("/feedback").text
    assert "Record feedback on Ada Lovelace" in page
    answer = client.post(
        f"/feedback/{placement['placement_id']}",
        data={"csrf_token": csrf, "rating": "4", "text": "Clear and well prepared."},
    )
    assert answer.status_code == 200
    assert "recorded and sent to the peer&#39;s group office" in answer.text
    assert "No feedback is due" in answer.text
    _sign_in(client, labour)
    theirs = client.get("/feedback").text
    assert "Clear and well prepared." in theirs and "4 of 5" in theirs
    assert "Record feedback" not in theirs


def test_inbox_offers_the_group_calendar(client, tmp_path):
    pid = _tiny(client, tiny_for_workflow(tmp_path / "year"))
    _sign_in(client, TOKEN)
    assert f"/ui/programmes/{pid}/calendar.ics?office=labour" in client.get("/inbox").text
    answer = client.get(f"/ui/programmes/{pid}/calendar.ics", params={"office": "labour"})
    assert answer.status_code == 200 and answer.text.startswith("BEGIN:VCALENDAR")


def test_manager_inbox_lists_a_conflict_a_peers_correction_raised(client, tmp_path):
    """Issue 13: P1's own new unavailability over the week of their proposed seat is
    recorded and shown to managers in the inbox, naming the rule (H3)."""
    pid = _tiny(client, tiny_for_workflow(tmp_path / "year"))
    body = {"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"}
    assert client.post(f"/programmes/{pid}/placements", json=body, headers=MANAGER).is_success
    _sign_in(client, TOKEN)
    assert "own correction now breaks" not in client.get("/inbox").text
    link = client.post(f"/programmes/{pid}/peers/P1/link", headers=MANAGER).json()["url"]
    answer = {"action": "correct", "unavailable_from": "2024-06-11", "unavailable_to": ""}
    done = client.post("/me/" + link.rsplit("/me/", 1)[1], data=answer)
    assert "your corrections are recorded" in done.text
    page = client.get("/inbox").text
    assert "1 placement a peer's own correction now breaks" in page
    assert "<td>H3 (" in page and "(proposed)" in page
    update_id = client.get(f"/programmes/{pid}/conflicts", headers=MANAGER).json()[0]["update_id"]
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    done = client.post(
        f"/ui/programmes/{pid}/conflicts/{update_id}/resolve", data={"csrf_token": csrf}
    )
    assert "Marked resolved" in done.text
    assert "own correction now breaks" not in client.get("/inbox").text
