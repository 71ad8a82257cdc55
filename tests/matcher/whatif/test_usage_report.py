"""The usage report: aggregates by group office and characteristic, small counts
suppressed (with secondary suppression), peers unused for 12 months, no per-person
equalities data anywhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from factories import assign, make_challenge, make_peer, make_peers, make_programme, make_seat

from matcher.disclosure import SUPPRESSED
from matcher.models import Gender, Party, PeerKind
from matcher.whatif.usage import suppress, usage_report
from matcher.whatif.usage_files import write_usage


def frame(**columns) -> pd.DataFrame:
    counts = pd.DataFrame(columns)
    return counts.assign(pool_share=0.0, days_share=0.0)


def test_counts_under_five_are_suppressed_with_a_second_cell():
    table = frame(
        value=["a", "b", "c"],
        pool_peers=[20, 3, 9],
        peers_used=[10, 0, 6],
        placements=[12, 0, 8],
        days=[70, 0, 40],
    )
    out = suppress(table)
    assert list(out["pool_peers"]) == [20, SUPPRESSED, SUPPRESSED]  # 3 hidden, so 9 too
    assert out.loc[1, "pool_share"] == SUPPRESSED
    assert list(out["peers_used"]) == [10, 0, 6]  # zero is not disclosive


def test_placements_and_days_of_fewer_than_five_peers_are_suppressed():
    table = frame(
        value=["a", "b", "c"],
        pool_peers=[20, 30, 40],
        peers_used=[10, 2, 12],
        placements=[12, 9, 20],
        days=[70, 60, 80],
    )
    out = suppress(table)
    assert out.loc[1, "placements"] == SUPPRESSED and out.loc[1, "days"] == SUPPRESSED
    assert out.loc[1, "days_share"] == SUPPRESSED
    # the smallest other cell goes too, so b cannot be recovered from the total
    assert out.loc[0, "placements"] == SUPPRESSED and out.loc[0, "days"] == SUPPRESSED
    assert out.loc[2, "placements"] == 20


def usage_programme():
    women = make_peers(6, prefix="W", gender=Gender.FEMALE)
    men = make_peers(6, prefix="M", gender=Gender.MALE, home_offset=1)
    odd = [
        make_peer("X1", gender=Gender.OTHER),
        make_peer("LD1", party=Party.LD),
        make_peer("USED", days_used=3),
        make_peer("OFF", PeerKind.OFFICER),
    ]
    challenges = [make_challenge(f"C{i}") for i in range(6)]
    seats = [make_seat("S1", c.challenge_id) for c in challenges]
    programme = make_programme(peers=women + men + odd, challenges=challenges, seats=seats)
    plan = [assign(programme, f"W{i + 1}", "S1", f"C{i}") for i in range(5)]
    plan.append(assign(programme, "X1", "S1", "C5"))
    return programme, plan


def test_usage_by_characteristic_and_group_office():
    programme, plan = usage_programme()
    report = usage_report(programme, plan)
    gender = report.by_characteristic.set_index(["characteristic", "value"]).loc["gender"]
    assert list(gender["pool_peers"]) == [6, 6, SUPPRESSED, SUPPRESSED]  # "not given": 3
    assert list(gender.index) == ["female", "male", "not given", "other"]
    # one peer of gender "other" was used: hidden, and female's 5 with it (secondary)
    assert list(gender["peers_used"]) == [SUPPRESSED, 0, 0, SUPPRESSED]
    assert list(gender["days"]) == [SUPPRESSED, 0, 0, SUPPRESSED]
    offices = report.by_group_office.set_index("group_office")
    assert offices.loc["labour", "placements"] == 6
    assert offices.loc["liberal_democrat", "pool_peers"] == SUPPRESSED
    assert report.totals == {
        "peers": 16,
        "peers_used": 6,
        "placements": 6,
        "days": 42,
        "unused_12_months": 9,
        "as_of": "2025-03-31",
    }


def test_unused_peers_are_counted_never_named(tmp_path):
    programme, plan = usage_programme()
    report = usage_report(programme, plan, as_of=date(2025, 3, 31))
    assert list(report.unused.columns) == ["group_office", "pool_peers", "unused_peers"]
    unused = report.unused.set_index("group_office")["unused_peers"]
    assert report.totals["unused_12_months"] == 9
    assert all(v == SUPPRESSED or v == 0 or v >= 5 for v in unused)
    files = write_usage(report, tmp_path / "usage", "test plan")
    assert not (tmp_path / "usage" / "unused_peers.csv").exists()
    text = (tmp_path / "usage" / "unused_by_group_office.csv").read_text(encoding="utf-8")
    names = {p.name for p in programme.peers} | {p.peer_id for p in programme.peers}
    assert not [n for n in names if n in text]
    assert "Peer usage report" in files["summary"].read_text(encoding="utf-8")
    from openpyxl import load_workbook

    book = load_workbook(files["workbook"])
    assert book.sheetnames[0] == "About" and "Unused by group office" in book.sheetnames
    if "chart" in files:  # matplotlib installed
        assert files["chart"].stat().st_size > 5_000


def test_report_cli_from_placements(tmp_path):
    pytest.importorskip("typer")
    from typer.testing import CliRunner

    from cli.main import app
    from matcher.io import save_programme
    from matcher.models import Placement, PlacementStatus

    programme, plan = usage_programme()
    placed = replace(
        programme,
        placements=tuple(
            Placement(
                challenge_id=a.challenge_id,
                seat_id=a.seat_id,
                peer_id=a.peer_id,
                status=PlacementStatus.CONFIRMED,
            )
            for a in plan
        ),
    )
    folder = save_programme(placed, tmp_path / "prog")
    result = CliRunner().invoke(app, ["report", str(folder), "--out", str(tmp_path / "u")])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "u" / "usage_by_group_office.csv", dtype=str)
    assert table.set_index("group_office").loc["labour", "placements"] == "6"


def test_report_cli_from_a_stored_run(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cli.main import app
    from matcher.io import save_programme
    from matcher.store import RunKind, RunStatus, Store

    programme, plan = usage_programme()
    folder = save_programme(programme, tmp_path / "prog")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("PEERMATCH_DB_URL", url)
    with Store.open(url) as store:
        run_id = store.create_run(store.save_programme(programme, "usage"), RunKind.BATCH)
        store.set_run_status(run_id, RunStatus.RUNNING)
        store.save_run_result(run_id, plan, [], {"status": "optimal"})
    runner = CliRunner()
    result = runner.invoke(
        app, ["report", str(folder), "--run", run_id, "--out", str(tmp_path / "u")]
    )
    assert result.exit_code == 0, result.output
    assert "6 of 16 peers placed" in " ".join(result.output.split())
    result = runner.invoke(
        app, ["report", str(folder), "--run", "no-such-run", "--out", str(tmp_path / "u2")]
    )
    assert result.exit_code == 2 and "no run no-such-run" in result.output
