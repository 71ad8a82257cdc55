"""Meta-test: rule codes are written as `RuleId` members, not string literals.

A rule's behaviour lives in its module under matcher/rules/ and the validator's own check
in matcher/validation/; everywhere else a code such as "H5" written as a bare string is a
sign the rule is being re-implemented by hand. The count (string constants that are
exactly a rule code, docstrings aside) must stay at or below LIMIT. When issue 10 opened
there were 200 such literals outside the two packages; after the registry, 0.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from paths import REPO_ROOT

LIMIT = 30
PACKAGES = ("cli", "api", "matcher", "solver")
EXEMPT = ("matcher/rules/", "matcher/validation/")
CODE = re.compile(r"^[HS][1-9]$")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            out.add(id(body[0].value))
    return out


def code_literals(source: str) -> int:
    """String constants in `source` that are exactly a rule code (docstrings aside)."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return sum(
        isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and CODE.match(n.value) is not None
        and id(n) not in docs
        for n in ast.walk(tree)
    )


def literal_counts(root: Path = REPO_ROOT) -> Counter:
    counts: Counter = Counter()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if not rel.startswith(EXEMPT):
                counts[rel] = code_literals(path.read_text(encoding="utf-8"))
    return +counts


def test_the_counter_sees_codes_but_not_docstrings_or_sentences():
    source = '''"""H5 in a docstring."""
def f(points):
    """S1 here too."""
    return points["S1"] + weight("H5") + len("H5: a sentence") + points[RuleId.S3]
'''
    assert code_literals(source) == 2


def test_rule_code_literals_outside_the_rules_and_the_validator_stay_few():
    counts = literal_counts()
    assert sum(counts.values()) <= LIMIT, f"rule-code string literals by file: {dict(counts)}"
