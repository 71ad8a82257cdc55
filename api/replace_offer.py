"""What a withdrawal offers: the replace call for the freed seat, ready to send."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.workflow_read import PlacementOut


class ReplaceOffer(BaseModel):
    available: bool = Field(description="False when no run's team holds the seat.")
    method: str = "POST"
    href: str = Field(description="The call that finds a replacement.")
    body: dict[str, Any] = Field(description="Its request body.")
    detail: str


def offer(placement: PlacementOut) -> ReplaceOffer:
    """Replace within the proposing run's team; without a run, a fresh shortlist."""
    base = f"/programmes/{placement.programme_id}/challenges/{placement.challenge_id}"
    if placement.run_id is None:
        return ReplaceOffer(
            available=False,
            href=f"{base}/shortlist",
            body={},
            detail="this placement came from no run, so there is no team to "
            "re-plan: ask for a shortlist of the challenge instead",
        )
    return ReplaceOffer(
        available=True,
        href=f"{base}/replace",
        body={"peer_id": placement.peer_id, "run_id": placement.run_id},
        detail=f"the best replacement for seat {placement.seat_id} and the "
        "least disruptive re-shuffle, confirmed seats kept",
    )
