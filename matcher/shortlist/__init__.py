"""Shortlists and explanations for one challenge (issue 4).

Public API:
- `ShortlistIndex(programme, assignments=())`: the programme and the rest of the year
  (its placements plus an assignments file), indexed once and reused across requests;
- `shortlist(index, challenge_id, k=3, d=2, m=5)` -> ShortlistResult: k teams differing
  pairwise in >= d seats, each with points by rule, explanations and m ranked alternates
  per seat; when none exists, a Diagnosis (supply pre-checks, diagnostic core, smallest
  relaxation);
- `why_not(index, challenge_id, seat_id, peer_id)` -> WhyNot;
- `diagnose_challenge(index, challenge_id)` -> Diagnosis;
- `replace(index, challenge_id, peer_id)` -> Replacement (best replacement, least
  disruptive re-shuffle; confirmed placements pinned).
"""

from matcher.shortlist.diagnose import Diagnosis, diagnose_challenge
from matcher.shortlist.index import ShortlistIndex
from matcher.shortlist.replace import Replacement, replace
from matcher.shortlist.shortlist import InternalError, ShortlistResult, TeamOption, shortlist
from matcher.shortlist.whynot import WhyNot, why_not

__all__ = [
    "Diagnosis",
    "InternalError",
    "Replacement",
    "ShortlistIndex",
    "ShortlistResult",
    "TeamOption",
    "WhyNot",
    "diagnose_challenge",
    "replace",
    "shortlist",
    "why_not",
]
