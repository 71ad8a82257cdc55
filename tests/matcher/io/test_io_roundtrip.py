"""Round trips (load(save(load(x))) == load(x)) through CSV folders and .xlsx workbooks, the
FORMAT.md cell variants a CRM export may use, and one load against the real council data."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from folder_edits import (
    NO_DATA_DIR,
    assert_same_programme,
    load,
    load_errors,
    read_rows,
    set_cell,
    tiny_copy,
    write_rows,
)

from matcher.io import load_programme, save_programme
from matcher.models import CouncilType, Gender, Party, PeerKind, PlacementStatus
from matcher.settings import AppSettings


@pytest.mark.parametrize("target", ["saved", "saved.xlsx"])
def test_round_trip_is_field_for_field_equal(tmp_path: Path, target: str) -> None:
    original = load(tiny_copy(tmp_path))
    saved = save_programme(original, tmp_path / target)
    again = load(saved)
    assert_same_programme(original, again)
    assert_same_programme(again, load(save_programme(again, tmp_path / f"twice-{target}")))


def test_the_tiny_programme_loads_with_its_values(tmp_path: Path) -> None:
    programme = load(tiny_copy(tmp_path))
    p2 = programme.peer_by_id["P2"]
    assert p2.kind is PeerKind.MEMBER and p2.party is Party.CON
    assert p2.tags == frozenset({"leader", "cabinet_finance"})
    assert p2.lead_peer is True and p2.cap_days == 45 and p2.serving_until == date(2027, 5, 1)
    assert p2.gender is Gender.MALE and p2.ethnic_minority.value == "no"
    assert programme.peer_by_id["P3"].training_waived is True  # written as 1
    assert programme.peer_by_id["P1"].council_types == {
        CouncilType.METROPOLITAN,
        CouncilType.UNITARY,
    }
    c2 = programme.challenge_by_id["C2"]
    assert c2.requests == ("P2", "P3") and c2.leader_party is Party.LAB
    assert c2.diversity_required and c2.min_ethnic_minority == 1
    assert programme.placements[0].status is PlacementStatus.CONFIRMED
    assert programme.settings.officer_cap_days == 25
    assert programme.settings.weights["S3"] == 2 and programme.settings.weights["S1"] == 40
    assert programme.councils.are_neighbours("E06000001", "E06000002")
    assert programme.councils["E07000002"].leader_party is Party.LD  # NOC -> largest party


def test_only_explicit_seats_are_written(tmp_path: Path) -> None:
    programme = load(tiny_copy(tmp_path))
    out = save_programme(programme, tmp_path / "out")
    seat_rows = read_rows(out, "seats.csv")[1:]
    assert [(r[0], r[1]) for r in seat_rows] == [
        ("C2", "lead_officer"),
        ("C2", "member_finance"),
        ("C2", "shadow_member"),
    ]
    assert len(load(out).seats_by_challenge["C1"]) == 5  # C1's template, still implied


def test_cell_variants_a_crm_export_may_use(tmp_path: Path) -> None:
    """Booleans yes/no/1/0 in any case, a BOM, blank lines, stray spaces, extra columns,
    'YYYY-MM-DD 00:00:00' dates, '5.0' for 5 and ' ; '-padded lists all read the same."""
    folder = tiny_copy(tmp_path)
    plain = load(folder)
    set_cell(folder, "peers.csv", 2, "lead_peer", "YES")
    set_cell(folder, "peers.csv", 2, "trained_on", "2023-02-01 00:00:00")
    set_cell(folder, "peers.csv", 2, "days_used", "4.0")
    set_cell(folder, "peers.csv", 2, "council_types", " unitary ; metropolitan ;")
    set_cell(folder, "peers.csv", 2, "name", "  Ada Lovelace ")
    set_cell(folder, "challenges.csv", 3, "requests", "P2;;P3;P2")
    rows = read_rows(folder, "unavailability.csv")
    write_rows(folder, "unavailability.csv", [rows[0], rows[1], [], rows[2]])
    data = (folder / "conflicts.csv").read_bytes()
    (folder / "conflicts.csv").write_bytes(b"\xef\xbb\xbf" + data)
    variant = load(folder)
    assert_same_programme(plain, variant)


def test_settings_toml_reads_like_settings_csv(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    (folder / "settings.csv").unlink()
    (folder / "settings.toml").write_text(
        "financial_year_start = 2024-04-01\nofficer_cap_days = 25\nneighbour_rule = false\n"
        "[weights]\nS3 = 2\n",
        encoding="utf-8",
    )
    settings = load(folder).settings
    assert settings.financial_year_start == date(2024, 4, 1)
    assert settings.officer_cap_days == 25 and settings.neighbour_rule is False
    assert settings.weights["S3"] == 2 and settings.weights["S7"] == 300


def test_no_settings_file_means_default_settings(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    (folder / "settings.csv").unlink()
    assert load(folder).settings.officer_cap_days == 30


def test_saving_over_a_folder_removes_a_stale_settings_toml(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    programme = load(folder)
    (folder / "settings.toml").write_text("officer_cap_days = 1\n", encoding="utf-8")
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    save_programme(programme, folder)
    assert not (folder / "settings.toml").exists()
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert_same_programme(programme, load(folder))


def test_workbook_with_native_excel_cells_loads(tmp_path: Path) -> None:
    """Real date, number and boolean cells (not text) in a workbook read as FORMAT.md says."""
    programme = load(tiny_copy(tmp_path))
    path = save_programme(programme, tmp_path / "native.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["peers"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("trained_on") + 1, datetime(2023, 2, 1))
    sheet.cell(2, header.index("lead_peer") + 1, True)
    sheet.cell(2, header.index("days_used") + 1, 4.0)
    sheet.cell(2, header.index("name") + 1, "=not a formula")
    sheet.cell(2, header.index("name") + 1).data_type = "s"
    book.save(path)
    loaded = load(path)
    ada = loaded.peer_by_id["P1"]
    assert ada.trained_on == date(2023, 2, 1) and ada.lead_peer and ada.days_used == 4
    assert ada.name == "=not a formula"


def test_text_that_looks_like_a_formula_survives_a_workbook(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    set_cell(folder, "unavailability.csv", 2, "reason", '=HYPERLINK("x")')
    programme = load(folder)
    again = load(save_programme(programme, tmp_path / "w.xlsx"))
    assert again.unavailability[0].reason == '=HYPERLINK("x")'


def test_workbook_errors_name_the_sheet(tmp_path: Path) -> None:
    path = save_programme(load(tiny_copy(tmp_path)), tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    book["peers"].cell(4, 3, "memeber")  # row 4 = P3, column 3 = kind
    book.save(path)
    (error,) = load_errors(path)
    assert (error.file, error.row, error.column) == ("book.xlsx[peers]", 4, "kind")
    assert error.value == "memeber"


def test_a_damaged_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    (error,) = load_errors(path)
    assert error.file == "broken.xlsx" and "unreadable .xlsx" in error.message


def _real_folder(tmp_path: Path) -> Path:
    """The tiny programme moved onto real councils (Hartlepool, Middlesbrough, ...)."""
    folder = tiny_copy(tmp_path, "real")
    for name in ("councils.csv", "council_neighbours.csv"):
        (folder / name).unlink()
    real = {
        "E10000001": "E10000003",
        "E07000001": "E07000008",
        "E07000002": "E07000009",
        "E06000001": "E06000001",
        "E06000002": "E06000002",
        "E08000001": "E08000001",
    }
    for file in ("peers.csv", "challenges.csv", "conflicts.csv"):
        text = (folder / file).read_text(encoding="utf-8")
        for tiny, code in real.items():
            text = text.replace(f",{tiny},", f",{code},")
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_load_against_the_real_council_data(tmp_path: Path) -> None:
    data_dir = AppSettings().data_dir
    programme = load_programme(_real_folder(tmp_path), data_dir)
    assert len(programme.councils) == 317 + 22  # English and Welsh councils load by default
    assert programme.councils["E06000001"].name == "Hartlepool"
    assert programme.peer_by_id["P4"].home_council == "E07000008"
    assert programme.councils.same_two_tier_area("E07000008", "E10000003")
    out = save_programme(programme, tmp_path / "saved")
    assert not (out / "councils.csv").exists()  # the reference data is not copied
    assert_same_programme(programme, load_programme(out, data_dir))


def test_unknown_code_against_the_real_council_data(tmp_path: Path) -> None:
    folder = _real_folder(tmp_path)
    set_cell(folder, "challenges.csv", 2, "council", "E06999999")
    (error,) = load_errors_with(folder, AppSettings().data_dir)
    assert (error.file, error.row, error.column) == ("challenges.csv", 2, "council")


def test_missing_reference_data_is_reported(tmp_path: Path) -> None:
    (error,) = load_errors_with(_real_folder(tmp_path), NO_DATA_DIR)
    assert "cannot read the reference councils" in error.message


def load_errors_with(folder: Path, data_dir: Path):
    from matcher.io import InvalidInstanceError

    with pytest.raises(InvalidInstanceError) as info:
        load_programme(folder, data_dir)
    return info.value.errors


def test_own_councils_without_a_neighbours_table_have_no_neighbours(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    (folder / "council_neighbours.csv").unlink()
    councils = load(folder).councils
    assert len(councils) == 6 and not councils.are_neighbours("E06000001", "E06000002")


def test_a_neighbours_table_without_councils_is_an_error(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    (folder / "councils.csv").unlink()
    messages = [e.message for e in load_errors_with(folder, AppSettings().data_dir)]
    assert any("council_neighbours needs a councils table" in m for m in messages)
