"""Peers and personal data: who sees whom and which fields, audit of every read, erasure."""

from __future__ import annotations

import csv
import io

from service_helpers import solve

EQUALITIES = ("gender", "ethnic_minority", "disability")


def peers_url(pid: int, peer: str = "") -> str:
    return f"/programmes/{pid}/peers" + (f"/{peer}" if peer else "")


def test_managers_see_everyone_with_every_field(client, keys, tiny_id):
    page = client.get(peers_url(tiny_id), headers=keys["manager"]).json()
    assert page["total"] == 8
    ada = client.get(peers_url(tiny_id, "P1"), headers=keys["manager"]).json()
    assert ada["gender"] == "female" and ada["party"] == "lab" and ada["withheld"] == []


def test_a_group_office_sees_its_own_member_peers_with_party_never_equalities(
    client, keys, tiny_id
):
    page = client.get(peers_url(tiny_id), headers=keys["labour"]).json()
    assert [p["peer_id"] for p in page["items"]] == ["P1"]
    ada = page["items"][0]
    assert ada["party"] == "lab" and ada["group_office"] == "labour"
    assert all(ada[f] is None for f in EQUALITIES) and set(ada["withheld"]) == set(EQUALITIES)


def test_a_group_office_reading_another_groups_or_an_officer_peer_gets_404(client, keys, tiny_id):
    assert client.get(peers_url(tiny_id, "P2"), headers=keys["labour"]).status_code == 404
    assert client.get(peers_url(tiny_id, "P4"), headers=keys["labour"]).status_code == 404
    assert client.get(peers_url(tiny_id, "P2"), headers=keys["conservative"]).status_code == 200
    assert client.get(peers_url(tiny_id, "nobody"), headers=keys["manager"]).status_code == 404


def test_a_viewer_sees_no_person(client, keys, tiny_id):
    assert client.get(peers_url(tiny_id), headers=keys["viewer"]).status_code == 403
    assert client.get(peers_url(tiny_id, "P1"), headers=keys["viewer"]).status_code == 403


def test_filters_and_paging(client, keys, tiny_id):
    url = peers_url(tiny_id)
    officers = client.get(
        url, params={"kind": "officer", "limit": 3}, headers=keys["manager"]
    ).json()
    assert officers["total"] == 4 and len(officers["items"]) == 3
    named = client.get(url, params={"q": "ADA"}, headers=keys["manager"]).json()
    assert [p["peer_id"] for p in named["items"]] == ["P1"]
    tagged = client.get(url, params={"tag": "s151"}, headers=keys["manager"]).json()
    assert [p["peer_id"] for p in tagged["items"]] == ["P5"]
    women = client.get(url, params={"gender": "female"}, headers=keys["manager"]).json()
    assert women["total"] == 3


def test_only_managers_filter_by_equalities(client, keys, tiny_id):
    answer = client.get(peers_url(tiny_id), params={"gender": "female"}, headers=keys["labour"])
    assert answer.status_code == 403
    assert (
        client.get(peers_url(tiny_id), params={"gender": "x"}, headers=keys["manager"]).status_code
        == 422
    )


def test_every_read_of_a_person_is_audited(client, keys, tiny_id):
    client.get(peers_url(tiny_id, "P1"), headers=keys["labour"])
    client.get(peers_url(tiny_id), params={"limit": 2}, headers=keys["manager"])
    log = client.get(
        "/audit", params={"personal": True, "action": "read"}, headers=keys["manager"]
    ).json()
    newest, older = log["items"][0], log["items"][1]
    assert newest["detail"]["peer_ids"] == ["P1", "P2"] and "manager" in newest["actor"]
    assert older["resource"].endswith("/peers/P1") and "labour" in older["actor"]


def test_erasure_removes_the_person_and_keeps_runs_readable(client, keys, small_id):
    run = solve(client, small_id, keys["manager"], time_limit_s=20)
    assert run["status"] == "done", run
    rows = client.get(run["links"]["assignments"], headers=keys["manager"]).json()["items"]
    victim = rows[0]["peer_id"]
    erased = client.delete(f"/peers/{victim}", headers=keys["manager"])
    assert erased.status_code == 200, erased.text
    placeholder = erased.json()["placeholder"]
    assert erased.json()["programmes"] == [small_id]
    assert client.get(peers_url(small_id, victim), headers=keys["manager"]).status_code == 404
    after = client.get(run["links"]["assignments"], headers=keys["manager"]).json()["items"]
    assert after[0]["peer_id"] == placeholder and victim not in str(after)
    teams = client.get(run["links"]["csv"], params={"table": "teams"}, headers=keys["manager"])
    row = next(r for r in csv.DictReader(io.StringIO(teams.text)) if r["peer_id"] == placeholder)
    assert row["peer_name"] == "(erased)"
    assert client.delete(f"/peers/{victim}", headers=keys["manager"]).status_code == 404


def test_only_managers_erase(client, keys, tiny_id):
    for role in ("labour", "viewer"):
        assert client.delete("/peers/P1", headers=keys[role]).status_code == 403
