"""Shortlists and explanations for one challenge (issue 4).

Public API:
- `ShortlistIndex(programme, assignments=())`: built once per programme and plan, reused;
- `shortlist(index, challenge_id, k=3, d=2, m=5)` -> ShortlistResult (teams, alternates,
  explanations; a Diagnosis with the smallest relaxation when no team exists);
- `why_not(index, challenge_id, seat_id, peer_id)` -> WhyNot;
- `diagnose_challenge(index, challenge_id)` -> Diagnosis (pre-checks, core, relaxation);
- `replace(index, challenge_id, peer_id)` -> Replacement.
"""

from matcher.shortlist.index import ShortlistIndex
from matcher.shortlist.shortlist import InternalError, ShortlistResult, TeamOption, shortlist

__all__ = ["InternalError", "ShortlistIndex", "ShortlistResult", "TeamOption", "shortlist"]
