"""The annual usage report in the service (issue 13): counts against the plan, small
counts suppressed (with a second cell where one alone would be recoverable), unused
peers named only to managers and their own group office, charts as PNG."""

from __future__ import annotations

from collections import defaultdict

import pytest
from service_helpers import solve

COUNTS = ("pool_peers", "peers_used", "placements", "days")


@pytest.fixture
def proposed_run(client, keys, small_id) -> dict:
    run = solve(client, small_id, keys["manager"], time_limit_s=20)
    assert (
        client.post(f"/runs/{run['run_id']}/proposals", headers=keys["manager"]).status_code == 201
    )
    return run


def report(client, headers, programme_id, **params) -> dict:
    answer = client.get(f"/programmes/{programme_id}/usage", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_report_counts_the_plan_and_suppresses_small_cells(
    client, keys, small_id, proposed_run
):
    assignments = client.get(
        f"/runs/{proposed_run['run_id']}/assignments",
        params={"limit": 500},
        headers=keys["manager"],
    ).json()["items"]
    by_run = report(client, keys["manager"], small_id, run_id=proposed_run["run_id"])
    active = report(client, keys["manager"], small_id, plan="active")
    assert by_run["totals"]["placements"] == len(assignments) == active["totals"]["placements"]
    assert report(client, keys["manager"], small_id)["totals"]["placements"] == 0  # none confirmed
    assert by_run["totals"]["peers"] == 600
    columns: dict[tuple[str, str], list] = defaultdict(list)
    for row in by_run["by_characteristic"]:
        for name in COUNTS:
            value = row[name]
            assert value == "<5" or value == 0 or value >= 5, row
            columns[(row["characteristic"], name)].append(value)
    for (characteristic, name), values in columns.items():
        hidden = values.count("<5")
        assert hidden != 1 or len(values) == 1, (characteristic, name, values)
    completion = by_run["equalities_completion"]
    assert set(completion) == {"member", "officer"}
    assert all(0 <= v <= 1 for kind in completion.values() for v in kind.values())
    assert by_run["stale_profiles"] >= 0 and "shadow_seats" in by_run["shadowing"]


def test_unused_peers_are_named_only_to_managers_and_their_own_group_office(
    client, keys, small_id, proposed_run
):
    params = {"run_id": proposed_run["run_id"]}
    manager = report(client, keys["manager"], small_id, **params)
    labour = report(client, keys["labour"], small_id, **params)
    viewer = report(client, keys["viewer"], small_id, **params)
    assert len(manager["unused_peers"]) == manager["totals"]["unused_12_months"] > 0
    assert labour["unused_peers"] and {u["group_office"] for u in labour["unused_peers"]} == {
        "labour"
    }
    assert {u["kind"] for u in labour["unused_peers"]} == {"member"}
    assert viewer["unused_peers"] is None
    assert viewer["by_group_office"] == manager["by_group_office"]  # aggregates for all
    named = manager["unused_peers"] + labour["unused_peers"]
    assert all(set(u) == {"name", "kind", "group_office"} for u in named)  # no equalities
    audit = client.get(
        "/audit", params={"resource": f"programmes/{small_id}/usage"}, headers=keys["manager"]
    ).json()
    assert audit["total"] == 2  # the manager's and labour's reads named people


def test_the_charts_are_pngs(client, keys, small_id, proposed_run):
    for chart in ("group_office", "characteristic"):
        answer = client.get(
            f"/programmes/{small_id}/usage/chart.png",
            params={"run_id": proposed_run["run_id"], "chart": chart},
            headers=keys["viewer"],
        )
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
        assert answer.content.startswith(b"\x89PNG\r\n\x1a\n") and len(answer.content) > 5000
    missing = client.get(
        f"/programmes/{small_id}/usage", params={"run_id": "nope"}, headers=keys["viewer"]
    )
    assert missing.status_code == 404
