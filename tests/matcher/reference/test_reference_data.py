"""The council reference data ships inside the package, Welsh councils and border pairs included."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

from matcher.councils import CouncilRegistry
from matcher.data import PACKAGE_DATA_DIR
from matcher.settings import AppSettings

REBUILD_SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "rebuild_council_neighbours.py"


def test_default_data_dir_is_inside_the_package() -> None:
    assert AppSettings().data_dir == PACKAGE_DATA_DIR
    assert PACKAGE_DATA_DIR.is_relative_to(Path(__file__).resolve().parents[3] / "matcher")
    assert (PACKAGE_DATA_DIR / "README.md").read_text(encoding="utf-8").count("licence") >= 1


def test_welsh_councils_load_by_default_and_are_paid_for() -> None:
    registry = CouncilRegistry.from_data_dir(PACKAGE_DATA_DIR)
    welsh = [registry[code] for code in registry.codes if code.startswith("W")]
    assert len(welsh) == 22 and all(c.region == "Wales" and c.paid_basis for c in welsh)
    assert not registry["E06000001"].paid_basis


def test_neighbours_cross_the_border_and_stay_inside_wales() -> None:
    registry = CouncilRegistry.from_data_dir(PACKAGE_DATA_DIR)
    assert registry.are_neighbours("E06000019", "W06000021")  # Herefordshire - Monmouthshire
    assert registry.are_neighbours("E10000013", "W06000021")  # Gloucestershire via Forest of Dean
    assert registry.are_neighbours("W06000015", "W06000022")  # Cardiff - Newport
    assert not registry.are_neighbours("W06000001", "E06000019")


def test_every_neighbour_pair_names_a_shipped_council() -> None:
    registry = CouncilRegistry.from_data_dir(PACKAGE_DATA_DIR)
    with (PACKAGE_DATA_DIR / "council_neighbours.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["ons_code_a"] for r in rows} | {r["ons_code_b"] for r in rows} <= set(registry.codes)
    assert all(r["ons_code_a"] < r["ons_code_b"] for r in rows)


def test_an_english_only_data_dir_still_loads(tmp_path: Path) -> None:
    for name in ("councils_england.csv", "council_neighbours.csv"):
        shutil.copy(PACKAGE_DATA_DIR / name, tmp_path / name)
    registry = CouncilRegistry.from_data_dir(tmp_path)
    assert len(registry) == 317 and "W06000021" not in registry
    assert not registry.neighbour_matrix.sum() % 2  # symmetric; border pairs ignored


S1_HEADER = (
    "local-authority-code,gss-code,nation,local-authority-type,county-la,end-date,replaced-by"
)
S1_ROWS = [
    "CTY,E10000001,England,CTY,,,",  # a county
    "DA,E07000001,England,NMD,CTY,,",  # its two districts
    "DB,E07000002,England,NMD,CTY,,",
    "OLD,E07000009,England,NMD,CTY,2023-04-01,DB",  # abolished, merged into DB
    "UNI,E06000001,England,UA,,,",
    "WAL,W06000001,Wales,WPA,,,",
]


def _write_sources(folder: Path) -> None:
    (folder / "uk_local_authorities_current.csv").write_text(
        "\n".join([S1_HEADER, *S1_ROWS]) + "\n", encoding="utf-8"
    )
    neighbours = {
        "E07000001": [["E07000002", "E07000009"]],
        "E07000009": [["E06000001", "E07000002"]],  # OLD-DB becomes internal to DB
        "E06000001": [["W06000001"]],
        "W06000001": [None],  # S4 has entries whose first list is missing
    }
    (folder / "data.json").write_text(json.dumps(neighbours), encoding="utf-8")
    topo = {
        "objects": {
            "ltla": {
                "geometries": [
                    {"properties": {"areacd": "E06000001"}, "arcs": [[0, 1]]},
                    {"properties": {"areacd": "W06000001"}, "arcs": [[~1, 2]]},
                    {"properties": {"areacd": "E07000002"}, "arcs": [[3]]},
                ]
            },
            "cty": {"geometries": []},
        }
    }
    (folder / "topo.json").write_text(json.dumps(topo), encoding="utf-8")


def test_rebuild_script_maps_successors_counties_and_the_border(tmp_path: Path) -> None:
    _write_sources(tmp_path)
    out = tmp_path / "pairs.csv"
    subprocess.run(
        [sys.executable, str(REBUILD_SCRIPT), "--sources", str(tmp_path), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    with out.open(encoding="utf-8") as handle:
        rows = {(r["ons_code_a"], r["ons_code_b"]): r for r in csv.DictReader(handle)}
    assert set(rows) == {
        ("E07000001", "E07000002"),  # shared boundary (OLD's pair folded into DB)
        ("E06000001", "E07000002"),  # via OLD -> DB
        ("E06000001", "E10000001"),  # county through its district, never with its own
        ("E06000001", "W06000001"),  # across the border
    }
    assert rows[("E06000001", "E10000001")]["basis"] == "derived_via_districts"
    assert rows[("E06000001", "W06000001")]["touches_in_clipped_boundaries"] == "1"
    assert rows[("E06000001", "E07000002")]["touches_in_clipped_boundaries"] == "0"
