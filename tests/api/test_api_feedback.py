"""Feedback on member peers (issue 13): recorded after the challenge ends, read by
managers and the peer's own group office only, listed as due, shown in the history."""

from __future__ import annotations

from datetime import UTC, datetime

from peer_year_helpers import place, set_clock

CONFIRM = ("approve", "put_forward", "select", "confirm")
ENDED = datetime(2024, 6, 14, 9, tzinfo=UTC)
"""The day after C1's last onsite day (10-13 June 2024)."""


def test_feedback_is_recorded_only_after_a_confirmed_member_challenge_ends(client, keys, year_id):
    manager = keys["manager"]
    ada = place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    bob = place(client, keys, year_id, ("C1", "member"), "P2", "approve", office="conservative")
    fay = place(client, keys, year_id, ("C1", "officer_scope"), "P6", *CONFIRM[1:])
    good = {"rating": 4, "text": "Led the finance sessions well."}

    set_clock(client, datetime(2024, 6, 13, 17, tzinfo=UTC))  # last onsite day
    early = client.post(f"/placements/{ada}/feedback", json=good, headers=manager)
    assert early.status_code == 409 and "not ended" in early.json()["detail"]
    set_clock(client, ENDED)
    assert client.post(f"/placements/{fay}/feedback", json=good, headers=manager).status_code == 409
    assert client.post(f"/placements/{bob}/feedback", json=good, headers=manager).status_code == 409
    bad = {"rating": 6, "text": ""}
    assert client.post(f"/placements/{ada}/feedback", json=bad, headers=manager).status_code == 422
    assert (
        client.post(f"/placements/{ada}/feedback", json=good, headers=keys["labour"]).status_code
        == 403
    )
    due = client.get(f"/programmes/{year_id}/feedback/due", headers=manager).json()
    assert [d["placement_id"] for d in due] == [ada] and due[0]["ended_on"] == "2024-06-13"
    written = client.post(f"/placements/{ada}/feedback", json=good, headers=manager)
    assert written.status_code == 200, written.text
    assert client.get(f"/programmes/{year_id}/feedback/due", headers=manager).json() == []


def test_feedback_goes_to_the_peers_own_group_office_only(client, keys, year_id):
    ada = place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    set_clock(client, ENDED)
    text = {"rating": 2, "text": "Arrived late to the team meeting."}
    assert (
        client.post(f"/placements/{ada}/feedback", json=text, headers=keys["manager"]).status_code
        == 200
    )
    mine = client.get(f"/placements/{ada}/feedback", headers=keys["labour"])
    assert mine.status_code == 200 and mine.json()["rating"] == 2
    assert (
        client.get(f"/placements/{ada}/feedback", headers=keys["conservative"]).status_code == 404
    )
    assert client.get(f"/placements/{ada}/feedback", headers=keys["viewer"]).status_code == 403
    history = client.get(f"/programmes/{year_id}/peers/P1/history", headers=keys["labour"]).json()
    assert [(h["challenge_id"], h["state"], h["feedback"]["text"]) for h in history] == [
        ("C1", "confirmed", text["text"])
    ]
    assert history[0]["start"] == "2024-06-10" and history[0]["end"] == "2024-06-13"
    hidden = client.get(f"/programmes/{year_id}/peers/P1/history", headers=keys["conservative"])
    assert hidden.status_code == 404
    reads = client.get(
        "/audit", params={"resource": f"placements/{ada}/feedback"}, headers=keys["manager"]
    ).json()["items"]
    assert {e["action"] for e in reads} == {"read", "update"} and all(e["personal"] for e in reads)


def test_erasure_removes_feedback_messages_and_address(client, keys, year_id):
    manager = keys["manager"]
    ada = place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    contact = {"email": "ada@example.org"}
    assert client.put(f"/programmes/{year_id}/peers/P1/contact", json=contact, headers=manager)
    set_clock(client, ENDED)
    client.post(f"/placements/{ada}/feedback", json={"rating": 5, "text": "ok"}, headers=manager)
    assert client.post("/outbox/dispatch", headers=manager).json() == {
        "recorded": 2
    }  # put forward, confirmed
    history = "challenge_ref,council,type,start_date,peer_id\nH1,E06000001,cpc,2020-03-02,P1\n"
    put = client.put("/history", files={"file": ("h.csv", history.encode())}, headers=manager)
    assert put.status_code == 200
    erased = client.delete("/peers/P1", headers=manager).json()
    assert erased["counts"]["history"] >= 1
    assert erased["counts"]["api_feedback"] == 1 and erased["counts"]["api_outbox"] == 2
    assert erased["counts"]["api_peer_contacts"] == 1
    assert client.get("/outbox", headers=manager).json()["total"] == 0
