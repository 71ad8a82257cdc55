"""PNG charts of the annual usage report for the service (issue 13).

The group-office chart is the CLI's (matcher.whatif.usage_files); this module adds the
protected-characteristic chart. Suppressed cells ("<5") draw no bar: a chart must not
show what the table hides. The page gives every value as text beside the picture.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from matcher.disclosure import SUPPRESSED
from matcher.whatif.usage_files import group_office_chart


def _share(value) -> float:
    return np.nan if value == SUPPRESSED or value is None else 100 * float(value)


def characteristic_chart(frame: pd.DataFrame, target) -> None:
    """Share of the pool vs share of days for each answer of each characteristic."""
    from matcher.whatif.charts import plt  # Agg backend, imported when needed

    pairs = zip(frame["characteristic"], frame["value"], strict=True)
    labels = [f"{c.replace('_', ' ')}: {v}" for c, v in pairs]
    y = np.arange(len(frame))
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.45 * len(frame) + 1.5)))
    ax.barh(y - 0.2, [_share(v) for v in frame["pool_share"]], 0.4, label="share of the pool")
    ax.barh(y + 0.2, [_share(v) for v in frame["days_share"]], 0.4, label="share of days placed")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("share (%)")
    ax.set_title("Days placed against the pool, by protected characteristic")
    ax.legend()
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def chart_png(kind: str, frame: pd.DataFrame) -> bytes:
    """`group_office` or `characteristic` chart as PNG bytes."""
    buffer = io.BytesIO()
    if kind == "group_office":
        group_office_chart(frame, buffer)
    else:
        characteristic_chart(frame, buffer)
    return buffer.getvalue()
