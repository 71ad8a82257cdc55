"""Recruitment profiles and the virtual recruits ("slots") the gap model may hire.

A profile is what a recruitment campaign can ask a group office or a professional network
for: kind, party (members), lead flag, one role tag and a region. Profiles are generated
from the unfilled seats themselves (each seat's kind, lead need, required tags, allowed
parties under H7, and its own or a bordering region), so the model only ever considers
recruits who could take at least one seat.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from matcher.models import Party, PeerKind
from matcher.programme import Programme
from matcher.whatif.gap_inputs import (
    GapSeat,
    adjacent_regions,
    allowed_parties,
    home_allowed,
    representative_homes,
)
from matcher.whatif.scenario_models import RecruitmentCost

MAX_SLOTS_PER_PROFILE = 40
"""More recruits of one profile than this is a planning answer of its own ("many")."""
PARTY_NAMES = {Party.CON: "Conservative", Party.LAB: "Labour", Party.LD: "Liberal Democrat",
               Party.GREEN: "Green", Party.IND: "Independent", Party.OTHER: "other-party"}


@dataclass(frozen=True)
class Profile:
    kind: PeerKind
    party: Party | None
    lead: bool
    tag: str | None
    region: str

    def sort_key(self) -> tuple:
        return (self.kind.value, self.party or "", self.lead, self.tag or "", self.region)

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
        words.append(f"in {self.region}")
        return " ".join(words)


@dataclass(frozen=True)
class Slot:
    """The k-th possible recruit of a profile, living at one of `homes`."""

    profile: Profile
    k: int
    homes: tuple[str, ...]


@dataclass(frozen=True)
class SlotPair:
    """Slot `slot` may take gap seat `gap` when living at one of `homes`."""

    slot: int
    gap: int
    homes: tuple[str, ...]


def seat_regions(programme: Programme, gap: GapSeat, adjacent: dict[str, set[str]],
                 homes_on_team: set[str]) -> list[str]:
    """The seat's own and bordering regions with a usable home; else every region."""
    near = sorted(adjacent.get(gap.region, {gap.region}))
    usable = [r for r in near if any(home_allowed(programme, h, gap, homes_on_team)
                                     for h in representative_homes(programme, r))]
    return usable or sorted(adjacent)


def seat_profiles(programme: Programme, gap: GapSeat, regions: list[str]) -> list[Profile]:
    tags = sorted(gap.seat.required_tags) or [None]
    return [Profile(gap.seat.kind, party, gap.seat.lead_required, tag, region)
            for party in allowed_parties(programme, gap) for tag in tags for region in regions]


def fits(profile: Profile, gap: GapSeat, parties: list) -> bool:
    """H1 (kind, tag, lead) and H7 (party rule) for a recruit of `profile`."""
    seat = gap.seat
    return (profile.kind is seat.kind and (profile.lead or not seat.lead_required)
            and (not seat.required_tags or profile.tag in seat.required_tags)
            and profile.party in parties)


def build_slots(programme: Programme, gaps: list[GapSeat],
                team_homes: dict[str, set[str]]) -> tuple[list[Slot], list[SlotPair]]:
    """Slots per profile (as many as seats it fits, capped) and their allowed seat pairs."""
    adjacent = adjacent_regions(programme)
    regions = [seat_regions(programme, g, adjacent, team_homes[g.challenge.challenge_id])
               for g in gaps]
    profiles = sorted({p for g, gap in enumerate(gaps)
                       for p in seat_profiles(programme, gap, regions[g])},
                      key=Profile.sort_key)
    parties = [allowed_parties(programme, gap) for gap in gaps]
    slots: list[Slot] = []
    pairs: list[SlotPair] = []
    for profile in profiles:
        homes = representative_homes(programme, profile.region)
        fitting = defaultdict(tuple)
        for g, gap in enumerate(gaps):
            if profile.region in regions[g] and fits(profile, gap, parties[g]):
                ok = tuple(h for h in homes if home_allowed(
                    programme, h, gap, team_homes[gap.challenge.challenge_id]))
                if ok:
                    fitting[g] = ok
        for k in range(min(len(fitting), MAX_SLOTS_PER_PROFILE)):
            slots.append(Slot(profile, k, tuple(homes)))
            pairs.extend(SlotPair(len(slots) - 1, g, ok) for g, ok in fitting.items())
    return slots, pairs
