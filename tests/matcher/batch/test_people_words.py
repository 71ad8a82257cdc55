"""The summary and the reasons in words: what a manager reads instead of internal keys."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from matcher.batch.reason_words import reason_sentence
from matcher.batch.summary_words import quality_sentence, summary_sentences
from matcher.batch.workbook import write_people_workbook

SUMMARY = {
    "status": "feasible",
    "gap": 0.0081,
    "objective": 209225,
    "best_bound": 207530.4,
    "cost_estimate_gbp": 199810.4,
    "counts": {
        "challenges": 120,
        "seats": 436,
        "filled": 436,
        "unfilled": 0,
        "peers": 600,
        "peers_used": 240,
        "model_items": 24243,
    },
    "utilisation_by_peer": {"member": {"peers_used": 76}, "officer": {"peers_used": 164}},
    "paid_basis_challenges": ["C0007", "C0042"],
}


def test_the_summary_speaks_in_words() -> None:
    text = " ".join(summary_sentences(SUMMARY))
    assert "All 436 seats filled across 120 challenges." in text
    assert "within 0.8% of the best possible plan" in text
    assert "Estimated expenses £199,810" in text
    assert "240 of 600 peers take part: 76 member peers and 164 officer peers." in text
    assert "2 challenges are at Welsh councils, served on a paid-for basis" in text
    for internal in ("objective", "bound", "model_items", "gap", "209,225", "feasible"):
        assert internal not in text


def test_quality_in_words() -> None:
    assert quality_sentence("optimal", 0.0) == (
        "This is the best possible plan for these rules and weights."
    )
    assert "not known yet" in quality_sentence("feasible", 1000.0)
    assert "No plan meets every hard rule" in quality_sentence("infeasible", None)


def test_reasons_become_a_sentence_with_the_codes_apart() -> None:
    sentence, codes = reason_sentence(
        "H1:member;tags leader;lead peer;H7:lab (leader_party; leader lab);"
        "H3-H6,H8 clear;S1 preferred finance;S6 requested"
    )
    assert sentence.startswith("A member peer; holds the required role tag leader;")
    assert "Labour (the leader's party; the leader is Labour)" in sentence
    assert "asked for by the council." in sentence and "H7:" not in sentence
    assert codes == "H1; H7; H3; H4; H5; H6; H8; S1; S6"


def test_people_workbook_cells(tmp_path) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"start": [date(2024, 6, 10)], "shadow": [True], "note": ["=1+1"], "n": [3]}, dtype=object
    )
    path = write_people_workbook(tmp_path / "b.xlsx", [("What this is", "a test")], {"T": frame})
    book = load_workbook(path)
    assert book.sheetnames == ["About", "T"]
    sheet = book["T"]
    start, shadow, note, n = (c.value for c in sheet[2])
    assert start.date() == date(2024, 6, 10) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert (shadow, note, n) == ("Yes", "=1+1", 3) and sheet["C2"].data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D2"


def test_quality_names_the_gap_on_the_part_a_plan_can_change():
    """Issue 15: the plain gap flatters (most points are expenses every plan pays), so the
    sentence gives the controllable gap beside it, and leaves it out while it means nothing."""
    sentence = quality_sentence("feasible", 0.008, 0.05)
    assert sentence == (
        "This plan is within 0.8% of the best possible plan (5.0% on the part a plan can change)."
    )
    assert quality_sentence("feasible", 0.008, None).endswith("best possible plan.")
    assert quality_sentence("feasible", 0.008, 50.0).endswith("best possible plan.")
