"""People's accounts through the API (api.routers.users): a manager creates one, nobody
else may; a person signed in with their own account changes their password, proving the
current one; every change is audited and a wrong current password counts as a failed
sign-in."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from service_helpers import MANAGER_TOKEN, make_settings

from api.accounts import check_password
from api.app import create_app
from api.attempts import INTERNAL_CLIENT
from api.deps import SESSION_HEADER
from api.web.pages_signin import FORM_COOKIE
from api.web.session import COOKIE, signin_token

MANAGER = {"X-API-Key": MANAGER_TOKEN}
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a longer and newer passphrase"


def _create(client: TestClient, headers: dict, **body) -> object:
    body = {"username": "ann@example.org", "role": "manager", "password": PASSWORD} | body
    return client.post("/users", json=body, headers=headers)


def _audit(client: TestClient, action: str) -> list[str]:
    log = client.get("/audit", params={"action": action}, headers=MANAGER).json()["items"]
    return [e["resource"] for e in log]


def _signed_in(client: TestClient, username: str, password: str) -> TestClient:
    """The API as the pages call it for a person signed in with their own account."""
    token = signin_token()
    answer = client.post(
        "/signin",
        data={"csrf_token": token, "username": username, "password": password},
        cookies={FORM_COOKIE: token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    sid = answer.cookies[COOKIE]
    return TestClient(client.app, client=(INTERNAL_CLIENT, 0), headers={SESSION_HEADER: sid})


def test_a_manager_creates_an_account_that_signs_in(client, keys):
    answer = _create(client, MANAGER, role="group_office", group_office="labour")
    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert made["role"] == "group_office" and made["group_office"] == "labour"
    assert "password" not in answer.text
    assert _audit(client, "create").count(f"users/{made['user_id']}") == 1
    store = client.app.state.services.store
    who = check_password(store, "ann@example.org", PASSWORD)
    assert who is not None and who.user_id == made["user_id"]


def _director(client: TestClient) -> dict:
    made = client.post("/api-keys", json={"name": "d", "role": "director"}, headers=MANAGER)
    return {"X-API-Key": made.json()["token"]}


@pytest.mark.parametrize("who", ["labour", "viewer", "director"])
def test_no_one_but_a_manager_creates_accounts(client, keys, who):
    headers = _director(client) if who == "director" else keys[who]
    answer = _create(client, headers, username="x@y.z")
    assert answer.status_code == 403
    store = client.app.state.services.store
    assert check_password(store, "x@y.z", PASSWORD) is None
    assert "users/" not in " ".join(_audit(client, "create"))


def test_bad_accounts_are_refused_with_the_reason(client):
    assert _create(client, MANAGER).status_code == 201
    taken = _create(client, MANAGER, username="ANN@example.org")
    assert taken.status_code == 422 and "taken" in taken.json()["detail"]
    short = _create(client, MANAGER, username="bob", password="short")
    assert short.status_code == 422 and "12 characters" in short.json()["detail"]
    office = _create(client, MANAGER, username="cat", role="group_office")
    assert office.status_code == 422 and "group office" in office.json()["detail"]


def test_a_person_changes_their_password(client):
    user_id = _create(client, MANAGER).json()["user_id"]
    me = _signed_in(client, "ann@example.org", PASSWORD)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert me.post("/users/me/password", json=body).status_code == 204
    store = client.app.state.services.store
    assert check_password(store, "ann@example.org", PASSWORD) is None
    assert check_password(store, "ann@example.org", NEW_PASSWORD) is not None
    assert _audit(client, "change-password") == [f"users/{user_id}"]
    assert NEW_PASSWORD not in client.get("/audit", headers=MANAGER).text


def test_a_changed_password_ends_the_other_sessions_but_not_this_one(client):
    """Someone who knew the old password and signed in elsewhere is signed out by the
    change; the browser the person changed it from stays signed in."""
    _create(client, MANAGER)
    here = _signed_in(client, "ann@example.org", PASSWORD)
    elsewhere = _signed_in(client, "ann@example.org", PASSWORD)
    assert elsewhere.get("/programmes").status_code == 200
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert here.post("/users/me/password", json=body).status_code == 204
    assert elsewhere.get("/programmes").status_code == 401
    assert here.get("/programmes").status_code == 200
    log = client.get("/audit", params={"action": "change-password"}, headers=MANAGER).json()
    assert log["items"][0]["detail"] == {"other_sessions_ended": 1}


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failure(tmp_path):
    settings = make_settings(tmp_path / "home", max_failed_auth=2)
    with TestClient(create_app(settings)) as client:
        user_id = _create(client, MANAGER).json()["user_id"]
        me = _signed_in(client, "ann@example.org", PASSWORD)
        body = {"current_password": "not my password", "new_password": NEW_PASSWORD}
        codes = [me.post("/users/me/password", json=body).status_code for _ in range(3)]
        assert codes == [403, 403, 429]
        store = client.app.state.services.store
        assert check_password(store, "ann@example.org", PASSWORD) is not None
        assert _audit(client, "change-password-refused") == [f"users/{user_id}"] * 2


def test_a_weak_new_password_is_refused(client):
    _create(client, MANAGER)
    me = _signed_in(client, "ann@example.org", PASSWORD)
    body = {"current_password": PASSWORD, "new_password": "short"}
    answer = me.post("/users/me/password", json=body)
    assert answer.status_code == 422 and "12 characters" in answer.json()["detail"]


def test_an_api_key_has_no_password_to_change(client):
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    answer = client.post("/users/me/password", json=body, headers=MANAGER)
    assert answer.status_code == 403 and "own account" in answer.json()["detail"]
