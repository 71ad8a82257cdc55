"""One test per kind of programme-folder error: each plants exactly one problem in the tiny
programme and expects exactly one LoadError, at the right file, row and column, whose
message names the rule it breaks (and no cascade of follow-on errors)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from folder_edits import (
    copy_row,
    drop_column,
    load,
    load_errors,
    read_rows,
    set_cell,
    tiny_copy,
    write_rows,
)


@dataclass(frozen=True)
class Case:
    """A planted problem and the single error it must produce."""

    edit: Callable[[Path], None]
    file: str
    row: int | None
    column: str | None
    message: str
    value: str | None = None


def cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    return lambda folder: set_cell(folder, file, row, column, value)


def duplicate(file: str, row: int, **changes: str) -> Callable[[Path], None]:
    return lambda folder: copy_row(folder, file, row, **changes)


def _remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def _duplicate_header(folder: Path) -> None:
    rows = read_rows(folder, "peers.csv")
    write_rows(folder, "peers.csv", [rows[0] + ["tags"]] + [r + [""] for r in rows[1:]])


def _ragged_row(folder: Path) -> None:
    with (folder / "unavailability.csv").open("a", encoding="utf-8") as handle:
        handle.write("P2,2024-08-01,2024-08-02,holiday,extra\n")


def _window(first: str, last: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        set_cell(folder, "challenges.csv", 2, "earliest_start", first)
        set_cell(folder, "challenges.csv", 2, "latest_start", last)

    return edit


def _settings_toml(text: str, keep_csv: bool) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / "settings.toml").write_text(text, encoding="utf-8")
        if not keep_csv:
            (folder / "settings.csv").unlink()

    return edit


UNKNOWN_PEER = "unknown peer id"
CASES: dict[str, Case] = {
    # unknown council codes (H5 needs a real council)
    "council of a peer": Case(
        cell("peers.csv", 2, "home_council", "E99"),
        "peers.csv",
        2,
        "home_council",
        "unknown council code 'E99' (H5 needs a real council)",
        "E99",
    ),
    "council of a challenge": Case(
        cell("challenges.csv", 3, "council", "E99"),
        "challenges.csv",
        3,
        "council",
        "unknown council code 'E99' (H5 and H7",
    ),
    "council of a conflict": Case(
        cell("conflicts.csv", 2, "ons_code", "E99"),
        "conflicts.csv",
        2,
        "ons_code",
        "unknown council code 'E99'",
    ),
    "county of a district": Case(
        cell("councils.csv", 3, "parent_ons_code", "E99"),
        "councils.csv",
        3,
        "parent_ons_code",
        "H5 two-tier",
    ),
    "council in a neighbour pair": Case(
        cell("council_neighbours.csv", 2, "ons_code_b", "E99"),
        "council_neighbours.csv",
        2,
        "ons_code_b",
        "unknown council code 'E99'",
    ),
    # unknown peer ids referenced from other files
    "peer in unavailability": Case(
        cell("unavailability.csv", 2, "peer_id", "P99"),
        "unavailability.csv",
        2,
        "peer_id",
        UNKNOWN_PEER,
        "P99",
    ),
    "peer in conflicts": Case(
        cell("conflicts.csv", 3, "peer_id", "P99"), "conflicts.csv", 3, "peer_id", UNKNOWN_PEER
    ),
    "peer in placements": Case(
        cell("placements.csv", 3, "peer_id", "P99"), "placements.csv", 3, "peer_id", UNKNOWN_PEER
    ),
    "peer in vetoes": Case(
        cell("challenges.csv", 2, "vetoes", "P3;P99"),
        "challenges.csv",
        2,
        "vetoes",
        "unknown peer id 'P99' (not in peers; H5 vetoes",
        "P99",
    ),
    "peer in requests": Case(
        cell("challenges.csv", 3, "requests", "P2;P98"),
        "challenges.csv",
        3,
        "requests",
        "S6 requests",
        "P98",
    ),
    # unknown challenge ids
    "challenge of a seat": Case(
        cell("seats.csv", 4, "challenge_id", "C9"),
        "seats.csv",
        4,
        "challenge_id",
        "unknown challenge id 'C9'",
    ),
    "challenge of a placement": Case(
        cell("placements.csv", 3, "challenge_id", "C9"),
        "placements.csv",
        3,
        "challenge_id",
        "unknown challenge",
    ),
    "follows no challenge": Case(
        cell("challenges.csv", 4, "follows", "C9"),
        "challenges.csv",
        4,
        "follows",
        "S5 needs the original challenge",
    ),
    # duplicate ids
    "duplicate peer_id": Case(
        duplicate("peers.csv", 5, peer_id="P1"),
        "peers.csv",
        10,
        "peer_id",
        "duplicate peer_id='P1' (first on row 2)",
    ),
    "duplicate challenge_id": Case(
        duplicate("challenges.csv", 4, challenge_id="C1"),
        "challenges.csv",
        5,
        "challenge_id",
        "duplicate challenge_id",
    ),
    "duplicate seat": Case(
        duplicate("seats.csv", 2),
        "seats.csv",
        5,
        "seat_id",
        "duplicate challenge_id='C2', seat_id='lead_officer'",
    ),
    "duplicate placement": Case(
        duplicate("placements.csv", 2, peer_id="P5"),
        "placements.csv",
        4,
        "seat_id",
        "duplicate challenge_id='C1'",
    ),
    "duplicate council": Case(
        duplicate("councils.csv", 7),
        "councils.csv",
        8,
        "ons_code",
        "duplicate ons_code='E08000001'",
    ),
    # dates
    "to_date before from_date": Case(
        cell("unavailability.csv", 2, "to_date", "2024-05-01"),
        "unavailability.csv",
        2,
        "to_date",
        "to_date 2024-05-01 before from_date 2024-06-01",
    ),
    "window without a Monday": Case(
        _window("2024-06-11", "2024-06-14"), "challenges.csv", 2, "latest_start", "holds no Monday"
    ),
    "latest before earliest": Case(
        cell("challenges.csv", 3, "latest_start", "2024-06-24"),
        "challenges.csv",
        3,
        "latest_start",
        "latest_start 2024-06-24 before earliest_start",
    ),
    "malformed date": Case(
        cell("peers.csv", 3, "trained_on", "01/06/2022"),
        "peers.csv",
        3,
        "trained_on",
        "malformed date '01/06/2022'",
    ),
    "impossible date": Case(
        cell("challenges.csv", 2, "earliest_start", "2024-02-30"),
        "challenges.csv",
        2,
        "earliest_start",
        "malformed date",
    ),
    # day counts
    "negative days_used": Case(
        cell("peers.csv", 2, "days_used", "-3"),
        "peers.csv",
        2,
        "days_used",
        "'-3' is below 0 (days are whole numbers >= 0; H4",
    ),
    "fractional days_used": Case(
        cell("peers.csv", 2, "days_used", "2.5"),
        "peers.csv",
        2,
        "days_used",
        "'2.5' is not a whole number",
    ),
    "negative cap_days": Case(
        cell("peers.csv", 3, "cap_days", "-1"), "peers.csv", 3, "cap_days", "below 0"
    ),
    "zero onsite_days": Case(
        cell("challenges.csv", 2, "onsite_days", "0"), "challenges.csv", 2, "onsite_days", "below 1"
    ),
    "text charged_days": Case(
        cell("challenges.csv", 3, "charged_days", "seven"),
        "challenges.csv",
        3,
        "charged_days",
        "not a whole number",
    ),
    "negative min_women": Case(
        cell("challenges.csv", 2, "min_women", "-1"),
        "challenges.csv",
        2,
        "min_women",
        "S2 minimums",
    ),
    # enums and booleans
    "bad kind": Case(
        cell("peers.csv", 2, "kind", "memeber"),
        "peers.csv",
        2,
        "kind",
        "bad value 'memeber' (expected member|officer)",
    ),
    "bad party": Case(
        cell("peers.csv", 3, "party", "labour"),
        "peers.csv",
        3,
        "party",
        "expected con|lab|ld|green|ind|other",
    ),
    "bad gender": Case(
        cell("peers.csv", 4, "gender", "f"), "peers.csv", 4, "gender", "bad value 'f'"
    ),
    "bad council type in list": Case(
        cell("peers.csv", 2, "council_types", "unitary;shire"),
        "peers.csv",
        2,
        "council_types",
        "bad value 'shire'",
    ),
    "bad challenge type": Case(
        cell("challenges.csv", 3, "type", "audit"), "challenges.csv", 3, "type", "bad value 'audit'"
    ),
    "bad conflict reason": Case(
        cell("conflicts.csv", 2, "reason", "friend"),
        "conflicts.csv",
        2,
        "reason",
        "expected declared|former_employer",
    ),
    "bad placement status": Case(
        cell("placements.csv", 3, "status", "maybe"),
        "placements.csv",
        3,
        "status",
        "expected proposed|confirmed",
    ),
    "bad party_rule": Case(
        cell("seats.csv", 3, "party_rule", "greens"),
        "seats.csv",
        3,
        "party_rule",
        "bad party_rule 'greens'",
    ),
    "bad boolean": Case(
        cell("peers.csv", 7, "lead_peer", "maybe"),
        "peers.csv",
        7,
        "lead_peer",
        "bad boolean 'maybe' (expected true/false, yes/no or 1/0)",
    ),
    "bad council latitude": Case(
        cell("councils.csv", 2, "latitude", "north"),
        "councils.csv",
        2,
        "latitude",
        "'north' is not a number",
    ),
    # parties (H7)
    "party on an officer peer": Case(
        cell("peers.csv", 5, "party", "lab"),
        "peers.csv",
        5,
        "party",
        "an officer peer has no party",
    ),
    "member peer without party": Case(
        cell("peers.csv", 2, "party", ""), "peers.csv", 2, "party", "a member peer needs a party"
    ),
    "party rule on an officer seat": Case(
        cell("seats.csv", 2, "party_rule", "leader_party"),
        "seats.csv",
        2,
        "party_rule",
        "party_rule on an officer seat",
    ),
    # seats nobody can fill (H1)
    "seat needs a tag nobody holds": Case(
        cell("seats.csv", 2, "required_tags", "s152"),
        "seats.csv",
        2,
        "required_tags",
        "no officer peer who is a lead peer in the pool holds any of s152",
    ),
    "seat needs a lead nobody is": Case(
        lambda f: (
            set_cell(f, "seats.csv", 4, "required_tags", "children"),
            set_cell(f, "seats.csv", 4, "lead_required", "true"),
        ),
        "seats.csv",
        4,
        "required_tags",
        "who is a lead peer in the pool holds any of children",
    ),
    "seat needs a member tag on an officer": Case(
        cell("seats.csv", 2, "required_tags", "leader"),
        "seats.csv",
        2,
        "required_tags",
        "no officer peer who is a lead peer in the pool holds any of leader",
    ),
    # placements on seats that do not exist
    "placement on a missing template seat": Case(
        cell("placements.csv", 2, "seat_id", "treasurer"),
        "placements.csv",
        2,
        "seat_id",
        "seat 'treasurer' does not exist on challenge 'C1' (its seats: lead_member, "
        "lead_officer, member, officer_finance, officer_scope",
    ),
    "placement on a missing explicit seat": Case(
        cell("placements.csv", 3, "seat_id", "lead_member"),
        "placements.csv",
        3,
        "seat_id",
        "its seats: lead_officer, member_finance, shadow_member",
    ),
    # settings
    "unknown setting": Case(
        cell("settings.csv", 2, "oficer_cap_days", "20"),
        "settings.csv",
        2,
        "oficer_cap_days",
        "unknown setting 'oficer_cap_days'",
    ),
    "negative weight": Case(
        cell("settings.csv", 2, "weight_S3", "-2"), "settings.csv", 2, "weight_S3", "S1-S8"
    ),
    "zero time limit": Case(
        cell("settings.csv", 2, "time_limit_s", "0"),
        "settings.csv",
        2,
        "time_limit_s",
        "greater than 0",
    ),
    "two settings rows": Case(
        duplicate("settings.csv", 2), "settings.csv", 3, None, "settings has exactly one row"
    ),
    "unknown setting in toml": Case(
        _settings_toml("oficer_cap_days = 20\n", keep_csv=False),
        "settings.toml",
        None,
        "oficer_cap_days",
        "unknown setting 'oficer_cap_days'",
    ),
    "both settings files": Case(
        _settings_toml("officer_cap_days = 20\n", keep_csv=True),
        "settings.toml",
        None,
        None,
        "both settings.csv and",
    ),
    # missing things and malformed files
    "missing required column": Case(
        lambda f: drop_column(f, "peers.csv", "kind"),
        "peers.csv",
        None,
        "kind",
        "missing required column 'kind'",
    ),
    "empty required cell": Case(
        cell("peers.csv", 3, "home_council", ""),
        "peers.csv",
        3,
        "home_council",
        "home_council is required",
    ),
    "empty id": Case(
        cell("peers.csv", 9, "peer_id", ""), "peers.csv", 9, "peer_id", "peer_id is required"
    ),
    "missing challenges file": Case(
        _remove("challenges.csv"), "challenges.csv", None, None, "missing challenges"
    ),
    "missing peers file": Case(_remove("peers.csv"), "peers.csv", None, None, "missing peers"),
    "duplicate column": Case(_duplicate_header, "peers.csv", 1, "tags", "duplicate column"),
    "ragged row": Case(_ragged_row, "unavailability.csv", 4, None, "unreadable CSV"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_error_is_reported_once_where_it_is(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    folder = tiny_copy(tmp_path)
    case.edit(folder)
    errors = load_errors(folder)
    assert len(errors) == 1, "\n".join(map(str, errors))
    (error,) = errors
    assert (error.file, error.row, error.column) == (case.file, case.row, case.column)
    assert case.message in error.message
    if case.value is not None:
        assert error.value == case.value


def test_the_untouched_tiny_programme_loads(tmp_path: Path) -> None:
    """The baseline every case above edits is itself valid (so each error is the plant's)."""
    programme = load(tiny_copy(tmp_path))
    assert [p.peer_id for p in programme.peers] == [f"P{i}" for i in range(1, 9)]
    assert len(programme.challenges) == 3 and len(programme.seats) == 3


def test_a_file_that_is_not_utf8_names_the_file_row_and_column(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    text = (folder / "peers.csv").read_text(encoding="utf-8").replace("Bob Brown", "Bob Brøwn")
    (folder / "peers.csv").write_bytes(text.encode("latin-1"))
    (error,) = load_errors(folder)
    assert (error.file, error.row, error.column) == ("peers.csv", 3, "name")
    assert "not UTF-8" in error.message and "CSV UTF-8" in error.message


def test_a_non_utf8_byte_in_an_id_does_not_stop_other_files_being_checked(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    raw = (folder / "conflicts.csv").read_bytes().replace(b"P6,", b"P\xe96,")
    (folder / "conflicts.csv").write_bytes(raw)
    set_cell(folder, "challenges.csv", 2, "council", "E99")
    errors = load_errors(folder)
    where = [(e.file, e.row, e.column) for e in errors]
    assert ("conflicts.csv", 3, "peer_id") in where
    assert ("challenges.csv", 2, "council") in where
    assert any("not UTF-8" in e.message for e in errors)


def test_missing_folder_is_one_file_level_error(tmp_path: Path) -> None:
    (error,) = load_errors(tmp_path / "nowhere")
    assert error.row is None and "no such folder" in error.message


def test_the_error_str_lists_every_problem(tmp_path: Path) -> None:
    folder = tiny_copy(tmp_path)
    set_cell(folder, "peers.csv", 2, "kind", "memeber")
    set_cell(folder, "challenges.csv", 2, "council", "E99")
    from matcher.io import InvalidInstanceError

    with pytest.raises(InvalidInstanceError) as info:
        load(folder)
    text = str(info.value)
    assert text.startswith("2 errors in")
    assert "peers.csv row 2, column kind ('memeber')" in text
    assert "challenges.csv row 2, column council ('E99')" in text
