"""The living year's pages in a real browser: change a peer and a challenge (with the
error table for a bad change), compare two versions, and a re-plan shown side by side
and accepted; axe-core finds no serious or critical violation on any of them."""

from __future__ import annotations

import re
import time

import httpx
import pytest

pytestmark = pytest.mark.usefixtures("server")
TOKEN = "pm_web-test-manager-token"
HEADERS = {"X-API-Key": TOKEN}
CHALLENGE = "C0003"
LIMIT_S = 5


def _api(server: str) -> httpx.Client:
    return httpx.Client(base_url=server, headers=HEADERS, timeout=60)


def _solve(client: httpx.Client, pid: int) -> dict:
    run_id = client.post(f"/programmes/{pid}/runs", json={"time_limit_s": LIMIT_S}).json()["run_id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run = client.get(f"/runs/{run_id}").json()
        if run["status"] in ("done", "failed", "cancelled"):
            assert run["status"] == "done", run.get("error")
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not finish")


def _upload(client: httpx.Client, workbook) -> int:
    with workbook.open("rb") as handle:
        answer = client.post(
            "/programmes", files={"file": (workbook.name, handle)}, data={"name": "Living S"}
        )
    assert answer.status_code == 201, answer.text
    return answer.json()["programme_id"]


def test_edit_diff_and_replan_pages(page, server, workbook, signin, check_page):
    with _api(server) as client:
        pid = _upload(client, workbook)
        peer = client.get(f"/programmes/{pid}/peers", params={"limit": 1}).json()["items"][0]
    signin(page, TOKEN)
    page.goto(f"/edit?programme={pid}&peer={peer['peer_id']}&challenge={CHALLENGE}")
    check_page(page, "edit")
    page.get_by_label("First day unavailable").fill("2027-06-01")
    page.get_by_label("Last day unavailable").fill("2027-06-04")
    page.get_by_role("button", name="Add unavailable dates").click()
    assert "Saved as version 2" in page.get_by_role("status").inner_text()

    page.get_by_label("Peer challenge field to change").select_option("latest_start")
    page.get_by_label("New value for the peer challenge").fill("2020-01-06")
    page.get_by_role("button", name="Save the peer challenge").click()
    alert = page.get_by_role("alert")
    assert "Nothing was changed" in alert.inner_text()
    assert alert.get_by_role("columnheader", name="Reason").is_visible()
    check_page(page, "edit-errors")

    page.goto(f"/changes?programme={pid}&a=1&b=2")
    assert page.get_by_role("table", name=re.compile("Unavailability: 1 added")).is_visible()
    check_page(page, "changes-diff")

    with _api(server) as client:
        run = _solve(client, pid)
        client.post(f"/runs/{run['run_id']}/proposals").raise_for_status()
        plan = client.get(f"/runs/{run['run_id']}/assignments", params={"limit": 500}).json()
        seat = next(a for a in plan["items"] if a["challenge_id"] == CHALLENGE)
        client.post(
            f"/programmes/{pid}/peers/{seat['peer_id']}/unavailability",
            json={"from_date": seat["start_date"], "to_date": seat["end_date"]},
        ).raise_for_status()
        _solve(client, pid)
    page.goto(f"/changes?programme={pid}")
    side = page.get_by_role("table", name=re.compile("the newest plan changes"))
    assert side.get_by_role("row", name=re.compile(CHALLENGE)).first.is_visible()
    assert "H3" in side.inner_text()
    check_page(page, "replan")
    page.get_by_role("button", name="Accept the re-plan").click()
    assert "Accepted the re-plan" in page.get_by_role("status").inner_text()
