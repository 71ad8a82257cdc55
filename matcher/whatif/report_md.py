"""summary.md: the what-if run in words and tables a planner can paste into a paper."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from matcher.whatif.runner import ScenarioRun

SIDE_BY_SIDE = [
    ("scenario", "scenario"),
    ("status", "status"),
    ("gap", "gap"),
    ("filled_pct", "filled %"),
    ("filled_pct_vs_base", "vs base (pts)"),
    ("unfilled", "unfilled"),
    ("cost_estimate_gbp", "cost £"),
    ("cost_vs_base_gbp", "cost vs base £"),
    ("members_at_80pct", "members ≥80% cap"),
    ("officers_at_80pct", "officers ≥80% cap"),
    ("cap_exceptions", "cap exceptions"),
    ("recruits_needed", "recruits"),
]
TOP_BOTTLENECKS = 5


PERCENT_KEYS = {"gap", "scarcity"}


def _cell(value, key: str = "") -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "-"
    if key in PERCENT_KEYS and isinstance(value, int | float):
        return f"{value:.2%}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "/")


def markdown_table(frame: pd.DataFrame, columns: Iterable[tuple[str, str]] | None = None) -> str:
    cols = list(columns or [(c, c) for c in frame.columns])
    lines = ["| " + " | ".join(label for _, label in cols) + " |", "|" + "---|" * len(cols)]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(_cell(row.get(key), key) for key, _ in cols) + " |")
    return "\n".join(lines)


def _scenario_section(run: ScenarioRun, tables: dict[str, pd.DataFrame]) -> list[str]:
    out = [f"## {run.name}", ""]
    if run.description:
        out += [run.description, ""]
    out += [f"- {note}" for note in run.notes] + ([""] if run.notes else [])
    if run.error:
        return out + ["**Failed:**", "", "```", run.error.strip(), "```", ""]
    h = run.headline
    out.append(
        f"Status {h.get('status')} (gap {_cell(h.get('gap'), 'gap')}); "
        f"{h.get('filled')} of {h.get('seats')} seats filled "
        f"({h.get('filled_pct')}%), cost estimate £{_cell(h.get('cost_estimate_gbp'))}."
    )
    out.append("")
    necks = tables["bottlenecks"]
    necks = necks[(necks["scenario"] == run.name) & (necks["scarcity"] > 0)]
    if len(necks):
        out += [
            "Scarcest seat types (unfilled, or filled only by peers left at their cap):",
            "",
            markdown_table(necks.head(TOP_BOTTLENECKS).drop(columns="scenario")),
            "",
        ]
    if run.analysis is not None:
        out += [f"**Recruitment:** {run.analysis.sentence()}", ""]
        if run.analysis.verified_filled is not None:
            out += [
                f"Checked by re-running the batch with the recruits added: "
                f"{run.analysis.verified_unfilled} seats left unfilled.",
                "",
            ]
        n = len(run.analysis.exceptions)
        if n:
            days = sum(e.extra_days for e in run.analysis.exceptions)
            out += [
                f"**Cap exceptions (H4, proposals needing approval):** {n} peers, "
                f"{days} days above their caps (cap_exceptions.csv).",
                "",
            ]
    return out


def summary_markdown(
    title: str,
    source: str,
    params: dict,
    runs: list[ScenarioRun],
    tables: dict[str, pd.DataFrame],
    charts: dict[str, str],
) -> str:
    """The whole summary: settings, the side-by-side table, charts, then each scenario."""
    lines = [
        f"# {title}",
        "",
        f"Base: {source}. Generated {datetime.now():%Y-%m-%d %H:%M}. Every scenario is "
        f"one batch solve with the same settings: "
        + ", ".join(f"{k} {v}" for k, v in params.items())
        + ".",
        "",
        "## Side by side",
        "",
        markdown_table(tables["comparison"], SIDE_BY_SIDE),
        "",
        "Gap: the solver's relative optimality gap (0 = proven optimal). "
        "Cost: the S3 expense estimate of the plan. Members/officers ≥80% cap: peers "
        "whose days reach 80% of their H4 day cap.",
        "",
    ]
    for name, path in charts.items():
        lines += [f"![{name.replace('_', ' ')}]({path})", ""]
    for run in runs:
        lines += _scenario_section(run, tables)
    lines += [
        "## Files",
        "",
        "comparison.csv, changes.csv, unfilled_by.csv, utilisation.csv, "
        "group_offices.csv, bottlenecks.csv, recruitment.csv, cap_exceptions.csv, "
        "gap_models.csv (all also in whatif.xlsx); charts/*.png; scenarios/<name>/ "
        "holds each scenario's plan (assignments.csv, unfilled.csv, summary.json, "
        "peermatch.xlsx).",
        "",
    ]
    return "\n".join(lines)
