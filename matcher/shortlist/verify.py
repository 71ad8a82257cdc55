"""Never trust the model: a team is re-checked by the independent validator before it is
returned, together with the other plan rows of its own peers (their days and dates are
what H3 and H4 judge), so a check costs a few rows instead of the whole year.

Violations about other challenges' seats (a partial plan leaves them empty or moves a
confirmed peer we did not include) are not the team's doing and are ignored; anything
about this challenge or one of the team's peers is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.models import Assignment
from matcher.shortlist.index import ShortlistIndex
from matcher.validation import ValidationReport, Violation, validate


def team_rows(index: ShortlistIndex, challenge_id: str,
              team: Sequence[Assignment]) -> list[Assignment]:
    """The team plus its peers' plan rows on other challenges."""
    keep = index.plan.others(challenge_id)
    rows = list(team)
    for a in team:
        rows += index.plan.holder_rows(index.peer_index[a.peer_id], keep)
    return rows


def team_violations(index: ShortlistIndex, challenge_id: str, team: Sequence[Assignment],
                    report: ValidationReport | None = None) -> list[Violation]:
    report = report or validate(index.programme, team_rows(index, challenge_id, team))
    peers = {a.peer_id for a in team}
    return [v for v in report.violations
            if v.challenge_id == challenge_id or (v.peer_id in peers and v.rule != "H1")]


def check_team(index: ShortlistIndex, challenge_id: str, team: Sequence[Assignment]) -> None:
    """Raise InternalError if the validator finds the team breaking a hard rule."""
    from matcher.shortlist.shortlist import InternalError

    problems = team_violations(index, challenge_id, team)
    if problems:
        raise InternalError("a shortlisted team breaks hard rules: "
                            + "; ".join(v.message for v in problems))
