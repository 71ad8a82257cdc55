"""The `reasons` column (rule codes and tags, FORMAT of assignments.csv) as a sentence.

assignments.csv keeps the compact codes a program reads back; the workbook shows a person
the sentence, with the rule codes in a column of their own.
"""

from __future__ import annotations

import re

PARTY_NAMES = {
    "con": "Conservative",
    "lab": "Labour",
    "ld": "Liberal Democrat",
    "green": "Green",
    "ind": "Independent",
    "other": "other party",
}
_PARTY = re.compile(r"H7:(\w+) \((\w+); leader (\w+)\)")
_RULE = re.compile(r"\b([HS]\d)\b")
_SEPARATOR = re.compile(r";(?![^(]*\))")
"""A `;` outside parentheses (the H7 part holds one inside)."""


def _party(code: str) -> str:
    return PARTY_NAMES.get(code, code)


def _part(part: str) -> str | None:
    """One `;`-separated reason as words (None: nothing worth saying)."""
    if part.startswith("H1:"):
        return f"a {part[3:]} peer"
    if part.startswith("tags "):
        return "holds the required role tag " + " or ".join(part[5:].split("/"))
    if part == "lead peer":
        return "a lead peer, as the seat requires"
    match = _PARTY.match(part)
    if match:
        party, rule, leader = match.groups()
        wanted = {"leader_party": "the leader's party", "other_party": "not the leader's party"}
        return f"{_party(party)} ({wanted.get(rule, _party(rule))}; the leader is {_party(leader)})"
    if part == "H3-H6,H8 clear":
        return (
            "free that week, within the day cap, without a conflict, eligible, and from a "
            "council no team member shares"
        )
    if part.startswith("S1 preferred "):
        return "brings the preferred " + " and ".join(part[13:].split("/"))
    if part == "S6 requested":
        return "asked for by the council"
    return part


def reason_sentence(reasons: str) -> tuple[str, str]:
    """(sentence, rule codes) for one assignment's reasons, e.g.
    ('A member peer; holds the required leader; ...', 'H1; H7; H3; H4; H5; H6; H8; S1')."""
    if not reasons:
        return "", ""
    parts = [p for p in (_part(p.strip()) for p in _SEPARATOR.split(reasons)) if p]
    sentence = "; ".join(parts)
    codes = list(dict.fromkeys(_RULE.findall(reasons.replace("H3-H6", "H3 H4 H5 H6"))))
    return (sentence[:1].upper() + sentence[1:] + "."), "; ".join(codes)
