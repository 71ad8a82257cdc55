"""The peer's-year pages in a real browser (issue 13): the annual report with its charts,
stale profiles and messages pass axe-core (0 serious or critical violations)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.usefixtures("server")
MANAGER = {"X-API-Key": "pm_web-test-manager-token"}


def _programme(server: str, workbook) -> int:
    programmes = httpx.get(server + "/programmes", headers=MANAGER, timeout=30).json()
    if programmes:
        return programmes[-1]["programme_id"]
    with workbook.open("rb") as handle:
        answer = httpx.post(
            server + "/programmes", files={"file": ("S.xlsx", handle)}, headers=MANAGER, timeout=60
        )
    assert answer.status_code == 201, answer.text
    return answer.json()["programme_id"]


def test_year_pages_pass_axe(page, server, workbook, signin, check_page):
    pid = _programme(server, workbook)
    httpx.post(server + "/outbox/dispatch", headers=MANAGER, timeout=30)
    signin(page, MANAGER["X-API-Key"])
    page.goto(f"/annual-report?programme={pid}")
    assert page.get_by_role("img").first.is_visible()
    assert "Placements and days by group office" in page.locator("#main").inner_text()
    sizes = page.evaluate("[...document.images].map(i => i.naturalWidth)")
    assert sizes and all(width > 0 for width in sizes)  # the charts loaded as images
    check_page(page, "annual-report")
    page.get_by_role("link", name="Profiles", exact=True).click()
    check_page(page, "profiles")
    page.get_by_role("link", name="Messages", exact=True).click()
    check_page(page, "messages")
    page.get_by_role("link", name="Feedback", exact=True).click()
    check_page(page, "feedback")


def test_the_peers_own_page_passes_axe(page, server, workbook, check_page):
    pid = _programme(server, workbook)
    peers = httpx.get(
        f"{server}/programmes/{pid}/peers", params={"limit": 1}, headers=MANAGER, timeout=30
    ).json()["items"]
    made = httpx.post(
        f"{server}/programmes/{pid}/peers/{peers[0]['peer_id']}/link", headers=MANAGER, timeout=30
    ).json()
    page.goto("/me/" + made["url"].rsplit("/me/", 1)[1])  # no sign-in: the link is the key
    assert page.get_by_role("button", name="Yes, my profile is up to date").is_visible()
    check_page(page, "peer-page")
    page.get_by_role("button", name="Yes, my profile is up to date").click()
    assert "confirmed as up to date" in page.get_by_role("status").inner_text()
