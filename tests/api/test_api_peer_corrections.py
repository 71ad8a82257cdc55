"""A peer's own corrections become a programme version at once (issue 13), both ways
through the API: new unavailability over P1's confirmed challenge (H3) is still recorded
as a version with the peer as author, and raises a conflict item in the manager's inbox
naming H3 and the placement; unavailability clear of every placement raises none."""

from __future__ import annotations

from peer_year_helpers import place
from test_api_peer_links import CONFIRM, link_for

PEER_AUTHOR = "peer P1 (signed link)"
"""How the signed link appears as the author of a version (api.profile_updates)."""


def versions(client, keys, programme_id) -> list[dict]:
    answer = client.get(f"/programmes/{programme_id}/versions", headers=keys["manager"])
    assert answer.status_code == 200, answer.text
    return answer.json()


def conflicts(client, keys, programme_id) -> list[dict]:
    answer = client.get(f"/programmes/{programme_id}/conflicts", headers=keys["manager"])
    assert answer.status_code == 200, answer.text
    return answer.json()


def correct(client, url, first, last) -> str:
    done = client.post(
        url,
        data={"action": "correct", "unavailable_from": first, "unavailable_to": last},
        follow_redirects=True,
    )
    assert done.status_code == 200
    return done.text


def added_unavailability(client, keys, programme_id, a: int, b: int) -> set[tuple]:
    """(peer, from, to) of unavailability rows version b adds to version a."""
    answer = client.get(
        f"/programmes/{programme_id}/versions/{a}/diff/{b}", headers=keys["manager"]
    )
    assert answer.status_code == 200, answer.text
    rows = answer.json().get("unavailability", {}).get("added", [])
    return {(r["peer_id"], r["from_date"], r["to_date"]) for r in rows}


def test_unavailability_over_a_confirmed_challenge_is_recorded_with_an_h3_conflict(
    client, keys, year_id
):
    placement = place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    before = versions(client, keys, year_id)
    url = link_for(client, keys, year_id)
    assert "your corrections are recorded" in correct(client, url, "2024-06-12", "2024-06-12")
    after = versions(client, keys, year_id)
    assert len(after) == len(before) + 1
    newest = max(after, key=lambda v: v["version"])
    assert newest["actor"] == PEER_AUTHOR
    assert newest["change"]["action"] == "peer_corrected"
    added = added_unavailability(client, keys, year_id, newest["version"] - 1, newest["version"])
    assert added == {("P1", "2024-06-12", "2024-06-12")}
    [item] = conflicts(client, keys, year_id)
    assert (item["rule"], item["placement_id"], item["challenge_id"], item["state"]) == (
        "H3",
        placement,
        "C1",
        "confirmed",
    )
    assert item["version"] == newest["version"] and item["peer_id"] == "P1"
    held = client.get(f"/placements/{placement}", headers=keys["manager"]).json()
    assert held["state"] == "confirmed"  # recorded, not undone: the manager decides
    assert client.get(f"/programmes/{year_id}/conflicts", headers=keys["labour"]).status_code == 403


def test_unavailability_clear_of_every_placement_raises_no_conflict(client, keys, year_id):
    place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    url = link_for(client, keys, year_id)
    before = versions(client, keys, year_id)
    correct(client, url, "2024-08-05", "2024-08-09")
    after = versions(client, keys, year_id)
    assert len(after) == len(before) + 1
    newest = max(after, key=lambda v: v["version"])
    assert newest["actor"] == PEER_AUTHOR
    added = added_unavailability(client, keys, year_id, newest["version"] - 1, newest["version"])
    assert added == {("P1", "2024-08-05", "2024-08-09")}
    assert conflicts(client, keys, year_id) == []


def test_a_confirmation_is_a_version_too_and_a_bad_date_changes_nothing(client, keys, year_id):
    url = link_for(client, keys, year_id)
    before = versions(client, keys, year_id)
    client.post(url, data={"action": "confirm"})
    after = versions(client, keys, year_id)
    newest = max(after, key=lambda v: v["version"])
    assert (newest["actor"], newest["change"]["action"]) == (PEER_AUTHOR, "peer_confirmed")
    refused = correct(client, url, "2024-08-09", "2024-08-05")  # runs backwards
    assert "Not saved" in refused
    assert len(versions(client, keys, year_id)) == len(after) == len(before) + 1


def test_losing_only_a_preferred_tag_is_a_version_without_a_conflict(client, keys, year_id):
    """Only hard rules raise conflicts: P1 (on C1's lead member seat, which prefers the
    leader tag, S1, and requires none) now holds only cabinet_finance; the programme
    changes (a version by the peer) and the placement stands without a conflict item."""
    place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    before = versions(client, keys, year_id)
    url = link_for(client, keys, year_id)
    done = client.post(
        url, data={"action": "correct", "tags": "cabinet_finance"}, follow_redirects=True
    )
    assert "your corrections are recorded" in done.text
    newest = max(versions(client, keys, year_id), key=lambda v: v["version"])
    assert newest["version"] == max(v["version"] for v in before) + 1
    assert newest["change"]["fields"] == ["tags"]
    assert conflicts(client, keys, year_id) == []


def test_a_resolved_conflict_leaves_the_inbox_and_stays_on_record(client, keys, year_id):
    place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    correct(client, link_for(client, keys, year_id), "2024-06-10", "2024-06-10")
    [item] = conflicts(client, keys, year_id)
    path = f"/programmes/{year_id}/conflicts/{item['update_id']}/resolve"
    assert client.post(path, headers=keys["labour"]).status_code == 403
    assert client.post(path, headers=keys["manager"]).status_code == 200
    assert conflicts(client, keys, year_id) == []
    kept = client.get(
        f"/programmes/{year_id}/conflicts", params={"resolved": True}, headers=keys["manager"]
    ).json()
    assert [(c["rule"], c["resolved_at"] is not None) for c in kept] == [("H3", True)]
    missing = f"/programmes/{year_id}/conflicts/{item['update_id'] + 99}/resolve"
    assert client.post(missing, headers=keys["manager"]).status_code == 404
