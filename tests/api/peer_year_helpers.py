"""Helpers for the peer's-year tests: a real SMTP server on loopback (aiosmtpd), the
service clock, and placing a peer through the workflow."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from service_helpers import free_port

from api.deps import get_now

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
"""The service clock's start in these tests (before tiny's first challenge)."""


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(envelope.content, policy=default)
        message["X-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture(name="smtp")
def smtp_fixture() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on loopback for one test (import this fixture by name)."""
    with smtp_server() as server:
        yield server


def set_clock(client, when: datetime) -> None:
    """Move the service clock (every route that reads NowDep)."""
    client.app.dependency_overrides[get_now] = lambda: when


def dispatch(client, headers) -> dict:
    answer = client.post("/outbox/dispatch", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def place(client, headers, programme_id, seat: tuple[str, str], peer_id, *actions, office=None):
    answer = client.post(
        f"/programmes/{programme_id}/placements",
        json={"challenge_id": seat[0], "seat_id": seat[1], "peer_id": peer_id},
        headers=headers["manager"],
    )
    assert answer.status_code == 201, answer.text
    placement_id = answer.json()["placement_id"]
    for action in actions:
        who = headers[office] if action == "approve" else headers["manager"]
        moved = client.post(f"/placements/{placement_id}/{action}", headers=who)
        assert moved.status_code == 200, moved.text
    return placement_id


FRESH_DAY = datetime(2025, 1, 10, 12, tzinfo=UTC)
"""Ada Lovelace (P1) updated her profile on 2024-01-10: still fresh on this day..."""
STALE_DAY = datetime(2025, 1, 11, 12, tzinfo=UTC)
"""...and stale from this one (more than 12 months)."""


def stale_ids(client, headers, programme_id, **params) -> list[str]:
    answer = client.get(
        f"/programmes/{programme_id}/stale-profiles", params=params, headers=headers
    )
    assert answer.status_code == 200, answer.text
    return [s["peer_id"] for s in answer.json()]
