"""Assignment strategies on the Northwind org, the proposal diff, maps and manual moves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnerdesk.core.assign import (
    apply_assignment,
    load_maps,
    propose_assignment,
    reassign,
    save_maps,
)
from partnerdesk.core.reps import RepError, update_rep
from partnerdesk.core.store.models import Manager
from tests.core.roster.org import add_team, load_northwind

MAYA, OMAR, LUCIA, PRIYA, TOM, AISHA, HANNAH = (
    f"{n}@northwind.example"
    for n in (
        "maya.chen",
        "omar.haddad",
        "lucia.fernandez",
        "priya.nair",
        "tom.becker",
        "aisha.bello",
        "hannah.muller",
    )
)


@pytest.fixture
def org(store):
    return load_northwind(store), add_team(store)


def reps_by_email(store) -> dict[str, str | None]:
    with store.session() as session:
        return dict(session.execute(select(Manager.email, Manager.rep_id)).all())


def proposed(proposal, ids) -> dict[str, str]:
    return {email: proposal.assignments[mid] for email, mid in ids.items()}


def test_org_keeps_each_executives_managers_together(store, org):
    ids, _team = org
    got = proposed(propose_assignment(store, "org"), ids)
    assert got[OMAR] == got[TOM]
    assert got[LUCIA] == got[AISHA]
    assert got[PRIYA] == got[HANNAH]
    assert len(set(got.values())) == 3  # four orgs spread over three reps


def test_department_map_wins_and_the_rest_is_balanced(store, org):
    ids, team = org
    proposal = propose_assignment(store, "department", department_map={"sales": team["rick"]})
    got = proposed(proposal, ids)
    assert got[OMAR] == got[TOM] == team["rick"]
    assert got[LUCIA] == got[AISHA]
    assert got[PRIYA] == got[HANNAH]
    assert "department Sales (map)" in {m.reason for m in proposal.moves}


def test_tier_gives_senior_directors_and_above_to_the_lead(store, org):
    ids, team = org
    got = proposed(propose_assignment(store, "tier"), ids)
    assert {got[MAYA], got[OMAR], got[LUCIA], got[PRIYA]} == {team["vera"]}
    assert team["vera"] not in {got[TOM], got[AISHA], got[HANNAH]}


def test_tier_without_a_lead_spreads_everyone_and_says_so(store, org):
    ids, team = org
    update_rep(store, team["vera"], is_lead=False)
    proposal = propose_assignment(store, "tier")
    assert any("No rep is marked as the HR lead" in n for n in proposal.notes)
    assert len(set(proposed(proposal, ids).values())) == 3


def test_region_follows_the_reps_own_region(store, org):
    ids, team = org
    got = proposed(propose_assignment(store, "region"), ids)
    assert got[PRIYA] == got[HANNAH] == team["rick"]  # APAC
    assert got[OMAR] == got[TOM] == got[LUCIA] == got[AISHA] == team["terry"]  # EMEA
    assert got[MAYA] == team["vera"]  # North America: no regional rep, balanced


def test_region_map_overrides_the_reps_region(store, org):
    ids, team = org
    got = proposed(propose_assignment(store, "region", region_map={"EMEA": team["vera"]}), ids)
    assert got[OMAR] == got[AISHA] == team["vera"]


def test_blended_is_department_with_senior_tiers_to_the_lead(store, org):
    ids, team = org
    got = proposed(propose_assignment(store, "blended"), ids)
    assert {got[MAYA], got[OMAR], got[LUCIA], got[PRIYA]} == {team["vera"]}
    assert team["vera"] not in {got[TOM], got[AISHA], got[HANNAH]}
    assert got[TOM] != got[AISHA]  # Sales and Engineering spread over Terry and Rick


def test_balance_follows_capacity(store, tmp_path):
    from tests.core.roster.org import HEADER, big_org, to_csv

    path = tmp_path / "big.csv"
    path.write_text(to_csv(big_org(700), HEADER), "utf-8")
    from partnerdesk.core.reps import add_rep
    from partnerdesk.core.roster import import_roster

    import_roster(store, path)
    full = add_rep(store, "Full", "full@hr.example", "100%")
    part = add_rep(store, "Part", "part@hr.example", "50%")
    load = {r.rep_id: r.headcount for r in propose_assignment(store, "tier").load_after}
    assert load[part.id] / load[full.id] == pytest.approx(0.5, abs=0.1)


def test_proposal_is_a_diff_and_apply_makes_it_true(store, org):
    _ids, team = org
    proposal = propose_assignment(store, "blended")
    assert len(proposal.moves) == 7 and proposal.unchanged == 0
    move = next(m for m in proposal.moves if m.manager_email == MAYA)
    assert (move.from_rep, move.to_rep) == ("unassigned", "Vera Lind")
    assert reps_by_email(store)[MAYA] is None  # nothing written yet
    assert apply_assignment(store, proposal) == 7
    assert reps_by_email(store)[MAYA] == team["vera"]
    again = propose_assignment(store, "blended")
    assert again.moves == [] and again.unchanged == 7


def test_switching_strategy_lists_who_moves_from_whom_to_whom(store, org):
    _ids, team = org
    apply_assignment(store, propose_assignment(store, "blended"))
    proposal = propose_assignment(store, "region")
    for move in proposal.moves:
        assert move.from_rep_id is not None and move.from_rep_id != move.to_rep_id
    priya = next(m for m in proposal.moves if m.manager_email == PRIYA)
    assert (priya.from_rep, priya.to_rep) == ("Vera Lind", "Rick Tan")
    assert priya.reason == "region APAC (rep's region)"
    assert team["rick"] == priya.to_rep_id


def test_maps_given_to_a_proposal_are_stored_on_apply(store, org):
    _ids, team = org
    proposal = propose_assignment(store, "department", department_map={"Sales": team["rick"]})
    assert load_maps(store)["department"] == {}
    apply_assignment(store, proposal)
    assert load_maps(store)["department"] == {"Sales": team["rick"]}
    save_maps(store, {"department": {"sales": None}})
    assert load_maps(store)["department"] == {}


def test_manual_reassign(store, org):
    ids, team = org
    reassign(store, ids[TOM], team["terry"])
    assert reps_by_email(store)[TOM] == team["terry"]
    reassign(store, ids[TOM], None)
    assert reps_by_email(store)[TOM] is None
    with pytest.raises(RepError, match="does not exist"):
        reassign(store, ids[TOM], "no-such-rep")


def test_no_reps_and_unknown_strategy_are_clear_errors(store):
    load_northwind(store)
    with pytest.raises(RepError, match="no reps yet"):
        propose_assignment(store, "org")
    with pytest.raises(RepError, match="Unknown strategy"):
        propose_assignment(store, "alphabetical")
