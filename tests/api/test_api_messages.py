"""Messages (issue 13): against a real SMTP server on loopback, with the clock moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from peer_year_helpers import T0, dispatch, set_clock, smtp_fixture  # noqa: F401 (`smtp`)
from service_helpers import make_settings

from matcher.messages import MailSettings

LABOUR = "labour-office@example.org"
MANAGERS = ["managers@example.org"]


@pytest.fixture
def settings(tmp_path, smtp):
    mail = MailSettings(
        dry_run=False,
        host="127.0.0.1",
        port=smtp[0],
        group_offices={"labour": LABOUR},
        managers=MANAGERS,
        interval_s=0,
    )
    return make_settings(tmp_path / "home", mail=mail)


def propose(client, headers, programme_id, challenge_id, seat_id, peer_id) -> dict:
    answer = client.post(
        f"/programmes/{programme_id}/placements",
        json={"challenge_id": challenge_id, "seat_id": seat_id, "peer_id": peer_id},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def move(client, headers, placement: dict, *actions: str) -> None:
    for action in actions:
        answer = client.post(f"/placements/{placement['placement_id']}/{action}", headers=headers)
        assert answer.status_code == 200, answer.text


def test_a_proposal_sends_one_message_a_reminder_at_7_days_and_overdue_after_10(
    client, keys, year_id, smtp
):
    _, inbox = smtp
    set_clock(client, T0)
    propose(client, keys["manager"], year_id, "C1", "lead_member", "P1")
    assert dispatch(client, keys["manager"]) == {"sent": 1}
    assert dispatch(client, keys["manager"]) == {}  # each notice goes once
    [first] = inbox.messages
    assert first["X-Rcpt"] == LABOUR and "proposed" in first["Subject"]
    body = first.get_content()
    assert "Ada Lovelace" in body and "Gamma (C1)" in body and "Mon 10 Jun 2024" in body
    for private in ("female", "gender", "ethnic", "disab", "party", "lab)"):
        assert private not in body.lower()

    for moment, expected in (
        (T0 + timedelta(days=7) - timedelta(minutes=1), None),
        (T0 + timedelta(days=7), "Reminder"),
        (T0 + timedelta(days=10), None),  # overdue is *more* than 10 days (GET /overdue)
        (T0 + timedelta(days=10, minutes=1), "Overdue"),
        (T0 + timedelta(days=20), None),
    ):
        before = len(inbox.messages)
        set_clock(client, moment)
        dispatch(client, keys["manager"])
        new = inbox.messages[before:]
        assert [m["Subject"].split(":")[0] for m in new] == ([expected] if expected else [])
        if expected:
            assert new[0]["X-Rcpt"] == LABOUR and "Ada Lovelace" in new[0].get_content()
    overdue = client.get("/placements/overdue", headers=keys["manager"]).json()
    assert overdue["total"] == 1


def test_an_answered_proposal_gets_no_reminder(client, keys, year_id, smtp):
    _, inbox = smtp
    set_clock(client, T0)
    placement = propose(client, keys["manager"], year_id, "C1", "lead_member", "P1")
    dispatch(client, keys["manager"])
    move(client, keys["labour"], placement, "approve")
    set_clock(client, T0 + timedelta(days=11))
    assert dispatch(client, keys["manager"]) == {}
    assert len(inbox.messages) == 1


def test_peers_hear_their_own_news_and_managers_hear_of_a_withdrawal(client, keys, year_id, smtp):
    _, inbox = smtp
    set_clock(client, T0)
    manager = keys["manager"]
    contact = {"email": "fay@example.org"}
    answer = client.put(f"/programmes/{year_id}/peers/P6/contact", json=contact, headers=manager)
    assert answer.status_code == 200, answer.text
    chosen = propose(client, manager, year_id, "C1", "officer_scope", "P6")
    passed = propose(client, manager, year_id, "C1", "officer_finance", "P7")
    move(client, manager, chosen, "put_forward", "select", "confirm")
    move(client, manager, passed, "put_forward", "not_select")
    counts = dispatch(client, manager)
    assert counts == {"sent": 2, "no_address": 2}  # Gus Ash has no address yet
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects == ["Confirmed: peer challenge at Gamma", "You have been put forward to Gamma"]
    assert all(m["X-Rcpt"] == "fay@example.org" for m in inbox.messages)
    assert all("Gus Ash" not in m.get_content() for m in inbox.messages)

    move(client, manager, chosen, "withdraw")
    assert dispatch(client, manager) == {"sent": 1}
    assert inbox.messages[-1]["X-Rcpt"] == MANAGERS[0]
    assert "Withdrawn: C1 seat officer_scope" == inbox.messages[-1]["Subject"]

    listed = client.get("/outbox", headers=manager).json()
    assert listed["total"] == 5
    assert {m["status"] for m in listed["items"]} == {"sent", "no_address"}


def test_the_outbox_shows_a_group_office_only_its_own(client, keys, year_id, smtp):
    set_clock(client, T0)
    propose(client, keys["manager"], year_id, "C1", "lead_member", "P1")
    propose(client, keys["manager"], year_id, "C1", "member", "P2")
    assert dispatch(client, keys["manager"]) == {"sent": 1, "no_address": 1}
    labour = client.get("/outbox", headers=keys["labour"]).json()["items"]
    conservative = client.get("/outbox", headers=keys["conservative"]).json()["items"]
    assert [m["group_office"] for m in labour] == ["labour"]
    assert [m["group_office"] for m in conservative] == ["conservative"]
    assert "Bob Brown" not in labour[0]["body"] and "Ada Lovelace" not in conservative[0]["body"]
    assert client.get("/outbox", headers=keys["viewer"]).status_code == 403
    assert client.post("/outbox/dispatch", headers=keys["labour"]).status_code == 403
    audit = client.get("/audit", params={"resource": "outbox"}, headers=keys["manager"]).json()
    assert audit["total"] >= 2


def test_a_down_server_is_recorded_as_failed_not_raised(client, keys, year_id, smtp, settings):
    settings.mail.port = 1  # nothing listens there
    set_clock(client, T0)
    propose(client, keys["manager"], year_id, "C1", "lead_member", "P1")
    assert dispatch(client, keys["manager"]) == {"failed": 1}
    [message] = client.get("/outbox", headers=keys["manager"]).json()["items"]
    assert message["status"] == "failed" and message["error"]
