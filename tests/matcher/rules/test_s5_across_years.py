"""S5 continuity across years (issue 13): a progress review may follow a challenge of an
earlier year that only the `history` table names; its original team is then the
history's placements on it. Both ways: the review prefers those peers in the batch and
the shortlist, with the validator's recount agreeing on the points; a `follows` that
neither the upload nor the history holds is a load error naming file, row, field, rule.
"""

from __future__ import annotations

import pytest
from factories import assign
from helpers_batch import seated, solve_ok
from past_years import CHEAP, DEAR, LAST_YEAR, review_of_last_year, served

from matcher.io import load_programme, save_programme
from matcher.io.errors import InvalidInstanceError
from matcher.rules.s5_continuity import ENTRY, past_team
from matcher.rules.s8_fresh_eyes import repeat_visits
from matcher.settings import AppSettings
from matcher.validation import validate


@pytest.mark.rule("S5", "passes")
def test_a_review_of_last_years_challenge_prefers_its_original_peer():
    prog = review_of_last_year(served(DEAR))
    assert past_team(prog, LAST_YEAR) == {DEAR}
    assert repeat_visits(prog) == set()  # continuity, not a repeat visit (S8)
    assert seated(solve_ok(prog)) == {"S1": DEAR}
    assert validate_points(prog, DEAR) == 0


@pytest.mark.rule("S5", "breaks")
def test_a_review_without_its_original_peer_costs_the_s5_weight():
    prog = review_of_last_year(served(DEAR))
    assert validate_points(prog, CHEAP, "S5") == ENTRY.default_weight
    # Without the history's team, the cheaper peer wins: the history is what decides.
    elsewhere = review_of_last_year(served(DEAR, challenge_id="SOMETHING-ELSE"), served(CHEAP))
    assert seated(solve_ok(elsewhere)) == {"S1": CHEAP}


def validate_points(prog, peer_id: str, rule: str = "S5") -> int:
    """The validator's recount of `rule` for `peer_id` alone in CH1's seat."""
    report = validate(prog, [assign(prog, peer_id)])
    assert report.ok, report.summary()
    return report.score.points[rule]


def test_a_folder_whose_review_follows_a_history_challenge_loads(tmp_path):
    prog = review_of_last_year(served(DEAR))
    loaded = load_programme(save_programme(prog, tmp_path / "f"), AppSettings().data_dir)
    assert loaded.challenges[0].follows == LAST_YEAR
    assert past_team(loaded, LAST_YEAR) == {DEAR}


def test_an_unknown_original_is_a_clear_load_error(tmp_path):
    prog = review_of_last_year(served(DEAR, challenge_id="CPC2022-U9"))
    folder = save_programme(prog, tmp_path / "f")
    with pytest.raises(InvalidInstanceError) as info:
        load_programme(folder, AppSettings().data_dir)
    [error] = info.value.errors
    assert (error.file, error.row, error.column, error.value) == (
        "challenges.csv",
        2,
        "follows",
        LAST_YEAR,
    )
    assert "S5" in error.message and "history" in error.message
