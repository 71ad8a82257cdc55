"""The erasure rewriter: ids replaced as whole tokens, names removed, JSON keys included."""

from __future__ import annotations

from matcher.store.erasure import ERASED_NAME, scrub


def test_scrub_replaces_whole_ids_and_names_in_json():
    document = {
        "personal": {"cap_exceptions": [{"peer_id": "P1", "seats": ["C1/a"], "note": "P10 too"}]},
        "P1": "Ada Lovelace said P1, not P1x or XP1",
        "days": 3,
    }
    out = scrub(document, "P1", "erased-abc", ["Ada Lovelace"])
    assert out == {
        "personal": {
            "cap_exceptions": [{"peer_id": "erased-abc", "seats": ["C1/a"], "note": "P10 too"}]
        },
        "erased-abc": f"{ERASED_NAME} said erased-abc, not P1x or XP1",
        "days": 3,
    }
