"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, a live
`peermatch serve` on a free loopback port with a temporary SQLite store, a sample S
workbook, and axe-core (fetched from the npm registry once into a cache folder).

Nothing here is imported by other test folders (no shared module names): helpers are
fixtures. Screenshots go to tests/api/web/artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from service_helpers import free_port, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MANAGER_TOKEN = "pm_web-test-manager-token"
PEERMATCH = Path(sys.executable).with_name("peermatch")
ARTIFACTS = Path(__file__).parent / "artifacts"
AXE_VERSION = "4"
AXE_CACHE = Path(
    os.environ.get("PEERMATCH_AXE_DIR", Path.home() / ".cache" / "peermatch" / "axe-core")
)


def _unavailable(reason: str) -> None:
    """Skip when the browser stack is missing on a developer machine; fail in CI."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable("no /usr/bin/chromium (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe.min.js from the axe-core npm package (npm pack; never committed)."""
    target = AXE_CACHE / "axe.min.js"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm is needed to fetch axe-core")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        packed = subprocess.run(
            [
                npm,
                "pack",
                f"axe-core@{AXE_VERSION}",
                "--silent",
                "--pack-destination",
                str(AXE_CACHE),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if packed.returncode != 0:
            _unavailable(f"npm pack axe-core failed: {packed.stderr[-500:]}")
        tarball = AXE_CACHE / packed.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/axe.min.js")
            target.write_bytes(member.read())
    return target.read_text()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """`peermatch serve` on loopback (temp store, bootstrap manager key); its base URL."""
    home = tmp_path_factory.mktemp("web-home")
    port = free_port()
    process = start_server(
        home,
        port,
        home / "serve.log",
        PEERMATCH_BOOTSTRAP_KEY=MANAGER_TOKEN,
        PEERMATCH_PROGRESS_INTERVAL_S="0.2",
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def workbook(tmp_path_factory) -> Path:
    """The sample programme (size S, seed 1) as one workbook."""
    folder = tmp_path_factory.mktemp("sample")
    subprocess.run(
        [
            str(PEERMATCH),
            "generate",
            "--size",
            "S",
            "--seed",
            "1",
            "--xlsx",
            "--out",
            str(folder / "S"),
        ],
        check=True,
        capture_output=True,
    )
    return next((folder / "S").glob("*.xlsx"))


@pytest.fixture(scope="session")
def api_key(server):
    """Create a key through the API with the manager token; returns its token."""

    def create(name: str, role: str, group_office: str | None = None) -> str:
        body = {"name": name, "role": role} | (
            {"group_office": group_office} if group_office else {}
        )
        answer = httpx.post(
            server + "/api-keys", json=body, headers={"X-API-Key": MANAGER_TOKEN}, timeout=10
        )
        assert answer.status_code == 201, answer.text
        return answer.json()["token"]

    return create


@pytest.fixture
def page(browser, server):
    # bypass_csp only so the test can inject axe-core inline (the pages' CSP forbids
    # inline scripts); test_csp_keeps_the_pages_working runs without it.
    context = browser.new_context(base_url=server, bypass_csp=True)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def check_page(axe_source):
    """Screenshot the page and run axe-core on it: no serious or critical violations."""
    ARTIFACTS.mkdir(exist_ok=True)
    results: dict[str, list] = {}

    def check(page, name: str) -> list[dict]:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_source)
        found = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
            " help: v.help, nodes: v.nodes.length,"
            " targets: v.nodes.slice(0, 3).map(n => n.target)})))"
        )
        results[name] = found
        bad = [v for v in found if v["impact"] in ("serious", "critical")]
        assert not bad, f"axe on {name}: {bad}"
        return found

    yield check
    lines = [
        f"{name}: {len(found)} violations ("
        + ", ".join(f"{v['id']} ({v['impact']})" for v in found)
        + ")"
        for name, found in results.items()
    ]
    (ARTIFACTS / "axe.txt").write_text("\n".join(lines) + "\n")


def sign_in(page, token: str) -> None:
    page.goto("/signin")
    page.get_by_label("API key").fill(token)
    page.get_by_role("button", name="Sign in with the key").click()
    page.wait_for_url(lambda url: "/signin" not in url)


@pytest.fixture(scope="session")
def signin():
    return sign_in
