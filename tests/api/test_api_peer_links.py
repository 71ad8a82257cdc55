"""The peer's own page (issue 13): a signed, expiring link opens it without a key; the
peer sees their own profile and placements, confirms (no longer stale) or corrects
(listed for managers); prompts go to stale profiles with the link kept out of the outbox."""

from __future__ import annotations

import re
import time

from itsdangerous import TimestampSigner
from peer_year_helpers import STALE_DAY, place, set_clock, stale_ids

CONFIRM = ("approve", "put_forward", "select", "confirm")


def link_for(client, keys, programme_id, peer_id="P1") -> str:
    answer = client.post(
        f"/programmes/{programme_id}/peers/{peer_id}/link", headers=keys["manager"]
    )
    assert answer.status_code == 200, answer.text
    return "/me/" + answer.json()["url"].rsplit("/me/", 1)[1]


def test_the_link_opens_the_peers_own_page_and_nothing_else(client, keys, year_id):
    place(client, keys, year_id, ("C1", "lead_member"), "P1", *CONFIRM, office="labour")
    url = link_for(client, keys, year_id)
    page = client.get(url)  # no key
    assert page.status_code == 200
    text = page.text
    assert "Ada Lovelace" in text and "female" in text  # her own answers, shown to her
    assert "Gamma (C1)" in text and "2024-06-10 to 2024-06-13" in text
    assert "Bob Brown" not in text
    tampered = client.get(url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb"))
    assert tampered.status_code == 403 and "not valid" in tampered.text
    assert (
        client.post(f"/programmes/{year_id}/peers/P1/link", headers=keys["labour"]).status_code
        == 403
    )


def test_an_old_link_has_expired(client, keys, year_id, monkeypatch, settings):
    days = settings.peer_link_days
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: int(time.time()) - (days * 86_400 + 60)
    )
    url = link_for(client, keys, year_id)
    monkeypatch.undo()
    answer = client.get(url)
    assert answer.status_code == 403 and "expired" in answer.text


def test_confirming_makes_the_profile_fresh_and_corrections_are_applied_as_versions(
    client, keys, year_id
):
    set_clock(client, STALE_DAY)
    assert "P1" in stale_ids(client, keys["manager"], year_id)
    url = link_for(client, keys, year_id)
    done = client.post(url, data={"action": "confirm"}, follow_redirects=True)
    assert "confirmed as up to date" in done.text
    assert "P1" not in stale_ids(client, keys["manager"], year_id)
    fixed = client.post(
        url,
        data={"action": "correct", "tags": "leader, cabinet_finance", "disability": "yes"},
        follow_redirects=True,
    )
    assert "your corrections are recorded" in fixed.text
    updates = client.get(f"/programmes/{year_id}/profile-updates", headers=keys["manager"]).json()
    assert [u["confirmed"] for u in updates] == [False, True]
    assert updates[0]["changes"] == {"tags": ["leader", "cabinet_finance"], "disability": "yes"}
    assert all(u["applied_at"] is not None for u in updates)
    assert updates[0]["version"] == updates[1]["version"] + 1
    assert (
        client.get(f"/programmes/{year_id}/profile-updates", headers=keys["labour"]).status_code
        == 403
    )


def test_prompts_go_to_stale_profiles_with_the_link_withheld_from_the_outbox(client, keys, year_id):
    set_clock(client, STALE_DAY)
    stale = stale_ids(client, keys["manager"], year_id)
    manager = keys["manager"]
    contact = {"email": "ada@example.org"}
    assert client.put(
        f"/programmes/{year_id}/peers/P1/contact", json=contact, headers=manager
    ).is_success
    counts = client.post(f"/programmes/{year_id}/profile-prompts", headers=manager).json()
    assert counts == {"recorded": 1, "no_address": len(stale) - 1}
    messages = client.get("/outbox", params={"kind": "profile_prompt"}, headers=manager).json()
    assert messages["total"] == len(stale)
    assert all("/me/" not in m["body"] and "withheld" in m["body"] for m in messages["items"])
    labour = client.get("/outbox", headers=keys["labour"]).json()["items"]
    assert [m["peer_id"] for m in labour] == ["P1"] and not re.search(r"/me/\S+", labour[0]["body"])
