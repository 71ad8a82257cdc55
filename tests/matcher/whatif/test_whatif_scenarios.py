"""Scenario files: parsing with located errors, and each change type applied correctly."""

from __future__ import annotations

from datetime import date

import pytest
from factories import START, make_challenge, make_peer, make_peers, make_programme

from matcher.models import ChallengeType, Party, PeerKind
from matcher.programme import start_options
from matcher.whatif import ScenarioError, apply_scenario, derive_all, load_scenarios
from matcher.whatif.scenario_file import parse_scenarios

BASE = {"base": {"generate": {"size": "S", "seed": 1}}}


def spec(*changes: dict, name: str = "sc") -> dict:
    return {**BASE, "scenario": [{"name": name, "change": list(changes)}]}


def apply(programme, *changes: dict):
    parsed = parse_scenarios(spec(*changes))
    return apply_scenario(programme, parsed.scenario[0])


def test_example_file_parses():
    parsed = load_scenarios("examples/scenarios/capacity-2027.toml")
    assert parsed.base.generate.size == "S"
    assert [s.name for s in parsed.scenario][:2] == ["cap-30", "hard-year"]


def test_error_names_file_scenario_change_and_field(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(
        '[base]\ngenerate = {size = "S"}\n[[scenario]]\nname = "cap-30"\n'
        '  [[scenario.change]]\n  type = "day_cap"\n  kind = "member"\n'
        "  days = -3\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_scenarios(path)
    (problem,) = err.value.problems
    assert problem.startswith(f"{path}: scenario 'cap-30', change 1 (day_cap), field 'days'")


def test_every_problem_is_listed_with_its_place():
    raw = {
        "base": {"programme": "x", "generate": {"size": "S"}},
        "run": {"time_limit_s": 0},
        "scenario": [
            {"name": "a", "change": [{"type": "nope"}]},
            {
                "name": "b",
                "change": [{"type": "add_peers", "kind": "member", "count": 2, "colour": "red"}],
            },
            {"name": "c", "change": [{"type": "add_peers", "kind": "member", "count": 2}]},
        ],
    }
    with pytest.raises(ScenarioError) as err:
        parse_scenarios(raw, source="f.toml")
    text = "\n".join(err.value.problems)
    assert "[base]: give exactly one of 'programme' or 'generate'" in text
    assert "[run], field 'time_limit_s'" in text
    assert "scenario 'a', change 1 (nope)" in text
    assert "scenario 'b', change 1 (add_peers), field 'colour'" in text
    assert "scenario 'c', change 1 (add_peers): member peers need a 'party'" in text


def test_bad_toml_and_reserved_or_duplicate_names(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[base\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenarios(path)
    with pytest.raises(ScenarioError, match="reserved"):
        parse_scenarios({**BASE, "scenario": [{"name": "base"}]})
    with pytest.raises(ScenarioError, match="unique: x"):
        parse_scenarios({**BASE, "scenario": [{"name": "x"}, {"name": "x"}]})


def test_apply_error_names_the_change():
    programme = make_programme(peers=[make_peer()])
    raw = spec({"type": "remove_peers", "region": "Atlantis"}, name="gone")
    with pytest.raises(ScenarioError) as err:
        derive_all(programme, parse_scenarios(raw), source="p.toml")
    assert "p.toml: scenario 'gone', change 1 (remove_peers): unknown region 'Atlantis'" in str(
        err.value
    )


def test_day_cap_per_kind_keeps_exceptions_unless_replaced():
    programme = make_programme(peers=[make_peer("P1"), make_peer("P2", cap_days=45)])
    out = apply(programme, {"type": "day_cap", "kind": "member", "days": 30}).programme
    assert out.settings.member_cap_days == 30 and out.settings.officer_cap_days == 30
    assert [out.cap_of(p) for p in out.peers] == [30, 45]
    out = apply(
        programme, {"type": "day_cap", "kind": "member", "days": 20, "replace_exceptions": True}
    ).programme
    assert [out.cap_of(p) for p in out.peers] == [20, 20]


def test_add_peers_by_profile_with_synthetic_ids():
    programme = make_programme(peers=[make_peer()])
    derived = apply(
        programme,
        {
            "type": "add_peers",
            "kind": "member",
            "party": "ld",
            "lead": True,
            "tags": ["leader"],
            "region": "East Midlands",
            "count": 3,
        },
    )
    added = derived.programme.peers[1:]
    assert [p.peer_id for p in added] == ["WI-sc-1-001", "WI-sc-1-002", "WI-sc-1-003"]
    assert all(p.party is Party.LD and p.lead_peer and p.tags == {"leader"} for p in added)
    assert {programme.councils[p.home_council].region for p in added} == {"East Midlands"}
    assert "added 3 ld lead member peers" in derived.notes[0]


def test_remove_peers_by_group_office_training_region_and_fraction():
    peers = [
        make_peer("LAB"),
        make_peer("LD", party=Party.LD),
        make_peer("OLD", trained_on=date(2020, 1, 1)),
        make_peer("WAIVED", trained_on=date(2020, 1, 1), training_waived=True),
        make_peer("LON", home_council="L1"),
        *make_peers(4, PeerKind.OFFICER, prefix="O"),
    ]
    programme = make_programme(peers=peers, challenges=[make_challenge(vetoes=("LD",))])
    out = apply(programme, {"type": "remove_peers", "group_office": "liberal_democrat"})
    assert "LD" not in out.programme.peer_by_id
    assert out.programme.challenges[0].vetoes == ()  # integrity kept
    out = apply(programme, {"type": "remove_peers", "failing_training": True})
    assert {p.peer_id for p in programme.peers} - set(out.programme.peer_by_id) == {"OLD"}
    out = apply(programme, {"type": "remove_peers", "region": "London"})
    assert "LON" not in out.programme.peer_by_id
    out = apply(programme, {"type": "remove_peers", "kind": "officer", "fraction": 0.5})
    assert sum(p.kind is PeerKind.OFFICER for p in out.programme.peers) == 2


def test_add_and_remove_demand_by_type_region_month():
    challenges = [
        make_challenge("A"),
        make_challenge("B", council="U3", type=ChallengeType.FINANCE),
    ]
    programme = make_programme(peers=[make_peer()], challenges=challenges)
    out = apply(
        programme,
        {
            "type": "add_demand",
            "challenge": "cpc",
            "count": 3,
            "region": "South West",
            "months": ["2024-09", "2024-10"],
        },
    )
    new = out.programme.challenges[2:]
    assert [c.challenge_id for c in new] == ["WI-sc-1-001", "WI-sc-1-002", "WI-sc-1-003"]
    assert [c.earliest_start for c in new] == [
        date(2024, 9, 2),
        date(2024, 10, 7),
        date(2024, 9, 2),
    ]
    assert new[0].latest_start == date(2024, 9, 30) and new[0].charged_days == 6
    assert {c.council for c in new} == {"U3"}
    out = apply(programme, {"type": "remove_demand", "challenge": "finance"})
    assert [c.challenge_id for c in out.programme.challenges] == ["A"]
    out = apply(
        programme, {"type": "remove_demand", "months": ["2024-06"], "region": "East Midlands"}
    )
    assert [c.challenge_id for c in out.programme.challenges] == ["B"]


def test_move_windows_by_weeks():
    programme = make_programme(peers=[make_peer()])
    out = apply(programme, {"type": "move_windows", "shift_weeks": 2, "widen_weeks": 1})
    c = out.programme.challenges[0]
    assert (c.earliest_start, c.latest_start) == (date(2024, 6, 17), date(2024, 6, 24))


def test_blackout_trims_windows_or_vetoes_member_peers():
    wide = make_challenge("W", earliest_start=START, latest_start=date(2024, 7, 1))
    fixed = make_challenge("F", council="U3", earliest_start=date(2024, 6, 10))
    other = make_challenge("O", council="L1", earliest_start=date(2024, 6, 10))
    peers = [make_peer("M1"), make_peer("O1", PeerKind.OFFICER)]
    programme = make_programme(peers=peers, challenges=[wide, fixed, other])
    out = apply(
        programme,
        {
            "type": "blackout",
            "from": date(2024, 6, 9),
            "to": date(2024, 6, 19),
            "councils": ["U1", "U3"],
        },
    ).programme
    w, f, o = out.challenges
    assert start_options(w) == [date(2024, 6, 24), date(2024, 7, 1)]  # longest clear run
    assert f.vetoes == ("M1",)  # no clear start: member peers vetoed (H5), officers not
    assert o == other  # not a listed council
