"""Issue 14 defect 7: key rules, failed-attempt limit, audited key creation (API, CLI,
bootstrap), owner-only SQLite file, manager-only request reasons."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from service_helpers import MANAGER_TOKEN, PEERMATCH, make_settings

from api.app import create_app
from api.keys import GIVEN_PREFIX, Principal, Role
from api.privacy import assignment_view
from matcher.models import Assignment, GroupOffice


@pytest.mark.parametrize("token", ["x", "pm_short", "no-prefix-but-long-enough", "pm_has space in"])
def test_weak_bootstrap_keys_are_refused(tmp_path, token):
    with pytest.raises(ValidationError, match="BOOTSTRAP_KEY"):
        make_settings(tmp_path, bootstrap_key=token)


def test_listed_prefixes_reveal_little_and_creation_is_audited(client, keys):
    listed = client.get("/api-keys", headers=keys["manager"]).json()
    assert listed[0]["prefix"] == GIVEN_PREFIX  # the bootstrap key: none of its characters
    assert all(len(k["prefix"]) == 7 for k in listed[1:])
    log = client.get("/audit", params={"limit": 500}, headers=keys["manager"]).json()["items"]
    created = {e["resource"]: e["actor"] for e in log if e["action"] == "create"}
    assert created["api-keys/1"].startswith("system")
    assert {f"api-keys/{k['key_id']}" for k in listed} <= set(created)


def test_cli_key_creation_is_audited(tmp_path):
    home = tmp_path / "home"
    env = os.environ | {"PEERMATCH_HOME": str(home)}
    env.pop("PEERMATCH_DB_URL", None)
    made = subprocess.run(
        [str(PEERMATCH), "api-key", "create", "--name", "ops", "--role", "manager"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    settings = make_settings(home, bootstrap_key=None)
    with TestClient(create_app(settings)) as client:
        log = client.get("/audit", headers={"X-API-Key": token}).json()["items"]
    assert [(e["action"], e["resource"]) for e in log if e["action"] == "create"] == [
        ("create", "api-keys/1")
    ]


def test_failed_attempts_are_limited(tmp_path):
    settings = make_settings(tmp_path / "home", max_failed_auth=5)
    with TestClient(create_app(settings)) as client:
        codes = [
            client.get("/me", headers={"X-API-Key": f"pm_guess-{n:04d}"}).status_code
            for n in range(6)
        ]
        assert codes == [401] * 5 + [429]
        blocked = client.get("/me", headers={"X-API-Key": MANAGER_TOKEN})
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
        assert client.get("/health").status_code == 200  # no key needed: not blocked


def test_the_sqlite_file_is_owner_only(client, settings):
    database = settings.home / "peermatch.db"
    found = [p for p in settings.home.rglob("*.db")] or [database]
    for path in found:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_group_offices_do_not_read_council_requests():
    row = Assignment(
        challenge_id="C1",
        seat_id="member",
        peer_id="P1",
        start_date=date(2027, 5, 3),
        end_date=date(2027, 5, 6),
        reasons="H1:member;H3-H6,H8 clear;S6 requested",
    )
    office = Principal(1, "lab", Role.GROUP_OFFICE, GroupOffice("labour"))
    manager = Principal(2, "m", Role.MANAGER)
    assert "S6" not in assignment_view(office, row).reasons
    assert assignment_view(office, row).reasons == "H1:member;H3-H6,H8 clear"
    assert assignment_view(manager, row).reasons.endswith("S6 requested")
