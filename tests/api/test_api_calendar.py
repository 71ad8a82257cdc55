"""Calendars (issue 13): downloaded .ics files parse with the icalendar library and hold
each put-forward or confirmed placement with its dates and the evening-before meeting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from peer_year_helpers import place
from service_helpers import solve

LONDON = ZoneInfo("Europe/London")


def events(client, headers, programme_id, **params) -> list:
    answer = client.get(f"/programmes/{programme_id}/calendar.ics", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(answer.content).walk("VEVENT")


def by_uid(found: list) -> dict[str, object]:
    return {str(e["UID"]): e for e in found}


def test_a_peers_calendar_holds_each_confirmed_placement_with_the_right_dates(
    client, keys, year_id
):
    confirm = ("approve", "put_forward", "select", "confirm")
    c1 = place(client, keys, year_id, ("C1", "lead_member"), "P1", *confirm, office="labour")
    c3 = place(client, keys, year_id, ("C3", "lead_member"), "P1", "approve", office="labour")
    found = by_uid(events(client, keys["manager"], year_id, peer_id="P1"))
    assert set(found) == {
        f"placement-{c1}-onsite@peermatch",
        f"placement-{c1}-team-meeting@peermatch",
    }
    onsite = found[f"placement-{c1}-onsite@peermatch"]
    assert onsite.decoded("DTSTART") == date(2024, 6, 10)  # C1: fixed, 4 days on site
    assert onsite.decoded("DTEND") == date(2024, 6, 14)  # exclusive end: last day 13 June
    assert str(onsite["STATUS"]) == "CONFIRMED" and "Gamma" in str(onsite["SUMMARY"])
    meeting = found[f"placement-{c1}-team-meeting@peermatch"]
    assert meeting.decoded("DTSTART") == datetime(2024, 6, 9, 18, 0, tzinfo=LONDON)
    assert meeting.decoded("DTSTART").time() == time(18, 0)

    # C3 was only approved by the group office: put forward, it appears as tentative.
    client.post(f"/placements/{c3}/put_forward", headers=keys["manager"])
    found = by_uid(events(client, keys["manager"], year_id, peer_id="P1"))
    tentative = found[f"placement-{c3}-onsite@peermatch"]
    assert str(tentative["STATUS"]) == "TENTATIVE"
    # C3 has one allowed start here (proposals on wider windows must name their start date,
    # issue 12), so the date is certain, not provisional.
    assert tentative.decoded("DTSTART") == date(2025, 1, 6)
    assert "provisional" not in str(tentative["DESCRIPTION"])


def test_a_window_challenge_takes_the_start_its_run_gave_the_team(client, keys, small_id):
    manager = keys["manager"]
    run = solve(client, small_id, manager, time_limit_s=20)
    rows = client.get(
        f"/runs/{run['run_id']}/assignments", params={"limit": 100}, headers=manager
    ).json()["items"]
    challenges = client.get(
        f"/programmes/{small_id}/challenges", params={"limit": 100}, headers=manager
    ).json()["items"]
    windows = {c["challenge_id"] for c in challenges if c["earliest_start"] != c["latest_start"]}
    assert client.post(f"/runs/{run['run_id']}/proposals", headers=manager).status_code == 201
    placements = client.get(
        f"/programmes/{small_id}/placements", params={"limit": 100}, headers=manager
    ).json()["items"]
    officer = next(
        p for p in placements if p["peer_kind"] == "officer" and p["challenge_id"] in windows
    )
    planned = next(
        a
        for a in rows
        if (a["challenge_id"], a["seat_id"]) == (officer["challenge_id"], officer["seat_id"])
    )
    for action in ("put_forward", "select", "confirm"):
        client.post(f"/placements/{officer['placement_id']}/{action}", headers=manager)
    found = by_uid(events(client, manager, small_id, peer_id=officer["peer_id"]))
    onsite = found[f"placement-{officer['placement_id']}-onsite@peermatch"]
    assert onsite.decoded("DTSTART") == date.fromisoformat(planned["start_date"])
    assert onsite.decoded("DTEND") == date.fromisoformat(planned["end_date"]) + timedelta(days=1)
    assert "provisional" not in str(onsite["DESCRIPTION"])


def test_calendars_respect_roles(client, keys, year_id):
    confirm = ("approve", "put_forward", "select", "confirm")
    place(client, keys, year_id, ("C1", "lead_member"), "P1", *confirm, office="labour")
    place(client, keys, year_id, ("C1", "member"), "P2", *confirm, office="conservative")
    place(client, keys, year_id, ("C1", "officer_scope"), "P6", "put_forward", "select")
    url = f"/programmes/{year_id}/calendar.ics"
    assert len(events(client, keys["labour"], year_id, peer_id="P1")) == 2
    assert (
        client.get(url, params={"peer_id": "P1"}, headers=keys["conservative"]).status_code == 404
    )
    assert client.get(url, params={"peer_id": "P1"}, headers=keys["viewer"]).status_code == 403
    office = {"group_office": "conservative"}
    assert client.get(url, params=office, headers=keys["labour"]).status_code == 403
    assert client.get(url, headers=keys["manager"]).status_code == 422
    whole = events(client, keys["manager"], year_id, challenge_id="C1")
    assert len(whole) == 6  # three placements, each onsite days and a team meeting
    theirs = events(client, keys["labour"], year_id, challenge_id="C1")
    assert len(theirs) == 2 and all("Ada Lovelace" in str(e["SUMMARY"]) for e in theirs)
    audit = client.get(
        "/audit", params={"resource": f"programmes/{year_id}/calendar"}, headers=keys["manager"]
    ).json()
    assert audit["total"] == 3 and all(e["personal"] for e in audit["items"])
