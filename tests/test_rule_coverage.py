"""Meta-test: every catalogued rule has a test that passes and a test that breaks it.

Tests declare coverage with ``@pytest.mark.rule("H5", "breaks")`` (or a module-level alias
such as ``H5 = pytest.mark.rule("H5", "breaks")`` used as ``@H5``). This module reads the
test files with `ast` instead of importing them, so a colleague's broken import cannot
hide or fake coverage. It also guards against the copy-paste slip of a "breaks" test that
checks another rule: such a test must mention its rule code in its body.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rule_markers import RULE_DIRECTIONS

from matcher.rules import CATALOGUE

TESTS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Declared:
    """One rule marker on one test function."""

    code: str
    direction: str
    test: str
    mentions_code: bool
    """The test's body (decorators aside) contains the code as a string literal."""


def _rule_args(node: ast.expr) -> tuple[str, str] | None:
    """("H5", "breaks") when `node` is a call `<...>.rule("H5", "breaks")`, else None."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "rule"
        and len(node.args) == 2
    ):
        return None
    if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args):
        return None
    return node.args[0].value, node.args[1].value


def _aliases(tree: ast.Module) -> dict[str, tuple[str, str]]:
    aliases = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and (args := _rule_args(node.value)):
            aliases.update({t.id: args for t in node.targets if isinstance(t, ast.Name)})
    return aliases


def _strings_in(fn: ast.FunctionDef) -> set[str]:
    return {
        n.value
        for stmt in fn.body
        for n in ast.walk(stmt)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def scan_source(source: str, name: str = "<test>") -> list[Declared]:
    """Every rule marker on a test_* function (or method) of one test module's source."""
    tree = ast.parse(source)
    aliases = _aliases(tree)
    found = []
    for fn in ast.walk(tree):
        if not (isinstance(fn, ast.FunctionDef) and fn.name.startswith("test")):
            continue
        for deco in fn.decorator_list:
            args = _rule_args(deco) or (
                aliases.get(deco.id) if isinstance(deco, ast.Name) else None
            )
            if args:
                found.append(Declared(*args, f"{name}::{fn.name}", args[0] in _strings_in(fn)))
    return found


def scan_tests(paths: Iterable[Path]) -> list[Declared]:
    return [d for p in sorted(paths) for d in scan_source(p.read_text(), p.name)]


def coverage_problems(codes: Iterable[str], declared: Iterable[Declared]) -> list[str]:
    """Human-readable gaps: missing directions, unknown codes or directions, weak tests."""
    declared = list(declared)
    codes = list(codes)
    have = {(d.code, d.direction) for d in declared}
    problems = [
        f"{code} has no test marked rule({code!r}, {direction!r})"
        for code in codes
        for direction in RULE_DIRECTIONS
        if (code, direction) not in have
    ]
    for d in declared:
        if d.code not in codes:
            problems.append(f"{d.test} declares unknown rule {d.code!r}")
        if d.direction not in RULE_DIRECTIONS:
            problems.append(f"{d.test} declares unknown direction {d.direction!r}")
        if d.direction == "breaks" and not d.mentions_code:
            problems.append(f"{d.test} claims to break {d.code} but never names it")
    return problems


def test_every_catalogued_rule_is_tested_in_both_directions():
    declared = scan_tests(TESTS_DIR.rglob("test_*.py"))
    problems = coverage_problems((r.code for r in CATALOGUE), declared)
    assert not problems, "\n".join(problems)


FAKE_TESTS = """
import pytest
from pytest import mark
H1 = pytest.mark.rule("H1", "breaks")

@H1
def test_alias():
    assert report.by_rule() == {"H1": 1}

@mark.rule("H1", "passes")
def test_direct():
    assert report.ok

@pytest.mark.rule("H2", "breaks")
def test_copy_pasted():
    assert report.by_rule() == {"H1": 1}

class TestGrouped:
    @pytest.mark.rule("H9", "sideways")
    def test_method(self):
        pass

def test_unmarked():
    pass
"""


def test_scanner_reads_aliases_direct_markers_and_methods():
    found = {
        (d.code, d.direction, d.test.split("::")[1], d.mentions_code)
        for d in scan_source(FAKE_TESTS)
    }
    assert found == {
        ("H1", "breaks", "test_alias", True),
        ("H1", "passes", "test_direct", False),
        ("H2", "breaks", "test_copy_pasted", False),
        ("H9", "sideways", "test_method", False),
    }


def test_checker_fails_on_a_fake_catalogue():
    problems = coverage_problems(["H1", "H2", "S9"], scan_source(FAKE_TESTS, "fake.py"))
    assert sorted(problems) == sorted(
        [
            "H2 has no test marked rule('H2', 'passes')",
            "S9 has no test marked rule('S9', 'passes')",
            "S9 has no test marked rule('S9', 'breaks')",
            "fake.py::test_copy_pasted claims to break H2 but never names it",
            "fake.py::test_method declares unknown rule 'H9'",
            "fake.py::test_method declares unknown direction 'sideways'",
        ]
    )


def test_checker_passes_when_everything_is_covered():
    declared = [Declared("H1", "passes", "t1", False), Declared("H1", "breaks", "t2", True)]
    assert coverage_problems(["H1"], declared) == []


@pytest.mark.parametrize("code", [r.code for r in CATALOGUE])
def test_each_rule_has_a_policy_sentence(code):
    policy = next(r.policy for r in CATALOGUE if r.code == code)
    assert policy.endswith(".") and len(policy) > 20
