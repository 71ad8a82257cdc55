"""Paths every test module may need, independent of where the module sits under tests/."""

from __future__ import annotations

from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
TINY_PROGRAMME = TESTS_DIR / "data" / "tiny_programme"
