"""Vectorised eligibility: which peers may take which seat at which start, and why not.

Everything is a boolean mask over all peers, computed once per (challenge, start option)
and once per seat, so no Python loop ever runs over peer x seat pairs. Each mask is the
set of peers a rule *excludes*, keyed by rule code, so the "blocking" counts of unfilled
seats and the why-not answers name the exact rule.

- H1: kind, any required tag, lead flag (seat level);
- H3: unavailable on a busy day of this start (evening before included);
- H4: the cap left in the start's financial year is below the days charged (non-shadow);
- H5: own council, same two-tier area, neighbour (setting), declared conflict, former
  employer within 5 years of the start year, council veto;
- H6: member training/conference within 3 years and serving or left < 365 days;
  officer serving on the start;
- H7: the seat's party rule.
H2, H8, the overlap part of H3 and the running day totals of H4 depend on the whole plan
and are constraints of the model, not exclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from matcher.models import Challenge, ConflictReason, PartyRule, PeerKind, Seat
from matcher.peer_arrays import NO_PARTY, PARTY_CODES, PeerArrays, peer_arrays
from matcher.programme import Programme, busy_period, start_options

FORMER_EMPLOYER_YEARS = 5
TRAINING_YEARS = 3
LEFT_COUNCIL_DAYS = 365
OPTION_RULES = ("H3", "H4", "H5", "H6")
"""Per-start exclusions, in the order used to attribute a peer to one blocking rule."""


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Eligibility:
    """Exclusion masks for one programme; cheap to query per challenge and seat."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.peers: PeerArrays = peer_arrays(programme)
        self.peer_index = {pid: i for i, pid in enumerate(self.peers.ids)}
        self._index_side_tables()

    def _index_side_tables(self) -> None:
        idx, councils = self.peer_index, self.programme.councils.index
        un = self.programme.unavailability
        self.un_peer = np.array([idx[u.peer_id] for u in un], dtype=np.int64)
        self.un_from = np.array([u.from_date.toordinal() for u in un], dtype=np.int64)
        self.un_to = np.array([u.to_date.toordinal() for u in un], dtype=np.int64)
        cf = self.programme.conflicts
        self.cf_peer = np.array([idx[c.peer_id] for c in cf], dtype=np.int64)
        self.cf_council = np.array([councils[c.ons_code] for c in cf], dtype=np.int64)
        self.cf_former = np.array(
            [c.reason is ConflictReason.FORMER_EMPLOYER for c in cf], dtype=bool
        )
        self.cf_until = np.array(
            [c.until_year if c.until_year is not None else -1 for c in cf], dtype=np.int64
        )

    @cached_property
    def geography_excluded(self) -> dict[str, np.ndarray]:
        """H5 geography per client council index: own, two-tier area, neighbours."""
        reg = self.programme.councils
        home = self.peers.home
        area = reg.area_index
        neighbours = reg.neighbour_matrix if self.programme.settings.neighbour_rule else None
        return {"home": home, "area": area[home], "neighbours": neighbours}

    def h5_excluded(self, challenge: Challenge, start: date) -> np.ndarray:
        """H5 at `start`: geography, declared conflicts, recent former employers, vetoes."""
        reg = self.programme.councils
        client = reg.index[challenge.council]
        geo = self.geography_excluded
        out = (geo["home"] == client) | (geo["area"] == reg.area_index[client])
        if geo["neighbours"] is not None:
            out |= geo["neighbours"][client][geo["home"]]
        at_client = self.cf_council == client
        recent = (self.cf_until < 0) | (start.year - self.cf_until <= FORMER_EMPLOYER_YEARS)
        out[self.cf_peer[at_client & (~self.cf_former | recent)]] = True
        vetoed = [self.peer_index[v] for v in challenge.vetoes if v in self.peer_index]
        out[vetoed] = True
        return out

    def h6_excluded(self, start: date) -> np.ndarray:
        """H6 at `start` for members and officers."""
        p = self.peers
        s = start.toordinal()
        since = years_before(start, TRAINING_YEARS).toordinal()
        trained = p.training_waived | ((p.trained_on >= since) & (p.conference_on >= since))
        member_ok = trained & (p.serving_until >= s - LEFT_COUNCIL_DAYS)
        officer_ok = p.serving_until >= s
        return ~np.where(p.is_member, member_ok, officer_ok)

    def h3_unavailable(self, challenge: Challenge, start: date) -> np.ndarray:
        """H3: an unavailability range touches [start - 1, end]."""
        first, last = (d.toordinal() for d in busy_period(challenge, start))
        out = np.zeros(self.peers.n, dtype=bool)
        out[self.un_peer[(self.un_from <= last) & (self.un_to >= first)]] = True
        return out

    def h4_short(self, challenge: Challenge, start: date) -> np.ndarray:
        """H4: fewer days left in the start's financial year than the challenge charges."""
        year = self.programme.financial_year_of(start)
        used = self.peers.days_used if year == self.programme.financial_year else 0
        return self.peers.cap - used < challenge.charged_days

    def option_exclusions(self, challenge: Challenge, start: date) -> dict[str, np.ndarray]:
        """Per-start exclusion masks keyed by rule code (see OPTION_RULES)."""
        return {
            "H3": self.h3_unavailable(challenge, start),
            "H4": self.h4_short(challenge, start),
            "H5": self.h5_excluded(challenge, start),
            "H6": self.h6_excluded(start),
        }

    def h1_base(self, seat: Seat) -> np.ndarray:
        """H1: right kind, at least one required tag, lead peer where required."""
        p = self.peers
        mask = p.is_member == (seat.kind is PeerKind.MEMBER)
        if seat.required_tags:
            mask &= (p.tags & p.tag_mask(seat.required_tags)) != 0
        if seat.lead_required:
            mask &= p.lead
        return mask

    def h7_excluded(self, challenge: Challenge, seat: Seat) -> np.ndarray:
        """H7: peers whose party breaks the seat's party rule."""
        party = self.peers.party
        rule = seat.party_rule
        if not rule:
            return np.zeros(self.peers.n, dtype=bool)
        leader = self.programme.leader_party(challenge)
        leader_code = PARTY_CODES.index(leader) if leader else NO_PARTY
        if rule == PartyRule.LEADER_PARTY:
            return party != leader_code
        if rule == PartyRule.OTHER_PARTY:
            return (party == leader_code) | (party == NO_PARTY)
        return party != PARTY_CODES.index(rule)


@dataclass(frozen=True)
class SeatCandidates:
    """The peers that may take one seat, and at which of its team's start options."""

    seat: Seat
    peers: np.ndarray
    allowed: np.ndarray
    """Boolean [len(peers), n_options]: the peer may take the seat at that start."""


def seat_candidates(
    elig: Eligibility, challenge: Challenge, seats: list[Seat]
) -> tuple[list[date], list[SeatCandidates]]:
    """Candidates of every seat of `challenge` (one pass over its start options)."""
    options = start_options(challenge)
    per_option = [elig.option_exclusions(challenge, start) for start in options]
    out = []
    for seat in seats:
        base = elig.h1_base(seat) & ~elig.h7_excluded(challenge, seat)
        allowed = np.stack([base & ~_excluded(ex, seat) for ex in per_option], axis=1)
        peers = np.flatnonzero(allowed.any(axis=1))
        out.append(SeatCandidates(seat, peers, allowed[peers]))
    return options, out


def _excluded(exclusions: dict[str, np.ndarray], seat: Seat) -> np.ndarray:
    mask = exclusions["H3"] | exclusions["H5"] | exclusions["H6"]
    return mask if seat.shadow else mask | exclusions["H4"]
