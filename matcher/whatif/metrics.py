"""Per-scenario figures: the headline numbers and the tables the report compares.

All figures are aggregates over seats, peers and group offices; nothing here reads
equalities data (special category data, DOMAIN.md "Personal data"). A seat's *type* is
its challenge type and seat id ("cpc/lead_officer"): the same seat id asks for different
people on different engagements (a CPC's lead officer is a chief executive, a finance
review's an s151 officer), so scarcity is only meaningful per type.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from matcher.batch.job import BatchResult
from matcher.batch.outputs import utilisation_table
from matcher.eligibility import Eligibility, excluded
from matcher.models import Challenge, PartyRule, PeerKind, Seat
from matcher.programme import Programme

BUSY_SHARE = 0.8
"""Utilisation at or above 80% of the cap counts a peer as heavily used (H4)."""
BIN_EDGES = np.linspace(0.0, 1.0, 11)
DIMENSIONS = ("seat_type", "party", "region", "month")


def seat_type(challenge: Challenge, seat: Seat) -> str:
    return f"{challenge.type.value}/{seat.seat_id}"


def seat_party(programme: Programme, challenge: Challenge, seat: Seat) -> str:
    """The party a seat asks for (H7): 'lab', 'not lab', 'any party', or 'officer'."""
    if seat.kind is PeerKind.OFFICER:
        return "officer"
    leader = programme.leader_party(challenge)
    leader_code = leader.value if leader else "none"
    if seat.party_rule == PartyRule.LEADER_PARTY:
        return leader_code
    if seat.party_rule == PartyRule.OTHER_PARTY:
        return f"not {leader_code}"
    return seat.party_rule or "any party"


def seat_rows(programme: Programme, result: BatchResult) -> pd.DataFrame:
    """One row per seat: its dimensions and whether the plan fills it."""
    starts = {a.challenge_id: a.start_date for a in result.assignments}
    filled = {(a.challenge_id, a.seat_id): a.peer_id for a in result.assignments}
    rows = []
    for challenge in programme.challenges:
        start = starts.get(challenge.challenge_id, challenge.earliest_start)
        region = programme.councils[challenge.council].region
        for seat in programme.seats_by_challenge[challenge.challenge_id]:
            key = (challenge.challenge_id, seat.seat_id)
            rows.append(
                {
                    "challenge_id": key[0],
                    "seat_id": key[1],
                    "seat_type": seat_type(challenge, seat),
                    "party": seat_party(programme, challenge, seat),
                    "region": region,
                    "month": f"{start:%Y-%m}",
                    "peer_id": filled.get(key, ""),
                    "filled": key in filled,
                    "charged_days": 0 if seat.shadow else challenge.charged_days,
                }
            )
    return pd.DataFrame(rows)


def unfilled_by(seats: pd.DataFrame) -> pd.DataFrame:
    """Seats and unfilled seats per value of each dimension (long form)."""
    parts = []
    for dim in DIMENSIONS:
        grouped = seats.groupby(dim)["filled"].agg(seats="size", filled="sum").reset_index()
        grouped["unfilled"] = grouped["seats"] - grouped["filled"]
        parts.append(grouped.rename(columns={dim: "value"}).assign(dimension=dim))
    out = pd.concat(parts, ignore_index=True)
    return out[["dimension", "value", "seats", "unfilled"]]


def utilisation(programme: Programme, result: BatchResult) -> pd.DataFrame:
    """Per peer: days (before + added) over cap, as a share (H4)."""
    table = utilisation_table(programme, result.assignments)
    used = (table["days_used_before"] + table["days_added"]).astype(float)
    cap = table["cap_days"].astype(float).replace(0.0, np.nan)
    return pd.DataFrame(
        {
            "peer_id": table["peer_id"],
            "kind": table["kind"],
            "days_added": table["days_added"].astype(int),
            "share_of_cap": (used / cap).fillna(1.0).clip(0.0, None),
        }
    )


def utilisation_bins(util: pd.DataFrame) -> pd.DataFrame:
    """Peers per 10% band of their cap, by kind (the histogram's data)."""
    rows = []
    for kind in PeerKind:
        shares = util.loc[util["kind"] == kind.value, "share_of_cap"].clip(upper=1.0)
        counts, _ = np.histogram(shares, bins=BIN_EDGES)
        for lo, n in zip(BIN_EDGES[:-1], counts, strict=True):
            rows.append({"kind": kind.value, "band": f"{lo:.0%}-{lo + 0.1:.0%}", "peers": int(n)})
    return pd.DataFrame(rows)


def group_offices(result: BatchResult) -> pd.DataFrame:
    """S4: member seats and days per group office against its share of the pool."""
    use = result.summary.get("utilisation_by_group_office", {})
    return pd.DataFrame(
        [{"group_office": g, **v} for g, v in use.items()],
        columns=["group_office", "pool_share", "seats", "shadow_seats", "seat_share", "days"],
    )


def bottlenecks(programme: Programme, seats: pd.DataFrame, util: pd.DataFrame) -> pd.DataFrame:
    """Scarcity per seat type: unfilled seats and seats filled by a peer left at their cap.

    "At cap": after the plan the peer has fewer days left than the seat charges, so they
    could not take another like it. `supply` is the mean number of pool peers passing H1
    (kind, tags, lead) and the H7 party rule for a seat of the type.
    """
    elig = Eligibility(programme)
    supply = Counter()
    for challenge in programme.challenges:
        for seat in programme.seats_by_challenge[challenge.challenge_id]:
            ok = elig.h1_base(seat) & ~excluded(elig.seat_exclusions(challenge, seat), seat)
            supply[seat_type(challenge, seat)] += int(ok.sum())
    table = utilisation_table(programme, [])
    cap = dict(zip(table["peer_id"], table["cap_days"], strict=True))
    used = dict(zip(util["peer_id"], util["share_of_cap"], strict=True))
    left = {p: cap[p] * (1 - used[p]) for p in cap}
    at_cap = seats["filled"] & seats.apply(
        lambda r: (
            r["peer_id"] != "" and 0 < r["charged_days"] and left[r["peer_id"]] < r["charged_days"]
        ),
        axis=1,
    )
    frame = (
        seats.assign(at_cap=at_cap)
        .groupby("seat_type")
        .agg(seats=("filled", "size"), filled=("filled", "sum"), filled_at_cap=("at_cap", "sum"))
    )
    frame["unfilled"] = frame["seats"] - frame["filled"]
    frame["supply"] = [round(supply[t] / n, 1) for t, n in frame["seats"].items()]
    frame["scarcity"] = ((frame["unfilled"] + frame["filled_at_cap"]) / frame["seats"]).round(3)
    frame = frame.reset_index().sort_values(["scarcity", "supply"], ascending=[False, True])
    return frame[["seat_type", "seats", "unfilled", "filled_at_cap", "supply", "scarcity"]]


def headline(programme: Programme, result: BatchResult, util: pd.DataFrame) -> dict:
    """The side-by-side row: coverage, cost, heavy use, status and gap."""
    s = result.summary
    counts = s.get("counts", {})
    seats = counts.get("seats", len(programme.all_seats))
    filled = len(result.assignments)
    busy = util[util["share_of_cap"] >= BUSY_SHARE].groupby("kind").size()
    if s.get("status") in ("timeout", "infeasible"):  # no plan: coverage is unknown
        filled = None
    return {
        "status": s.get("status"),
        "gap": s.get("gap"),
        "objective": s.get("objective"),
        "seats": seats,
        "filled": filled,
        "unfilled": None if filled is None else seats - filled,
        "filled_pct": None
        if filled is None
        else (round(100 * filled / seats, 1) if seats else 100.0),
        "cost_estimate_gbp": s.get("cost_estimate_gbp"),
        "peers": len(programme.peers),
        "peers_used": int((util["days_added"] > 0).sum()),
        "members_at_80pct": int(busy.get(PeerKind.MEMBER.value, 0)),
        "officers_at_80pct": int(busy.get(PeerKind.OFFICER.value, 0)),
        "solve_seconds": s.get("solve_seconds"),
    }
