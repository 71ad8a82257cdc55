"""Rule instances as waiver literals: the model behind diagnosis and relaxation.

Every (peer, seat, start) of the seat's population (right kind, tags, lead flag: H1) is
a candidate; the rule instances that exclude it become its waivers: H3 and H6 per peer,
H4 per peer (a day-cap exception), H5 per peer or, for the relaxation, the neighbour
clause per seat, H7 per seat (its party rule); team rules add the H7 mix and each
required S2 minimum. `diagnose` switches every waiver off as an assumption and asks for a
core; `relax` lets the relaxable ones on at a cost. The window can be widened by a week
each way (an option waiver). Peers withdrawn by the request are never candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from matcher.shortlist.candidates import ChallengeView
from matcher.shortlist.problem import pinned, team_problem
from solver.team import Count, TeamProblem

RELAX_COST = {"window": 2, "H4": 3, "H5": 4, "S2": 5, "H7": 6, "H7-mix": 6}
"""Cost of one relaxation by family: a week's date shift is the easiest to agree, a day-cap
exception needs the group office or employer to approve, lifting the neighbour rule for a
seat, making a diversity minimum a preference and relaxing a party rule need the client
and the political group offices (a relaxation's total is the sum of its parts)."""
PER_WAY = 8
"""Peers per seat and way into it (set of waived rule families) in the waiver model."""


@dataclass
class WaiverProblem:
    built: TeamProblem
    view: ChallengeView
    offset: int
    keys: list[tuple] = field(default_factory=list)
    forced: list[tuple[int, int]] = field(default_factory=list)
    widened: tuple[int, int] = (0, 0)
    """Options added before and after the window (relaxation only)."""


def widened_view(view: ChallengeView) -> tuple[ChallengeView, tuple[int, int]]:
    """The view with one more start a week before and after the allowed ones."""
    early = view.options[0] - timedelta(days=7)
    late = view.options[-1] + timedelta(days=7)
    options = [early, *view.options, late]
    return ChallengeView.of(view.index, view.challenge.challenge_id, options, view.exclude_peers), (
        1,
        1,
    )


def neighbour_only(view: ChallengeView, o: int) -> np.ndarray:
    """H5 exclusions due to the neighbour clause alone (the one a seat may have lifted)."""
    elig, reg, ch = view.index.elig, view.index.programme.councils, view.challenge
    if not view.index.programme.settings.neighbour_rule:
        return np.zeros(view.n, dtype=bool)
    client = reg.index[ch.council]
    home = view.index.peers.home
    neighbour = reg.neighbour_matrix[client][home]
    other = (home == client) | (reg.area_index[home] == reg.area_index[client])
    at_client = elig.cf_council == client
    start = view.options[o]
    recent = (elig.cf_until < 0) | (start.year - elig.cf_until <= 5)
    other[elig.cf_peer[at_client & (~elig.cf_former | recent)]] = True
    other[[elig.peer_index[v] for v in ch.vetoes if v in elig.peer_index]] = True
    return neighbour & ~other


class _Keys:
    def __init__(self):
        self.ids: dict[tuple, int] = {}

    def __call__(self, key: tuple) -> int:
        return self.ids.setdefault(key, len(self.ids))


def seat_waivers(
    view: ChallengeView, s: int, o: int, relax: bool, keys: _Keys
) -> tuple[np.ndarray, list[list[int]]]:
    """Population peers of seat `s` at start `o` that waivers can admit, and theirs."""
    ex, seat = view.exclusions, view.seats[s]
    pop = view.h1(s) & ~ex["withdrawn"][o]
    h7 = view.h7(s)
    rules = {
        "H3": ex["H3"][o],
        "H4": ex["H4"][o] & (not seat.shadow),
        "H5": ex["H5"][o],
        "H6": ex["H6"][o],
    }
    if relax:
        nb = neighbour_only(view, o)
        pop &= ~rules["H3"] & ~rules["H6"] & ~(rules["H5"] & ~nb)
    peers = np.flatnonzero(pop)
    lists = []
    for q in peers.tolist():
        mine = [keys((code, q)) for code in ("H3", "H4", "H6") if rules[code][q]]
        if rules["H5"][q]:
            mine.append(keys(("H5", s, "neighbour") if relax else ("H5", q)))
        if h7[q]:
            mine.append(keys(("H7", s)))
        lists.append(mine)
    return peers, lists


def waiver_problem(view: ChallengeView, relax: bool) -> WaiverProblem:
    """The candidates and waivers of the view (see the module docstring)."""
    widened = (0, 0)
    if relax:
        view, widened = widened_view(view)
    keys = _Keys()
    cols: dict[str, list] = {k: [] for k in ("seat", "peer", "option", "cost")}
    cand_waivers: list[tuple[int, ...]] = []
    for s in range(len(view.seats)):
        cost = view.seat_cost(s)
        rows = []
        for o in range(len(view.options)):
            peers, lists = seat_waivers(view, s, o, relax, keys)
            rows += [
                (len(w), int(cost[o, q]), q, o, tuple(w))
                for q, w in zip(peers.tolist(), lists, strict=True)
            ]
        rows.sort()
        for _, c, q, o, w in _per_seat(rows, view, s, keys):
            cols["seat"].append(s), cols["peer"].append(q), cols["option"].append(o)
            cols["cost"].append(c), cand_waivers.append(w)
    arrays = {k: np.array(v, dtype=np.int64) for k, v in cols.items()}
    problem, offset = team_problem(view, arrays, cand_waivers=cand_waivers)
    _team_waivers(view, problem, keys)
    problem.option_waivers = [
        (keys(("window", -1)),)
        if o < widened[0]
        else (keys(("window", 1)),)
        if o >= len(view.options) - widened[1]
        else ()
        for o in range(len(view.options))
    ]
    ordered = sorted(keys.ids, key=keys.ids.get)
    problem.waiver_cost = np.array([RELAX_COST.get(k[0], 0) for k in ordered], dtype=np.int64)
    return WaiverProblem(problem, view, offset, ordered, pinned(view), widened)


def _per_seat(rows: list, view: ChallengeView, s: int, keys: _Keys) -> list:
    """The candidates of one seat kept in the model: per way into the seat (the families
    of rule instances a peer needs waived, e.g. only H4, or H3 and H5) the PER_WAY
    cheapest peers, so every kind of relaxation and every rule of a core is represented;
    pinned peers always."""
    pins = {q for seat, q in pinned(view) if seat == s}
    family = {r: k[0] for k, r in keys.ids.items()}
    kept: dict[tuple, list[int]] = {}
    for _, _, q, _, waivers in rows:
        way = tuple(sorted({family[r] for r in waivers}))
        peers = kept.setdefault(way, [])
        if q not in peers and (len(peers) < PER_WAY or q in pins):
            peers.append(q)
    keep = {q for peers in kept.values() for q in peers}
    return [row for row in rows if row[2] in keep]


def _team_waivers(view: ChallengeView, problem: TeamProblem, keys: _Keys) -> None:
    """H7 mix and required S2 minimums become waivable team rules."""
    problem.mix_waiver = keys(("H7-mix",)) if problem.mix_seats >= 2 else -1
    attrs = [
        a
        for a in ("min_women", "min_ethnic_minority", "min_disability")
        if getattr(view.challenge, a) > 0
    ]
    if view.challenge.diversity_required:
        problem.counts = [
            Count(c.mask, c.lo, c.cost, keys(("S2", a)))
            for c, a in zip(problem.counts, attrs, strict=True)
        ]
