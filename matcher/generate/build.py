"""`generate_programme`: a whole synthetic programme over the real councils."""

from __future__ import annotations

from matcher.councils import CouncilRegistry
from matcher.generate import distributions as d
from matcher.generate.challenges import draw_challenges
from matcher.generate.common import rng_for
from matcher.generate.peers import build_peers, draw_pool
from matcher.generate.records import draw_conflicts, draw_unavailability
from matcher.generate.seats import draw_seats
from matcher.programme import Programme
from matcher.settings import ProgrammeSettings


def generate_programme(size: str, seed: int, councils: CouncilRegistry) -> Programme:
    """A sample programme of size S, M or L (d.SIZES) for benchmarks, demos and what-ifs.

    Peers are synthetic and councils real. The result depends only on (size, seed,
    councils): each part draws from its own numpy stream and every collection is sorted,
    so the same inputs give byte-identical files. No placements are generated.
    """
    key = size.strip().upper()
    if key not in d.SIZES:
        raise ValueError(f"unknown size {size!r}: choose one of {', '.join(d.SIZES)}")
    if len(councils) == 0:
        raise ValueError("the council registry is empty: check --data-dir")
    n_challenges, n_peers = d.SIZES[key]
    day0 = d.FINANCIAL_YEAR_START
    peer_rng = rng_for(seed, "peers")
    pool = draw_pool(peer_rng, n_peers, councils)
    challenges = draw_challenges(rng_for(seed, "challenges"), n_challenges, councils, pool, day0)
    return Programme(
        councils=councils,
        peers=build_peers(peer_rng, pool, councils, day0),
        challenges=challenges,
        seats=draw_seats(rng_for(seed, "seats"), challenges, councils),
        unavailability=draw_unavailability(rng_for(seed, "unavailability"), pool, day0),
        conflicts=draw_conflicts(rng_for(seed, "conflicts"), pool, councils, day0.year),
        settings=ProgrammeSettings(financial_year_start=day0),
    )
