"""History across years in the service (issue 13): upload all or nothing, and the
councils due a corporate peer challenge on the service clock."""

from __future__ import annotations

from datetime import UTC, datetime

from peer_year_helpers import set_clock

HISTORY = (
    "challenge_ref,council,type,start_date,peer_id\n"
    "H1,E06000001,cpc,2022-03-07,P1\n"
    "H2,E06000002,cpc,2019-06-03,P2\n"
    "H2,E06000002,cpc,2019-06-03,\n"
)


def put(client, headers, text: str):
    return client.put("/history", files={"file": ("history.csv", text.encode())}, headers=headers)


def test_the_due_list_reads_the_history_and_the_programme(client, keys, tiny_id):
    assert put(client, keys["labour"], HISTORY).status_code == 403
    stored = put(client, keys["manager"], HISTORY)
    assert stored.status_code == 200 and stored.json() == {"rows": 3, "challenges": 2}
    set_clock(client, datetime(2026, 1, 1, tzinfo=UTC))
    due = client.get(f"/programmes/{tiny_id}/councils/due", headers=keys["viewer"]).json()
    by_code = {d["council"]: d for d in due}
    assert "E06000001" not in by_code  # last CPC March 2022: within five years
    assert (
        by_code["E06000002"]["due_since"] == "2024-06-04"
        and by_code["E06000002"]["name"] == "Delta"
    )
    assert by_code["E10000001"]["last_cpc"] is None  # none on record
    three = client.get(
        f"/programmes/{tiny_id}/councils/due", params={"years": 3}, headers=keys["viewer"]
    ).json()
    gamma = next(d for d in three if d["council"] == "E06000001")
    assert gamma["in_programme"] is True  # tiny's C1 is a CPC at Gamma


def test_a_bad_history_is_refused_with_every_error_and_keeps_the_old_one(client, keys, tiny_id):
    assert put(client, keys["manager"], HISTORY).status_code == 200
    bad = put(client, keys["manager"], HISTORY + "H3,NOPE,cpc,2020-13-01,P1\n")
    assert bad.status_code == 422
    assert [(e["row"], e["column"]) for e in bad.json()["errors"]] == [
        (5, "council"),
        (5, "start_date"),
    ]
    set_clock(client, datetime(2026, 1, 1, tzinfo=UTC))
    due = client.get(f"/programmes/{tiny_id}/councils/due", headers=keys["manager"]).json()
    assert "E06000001" not in {d["council"] for d in due}  # the first history still stands
