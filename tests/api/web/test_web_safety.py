"""Issue 14 defects 3 and 7 on the pages: internal API paths from validated, encoded ids
(no 500 from `..%2F`), messages never taken from the address, and security headers."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from paths import TINY_PROGRAMME

from api.app import create_app
from api.settings import ServiceSettings
from api.web.client import BadId, api_path

TOKEN = "pm_web-safety-manager"


@pytest.fixture
def client(tmp_path):
    settings = ServiceSettings(home=tmp_path, db_url=None, bootstrap_key=TOKEN)
    with TestClient(
        create_app(settings), base_url="https://testserver", raise_server_exceptions=False
    ) as test_client:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted(TINY_PROGRAMME.iterdir()):
                archive.write(path, path.name)
        stored = test_client.post(
            "/programmes",
            files={"file": ("tiny.zip", buffer.getvalue())},
            headers={"X-API-Key": TOKEN},
        )
        assert stored.status_code == 201
        form = test_client.get("/signin").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        test_client.post("/signin", data={"key": TOKEN, "csrf_token": csrf})
        yield test_client


def test_api_paths_encode_and_refuse_unsafe_ids():
    assert api_path("/programmes/{}/peers/{}", 3, "P-1.a_b") == "/programmes/3/peers/P-1.a_b"
    for bad in ("../../api-keys", "..", "a/b", "a b", "", "x" * 65, "%2e%2e"):
        with pytest.raises(BadId):
            api_path("/runs/{}", bad)


@pytest.mark.parametrize(
    "address",
    [
        "/what-if?run=..%2F..%2Fapi-keys",
        "/what-if?run=../../health",
        "/challenge/1/..%2F..%2F..%2Fhealth",
        "/challenge/1/%2e%2e",
        "/ui/runs/..%2Fx/plan.xlsx",
    ],
)
def test_crafted_ids_in_page_addresses_are_not_found_not_500(client, address):
    answer = client.get(address)
    assert answer.status_code == 404, (address, answer.status_code)


def test_the_address_cannot_put_words_on_a_page(client):
    page = client.get("/year", params={"message": "Your account is locked: call 0800 EVIL"})
    assert page.status_code == 200 and "0800 EVIL" not in page.text


def test_pages_and_answers_carry_security_headers(client):
    for address in ("/year", "/signin", "/health"):
        headers = client.get(address).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"
