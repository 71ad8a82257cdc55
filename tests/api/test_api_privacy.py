"""Personal data across the whole API: every GET route, called as each role with real ids,
never shows a viewer a person's name, and never shows anyone but a manager a name next
to an equalities field (DOMAIN.md "Personal data")."""

from __future__ import annotations

import re
from typing import Any

from service_helpers import solve

from matcher.io import load_programme
from matcher.settings import AppSettings

EQUALITIES = ("gender", "ethnic_minority", "disability")


def filled_paths(client, ids: dict[str, str]) -> list[str]:
    """Every GET path of the OpenAPI schema with its parameters filled from `ids`."""
    paths = []
    for template, methods in client.app.openapi()["paths"].items():
        if "get" in methods:
            paths.append(re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], template))
    return paths


def names_with_equalities(value: Any, names: set[str]) -> list[str]:
    """Objects in a JSON answer that carry a person's name and an equalities value."""
    found = []
    if isinstance(value, dict):
        if value.get("name") in names and any(value.get(f) for f in EQUALITIES):
            found.append(value["name"])
        for item in value.values():
            found += names_with_equalities(item, names)
    elif isinstance(value, list):
        for item in value:
            found += names_with_equalities(item, names)
    return found


def test_no_route_leaks_names_or_equalities(client, keys, small_id, data_zips):
    programme = load_programme(data_zips["small_folder"], AppSettings().data_dir)
    names = {p.name for p in programme.peers}
    run = solve(client, small_id, keys["manager"], time_limit_s=20)
    client.post(f"/runs/{run['run_id']}/proposals", headers=keys["manager"])
    labour = next(p for p in programme.peers if p.group_office and p.group_office.value == "labour")
    ids = {
        "programme_id": str(small_id),
        "run_id": run["run_id"],
        "key_id": "1",
        "peer_id": labour.peer_id,
        "challenge_id": programme.challenges[0].challenge_id,
        "placement_id": "1",
        "a": "1",
        "b": "1",
    }
    director = client.post(
        "/api-keys", json={"name": "director", "role": "director"}, headers=keys["manager"]
    )
    keys = keys | {"director": {"X-API-Key": director.json()["token"]}}
    checked = 0
    for path in filled_paths(client, ids):
        if path.endswith("/events"):
            continue  # the same RunOut as /runs/{id}, streamed
        for role in ("viewer", "labour", "director"):
            answer = client.get(path, headers=keys[role])
            assert answer.status_code < 500, path
            if answer.status_code != 200:
                continue
            checked += 1
            if role in ("viewer", "director"):
                leaked = [n for n in names if n in answer.text]
                assert not leaked, f"{path} shows a viewer {leaked[:3]}"
            if answer.headers["content-type"].startswith("application/json"):
                assert not names_with_equalities(answer.json(), names), path
    assert checked >= 20


def test_a_group_office_sees_party_but_only_of_its_own(client, keys, small_id):
    page = client.get(
        f"/programmes/{small_id}/peers", params={"limit": 500}, headers=keys["labour"]
    ).json()
    assert page["total"] > 0
    assert all(p["party"] == "lab" or p["group_office"] == "labour" for p in page["items"])
    assert all(p["kind"] == "member" for p in page["items"])
