"""Side-by-side tables over all scenario runs, the base first.

Each table has a `scenario` column so one CSV (or sheet) compares every scenario; the
comparison table adds deltas against the base, which is what a planner reads first
("cap 30: 23 more seats unfilled, 4 recruits needed").
"""

from __future__ import annotations

import pandas as pd

from matcher.whatif.runner import ScenarioRun

COMPARISON_COLUMNS = [
    "scenario",
    "status",
    "gap",
    "seats",
    "filled",
    "unfilled",
    "filled_pct",
    "filled_pct_vs_base",
    "unfilled_vs_base",
    "cost_estimate_gbp",
    "cost_vs_base_gbp",
    "peers",
    "peers_used",
    "members_at_80pct",
    "officers_at_80pct",
    "cap_exceptions",
    "exception_days",
    "recruits_needed",
    "objective",
    "solve_seconds",
    "wall_seconds",
    "error",
]


def comparison(runs: list[ScenarioRun]) -> pd.DataFrame:
    """One row per scenario: the headline figures and their change against the base."""
    rows = []
    for run in runs:
        row = {
            "scenario": run.name,
            **run.headline,
            "wall_seconds": round(run.wall_s, 2),
            "error": (run.error or "").splitlines()[0] if run.error else "",
        }
        if run.error:
            row["status"] = "error"
        rows.append(row)
    frame = pd.DataFrame(rows).reindex(columns=COMPARISON_COLUMNS)
    base = frame.iloc[0]
    frame["filled_pct_vs_base"] = (frame["filled_pct"] - base["filled_pct"]).round(1)
    frame["unfilled_vs_base"] = frame["unfilled"] - base["unfilled"]
    frame["cost_vs_base_gbp"] = (frame["cost_estimate_gbp"] - base["cost_estimate_gbp"]).round(2)
    return frame


def stacked(runs: list[ScenarioRun], name: str) -> pd.DataFrame:
    """One per-scenario table (e.g. 'unfilled_by') for all scenarios, with `scenario`."""
    parts = [run.tables[name].assign(scenario=run.name) for run in runs if name in run.tables]
    if not parts:
        return pd.DataFrame(columns=["scenario"])
    frame = pd.concat(parts, ignore_index=True)
    return frame[["scenario", *[c for c in frame.columns if c != "scenario"]]]


def recruitment(runs: list[ScenarioRun]) -> pd.DataFrame:
    """Recommended recruits per scenario and profile, with the seats they fill."""
    rows = []
    for run in runs:
        for line in run.analysis.recruits if run.analysis else []:
            p = line.profile
            rows.append(
                {
                    "scenario": run.name,
                    "kind": p.kind.value,
                    "party": p.party.value if p.party else "",
                    "lead": p.lead,
                    "tag": p.tag or "",
                    "region": p.region,
                    "count": line.count,
                    "seats_filled": len(line.seats),
                    "seats": ";".join(line.seats),
                    "homes": ";".join(line.homes),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "kind",
            "party",
            "lead",
            "tag",
            "region",
            "count",
            "seats_filled",
            "seats",
            "homes",
        ],
    )


def exceptions(runs: list[ScenarioRun]) -> pd.DataFrame:
    """H4 cap exceptions that would fill seats: proposals needing approval, never applied."""
    rows = [
        {
            "scenario": run.name,
            "peer_id": e.peer_id,
            "kind": e.kind,
            "cap_days": e.cap,
            "extra_days": e.extra_days,
            "proposed_cap_days": e.cap + e.extra_days,
            "seats": ";".join(e.seats),
            "status": "needs approval",
        }
        for run in runs
        if run.analysis
        for e in run.analysis.exceptions
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "peer_id",
            "kind",
            "cap_days",
            "extra_days",
            "proposed_cap_days",
            "seats",
            "status",
        ],
    )


def models(runs: list[ScenarioRun]) -> pd.DataFrame:
    """Status, bound and gap of every gap model solved (recruitment, exceptions)."""
    rows = [
        {"scenario": run.name, "model": name, **info}
        for run in runs
        if run.analysis
        for name, info in run.analysis.model.items()
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "model",
            "status",
            "objective",
            "bound",
            "gap",
            "seconds",
            "seats",
            "slots",
            "pairs",
        ],
    )


def changes(runs: list[ScenarioRun]) -> pd.DataFrame:
    rows = [
        {"scenario": run.name, "change": i + 1, "what": note}
        for run in runs
        for i, note in enumerate(run.notes)
    ]
    return pd.DataFrame(rows, columns=["scenario", "change", "what"])


def all_tables(runs: list[ScenarioRun]) -> dict[str, pd.DataFrame]:
    return {
        "comparison": comparison(runs),
        "changes": changes(runs),
        "unfilled_by": stacked(runs, "unfilled_by"),
        "utilisation": stacked(runs, "utilisation"),
        "group_offices": stacked(runs, "group_offices"),
        "bottlenecks": stacked(runs, "bottlenecks"),
        "recruitment": recruitment(runs),
        "cap_exceptions": exceptions(runs),
        "gap_models": models(runs),
    }
