"""Writing the usage report: CSV tables, usage.xlsx, usage.md and one chart.

The plan it describes is a stored run's assignments, an assignments file, or (by default)
the programme's own placements, each dated at its challenge's earliest start.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.batch.workbook import write_people_workbook
from matcher.disclosure import SUPPRESS_BELOW, SUPPRESSED
from matcher.io import write_tables
from matcher.models import Assignment
from matcher.plan_usage import placement_assignment
from matcher.programme import Programme
from matcher.whatif.report_md import markdown_table
from matcher.whatif.usage import UsageReport


def placements_as_assignments(programme: Programme) -> list[Assignment]:
    """The programme's placements (proposed and confirmed) as a plan to report on, each
    at its own start where it names one (matcher.plan_usage.placement_assignment)."""
    return [placement_assignment(programme, p) for p in programme.placements]


def _share(value) -> float:
    return float(value) if value != SUPPRESSED else np.nan


def group_office_chart(frame: pd.DataFrame, path: Path) -> Path:
    """Share of the pool vs share of days per group office (S4), suppressed bars omitted."""
    from matcher.whatif.charts import plt  # matplotlib, Agg backend, imported when needed

    fig, ax = plt.subplots(figsize=(8, 4.5))
    x = np.arange(len(frame))
    ax.bar(x - 0.2, [100 * _share(v) for v in frame["pool_share"]], 0.4, label="share of the pool")
    ax.bar(
        x + 0.2, [100 * _share(v) for v in frame["days_share"]], 0.4, label="share of days placed"
    )
    ax.set_xticks(x, frame["group_office"].astype(str), rotation=20)
    ax.set_xlabel("group office (member peers) / officer peers")
    ax.set_ylabel("share (%)")
    ax.set_title("Days placed against the pool, by group office")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def usage_markdown(report: UsageReport, source: str) -> str:
    t = report.totals
    return "\n".join(
        [
            "# Peer usage report",
            "",
            f"Plan: {source}. Twelve months to {report.as_of:%d %B %Y}.",
            "",
            f"{t['peers_used']:,} of {t['peers']:,} peers placed, {t['placements']:,} placements, "
            f"{t['days']:,} days charged (H4); {t['unused_12_months']:,} peers unused for 12 "
            "months (by group office in unused_by_group_office.csv; no names).",
            "",
            "## By group office",
            "",
            markdown_table(report.by_group_office),
            "",
            "![days by group office](charts/usage_group_offices.png)",
            "",
            "## By protected characteristic (aggregates only)",
            "",
            f'Counts from 1 to {SUPPRESS_BELOW - 1} are shown as "{SUPPRESSED}", with one more '
            'cell suppressed where needed so none can be worked out from the total. "not '
            'given" counts missing and "prefer not to say" together.',
            "",
            markdown_table(report.by_characteristic),
            "",
        ]
    )


def write_usage(report: UsageReport, out: Path, source: str) -> dict[str, Path]:
    """All usage files into `out`; returns their paths by name."""
    out = Path(out)
    tables = {
        "usage_by_group_office": report.by_group_office,
        "usage_by_characteristic": report.by_characteristic,
        "unused_by_group_office": report.unused,
    }
    write_tables(tables, out)
    about = [
        (
            "What this is",
            "The peer usage report: who took part, by group office and by "
            "protected characteristic, against the pool. Aggregates only: no peer is named.",
        ),
        ("Plan", source),
        ("Period", f"the twelve months to {report.as_of:%d %B %Y}"),
        ("Written", datetime.now(UTC).strftime("%d %B %Y %H:%M UTC")),
        (
            "How to read it",
            f"Counts from 1 to {SUPPRESS_BELOW - 1} show as '{SUPPRESSED}' (and "
            "one more cell where a total would give them away); 'not given' counts missing and "
            "'prefer not to say' together. Shadow seats are placements but charge no days.",
        ),
    ]
    write_people_workbook(
        out / "usage.xlsx",
        about,
        {
            "By group office": report.by_group_office,
            "By characteristic": report.by_characteristic,
            "Unused by group office": report.unused,
        },
    )
    (out / "usage.md").write_text(usage_markdown(report, source), encoding="utf-8")
    files = {n: out / f"{n}.csv" for n in tables} | {
        "workbook": out / "usage.xlsx",
        "summary": out / "usage.md",
    }
    try:
        (out / "charts").mkdir(exist_ok=True)
        files["chart"] = group_office_chart(
            report.by_group_office, out / "charts" / "usage_group_offices.png"
        )
    except ImportError:  # matplotlib missing: the tables and summary still stand
        pass
    return files
