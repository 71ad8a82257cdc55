"""Shortlist, why-not and replace for the API: cached indexes and response models.

matcher.shortlist answers in ~50 ms at size M once a ShortlistIndex (programme + the
plan of the rest of the year) exists, so indexes are cached per (programme, run) and a
request only solves its own challenge. The plan is a done run's assignments (`run_id`)
or, without one, nothing beyond the programme's own placements. Calls are synchronous
but run on the thread pool, a bounded number at once (429 beyond), never on the loop.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api import workflow_read
from api.jobs.manager import Busy
from api.state import Services
from matcher.models import Assignment
from matcher.shortlist import ShortlistIndex
from matcher.shortlist.compare import option_headlines, points_lines
from matcher.shortlist.shortlist import TeamOption
from matcher.store import RunStatus
from matcher.workflow import ACTIVE, WorkflowSeat, pinned_programme

INDEX_CACHE_SIZE = 8


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ExplanationOut(_Out):
    seat_id: str
    peer_id: str
    qualified: str = Field(description="Rule codes and tags that qualified the peer.")
    points: dict[str, int] = Field(description="Soft-goal points the peer earns, by rule.")
    expense_gbp: float
    days_left: int = Field(description="Days left under the cap after this seat (H4).")
    sentences: list[str]


class AlternateOut(_Out):
    seat_id: str
    peer_id: str
    name: str
    score_difference: int = Field(description="Points the swap adds to the team's score.")
    reasons: list[str]


class PointsLineOut(_Out):
    code: str = Field(description="Rule code (S1-S8), or 'unfilled'.")
    rule: str = Field(description="The rule's name in words.")
    points: int = Field(description="Points of this rule; below zero, a bonus earned.")
    words: str = Field(description="The line as a manager reads it.")


class TeamOptionOut(_Out):
    """One team option in words: the points breakdown by rule and, in a shortlist, a
    headline against the best option; the raw total is kept only under a name that
    says what it is."""

    option: int
    start: date
    assignments: list[Assignment]
    total_points_added_to_plan: int = Field(
        description="The sum of `breakdown`: what choosing this team adds to the year's "
        "plan, in the rules' points (lower is better). It can be below zero (a team that "
        "evens out the group offices' shares lowers S4 elsewhere): compare options by "
        "`headline`, not by this number."
    )
    breakdown: list[PointsLineOut] = Field(
        description="The team's points rule by rule in plain words, the largest cost first."
    )
    headline: str | None = Field(
        default=None,
        description="Against the shortlist's best option: 'the best option; expenses £..' "
        "or '340 points more than option 1; expenses £120 more' (shortlists only).",
    )
    explanations: list[ExplanationOut]
    alternates: dict[str, list[AlternateOut]] = Field(description="Ranked, per seat.")
    stale_profiles: list[str] = Field(
        default_factory=list,
        description="Peers of this team whose profile is older than 12 months (issue 13).",
    )

    @model_validator(mode="before")
    @classmethod
    def _in_words(cls, data: Any) -> Any:
        """From matcher.shortlist's TeamOption: its score and points become the labelled
        total and the breakdown in words."""
        if isinstance(data, TeamOption):
            data = {f.name: getattr(data, f.name) for f in fields(data)}
        if isinstance(data, dict) and "score" in data:
            data = dict(data)
            data["total_points_added_to_plan"] = data.pop("score")
            data["breakdown"] = points_lines(data.pop("points", {}))
        return data


class ShortlistOut(_Out):
    challenge_id: str
    options: list[TeamOptionOut]
    infeasibility: dict[str, Any] | None = Field(
        description="Why no team exists, with the smallest relaxation (no options only)."
    )
    timings: dict[str, float]

    @model_validator(mode="after")
    def _headlines(self) -> ShortlistOut:
        lines = option_headlines(
            [
                (
                    o.option,
                    o.total_points_added_to_plan,
                    sum(e.expense_gbp for e in o.explanations),
                )
                for o in self.options
            ]
        )
        for o in self.options:
            o.headline = lines[o.option]
        return self


class RuleCaseOut(_Out):
    code: str
    detail: str
    message: str


class WhyNotOut(_Out):
    challenge_id: str
    seat_id: str
    peer_id: str
    eligible: bool = Field(description="The peer may take the seat at some start.")
    excluded: dict[str, list[RuleCaseOut]] = Field(description="Per start: excluding rules.")
    best: TeamOptionOut | None
    with_peer: TeamOptionOut | None
    difference: int | None = Field(description="Points the peer's best team adds over the best.")
    reasons: list[str]
    sentences: list[str]


class ReplacementOut(_Out):
    challenge_id: str
    peer_id: str
    seat_id: str
    replacement: TeamOptionOut | None = Field(description="Only the vacated seat changes.")
    reshuffle: TeamOptionOut | None = Field(description="Least disruptive re-shuffle.")
    changed_seats: list[str]
    diagnosis: dict[str, Any] | None


def diagnosis_dict(diagnosis: Any) -> dict[str, Any] | None:
    return None if diagnosis is None else diagnosis.to_dict()


class IndexCache:
    """ShortlistIndex per (programme, run), least recently used dropped first."""

    def __init__(self, size: int = INDEX_CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[tuple, ShortlistIndex] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, services: Services, programme_id: int, run_id: str | None) -> ShortlistIndex:
        """The index of the programme as solves see it (workflow applied: confirmed seats
        pinned) against the plan that its answers are validated with; rebuilt when the
        workflow changes."""
        key = (programme_id, run_id, workflow_read.stamp(services.store, programme_id))
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        seats = workflow_read.workflow_seats(services.store, programme_id)
        programme, _counts = pinned_programme(services.programmes.get(programme_id), seats)
        index = ShortlistIndex(programme, plan_of(services, programme_id, run_id, seats))
        with self._lock:
            self._items[key] = index
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return index

    def forget(self) -> None:
        with self._lock:
            self._items.clear()


def plan_of(
    services: Services,
    programme_id: int,
    run_id: str | None,
    seats: list[WorkflowSeat] = (),
) -> list[Assignment]:
    """The rest of the year, one context for building and validating a shortlist: the
    active workflow seats dated as the run that proposed them placed them, then a done
    run's rows (`run_id`) for the seats and peers the workflow leaves alone.

    Dating proposals by their run matters: undated, a placement is taken at its
    challenge's first allowed start, where its peer may be unavailable (H3), and the
    validator then rejects any team that peer joins elsewhere (issue 14).
    """
    people = services.programmes.get(programme_id).peer_by_id
    rows = _workflow_rows(services, seats, people)
    if run_id is not None:
        record = services.store.get_run(run_id)
        if record.programme_id != programme_id or record.status is not RunStatus.DONE:
            raise ValueError(f"run {run_id} is not a done run of programme {programme_id}")
        taken = {(a.challenge_id, a.seat_id) for a in rows}
        taken |= {(a.challenge_id, a.peer_id) for a in rows}
        rows += [
            a
            for a in services.store.run_assignments(run_id)
            if a.peer_id in people
            and (a.challenge_id, a.seat_id) not in taken
            and (a.challenge_id, a.peer_id) not in taken
        ]
    return rows


def _workflow_rows(services: Services, seats: list[WorkflowSeat], people: dict) -> list[Assignment]:
    """Active workflow seats whose proposing run holds the same peer in the same seat."""
    active = {
        (s.challenge_id, s.seat_id): s
        for s in seats
        if s.state in ACTIVE and s.run_id is not None and s.peer_id in people
    }
    rows = []
    for run_id in sorted({s.run_id for s in active.values()}):
        for a in services.store.run_assignments(run_id):
            seat = active.get((a.challenge_id, a.seat_id))
            if seat is not None and seat.run_id == run_id and seat.peer_id == a.peer_id:
                rows.append(a)
    return rows


SLOT_WAIT_S = 5.0
"""How long a call queues for a solve slot before 429: a burst of a few calls waits its
turn (each takes ~50 ms) instead of being turned away."""


@contextmanager
def sync_slot(services: Services):
    """A slot for one synchronous solve, or Busy (429) when all stay taken SLOT_WAIT_S."""
    if not services.sync_slots.acquire(timeout=SLOT_WAIT_S):
        raise Busy(1, services.settings.max_sync_solves)
    try:
        yield
    finally:
        services.sync_slots.release()
