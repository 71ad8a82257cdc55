"""Who may act in the service: the roles a key (or a person) holds.

A domain notion rather than an API one: the placement workflow's rules say which role
may move a placement on (matcher.workflow), whatever adapter carries the request.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MANAGER = "manager"
    GROUP_OFFICE = "group_office"
    VIEWER = "viewer"
    DIRECTOR = "director"
    """The Director of Improvement: approves or declines a member peer's cap exception
    beyond 40 days (H4; LGA lead members, Feb 2023)."""
