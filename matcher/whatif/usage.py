"""The usage report: the annual-report view of who the pool is used for.

- days and placements by political group office against each office's share of the pool
  (S4 fair use);
- days and placements by protected characteristic (gender, ethnicity, disability) against
  the pool, *aggregates only*, every value listed (zeros included): small counts are
  hidden by matcher.disclosure (the one threshold, with complementary suppression so
  none can be recovered from the total). Placements and days describing a small number
  of peers are hidden with them. Missing and "prefer not to say" are reported together
  as "not given" (DOMAIN.md, S2);
- peers unused for 12 months: no seat starting in the 12 months up to `as_of` and no days
  used this financial year. This list carries no equalities data, ever.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from matcher.disclosure import SUPPRESSED, hidden_cells, is_small
from matcher.models import Assignment, Gender, Peer, PeerKind, YesNoUnsaid
from matcher.programme import Programme
from matcher.whatif.context import year_end

NOT_GIVEN = "not given"
CHARACTERISTICS = ("gender", "ethnic_minority", "disability")
_UNSAID = "prefer_not_to_say"
VALUES = {
    "gender": sorted([g.value for g in Gender if g.value != _UNSAID] + [NOT_GIVEN]),
    "ethnic_minority": sorted([v.value for v in YesNoUnsaid if v.value != _UNSAID] + [NOT_GIVEN]),
    "disability": sorted([v.value for v in YesNoUnsaid if v.value != _UNSAID] + [NOT_GIVEN]),
}
"""Every value a characteristic can take in the report: all are listed, zeros included,
so a group never has a lone cell whose count the total would give away."""
COUNT_COLUMNS = ("pool_peers", "peers_used", "placements", "days")


@dataclass
class UsageReport:
    as_of: date
    by_group_office: pd.DataFrame
    by_characteristic: pd.DataFrame
    unused: pd.DataFrame
    totals: dict


def _value(peer: Peer, characteristic: str) -> str:
    raw = getattr(peer, characteristic)
    if raw is None or raw.value == _UNSAID:
        return NOT_GIVEN
    return raw.value


def _use(programme: Programme, assignments: list[Assignment]) -> tuple[Counter, Counter]:
    """Placements and days charged per peer (shadow seats: a placement, no days, H4)."""
    placements: Counter = Counter()
    days: Counter = Counter()
    for a in assignments:
        placements[a.peer_id] += 1
        if not programme.seat_by_key[(a.challenge_id, a.seat_id)].shadow:
            days[a.peer_id] += programme.challenge_by_id[a.challenge_id].charged_days
    return placements, days


def _aggregate(
    peers: list[Peer], key, placements: Counter, days: Counter, values: tuple[str, ...] = ()
) -> pd.DataFrame:
    rows: dict[str, Counter] = {value: Counter() for value in values}
    for peer in peers:
        row = rows.setdefault(key(peer), Counter())
        row["pool_peers"] += 1
        row["peers_used"] += placements[peer.peer_id] > 0
        row["placements"] += placements[peer.peer_id]
        row["days"] += days[peer.peer_id]
    frame = pd.DataFrame(
        [{"value": k, **{c: int(v[c]) for c in COUNT_COLUMNS}} for k, v in sorted(rows.items())]
    )
    totals = frame[list(COUNT_COLUMNS)].sum()
    frame["pool_share"] = (frame["pool_peers"] / max(1, totals["pool_peers"])).round(3)
    frame["days_share"] = (frame["days"] / max(1, totals["days"])).round(3)
    return frame


def suppress(frame: pd.DataFrame) -> pd.DataFrame:
    """Small-count suppression of one group's rows (matcher.disclosure); shares follow.
    Placements and days of a small number of peers used are hidden with that number."""
    out = frame.astype(object).copy()
    few = [is_small(int(n)) for n in frame["peers_used"]]
    hidden = pd.DataFrame(False, index=frame.index, columns=list(COUNT_COLUMNS))
    for col in COUNT_COLUMNS:
        also = few if col in ("placements", "days") else None
        hidden[col] = hidden_cells([int(n) for n in frame[col]], also)
        out.loc[hidden[col], col] = SUPPRESSED
    out.loc[hidden["pool_peers"], "pool_share"] = SUPPRESSED
    out.loc[hidden["days"], "days_share"] = SUPPRESSED
    return out


def by_characteristic(programme: Programme, placements: Counter, days: Counter) -> pd.DataFrame:
    peers = list(programme.peers)
    parts = [
        suppress(
            _aggregate(peers, lambda p, c=c: _value(p, c), placements, days, tuple(VALUES[c]))
        ).assign(characteristic=c)
        for c in CHARACTERISTICS
    ]
    frame = pd.concat(parts, ignore_index=True)
    return frame[["characteristic", "value", *COUNT_COLUMNS, "pool_share", "days_share"]]


def by_group_office(programme: Programme, placements: Counter, days: Counter) -> pd.DataFrame:
    """Member peers per group office, and officers as one row, each against the pool."""

    frame = suppress(_aggregate(list(programme.peers), _office, placements, days))
    frame = frame.rename(columns={"value": "group_office"})
    return frame[["group_office", *COUNT_COLUMNS, "pool_share", "days_share"]]


def unused_peers(programme: Programme, assignments: list[Assignment], as_of: date) -> list[Peer]:
    """Peers with no seat starting in the 12 months to `as_of` and no days used this year."""
    since = as_of - timedelta(days=365)
    used = {a.peer_id for a in assignments if since < a.start_date <= as_of}
    return [p for p in programme.peers if p.peer_id not in used and p.days_used == 0]


def unused_by_group_office(programme: Programme, unused: list[Peer]) -> pd.DataFrame:
    """Unused peers counted per group office (officers as one row): aggregates only, never a
    name; small counts hidden like the rest of the report (matcher.disclosure)."""
    pool = Counter(_office(p) for p in programme.peers)
    idle = Counter(_office(p) for p in unused)
    rows = [
        {"group_office": office, "pool_peers": pool[office], "unused_peers": idle[office]}
        for office in sorted(pool)
    ]
    frame = pd.DataFrame(rows, columns=["group_office", "pool_peers", "unused_peers"])
    out = frame.astype(object)
    for column in ("pool_peers", "unused_peers"):
        out.loc[hidden_cells([int(n) for n in frame[column]]), column] = SUPPRESSED
    return out


def _office(peer: Peer) -> str:
    return peer.group_office.value if peer.kind is PeerKind.MEMBER else "officers"


def usage_report(
    programme: Programme, assignments: list[Assignment], as_of: date | None = None
) -> UsageReport:
    """The whole usage report for a plan (a run's assignments or confirmed placements)."""
    as_of = as_of or year_end(programme)
    placements, days = _use(programme, assignments)
    unused = unused_peers(programme, assignments, as_of)
    totals = {
        "peers": len(programme.peers),
        "peers_used": len(placements),
        "placements": sum(placements.values()),
        "days": sum(days.values()),
        "unused_12_months": len(unused),
        "as_of": as_of.isoformat(),
    }
    return UsageReport(
        as_of,
        by_group_office(programme, placements, days),
        by_characteristic(programme, placements, days),
        unused_by_group_office(programme, unused),
        totals,
    )
