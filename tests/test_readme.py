"""The README's rule table is the catalogue's, and its quick start matches CI."""

from __future__ import annotations

import re

from paths import REPO_ROOT

from matcher.rules import markdown_table

ROOT = REPO_ROOT


def test_readme_rule_table_is_the_catalogue():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", text, re.S)
    assert block is not None, "README lost its rules markers"
    assert block.group(1).strip() == markdown_table().strip()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ".venv/bin/python -m pytest"
    assert f"```\n{command}\n```" in readme
    assert any(line.strip() == command for line in ci.splitlines())


def test_ci_runs_the_readme_install_command_in_a_fresh_clone():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/peermatch demo"
    )
    assert f"```\n{install}\n```" in readme
    assert any(line.strip() == install for line in ci.splitlines())
    assert "git clone" in ci and "COLUMNS=60" in ci


def test_readme_and_docs_need_nothing_outside_the_repository():
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/spec" not in text, path.name
    assert "(docs/format.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
