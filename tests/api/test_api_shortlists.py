"""Shortlist, why-not and replace as synchronous calls: answers, roles, errors, limits."""

from __future__ import annotations

import threading

from service_helpers import solve


def url(pid: int, challenge: str, call: str) -> str:
    return f"/programmes/{pid}/challenges/{challenge}/{call}"


def first_challenge(client, keys, pid: int) -> dict:
    return client.get(
        f"/programmes/{pid}/challenges", params={"limit": 1}, headers=keys["manager"]
    ).json()["items"][0]


def test_shortlist_gives_distinct_teams_with_alternates_and_reasons(client, keys, small_id):
    challenge = first_challenge(client, keys, small_id)
    answer = client.post(
        url(small_id, challenge["challenge_id"], "shortlist"),
        json={"k": 2, "m": 3},
        headers=keys["manager"],
    )
    assert answer.status_code == 200, answer.text
    options = answer.json()["options"]
    assert 1 <= len(options) <= 2
    seats = {s["seat_id"] for s in challenge["seats"]}
    assert {a["seat_id"] for a in options[0]["assignments"]} == seats
    assert options[0]["explanations"][0]["qualified"].startswith("H1:")
    assert all(len(alts) <= 3 for alts in options[0]["alternates"].values())
    if len(options) == 2:
        first = {(a["seat_id"], a["peer_id"]) for a in options[0]["assignments"]}
        second = {(a["seat_id"], a["peer_id"]) for a in options[1]["assignments"]}
        assert len(first - second) >= 2


def test_shortlist_options_say_their_points_in_words_not_as_a_raw_score(client, keys, small_id):
    challenge = first_challenge(client, keys, small_id)["challenge_id"]
    answer = client.post(
        url(small_id, challenge, "shortlist"), json={"k": 2}, headers=keys["manager"]
    )
    options = answer.json()["options"]
    assert options
    for o in options:
        assert "score" not in o and "points" not in o
        lines = o["breakdown"]
        assert lines and all(line["words"] and line["rule"] for line in lines)
        assert sum(line["points"] for line in lines) == o["total_points_added_to_plan"]
    best = [o for o in options if o["headline"].startswith("the best option; expenses £")]
    assert len(best) == 1
    for other in (o for o in options if o is not best[0]):
        words = other["headline"]
        assert f"than option {best[0]['option']}" in words or "as good as" in words


def test_shortlist_against_a_runs_plan(client, keys, small_id):
    run = solve(client, small_id, keys["manager"], time_limit_s=20)
    challenge = first_challenge(client, keys, small_id)["challenge_id"]
    answer = client.post(
        url(small_id, challenge, "shortlist"),
        json={"run_id": run["run_id"]},
        headers=keys["manager"],
    )
    assert answer.status_code == 200 and answer.json()["options"]
    bad = client.post(
        url(small_id, challenge, "shortlist"), json={"run_id": "nope"}, headers=keys["manager"]
    )
    assert bad.status_code == 404


def test_why_not_names_the_rules(client, keys, small_id):
    challenge = first_challenge(client, keys, small_id)
    seat = next(s for s in challenge["seats"] if s["kind"] == "member")
    officer = client.get(
        f"/programmes/{small_id}/peers",
        params={"kind": "officer", "limit": 1},
        headers=keys["manager"],
    ).json()["items"][0]
    answer = client.post(
        url(small_id, challenge["challenge_id"], "why-not"),
        json={"seat_id": seat["seat_id"], "peer_id": officer["peer_id"]},
        headers=keys["manager"],
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["eligible"] is False
    assert any(s.split(": ", 1)[1].startswith("H1") for s in body["sentences"])


def test_errors_and_roles(client, keys, small_id):
    challenge = first_challenge(client, keys, small_id)["challenge_id"]
    for role in ("labour", "viewer"):
        assert (
            client.post(url(small_id, challenge, "shortlist"), headers=keys[role]).status_code
            == 403
        )
    assert (
        client.post(url(small_id, "C-none", "shortlist"), headers=keys["manager"]).status_code
        == 404
    )
    assert (
        client.post(
            url(small_id, challenge, "why-not"),
            json={"seat_id": "x", "peer_id": "y"},
            headers=keys["manager"],
        ).status_code
        == 404
    )
    assert (
        client.post(
            url(small_id, challenge, "shortlist"), json={"k": 0}, headers=keys["manager"]
        ).status_code
        == 422
    )
    assert (
        client.post(
            url(small_id, challenge, "replace"),
            json={"peer_id": "nobody", "run_id": "x"},
            headers=keys["manager"],
        ).status_code
        == 404
    )


def test_synchronous_solves_are_bounded(client, keys, small_id, monkeypatch):
    monkeypatch.setattr("api.shortlists.SLOT_WAIT_S", 0.2)  # queue briefly, then 429
    challenge = first_challenge(client, keys, small_id)["challenge_id"]
    slots = client.app.state.services.sync_slots
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        answer = client.post(url(small_id, challenge, "shortlist"), headers=keys["manager"])
        assert answer.status_code == 429 and answer.headers["Retry-After"] == "1"
    finally:
        for _ in range(taken):
            slots.release()
    assert threading.active_count() >= 1
