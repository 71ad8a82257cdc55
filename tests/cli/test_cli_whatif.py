"""Running scenarios: local process pool, serial, Dask local mode; report files and charts.

The programme is the planted shortage of test_whatif_recruitment (five lead member seats
no peer can take), so every report section has something in it.
"""

from __future__ import annotations

import pandas as pd
import pytest
from planted_shortage import planted
from typer.testing import CliRunner

from cli.main import app
from matcher.io import save_programme
from matcher.whatif import parse_scenarios, run_whatif
from matcher.whatif.distributed import dask_available

pytest.importorskip("matplotlib", reason="the report's charts need matplotlib")

SCENARIOS = [
    {"name": "cap-14", "change": [{"type": "day_cap", "kind": "member", "days": 14}]},
    {
        "name": "recruited",
        "description": "two LD lead members added",
        "change": [
            {
                "type": "add_peers",
                "kind": "member",
                "party": "ld",
                "lead": True,
                "region": "East Midlands",
                "councils": ["U2", "C1"],
                "count": 2,
            }
        ],
    },
]
RUN = {"time_limit_s": 5, "seed": 0, "processes": 2, "analysis_time_limit_s": 5}


def spec(**run):
    return parse_scenarios(
        {
            "title": "test plan",
            "base": {"generate": {"size": "S"}},
            "run": {**RUN, **run},
            "scenario": SCENARIOS,
        }
    )


def check_report(report, out):
    comparison = report.tables["comparison"]
    assert list(comparison["scenario"]) == ["base", "cap-14", "recruited"]
    assert list(comparison["unfilled"]) == [5, 5, 0]
    assert list(comparison["recruits_needed"]) == [2, 3, 0]
    assert list(comparison["filled_pct_vs_base"]) == [0.0, 0.0, 100.0]
    for name in (
        "comparison",
        "unfilled_by",
        "utilisation",
        "group_offices",
        "bottlenecks",
        "recruitment",
        "cap_exceptions",
        "changes",
        "gap_models",
    ):
        assert (out / f"{name}.csv").exists(), name
    assert (out / "whatif.xlsx").stat().st_size > 0
    for chart in (
        "utilisation_histogram",
        "unfilled_by_month",
        "unfilled_by_seat_type",
        "coverage",
    ):
        png = out / "charts" / f"{chart}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "Recruit 2 Liberal Democrat lead member peers in East Midlands" in summary
    assert (out / "scenarios" / "recruited" / "assignments.csv").exists()
    recruitment = pd.read_csv(out / "recruitment.csv")
    assert set(recruitment["scenario"]) == {"base", "cap-14"}
    by = pd.read_csv(out / "unfilled_by.csv")
    row = by[(by["scenario"] == "base") & (by["dimension"] == "party") & (by["value"] == "ld")]
    assert int(row["unfilled"].iloc[0]) == 5


def test_process_pool_runs_every_scenario(tmp_path):
    events = []
    report = run_whatif(spec(), planted(), tmp_path / "out", engine="pool", listener=events.append)
    assert report.engine == "pool"
    assert {e[1] for e in events if e[0] == "start"} == {"base", "cap-14", "recruited"}
    assert [e[1] for e in events if e[0] == "done"].__len__() == 3
    check_report(report, tmp_path / "out")


@pytest.mark.skipif(not dask_available(), reason="dask[distributed] is not installed")
def test_dask_local_cluster_gives_the_same_answer(tmp_path):
    report = run_whatif(spec(cluster="local"), planted(), tmp_path / "out")
    assert report.engine == "dask"
    check_report(report, tmp_path / "out")


def test_cli_whatif_and_report(tmp_path):
    folder = save_programme(planted(), tmp_path / "programme")
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'title = "cli"\n[base]\nprogramme = "programme"\n'
        "[run]\ntime_limit_s = 5\nanalysis_time_limit_s = 5\n"
        '[[scenario]]\nname = "cap-14"\n  [[scenario.change]]\n'
        '  type = "day_cap"\n  kind = "member"\n  days = 14\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(
        app, ["whatif", str(plan), "--out", str(tmp_path / "out"), "--engine", "serial"]
    )
    assert result.exit_code == 0, result.output
    assert "cap-14: Recruit 3 Liberal Democrat lead member peers" in " ".join(result.output.split())
    result = runner.invoke(
        app,
        [
            "report",
            str(folder),
            "--out",
            str(tmp_path / "usage"),
            "--assignments",
            str(tmp_path / "out/scenarios/base/assignments.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "usage" / "usage_by_characteristic.csv").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text('[base]\ngenerate = {size = "XL"}\n[[scenario]]\nname = "a"\n')
    result = runner.invoke(app, ["whatif", str(bad), "--out", str(tmp_path / "o2")])
    assert result.exit_code == 1
    assert "field 'generate.size'" in result.output


def test_cli_messages_never_wrap_at_the_terminal_width(tmp_path, monkeypatch):
    """A narrow terminal must not break a message (or a path in it) over lines."""
    from cli.common import err_console

    monkeypatch.setattr(err_console, "width", 20)
    bad = tmp_path / "a-rather-long-folder-name-for-this-test" / "bad.toml"
    bad.parent.mkdir()
    bad.write_text('[base]\ngenerate = {size = "XL"}\n[[scenario]]\nname = "a"\n')
    result = CliRunner().invoke(app, ["whatif", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "bad.toml" in line)
    assert str(bad) in line and "field 'generate.size'" in line
