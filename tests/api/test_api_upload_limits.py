"""Issue 14 defects 2 and 3 (uploads): error lists are capped, tables are bounded,
damaged zips and oversized workbooks answer 422 quickly instead of 500 or gigabytes."""

from __future__ import annotations

import io
import shutil
import struct
import time
import zipfile

from folder_edits import read_rows, write_rows
from openpyxl import Workbook
from service_helpers import TINY, zip_folder

from matcher.io.errors import MAX_ERRORS_KEPT
from matcher.io.grids import MAX_ROWS


def _post(client, keys, content: bytes, name: str):
    return client.post(
        "/programmes", files={"file": (name, io.BytesIO(content))}, headers=keys["manager"]
    )


def _tiny_with_bad_peers(tmp_path, count: int) -> bytes:
    folder = shutil.copytree(TINY, tmp_path / "tiny")
    rows = read_rows(folder, "peers.csv")
    bad = list(rows[1])
    for column in ("kind", "party", "lead_peer", "trained_on", "days_used"):
        bad[rows[0].index(column)] = "???"
    write_rows(folder, "peers.csv", rows + [bad] * count)
    return zip_folder(folder, tmp_path / "bad.zip").read_bytes()


def test_a_huge_error_list_is_capped_with_its_total(client, keys, tmp_path):
    started = time.monotonic()
    answer = _post(client, keys, _tiny_with_bad_peers(tmp_path, 30_000), "bad.zip")
    assert answer.status_code == 422
    body = answer.json()
    assert len(body["errors"]) == MAX_ERRORS_KEPT
    assert body["error_count"] >= 5 * 30_000
    assert f"the first {MAX_ERRORS_KEPT} are listed" in body["detail"]
    assert len(answer.content) < 1_000_000
    assert time.monotonic() - started < 30
    first = body["errors"][0]
    assert first["file"] == "peers.csv" and first["row"] and first["column"]


def test_too_many_rows_are_refused_before_checking_cells(client, keys, tmp_path):
    answer = _post(client, keys, _tiny_with_bad_peers(tmp_path, MAX_ROWS + 5), "bad.zip")
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["file"] for e in errors] == ["peers.csv"]
    assert f"more than {MAX_ROWS:,} rows" in errors[0]["message"]


def test_a_workbook_with_a_cell_in_column_xfd_is_cheap(client, keys, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "peers"
    sheet.append(["peer_id", "name"])
    for row in range(2, 1502):
        sheet.cell(row=row, column=1, value=f"P{row}")
        sheet.cell(row=row, column=16384, value="x")  # column XFD
    book.create_sheet("challenges").append(["challenge_id"])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    started = time.monotonic()
    answer = _post(client, keys, path.read_bytes(), "wide.xlsx")
    assert answer.status_code == 422
    assert time.monotonic() - started < 10
    assert all(e["file"].startswith("wide.xlsx[") for e in answer.json()["errors"])


def test_formula_cells_are_refused_with_a_clear_error(client, keys, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "peers"
    sheet.append(["peer_id", "name"])
    sheet.append(["P1", "=1+1"])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    errors = _post(client, keys, path.read_bytes(), "formula.xlsx").json()["errors"]
    formula = [e for e in errors if "formula" in e["message"]]
    assert formula and formula[0]["row"] == 2 and formula[0]["column"] == "name"


def _zip_bytes(tmp_path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(TINY.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def test_a_zip_with_a_bad_crc_is_a_422(client, keys, tmp_path):
    data = bytearray(_zip_bytes(tmp_path))
    offset = data.index(b"peer_id,")  # stored, so the CSV text is in the archive as is
    data[offset] = ord("q")
    answer = _post(client, keys, bytes(data), "crc.zip")
    assert answer.status_code == 422, answer.text
    assert "damaged" in answer.json()["errors"][0]["message"]


def test_a_zip_whose_sizes_lie_is_a_422(client, keys, tmp_path):
    data = bytearray(_zip_bytes(tmp_path))
    for signature, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            (size,) = struct.unpack_from("<I", data, start + field)
            struct.pack_into("<I", data, start + field, max(size // 2, 1))
            start += 4
    answer = _post(client, keys, bytes(data), "sizes.zip")
    assert answer.status_code == 422, answer.text
