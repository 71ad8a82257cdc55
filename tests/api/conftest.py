"""Fixtures for the service tests: an app on a fresh SQLite store, keys for every role,
and two programmes: `tiny` (tests/data, its own councils) and `small` (6 challenges and
600 synthetic peers over the real councils, solved to optimality in about a second)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_helpers import (
    TINY,
    make_keys,
    make_settings,
    sample_programme,
    small_programme,
    upload,
    zip_folder,
)
from tiny_variants import tiny_for_workflow

from api.app import create_app
from api.settings import ServiceSettings


@pytest.fixture(scope="session")
def data_zips(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("zips")
    small = small_programme(base / "small")
    return {
        "tiny": zip_folder(TINY, base / "tiny.zip"),
        "year": zip_folder(tiny_for_workflow(base / "year"), base / "year.zip"),
        "small": zip_folder(small, base / "small.zip"),
        "small_folder": small,
        "S": zip_folder(sample_programme(base / "S"), base / "S.zip"),
    }


@pytest.fixture
def settings(tmp_path) -> ServiceSettings:
    return make_settings(tmp_path / "home")


@pytest.fixture
def client(settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def keys(client) -> dict[str, dict[str, str]]:
    return make_keys(client)


@pytest.fixture
def tiny_id(client, keys, data_zips) -> int:
    return upload(client, data_zips["tiny"], keys["manager"])


@pytest.fixture
def year_id(client, keys, data_zips) -> int:
    """The tiny programme without P1's June holiday, so the peer's-year tests can walk P1
    through the workflow on C1 (every step is checked against the hard rules: H3)."""
    return upload(client, data_zips["year"], keys["manager"])


@pytest.fixture
def small_id(client, keys, data_zips) -> int:
    return upload(client, data_zips["small"], keys["manager"])
