"""Managers without a rep are counted, never hidden behind "everyone met"."""

from __future__ import annotations

from partnerdesk.core.assign import reassign
from partnerdesk.core.schedule import count_unassigned_managers, unassigned_note
from tests.core.roster.org import add_team, load_northwind


def test_unassigned_managers_are_counted_and_named(store):
    assert count_unassigned_managers(store) == 0 and unassigned_note(0) == ""
    ids = load_northwind(store)
    assert count_unassigned_managers(store) == 7
    assert unassigned_note(7) == (
        "7 managers have no rep yet, so nobody is scheduled to meet them: assign reps to "
        "plan their meetings."
    )
    team = add_team(store)
    for manager_id in list(ids.values())[1:]:
        reassign(store, manager_id, team["terry"])
    assert count_unassigned_managers(store) == 1
    assert unassigned_note(1).startswith("1 manager has no rep yet, so nobody is scheduled")
