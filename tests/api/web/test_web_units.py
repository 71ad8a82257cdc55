"""Page logic without a browser: team status rules, the overdue inbox, CSRF and roles
(TestClient over https, so the Secure session cookie is sent back)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from paths import TINY_PROGRAMME

from api.app import create_app
from api.settings import ServiceSettings
from api.web.render import templates
from api.web.session import Session
from api.web.yearview import build, team_status
from matcher.store.coltypes import utcnow

TINY = TINY_PROGRAMME
TOKEN = "pm_web-unit-manager"


@pytest.mark.parametrize(
    ("placed", "run", "expected"),
    [
        ({"a": 2, "b": 2}, None, "confirmed"),
        ({"a": 2, "b": 1}, None, "approved"),
        ({"a": 0, "b": 2}, None, "proposed"),
        ({"a": 2}, None, "unfilled"),
        ({}, {"a", "b"}, "planned"),
        ({}, {"a"}, "unfilled"),
        ({}, None, "not planned"),
    ],
)
def test_team_status(placed, run, expected):
    assert team_status(["a", "b"], placed, run)[0] == expected


@pytest.fixture
def client(tmp_path):
    settings = ServiceSettings(home=tmp_path, db_url=None, bootstrap_key=TOKEN)
    with TestClient(create_app(settings), base_url="https://testserver") as test_client:
        yield test_client


def _sign_in(client: TestClient, token: str) -> str:
    form = client.get("/signin").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/signin", data={"key": token, "csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    page = client.get(answer.headers["location"]).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


MEMBER_PROPOSAL = {
    "challenge_id": "C3",
    "seat_id": "lead_member",
    "peer_id": "P1",
    "start_date": "2025-01-06",
}
"""A member peer's proposal the hard rules allow (the validator checks every step)."""


def _tiny(client: TestClient, folder: Path = TINY) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    answer = client.post(
        "/programmes", files={"file": ("tiny.zip", buffer.getvalue())}, headers={"X-API-Key": TOKEN}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["programme_id"]


def test_inbox_marks_overdue_in_words(client):
    pid = _tiny(client)
    made = client.post(
        f"/programmes/{pid}/placements",
        headers={"X-API-Key": TOKEN},
        json=MEMBER_PROPOSAL,
    )
    assert made.status_code == 201, made.text
    _sign_in(client, TOKEN)
    assert "overdue</span>" not in client.get("/inbox").text
    client.app.state.services.clock = lambda: utcnow() + timedelta(days=12)
    page = client.get("/inbox").text
    assert re.search(r"<td>12 <span class=\"overdue-label\">overdue</span></td>", page)


def test_forms_need_the_csrf_token(client):
    csrf = _sign_in(client, TOKEN)
    assert client.post("/year/run", data={"programme_id": 1}).status_code == 403
    assert (
        client.post("/year/run", data={"programme_id": 1, "csrf_token": "x" * 43}).status_code
        == 403
    )
    answer = client.post("/signout", data={"csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get("/year", follow_redirects=False).headers["location"] == "/signin"


def test_viewer_sees_no_manager_controls(client):
    viewer = client.post(
        "/api-keys", json={"name": "v", "role": "viewer"}, headers={"X-API-Key": TOKEN}
    ).json()["token"]
    _tiny(client)
    _sign_in(client, viewer)
    year = client.get("/year").text
    assert "Run the batch" not in year and 'href="/upload"' not in year
    assert client.get("/upload").status_code == 403
    assert client.get("/inbox").status_code == 403
    challenge = client.get("/challenge/1/C2").text
    assert "Find team options" not in challenge


def test_year_rows_from_unfilled_seats_alone():
    """Viewers cannot read assignments: the run's unfilled seats still give the status."""
    challenge = {
        "challenge_id": "C1",
        "council": "E1",
        "council_name": "X",
        "type": "cpc",
        "earliest_start": "2027-04-05",
        "seats": [{"seat_id": "a"}, {"seat_id": "b"}],
    }
    assert build([challenge], {}, [], None, [])[0].status == "planned"
    assert (
        build([challenge], {}, [], None, [{"challenge_id": "C1", "seat_id": "b"}])[0].status
        == "unfilled"
    )
    assert build([challenge], {}, [], None, None)[0].status == "not planned"


def test_decline_needs_a_reason_and_approve_moves_on(client):
    pid = _tiny(client)
    made = client.post(
        f"/programmes/{pid}/placements",
        headers={"X-API-Key": TOKEN},
        json=MEMBER_PROPOSAL,
    ).json()
    csrf = _sign_in(client, TOKEN)
    step = f"/ui/placements/{made['placement_id']}/step"
    page = client.post(step, data={"csrf_token": csrf, "action": "decline", "note": " "})
    assert "Please give a reason" in page.text
    assert (
        client.get(f"/placements/{made['placement_id']}", headers={"X-API-Key": TOKEN}).json()[
            "state"
        ]
        == "proposed"
    )
    page = client.post(
        step, data={"csrf_token": csrf, "action": "decline", "note": "Not available that month."}
    )
    assert "is now declined" in page.text
    assert (
        client.post(
            step, data={"csrf_token": csrf, "action": "approve", "back": "https://evil.example/"}
        ).url.path
        == "/inbox"
    )


def test_no_team_possible_shows_the_smallest_relaxation():
    """The challenge page's infeasible branch, rendered from a diagnosis as the API
    gives it (no options)."""
    shortlist = {
        "options": [],
        "infeasibility": {
            "challenge_id": "C9",
            "blocked_seats": ["member"],
            "team_checks": [],
            "supply": [{"message": "member: no member peer of the leader's party is free"}],
            "core": [{"code": "H7", "detail": "", "message": "party rule for the member seat"}],
            "relaxation": {
                "changes": [
                    {"description": "Waive the party rule (H7) on member.", "needs_approval": True}
                ],
                "team": [{"seat_id": "member", "peer_id": "P7"}],
                "start": "2027-05-03",
                "total_cost": 5,
                "total_points_added_to_plan": 10,
            },
        },
    }
    html = templates.get_template("challenge.html").render(
        session=Session(sid="s", name="m", role="manager", group_office=None, csrf="c"),
        title="C9",
        pid=1,
        k=3,
        d=1,
        m=3,
        why_seat="",
        why_peer="",
        steps={},
        placements=[],
        names={},
        run=None,
        shortlist=shortlist,
        challenge={
            "challenge_id": "C9",
            "type": "cpc",
            "council": "E1",
            "council_name": "X",
            "earliest_start": "2027-05-03",
            "latest_start": "2027-05-10",
            "onsite_days": 3,
            "charged_days": 6,
            "seats": [{"seat_id": "member", "kind": "member", "required_tags": []}],
        },
    )
    assert "No team is possible" in html and "Smallest relaxation" in html
    assert "Waive the party rule (H7) on member. (needs approval)" in html
    assert "member: P7 starting 2027-05-03" in html


def test_why_not_picks_a_peer_by_name(client):
    pid = _tiny(client)
    _sign_in(client, TOKEN)
    base = f"/challenge/{pid}/C2?why_seat=member_finance&why_peer="
    one = client.get(base + "lovelace").text
    assert re.search(r"Ada Lovelace \(P1\) (could|cannot) take", one)
    several = client.get(base + "a").text  # Ada, Cat, Dan, Fay, Hal, Gus ... all contain an a
    assert "peers match a: which one?" in several and "why_peer=P1" in several
    none = client.get(base + "nobody-called-this").text
    assert "no peer whose name or id is" in none
    by_id = client.get(base + "P2").text
    assert re.search(r"Bob Brown \(P2\) (could|cannot) take", by_id)


def test_options_are_compared_with_the_best_and_show_names(client):
    pid = _tiny(client)
    _sign_in(client, TOKEN)
    page = client.get(f"/challenge/{pid}/C3?k=2&d=1&m=1").text
    assert "No team is possible" not in page
    assert "The best option; expenses £" in page
    assert not re.search(r"Score -?\d", page)
    assert re.search(r"<h4>[^<]+: [A-Z][a-z]+ [A-Z][a-z]+ \(P\d\)</h4>", page)
