"""Recruitment profiles and the virtual recruits ("slots") the gap model may hire.

A profile is what a recruitment campaign can ask a group office or a professional network
for: kind, party (members), lead flag, one role tag and a region. Profiles are generated
from the unfilled seats themselves (each seat's kind, lead need, required tags and the
parties H7 allows), so the model only considers recruits who could take some seat.

The region is chosen after the model, not in it: a recruit's home only matters for H5
(own council, two-tier area, neighbours) and H8 (teammates' homes), and with 300-odd
councils some home suits any handful of clients. The model therefore only forbids one
recruit two seats whose clients leave *no* common home (`home_conflicts`), prefers not
to give one recruit two seats with no common home in either client's region
(`regional_conflicts`) nor seats in many regions, and `choose_homes` then puts each
recruit at the council nearest their seats (least travel, S3, inside their seats'
regions when possible) that suits every one of them; the region is that council's.
Keeping regions out of the model removes a fourfold symmetry that stopped CP-SAT proving
its answers at size M.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from matcher.models import Party, PeerKind
from matcher.programme import Programme
from matcher.whatif.gap_inputs import GapSeat, allowed_parties
from matcher.whatif.scenario_models import RecruitmentCost

OUT_OF_REGION_MILES = 1_000.0
"""A home outside every client's region is chosen only when no home inside one suits."""
MAX_SLOTS_PER_PROFILE = 200
"""Recruits per profile the model may use: as many as seats it fits, up to this."""
PARTY_NAMES = {
    Party.CON: "Conservative",
    Party.LAB: "Labour",
    Party.LD: "Liberal Democrat",
    Party.GREEN: "Green",
    Party.IND: "Independent",
    Party.OTHER: "other-party",
}


@dataclass(frozen=True)
class Profile:
    kind: PeerKind
    party: Party | None
    lead: bool
    tag: str | None
    region: str | None = None

    def sort_key(self) -> tuple:
        return (self.kind.value, self.party or "", self.lead, self.tag or "", self.region or "")

    def cost(self, costs: RecruitmentCost) -> int:
        base = costs.member if self.kind is PeerKind.MEMBER else costs.officer
        return base + (costs.lead_extra if self.lead else 0)

    def describe(self, count: int) -> str:
        """'3 Labour lead member peers in North West', '2 officer peers holding s151 in
        London'."""
        words = [str(count)]
        if self.party:
            words.append(PARTY_NAMES[self.party])
        if self.lead:
            words.append("lead")
        words.append(f"{self.kind.value} peer" + ("s" if count != 1 else ""))
        if self.tag:
            words.append(f"holding {self.tag}")
        if self.region:
            words.append(f"in {self.region}")
        return " ".join(words)


@dataclass(frozen=True)
class Slot:
    """The k-th possible recruit of a profile (its region comes with its home, later)."""

    profile: Profile
    k: int


@dataclass(frozen=True)
class SlotPair:
    slot: int
    gap: int


def seat_profiles(programme: Programme, gap: GapSeat) -> list[Profile]:
    tags = sorted(gap.seat.required_tags) or [None]
    return [
        Profile(gap.seat.kind, party, gap.seat.lead_required, tag)
        for party in allowed_parties(programme, gap)
        for tag in tags
    ]


def fits(profile: Profile, gap: GapSeat, parties: list) -> bool:
    """H1 (kind, tag, lead) and H7 (party rule) for a recruit of `profile`."""
    seat = gap.seat
    return (
        profile.kind is seat.kind
        and (profile.lead or not seat.lead_required)
        and (not seat.required_tags or profile.tag in seat.required_tags)
        and profile.party in parties
    )


def build_slots(programme: Programme, gaps: list[GapSeat]) -> tuple[list[Slot], list[SlotPair]]:
    """Slots per profile (as many as seats it fits, capped) and their seat pairs."""
    profiles = sorted(
        {p for gap in gaps for p in seat_profiles(programme, gap)}, key=Profile.sort_key
    )
    parties = [allowed_parties(programme, gap) for gap in gaps]
    slots: list[Slot] = []
    pairs: list[SlotPair] = []
    for profile in profiles:
        fitting = [g for g, gap in enumerate(gaps) if fits(profile, gap, parties[g])]
        for k in range(min(len(fitting), MAX_SLOTS_PER_PROFILE)):
            slots.append(Slot(profile, k))
            pairs.extend(SlotPair(len(slots) - 1, g) for g in fitting)
    return slots, pairs


def home_masks(
    programme: Programme, gaps: list[GapSeat], team_homes: dict[str, set[str]]
) -> np.ndarray:
    """[gap, council]: may a newcomer living there take the seat (H5 geography, H8)?"""
    reg = programme.councils
    area = reg.area_index
    out = np.ones((len(gaps), len(reg.codes)), dtype=bool)
    for g, gap in enumerate(gaps):
        client = reg.index[gap.challenge.council]
        out[g] &= area != area[client]  # own council and its two-tier area
        if programme.settings.neighbour_rule:
            out[g] &= ~reg.neighbour_matrix[client]
        for home in team_homes.get(gap.challenge.challenge_id, ()):
            out[g, reg.index[home]] = False
    return out


def home_conflicts(masks: np.ndarray) -> set[tuple[int, int]]:
    """Gap pairs (g1 < g2) whose clients leave no common home for one recruit."""
    shared = masks.astype(np.int32) @ masks.T.astype(np.int32)
    g1, g2 = np.nonzero(np.triu(shared == 0, k=1))
    return set(zip(g1.tolist(), g2.tolist(), strict=True))


def regional_conflicts(
    programme: Programme, gaps: list[GapSeat], masks: np.ndarray
) -> set[tuple[int, int]]:
    """Gap pairs with a common home somewhere, but none in either client's region: one
    recruit could take both only by living far from both (a soft conflict, tie-break)."""
    reg = programme.councils
    regions = np.array([reg[c].region for c in reg.codes])
    in_own = masks & (regions[None, :] == np.array([g.region for g in gaps])[:, None])
    near = in_own.astype(np.int32) @ masks.T.astype(np.int32)
    g1, g2 = np.nonzero(np.triu((near + near.T) == 0, k=1))
    return set(zip(g1.tolist(), g2.tolist(), strict=True)) - home_conflicts(masks)


def choose_homes(
    programme: Programme,
    gaps: list[GapSeat],
    masks: np.ndarray,
    seats_of: dict[int, list[int]],
    slots: list[Slot],
) -> dict[int, str]:
    """Each used slot's home: the council suiting all its seats with the least travel,
    and no two newcomers of one team at the same home (H8)."""
    reg = programme.councils
    taken: dict[str, set[int]] = defaultdict(set)
    homes = {}
    for s, seats in sorted(seats_of.items()):
        ok = masks[seats].all(axis=0)
        for g in seats:
            for h in taken[gaps[g].challenge.challenge_id]:
                ok[h] = False
        clients = [reg.index[gaps[g].challenge.council] for g in seats]
        miles = reg.distance_miles[:, clients].sum(axis=1).copy()
        seat_regions = {gaps[g].region for g in seats}
        miles[[reg[c].region not in seat_regions for c in reg.codes]] += OUT_OF_REGION_MILES
        best = int(np.argmin(np.where(ok, miles, np.inf))) if ok.any() else int(np.argmin(miles))
        homes[s] = reg.codes[best]
        for g in seats:
            taken[gaps[g].challenge.challenge_id].add(best)
    return homes


def with_region(programme: Programme, slot: Slot, home: str) -> Profile:
    return replace(slot.profile, region=programme.councils[home].region)
