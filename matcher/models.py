"""Domain models: councils, peers, challenges, seats, placements and results.

Every field carries a description because these models are also the API schema and the
programme-folder contract (docs/format.md). Models are frozen: a loaded
programme is a value, and jobs derive new values instead of editing it in place.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

CouncilCode = Annotated[str, Field(min_length=1, description="ONS GSS code, e.g. E07000223.")]
PeerId = Annotated[str, Field(min_length=1, description="Unique peer identifier.")]
ChallengeId = Annotated[str, Field(min_length=1, description="Unique challenge identifier.")]
SeatId = Annotated[str, Field(min_length=1, description="Seat identifier within a challenge.")]
Tag = Annotated[str, Field(min_length=1, description="A role tag, e.g. 's151' or 'children'.")]

WALES = "Wales"
"""The region of the Welsh councils, which are served on a paid-for basis."""


class CouncilType(StrEnum):
    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    METROPOLITAN = "metropolitan"
    LONDON_BOROUGH = "london_borough"


class Party(StrEnum):
    CON = "con"
    LAB = "lab"
    LD = "ld"
    GREEN = "green"
    IND = "ind"
    OTHER = "other"


class GroupOffice(StrEnum):
    """The LGA political group office that answers for a member peer (DOMAIN.md)."""

    CONSERVATIVE = "conservative"
    LABOUR = "labour"
    LIBERAL_DEMOCRAT = "liberal_democrat"
    INDEPENDENT = "independent"


GROUP_OFFICE_OF_PARTY: dict[Party, GroupOffice] = {
    Party.CON: GroupOffice.CONSERVATIVE,
    Party.LAB: GroupOffice.LABOUR,
    Party.LD: GroupOffice.LIBERAL_DEMOCRAT,
    Party.GREEN: GroupOffice.INDEPENDENT,
    Party.IND: GroupOffice.INDEPENDENT,
    Party.OTHER: GroupOffice.INDEPENDENT,
}


class PeerKind(StrEnum):
    MEMBER = "member"
    OFFICER = "officer"


class ChallengeType(StrEnum):
    CPC = "cpc"
    FINANCE = "finance"
    GOVERNANCE = "governance"
    PROGRESS_REVIEW = "progress_review"
    MENTORING = "mentoring"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class YesNoUnsaid(StrEnum):
    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class PeerStatus(StrEnum):
    """H6: only active peers are matched (paused until an end date, or removed)."""

    ACTIVE = "active"
    PAUSED = "paused"
    REMOVED = "removed"


class RemovalReason(StrEnum):
    """Why a peer left the pool (the peer support review's reasons)."""

    NO_LONGER_SERVING = "no_longer_serving"
    UNSATISFACTORY_FEEDBACK = "unsatisfactory_feedback"
    INACCURATE_INFORMATION = "inaccurate_information"
    OWN_REQUEST = "own_request"


class ConflictReason(StrEnum):
    DECLARED = "declared"
    FORMER_EMPLOYER = "former_employer"


class PlacementStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"


class PartyRule(StrEnum):
    """Special party rules; a seat may also name a fixed `Party`."""

    LEADER_PARTY = "leader_party"
    OTHER_PARTY = "other_party"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Council(_Frozen):
    """A principal council (reference data, real: matcher/data)."""

    ons_code: CouncilCode
    name: str = Field(description="Short name of the council.")
    type: CouncilType = Field(description="Tier and kind of council.")
    region: str = Field(description="English region, or 'Wales'.")
    parent_ons_code: CouncilCode | None = Field(
        default=None, description="For districts: the county council containing the district."
    )
    latitude: float = Field(description="WGS84 latitude of the area centroid.")
    longitude: float = Field(description="WGS84 longitude of the area centroid.")
    population: int | None = Field(default=None, description="Estimated residents (2020).")
    political_control: str = Field(description="Controlling party label as published, or 'NOC'.")
    largest_party: str = Field(description="Party label with the most seats.")
    leader_party: Party | None = Field(
        default=None,
        description="Party code of the leader: the controlling party, else the largest party "
        "(docs/format.md); None where the label maps to no party code.",
    )

    @property
    def paid_basis(self) -> bool:
        """Welsh councils are served on a paid-for basis (DOMAIN: Council)."""
        return self.region == WALES


class Peer(_Frozen):
    """A member peer (serving councillor) or officer peer, as exported from the CRM."""

    peer_id: PeerId
    name: str = Field(description="Display name (synthetic in generated programmes).")
    kind: PeerKind = Field(description="member = councillor, officer = council officer.")
    party: Party | None = Field(default=None, description="Members only: party code.")
    home_council: CouncilCode = Field(description="The council the peer serves or works for.")
    tags: frozenset[Tag] = Field(default=frozenset(), description="Role tags the peer holds.")
    council_types: frozenset[CouncilType] = Field(
        default=frozenset(), description="Types of council the peer has experience of (S1)."
    )
    lead_peer: bool = Field(default=False, description="Accredited to lead a team.")
    trained_on: date | None = Field(
        default=None, description="Last peer-challenge training attended (H6)."
    )
    training_booked_on: date | None = Field(
        default=None, description="Date of a peer-challenge training course booked (H6)."
    )
    mentoring_trained_on: date | None = Field(
        default=None, description="Mentoring training attended (H6: mentoring seats)."
    )
    mentoring_booked_on: date | None = Field(
        default=None, description="Date of a mentoring training course booked (H6)."
    )
    conference_on: date | None = Field(
        default=None, description="Last peer conference attended (H6; a later date is none)."
    )
    serving_until: date | None = Field(
        default=None, description="Councillor term or employment end date, if any (H6)."
    )
    profile_updated_on: date | None = Field(default=None, description="Profile last updated.")
    gender: Gender | None = Field(default=None, description="Special category data (S2).")
    ethnic_minority: YesNoUnsaid | None = Field(
        default=None, description="Special category data: from an ethnic minority background."
    )
    disability: YesNoUnsaid | None = Field(
        default=None, description="Special category data: lived experience of disability."
    )
    days_used: int = Field(default=0, ge=0, description="Days already used this financial year.")
    cap_days: int | None = Field(
        default=None, ge=0, description="Approved cap exception in days per year (H4)."
    )
    training_waived: bool = Field(default=False, description="H6 training rule waived on record.")
    status: PeerStatus = Field(
        default=PeerStatus.ACTIVE, description="H6: paused and removed peers are never matched."
    )
    paused_until: date | None = Field(
        default=None, description="Last day of a pause (empty: paused until further notice)."
    )
    removed_reason: RemovalReason | None = Field(
        default=None, description="Why a removed peer left the pool (required when removed)."
    )

    @model_validator(mode="after")
    def _status_fields(self) -> Peer:
        if self.status is PeerStatus.REMOVED and self.removed_reason is None:
            raise ValueError("removed_reason: a removed peer needs the reason (H6)")
        if self.status is not PeerStatus.REMOVED and self.removed_reason is not None:
            raise ValueError("removed_reason: only a removed peer has a removal reason (H6)")
        if self.status is not PeerStatus.PAUSED and self.paused_until is not None:
            raise ValueError("paused_until: only a paused peer has a pause end date (H6)")
        return self

    @property
    def group_office(self) -> GroupOffice | None:
        """The member peer's political group office (None for officers)."""
        return GROUP_OFFICE_OF_PARTY[self.party] if self.party else None


class Unavailability(_Frozen):
    """A date range (inclusive) when a peer cannot be on site (H3)."""

    peer_id: PeerId
    from_date: date = Field(description="First unavailable day.")
    to_date: date = Field(description="Last unavailable day (inclusive).")
    reason: str = Field(default="", description="Free text reason.")


class Conflict(_Frozen):
    """A declared conflict of interest or a former employer (H5)."""

    peer_id: PeerId
    ons_code: CouncilCode
    reason: ConflictReason = Field(description="declared or former_employer.")
    until_year: int | None = Field(
        default=None, description="Former employer: the year the peer left (no year: always)."
    )


class Challenge(_Frozen):
    """An engagement at a client council that needs a team."""

    challenge_id: ChallengeId
    council: CouncilCode = Field(description="The client council.")
    type: ChallengeType = Field(description="Kind of engagement.")
    onsite_days: int = Field(ge=1, description="Consecutive onsite days from the start.")
    charged_days: int = Field(ge=0, description="Days charged to each peer's cap (H4).")
    earliest_start: date = Field(description="First allowed start date.")
    latest_start: date = Field(description="Last allowed start date (equal for fixed dates).")
    follows: ChallengeId | None = Field(
        default=None, description="Progress reviews: the original challenge (S5)."
    )
    leader_party: Party | None = Field(
        default=None, description="Override of the council leader's party (H7)."
    )
    min_women: int = Field(default=0, ge=0, description="Diversity preference (S2).")
    min_ethnic_minority: int = Field(default=0, ge=0, description="Diversity preference (S2).")
    min_disability: int = Field(default=0, ge=0, description="Diversity preference (S2).")
    diversity_required: bool = Field(
        default=False, description="Diversity minimums are hard for this challenge."
    )
    vetoes: tuple[PeerId, ...] = Field(default=(), description="Peers the council refused (H5).")
    requests: tuple[PeerId, ...] = Field(default=(), description="Peers the council asked for.")


class Seat(_Frozen):
    """One place on a challenge's team and what it needs."""

    challenge_id: ChallengeId
    seat_id: SeatId
    kind: PeerKind = Field(description="Member or officer seat (H1).")
    required_tags: frozenset[Tag] = Field(
        default=frozenset(), description="The peer must hold at least one (empty: any) (H1)."
    )
    preferred_tags: frozenset[Tag] = Field(default=frozenset(), description="Fit tags (S1).")
    party_rule: str | None = Field(
        default=None, description="'leader_party', 'other_party', a party code, or none (H7)."
    )
    lead_required: bool = Field(default=False, description="Only lead peers may sit here.")
    shadow: bool = Field(
        default=False, description="Unpaid extra seat: counts toward no cap, fills no requirement."
    )


class Placement(_Frozen):
    """A seat already proposed or confirmed (confirmed ones are pinned; S7 for proposed)."""

    challenge_id: ChallengeId
    seat_id: SeatId
    peer_id: PeerId
    status: PlacementStatus = Field(description="proposed or confirmed.")
    start_date: date | None = Field(
        default=None,
        description="The team's first onsite day; a confirmed placement keeps it in every "
        "later solve.",
    )
    state: str | None = Field(
        default=None,
        description="The placement workflow's state when the service exported it (proposed, "
        "approved, put_forward, selected, confirmed); the file's own status decides the solve.",
    )


class PastPlacement(_Frozen):
    """A placement of an earlier year, or a past challenge whose team is unknown (no
    peer): the one history (the `history` table) that S8 fresh eyes, S5 across years and
    the councils due a corporate peer challenge all read (issue 13)."""

    peer_id: PeerId | None = Field(
        default=None, description="The peer who served; empty: a challenge, team unknown."
    )
    council: CouncilCode = Field(description="The client council.")
    start_date: date = Field(description="First onsite day of that challenge.")
    challenge_id: ChallengeId | None = Field(
        default=None, description="That challenge, if known (a progress review's original)."
    )
    type: ChallengeType | None = Field(
        default=None, description="Its kind, if known (a cpc counts for the due list)."
    )


class Assignment(_Frozen):
    """One peer in one seat with the start the team was given (an answer row)."""

    challenge_id: ChallengeId
    seat_id: SeatId
    peer_id: PeerId
    start_date: date = Field(description="The team's first onsite day.")
    end_date: date = Field(description="The team's last onsite day.")
    reasons: str = Field(default="", description="Rule codes and tags that qualified the peer.")
    points: int = Field(default=0, description="Soft-goal penalty points this seat adds.")


class UnfilledSeat(_Frozen):
    """A seat left empty in partial mode, with what blocked it."""

    challenge_id: ChallengeId
    seat_id: SeatId
    blocking: str = Field(description="Peers excluded per rule, e.g. 'H4:4;H5:3;H3:2'.")
    message: str = Field(description="A sentence a manager can read.")
