"""The sample programme generator: reproducible, exact sizes, loadable, and its CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from matcher.councils import CouncilRegistry
from matcher.generate import SIZES, generate_programme, write_programme
from matcher.generate.challenges import type_counts
from matcher.settings import AppSettings

DATA_DIR = AppSettings().data_dir


@pytest.fixture(scope="module")
def councils() -> CouncilRegistry:
    return CouncilRegistry.from_data_dir(DATA_DIR)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(councils, tmp_path):
    for name in ("a", "b"):
        write_programme(generate_programme("S", 7, councils), tmp_path / name)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert {
        "peers.csv",
        "unavailability.csv",
        "conflicts.csv",
        "challenges.csv",
        "seats.csv",
        "settings.csv",
    } <= set(first)
    assert first == second


def test_different_seeds_give_different_files(councils, tmp_path):
    write_programme(generate_programme("S", 1, councils), tmp_path / "a")
    write_programme(generate_programme("S", 2, councils), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    for name in ("peers.csv", "challenges.csv", "unavailability.csv", "conflicts.csv"):
        assert first[name] != second[name], name


@pytest.mark.parametrize("size", sorted(SIZES))
def test_sizes_give_exact_counts(councils, size):
    programme = generate_programme(size, 3, councils)
    n_challenges, n_peers = SIZES[size]
    assert len(programme.challenges) == n_challenges
    assert len(programme.peers) == n_peers
    assert len({p.peer_id for p in programme.peers}) == n_peers
    counted = {t: sum(c.type == t for c in programme.challenges) for t in type_counts(1)}
    assert counted == type_counts(n_challenges)
    assert not programme.placements


def test_size_is_case_insensitive_and_checked(councils):
    assert len(generate_programme("s", 1, councils).peers) == SIZES["S"][1]
    with pytest.raises(ValueError, match="unknown size"):
        generate_programme("XL", 1, councils)


def test_generated_folder_loads_back_equal(councils, tmp_path):
    io = pytest.importorskip("matcher.io")
    if not hasattr(io, "load_programme"):
        pytest.skip("matcher.io.load_programme is not written yet")
    programme = generate_programme("S", 5, councils)
    write_programme(programme, tmp_path / "prog")
    loaded = io.load_programme(tmp_path / "prog", DATA_DIR)
    assert loaded.peers == programme.peers
    assert loaded.challenges == programme.challenges
    assert loaded.seats == programme.seats
    assert loaded.unavailability == programme.unavailability
    assert loaded.conflicts == programme.conflicts
    assert loaded.settings.financial_year_start == programme.settings.financial_year_start


def test_reference_councils_are_not_copied(councils, tmp_path):
    write_programme(generate_programme("S", 1, councils), tmp_path / "prog")
    names = set(_files(tmp_path / "prog"))
    assert not names & {"councils.csv", "council_neighbours.csv"}


def test_settings_name_the_financial_year(councils, tmp_path):
    write_programme(generate_programme("S", 1, councils), tmp_path / "prog")
    header, row = (tmp_path / "prog" / "settings.csv").read_text().splitlines()[:2]
    assert (
        dict(zip(header.split(","), row.split(","), strict=True))["financial_year_start"]
        == "2027-04-01"
    )


def test_cli_writes_the_folder_and_reports_time(tmp_path):
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app,
        ["generate", "--size", "S", "--seed", "4", "--out", str(out), "--data-dir", str(DATA_DIR)],
    )
    assert result.exit_code == 0, result.output
    assert (out / "peers.csv").is_file() and (out / "challenges.csv").is_file()
    assert " s" in result.output and "600 peers" in result.output


def test_cli_writes_one_workbook_with_xlsx(tmp_path):
    out = tmp_path / "book"
    result = CliRunner().invoke(
        app, ["generate", "--size", "s", "--out", str(out), "--xlsx", "--data-dir", str(DATA_DIR)]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["programme.xlsx"]


def test_cli_reports_a_bad_data_dir(tmp_path):
    result = CliRunner().invoke(
        app, ["generate", "--out", str(tmp_path / "x"), "--data-dir", str(tmp_path / "missing")]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()
