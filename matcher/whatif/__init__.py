"""What-if capacity planning: scenarios side by side, bottlenecks, recruitment, usage.

Public API:
- `load_scenarios(path)` / `parse_scenarios(dict)` -> ScenarioFile (docs/whatif.md);
  ScenarioError names the file, scenario, change and field of every problem;
- `base_programme(spec.base, data_dir, relative_to)` and `apply_scenario(base, scenario)`
  -> a DerivedScenario (a new Programme plus a note per change);
- `run_whatif(spec, base, out, engine=None)` -> WhatIfReport: every scenario solved (local
  process pool, serial, or Dask) and the report written (tables, summary.md, charts);
- `analyse_gaps(programme, batch_result, costs, params)` -> GapAnalysis: cap exceptions
  (H4 proposals) and the smallest recruitment that fills the unfilled seats;
- `usage_report(programme, assignments)` -> UsageReport: the annual-report view.
"""

from matcher.whatif.apply import DerivedScenario, apply_scenario, base_programme, derive_all
from matcher.whatif.recruitment import GapAnalysis, analyse_gaps
from matcher.whatif.scenario_file import ScenarioError, load_scenarios, parse_scenarios
from matcher.whatif.scenario_models import BASE_NAME, ScenarioFile
from matcher.whatif.session import WhatIfReport, run_whatif

__all__ = [
    "BASE_NAME",
    "DerivedScenario",
    "GapAnalysis",
    "ScenarioError",
    "ScenarioFile",
    "WhatIfReport",
    "analyse_gaps",
    "apply_scenario",
    "base_programme",
    "derive_all",
    "load_scenarios",
    "parse_scenarios",
    "run_whatif",
]
