"""Workload: managers and headcount per rep against a capacity-proportional target."""

from __future__ import annotations

import pytest

from partnerdesk.core.assign import reassign
from partnerdesk.core.workload import workload
from tests.core.roster.org import add_team, load_northwind


def test_unassigned_org(store):
    load_northwind(store)
    add_team(store)
    load = workload(store)
    assert load.unassigned_managers == 7 and load.unassigned_headcount == 14
    assert all(r.managers == 0 and not r.flagged for r in load.reps)
    assert load.total_headcount == 14


def test_imbalance_is_flagged_against_capacity(store):
    ids = load_northwind(store)
    team = add_team(store)
    for manager_id in ids.values():
        reassign(store, manager_id, team["terry"])
    load = {r.name: r for r in workload(store).reps}
    terry = load["Terry Lane"]
    assert terry.managers == 7 and terry.headcount == 14
    assert terry.target == pytest.approx(14 * 0.8 / 2.8)
    assert terry.flagged and terry.imbalance > 0
    assert load["Rick Tan"].flagged and load["Rick Tan"].imbalance == -1.0
    assert not workload(store).balanced


def test_proportional_split_is_balanced(store):
    ids = load_northwind(store)
    team = add_team(store)
    # 14 people over capacity 1.0 / 0.8 / 1.0: targets 5, 4, 5.
    plan = {
        "maya.chen@northwind.example": "vera",  # 4
        "lucia.fernandez@northwind.example": "vera",  # 1
        "omar.haddad@northwind.example": "terry",  # 2
        "tom.becker@northwind.example": "terry",  # 2
        "aisha.bello@northwind.example": "rick",  # 3
        "priya.nair@northwind.example": "rick",  # 1
        "hannah.muller@northwind.example": "rick",  # 1
    }
    for email, rep in plan.items():
        reassign(store, ids[email], team[rep])
    load = workload(store)
    assert load.balanced
    assert [r.headcount for r in load.reps] == [5, 5, 4]  # lead first, then by name
