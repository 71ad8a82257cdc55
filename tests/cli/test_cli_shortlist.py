"""`peermatch shortlist | why | replace` on a tiny folder (own councils, no reference data)."""

from __future__ import annotations

import csv
import json

import pandas as pd
from factories import assign, make_conflict, make_peer, make_peers, make_placement, make_programme
from folder_edits import NO_DATA_DIR
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app
from matcher.io import read_assignments, save_programme
from matcher.io.assignments import assignments_table
from matcher.models import Party, PeerKind
from matcher.validation import validate

runner = CliRunner()


def folder(tmp_path, **kwargs):
    members = [
        make_peer("P1", home_council="U3"),
        make_peer("P2", home_council="L1"),
        make_peer("P3", home_council="C1", party=Party.CON),
        make_peer("P4", home_council="D2", party=Party.LD),
    ]
    officers = make_peers(6, PeerKind.OFFICER, prefix="O")
    prog = make_programme(peers=[*members, *officers, make_peer("N", home_council="U2")], **kwargs)
    return prog, save_programme(prog, tmp_path / "prog")


def run(*args):
    return runner.invoke(
        app, [*map(str, args), "--data-dir", str(NO_DATA_DIR)], env={"COLUMNS": "160"}
    )


def test_shortlist_prints_options_and_writes_tables(tmp_path):
    prog, path = folder(tmp_path)
    out = tmp_path / "out"
    result = run(
        "shortlist", path, "--challenge", "CH1", "-k", "2", "-d", "2", "-m", "2", "--out", out
    )
    assert result.exit_code == 0, result.output
    assert "Option 1" in result.output and "Alternates" in result.output
    rows = list(csv.DictReader((out / "options.csv").open()))
    assert list(rows[0]) == [
        "option",
        "challenge_id",
        "seat_id",
        "peer_id",
        "start_date",
        "end_date",
        "reasons",
        "points",
    ]
    assert {r["option"] for r in rows} == {"1", "2"}
    assert (out / "alternates.csv").exists() and (out / "shortlist.xlsx").exists()
    book = load_workbook(out / "shortlist.xlsx")
    assert book.sheetnames == ["About", "Options", "Alternates"]
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Option 1"].startswith("the best option; expenses £")
    assert "points more than option 1" in about["Option 2"] or "as good as" in about["Option 2"]
    assert "-" not in about["Option 2"].split(";")[0]  # never a negative total
    header = [c.value for c in book["Options"][1]]
    assert {"name", "rules"} <= set(header)
    assert "Option 1: starts" in result.output and "the best option" in result.output
    first = [r for r in rows if r["option"] == "1"]
    pd.DataFrame(first).drop(columns="option").to_csv(tmp_path / "team.csv", index=False)
    assert validate(prog, read_assignments(tmp_path / "team.csv")).ok


def test_shortlist_without_a_team_exits_2_with_the_diagnosis(tmp_path):
    _, path = folder(tmp_path, conflicts=[make_conflict("P1", "U1"), make_conflict("P2", "U1")])
    out = tmp_path / "out"
    result = run("shortlist", path, "--challenge", "CH1", "--out", out)
    assert result.exit_code == 2
    assert "No valid team exists" in result.output and "H5" in result.output
    diagnosis = json.loads((out / "diagnosis.json").read_text())
    assert diagnosis["blocked_seats"] == ["lead_member"]


def test_why_names_the_rule(tmp_path):
    _, path = folder(tmp_path)
    result = run("why", path, "--challenge", "CH1", "--seat", "lead_member", "--peer", "N")
    assert result.exit_code == 0, result.output
    assert "not eligible" in result.output and "H5" in result.output and "borders" in result.output


def test_replace_with_a_plan_file(tmp_path):
    prog, path = folder(tmp_path, placements=[make_placement("P1", "lead_member")])
    plan = [
        assign(prog, p, s)
        for p, s in (
            ("P1", "lead_member"),
            ("P3", "member"),
            ("O2", "lead_officer"),
            ("O3", "officer_finance"),
            ("O4", "officer_scope"),
        )
    ]
    assignments_table(plan).to_csv(tmp_path / "plan.csv", index=False)
    result = run(
        "replace",
        path,
        "--challenge",
        "CH1",
        "--peer",
        "P3",
        "--assignments",
        tmp_path / "plan.csv",
    )
    assert result.exit_code == 0, result.output
    # P4, the only other opposition member, shares D2 with O4: O4 has to move (H8)
    assert "re-shuffle" in result.output and "P4" in result.output
    assert "seats changed by the re-shuffle: member, officer_scope" in result.output


def test_unknown_challenge_exits_1(tmp_path):
    _, path = folder(tmp_path)
    assert run("shortlist", path, "--challenge", "NOPE").exit_code == 1
