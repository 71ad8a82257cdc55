"""The council reference data shipped with peermatch (sources and licence: README.md here).

Shipped inside the package so that a clone, a wheel or a non-editable install runs with
nothing beside it; `--data-dir` / PEERMATCH_DATA_DIR point elsewhere when wanted.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DATA_DIR = Path(__file__).resolve().parent
"""Folder holding councils_england.csv, councils_wales.csv and council_neighbours.csv."""
