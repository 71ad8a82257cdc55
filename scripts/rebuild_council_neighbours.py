"""Rebuild matcher/data/council_neighbours.csv from the public sources (England and Wales).

Usage (downloads the three pinned source files, about 1 MB):

    python3 scripts/rebuild_council_neighbours.py --out matcher/data/council_neighbours.csv

or, with the sources already on disk (file names as below):

    python3 scripts/rebuild_council_neighbours.py --sources DIR --out FILE

Sources (matcher/data/README.md has their licences):
- S1 mySociety uk_local_authorities_current.csv: council codes, types, counties and which
  council replaced an abolished one;
- S3 ONSvisual uk-topojson output/topo.json: 2024 boundaries, for the "also touches in
  the clipped boundaries" flag;
- S4 ONSvisual Local-Authority-Districts-2021-neighbours data.json: districts that share
  a boundary (2021).

Steps (the same as the ones that built the English file, now with Wales kept): S4's first
list per district, made symmetric; districts abolished in 2023 mapped to their successors
(S1 `replaced-by`), pairs internal to a successor dropped; county councils get the
neighbours of their districts (`derived_via_districts`), never their own districts; Welsh
councils and English-Welsh border pairs are kept. Standard library only, so it runs
before the project is installed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import urllib.request
from pathlib import Path

SOURCES = {
    "uk_local_authorities_current.csv": "https://raw.githubusercontent.com/mysociety/"
    "uk_local_authority_names_and_codes/67ef8b118938678401a452f4f19f669a7221cc73/"
    "data/packages/uk_la_past_current/uk_local_authorities_current.csv",
    "topo.json": "https://raw.githubusercontent.com/ONSvisual/uk-topojson/"
    "b2fde50cb130908b897de10b65cdc392f9b4ff78/output/topo.json",
    "data.json": "https://raw.githubusercontent.com/ONSvisual/"
    "Local-Authority-Districts-2021-neighbours/83627aaad3dec42b866015411a4b7fb62c193b19/"
    "data.json",
}
COUNCIL_TYPES = {"CTY", "NMD", "UA", "MD", "LBO", "CC", "WPA"}
"""S1 types of the English and Welsh principal councils (counties, districts, unitaries,
metropolitan boroughs, London boroughs, the City of London, Welsh principal areas)."""
YEAR = 2024


def read_source(name: str, folder: Path | None) -> str:
    """One source file's text, from `folder` if given, else downloaded at its pinned commit."""
    if folder is not None:
        return (folder / name).read_text(encoding="utf-8")
    with urllib.request.urlopen(SOURCES[name], timeout=60) as response:  # noqa: S310 (pinned)
        return response.read().decode("utf-8")


def councils_of(s1_text: str) -> tuple[dict[str, dict], dict[str, str]]:
    """Current English and Welsh councils by GSS code, and each abolished code's successor."""
    rows = list(csv.DictReader(io.StringIO(s1_text)))
    by_la = {row["local-authority-code"]: row for row in rows}
    current = {
        row["gss-code"]: row
        for row in rows
        if row["nation"] in ("England", "Wales")
        and row["local-authority-type"] in COUNCIL_TYPES
        and not row["end-date"]
    }
    successor = {}
    for row in rows:
        replaced = [code for code in row["replaced-by"].split(",") if code]
        if row["end-date"] and len(replaced) == 1 and replaced[0] in by_la:
            successor[row["gss-code"]] = by_la[replaced[0]]["gss-code"]
    return current, successor


def county_of(current: dict[str, dict]) -> dict[str, str]:
    """District GSS code -> its county's GSS code (S1 `county-la`)."""
    gss_of_la = {row["local-authority-code"]: code for code, row in current.items()}
    return {
        code: gss_of_la[row["county-la"]]
        for code, row in current.items()
        if row["local-authority-type"] == "NMD" and row["county-la"] in gss_of_la
    }


def district_pairs(s4_text: str, current: dict, successor: dict[str, str]) -> set[frozenset]:
    """S4's shared-boundary pairs, symmetric, in 2023 codes, internal pairs dropped."""
    pairs = set()
    for code, entry in json.loads(s4_text).items():
        for other in entry[0] or []:
            a, b = successor.get(code, code), successor.get(other, other)
            if a != b and a in current and b in current:
                pairs.add(frozenset((a, b)))
    return pairs


def with_counties(pairs: set[frozenset], county: dict[str, str]) -> dict[frozenset, str]:
    """Add county pairs through their districts; a county never pairs with its own district."""
    basis = {pair: "shared_boundary" for pair in pairs}
    for pair in pairs:
        a, b = tuple(pair)
        for left, right in ((a, b), (b, a)):
            lifted = {
                (county.get(left, left), right),
                (county.get(left, left), county.get(right, right)),
            }
            for x, y in lifted:
                candidate = frozenset((x, y))
                if x == y or county.get(y) == x or county.get(x) == y:
                    continue
                basis.setdefault(candidate, "derived_via_districts")
    return basis


def touching_pairs(topo_text: str) -> set[frozenset]:
    """Pairs of areas valid in 2024 that share an arc in S3 (layers ltla and cty)."""
    topo = json.loads(topo_text)
    arcs_of: dict[str, set[int]] = {}
    for layer in ("ltla", "cty"):
        for geometry in topo["objects"][layer]["geometries"]:
            props = geometry.get("properties") or {}
            if props.get("start", 0) > YEAR or props.get("end", 9999) < YEAR:
                continue
            arcs_of[props["areacd"]] = set(_arc_ids(geometry["arcs"]))
    owners: dict[int, set[str]] = {}
    for code, arcs in arcs_of.items():
        for arc in arcs:
            owners.setdefault(arc, set()).add(code)
    return {frozenset((a, b)) for codes in owners.values() for a in codes for b in codes if a < b}


def _arc_ids(nested) -> list[int]:
    """Every arc index in a (Multi)Polygon's nested arc lists; ~i is arc i reversed."""
    if isinstance(nested, int):
        return [nested if nested >= 0 else ~nested]
    return [arc for item in nested for arc in _arc_ids(item)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, help="folder holding the three source files")
    parser.add_argument("--out", type=Path, required=True, help="the CSV to write")
    args = parser.parse_args()
    current, successor = councils_of(read_source("uk_local_authorities_current.csv", args.sources))
    county = county_of(current)
    pairs = with_counties(
        district_pairs(read_source("data.json", args.sources), current, successor), county
    )
    touches = touching_pairs(read_source("topo.json", args.sources))
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["ons_code_a", "ons_code_b", "basis", "touches_in_clipped_boundaries"])
        for pair in sorted(pairs, key=sorted):
            a, b = sorted(pair)
            writer.writerow([a, b, pairs[pair], int(pair in touches)])
    print(f"{len(pairs)} pairs written to {args.out}")


if __name__ == "__main__":
    main()
