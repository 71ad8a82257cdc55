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

from dataclasses import dataclass, field, replace
from datetime import timedelta

import numpy as np

from matcher.encoding.pruning import WAIVER_PER_WAY as PER_WAY
from matcher.rules import HardRule, RuleId, h7_party, hard_rules, s2_diversity, static_rules
from matcher.scoring import DIVERSITY_ATTRIBUTES
from matcher.shortlist.candidates import WITHDRAWN, ChallengeView
from matcher.shortlist.problem import pinned, team_problem
from solver.problem import MatchingProblem, Waiver

WINDOW = "window"
MIX = f"{RuleId.H7}-mix"
RELAX_COST = {
    WINDOW: 2,
    **{r.code: r.relax_cost for r in hard_rules() if r.relax_waiver},
    RuleId.S2: s2_diversity.RELAX_COST,
    MIX: h7_party.RELAX_COST,
}
"""Cost of one relaxation by family: a week's date shift is the easiest to agree, a day-cap
exception needs the group office or employer to approve, lifting the neighbour rule for a
seat, making a diversity minimum a preference and relaxing a party rule need the client
and the political group offices (a relaxation's total is the sum of its parts)."""


@dataclass
class WaiverProblem:
    problem: MatchingProblem
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


class _Keys:
    def __init__(self):
        self.ids: dict[tuple, int] = {}

    def __call__(self, key: tuple) -> int:
        return self.ids.setdefault(key, len(self.ids))


def rule_masks(view: ChallengeView, s: int, o: int) -> list[tuple[HardRule, np.ndarray]]:
    """Each static rule's exclusion of seat `s` at start `o` (the view's, plan included),
    in catalogue order; rules a shadow seat is exempt from are left out."""
    seat = view.seats[s]
    seat_masks = view.seat_masks(s)
    out = []
    for rule in static_rules():
        if seat.shadow and rule.shadow_exempt:
            continue
        start_masks = view.exclusions_for(s)
        mask = start_masks[rule.code][o] if rule.per_start else seat_masks[rule.code]
        out.append((rule, mask))
    return out


def _waiver_key(rule: HardRule, s: int, q: int, relax: bool) -> tuple:
    scope = rule.relax_waiver if relax else rule.waiver
    return (rule.code, s) if scope == "seat" else (rule.code, q)


def seat_waivers(
    view: ChallengeView, s: int, o: int, relax: bool, keys: _Keys
) -> tuple[np.ndarray, list[list[int]]]:
    """Population peers of seat `s` at start `o` that waivers can admit, and theirs.

    Diagnosis: every excluding rule instance is a waiver. Relaxation: only the rules with
    a relaxation (H4 per peer, H5's neighbour clause per seat, H7 per seat), and a peer
    any other rule excludes is no candidate."""
    pop = view.h1(s) & ~view.exclusions[WITHDRAWN][o]
    masks = rule_masks(view, s, o)
    if relax:
        for rule, mask in masks:
            if rule.relax_waiver is None:
                pop &= ~mask
            elif rule.relax_part is not None:
                start = view.options[o]
                pop &= ~(mask & ~rule.relax_part(view.index.elig, view.challenge, start))
    peers = np.flatnonzero(pop)
    lists = [
        [keys(_waiver_key(rule, s, q, relax)) for rule, mask in masks if mask[q]]
        for q in peers.tolist()
    ]
    return peers, lists


def waiver_problem(view: ChallengeView, relax: bool) -> WaiverProblem:
    """The candidates and waivers of the view (see the module docstring)."""
    widened = (0, 0)
    if relax:
        view, widened = widened_view(view)
    keys = _Keys()
    cols: dict[str, list] = {k: [] for k in ("seat", "peer", "option")}
    item_waivers: list[tuple[int, int]] = []
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
        for _, _, q, o, w in _per_seat(rows, view, s, keys):
            item = len(cols["seat"])
            cols["seat"].append(s), cols["peer"].append(q), cols["option"].append(o)
            item_waivers += [(item, r) for r in w]
    mix = keys((MIX,)) if sum(view.is_member_seat(s) for s in range(len(view.seats))) >= 2 else -1
    attrs = [a for a in DIVERSITY_ATTRIBUTES if getattr(view.challenge, a) > 0]
    s2 = [keys((RuleId.S2, a)) for a in attrs] if view.challenge.diversity_required else []
    last = len(view.options) - 1
    option_waivers = [(0, keys((WINDOW, -1))), (last, keys((WINDOW, 1)))] if relax else []
    ordered = sorted(keys.ids, key=keys.ids.get)
    waivers = [Waiver(str(k[0]), RELAX_COST.get(k[0], 0)) for k in ordered]
    arrays = {k: np.array(v, dtype=np.int64) for k, v in cols.items()}
    problem, offset = team_problem(
        view,
        arrays,
        item_waivers=np.array(item_waivers, dtype=np.int64),
        option_waivers=np.array(option_waivers, dtype=np.int64),
        waivers=waivers,
    )
    _waive_team_rules(problem, mix, s2)
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


def _waive_team_rules(problem: MatchingProblem, mix: int, s2: list[int]) -> None:
    """The H7 mix and each required S2 minimum (in attribute order) hold unless their
    waiver is on."""
    problem.mixes = [replace(m, waiver=mix) for m in problem.mixes]
    counts = iter(s2)
    problem.counts = [
        replace(c, waiver=next(counts)) if c.label == RuleId.S2 and c.shortfall_cost == 0 else c
        for c in problem.counts
    ]
