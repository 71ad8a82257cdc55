"""Synthetic peers drawn column by column with numpy (see distributions.py for the numbers).

The pool is first built as arrays (`PeerPool`), which the challenge generator also uses to
pick plausible vetoes and requests; pydantic `Peer` models are made once at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.councils import CouncilRegistry
from matcher.generate import distributions as d
from matcher.generate.common import exact_draw, padded_ids, population_weights, to_dates
from matcher.models import CouncilType, Peer

TAG_NAMES: tuple[str, ...] = tuple(sorted(set(d.MEMBER_TAG_RATES) | set(d.OFFICER_PRIMARY_SHARES)))
TAG_INDEX = {tag: i for i, tag in enumerate(TAG_NAMES)}
COUNCIL_TYPES: tuple[CouncilType, ...] = tuple(CouncilType)
YEAR = 365

_FIRST = (
    "Al",
    "Bri",
    "Cas",
    "Dar",
    "El",
    "Fen",
    "Gar",
    "Hol",
    "Is",
    "Jo",
    "Kel",
    "Lor",
    "Mar",
    "Nor",
    "Os",
    "Per",
    "Quin",
    "Ros",
    "Sam",
    "Tam",
    "Ul",
    "Ves",
    "Wyn",
    "Yor",
)
_FIRST_END = ("a", "an", "en", "ie", "is", "o", "on", "y")
_SUR = (
    "Ash",
    "Brack",
    "Cal",
    "Dun",
    "Elm",
    "Fair",
    "Glen",
    "Harl",
    "Ing",
    "Kin",
    "Lang",
    "Mor",
    "Nether",
    "Oak",
    "Pen",
    "Red",
    "Stan",
    "Thorn",
    "Wes",
    "Whit",
)
_SUR_END = ("by", "cote", "field", "ford", "ham", "ley", "more", "ton", "well", "wick")


@dataclass(frozen=True, eq=False)
class PeerPool:
    """The pool as columns (row i is peer `ids[i]`): what challenges need to pick peers."""

    ids: list[str]
    is_member: np.ndarray
    home: np.ndarray
    """Index of each peer's home council in `CouncilRegistry.codes`."""
    party: np.ndarray
    """Party code per peer ('' for officers)."""
    tags: np.ndarray
    """Boolean matrix [peer, TAG_NAMES]."""
    lead: np.ndarray


def _names(rng: np.random.Generator, n: int) -> list[str]:
    """Syllable names marked '(synthetic)' so nobody mistakes them for real people."""
    parts = [rng.integers(len(x), size=n) for x in (_FIRST, _FIRST_END, _SUR, _SUR_END)]
    return [
        f"{_FIRST[a]}{_FIRST_END[b]} {_SUR[c]}{_SUR_END[e]} (synthetic)"
        for a, b, c, e in zip(*(p.tolist() for p in parts), strict=True)
    ]


def _tag_matrix(rng: np.random.Generator, is_member: np.ndarray) -> np.ndarray:
    """Members hold portfolio tags independently; officers one main role plus maybe one
    service tag, so statutory roles (the lead officer seats) stay scarce."""
    tags = np.zeros((is_member.size, len(TAG_NAMES)), dtype=bool)
    members, officers = np.flatnonzero(is_member), np.flatnonzero(~is_member)
    for tag, rate in d.MEMBER_TAG_RATES.items():
        tags[members, TAG_INDEX[tag]] = rng.random(members.size) < rate
    roles = exact_draw(rng, d.OFFICER_PRIMARY_SHARES, officers.size)
    tags[officers, [TAG_INDEX[t] for t in roles.tolist()]] = True
    second_cols = np.array([TAG_INDEX[t] for t in d.OFFICER_SECOND_TAGS])
    second = second_cols[rng.integers(second_cols.size, size=officers.size)]
    has_second = rng.random(officers.size) < d.OFFICER_SECOND_TAG_RATE
    tags[officers[has_second], second[has_second]] = True
    legal = tags[officers, TAG_INDEX["head_of_legal"]]
    also_mo = legal & (rng.random(officers.size) < d.LEGAL_ALSO_MONITORING)
    tags[officers[also_mo], TAG_INDEX["monitoring_officer"]] = True
    return tags


def _lead_flags(
    rng: np.random.Generator, is_member: np.ndarray, party: np.ndarray, tags: np.ndarray
) -> np.ndarray:
    """Lead peers: more likely among leaders and statutory officers (chief executives most).

    Within each party (members) and each statutory role (officers) exactly the expected
    number are leads, drawn in proportion to each peer's rate, so lead seats of one party
    are not left to chance in a small pool.
    """
    officer_rates = np.array(
        [d.LEAD_RATE_OFFICER.get(t, d.LEAD_RATE_OFFICER_OTHER) for t in TAG_NAMES]
    )
    officer_rate = np.where(tags, officer_rates, d.LEAD_RATE_OFFICER_OTHER).max(axis=1)
    member_rate = np.where(tags[:, TAG_INDEX["leader"]], d.LEAD_RATE_LEADER, d.LEAD_RATE_MEMBER)
    rate = np.where(is_member, member_rate, officer_rate)
    statutory = [TAG_INDEX[t] for t in d.LEAD_RATE_OFFICER]
    role = np.where(tags[:, statutory].any(axis=1), np.argmax(tags[:, statutory], axis=1), -1)
    group = np.where(is_member, party, np.char.add("officer", role.astype(str)))
    lead = np.zeros(is_member.size, dtype=bool)
    for key in np.unique(group).tolist():
        members = np.flatnonzero(group == key)
        weights = rate[members] / rate[members].sum()
        k = round(rate[members].sum())
        lead[rng.choice(members, size=k, replace=False, p=weights)] = True
    return lead


def _council_types(rng: np.random.Generator, home_type: np.ndarray) -> np.ndarray:
    """Boolean matrix [peer, COUNCIL_TYPES]: the home council's type plus some others."""
    known = rng.random((home_type.size, len(COUNCIL_TYPES))) < d.OTHER_COUNCIL_TYPE_RATE
    known[np.arange(home_type.size), home_type] = True
    return known


def _training(rng: np.random.Generator, n: int, is_member: np.ndarray) -> dict[str, np.ndarray]:
    """Training and conference offsets: most recent enough to last the year, ~10% older
    than 3 years (H6 ineligible unless waived), a few never at conference, a few waived."""
    fresh = rng.integers(-2 * YEAR - 90, -7, size=(2, n))  # a few expire late in the year
    stale_days = rng.integers(-6 * YEAR, -3 * YEAR - 1, size=n)
    stale = rng.random(n) < d.STALE_TRAINING_SHARE
    which = rng.integers(3, size=n)  # 0: training stale, 1: conference stale, 2: both
    trained = np.where(stale & (which != 1), stale_days, fresh[0])
    conference = np.where(stale & (which != 0), stale_days, fresh[1])
    return {
        "trained_on": trained,
        "conference_on": conference,
        "has_conference": rng.random(n) >= d.NO_CONFERENCE_SHARE,
        "waived": is_member & (rng.random(n) < d.TRAINING_WAIVED_SHARE),
    }


def _serving_until(rng: np.random.Generator, is_member: np.ndarray) -> tuple[np.ndarray, ...]:
    """End dates: some members left in the last 18 months (H6 allows 12) or leave this
    year; a few officers have left (ineligible) or leave during the year."""
    n = is_member.size
    u = rng.random(n)
    left_share = np.where(is_member, d.MEMBER_LEFT_SHARE, d.OFFICER_LEFT_SHARE)
    ending_share = np.where(is_member, d.MEMBER_ENDING_SHARE, d.OFFICER_ENDING_SHARE)
    left = u < left_share
    ending = (u >= left_share) & (u < left_share + ending_share)
    past = np.where(is_member, rng.integers(-540, 0, size=n), rng.integers(-YEAR, 0, size=n))
    offsets = np.where(left, past, rng.integers(30, YEAR, size=n))
    return offsets, left | ending


def _equalities(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Gender, ethnicity and disability per DOMAIN's shares; ~15% hold no data at all."""
    missing = rng.random(n) < d.EQUALITIES_MISSING_SHARE
    said = 1.0 - d.PREFER_NOT_TO_SAY_SHARE
    binary = said - d.OTHER_GENDER_SHARE
    gender = rng.choice(
        ["female", "male", "other", "prefer_not_to_say"],
        size=n,
        p=[
            binary * d.FEMALE_SHARE,
            binary * (1 - d.FEMALE_SHARE),
            d.OTHER_GENDER_SHARE,
            d.PREFER_NOT_TO_SAY_SHARE,
        ],
    )
    columns = {"gender": gender}
    for name, share in (
        ("ethnic_minority", d.ETHNIC_MINORITY_SHARE),
        ("disability", d.DISABILITY_SHARE),
    ):
        columns[name] = rng.choice(
            ["yes", "no", "prefer_not_to_say"],
            size=n,
            p=[said * share, said * (1 - share), 1 - said],
        )
    return {k: np.where(missing, "", v) for k, v in columns.items()}


def _days(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Days used so far (mostly 0-10, a few heavy) and a few approved cap exceptions."""
    u = rng.random(n)
    light, heavy = rng.integers(1, 11, size=n), rng.integers(11, 31, size=n)
    used = np.where(
        u < d.DAYS_USED_ZERO_SHARE, 0, np.where(u > 1 - d.DAYS_USED_HEAVY_SHARE, heavy, light)
    )
    caps = np.array(d.CAP_EXCEPTION_DAYS)[rng.integers(len(d.CAP_EXCEPTION_DAYS), size=n)]
    return used, np.where(rng.random(n) < d.CAP_EXCEPTION_SHARE, caps, -1)


def draw_pool(rng: np.random.Generator, n: int, councils: CouncilRegistry) -> PeerPool:
    """Kinds, homes, parties, tags and lead flags: the columns that decide who fits a seat."""
    is_member = rng.permutation(np.arange(n) < round(d.MEMBER_SHARE * n))
    home = rng.choice(len(councils), size=n, p=population_weights(councils))
    party = np.full(n, "", dtype="<U8")
    party[is_member] = exact_draw(rng, d.PARTY_SHARES, int(is_member.sum()))
    tags = _tag_matrix(rng, is_member)
    lead = _lead_flags(rng, is_member, party, tags)
    return PeerPool(padded_ids("P", n, 5), is_member, home, party, tags, lead)


def _pool_columns(pool: PeerPool, councils: CouncilRegistry) -> dict[str, list]:
    """The columns already drawn in the pool, as Peer field values."""
    tag_names = np.array(TAG_NAMES)
    return {
        "peer_id": pool.ids,
        "kind": np.where(pool.is_member, "member", "officer").tolist(),
        "party": [p or None for p in pool.party.tolist()],
        "home_council": [councils.codes[h] for h in pool.home.tolist()],
        "tags": [frozenset(tag_names[row].tolist()) for row in pool.tags],
        "lead_peer": pool.lead.tolist(),
    }


def _drawn_columns(
    rng: np.random.Generator, pool: PeerPool, councils: CouncilRegistry, day0: date
) -> dict[str, list]:
    """Every other Peer column, drawn now (dates relative to the year start `day0`)."""
    n = len(pool.ids)
    type_index = {t: i for i, t in enumerate(COUNCIL_TYPES)}
    home_type = np.array([type_index[councils[councils.codes[h]].type] for h in pool.home])
    type_names = np.array(COUNCIL_TYPES, dtype=object)
    train = _training(rng, n, pool.is_member)
    mentors = rng.spawn(1)[0].random(n) < d.MENTORING_TRAINED_SHARE  # own stream
    until, has_until = _serving_until(rng, pool.is_member)
    updated = -np.minimum(rng.exponential(YEAR, size=n).astype(int), 5 * YEAR) - 1
    eq = _equalities(rng, n)
    used, caps = _days(rng, n)
    return {
        "name": _names(rng, n),
        "council_types": [
            frozenset(type_names[row].tolist()) for row in _council_types(rng, home_type)
        ],
        "trained_on": to_dates(day0, train["trained_on"]),
        "mentoring_trained_on": to_dates(day0, train["trained_on"], mentors),
        "conference_on": to_dates(day0, train["conference_on"], train["has_conference"]),
        "training_waived": train["waived"].tolist(),
        "serving_until": to_dates(day0, until, has_until),
        "profile_updated_on": to_dates(day0, updated),
        **{k: [v or None for v in eq[k].tolist()] for k in sorted(eq)},
        "days_used": used.tolist(),
        "cap_days": [c if c >= 0 else None for c in caps.tolist()],
    }


def build_peers(
    rng: np.random.Generator, pool: PeerPool, councils: CouncilRegistry, day0: date
) -> tuple[Peer, ...]:
    """The pool's pydantic models, validated once each (the only per-peer loop)."""
    columns = {**_pool_columns(pool, councils), **_drawn_columns(rng, pool, councils, day0)}
    keys = list(columns)
    return tuple(
        Peer(**dict(zip(keys, row, strict=True))) for row in zip(*columns.values(), strict=True)
    )
