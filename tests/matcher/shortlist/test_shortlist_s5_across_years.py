"""S5 across years in the shortlist: a progress review following an earlier year's
challenge (named only in the history) ranks that challenge's history team first, and every
option's points are exactly what the validator's recount adds (check_result)."""

from __future__ import annotations

from past_years import DEAR, review_of_last_year, served
from shortlist_support import check_result

from matcher.rules.s5_continuity import ENTRY
from matcher.shortlist import ShortlistIndex, shortlist


def test_the_shortlist_prefers_the_original_peer_and_agrees_with_the_validator():
    prog = review_of_last_year(served(DEAR))
    index = ShortlistIndex(prog)
    result = shortlist(index, "CH1", k=2, d=1)
    assert [a.peer_id for a in result.options[0].assignments] == [DEAR]
    # Points are against the plan without this challenge, whose empty seat counts as
    # unmet (S5): the original peer earns the weight back, the other peer does not.
    assert result.options[0].points["S5"] == -ENTRY.default_weight
    assert result.options[1].points.get("S5", 0) == 0
    check_result(index, result, d=1)
