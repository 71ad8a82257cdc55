"""Uploaded programmes: a zip of the folder's CSV files, or one .xlsx workbook.

The upload is spooled to a private temporary folder and read by matcher.io exactly as
`peermatch check` reads a folder, so validation is the same all-or-nothing load with
every error listed. Zips are untrusted: only .csv and .toml members are read, by their
base name (so a zipped folder works too), with no path from the archive ever used on
disk, and their declared and actual sizes are capped (zip bombs).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from matcher.io import InvalidInstanceError, LoadError, load_programme
from matcher.programme import Programme

CHUNK = 1 << 20
MAX_MEMBERS = 200
WANTED_SUFFIXES = (".csv", ".toml")


class UploadTooLarge(ValueError):
    """The upload (or a zip's contents) is bigger than the service accepts."""


def _problem(filename: str, message: str) -> InvalidInstanceError:
    return InvalidInstanceError([LoadError(file=filename, message=message)], source=filename)


def safe_name(filename: str | None) -> str:
    """A harmless file name for the temporary copy (keeps the suffix for matcher.io)."""
    base = PurePosixPath((filename or "upload").replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._-]", "_", base)[:100] or "upload"


def spool(source: BinaryIO, target: Path, max_bytes: int) -> int:
    """Copy the upload to `target`, refusing it once it passes `max_bytes`."""
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise UploadTooLarge(f"the upload is larger than {max_bytes // CHUNK} MB")
            out.write(chunk)
    return size


def _members(archive: zipfile.ZipFile, label: str) -> dict[str, zipfile.ZipInfo]:
    """Base name -> member, for the CSV/TOML files outside macOS metadata folders."""
    chosen: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if info.is_dir() or "__MACOSX" in path.parts or path.name.startswith("._"):
            continue
        if path.suffix.lower() not in WANTED_SUFFIXES:
            continue
        if path.name in chosen:
            raise _problem(label, f"two files named {path.name} in the zip: keep one folder")
        chosen[path.name] = info
    if len(chosen) > MAX_MEMBERS:
        raise _problem(label, f"more than {MAX_MEMBERS} files in the zip")
    return chosen


DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
"""What zipfile raises for a damaged, encrypted or oddly compressed member (bad CRC, sizes
that lie, truncated data): the upload's fault, so a 422, never a 500."""


def unzip(archive_path: Path, folder: Path, label: str, max_bytes: int) -> None:
    """Extract the programme tables of a zip into `folder` (flat, sizes capped)."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except DAMAGED_ZIP:
        raise _problem(label, "not a zip file or an .xlsx workbook") from None
    with archive:
        members = _members(archive, label)
        if sum(info.file_size for info in members.values()) > max_bytes:
            raise UploadTooLarge(f"the zip unpacks to more than {max_bytes // CHUNK} MB")
        budget = max_bytes
        for name, info in members.items():
            try:
                budget = _extract(archive, info, folder / name, budget, max_bytes)
            except DAMAGED_ZIP as exc:
                raise _problem(label, f"the zip is damaged at {name}: {exc}") from None


def _extract(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int, max_bytes: int
) -> int:
    """Copy one member, counting real bytes against `budget` (declared sizes may lie)."""
    with archive.open(info) as src, target.open("wb") as out:
        while chunk := src.read(CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise UploadTooLarge(f"the zip unpacks to more than {max_bytes // CHUNK} MB")
            out.write(chunk)
    return budget


def is_workbook(path: Path) -> bool:
    """An .xlsx is a zip too: tell them apart by the workbook part inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except DAMAGED_ZIP:
        return False


def load_upload(
    source: BinaryIO,
    filename: str | None,
    data_dir: Path,
    max_bytes: int,
    max_unzipped: int,
    warnings: list[LoadError] | None = None,
    known_past: frozenset[str] = frozenset(),
) -> Programme:
    """The uploaded programme, or InvalidInstanceError / UploadTooLarge; unknown columns
    that are not a likely typo go to `warnings`; `known_past`: the service's history's
    challenge ids, which a progress review may follow (S5 across years)."""
    name = safe_name(filename)
    work = Path(tempfile.mkdtemp(prefix="peermatch-upload-"))
    try:
        spooled = work / ("upload-" + name)
        if spool(source, spooled, max_bytes) == 0:
            raise _problem(name, "the upload is empty")
        if is_workbook(spooled):
            book = work / (Path(name).stem + ".xlsx")
            spooled.rename(book)
            return load_programme(book, data_dir, warnings, known_past)
        folder = work / "programme"
        folder.mkdir()
        unzip(spooled, folder, name, max_unzipped)
        return load_programme(folder, data_dir, warnings, known_past)
    finally:
        shutil.rmtree(work, ignore_errors=True)
