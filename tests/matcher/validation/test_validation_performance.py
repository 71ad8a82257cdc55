"""The validator at a realistic size: 1,500 challenges, 10,000 peers, ~6,000 assignments.

Every check is a pass over the answer indexed by seat, challenge and peer, so the whole
validation (score included) should take well under two seconds; the bound asserted here
is looser to stay robust on slow CI machines.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from matcher.councils import CouncilRegistry
from matcher.models import (
    Assignment,
    Challenge,
    ChallengeType,
    Conflict,
    ConflictReason,
    Party,
    Peer,
    PeerKind,
    Unavailability,
)
from matcher.programme import Programme, onsite_end, start_options
from matcher.settings import AppSettings
from matcher.validation import validate

TAGS = (
    "leader",
    "cabinet_finance",
    "chief_executive",
    "s151",
    "transformation",
    "hr_od",
    "children",
    "adults",
    "monitoring_officer",
    "democratic_services",
    "planning",
)
TYPES = (
    ChallengeType.CPC,
    ChallengeType.FINANCE,
    ChallengeType.GOVERNANCE,
    ChallengeType.PROGRESS_REVIEW,
)


def _registry() -> CouncilRegistry:
    return CouncilRegistry.from_data_dir(AppSettings().data_dir)


def _peer(rng: random.Random, i: int, codes: list[str]) -> Peer:
    kind = PeerKind.MEMBER if rng.random() < 0.45 else PeerKind.OFFICER
    return Peer(
        peer_id=f"P{i:05d}",
        name=f"Peer {i}",
        kind=kind,
        party=rng.choice(list(Party)) if kind is PeerKind.MEMBER else None,
        home_council=rng.choice(codes),
        tags=frozenset(rng.sample(TAGS, 3)),
        lead_peer=rng.random() < 0.3,
        trained_on=date(2023, 1, 1) + timedelta(rng.randrange(500)),
        conference_on=date(2022, 6, 1),
        days_used=rng.randrange(30),
    )


def _challenge(rng: random.Random, i: int, codes: list[str]) -> Challenge:
    first = date(2024, 4, 1) + timedelta(days=rng.randrange(330))
    return Challenge(
        challenge_id=f"C{i:04d}",
        council=rng.choice(codes),
        type=rng.choices(TYPES, weights=(6, 1, 1, 1))[0],
        onsite_days=rng.randint(2, 4),
        charged_days=rng.randint(3, 8),
        earliest_start=first,
        latest_start=first + timedelta(days=rng.choice([0, 21, 42])),
        vetoes=(f"P{rng.randrange(10_000):05d}",),
        min_women=rng.randint(0, 1),
    )


def realistic(seed: int = 7) -> tuple[Programme, list[Assignment]]:
    rng = random.Random(seed)
    registry = _registry()
    codes = registry.codes
    peers = [_peer(rng, i, codes) for i in range(10_000)]
    challenges = [_challenge(rng, i, codes) for i in range(1_500)]
    programme = Programme(
        councils=registry,
        peers=tuple(peers),
        challenges=tuple(challenges),
        unavailability=tuple(
            Unavailability(peer_id=rng.choice(peers).peer_id, from_date=d, to_date=d + timedelta(7))
            for d in (date(2024, 4, 1) + timedelta(rng.randrange(360)) for _ in range(5_000))
        ),
        conflicts=tuple(
            Conflict(
                peer_id=rng.choice(peers).peer_id,
                ons_code=rng.choice(codes),
                reason=ConflictReason.DECLARED,
            )
            for _ in range(2_000)
        ),
    )
    by_kind = {k: [p for p in peers if p.kind is k] for k in PeerKind}
    rows = []
    for challenge in challenges:
        start = rng.choice(start_options(challenge))
        for seat in programme.seats_by_challenge[challenge.challenge_id]:
            peer = rng.choice(by_kind[seat.kind])
            rows.append(
                Assignment(
                    challenge_id=challenge.challenge_id,
                    seat_id=seat.seat_id,
                    peer_id=peer.peer_id,
                    start_date=start,
                    end_date=onsite_end(challenge, start),
                )
            )
    return programme, rows


def test_validate_at_a_realistic_size_is_fast():
    programme, rows = realistic()
    programme.seat_by_key, programme.peer_by_id  # noqa: B018 - warm the programme's indexes
    began = time.perf_counter()
    report = validate(programme, rows)
    seconds = time.perf_counter() - began
    print(f"validate: {len(rows)} rows, {len(report.violations)} violations, {seconds:.2f}s")
    assert 5_000 <= len(rows) <= 8_000
    assert report.violations  # random teams break rules; every one is still judged
    assert seconds < 5.0
