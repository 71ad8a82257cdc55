"""Changes to a programme are validated like an upload and compared table by table."""

from __future__ import annotations

import pytest
from factories import make_challenge, make_peer, make_programme, make_seat

from matcher.living import edits
from matcher.living.versions import counts, diff, snapshot
from matcher.settings import AppSettings


def programme():
    return make_programme(
        peers=[make_peer("P1"), make_peer("P2")], challenges=[make_challenge()], seats=[make_seat()]
    )


def test_a_patch_changes_one_field_and_the_diff_says_so():
    before = programme()
    after = edits.patch_peer(before, "P1", {"days_used": 12})
    changes = diff(snapshot(before), snapshot(after))
    assert list(changes) == ["peers"]
    assert changes["peers"]["changed"] == [{"key": "P1", "fields": {"days_used": [0, 12]}}]
    assert counts(changes) == {"peers": {"added": 0, "changed": 1, "removed": 0}}


def test_bad_values_name_the_field_and_ids_cannot_change():
    with pytest.raises(edits.EditError) as bad:
        edits.patch_peer(programme(), "P1", {"days_used": -1})
    assert bad.value.problems[0].field == "days_used"
    with pytest.raises(edits.EditError, match="peer_id: an id cannot change"):
        edits.patch_peer(programme(), "P1", {"peer_id": "P9"})
    with pytest.raises(edits.UnknownRow):
        edits.patch_challenge(programme(), "NOPE", {"onsite_days": 2})


def test_added_rows_and_removed_unavailability_show_in_the_diff():
    before = programme()
    row = {"peer_id": "P2", "from_date": "2024-06-01", "to_date": "2024-06-05"}
    after = edits.add_unavailability(edits.add_peer(before, make_peer("P3").model_dump()), row)
    changes = diff(snapshot(before), snapshot(after))
    assert [r["peer_id"] for r in changes["peers"]["added"]] == ["P3"]
    assert changes["unavailability"]["added"][0]["peer_id"] == "P2"
    added = after.unavailability[0]
    back = edits.remove_unavailability(after, "P2", added.from_date, added.to_date)
    assert "unavailability" not in diff(snapshot(before), snapshot(back))


def test_revalidation_runs_the_uploads_checks(tmp_path):
    broken = edits.patch_challenge(programme(), "CH1", {"council": "E99999999"})
    with pytest.raises(edits.EditError) as bad:
        edits.revalidate(broken, AppSettings().data_dir)
    assert any(p.field.startswith("challenges") for p in bad.value.problems)
