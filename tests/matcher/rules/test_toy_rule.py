"""Adding a hard rule is one rule module: a toy rule registered here is honoured by the
batch, the shortlist, the what-if, the validator and the unfilled explanations.

The toy rule H9 "no Z" keeps out every peer whose name starts with Z. It is the whole of
a rule module: its catalogue entry, its vectorised exclusion (read by the encoder through
matcher.rules.register) and its independent validator check (matcher.validation's
register_check). The fixture unregisters both, so test order never matters.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from factories import START, assign, make_peer
from helpers_batch import PARAMS, programme, seated, solve_ok

from matcher.batch.job import run_batch
from matcher.rules import RULES, HardRule, hard_rules, register, unregister
from matcher.rules.base import hard
from matcher.shortlist import ShortlistIndex, shortlist, why_not
from matcher.validation import register_check, unregister_check, validate
from matcher.validation.context import flag, peer_label, where
from matcher.whatif.gap_inputs import existing_candidates, gap_seats

CODE = "H9"
ENTRY = hard(CODE, "no Z", "No peer whose name starts with Z.")


def excluded(ctx, challenge, start) -> np.ndarray:
    """H9: peers whose name starts with Z (the same at every start)."""
    return ctx.memo(CODE, lambda: np.array([p.name.startswith("Z") for p in ctx.programme.peers]))


def check(ctx) -> Iterator:
    """The validator's own H9 check, from the solution rows alone."""
    for placed in ctx.placed:
        if placed.peer.name.startswith("Z"):
            message = f"H9: {peer_label(placed.peer)}'s name starts with Z ({where(placed)})."
            yield flag(CODE, placed, "name", message)


RULE = HardRule(ENTRY, per_start=excluded)


@contextmanager
def toy_rule():
    register(RULE)
    register_check(CODE, check)
    try:
        yield
    finally:
        unregister(CODE)
        unregister_check(CODE)


@pytest.fixture
def toy():
    with toy_rule():
        yield


def zed_and_yan():
    """Zed (C1, the cheapest home for U1) and Yan (U3, the dearest) for one member seat."""
    return programme(
        [make_peer("Z1", name="Zed Zulu", home_council="C1"), make_peer("Y1", name="Yan Ypsilon")],
        settings={"allow_partial": True},
    )


def only_zed():
    return programme(
        [make_peer("Z1", name="Zed Zulu", home_council="C1")], settings={"allow_partial": True}
    )


def test_without_the_toy_rule_zed_is_the_best_choice():
    assert CODE not in RULES and all(r.code != CODE for r in hard_rules())
    assert seated(solve_ok(zed_and_yan())) == {"S1": "Z1"}


def test_the_batch_honours_it(toy):
    assert seated(solve_ok(zed_and_yan())) == {"S1": "Y1"}


def test_the_unfilled_explanation_names_it(toy):
    [row] = solve_ok(only_zed()).unfilled
    assert row.blocking == "H9:1"
    assert "1 no Z (H9)" in row.message


def test_the_validator_checks_it_independently(toy):
    prog = zed_and_yan()
    assert validate(prog, [assign(prog, "Y1")]).ok
    report = validate(prog, [assign(prog, "Z1")])
    assert [(v.rule, v.detail, v.peer_id) for v in report.violations] == [(CODE, "name", "Z1")]
    assert report.violations[0].message.startswith("H9: Zed Zulu")


def test_the_shortlist_honours_it(toy):
    index = ShortlistIndex(zed_and_yan())
    result = shortlist(index, "CH1", k=3, d=1)
    assert result.ok
    assert {a.peer_id for o in result.options for a in o.assignments} == {"Y1"}
    answer = why_not(index, "CH1", "S1", "Z1")
    assert not answer.eligible
    assert {(c.code, c.detail) for v in answer.excluded.values() for c in v} == {(CODE, "name")}


def test_the_shortlist_diagnosis_names_it(toy):
    result = shortlist(ShortlistIndex(only_zed()), "CH1")
    assert not result.ok
    supply = result.infeasibility.supply[0]
    assert supply.remaining[-1] == (CODE, 0)
    assert "1 excluded by H9" in supply.message


def test_the_what_if_honours_it(toy):
    prog = only_zed()
    result = run_batch(prog, PARAMS)
    gaps = gap_seats(prog, result)
    assert [g.key for g in gaps] == [("CH1", "S1")] and gaps[0].start == START
    assert existing_candidates(prog, result, gaps)[0] == []
    with _without_toy():
        assert [c.peer_index for c in existing_candidates(prog, result, gaps)[0]] == [0]


@contextmanager
def _without_toy():
    """Inside the toy fixture: the same question with the rule taken away for a moment."""
    unregister(CODE)
    try:
        yield
    finally:
        register(RULE)


def test_seated_peers_are_said_to_clear_it(toy):
    result = solve_ok(zed_and_yan())
    [row] = result.assignments
    assert "H3-H6,H8-H9 clear" in row.reasons
