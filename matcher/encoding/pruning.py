"""Pruning: how many candidates each model keeps, in one place.

Every model keeps a seat's cheapest candidates plus those a rule singles out (requested,
proposed, confirmed, continuity, and a few per diversity attribute and per party so that
S2 minimums and H7's mix stay possible). The numbers trade model size for the chance of
cutting the optimum; the benchmarks measure the batch's cost against an unpruned run.
"""

BATCH_TOP_K = 24
"""Batch: cheapest candidates kept per seat (about a tenfold smaller model)."""
BATCH_DIVERSITY_KEEP = 8
"""Batch: cheapest candidates per seat with each wanted diversity attribute."""
BATCH_PARTY_KEEP = 4
"""Batch: cheapest member candidates per seat of each party."""

SHORTLIST_TOP_N = 12
"""Shortlist: cheapest candidates per seat in the first k-best model."""
SHORTLIST_WIDER_TOP_N = 48
"""Shortlist: the wider model tried when the first finds too few teams."""
SHORTLIST_DIVERSITY_KEEP = 4
SHORTLIST_PARTY_KEEP = 3
WAIVER_PER_WAY = 8
"""Diagnosis and relaxation: peers per seat and way into it (set of waived rules)."""

GAP_EXISTING_PER_SEAT = 30
"""What-if gap model: existing peers per unfilled seat, fewest extra days first."""
