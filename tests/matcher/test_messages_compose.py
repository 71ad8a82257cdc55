"""The words of messages (issue 13): each names only its recipient's business."""

from __future__ import annotations

from datetime import date

from matcher.messages import Kind, Line
from matcher.messages.compose import (
    group_office_letter,
    peer_letter,
    profile_prompt,
    withdrawal_letter,
)


def line(pid: int, name: str, fixed: bool = True) -> Line:
    return Line(
        pid, name, "C1", "Gamma", "lead_member", date(2024, 6, 10), date(2024, 6, 13), fixed
    )


def test_a_group_office_digest_lists_each_peer_once_with_dates():
    letter = group_office_letter(
        Kind.PROPOSED, "liberal_democrat", [line(1, "Ada"), line(2, "Bob")], 10
    )
    assert letter.subject.startswith("2 member peers proposed")
    assert "Dear Liberal Democrat group office" in letter.body and "within 10 days" in letter.body
    assert letter.body.count("Ada: Gamma (C1), seat lead_member, Mon 10 Jun 2024") == 1
    single = group_office_letter(Kind.OVERDUE, "labour", [line(1, "Ada", fixed=False)], 10)
    assert single.subject == "Overdue: 1 member peer awaiting your answer for more than 10 days"
    assert "(provisional)" in single.body


def test_a_peer_hears_only_about_their_own_seat():
    letter = peer_letter(Kind.NOT_SELECTED, line(3, "Cat Green"))
    assert letter.subject == "Not selected this time: Gamma"
    assert letter.body.startswith("Dear Cat,") and "Cat Green" not in letter.body
    assert letter.audience.value == "peer"


def test_withdrawal_and_prompt():
    withdrawn = withdrawal_letter(line(4, "Dan"), "family illness")
    assert (
        withdrawn.audience.value == "manager" and "Reason given: family illness" in withdrawn.body
    )
    prompt = profile_prompt("Eve Fox", "2023-01-02", "https://x.test/me/abc", 14)
    assert "https://x.test/me/abc" in prompt.body and "14 days" in prompt.body
