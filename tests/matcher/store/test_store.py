"""Programmes in the store: exact round trips, all-or-nothing saves, cascades, speed.

Every test runs on SQLite and, when PEERMATCH_TEST_POSTGRES_URL is set, on PostgreSQL
(matcher.store.testing); each gets an empty database.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest
from paths import TINY_PROGRAMME
from sqlalchemy import delete, func, select

from matcher.councils import CouncilRegistry, council_from_row
from matcher.models import (
    Challenge,
    Conflict,
    Peer,
    Placement,
    Seat,
    Unavailability,
)
from matcher.programme import Programme
from matcher.settings import AppSettings, ProgrammeSettings
from matcher.store import ProgrammeNotFound, Store, StoreError, testing
from matcher.store import programmes as store_programmes
from matcher.store.tables import Base, PeerRow

store_url = testing.store_url
store = testing.store

PROGRAMME_FIELDS = ("peers", "challenges", "seats", "unavailability", "conflicts", "placements")


def _council(code: str, kind: str, parent: str = "", population: str = "") -> dict[str, str]:
    return {
        "ons_code": code,
        "name": f"Council {code}",
        "type": kind,
        "region": "East Midlands",
        "parent_ons_code": parent,
        "latitude": "52.9",
        "longitude": "-1.1",
        "population": population,
        "political_control": "NOC",
        "largest_party": "Labour",
    }


def tiny_registry() -> CouncilRegistry:
    rows = [
        _council("C1", "county"),
        _council("D1", "district", "C1"),
        _council("U1", "unitary", population="250000"),
    ]
    return CouncilRegistry([council_from_row(r) for r in rows], [("D1", "U1")])


def tiny_programme(councils: CouncilRegistry | None = None) -> Programme:
    """Every entity and every optional field used at least once, defaults elsewhere."""
    member = Peer(
        peer_id="P1",
        name="Ann Able",
        kind="member",
        party="lab",
        home_council="D1",
        tags=frozenset({"leader", "cabinet_finance"}),
        council_types=frozenset({"district"}),
        lead_peer=True,
        trained_on=date(2023, 1, 5),
        conference_on=date(2023, 7, 1),
        serving_until=date(2027, 5, 1),
        profile_updated_on=date(2024, 2, 2),
        gender="female",
        ethnic_minority="prefer_not_to_say",
        disability="no",
        days_used=12,
        cap_days=45,
        training_waived=True,
    )
    officer = Peer(peer_id="P2", name="Bo Bell", kind="officer", home_council="C1")
    third = Peer(
        peer_id="P0", name="Cy Cole", kind="officer", home_council="U1", tags=frozenset({"s151"})
    )
    cpc = Challenge(
        challenge_id="CH2",
        council="U1",
        type="cpc",
        onsite_days=4,
        charged_days=7,
        earliest_start=date(2024, 6, 3),
        latest_start=date(2024, 7, 29),
        leader_party="con",
        min_women=2,
        min_ethnic_minority=1,
        min_disability=1,
        diversity_required=True,
        vetoes=("P2", "P0"),
        requests=("P1",),
    )
    review = Challenge(
        challenge_id="CH1",
        council="D1",
        type="progress_review",
        onsite_days=2,
        charged_days=3,
        earliest_start=date(2025, 1, 6),
        latest_start=date(2025, 1, 6),
        follows="CH2",
    )
    return Programme(
        councils=councils or tiny_registry(),
        peers=(member, officer, third),
        challenges=(cpc, review),
        seats=(
            Seat(
                challenge_id="CH2",
                seat_id="lead",
                kind="member",
                party_rule="leader_party",
                lead_required=True,
                preferred_tags=frozenset({"leader", "cabinet_finance"}),
            ),
            Seat(
                challenge_id="CH2",
                seat_id="money",
                kind="officer",
                required_tags=frozenset({"s151", "transformation"}),
            ),
            Seat(challenge_id="CH2", seat_id="shadow", kind="officer", shadow=True),
        ),
        unavailability=(
            Unavailability(
                peer_id="P1",
                from_date=date(2024, 8, 1),
                to_date=date(2024, 8, 20),
                reason="holiday",
            ),
            Unavailability(peer_id="P1", from_date=date(2024, 5, 1), to_date=date(2024, 5, 2)),
        ),
        conflicts=(
            Conflict(peer_id="P2", ons_code="U1", reason="former_employer", until_year=2021),
            Conflict(peer_id="P1", ons_code="C1", reason="declared"),
        ),
        placements=(
            Placement(challenge_id="CH2", seat_id="lead", peer_id="P1", status="confirmed"),
        ),
        settings=ProgrammeSettings(
            financial_year_start=date(2024, 4, 1),
            officer_cap_days=25,
            neighbour_rule=False,
            weights={"S1": 10, "S2": 300, "S3": 2, "S4": 15, "S5": 0, "S6": 200, "S7": 300},
            allow_partial=False,
            time_limit_s=12.5,
        ),
    )


def assert_same_programme(loaded: Programme, saved: Programme) -> None:
    for field in PROGRAMME_FIELDS:
        assert getattr(loaded, field) == getattr(saved, field), field
    assert loaded.settings == saved.settings


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name != "schema_version"
        }


def test_programme_round_trip_is_exact(store):
    councils = tiny_registry()
    programme = tiny_programme(councils)
    programme_id = store.save_programme(programme, "tiny 2024/25")
    loaded = store.load_programme(programme_id, councils)
    assert_same_programme(loaded, programme)
    assert loaded.councils is councils
    assert [p.peer_id for p in loaded.peers] == ["P1", "P2", "P0"]  # file order, not id order
    assert loaded.challenge_by_id["CH2"].vetoes == ("P2", "P0")
    assert loaded.seats_by_challenge["CH1"] == programme.seats_by_challenge["CH1"]  # template


def test_a_programme_folder_round_trips(store):
    """The store keeps exactly what matcher.io reads from a real programme folder."""
    from matcher.io import load_programme as read_folder

    folder = TINY_PROGRAMME
    programme = read_folder(folder, AppSettings().data_dir)
    loaded = store.load_programme(store.save_programme(programme, "folder"), programme.councils)
    assert_same_programme(loaded, programme)
    assert loaded.all_seats == programme.all_seats


def test_round_trip_of_defaults_and_an_empty_programme(store):
    empty = Programme(councils=tiny_registry(), peers=(), challenges=())
    loaded = store.load_programme(store.save_programme(empty, "empty"), empty.councils)
    assert_same_programme(loaded, empty)


def test_list_programmes_counts_rows(store):
    assert store.list_programmes() == []
    first = store.save_programme(tiny_programme(), "first")
    second = store.save_programme(Programme(tiny_registry(), (), ()), "second")
    listed = store.list_programmes()
    assert [(p.programme_id, p.name) for p in listed] == [(first, "first"), (second, "second")]
    assert (listed[0].peer_count, listed[0].challenge_count) == (3, 2)
    assert listed[0].financial_year == 2024
    assert listed[0].created_at.utcoffset().total_seconds() == 0


def test_load_unknown_programme_says_so(store):
    with pytest.raises(ProgrammeNotFound, match="no programme with id 99"):
        store.load_programme(99, tiny_registry())


def test_a_broken_key_saves_nothing(store):
    programme = tiny_programme()
    orphan = Placement(challenge_id="CH2", seat_id="money", peer_id="NOBODY", status="proposed")
    broken = replace(programme, placements=(*programme.placements, orphan))
    with pytest.raises(StoreError, match="not saved"):
        store.save_programme(broken, "broken")
    assert set(row_counts(store).values()) == {0}


def test_a_failure_mid_transaction_saves_nothing(store, monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    # Fails after the header, peers and challenges rows were inserted.
    monkeypatch.setattr(store_programmes, "challenge_peer_rows", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_programme(tiny_programme(), "doomed")
    assert set(row_counts(store).values()) == {0}
    monkeypatch.undo()
    assert store.save_programme(tiny_programme(), "fine") > 0


def test_a_list_value_holding_the_separator_is_refused(store):
    programme = tiny_programme()
    bad = programme.peers[0].model_copy(update={"tags": frozenset({"a;b"})})
    with pytest.raises(ValueError, match="contains ';'"):
        store.save_programme(replace(programme, peers=(bad,)), "bad")
    assert set(row_counts(store).values()) == {0}


def test_deleting_a_peer_cascades_to_their_rows(store):
    """Groundwork for GDPR erasure: one DELETE removes a person's dependent rows."""
    programme_id = store.save_programme(tiny_programme(), "tiny")
    with store.engine.begin() as connection:
        connection.execute(delete(PeerRow).where(PeerRow.peer_id == "P1"))
    loaded = store.load_programme(programme_id, tiny_registry())
    assert [p.peer_id for p in loaded.peers] == ["P2", "P0"]
    assert loaded.unavailability == () and loaded.placements == ()
    assert [c.peer_id for c in loaded.conflicts] == ["P2"]


def test_delete_programme_removes_everything(store):
    programme_id = store.save_programme(tiny_programme(), "tiny")
    store.create_run(programme_id, "batch", {})
    store.delete_programme(programme_id)
    assert set(row_counts(store).values()) == {0}
    with pytest.raises(ProgrammeNotFound):
        store.delete_programme(programme_id)


def big_programme(peer_count: int) -> Programme:
    homes = ("C1", "D1", "U1")
    peers = tuple(
        Peer(
            peer_id=f"P{i:05d}",
            name=f"Peer {i}",
            kind="member" if i % 3 else "officer",
            party="lab" if i % 3 else None,
            home_council=homes[i % 3],
            tags=frozenset({"leader", "children"}),
            trained_on=date(2023, 1, 1),
            days_used=i % 9,
        )
        for i in range(peer_count)
    )
    unavailable = tuple(
        Unavailability(peer_id=p.peer_id, from_date=date(2024, 8, 1), to_date=date(2024, 8, 9))
        for p in peers[::2]
    )
    return Programme(tiny_registry(), peers, (), unavailability=unavailable)


def test_ten_thousand_peers_save_and_load_quickly(store):
    programme = big_programme(10_000)
    began = time.perf_counter()
    programme_id = store.save_programme(programme, "big")
    saved = time.perf_counter()
    loaded = store.load_programme(programme_id, programme.councils)
    loaded_at = time.perf_counter()
    assert loaded.peers == programme.peers
    assert loaded.unavailability == programme.unavailability
    # Generous bounds that only a per-row round trip regression would break.
    assert saved - began < 5.0, f"save took {saved - began:.2f}s"
    assert loaded_at - saved < 5.0, f"load took {loaded_at - saved:.2f}s"
