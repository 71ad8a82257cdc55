"""The placement workflow: proposals from a run, each change with who and when, group
office rights, overdue proposals, withdrawal offering replace, and later solves that pin
confirmed seats and leave declined peers out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from service_helpers import solve

from api.deps import get_now
from matcher.store.coltypes import utcnow


@pytest.fixture
def proposed(client, keys, small_id) -> dict:
    """A done run whose seats (all filled) are all proposed."""
    run = solve(client, small_id, keys["manager"], time_limit_s=20)
    made = client.post(f"/runs/{run['run_id']}/proposals", headers=keys["manager"])
    seats = run["summary"]["counts"]["seats"]
    assert made.status_code == 201 and made.json()["created"] == seats
    placements = client.get(
        f"/programmes/{small_id}/placements", params={"limit": 100}, headers=keys["manager"]
    ).json()["items"]
    return {"run": run, "placements": placements, "programme_id": small_id}


def first(placements: list[dict], **match) -> dict:
    return next(p for p in placements if all(p[k] == v for k, v in match.items()))


def act(client, headers, placement: dict, action: str, note: str = ""):
    return client.post(
        f"/placements/{placement['placement_id']}/{action}", json={"note": note}, headers=headers
    )


def test_a_member_peer_goes_all_the_way_to_confirmed(client, keys, proposed):
    seat = first(proposed["placements"], peer_kind="member", group_office="labour")
    assert seat["state"] == "proposed" and seat["waiting_since"] is not None
    assert act(client, keys["manager"], seat, "put_forward").status_code == 409
    assert act(client, keys["labour"], seat, "approve", "ok by us").json()["state"] == "approved"
    for action, state in (
        ("put_forward", "put_forward"),
        ("select", "selected"),
        ("confirm", "confirmed"),
    ):
        answer = act(client, keys["manager"], seat, action)
        assert answer.status_code == 200 and answer.json()["state"] == state
    history = client.get(f"/placements/{seat['placement_id']}", headers=keys["labour"]).json()[
        "history"
    ]
    assert [h["to_state"] for h in history] == [
        "proposed",
        "approved",
        "put_forward",
        "selected",
        "confirmed",
    ]
    assert "labour" in history[1]["actor"] and history[1]["note"] == "ok by us"
    assert all(h["at"] for h in history)


def test_group_offices_answer_only_for_their_own_member_peers(client, keys, proposed):
    theirs = first(proposed["placements"], peer_kind="member", group_office="conservative")
    officer = first(proposed["placements"], peer_kind="officer")
    assert act(client, keys["labour"], theirs, "approve").status_code == 404
    assert (
        client.get(f"/placements/{theirs['placement_id']}", headers=keys["labour"]).status_code
        == 404
    )
    assert act(client, keys["manager"], officer, "approve").status_code == 409
    assert act(client, keys["manager"], officer, "put_forward").json()["state"] == "put_forward"
    mine = client.get(
        f"/programmes/{proposed['programme_id']}/placements", headers=keys["labour"]
    ).json()["items"]
    assert mine and all(p["group_office"] == "labour" for p in mine)
    assert act(client, keys["labour"], first(mine), "confirm").status_code == 403
    assert (
        client.get(
            f"/programmes/{proposed['programme_id']}/placements", headers=keys["viewer"]
        ).status_code
        == 403
    )


def test_seats_cannot_be_proposed_twice(client, keys, proposed):
    seat = proposed["placements"][0]
    again = client.post(
        f"/programmes/{proposed['programme_id']}/placements",
        json={
            "challenge_id": seat["challenge_id"],
            "seat_id": seat["seat_id"],
            "peer_id": seat["peer_id"],
            "start_date": seat["start_date"],
        },
        headers=keys["manager"],
    )
    assert again.status_code == 409
    rerun = client.post(f"/runs/{proposed['run']['run_id']}/proposals", headers=keys["manager"])
    seats = proposed["run"]["summary"]["counts"]["seats"]
    assert rerun.json()["created"] == 0 and len(rerun.json()["skipped"]) == seats


def test_overdue_lists_member_proposals_waiting_over_ten_days(client, keys, proposed):
    assert client.get("/placements/overdue", headers=keys["manager"]).json()["total"] == 0
    members = [p for p in proposed["placements"] if p["peer_kind"] == "member"]
    act(client, keys["labour"], first(members, group_office="labour"), "approve")
    client.app.dependency_overrides[get_now] = lambda: utcnow() + timedelta(days=10, hours=1)
    try:
        everyone = client.get("/placements/overdue", headers=keys["manager"]).json()
        labour = client.get("/placements/overdue", headers=keys["labour"]).json()
    finally:
        client.app.dependency_overrides.clear()
    assert everyone["total"] == len(members) - 1
    assert all(p["peer_kind"] == "member" for p in everyone["items"])
    assert all(p["group_office"] == "labour" for p in labour["items"])
    assert labour["total"] == sum(p["group_office"] == "labour" for p in members) - 1


def test_withdrawal_offers_replace(client, keys, proposed):
    seat = proposed["placements"][0]
    answer = act(client, keys["manager"], seat, "withdraw", "peer fell ill")
    assert answer.status_code == 200 and answer.json()["state"] == "withdrawn"
    offer = answer.json()["replace"]
    assert offer["href"].endswith(f"/challenges/{seat['challenge_id']}/replace")
    assert offer["body"] == {"peer_id": seat["peer_id"], "run_id": proposed["run"]["run_id"]}
    assert act(client, keys["manager"], seat, "withdraw").status_code == 409


def test_later_solves_pin_confirmed_seats_and_leave_declined_peers_out(client, keys, proposed):
    officers = [p for p in proposed["placements"] if p["peer_kind"] == "officer"]
    confirmed, dropped = officers[0], officers[1]
    for action in ("put_forward", "select", "confirm"):
        act(client, keys["manager"], confirmed, action)
    act(client, keys["manager"], dropped, "withdraw")
    run = solve(client, proposed["programme_id"], keys["manager"], time_limit_s=20)
    assert run["status"] == "done"
    others = len(proposed["placements"]) - 2  # every other seat is still proposed
    workflow = run["summary"]["workflow"]
    assert {k: workflow[k] for k in ("confirmed", "kept_if_possible", "excluded")} == {
        "confirmed": 1,
        "kept_if_possible": others,
        "excluded": 1,
    }
    assert workflow["changed_seats"] == len(run["summary"]["personal"]["changed_seats"])
    rows = client.get(
        run["links"]["assignments"], params={"limit": 100}, headers=keys["manager"]
    ).json()["items"]
    seats = {(r["challenge_id"], r["seat_id"]): r["peer_id"] for r in rows}
    assert seats[(confirmed["challenge_id"], confirmed["seat_id"])] == confirmed["peer_id"]
    on_challenge = {r["peer_id"] for r in rows if r["challenge_id"] == dropped["challenge_id"]}
    assert dropped["peer_id"] not in on_challenge


def test_the_replace_offer_works_as_given(client, keys, proposed):
    seat = proposed["placements"][0]
    offer = act(client, keys["manager"], seat, "withdraw").json()["replace"]
    assert offer["available"] and offer["body"]["run_id"] == proposed["run"]["run_id"]
    answer = client.post(offer["href"], json=offer["body"], headers=keys["manager"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["seat_id"] == seat["seat_id"]
    team = body["replacement"] or body["reshuffle"]
    assert team is None or seat["peer_id"] not in {a["peer_id"] for a in team["assignments"]}


def test_shortlists_keep_confirmed_seats(client, keys, proposed):
    officer = next(p for p in proposed["placements"] if p["peer_kind"] == "officer")
    url = f"/programmes/{proposed['programme_id']}/challenges/{officer['challenge_id']}/shortlist"
    before = client.post(url, json={"k": 3}, headers=keys["manager"])
    assert before.status_code == 200
    for action in ("put_forward", "select", "confirm"):
        act(client, keys["manager"], officer, action)
    options = client.post(url, json={"k": 3}, headers=keys["manager"]).json()["options"]
    assert options
    for option in options:
        seats = {a["seat_id"]: a["peer_id"] for a in option["assignments"]}
        assert seats[officer["seat_id"]] == officer["peer_id"]
