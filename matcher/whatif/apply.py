"""Build the base programme of a scenario file and derive each scenario's programme.

Derivation happens in the parent process before anything is solved, so a change that
cannot apply (an unknown region, a council code typo) fails fast with its location,
not after minutes of solving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from matcher.generate import generate_programme
from matcher.io import load_programme, reference_councils
from matcher.programme import Programme
from matcher.whatif.changes_demand import (
    apply_add_demand,
    apply_blackout,
    apply_move_windows,
    apply_remove_demand,
)
from matcher.whatif.changes_peers import apply_add_peers, apply_day_cap, apply_remove_peers
from matcher.whatif.context import ChangeContext, ChangeError
from matcher.whatif.scenario_file import ScenarioError
from matcher.whatif.scenario_models import (
    BASE_NAME,
    BaseSpec,
    Scenario,
    ScenarioFile,
    SettingsChange,
)

Applier = Callable[[Programme, object, ChangeContext], tuple[Programme, str]]


def apply_settings(
    programme: Programme, change: SettingsChange, ctx: ChangeContext
) -> tuple[Programme, str]:
    """Rule settings: H5 neighbour rule, caps, the unfilled penalty and S1-S8 weights."""
    update = change.model_dump(exclude_none=True, exclude={"type", "weights"})
    if change.weights:
        update["weights"] = {**programme.settings.weights, **change.weights}
    settings = programme.settings.model_copy(update=update)
    words = ", ".join(f"{k}={v}" for k, v in sorted(update.items()))
    return replace(programme, settings=settings), f"settings: {words}"


APPLIERS: dict[str, Applier] = {
    "day_cap": apply_day_cap,
    "add_peers": apply_add_peers,
    "remove_peers": apply_remove_peers,
    "add_demand": apply_add_demand,
    "remove_demand": apply_remove_demand,
    "move_windows": apply_move_windows,
    "blackout": apply_blackout,
    "settings": apply_settings,
}


@dataclass(frozen=True)
class DerivedScenario:
    """A scenario's programme with a note per change (what it did, in numbers)."""

    name: str
    description: str
    programme: Programme
    notes: tuple[str, ...] = ()


def base_programme(spec: BaseSpec, data_dir: Path, relative_to: Path | None = None) -> Programme:
    """The folder/workbook (relative to the scenario file) or a generated sample."""
    if spec.generate is not None:
        return generate_programme(
            spec.generate.size, spec.generate.seed, reference_councils(data_dir)
        )
    path = Path(spec.programme)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return load_programme(path, data_dir)


def apply_scenario(
    base: Programme, scenario: Scenario, seed: int = 0, source: str = "scenarios"
) -> DerivedScenario:
    """Apply the scenario's changes in order; ScenarioError says which change failed."""
    programme, notes = base, []
    for index, change in enumerate(scenario.change):
        ctx = ChangeContext(scenario.name, index, seed)
        try:
            programme, note = APPLIERS[change.type](programme, change, ctx)
        except ChangeError as exc:
            where = f"scenario {scenario.name!r}, change {index + 1} ({change.type})"
            raise ScenarioError(source, [f"{source}: {where}: {exc}"]) from None
        notes.append(note)
    return DerivedScenario(scenario.name, scenario.description, programme, tuple(notes))


def derive_all(
    base: Programme, spec: ScenarioFile, source: str = "scenarios"
) -> list[DerivedScenario]:
    """The base plus every scenario, collecting all application errors before failing."""
    out = [DerivedScenario(BASE_NAME, "the programme as it stands", base)]
    problems: list[str] = []
    for scenario in spec.scenario:
        try:
            out.append(apply_scenario(base, scenario, spec.run.seed, source))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(source, problems)
    return out
