"""Profile freshness in the service (issue 13): stale lists per group office (JSON, CSV,
the peers filter) on the service clock, and stale peers flagged on shortlist options."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from peer_year_helpers import FRESH_DAY, STALE_DAY, set_clock, stale_ids


def test_a_profile_turns_stale_after_12_months(client, keys, tiny_id):
    set_clock(client, FRESH_DAY)
    assert "P1" not in stale_ids(client, keys["manager"], tiny_id)
    assert stale_ids(client, keys["labour"], tiny_id) == []
    set_clock(client, STALE_DAY)
    assert "P1" in stale_ids(client, keys["manager"], tiny_id)
    [ada] = client.get(f"/programmes/{tiny_id}/stale-profiles", headers=keys["labour"]).json()
    assert ada["stale_since"] == "2025-01-10" and "party" not in ada and "gender" not in ada
    never = stale_ids(client, keys["manager"], tiny_id, group_office="officers")
    assert never == ["P4", "P5", "P6", "P7"]  # never updated: stale


def test_group_offices_see_only_their_own_stale_profiles(client, keys, tiny_id):
    set_clock(client, STALE_DAY)
    assert stale_ids(client, keys["labour"], tiny_id) == ["P1"]
    assert stale_ids(client, keys["conservative"], tiny_id) == ["P2"]
    url = f"/programmes/{tiny_id}/stale-profiles"
    assert (
        client.get(url, params={"group_office": "labour"}, headers=keys["conservative"]).status_code
        == 403
    )
    assert client.get(url, headers=keys["viewer"]).status_code == 403
    peers = client.get(
        f"/programmes/{tiny_id}/peers", params={"stale": "true"}, headers=keys["labour"]
    ).json()
    assert [p["peer_id"] for p in peers["items"]] == ["P1"]
    fresh = client.get(
        f"/programmes/{tiny_id}/peers", params={"stale": "false"}, headers=keys["manager"]
    ).json()
    assert fresh["total"] == 0  # every tiny profile is stale by 2025


def test_the_stale_csv_per_group_office(client, keys, tiny_id):
    set_clock(client, STALE_DAY)
    answer = client.get(
        f"/programmes/{tiny_id}/stale-profiles.csv",
        params={"group_office": "labour"},
        headers=keys["manager"],
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["peer_id"], r["name"], r["profile_updated_on"]) for r in rows] == [
        ("P1", "Ada Lovelace", "2024-01-10")
    ]
    assert "party" not in rows[0] and "gender" not in rows[0]


def test_shortlist_options_flag_stale_profiles(client, keys, small_id):
    challenge = client.get(
        f"/programmes/{small_id}/challenges", params={"limit": 1}, headers=keys["manager"]
    ).json()["items"][0]["challenge_id"]
    url = f"/programmes/{small_id}/challenges/{challenge}/shortlist"
    for moment, all_stale in ((datetime(2040, 1, 1, tzinfo=UTC), True), (None, False)):
        if moment:
            set_clock(client, moment)
        else:
            client.app.dependency_overrides.clear()
        options = client.post(url, json={"k": 1}, headers=keys["manager"]).json()["options"]
        team = sorted({a["peer_id"] for a in options[0]["assignments"]})
        stale = set(stale_ids(client, keys["manager"], small_id))
        assert options[0]["stale_profiles"] == sorted(set(team) & stale)
        if all_stale:
            assert options[0]["stale_profiles"] == team


def test_lapsing_training_and_conference_per_group_office(client, keys, tiny_id):
    set_clock(client, datetime(2026, 1, 1, tzinfo=UTC))
    url = f"/programmes/{tiny_id}/lapsing"
    # Ada Lovelace (P1): training 2023-02-01 lapses 2026-02-02, conference 2023-11-20 later.
    soon = client.get(url, params={"months": 2}, headers=keys["labour"]).json()
    assert [(x["peer_id"], x["what"], x["lapses_on"]) for x in soon] == [
        ("P1", "training", "2026-02-02")
    ]
    year = client.get(url, params={"months": 12}, headers=keys["labour"]).json()
    assert [(x["what"], x["lapses_on"]) for x in year] == [
        ("training", "2026-02-02"),
        ("conference", "2026-11-21"),
    ]
    theirs = client.get(url, params={"months": 12}, headers=keys["conservative"]).json()
    assert all(x["group_office"] == "conservative" for x in theirs)
    assert client.get(url, headers=keys["viewer"]).status_code == 403
