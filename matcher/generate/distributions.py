"""The numbers behind generated programmes, each with the fact it is calibrated on.

Peers are synthetic but their mix should look like the LGA's pool so that benchmarks and
what-if runs stress the same scarcities a real programme does. "DOMAIN" cites
../shared/spec/DOMAIN.md (LGA Improvement and Innovation Board, Dec 2023); "assumed" marks
a judgement call, documented in docs/generator.md, that a manager can override by editing
the generated CSVs. Every share here is a probability or a fraction of a count.
"""

from __future__ import annotations

from datetime import date

SIZES: dict[str, tuple[int, int]] = {"S": (120, 600), "M": (300, 2_000), "L": (1_500, 10_000)}
"""Size code -> (challenges, peers). S is the tightest pool per challenge on purpose."""

FINANCIAL_YEAR_START = date(2027, 4, 1)
"""The generated programme's financial year: 1 April 2027 - 31 March 2028 (H4)."""

# --- peers -------------------------------------------------------------------------------
MEMBER_SHARE = 0.40
"""Assumed: ~40% member peers (140 member peers at the 2023 conference; officers outnumber)."""

PARTY_SHARES: dict[str, float] = {
    "con": 0.35,
    "lab": 0.35,
    "ld": 0.17,
    "green": 0.05,
    "ind": 0.06,
    "other": 0.02,
}
"""Roughly the shares of English councillors by party (Con ~35, Lab ~35, LD ~17, rest)."""

MEMBER_TAG_RATES: dict[str, float] = {
    "leader": 0.12,
    "cabinet_finance": 0.15,
    "children": 0.15,
    "adults": 0.14,
    "housing": 0.12,
    "planning": 0.12,
    "regeneration": 0.10,
}
"""Assumed: each member holds each portfolio tag independently with this chance."""

OFFICER_PRIMARY_SHARES: dict[str, float] = {
    "chief_executive": 0.15,
    "s151": 0.12,
    "monitoring_officer": 0.07,
    "head_of_legal": 0.05,
    "democratic_services": 0.07,
    "hr_od": 0.07,
    "children": 0.10,
    "adults": 0.09,
    "housing": 0.07,
    "planning": 0.07,
    "transformation": 0.07,
    "digital": 0.04,
    "regeneration": 0.03,
}
"""Assumed: each officer's main role; statutory roles (CE, s151, MO) are deliberately a
minority so lead officer seats are the scarce ones, as managers report."""

OFFICER_SECOND_TAG_RATE = 0.35
"""Assumed: chance an officer also holds one service tag (never a statutory one)."""
OFFICER_SECOND_TAGS = (
    "democratic_services",
    "hr_od",
    "children",
    "adults",
    "housing",
    "planning",
    "transformation",
    "digital",
    "regeneration",
)
LEGAL_ALSO_MONITORING = 0.40
"""Assumed: a head of legal is often also the monitoring officer."""

LEAD_RATE_MEMBER = 0.22
LEAD_RATE_LEADER = 0.45
"""Assumed: ~25% of member peers are lead peers overall, more among (former) leaders."""
LEAD_RATE_OFFICER: dict[str, float] = {
    "chief_executive": 0.70,
    "s151": 0.40,
    "monitoring_officer": 0.35,
    "head_of_legal": 0.35,
}
LEAD_RATE_OFFICER_OTHER = 0.20
"""Assumed: ~30% of officer peers are lead peers overall, most chief executives."""

OTHER_COUNCIL_TYPE_RATE = 0.25
"""Assumed: besides their own, a peer knows each other council type with this chance."""

STALE_TRAINING_SHARE = 0.10
"""Assumed: ~10% of peers last trained or met at conference over 3 years ago (H6)."""
NO_CONFERENCE_SHARE = 0.03
TRAINING_WAIVED_SHARE = 0.02
MENTORING_TRAINED_SHARE = 0.25
"""Assumed: a quarter of peers have mentoring training (H6: mentoring seats need it).
Drawn from its own stream, so the rest of a seed's programme is unchanged."""

MEMBER_LEFT_SHARE = 0.05
"""Assumed: members who stood down in the 18 months before the year (some still within
H6's 12 months), and members whose term ends during the year."""
MEMBER_ENDING_SHARE = 0.05
OFFICER_LEFT_SHARE = 0.01
OFFICER_ENDING_SHARE = 0.04

EQUALITIES_MISSING_SHARE = 0.15
"""DOMAIN: 84% of officer peers gave equalities data, so ~15% hold none."""
PREFER_NOT_TO_SAY_SHARE = 0.03
FEMALE_SHARE = 0.48
"""DOMAIN: 52% of peers used were male, 48% female."""
OTHER_GENDER_SHARE = 0.005
ETHNIC_MINORITY_SHARE = 0.18
"""DOMAIN: 18% of those who shared data were from a non-white-British background."""
DISABILITY_SHARE = 0.06
"""DOMAIN: 6% declared a disability."""

DAYS_USED_ZERO_SHARE = 0.55
DAYS_USED_HEAVY_SHARE = 0.07
"""Assumed: most peers have used 0-10 days of the year; a few are heavily used (11-30)."""
CAP_EXCEPTION_SHARE = 0.02
CAP_EXCEPTION_DAYS = (20, 25, 45, 50)
"""Assumed: a few approved cap exceptions (H4), both lower (employer) and higher."""

UNAVAILABLE_MEAN_RANGES = 2.5
UNAVAILABLE_MAX_DAYS = 14
UNAVAILABLE_REASONS = ("annual leave", "council meeting", "budget setting", "personal")
"""Assumed: a few unavailable ranges per peer, a day to two weeks each (H3)."""

DECLARED_CONFLICT_SHARE = 0.10
FORMER_EMPLOYER_SHARE_OFFICER = 0.30
FORMER_EMPLOYER_SHARE_MEMBER = 0.08
FORMER_EMPLOYER_MAX_YEARS_AGO = 15
FORMER_EMPLOYER_NO_YEAR_SHARE = 0.05
"""Assumed: declared conflicts and former employers (H5), many older than 5 years."""

# --- challenges --------------------------------------------------------------------------
TYPE_SHARES: dict[str, float] = {
    "cpc": 0.55,
    "finance": 0.15,
    "governance": 0.10,
    "progress_review": 0.15,
    "mentoring": 0.05,
}
"""Assumed from DOMAIN: CPCs and progress reviews dominate, with finance and governance."""

ONSITE_DAYS: dict[str, tuple[int, int]] = {
    "cpc": (3, 4),
    "finance": (2, 3),
    "governance": (2, 2),
    "progress_review": (1, 2),
    "mentoring": (1, 1),
}
PREP_DAYS: dict[str, tuple[int, int]] = {
    "cpc": (3, 4),
    "finance": (2, 2),
    "governance": (2, 2),
    "progress_review": (1, 1),
    "mentoring": (0, 1),
}
"""DOMAIN: a CPC charges 6-8 days (onsite plus preparation and follow-up); others less."""
CPC_CHARGED = (6, 8)

FIXED_DATE_SHARE = 0.15
MAX_WINDOW_WEEKS = 3
"""Assumed: start windows of 1-4 Mondays; ~15% fixed dates."""
PR_GAP_WEEKS = (8, 30)
"""A progress review starts 8 weeks or more after the latest start of its CPC."""

QUIET_WEEK_WEIGHTS = {"august": 0.15, "christmas": 0.05, "election": 0.30}
"""Assumed: August, the fortnight around Christmas and the week of the May local
elections are avoided, mostly."""

MIN_WOMEN_SHARE = 0.30
MIN_ETHNIC_MINORITY_SHARE = 0.10
MIN_DISABILITY_SHARE = 0.05
DIVERSITY_REQUIRED_SHARE = 0.03
"""Assumed: share of challenges (with two or more seats) stating each preference (S2)."""

LEADER_OVERRIDE_SHARE_NOC = 0.10
"""Assumed: at NOC councils a coalition is sometimes led by another party (H7 override)."""

VETO_SHARE = 0.05
REQUEST_SHARE = 0.08
"""Assumed: a few councils veto or request one or two peers (H5, S6)."""

FOCUS_SEAT_SHARE = 0.12
FOCUS_TAGS = ("children", "adults", "housing", "planning", "regeneration", "digital")
SHADOW_SEAT_SHARE = 0.05
PR_EXTRA_SEAT_SHARE = 0.30
"""Assumed: explicit seats for CPCs with a named focus, a few shadow seats, and progress
reviews of three rather than two peers."""
