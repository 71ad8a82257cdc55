"""The page where a person signed in with their own account changes their password
(api.web.pages_signin): it goes through the API's own call, shows a refusal in words,
and is not offered to a browser signed in with an API key."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from service_helpers import MANAGER_TOKEN

from api.accounts import check_password
from api.web.pages_signin import FORM_COOKIE
from api.web.session import COOKIE, signin_token

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a longer and newer passphrase"


def _browser(client: TestClient, **form: str) -> TestClient:
    """A browser signed in through the sign-in form (https, so the session cookie goes)."""
    token = signin_token()
    answer = client.post(
        "/signin",
        data={"csrf_token": token, **form},
        cookies={FORM_COOKIE: token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    browser = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    browser.cookies.set(COOKIE, answer.cookies[COOKIE])
    return browser


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _account(client: TestClient) -> None:
    body = {"username": "ann", "role": "viewer", "password": PASSWORD}
    made = client.post("/users", json=body, headers={"X-API-Key": MANAGER_TOKEN})
    assert made.status_code == 201, made.text


def test_a_person_changes_their_password_on_the_page(client):
    _account(client)
    browser = _browser(client, username="ann", password=PASSWORD)
    form = browser.get("/password")
    assert form.status_code == 200 and 'autocomplete="new-password"' in form.text
    body = {"csrf_token": _csrf(form.text), "current_password": PASSWORD}
    done = browser.post("/password", data=body | {"new_password": NEW_PASSWORD})
    assert done.status_code == 303
    assert "Your password has been changed" in browser.get("/password").text
    store = client.app.state.services.store
    assert check_password(store, "ann", NEW_PASSWORD) is not None


def test_a_refusal_is_shown_in_words_and_changes_nothing(client):
    _account(client)
    browser = _browser(client, username="ann", password=PASSWORD)
    form = browser.get("/password")
    body = {"csrf_token": _csrf(form.text), "current_password": "not it"}
    wrong = browser.post("/password", data=body | {"new_password": NEW_PASSWORD})
    assert wrong.status_code == 403
    assert "the current password is not right" in wrong.text
    store = client.app.state.services.store
    assert check_password(store, "ann", PASSWORD) is not None


def test_a_browser_signed_in_with_a_key_has_no_password_page(client):
    browser = _browser(client, key=MANAGER_TOKEN)
    assert browser.get("/password").status_code == 403
    assert "Change your password" not in browser.get("/year").text
