"""Generated programmes look like the documented distributions and can mostly be staffed."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from matcher.councils import CouncilRegistry
from matcher.generate import distributions as d
from matcher.generate import generate_programme
from matcher.models import ChallengeType, Peer, PeerKind
from matcher.programme import Programme
from matcher.settings import AppSettings

YEAR_START, YEAR_END = date(2027, 4, 1), date(2028, 3, 31)
MID_YEAR = date(2027, 10, 4)


@pytest.fixture(scope="module")
def councils() -> CouncilRegistry:
    return CouncilRegistry.from_data_dir(AppSettings().data_dir)


@pytest.fixture(scope="module")
def small(councils) -> Programme:
    return generate_programme("S", 11, councils)


@pytest.fixture(scope="module")
def medium(councils) -> Programme:
    return generate_programme("M", 11, councils)


def _share(items, predicate) -> float:
    items = list(items)
    return sum(map(predicate, items)) / len(items)


def test_people_are_marked_synthetic_and_councils_are_real(small):
    assert all(p.name.endswith("(synthetic)") for p in small.peers)
    assert all(p.home_council in small.councils for p in small.peers)
    assert all(c.council in small.councils for c in small.challenges)


def test_member_officer_party_and_lead_shares(medium):
    members = [p for p in medium.peers if p.kind is PeerKind.MEMBER]
    officers = [p for p in medium.peers if p.kind is PeerKind.OFFICER]
    assert len(members) == round(d.MEMBER_SHARE * len(medium.peers))
    parties = Counter(p.party.value for p in members)
    for party, share in d.PARTY_SHARES.items():
        assert parties[party] / len(members) == pytest.approx(share, abs=0.01)
    assert all(p.party is None for p in officers)
    assert 0.20 <= _share(members, lambda p: p.lead_peer) <= 0.30
    assert 0.25 <= _share(officers, lambda p: p.lead_peer) <= 0.35
    chiefs = [p for p in officers if "chief_executive" in p.tags]
    assert _share(chiefs, lambda p: p.lead_peer) > 0.6


def test_equalities_shares_follow_domain_facts(medium):
    peers = medium.peers
    missing = _share(peers, lambda p: p.gender is None)
    assert 0.10 <= missing <= 0.20
    assert all((p.gender is None) == (p.disability is None) for p in peers)
    binary = [p for p in peers if p.gender in ("female", "male")]
    assert 0.44 <= _share(binary, lambda p: p.gender == "female") <= 0.52
    shared = [p for p in peers if p.ethnic_minority in ("yes", "no")]
    assert 0.14 <= _share(shared, lambda p: p.ethnic_minority == "yes") <= 0.22
    shared = [p for p in peers if p.disability in ("yes", "no")]
    assert 0.03 <= _share(shared, lambda p: p.disability == "yes") <= 0.09
    assert any(p.gender == "prefer_not_to_say" for p in peers)


def _h6_ok(peer: Peer, day: date) -> bool:
    """H6 as DOMAIN.md reads it (kept here so the generator is tested independently)."""
    if peer.kind is PeerKind.OFFICER:
        return peer.serving_until is None or peer.serving_until >= day
    limit = day.replace(year=day.year - 3)
    trained = peer.training_waived or (
        peer.trained_on is not None
        and peer.trained_on >= limit
        and peer.conference_on is not None
        and peer.conference_on >= limit
    )
    return trained and (
        peer.serving_until is None or peer.serving_until >= day - timedelta(days=365)
    )


def test_training_days_and_caps_are_mostly_usable(medium):
    peers = medium.peers
    assert 0.80 <= _share(peers, lambda p: _h6_ok(p, YEAR_START)) <= 0.95
    assert any(p.training_waived for p in peers)
    assert any(p.serving_until and p.serving_until < YEAR_START for p in peers)
    assert 0.45 <= _share(peers, lambda p: p.days_used == 0) <= 0.65
    assert _share(peers, lambda p: p.days_used <= 10) >= 0.85
    assert 0.005 <= _share(peers, lambda p: p.cap_days is not None) <= 0.04


def test_unavailability_and_conflicts_are_plausible(medium):
    per_peer = len(medium.unavailability) / len(medium.peers)
    assert 2.0 <= per_peer <= 3.0
    assert all(0 <= (u.to_date - u.from_date).days < 14 for u in medium.unavailability)
    homes = {p.peer_id: p.home_council for p in medium.peers}
    assert all(c.ons_code != homes[c.peer_id] for c in medium.conflicts)
    keys = [(c.peer_id, c.ons_code) for c in medium.conflicts]
    assert len(keys) == len(set(keys)) and keys == sorted(keys)
    years = [c.until_year for c in medium.conflicts if c.until_year is not None]
    assert any(2027 - y > 5 for y in years) and any(2027 - y <= 5 for y in years)


def test_every_progress_review_follows_an_earlier_cpc_at_the_same_council(medium):
    by_id = medium.challenge_by_id
    reviews = [c for c in medium.challenges if c.type is ChallengeType.PROGRESS_REVIEW]
    assert reviews
    for review in reviews:
        original = by_id[review.follows]
        assert original.type is ChallengeType.CPC
        assert original.council == review.council
        assert review.earliest_start >= original.latest_start + timedelta(weeks=8)
        assert original.challenge_id < review.challenge_id
    assert all(c.follows is None for c in medium.challenges if c not in reviews)
    assert len({r.follows for r in reviews}) == len(reviews)


def test_start_windows_are_mondays_within_the_year(medium):
    challenges = medium.challenges
    for c in challenges:
        assert c.earliest_start.weekday() == 0 == c.latest_start.weekday()
        assert (c.latest_start - c.earliest_start).days in (0, 7, 14, 21)
        assert YEAR_START <= c.earliest_start
        assert c.latest_start + timedelta(days=c.onsite_days - 1) <= YEAR_END
    fixed = _share(challenges, lambda c: c.earliest_start == c.latest_start)
    assert 0.08 <= fixed <= 0.25
    assert _share(challenges, lambda c: c.earliest_start.month == 8) < 0.05
    ids = [c.challenge_id for c in challenges]
    assert ids == sorted(ids)


def test_days_by_type(medium):
    for c in medium.challenges:
        low, high = d.ONSITE_DAYS[c.type.value]
        assert low <= c.onsite_days <= high
        assert c.charged_days >= c.onsite_days
        if c.type is ChallengeType.CPC:
            assert d.CPC_CHARGED[0] <= c.charged_days <= d.CPC_CHARGED[1]


def test_preferences_vetoes_and_requests(medium):
    challenges = medium.challenges
    assert 0.2 <= _share(challenges, lambda c: c.min_women > 0) <= 0.4
    assert any(c.min_ethnic_minority for c in challenges)
    assert any(c.diversity_required for c in challenges)
    assert all(c.min_women == 0 for c in challenges if c.type is ChallengeType.MENTORING)
    peers = medium.peer_by_id
    for c in challenges:
        assert len(c.vetoes) <= 2 and len(c.requests) <= 2
        assert not set(c.vetoes) & set(c.requests)
        picked = [peers[p] for p in (*c.vetoes, *c.requests)]
        assert all(
            not medium.councils.same_two_tier_area(p.home_council, c.council)
            and p.home_council != c.council
            for p in picked
        )
        assert all(peers[p].lead_peer for p in c.requests)
    assert any(c.vetoes for c in challenges) and any(c.requests for c in challenges)
    assert any(c.leader_party for c in challenges)


def test_explicit_seats_keep_the_template_and_add_one(medium):
    explicit = {s.challenge_id for s in medium.seats}
    assert explicit
    for challenge_id in explicit:
        seats = medium.seats_by_challenge[challenge_id]
        ids = [s.seat_id for s in seats]
        assert len(ids) == len(set(ids))
        assert set(ids) & {"officer_focus", "officer_scope", "shadow"}
    assert any(s.shadow for s in medium.seats)


def _supply_ratio(
    programme: Programme, kind: PeerKind, tags: frozenset[str], lead: bool, party: str | None
) -> float:
    """Cap days left among H6-eligible peers who fit, over the days those seats charge."""
    demand = sum(
        challenge.charged_days
        for challenge in programme.challenges
        for seat in programme.seats_by_challenge[challenge.challenge_id]
        if not seat.shadow
        and seat.kind is kind
        and seat.required_tags == tags
        and seat.lead_required == lead
        and (party is None or programme.leader_party(challenge) == party)
        and (party is None or seat.party_rule == "leader_party")
    )
    fits = [
        p
        for p in programme.peers
        if p.kind is kind
        and _h6_ok(p, MID_YEAR)
        and (not tags or p.tags & tags)
        and (p.lead_peer or not lead)
        and (party is None or p.party == party)
    ]
    supply = sum(max(0, programme.cap_of(p) - p.days_used) for p in fits)
    return supply / demand if demand else float("inf")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_small_pool_can_staff_the_templates_in_aggregate(councils, seed):
    programme = generate_programme("S", seed, councils)
    officer_seats = {s.required_tags for s in programme.all_seats if s.kind is PeerKind.OFFICER}
    for tags in officer_seats:
        assert _supply_ratio(programme, PeerKind.OFFICER, tags, False, None) >= 1.5, tags
    chief = frozenset({"chief_executive"})
    assert _supply_ratio(programme, PeerKind.OFFICER, chief, True, None) >= 1.5
    assert _supply_ratio(programme, PeerKind.OFFICER, frozenset({"s151"}), True, None) >= 1.5
    assert (
        _supply_ratio(programme, PeerKind.MEMBER, frozenset({"cabinet_finance"}), False, None)
        >= 1.5
    )
    for party in ("con", "lab", "ld"):
        assert _supply_ratio(programme, PeerKind.MEMBER, frozenset(), True, party) >= 1.5, party
