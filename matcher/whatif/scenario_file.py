"""Reading a scenario file: TOML in, a validated ScenarioFile out, or every problem named.

Planners edit these files by hand, so an error says where: the file, the scenario (by
name), the change (by number and type) and the field, e.g.
``plan.toml: scenario 'cap-30', change 1 (day_cap), field 'days': Input should be
greater than or equal to 0``. All problems are collected before failing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from matcher.whatif.scenario_models import ScenarioFile


class ScenarioError(ValueError):
    """A scenario file cannot be used; `.problems` lists every problem, each located."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in {source}:\n{lines}")


def load_scenarios(path: Path) -> ScenarioFile:
    """Parse and validate `path`; raises ScenarioError naming file, scenario and field."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(str(path), [f"{path}: cannot read: {exc.strerror or exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(str(path), [f"{path}: not valid TOML: {exc}"]) from None
    return parse_scenarios(raw, source=str(path))


def parse_scenarios(raw: dict[str, Any], source: str = "scenarios") -> ScenarioFile:
    """Validate already-parsed TOML data (tests and the API build dicts directly)."""
    try:
        return ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{source}: {locate(err['loc'], raw)}: " + err["msg"].removeprefix("Value error, ")
            for err in exc.errors(include_url=False)
        ]
        raise ScenarioError(source, problems) from None


def scenario_label(raw: dict[str, Any], index: int) -> str:
    """'scenario <name>' when the file gives a name, else 'scenario #<n>'."""
    scenarios = raw.get("scenario")
    if isinstance(scenarios, list) and index < len(scenarios):
        name = scenarios[index].get("name") if isinstance(scenarios[index], dict) else None
        if isinstance(name, str) and name:
            return f"scenario {name!r}"
    return f"scenario #{index + 1}"


def locate(loc: tuple, raw: dict[str, Any]) -> str:
    """A pydantic error location in the words of the file (see the module docstring)."""
    parts: list[str] = []
    rest = list(loc)
    if len(rest) >= 2 and rest[0] == "scenario" and isinstance(rest[1], int):
        parts.append(scenario_label(raw, rest[1]))
        index, rest = rest[1], rest[2:]
        if len(rest) >= 2 and rest[0] == "change" and isinstance(rest[1], int):
            change = _raw_change(raw, index, rest[1])
            kind = change.get("type") if isinstance(change, dict) else None
            parts.append(f"change {rest[1] + 1}" + (f" ({kind})" if kind else ""))
            rest = rest[2:]
            if rest and rest[0] == kind:  # pydantic repeats the union tag
                rest = rest[1:]
    elif rest and rest[0] in ("base", "run", "recruitment"):
        parts.append(f"[{rest[0]}]")
        rest = rest[1:]
    if rest:
        parts.append("field " + repr(".".join(str(p) for p in rest)))
    return ", ".join(parts) or "file"


def _raw_change(raw: dict[str, Any], scenario: int, change: int) -> Any:
    try:
        return raw["scenario"][scenario]["change"][change]
    except (KeyError, IndexError, TypeError):
        return None
