"""The words of every message peermatch sends (issue 13 "Messages").

A message names only what its recipient may already see: a group office reads its own
member peers' names and seats; a peer reads their own placement; managers and the
Director read the placement they act on. No message carries equalities data, and none
names a party: a group office's peers are its party's by definition (DOMAIN.md
"Personal data"), so the party adds nothing and stays out of mail archives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    PROPOSED = "proposed"
    REMINDER = "reminder"
    OVERDUE = "overdue"
    PUT_FORWARD = "put_forward"
    CONFIRMED = "confirmed"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"
    CAP_EXCEPTION = "cap_exception"
    PROFILE_PROMPT = "profile_prompt"


class Audience(StrEnum):
    GROUP_OFFICE = "group_office"
    PEER = "peer"
    MANAGER = "manager"
    DIRECTOR = "director"


AUDIENCE = {
    Kind.PROPOSED: Audience.GROUP_OFFICE,
    Kind.REMINDER: Audience.GROUP_OFFICE,
    Kind.OVERDUE: Audience.GROUP_OFFICE,
    Kind.PUT_FORWARD: Audience.PEER,
    Kind.CONFIRMED: Audience.PEER,
    Kind.NOT_SELECTED: Audience.PEER,
    Kind.WITHDRAWN: Audience.MANAGER,
    Kind.CAP_EXCEPTION: Audience.DIRECTOR,
    Kind.PROFILE_PROMPT: Audience.PEER,
}


@dataclass(frozen=True)
class Line:
    """One placement as a message shows it."""

    placement_id: int
    peer_name: str
    challenge_id: str
    council_name: str
    seat_id: str
    start: date
    end: date
    dates_fixed: bool
    """False while a window's start is not yet settled (the date is the run's or earliest)."""

    def text(self, with_peer: bool = True) -> str:
        when = f"{self.start:%a %d %b %Y} to {self.end:%a %d %b %Y}"
        if not self.dates_fixed:
            when += " (provisional)"
        who = f"{self.peer_name}: " if with_peer else ""
        return f"- {who}{self.council_name} ({self.challenge_id}), seat {self.seat_id}, {when}"


@dataclass(frozen=True)
class Letter:
    kind: Kind
    subject: str
    body: str

    @property
    def audience(self) -> Audience:
        return AUDIENCE[self.kind]


SIGNATURE = "\n\npeermatch, LGA peer challenge programme\n"


def group_office_letter(kind: Kind, office: str, lines: list[Line], days: int) -> Letter:
    """To a group office: its member peers proposed, waiting 7 days, or overdue at 10."""
    listing = "\n".join(line.text() for line in lines)
    office_name = office.replace("_", " ").title()
    count = f"{len(lines)} member peer{'s' if len(lines) != 1 else ''}"
    if kind is Kind.PROPOSED:
        subject = f"{count} proposed for peer challenges: please approve or decline"
        lead = (
            f"Dear {office_name} group office,\n\n{count} of your group "
            f"{'have' if len(lines) != 1 else 'has'} been proposed. Please answer within "
            f"{days} days."
        )
    elif kind is Kind.REMINDER:
        subject = f"Reminder: {count} awaiting your answer for {days} days"
        lead = f"Dear {office_name} group office,\n\nThese proposals have waited {days} days:"
    else:
        subject = f"Overdue: {count} awaiting your answer for more than {days} days"
        lead = (
            f"Dear {office_name} group office,\n\nThese proposals are now overdue "
            f"(more than {days} days without an answer):"
        )
    return Letter(kind, subject, f"{lead}\n\n{listing}{SIGNATURE}")


PEER_WORDS = {
    Kind.PUT_FORWARD: (
        "You have been put forward to {council}",
        "Your name has been put forward to {council} for this peer challenge. The council "
        "chooses its team; we will tell you when it has.",
    ),
    Kind.CONFIRMED: (
        "Confirmed: peer challenge at {council}",
        "You are confirmed on this peer challenge. The team meets the evening before the "
        "first day on site.",
    ),
    Kind.NOT_SELECTED: (
        "Not selected this time: {council}",
        "The council has chosen its team and you were not selected this time. Thank you "
        "for being available.",
    ),
}


def peer_letter(kind: Kind, line: Line) -> Letter:
    """To a peer about their own placement (no other team member is named)."""
    subject, lead = PEER_WORDS[kind]
    name = line.peer_name.split(" ")[0] if line.peer_name else "peer"
    body = f"Dear {name},\n\n{lead}\n\n{line.text(with_peer=False)}{SIGNATURE}"
    return Letter(kind, subject.format(council=line.council_name), body)


def withdrawal_letter(line: Line, note: str) -> Letter:
    """To the managers: a seat was freed and needs a replacement."""
    reason = f"\nReason given: {note}" if note else ""
    body = (
        f"Placement {line.placement_id} was withdrawn and its seat needs a replacement "
        f"(the withdrawal's answer offers one):\n\n{line.text()}{reason}{SIGNATURE}"
    )
    return Letter(Kind.WITHDRAWN, f"Withdrawn: {line.challenge_id} seat {line.seat_id}", body)


def profile_prompt(peer_name: str, updated: str, link: str, days: int) -> Letter:
    """To a peer whose profile is stale: their own signed link (never stored in full)."""
    name = peer_name.split(" ")[0] if peer_name else "peer"
    body = (
        f"Dear {name},\n\nPeer profiles are updated every 12 months; yours was last "
        f"updated {updated}. Please confirm or correct it, and your unavailable dates, "
        f"on your own page (the link works for {days} days and only for you):\n\n{link}"
        f"{SIGNATURE}"
    )
    return Letter(Kind.PROFILE_PROMPT, "Please check your peer profile", body)


def cap_exception_request(
    peer_name: str, peer_id: str, days: int, reason: str, asked_by: str, exception_id: int
) -> Letter:
    """To the Director of Improvement: a member peer's cap exception waits for a decision
    (H4: beyond 40 days only with the Director's approval, who, when, why and how many)."""
    body = (
        f"{asked_by} asks for a day-cap exception for member peer {peer_name} ({peer_id}): "
        f"a cap of {days} days this financial year.\n\nWhy: {reason}\n\n"
        f"Approve or decline it, with your reason, as cap exception {exception_id} "
        f"(POST /cap-exceptions/{exception_id}/approve or /decline).{SIGNATURE}"
    )
    return Letter(Kind.CAP_EXCEPTION, f"Cap exception to decide: {peer_name}", body)
