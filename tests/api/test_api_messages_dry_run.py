"""Dry-run mode (the default): messages are recorded in the outbox, none is sent."""

from __future__ import annotations

import pytest
from peer_year_helpers import T0, dispatch, set_clock, smtp_fixture  # noqa: F401 (`smtp`)
from service_helpers import make_settings

from matcher.messages import MailSettings


@pytest.fixture
def settings(tmp_path, smtp):
    mail = MailSettings(port=smtp[0], group_offices={"labour": "lab@example.org"}, interval_s=0)
    assert mail.dry_run  # the default
    return make_settings(tmp_path / "home", mail=mail)


def test_dry_run_records_and_sends_nothing(client, keys, tiny_id, smtp):
    set_clock(client, T0)
    answer = client.post(
        f"/programmes/{tiny_id}/placements",
        json={"challenge_id": "C1", "seat_id": "lead_member", "peer_id": "P1"},
        headers=keys["manager"],
    )
    assert answer.status_code == 201
    assert dispatch(client, keys["manager"]) == {"recorded": 1}
    assert smtp[1].messages == []
    [message] = client.get("/outbox", headers=keys["manager"]).json()["items"]
    assert message["status"] == "recorded" and message["recipient"] == "lab@example.org"
