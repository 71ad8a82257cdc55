"""Issue 14 defects 3 and 9: after a run's seats are proposed, a shortlist without a run
builds and validates against the same plan (proposals dated as their run placed them),
so no challenge answers 500."""

from __future__ import annotations

import pytest
from service_helpers import solve, upload


@pytest.fixture(scope="module")
def proposed(tmp_path_factory, data_zips):
    """Sample S solved for 5 s with every seat proposed; (client, keys, programme id)."""
    from fastapi.testclient import TestClient
    from service_helpers import make_keys, make_settings

    from api.app import create_app

    settings = make_settings(tmp_path_factory.mktemp("ctx") / "home")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        keys = make_keys(client)
        programme_id = upload(client, data_zips["S"], keys["manager"])
        run = solve(client, programme_id, keys["manager"], time_limit_s=5, seed=1)
        assert run["status"] == "done", run
        answer = client.post(f"/runs/{run['run_id']}/proposals", headers=keys["manager"])
        assert answer.status_code == 201 and answer.json()["created"] > 0
        yield client, keys, programme_id


def test_every_challenge_shortlists_without_a_run_after_proposals(proposed):
    client, keys, programme_id = proposed
    challenges = client.get(
        f"/programmes/{programme_id}/challenges", params={"limit": 500}, headers=keys["manager"]
    ).json()["items"]
    assert len(challenges) == 120
    codes = {}
    for challenge in challenges:
        answer = client.post(
            f"/programmes/{programme_id}/challenges/{challenge['challenge_id']}/shortlist",
            json={"k": 1, "m": 1},
            headers=keys["manager"],
        )
        codes.setdefault(answer.status_code, []).append(challenge["challenge_id"])
    assert set(codes) == {200}, {code: ids[:5] for code, ids in codes.items()}
