"""What a withdrawal offers: the call that finds a replacement for the freed seat."""

from __future__ import annotations

from importlib.util import find_spec

from pydantic import BaseModel, Field

from api.workflow_db import PlacementOut


class ReplaceOffer(BaseModel):
    available: bool = Field(description="False until the shortlist module is installed.")
    method: str = "POST"
    href: str = Field(description="The replace call for the freed seat.")
    detail: str


def offer(placement: PlacementOut) -> ReplaceOffer:
    href = (f"/programmes/{placement.programme_id}/challenges/{placement.challenge_id}"
            f"/seats/{placement.seat_id}/replace")
    if find_spec("matcher.shortlist") is None:
        return ReplaceOffer(available=False, href=href, detail="replace needs matcher.shortlist "
                            "(issue 4), not in this build yet")
    return ReplaceOffer(available=True, href=href,
                        detail=f"ranked replacements for {placement.seat_id}, excluding "
                        f"{placement.peer_id}")
