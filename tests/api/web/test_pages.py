"""The pages in a real browser (issue 7): the manager and group office flow end to end,
sessions and CSRF, and an axe-core scan of every page (0 serious or critical)."""

from __future__ import annotations

import json
import re
import zipfile

import httpx
import pytest

pytestmark = pytest.mark.usefixtures("server")
CHALLENGE = "C0002"
"""A finance peer challenge of sample S: three seats (one member peer), so three options."""


def test_manager_and_group_office_flow(
    page, browser, server, workbook, api_key, signin, check_page, tmp_path
):
    page.goto("/")
    assert page.url.endswith("/signin")
    check_page(page, "signin")
    signin(page, "pm_web-test-manager-token")
    check_page(page, "year-empty")

    # Upload: a broken zip is refused with its errors in a table, nothing stored.
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("peers.csv", "peer_id,kind\nP1,wizard\n")
    page.get_by_role("link", name="Upload", exact=True).click()
    page.get_by_label("Workbook or zip file").set_input_files(str(broken))
    page.get_by_role("button", name="Check and upload").click()
    assert "Nothing was stored" in page.get_by_role("alert").inner_text()
    table = page.get_by_role("table")
    assert table.get_by_role("columnheader", name="File").is_visible()
    assert table.locator("tbody tr").count() >= 1
    check_page(page, "upload-errors")
    assert (
        httpx.get(server + "/programmes", headers={"X-API-Key": "pm_web-test-manager-token"}).json()
        == []
    )

    page.get_by_label("Workbook or zip file").set_input_files(str(workbook))
    page.get_by_label("Name of the programme (optional)").fill("Sample S")
    page.get_by_role("button", name="Check and upload").click()
    page.wait_for_url(re.compile(r"/year\?"))
    assert "Stored Sample S: 120 peer challenges" in page.get_by_role("status").inner_text()
    check_page(page, "year")

    # Challenge page: three options side by side, accept the first.
    page.get_by_role("link", name=re.compile(CHALLENGE)).click()
    page.get_by_role("button", name="Find team options").click()
    options = page.locator(".options article")
    assert options.count() == 3
    assert "alternate" in options.first.inner_text()
    page.get_by_label("Peer (name or id)").fill("P00001")
    page.get_by_role("button", name="Explain").click()
    assert re.search(r"\(P00001\) (could|cannot) take", page.locator("#main").inner_text())
    page.get_by_role("button", name="Find team options").click()
    check_page(page, "challenge-options")
    page.get_by_role("button", name="Accept option 1").click()
    assert "Recorded 3 proposed placements" in page.get_by_role("status").inner_text()
    waiting = page.get_by_text(re.compile(r"waiting for the .+ group office")).inner_text()
    office = re.search(r"waiting for the (.+) group office", waiting).group(1)
    check_page(page, "challenge-proposed")

    # The group office approves its member peer from the inbox.
    go_token = api_key("office", "group_office", office.replace(" ", "_"))
    office_page = browser.new_context(base_url=server, bypass_csp=True).new_page()
    signin(office_page, go_token)
    assert office_page.url.endswith("/inbox")
    row = office_page.get_by_role("row", name=re.compile(CHALLENGE))
    assert re.search(r"\b0\b", row.inner_text())  # days waiting
    check_page(office_page, "inbox")
    row.get_by_role("textbox").fill("Happy to release this member peer.")
    row.get_by_role("button", name=re.compile("Approve")).click()
    assert "is now approved" in office_page.get_by_role("status").inner_text()
    office_page.context.close()

    # The manager records the remaining steps; the year view shows the team confirmed.
    challenge_url = page.url.split("?")[0]
    for _ in range(9):  # 3 seats, 3 steps each: put forward, selected, confirm
        page.goto(challenge_url)
        step = page.locator("form[action$='/step'] button").first
        if step.count() == 0:
            break
        step.click()
        page.get_by_role("status").wait_for()
    page.goto("/year?status=confirmed")
    entry = page.locator(".week li", has_text=CHALLENGE)
    assert "Team: confirmed" in entry.inner_text()


def test_batch_run_progress_and_reports(page, server, workbook, signin, check_page):
    signin(page, "pm_web-test-manager-token")
    programmes = httpx.get(
        server + "/programmes", headers={"X-API-Key": "pm_web-test-manager-token"}
    ).json()
    if not programmes:  # run alone: upload the sample through the API
        with workbook.open("rb") as handle:
            assert (
                httpx.post(
                    server + "/programmes",
                    files={"file": ("S.xlsx", handle)},
                    headers={"X-API-Key": "pm_web-test-manager-token"},
                    timeout=60,
                ).status_code
                == 201
            )
    page.goto("/year")
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Run the batch").click()
    page.get_by_text(re.compile(r"Running|waiting to start")).wait_for()
    page.wait_for_load_state()
    page.get_by_text(re.compile(r"Coverage")).wait_for(timeout=40_000)
    stats = page.locator(".stats").inner_text()
    assert re.search(r"\d+ of \d+ seats", stats)
    assert "Gap on the points a plan can change" in stats  # issue 15: beside the plain gap
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan as an Excel workbook").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Usage", exact=True).click()
    assert page.get_by_role("table").first.is_visible()
    assert "P0" not in page.locator("#main").inner_text()  # aggregates only: no peer ids
    check_page(page, "usage")

    page.get_by_role("link", name="What-if", exact=True).click()
    check_page(page, "whatif")
    page.get_by_label(re.compile("Or a scenario file")).set_input_files(
        files=[
            {
                "name": "bad.json",
                "mimeType": "application/json",
                "buffer": json.dumps(
                    {
                        "scenario": [
                            {
                                "name": "x",
                                "change": [{"type": "day_cap", "kind": "member", "days": -1}],
                            }
                        ]
                    }
                ).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Run the what-if").click()
    assert page.get_by_role("alert").is_visible()
    check_page(page, "whatif-problems")


def test_session_cookie_and_csrf(page, server, signin):
    signin(page, "pm_web-test-manager-token")
    cookie = next(c for c in page.context.cookies() if c["name"] == "pm_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
    jar = {"pm_session": cookie["value"]}
    refused = httpx.post(server + "/year/run", data={"programme_id": "1"}, cookies=jar)
    assert refused.status_code == 403
    forged = httpx.get(
        server + "/year",
        cookies={"pm_session": cookie["value"][:-2] + "00"},
        follow_redirects=False,
    )
    assert forged.status_code == 303 and forged.headers["location"] == "/signin"
    bad = httpx.post(server + "/signin", data={"key": "nope", "csrf_token": "x"})
    assert bad.status_code == 403


def test_keyboard_only_sign_in(page):
    page.goto("/signin")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "key":
            break
    page.keyboard.type("pm_web-test-manager-token")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/year"))
    assert page.get_by_role("heading", name="Year view").is_visible()


def test_wrong_key_is_refused(page, check_page):
    page.goto("/signin")
    page.get_by_label("API key").fill("pm_not-a-key")
    page.get_by_role("button", name="Sign in with the key").click()
    assert "not known" in page.get_by_role("alert").inner_text()


def test_csp_keeps_the_pages_working(browser, server, signin):
    """Issue 14 defect 7: the pages under their own Content-Security-Policy (no bypass)
    break no rule of it: the service's script and styles load, nothing inline runs."""
    context = browser.new_context(base_url=server)
    opened = context.new_page()
    refused: list[str] = []
    opened.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    opened.goto("/signin")
    signin(opened, "pm_web-test-manager-token")
    opened.goto("/year")
    assert opened.get_by_role("navigation").count() >= 1
    assert opened.evaluate("getComputedStyle(document.body).fontFamily") != ""
    context.close()
    assert refused == []
