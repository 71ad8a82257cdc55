"""Shared pytest setup: the `rule` marker and the tiny-programme factories on sys.path.

Tests declare which catalogued rule they cover, in which direction, with
``@pytest.mark.rule("H5", "breaks")`` or ``@pytest.mark.rule("H5", "passes")``;
tests/test_rule_coverage.py fails when a rule in matcher.rules.CATALOGUE lacks either.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    # `from factories import ...` must work whether or not tests/ becomes a package.
    sys.path.insert(0, str(TESTS_DIR))

from rule_markers import RULE_DIRECTIONS  # noqa: E402,F401  (after the sys.path line)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "rule(code, direction): the test covers catalogued rule `code` in `direction` "
        "('passes' or 'breaks'); checked by tests/test_rule_coverage.py",
    )


@pytest.fixture(scope="session", autouse=True)
def _store_home_in_tmp(tmp_path_factory: pytest.TempPathFactory):
    """No test writes to the user's real data directory: the default store lives in tmp."""
    home = tmp_path_factory.mktemp("peermatch-home")
    patch = pytest.MonkeyPatch()
    patch.setenv("PEERMATCH_HOME", str(home))
    yield home
    patch.undo()


@pytest.fixture
def tiny():
    """The tiny council registry of tests/factories.py."""
    from factories import tiny_registry

    return tiny_registry()
