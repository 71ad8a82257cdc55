"""A tiny programme whose progress review follows an earlier year's challenge that only
the `history` table names (S5 across years, issue 13); shared by the rule and shortlist
tests."""

from __future__ import annotations

from datetime import date

from factories import make_challenge, make_peer, make_seat
from helpers_batch import programme

from matcher.models import ChallengeType, PastPlacement

CHEAP, DEAR = "X", "Y"  # homes C1 and D2: X is 3 points of S3 cheaper at U1
LAST_YEAR = "CPC2023-U1"


def review_of_last_year(*history: PastPlacement):
    """CH1, a progress review at U1 following LAST_YEAR (not in this upload)."""
    review = make_challenge(
        "CH1",
        type=ChallengeType.PROGRESS_REVIEW,
        onsite_days=2,
        charged_days=3,
        follows=LAST_YEAR,
    )
    peers = [make_peer(CHEAP, home_council="C1"), make_peer(DEAR, home_council="D2")]
    return programme(peers, challenges=[review], seats=[make_seat()], history=history)


def served(peer_id: str, challenge_id: str | None = LAST_YEAR) -> PastPlacement:
    return PastPlacement(
        peer_id=peer_id, council="U1", start_date=date(2023, 5, 8), challenge_id=challenge_id
    )
