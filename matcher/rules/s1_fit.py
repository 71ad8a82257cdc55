"""S1 fit: prefer peers who hold the seat's preferred tags and know the client's type of
council. One unit for each element missing; shadow seats earn none. The one definition,
read by the encoder, the shortlist and matcher.scoring (so the validator's recount)."""

from __future__ import annotations

import numpy as np

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S1,
    "fit",
    "Prefer peers who hold the seat's preferred tags and know the client's type of council.",
    40,
    "fit element missing (no preferred tag held; no experience of the council type)",
)


def fit_units_vec(tags, types, preferred, wants, type_bit) -> np.ndarray:
    """Units per row (numpy, broadcasting): `preferred` is the preferred-tag bit mask,
    `wants` whether the seat has preferred tags at all (a tag nobody holds has no bit, yet
    is still missing), `type_bit` the client council type's bit. Shadow rows are zeroed by
    the caller."""
    missing_tags = np.asarray(wants) & ((tags & preferred) == 0)
    return missing_tags.astype(np.int64) + ((types & type_bit) == 0)


def fit_units(peer, seat, client_type) -> int:
    """The same units for one peer and seat (domain objects, for scoring a solution)."""
    if seat.shadow:
        return 0
    missing_tags = bool(seat.preferred_tags) and not (peer.tags & seat.preferred_tags)
    return int(missing_tags) + int(client_type not in peer.council_types)
