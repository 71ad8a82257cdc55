"""One history table (issue 13): a programme reads its own rows (its files') and the
service-wide ones (PUT /history); S8 fresh eyes and S5 across years read both; saving a
programme never copies the service's rows into its own; a service row naming a peer
outside the pool keeps its challenge without the peer; erasure keeps the council's
history without the peer."""

from __future__ import annotations

from datetime import date

from factories import make_peer
from helpers_batch import programme

from matcher.models import ChallengeType, PastPlacement
from matcher.rules.s8_fresh_eyes import repeat_visits
from matcher.store import Store, testing
from matcher.store import programmes as stored_programmes
from matcher.store.tables import HistoryRow

store_url = testing.store_url


def service_row(session, peer_id: str | None, council: str = "U1", **fields) -> None:
    session.add(
        HistoryRow(
            programme_id=None,
            peer_id=peer_id,
            council=council,
            start_date=date(2023, 1, 9),
            challenge_id=fields.get("challenge_id"),
            type=fields.get("type"),
        )
    )


def test_a_programme_reads_its_own_and_the_services_history(store_url):
    own = PastPlacement(peer_id="Y", council="U2", start_date=date(2022, 5, 9))
    prog = programme([make_peer("X", home_council="C1"), make_peer("Y")], history=(own,))
    with Store.open(store_url) as store:
        pid = store.save_programme(prog, "p")
        with store.write() as session:
            service_row(session, "X", challenge_id="OLD1", type="cpc")  # in the pool
            service_row(session, "P9")  # left the pool: the challenge stays, not the peer
        loaded = store.load_programme(pid, prog.councils)
        shared = (
            PastPlacement(
                peer_id="X",
                council="U1",
                start_date=date(2023, 1, 9),
                challenge_id="OLD1",
                type=ChallengeType.CPC,
            ),
            PastPlacement(peer_id=None, council="U1", start_date=date(2023, 1, 9)),
        )
        assert loaded.history == (own, *shared)
        assert repeat_visits(loaded) == {("X", "CH1")}  # S8 reads the service's row
        with store.write() as session:  # saved again: no copy of the service's rows
            stored_programmes.replace_programme(session, pid, loaded)
        with store.read() as session:
            counts = [r.programme_id for r in session.query(HistoryRow).order_by(HistoryRow.id)]
        assert sorted(counts, key=str) == sorted([pid, None, None], key=str)
        assert store.load_programme(pid, prog.councils).history == (own, *shared)


def test_erasure_keeps_the_councils_history_without_the_peer(store_url):
    prog = programme([make_peer("X", home_council="C1")])
    with Store.open(store_url) as store:
        store.save_programme(prog, "p")
        with store.write() as session:
            service_row(session, "X", type="cpc")
        done = store.erase_peer("X", "ERASED-1")
        assert done.counts["history"] == 1
        with store.read() as session:
            [row] = session.query(HistoryRow).all()
        assert (row.peer_id, row.council, row.type) == (None, "U1", "cpc")
