"""A team's points in words (matcher.shortlist.compare): costs first, bonuses said as
points less, nothing for rules that cost nothing."""

from __future__ import annotations

from matcher.shortlist.compare import option_headlines, points_lines


def test_points_lines_read_as_words_largest_cost_first():
    lines = points_lines({"S1": 40, "S3": 1234, "S7": -300, "S4": 0, "unfilled": 20000})
    assert [line["code"] for line in lines] == ["unfilled", "S3", "S1", "S7"]
    words = {line["code"]: line["words"] for line in lines}
    assert words["S3"] == "S3 cost: 1,234 points (counted per pound of estimated expenses)"
    assert words["S7"] == "S7 stability: 300 points less (a bonus the team earns)"
    assert words["unfilled"] == "seats left empty: 20,000 points"
    assert sum(line["points"] for line in lines) == 40 + 1234 - 300 + 20000


def test_no_points_no_lines():
    assert points_lines({"S1": 0}) == []


def test_headlines_compare_against_the_best_option():
    lines = option_headlines([(1, 500, 900.0), (2, 840, 1020.0)])
    assert lines == {
        1: "the best option; expenses £900",
        2: "340 points more than option 1; expenses £120 more",
    }
