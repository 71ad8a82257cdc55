"""The report's API, the order of violations, and the validator's independence."""

from __future__ import annotations

import subprocess
import sys

from factories import make_peer, make_seat, make_solo, staffed_cpc

from matcher.models import PeerKind
from matcher.scoring import ScoreBreakdown, score_solution
from matcher.validation import ValidationReport, Violation, validate


def broken_case():
    """A non-lead officer in a member lead seat at their own council: H1 x2, H5."""
    peer = make_peer(kind=PeerKind.OFFICER, home_council="U1", lead_peer=False)
    return make_solo(peer, seat=make_seat(lead_required=True))


def test_report_counts_and_summary():
    programme, rows = broken_case()
    report = validate(programme, rows)
    assert not report.ok
    assert report.by_rule() == {"H1": 2, "H5": 1}
    assert report.summary() == "H1:2 H5:1"
    assert [v.detail for v in report.of_rule("H1")] == ["kind", "lead"]
    assert report.of_rule("H5", "own_council")[0].peer_id == "P1"


def test_violations_are_sorted_by_catalogue_order_then_entities():
    programme, rows = broken_case()
    rules = [v.rule for v in validate(programme, rows).violations]
    assert rules == sorted(rules, key=lambda r: (r[0], int(r[1:])))


def test_ok_report_and_its_score_match_score_solution():
    programme, rows = staffed_cpc()
    report = validate(programme, rows)
    assert report.ok and report.summary() == "ok" and report.by_rule() == {}
    assert isinstance(report.score, ScoreBreakdown)
    assert dict(report.score.points) == dict(score_solution(programme, rows).points)


def test_rows_the_validator_cannot_resolve_are_left_out_of_the_score():
    programme, rows = staffed_cpc()
    ghost = rows[0].model_copy(update={"peer_id": "ghost"})
    report = validate(programme, [*rows, ghost])
    assert report.by_rule() == {"H1": 1}
    assert report.score.total == score_solution(programme, rows).total


def test_violation_and_report_are_immutable_values():
    v = Violation("H8", "CH1", "S1", "P1", "H8: ...", "")
    assert v == Violation("H8", "CH1", "S1", "P1", "H8: ...")
    assert hash(v) == hash(Violation("H8", "CH1", "S1", "P1", "H8: ..."))
    assert ValidationReport((), ScoreBreakdown()).ok


def test_validator_never_imports_the_solver_or_ortools():
    code = (
        "import sys, matcher.validation; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('ortools', 'solver')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
