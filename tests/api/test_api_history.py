"""History across years in the service (issue 13): upload all or nothing, and the
councils due a corporate peer challenge on the service clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from peer_year_helpers import set_clock
from service_helpers import upload, zip_folder

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


def review_upload(tmp_path) -> Path:
    """A programme whose progress review CH1 follows LAST_YEAR, with no history of its
    own: only the service's history can name that challenge (S5 across years)."""
    import dataclasses

    from past_years import DEAR, review_of_last_year, served

    from matcher.io import save_programme

    prog = dataclasses.replace(review_of_last_year(served(DEAR)), history=())
    return zip_folder(save_programme(prog, tmp_path / "review"), tmp_path / "review.zip")


def test_one_history_a_review_follows_a_challenge_of_the_services_history(client, keys, tmp_path):
    """The service-wide history is the programmes' history too (one table): an upload
    whose review follows a challenge only the service's history names is refused
    before that history is there (file, row, field, S5) and accepted after; the
    shortlist then prefers the peer the history placed on it (S5) and the due list
    reads the same rows."""
    from past_years import DEAR, LAST_YEAR

    manager = keys["manager"]
    zipped = review_upload(tmp_path)
    refused = client.post(
        "/programmes", files={"file": ("r.zip", zipped.read_bytes())}, headers=manager
    )
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert (error["file"], error["row"], error["column"]) == ("challenges.csv", 2, "follows")
    assert "S5" in error["message"]
    header = "peer_id,council,start_date,challenge_id,type\n"
    rows = header + f"{DEAR},E06000001,2023-05-08,{LAST_YEAR},cpc\n"
    assert put(client, manager, rows).status_code == 200
    pid = upload(client, zipped, manager)
    answer = client.post(
        f"/programmes/{pid}/challenges/CH1/shortlist", json={"k": 2, "d": 1}, headers=manager
    )
    assert answer.status_code == 200, answer.text
    options = answer.json()["options"]
    assert [a["peer_id"] for a in options[0]["assignments"]] == [DEAR]
    s5 = [{line["code"]: line["points"] for line in o["breakdown"]}.get("S5", 0) for o in options]
    assert s5 == [-200, 0]
    set_clock(client, datetime(2026, 1, 1, tzinfo=UTC))
    due = client.get(f"/programmes/{pid}/councils/due", headers=manager).json()
    assert all(d["council"] != "E06000001" for d in due)  # last CPC: May 2023, this history
