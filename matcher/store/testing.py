"""Pytest fixtures for code that needs a store, on SQLite and on PostgreSQL.

Import them into a test module (`store_url = testing.store_url`) or list this module in
a conftest's `pytest_plugins`. The PostgreSQL case runs when PEERMATCH_TEST_POSTGRES_URL
is set (`.ci/postgres.sh` prints it) and is skipped otherwise, except under CI=true,
where a missing server fails: CI must never pass by silently skipping it. Each test gets
a fresh SQLite file or a fresh PostgreSQL schema, dropped afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from matcher.store.store import Store

POSTGRES_URL_ENV = "PEERMATCH_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))


def with_search_path(url: str, schema: str) -> str:
    """`url` with libpq's options set so every connection works inside `schema`."""
    parsed = make_url(url)
    options = f"{parsed.query.get('options', '')} -csearch_path={schema}".strip()
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A URL for a new, empty schema in the `base_url` database, dropped on exit."""
    schema = f"peermatch_test_{uuid4().hex[:12]}"
    admin = create_engine(base_url, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield with_search_path(base_url, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def postgres_base_url() -> str:
    """The test server's URL, or skip (fail under CI=true) when none is configured."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(
            f"CI=true but {POSTGRES_URL_ENV} is not set: run .ci/postgres.sh and source "
            "its output before pytest, so the PostgreSQL store tests really run"
        )
    pytest.skip(f"set {POSTGRES_URL_ENV} to run against PostgreSQL (.ci/postgres.sh)")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'peermatch.db'}"
        return
    with postgres_schema(postgres_base_url()) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open Store on an empty database of each backend."""
    with Store.open(store_url) as opened:
        yield opened
