"""Never trust the model: a team is re-checked by the independent validator before it is
returned, together with the other plan rows of its own peers (their days and dates are
what H3 and H4 judge), so a check costs a few rows instead of the whole year.

The check runs on a faithful sub-programme: the challenges, seats, peers, unavailability,
conflicts and placements those rows involve, with the programme's financial year pinned.
Every hard rule judges a row from exactly these facts, so the verdict on the team's rows
is the full programme's, at a fraction of the cost (the score is not used here; the tests
compare it with the whole plan). A violation on another challenge's row is the team's
doing only under a rule that the peer's seats on other challenges count toward (H3 dates,
H4 day caps: `across_challenges` in the rule registry). Any other one (that challenge's
seats left empty in the sub-programme, or a breach the plan already had, such as a
placed peer failing that seat's H7 party rule) is not, and is ignored: the user gets the
team rather than an error about a challenge they did not ask for. Anything about this
challenge, or under those rules about one of the team's peers, is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from matcher.models import Assignment
from matcher.programme import Programme
from matcher.rules import across_challenge_codes
from matcher.shortlist.index import ShortlistIndex
from matcher.validation import ValidationReport, Violation, validate


def team_rows(
    index: ShortlistIndex, challenge_id: str, team: Sequence[Assignment]
) -> list[Assignment]:
    """The team plus its peers' plan rows on other challenges."""
    keep = index.plan.others(challenge_id)
    rows = list(team)
    for a in team:
        rows += index.plan.holder_rows(index.peer_index[a.peer_id], keep)
    return rows


def sub_programme(programme: Programme, rows: Sequence[Assignment]) -> Programme:
    """The part of `programme` that the hard rules consult to judge `rows`."""
    cids = sorted({a.challenge_id for a in rows})
    pids = sorted({a.peer_id for a in rows})
    settings = programme.settings
    if settings.financial_year_start is None:
        start = date(programme.financial_year, 4, 1)
        settings = settings.model_copy(update={"financial_year_start": start})
    return Programme(
        councils=programme.councils,
        peers=tuple(programme.peer_by_id[p] for p in pids),
        challenges=tuple(programme.challenge_by_id[c] for c in cids),
        seats=tuple(s for c in cids for s in programme.seats_by_challenge[c]),
        unavailability=tuple(u for p in pids for u in programme.unavailability_by_peer.get(p, ())),
        conflicts=tuple(c for p in pids for c in programme.conflicts_by_peer.get(p, ())),
        placements=tuple(pl for pl in programme.placements if pl.challenge_id in set(cids)),
        settings=settings,
    )


def team_violations(
    index: ShortlistIndex,
    challenge_id: str,
    team: Sequence[Assignment],
    report: ValidationReport | None = None,
) -> list[Violation]:
    rows = team_rows(index, challenge_id, team)
    report = report or validate(sub_programme(index.programme, rows), rows)
    peers, across = {a.peer_id for a in team}, across_challenge_codes()
    return [
        v
        for v in report.violations
        if v.challenge_id == challenge_id or (v.peer_id in peers and v.rule in across)
    ]


def check_team(index: ShortlistIndex, challenge_id: str, team: Sequence[Assignment]) -> None:
    """Raise InternalError if the validator finds the team breaking a hard rule."""
    from matcher.shortlist.shortlist import InternalError

    problems = team_violations(index, challenge_id, team)
    if problems:
        raise InternalError(
            "a shortlisted team breaks hard rules: " + "; ".join(v.message for v in problems)
        )
