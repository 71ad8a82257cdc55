"""Changes to the pool: day caps (H4), peers added by profile, peers removed by filter.

Each function takes the programme, its change and a ChangeContext and returns the new
programme plus a one-line note for the report, so a planner sees what each change did
("removed 41 member peers (liberal_democrat); 3 proposed placements dropped").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matcher.models import Peer, PeerKind
from matcher.programme import Programme
from matcher.rules.h6_eligibility import TRAINING_YEARS, years_before
from matcher.whatif.context import (
    ChangeContext,
    ChangeError,
    check_councils,
    check_region,
    check_tags,
    year_end,
    year_start,
)
from matcher.whatif.scenario_models import AddPeers, DayCap, RemovePeers


def apply_day_cap(
    programme: Programme, change: DayCap, ctx: ChangeContext
) -> tuple[Programme, str]:
    """H4: a new default cap for one kind; approved exceptions stay unless replaced."""
    field = "member_cap_days" if change.kind is PeerKind.MEMBER else "officer_cap_days"
    settings = programme.settings.model_copy(update={field: change.days})
    peers = programme.peers
    replaced = 0
    if change.replace_exceptions:
        replaced = sum(p.kind is change.kind and p.cap_days is not None for p in peers)
        peers = tuple(
            p.model_copy(update={"cap_days": None})
            if p.kind is change.kind and p.cap_days is not None
            else p
            for p in peers
        )
    note = f"{change.kind.value} day cap {getattr(programme.settings, field)} -> {change.days}"
    if replaced:
        note += f" ({replaced} approved exceptions replaced)"
    return replace(programme, settings=settings, peers=peers), note


def home_councils(
    programme: Programme, councils: list[str], region: str | None, ctx: ChangeContext
) -> list[str]:
    """Homes to cycle through: the listed councils, else the region's (or all), shuffled."""
    check_councils(programme, councils)
    check_region(programme, region)
    if councils:
        return list(councils)
    codes = [
        c
        for c in programme.councils.codes
        if region is None or programme.councils[c].region == region
    ]
    return [codes[i] for i in ctx.rng().permutation(len(codes))]


def apply_add_peers(
    programme: Programme, change: AddPeers, ctx: ChangeContext
) -> tuple[Programme, str]:
    """Synthetic peers of one profile, eligible all year (H6: trained at the year start)."""
    check_tags(programme, change.tags)
    homes = home_councils(programme, change.councils, change.region, ctx)
    trained = year_start(programme)
    taken = set(programme.peer_by_id)
    added = []
    for i in range(change.count):
        peer_id = f"{ctx.id_prefix}-{i + 1:03d}"
        if peer_id in taken:
            raise ChangeError(f"peer id {peer_id} already exists")
        home = homes[i % len(homes)]
        types = change.council_types or [programme.councils[home].type]
        added.append(
            Peer(
                peer_id=peer_id,
                name=f"Added {change.kind.value} peer {i + 1} (synthetic)",
                kind=change.kind,
                party=change.party,
                home_council=home,
                tags=frozenset(change.tags),
                council_types=frozenset(types),
                lead_peer=change.lead,
                trained_on=trained,
                conference_on=trained,
                profile_updated_on=trained,
            )
        )
    profile = _profile_words(change)
    return replace(programme, peers=programme.peers + tuple(added)), f"added {profile}"


def _profile_words(change: AddPeers) -> str:
    words = [str(change.count)]
    if change.party:
        words.append(change.party.value)
    if change.lead:
        words.append("lead")
    words.append(f"{change.kind.value} peers")
    if change.tags:
        words.append("holding " + "/".join(change.tags))
    words.append(
        f"in {change.region}"
        if change.region
        else f"at {', '.join(change.councils)}"
        if change.councils
        else "across England"
    )
    return " ".join(words)


def _matches(programme: Programme, change: RemovePeers) -> np.ndarray:
    """Peers matching every filter of `change` (a boolean per peer, in pool order)."""
    check_region(programme, change.region)
    if change.tags:
        check_tags(programme, change.tags)
    since = years_before(change.as_of or year_end(programme), TRAINING_YEARS)
    ids = set(change.ids)
    unknown = sorted(ids - set(programme.peer_by_id))
    if unknown:
        raise ChangeError(f"unknown peer id(s): {', '.join(unknown[:10])}")
    keep = []
    for p in programme.peers:
        ok = (
            (change.kind is None or p.kind is change.kind)
            and (change.group_office is None or p.group_office is change.group_office)
            and (change.party is None or p.party is change.party)
            and (
                change.region is None or programme.councils[p.home_council].region == change.region
            )
            and (not change.tags or bool(p.tags & set(change.tags)))
            and (change.lead is None or p.lead_peer == change.lead)
            and (not ids or p.peer_id in ids)
            and (not change.failing_training or _fails_training(p, since))
        )
        keep.append(ok)
    return np.array(keep, dtype=bool)


def _fails_training(peer: Peer, since) -> bool:
    """H6 training part: a member not waived whose training or conference predates `since`."""
    if peer.kind is not PeerKind.MEMBER or peer.training_waived:
        return False
    return (
        peer.trained_on is None
        or peer.conference_on is None
        or peer.trained_on < since
        or peer.conference_on < since
    )


def apply_remove_peers(
    programme: Programme, change: RemovePeers, ctx: ChangeContext
) -> tuple[Programme, str]:
    """Drop matching peers with their unavailability, conflicts and placements."""
    matched = np.flatnonzero(_matches(programme, change))
    if change.fraction < 1:
        n = int(round(change.fraction * len(matched)))
        matched = np.sort(ctx.rng().permutation(matched)[:n])
    gone = {programme.peers[i].peer_id for i in matched.tolist()}
    prog = without_peers(programme, gone)
    dropped = len(programme.placements) - len(prog.placements)
    note = f"removed {len(gone)} peers"
    return prog, note + (f"; {dropped} placements dropped" if dropped else "")


def without_peers(programme: Programme, gone: set[str]) -> Programme:
    """The programme minus `gone`, keeping referential integrity (vetoes, requests too)."""
    if not gone:
        return programme
    challenges = tuple(
        c
        if not (gone & set(c.vetoes) or gone & set(c.requests))
        else c.model_copy(
            update={
                "vetoes": tuple(v for v in c.vetoes if v not in gone),
                "requests": tuple(r for r in c.requests if r not in gone),
            }
        )
        for c in programme.challenges
    )
    return replace(
        programme,
        peers=tuple(p for p in programme.peers if p.peer_id not in gone),
        unavailability=tuple(u for u in programme.unavailability if u.peer_id not in gone),
        conflicts=tuple(c for c in programme.conflicts if c.peer_id not in gone),
        placements=tuple(p for p in programme.placements if p.peer_id not in gone),
        challenges=challenges,
    )
