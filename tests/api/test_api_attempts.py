"""The failed sign-in limit lives in the store (api.attempts): it survives a restart,
every worker on one database counts the same failures, and failures age out of the
window. On SQLite and PostgreSQL for the limiter itself, through the service for the
restart and the two workers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from service_helpers import MANAGER_TOKEN, make_settings
from sqlalchemy import func, select

from api.app import create_app
from api.attempts import INTERNAL_CLIENT, FailedAttempts, TooManyAttempts
from matcher.store import Store, testing
from matcher.store.service_tables import FailedAttemptRow

store_url = testing.store_url

WRONG = {"X-API-Key": "pm_a-wrong-key-0000"}
RIGHT = {"X-API-Key": MANAGER_TOKEN}


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _rows(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(FailedAttemptRow))


def test_failures_block_the_address_until_they_age_out(store_url):
    clock = Clock()
    with Store.open(store_url) as store:
        limiter = FailedAttempts(store, limit=2, window_s=60, clock=clock)
        limiter.failed("10.0.0.1")
        limiter.check("10.0.0.1")  # one failure: still under the limit
        clock.now += timedelta(seconds=20)
        limiter.failed("10.0.0.1")
        with pytest.raises(TooManyAttempts) as blocked:
            limiter.check("10.0.0.1")
        assert blocked.value.retry_after_s == 40  # until the first failure is 60 s old
        limiter.check("10.0.0.2")  # another address is not blocked
        clock.now += timedelta(seconds=41)
        limiter.check("10.0.0.1")  # the first failure aged out
        limiter.failed("10.0.0.2")  # a new failure clears the aged rows
        assert _rows(store) == 2


def test_the_pages_in_process_calls_and_unknown_addresses_are_not_counted(store_url):
    with Store.open(store_url) as store:
        limiter = FailedAttempts(store, limit=1)
        for address in (INTERNAL_CLIENT, None):
            limiter.failed(address)
            limiter.check(address)
        assert _rows(store) == 0


def test_the_address_is_stored_only_as_a_hash(store_url):
    with Store.open(store_url) as store:
        FailedAttempts(store).failed("192.0.2.77")
        with store.read() as session:
            (row,) = session.scalars(select(FailedAttemptRow)).all()
        assert "192.0.2.77" not in row.address_hash and len(row.address_hash) == 64


def _guess(client: TestClient, times: int) -> list[int]:
    return [client.get("/me", headers=WRONG).status_code for _ in range(times)]


def test_a_restart_keeps_the_count(tmp_path):
    settings = make_settings(tmp_path / "home", max_failed_auth=3)
    with TestClient(create_app(settings)) as client:
        assert _guess(client, 3) == [401, 401, 401]
        assert client.get("/me", headers=RIGHT).status_code == 429
    with TestClient(create_app(settings)) as client:  # a new process on the same store
        answer = client.get("/me", headers=RIGHT)
        assert answer.status_code == 429 and int(answer.headers["Retry-After"]) >= 1


def test_workers_on_one_store_share_the_count(tmp_path):
    settings = make_settings(tmp_path / "home", max_failed_auth=3)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        assert _guess(one, 2) == [401, 401]
        assert _guess(two, 1) == [401]
        assert one.get("/me", headers=RIGHT).status_code == 429
        assert two.get("/me", headers=RIGHT).status_code == 429


def test_under_the_limit_a_right_key_still_answers(tmp_path):
    settings = make_settings(tmp_path / "home", max_failed_auth=3)
    with TestClient(create_app(settings)) as client:
        assert _guess(client, 2) == [401, 401]
        assert client.get("/me", headers=RIGHT).status_code == 200
