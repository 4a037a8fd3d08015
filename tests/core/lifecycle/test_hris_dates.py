"""Lifecycle events from the HRIS's own status and date columns, through the real importer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from partnerdesk.core import clock
from partnerdesk.core.lifecycle import (
    EventRow,
    _event,
    _insert,
    _states,
    event_id,
    list_events,
    record_baseline,
    record_changes,
    track_import,
)
from partnerdesk.core.roster import import_roster
from partnerdesk.core.store.models import Employee
from tests.core.lifecycle.org import ANNA, BORIS, day, pinned  # noqa: F401 - fixture

HEADER = (
    "Employee ID,First Name,Last Name,Work Email,Department,Manager Email,"
    "Employment Status,Hire Date,Probation End Date,Termination Date"
)
BASE = [
    "E1,Vera,Stone,vera@acme.example,Executive,,Active,2019-01-07,,",
    f"E2,Anna,Berg,{ANNA},Sales,vera@acme.example,Active,2020-03-02,,",
    f"E3,Boris,Kahn,{BORIS},Marketing,vera@acme.example,Active,2021-05-03,,",
    f"E5,Tariq,Aziz,tariq@acme.example,Sales,{ANNA},Active,2026-08-24,2027-02-23,",
    f"E6,Omar,Said,omar@acme.example,Marketing,{BORIS},Active,2022-01-10,,",
    f"E7,Ines,Roth,ines@acme.example,Marketing,{BORIS},Active,2023-06-01,,",
]
#: A month later: Omar is on leave, Ines has left, Mina joined Sales.
LATER = [
    *BASE[:4],
    f"E6,Omar,Said,omar@acme.example,Marketing,{BORIS},On Leave,2022-01-10,,",
    f"E7,Ines,Roth,ines@acme.example,Marketing,{BORIS},Terminated,2023-06-01,,2026-11-13",
    f"E8,Mina,Park,mina@acme.example,Sales,{ANNA},Active,2026-11-16,2027-05-15,",
]


def _import(store, tmp_path, name: str, rows: list[str]) -> None:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    assert import_roster(store, path).applied


def test_status_and_dates_from_the_export_become_events(store, tmp_path, pinned):  # noqa: F811
    _import(store, tmp_path, "october.csv", BASE)
    first = {(e.person, e.kind, e.on) for e in list_events(store)}
    assert ("Tariq Aziz", "trial_end", day("2027-02-23")) in first  # a dated fact
    clock.set_now(datetime(2026, 11, 16, 9, tzinfo=UTC))
    _import(store, tmp_path, "november.csv", LATER)
    later = {(e.person, e.kind, e.on) for e in list_events(store)} - first
    assert later == {
        ("Omar Said", "leave_started", day("2026-11-16")),
        ("Ines Roth", "left", day("2026-11-13")),
        ("Mina Park", "joined", day("2026-11-16")),
        ("Mina Park", "trial_end", day("2027-05-15")),
    }
    clock.set_now(datetime(2026, 11, 20, 9, tzinfo=UTC))
    _import(store, tmp_path, "again.csv", LATER)  # the same export again: nothing new
    assert {(e.person, e.kind, e.on) for e in list_events(store)} == first | later


def test_a_first_import_records_the_events_each_event_function_makes(
    store,
    tmp_path,
    pinned,  # noqa: F811
):
    """The baseline is written by SQL: the same events, ids and values as in Python."""
    leaver = "E9,Lea,Moreau,lea@acme.example,Sales,,Terminated,2018-02-05,,2026-09-30"
    _import(store, tmp_path, "october.csv", [*BASE, leaver])
    with store.session() as session:
        people = _states(session)
    by_hand = set()
    for person in people.values():
        by_hand.add(_event(person, "joined", person.hire_date))
        if person.gone:
            by_hand.add(_event(person, "left", person.termination_date))
        elif person.trial_end_date:
            by_hand.add(_event(person, "trial_end", person.trial_end_date))
    assert set(list_events(store)) == by_hand
    assert len(by_hand) == 9  # 7 hire dates, Tariq's trial end, Lea's termination


def test_the_baseline_lowers_as_python_does_and_keeps_what_is_stored(store, pinned):  # noqa: F811
    """Manager emails lowered beyond ASCII, a stored event kept, deleted people left out,
    a leaver without a termination date only joined, people not flushed yet counted."""
    boss = "ÅSA.Öberg@Acme.example"
    on = day("2025-04-01")
    kept = EventRow(event_id("x", "joined", on, boss.lower(), ""), "x", "Kept As Is", "joined",
                    on, boss.lower(), "", "", "")  # fmt: skip
    with store.transaction() as session:
        track_import(session)
        noor = Employee(id="x", name="Noor Haddad", email="noor@acme.example", manager_email=boss)
        noor.hire_date = on
        gone = Employee(name="Gone", email="g@acme.example", hire_date=day("2024-01-02"))
        gone.status, gone.deleted = "terminated", True
        left = Employee(name="Lev Left", email="lev@acme.example", hire_date=day("2023-05-06"))
        left.active = False
        session.add_all([noor, gone, left])  # not flushed: the baseline flushes first
        _insert(session, [kept])
        record_baseline(session)  # twice on one connection: nothing more, no error
    found = sorted((e.id, e.person, e.kind, e.on, e.manager_email) for e in list_events(store))
    assert found == sorted([
        (kept.id, "Kept As Is", "joined", on, "åsa.öberg@acme.example"),
        (event_id(left.id, "joined", day("2023-05-06"), "", ""), "Lev Left", "joined",
         day("2023-05-06"), ""),
    ])  # fmt: skip


def test_changes_need_a_roster_before_them(store):
    with store.transaction() as session, pytest.raises(ValueError, match="record_baseline"):
        record_changes(session, {}, _states(session))
