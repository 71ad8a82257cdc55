"""People's sign-in in a real browser (issue 14 defect 8): a local account with a
password, single sign-on through a real OpenID Connect provider on loopback (the npm
package oauth2-mock-server, installed once into a cache folder), and a server restart
that keeps the browser signed in (sessions live in the database)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from service_helpers import MANAGER_TOKEN, PEERMATCH, free_port, start_server, stop_server

MOCK_VERSION = "9"
MOCK_DIR = Path(
    os.environ.get("PEERMATCH_OIDC_MOCK_DIR", Path.home() / ".cache" / "peermatch" / "oidc-mock")
)
PASSWORD = "correct horse battery staple"


def _create_user(home: Path, *args: str, password: str | None = None) -> None:
    env = os.environ | {"PEERMATCH_HOME": str(home)}
    env.pop("PEERMATCH_DB_URL", None)
    flags = ["--password-stdin"] if password else ["--no-password"]
    done = subprocess.run(
        [str(PEERMATCH), "user", "create", *args, *flags],
        input=(password or "") + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory):
    """oauth2-mock-server on a free loopback port; its issuer URL."""
    binary = MOCK_DIR / "node_modules" / ".bin" / "oauth2-mock-server"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install the test OpenID Connect provider")
        MOCK_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(MOCK_DIR),
                f"oauth2-mock-server@{MOCK_VERSION}",
                "--no-audit",
                "--no-fund",
                "--silent",
            ],
            check=True,
            timeout=300,
        )
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    process = subprocess.Popen(
        [str(binary), "-a", "127.0.0.1", "-p", str(port)],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1).is_success:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    yield issuer
    stop_server(process)


def test_password_sign_in_survives_a_restart(tmp_path, browser):
    home, port = tmp_path / "home", free_port()
    _create_user(
        home,
        "--username",
        "ann@lga.example",
        "--role",
        "manager",
        "--name",
        "Ann Example",
        password=PASSWORD,
    )
    server = start_server(home, port, tmp_path / "serve.log")
    page = browser.new_context(base_url=f"http://127.0.0.1:{port}").new_page()
    try:
        page.goto("/signin")
        page.get_by_label("Username").fill("ann@lga.example")
        page.get_by_label("Password").fill("wrong password here")
        page.get_by_role("button", name="Sign in", exact=True).click()
        assert "do not match" in page.get_by_role("alert").inner_text()
        page.get_by_label("Username").fill("ann@lga.example")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(lambda url: url.endswith("/year"))
        assert "Ann Example" in page.locator("header").inner_text()
        stop_server(server)
        server = start_server(home, port, tmp_path / "serve2.log")
        page.goto("/year")
        assert page.url.endswith("/year"), page.url  # still signed in after the restart
        assert "Ann Example" in page.locator("header").inner_text()
    finally:
        stop_server(server)


@contextmanager
def _sso_sign_in(browser, home: Path, issuer: str, log: Path):
    """A server using `issuer` for single sign-on; yields (base URL, page) after the
    sign-in link has been followed through the provider."""
    port = free_port()
    server = start_server(
        home, port, log, PEERMATCH_OIDC_ISSUER=issuer, PEERMATCH_OIDC_CLIENT_ID="peermatch-test"
    )
    page = browser.new_context(base_url=f"http://127.0.0.1:{port}").new_page()
    try:
        page.goto("/signin")
        page.get_by_role("link", name="Sign in with your organisation account").click()
        page.wait_for_load_state()
        yield f"http://127.0.0.1:{port}", page
    finally:
        stop_server(server)


def test_single_sign_on_through_a_real_provider(tmp_path, browser, oidc_provider):
    home = tmp_path / "home"
    # oauth2-mock-server signs everyone in as subject "johndoe"
    _create_user(
        home,
        "--username",
        "jd",
        "--role",
        "viewer",
        "--name",
        "John Doe",
        "--sso-subject",
        "johndoe",
    )
    with _sso_sign_in(browser, home, oidc_provider, tmp_path / "serve.log") as (base, page):
        page.wait_for_url(lambda url: url.endswith("/year"), timeout=30_000)
        assert "John Doe" in page.locator("header").inner_text()
        with httpx.Client(base_url=base) as client:
            log = client.get("/audit", headers={"X-API-Key": MANAGER_TOKEN}).json()["items"]
        assert any(e["resource"] == "users/1" for e in log)


def test_single_sign_on_without_an_account_is_refused(tmp_path, browser, oidc_provider):
    with _sso_sign_in(browser, tmp_path / "home", oidc_provider, tmp_path / "s.log") as (_, page):
        assert "no peermatch account" in page.get_by_role("alert").inner_text()
