"""S8 fresh eyes, both ways: a peer who served the client council within 3 years costs
its weight (the encoder then prefers a fresh peer, the validator's recount charges it),
an older or elsewhere visit costs nothing, a progress review's continuity is exempt; the
optional `history` table round-trips through the programme folder and the store.
"""

from __future__ import annotations

from datetime import date

import pytest
from factories import START, assign, make_challenge, make_peer, make_placement, make_seat
from helpers_batch import programme, seated, solve_ok

from matcher.io import load_programme, save_programme
from matcher.models import ChallengeType, PastPlacement
from matcher.rules.s8_fresh_eyes import ENTRY, repeat_visits
from matcher.settings import AppSettings
from matcher.store import Store
from matcher.validation import validate

CHEAP, DEAR = "X", "Y"  # homes C1 and D2: 3 points of S3 apart at U1


def with_history(*history: PastPlacement, **kwargs):
    peers = [make_peer(CHEAP, home_council="C1"), make_peer(DEAR, home_council="D2")]
    return programme(peers, history=tuple(history), **kwargs)


def visit(council: str = "U1", day: date = date(2023, 1, 10), **fields) -> PastPlacement:
    return PastPlacement(peer_id=CHEAP, council=council, start_date=day, **fields)


@pytest.mark.rule("S8", "breaks")
def test_a_repeat_visit_costs_its_weight_and_a_fresh_peer_is_preferred():
    prog = with_history(visit())
    assert repeat_visits(prog) == {(CHEAP, "CH1")}
    assert validate(prog, [assign(prog, CHEAP)]).score.points["S8"] == ENTRY.default_weight
    assert seated(solve_ok(prog)) == {"S1": DEAR}


@pytest.mark.rule("S8", "passes")
@pytest.mark.parametrize(
    "past",
    [
        visit(day=date(2021, 6, 2)),  # START minus 3 years is 2021-06-03
        visit(council="U2"),
        visit(day=START),  # not before the challenge
    ],
)
def test_an_old_elsewhere_or_later_visit_costs_nothing(past):
    prog = with_history(past)
    assert repeat_visits(prog) == set()
    assert validate(prog, [assign(prog, CHEAP)]).score.points["S8"] == 0
    assert seated(solve_ok(prog)) == {"S1": CHEAP}


@pytest.mark.rule("S8", "passes")
def test_a_progress_review_keeps_its_original_team():
    """REVIEW follows ORIGINAL: a history placement naming ORIGINAL, or a recorded one on
    it, is continuity (S5), not a repeat visit; on ORIGINAL itself it is one."""
    original = make_challenge("ORIGINAL")
    review = make_challenge(
        "REVIEW",
        type=ChallengeType.PROGRESS_REVIEW,
        follows="ORIGINAL",
        earliest_start=date(2024, 9, 2),
    )
    named = with_history(
        visit(challenge_id="ORIGINAL"),
        challenges=[original, review],
        seats=[make_seat(challenge_id="ORIGINAL"), make_seat(challenge_id="REVIEW")],
    )
    assert repeat_visits(named) == {(CHEAP, "ORIGINAL")}
    placed = with_history(
        visit(),
        challenges=[original, review],
        seats=[make_seat(challenge_id="ORIGINAL"), make_seat(challenge_id="REVIEW")],
        placements=[make_placement(CHEAP, challenge_id="ORIGINAL")],
    )
    assert (CHEAP, "REVIEW") not in repeat_visits(placed)
    assert validate(placed, [assign(placed, CHEAP, challenge_id="REVIEW")]).score.points["S8"] == 0


def test_the_history_table_round_trips(tmp_path):
    prog = with_history(visit(), visit(council="U2", challenge_id="OLD1"))
    folder = save_programme(prog, tmp_path / "folder")
    assert (folder / "history.csv").exists()
    loaded = load_programme(folder, AppSettings().data_dir)
    assert loaded.history == prog.history
    with Store.open(f"sqlite:///{tmp_path / 'store.db'}") as store:
        again = store.load_programme(store.save_programme(loaded, "p"), loaded.councils)
    assert again.history == prog.history


def test_a_history_row_names_a_real_peer_and_council(tmp_path):
    from matcher.io.errors import InvalidInstanceError

    prog = with_history(visit())
    folder = save_programme(prog, tmp_path / "folder")
    (folder / "history.csv").write_text(
        "peer_id,council,start_date,challenge_id\nNOBODY,E99,2023-01-10,\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInstanceError) as info:
        load_programme(folder, AppSettings().data_dir)
    where = {(e.file, e.column) for e in info.value.errors}
    assert where == {("history.csv", "peer_id"), ("history.csv", "council")}
