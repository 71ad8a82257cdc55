"""PNG charts of a what-if run (matplotlib, Agg: no display needed on servers or CI).

Every chart has a title, labelled axes with units and a legend naming the scenarios, so
it reads on its own when pasted into a board paper.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

DPI = 120


def _grouped_bars(
    ax, frame: pd.DataFrame, index: str, value: str, horizontal: bool = False
) -> None:
    """One bar per (index value, scenario), scenarios side by side."""
    table = frame.pivot_table(
        index=index, columns="scenario", values=value, aggfunc="sum", fill_value=0, sort=True
    )
    order = list(dict.fromkeys(frame["scenario"]))
    table = table.reindex(columns=[s for s in order if s in table.columns])
    positions = np.arange(len(table.index))
    width = 0.8 / max(1, len(table.columns))
    draw = ax.barh if horizontal else ax.bar
    for i, scenario in enumerate(table.columns):
        draw(
            positions + i * width - 0.4 + width / 2,
            table[scenario].to_numpy(),
            width,
            label=scenario,
        )
    ticks = ax.set_yticks if horizontal else ax.set_xticks
    ticks(positions, [str(v) for v in table.index])
    ax.legend(title="scenario", fontsize="small")


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def utilisation_histogram(bins: pd.DataFrame, path: Path) -> Path:
    """Peers per 10% band of their day cap (H4), members and officers side by side."""
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), sharey=False)
    for ax, kind in zip(axes, ("member", "officer"), strict=True):
        _grouped_bars(ax, bins[bins["kind"] == kind], "band", "peers")
        ax.set_title(f"{kind.capitalize()} peers: share of day cap used")
        ax.set_xlabel("days used / day cap (%, 10-point bands)")
        ax.set_ylabel("peers (count)")
        ax.tick_params(axis="x", labelrotation=45)
    fig.suptitle("Utilisation of day caps (H4) by scenario")
    return _save(fig, path)


def unfilled_by(unfilled: pd.DataFrame, dimension: str, path: Path, title: str, label: str) -> Path:
    """Unfilled seats per value of one dimension (month, seat type), by scenario."""
    rows = unfilled[(unfilled["dimension"] == dimension)]
    keep = rows.groupby("value")["unfilled"].transform("sum") > 0
    rows = rows[keep] if keep.any() else rows.head(0)
    horizontal = dimension == "seat_type"
    n = max(1, rows["value"].nunique())
    size = (10, max(3.5, 0.45 * n + 1.5)) if horizontal else (max(8, 0.7 * n + 3), 4.8)
    fig, ax = plt.subplots(figsize=size)
    if len(rows):
        _grouped_bars(ax, rows, "value", "unfilled", horizontal=horizontal)
    else:
        ax.text(
            0.5,
            0.5,
            "no unfilled seats in any scenario",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    value_axis, count_axis = (
        (ax.set_ylabel, ax.set_xlabel) if horizontal else (ax.set_xlabel, ax.set_ylabel)
    )
    value_axis(label)
    count_axis("unfilled seats (count)")
    if not horizontal:
        ax.tick_params(axis="x", labelrotation=45)
    ax.set_title(title)
    return _save(fig, path)


def coverage(comparison: pd.DataFrame, path: Path) -> Path:
    """Seats filled (%) per scenario, the base first, each bar labelled with its value."""
    fig, ax = plt.subplots(figsize=(max(6, 0.8 * len(comparison) + 2), 4.8))
    values = comparison["filled_pct"].fillna(0).to_numpy(dtype=float)
    bars = ax.bar(comparison["scenario"].astype(str), values, color="tab:blue")
    bars[0].set_color("tab:gray")
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(
            f"{value:.1f}%",
            (bar.get_x() + bar.get_width() / 2, value),
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.set_ylim(min(80.0, float(values.min()) - 5 if len(values) else 0), 101)
    ax.set_xlabel("scenario (grey: base)")
    ax.set_ylabel("seats filled (%)")
    ax.set_title("Coverage: share of seats filled per scenario")
    ax.tick_params(axis="x", labelrotation=30)
    return _save(fig, path)


def write_charts(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """All four charts into `folder`; returns their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    unfilled = tables["unfilled_by"]
    return {
        "utilisation_histogram": utilisation_histogram(
            tables["utilisation"], folder / "utilisation_histogram.png"
        ),
        "unfilled_by_month": unfilled_by(
            unfilled,
            "month",
            folder / "unfilled_by_month.png",
            "Unfilled seats by month of the team's start",
            "start month (YYYY-MM)",
        ),
        "unfilled_by_seat_type": unfilled_by(
            unfilled,
            "seat_type",
            folder / "unfilled_by_seat_type.png",
            "Unfilled seats by seat type",
            "seat type (challenge type / seat)",
        ),
        "coverage": coverage(tables["comparison"], folder / "coverage.png"),
    }
