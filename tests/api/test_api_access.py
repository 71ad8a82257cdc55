"""Access: keys (hashed, roles, revocation), 401/403 per role, /me, health, rules, audit."""

from __future__ import annotations

from service_helpers import MANAGER_TOKEN
from sqlalchemy import select

from api.keys import token_hash
from matcher.rules import CATALOGUE
from matcher.store.service_tables import ApiKeyRow


def test_health_and_rules_need_no_key(client):
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["database"] == "sqlite"
    rules = client.get("/rules").json()
    assert [r["code"] for r in rules][:2] == ["H1", "H2"] and len(rules) == len(CATALOGUE)


def test_data_needs_a_valid_key(client, keys):
    assert client.get("/programmes").status_code == 401
    assert client.get("/programmes", headers={"X-API-Key": "pm_wrong"}).status_code == 401
    assert client.get("/programmes", headers=keys["viewer"]).status_code == 200


def test_keys_are_stored_hashed_and_shown_once(client, keys):
    db = client.app.state.services.store
    with db.read() as session:
        hashes = set(session.scalars(select(ApiKeyRow.token_hash)))
    assert token_hash(MANAGER_TOKEN) in hashes and MANAGER_TOKEN not in hashes
    listed = client.get("/api-keys", headers=keys["manager"]).json()
    assert {k["role"] for k in listed} == {"manager", "group_office", "viewer"}
    assert all("token" not in k for k in listed)


def test_me_names_role_and_group_office(client, keys):
    me = client.get("/me", headers=keys["labour"]).json()
    assert me["role"] == "group_office" and me["group_office"] == "labour"


def test_only_managers_manage_keys_and_read_the_audit_log(client, keys):
    for role in ("labour", "viewer"):
        assert client.get("/api-keys", headers=keys[role]).status_code == 403
        assert (
            client.post(
                "/api-keys", json={"name": "x", "role": "viewer"}, headers=keys[role]
            ).status_code
            == 403
        )
        assert client.get("/audit", headers=keys[role]).status_code == 403


def test_group_office_keys_must_name_their_group(client, keys):
    bad = client.post(
        "/api-keys", json={"name": "x", "role": "group_office"}, headers=keys["manager"]
    )
    assert bad.status_code == 422
    bad = client.post(
        "/api-keys",
        json={"name": "x", "role": "viewer", "group_office": "labour"},
        headers=keys["manager"],
    )
    assert bad.status_code == 422


def test_revoked_keys_stop_working(client, keys):
    me = client.get("/me", headers=keys["viewer"]).json()
    assert client.delete(f"/api-keys/{me['key_id']}", headers=keys["manager"]).status_code == 204
    assert client.get("/programmes", headers=keys["viewer"]).status_code == 401
    assert client.delete(f"/api-keys/{me['key_id']}", headers=keys["manager"]).status_code == 404


def test_changes_are_audited_with_who(client, keys):
    log = client.get("/audit", headers=keys["manager"], params={"resource": "api-keys"}).json()
    assert log["total"] == 4  # the bootstrap key itself (by the system) and three more
    actors = sorted(e["actor"].split(" (")[0] for e in log["items"] if e["action"] == "create")
    assert actors == ["bootstrap manager"] * 3 + ["system"]


def test_bootstrap_key_does_not_replace_an_existing_manager(client, settings):
    from api.keys import bootstrap_manager

    assert not bootstrap_manager(client.app.state.services.store, "pm_another")
    assert client.get("/me", headers={"X-API-Key": "pm_another"}).status_code == 401
