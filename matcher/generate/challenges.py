"""Synthetic challenges over one financial year at real client councils.

Drawn as columns (types, clients, start windows as day offsets from the year start), then
sorted by date so ids run in time order and every progress review's `follows` points to an
earlier CPC at the same council.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from matcher.councils import CouncilRegistry
from matcher.generate import distributions as d
from matcher.generate.common import padded_ids, to_dates
from matcher.generate.peers import PeerPool
from matcher.models import Challenge

TYPE_ORDER = ("cpc", "finance", "governance", "progress_review", "mentoring")
MAX_ONSITE = max(hi for _, hi in d.ONSITE_DAYS.values())
WEEK = 7


def type_counts(n: int) -> dict[str, int]:
    """Exact counts per type (rounded shares; CPCs take the remainder)."""
    counts = {t: round(d.TYPE_SHARES[t] * n) for t in TYPE_ORDER if t != "cpc"}
    return {"cpc": n - sum(counts.values()), **counts}


def monday_weights(day0: date) -> tuple[np.ndarray, np.ndarray]:
    """Offsets of every Monday a challenge can start on, and how likely each is: August,
    the fortnight around Christmas and the May election week are mostly avoided."""
    year_end = date(day0.year + 1, day0.month, day0.day) - timedelta(days=1)
    first = day0 + timedelta(days=-day0.weekday() % 7)
    mondays = []
    while first + timedelta(days=MAX_ONSITE - 1) <= year_end:
        mondays.append(first)
        first += timedelta(days=WEEK)
    weights = np.ones(len(mondays))
    for i, m in enumerate(mondays):
        if m.month == 8:
            weights[i] = d.QUIET_WEEK_WEIGHTS["august"]
        elif date(m.year, 12, 16) <= m or m <= date(m.year, 1, 2):
            weights[i] = d.QUIET_WEEK_WEIGHTS["christmas"]
        elif m.month == 5 and m.day <= 7:
            weights[i] = d.QUIET_WEEK_WEIGHTS["election"]
    offsets = np.array([(m - day0).days for m in mondays])
    return offsets, weights / weights.sum()


def _window_weeks(rng: np.random.Generator, n: int) -> np.ndarray:
    """0 (fixed date) for ~15%, else a window of 1-3 more Mondays."""
    weeks = rng.integers(1, d.MAX_WINDOW_WEEKS + 1, size=n)
    return np.where(rng.random(n) < d.FIXED_DATE_SHARE, 0, weeks)


def _starts(
    rng: np.random.Generator, n: int, mondays: np.ndarray, p: np.ndarray, last: int
) -> tuple[np.ndarray, np.ndarray]:
    """Earliest (weighted Monday up to `last`) and latest start offsets for n challenges."""
    allowed = mondays <= last
    earliest = rng.choice(mondays[allowed], size=n, p=p[allowed] / p[allowed].sum())
    latest = np.minimum(earliest + WEEK * _window_weeks(rng, n), mondays[-1])
    return earliest, latest


def _clients(rng: np.random.Generator, counts: dict[str, int], n_councils: int) -> np.ndarray:
    """Client council per non-review challenge (in TYPE_ORDER blocks): CPCs cycle through
    shuffled councils so no council gets two until every council has had one."""
    cycles = -(-counts["cpc"] // n_councils)
    cpc = np.concatenate([rng.permutation(n_councils) for _ in range(cycles)])[: counts["cpc"]]
    others = sum(v for t, v in counts.items() if t not in ("cpc", "progress_review"))
    return np.concatenate([cpc, rng.integers(n_councils, size=others)])


def _columns(
    rng: np.random.Generator, n: int, n_councils: int, day0: date
) -> dict[str, np.ndarray]:
    """Type, client, window and `follows` (row index, -1 for none) for every challenge."""
    counts = type_counts(n)
    mondays, p = monday_weights(day0)
    types = np.repeat(
        [t for t in TYPE_ORDER if t != "progress_review"],
        [counts[t] for t in TYPE_ORDER if t != "progress_review"],
    )
    client = _clients(rng, counts, n_councils)
    earliest, latest = _starts(rng, types.size, mondays, p, mondays[-1])
    n_pr = counts["progress_review"]
    parents = rng.choice(counts["cpc"], size=n_pr, replace=False)
    gap_room = WEEK * (d.PR_GAP_WEEKS[0] + 2 * d.MAX_WINDOW_WEEKS)
    earliest[parents], latest[parents] = _starts(rng, n_pr, mondays, p, mondays[-1] - gap_room)
    pr_weeks = _window_weeks(rng, n_pr)
    gap = WEEK * rng.integers(d.PR_GAP_WEEKS[0], d.PR_GAP_WEEKS[1] + 1, size=n_pr)
    pr_earliest = np.minimum(latest[parents] + gap, mondays[-1] - WEEK * pr_weeks)
    return {
        "type": np.concatenate([types, np.full(n_pr, "progress_review")]),
        "client": np.concatenate([client, client[parents]]),
        "earliest": np.concatenate([earliest, pr_earliest]),
        "latest": np.concatenate([latest, pr_earliest + WEEK * pr_weeks]),
        "follows": np.concatenate([np.full(types.size, -1), parents]),
    }


def _days(rng: np.random.Generator, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Onsite days and charged days (onsite plus preparation) by type."""
    lo_on, hi_on = (np.array([d.ONSITE_DAYS[t][i] for t in types]) for i in (0, 1))
    lo_pr, hi_pr = (np.array([d.PREP_DAYS[t][i] for t in types]) for i in (0, 1))
    onsite = rng.integers(lo_on, hi_on + 1)
    return onsite, onsite + rng.integers(lo_pr, hi_pr + 1)


def _diversity(rng: np.random.Generator, types: np.ndarray) -> dict[str, np.ndarray]:
    """S2 minimums: women 1-2 (1 on two-seat reviews), ethnic minority 1, disability 1;
    none on one-seat mentoring; a few marked required."""
    n = types.size
    teams = types != "mentoring"
    big = np.isin(types, ["cpc", "finance", "governance"])
    women = np.where(rng.random(n) < d.MIN_WOMEN_SHARE, np.where(big, rng.integers(1, 3, n), 1), 0)
    columns = {
        "min_women": np.where(teams, women, 0),
        "min_ethnic_minority": (teams & (rng.random(n) < d.MIN_ETHNIC_MINORITY_SHARE)) * 1,
        "min_disability": (teams & (rng.random(n) < d.MIN_DISABILITY_SHARE)) * 1,
    }
    any_min = sum(columns.values()) > 0
    columns["diversity_required"] = any_min & (rng.random(n) < d.DIVERSITY_REQUIRED_SHARE)
    return columns


def _leader_overrides(
    rng: np.random.Generator, client: np.ndarray, councils: CouncilRegistry
) -> list[str | None]:
    """H7 override, rarely: at NOC councils another main party sometimes leads."""
    pick = rng.random(client.size) < d.LEADER_OVERRIDE_SHARE_NOC
    choice = rng.integers(2, size=client.size)
    overrides: list[str | None] = []
    for c, chosen, k in zip(client.tolist(), pick.tolist(), choice.tolist(), strict=True):
        council = councils[councils.codes[c]]
        others = [p for p in ("con", "lab", "ld") if p != council.leader_party][:2]
        noc = council.political_control.strip().upper() == "NOC"
        overrides.append(others[k] if chosen and noc else None)
    return overrides


def _peer_picks(
    rng: np.random.Generator,
    client: np.ndarray,
    pool: PeerPool,
    councils: CouncilRegistry,
    share: float,
    leads_only: bool,
) -> list[tuple]:
    """One or two plausible peers for a few challenges: from outside the client's two-tier
    area and neighbours (else the pick would be moot), lead peers only for requests."""
    chosen = rng.random(client.size) < share
    sizes = rng.integers(1, 3, size=client.size)
    areas, near = councils.area_index, councils.neighbour_matrix
    picks: list[tuple] = []
    for c, take, k in zip(client.tolist(), chosen.tolist(), sizes.tolist(), strict=True):
        if not take:
            picks.append(())
            continue
        ok = (areas[pool.home] != areas[c]) & ~near[c, pool.home]
        candidates = np.flatnonzero(ok & pool.lead if leads_only else ok)
        found = rng.choice(candidates, size=min(k, candidates.size), replace=False)
        picks.append(tuple(sorted(pool.ids[i] for i in found.tolist())))
    return picks


def draw_challenges(
    rng: np.random.Generator, n: int, councils: CouncilRegistry, pool: PeerPool, day0: date
) -> tuple[Challenge, ...]:
    """The programme's challenges, ids C0001... in order of earliest start."""
    cols = _columns(rng, n, len(councils), day0)
    type_rank = np.array([TYPE_ORDER.index(t) for t in cols["type"]])
    order = np.lexsort((cols["client"], type_rank, cols["latest"], cols["earliest"]))
    cols = {k: v[order] for k, v in cols.items()}
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)  # old row -> new row, to remap `follows`
    ids = padded_ids("C", n, 4)
    onsite, charged = _days(rng, cols["type"])
    vetoes = _peer_picks(rng, cols["client"], pool, councils, d.VETO_SHARE, False)
    requests = _peer_picks(rng, cols["client"], pool, councils, d.REQUEST_SHARE, True)
    extra = {
        **_diversity(rng, cols["type"]),
        "leader_party": _leader_overrides(rng, cols["client"], councils),
        "vetoes": vetoes,
        "requests": [
            tuple(r for r in req if r not in veto)
            for req, veto in zip(requests, vetoes, strict=True)
        ],
    }
    return tuple(
        Challenge(
            challenge_id=ids[i],
            council=councils.codes[cols["client"][i]],
            type=cols["type"][i],
            onsite_days=int(onsite[i]),
            charged_days=int(charged[i]),
            earliest_start=early,
            latest_start=late,
            follows=ids[rank[cols["follows"][i]]] if cols["follows"][i] >= 0 else None,
            **{k: v[i].item() if isinstance(v, np.ndarray) else v[i] for k, v in extra.items()},
        )
        for i, (early, late) in enumerate(
            zip(to_dates(day0, cols["earliest"]), to_dates(day0, cols["latest"]), strict=True)
        )
    )
