"""S2 diversity: meet the council's diversity preferences (hard where a challenge marks
them required); unknown or 'prefer not to say' data never counts toward a minimum."""

from matcher.rules.base import RuleId, soft

ENTRY = soft(
    RuleId.S2,
    "diversity",
    "Meet the council's diversity preferences; unknown or 'prefer not "
    "to say' data never counts toward a minimum.",
    300,
    "peer short of a minimum",
)
RELAX_COST = 5
"""Making a required minimum a preference needs the client's agreement."""
