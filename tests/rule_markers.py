"""The directions a `rule` marker may take (shared by conftest and the coverage meta-test).

Kept out of conftest.py: tests/api has a conftest of its own, and two modules both
imported as `conftest` would shadow each other.
"""

RULE_DIRECTIONS = ("passes", "breaks")
"""A `passes` test shows a compliant case is accepted (or scores 0), `breaks` the opposite."""
