"""Lifecycle events from successive roster imports: exactly the expected ones, once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from partnerdesk.core import clock
from partnerdesk.core.cases import list_cases, set_auto_cases
from partnerdesk.core.lifecycle import list_events, person_timeline, track_import
from partnerdesk.core.roster import import_roster
from partnerdesk.core.store.models import Employee, LifecycleEvent
from tests.core.lifecycle.org import (
    ANNA,
    BORIS,
    FIRST,
    HEADER,
    SECOND,
    day,
    import_both,
    pinned,  # noqa: F401 - fixture
    write,
)


def events(store) -> set[tuple]:
    return {
        (e.person, e.kind, e.on, e.manager_email, e.from_manager_email) for e in list_events(store)
    }


def test_two_imports_give_exactly_the_expected_events(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    nov16 = day("2026-11-16")
    assert events(store) == {
        ("Lea Moreau", "left", nov16, ANNA, ""),
        ("Mina Park", "joined", nov16, ANNA, ""),
        ("Omar Said", "moved", nov16, ANNA, BORIS),
        ("Ines Roth", "manager_changed", nov16, "vera@acme.example", BORIS),
    }


def test_reimporting_the_second_file_changes_nothing(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    with store.session() as session:
        before = session.scalars(select(LifecycleEvent.updated_hlc)).all()
    cases_before = list_cases(store)
    clock.set_now(datetime(2026, 11, 20, tzinfo=UTC))
    assert import_roster(store, write(tmp_path, "again.csv", SECOND)).applied
    with store.session() as session:
        assert session.scalars(select(LifecycleEvent.updated_hlc)).all() == before
    assert list_cases(store) == cases_before


def test_a_manager_sees_moves_in_and_out(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    anna = {(e.person, e.kind) for e in list_events(store, manager_email=ANNA)}
    boris = {(e.person, e.kind) for e in list_events(store, manager_email=BORIS)}
    assert anna == {("Lea Moreau", "left"), ("Mina Park", "joined"), ("Omar Said", "moved")}
    assert boris == {("Omar Said", "moved"), ("Ines Roth", "manager_changed")}
    assert list_events(store, since=day("2026-11-17")) == []


def test_joiners_and_leavers_open_onboarding_and_exit_cases(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    cases = {(c.kind, c.person, c.manager_name, c.status) for c in list_cases(store)}
    assert cases == {
        ("onboarding", "Mina Park", "Anna Berg", "open"),
        ("exit", "Lea Moreau", "Anna Berg", "open"),
    }


def test_the_setting_turns_automatic_cases_off(store, tmp_path, pinned):  # noqa: F811
    set_auto_cases(store, False)
    import_both(store, tmp_path)
    assert list_cases(store) == []
    assert len(list_events(store)) == 4


def _hris_update(store, changes: dict[str, dict]) -> None:
    """Write HRIS fields as the roster import does (inside its tracked transaction)."""
    with store.transaction() as session:
        track_import(session)
        for email, values in changes.items():
            session.execute(update(Employee).where(Employee.email == email).values(**values))


def test_dated_fields_give_trial_leave_and_termination_events(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    clock.set_now(datetime(2026, 12, 1, 9, tzinfo=UTC))
    _hris_update(
        store,
        {
            "tariq@acme.example": {"trial_end_date": day("2027-02-23")},
            "omar@acme.example": {"status": "leave"},
            "mina@acme.example": {"hire_date": day("2026-11-16")},
            "ines@acme.example": {"status": "terminated", "termination_date": day("2026-12-31")},
        },
    )
    new = {(e.person, e.kind, e.on) for e in list_events(store, since=day("2026-11-17"))}
    assert new == {
        ("Tariq Aziz", "trial_end", day("2027-02-23")),
        ("Omar Said", "leave_started", day("2026-12-01")),
        ("Ines Roth", "left", day("2026-12-31")),
    }
    clock.set_now(datetime(2027, 1, 4, 9, tzinfo=UTC))
    _hris_update(store, {"omar@acme.example": {"status": "active"}})
    jan4 = day("2027-01-04")
    assert [e.kind for e in list_events(store, since=jan4, until=jan4)] == ["returned"]
    # The same values again: nothing new.
    _hris_update(store, {"omar@acme.example": {"status": "active"}})
    assert len(list_events(store, since=jan4, until=jan4)) == 1


def test_first_import_records_only_dated_facts(store, tmp_path, pinned):  # noqa: F811
    with store.transaction() as session:
        track_import(session)
        session.add_all(
            [
                Employee(name="Old Hand", email="old@acme.example", hire_date=day("2015-03-02")),
                Employee(name="No Date", email="nodate@acme.example"),
                Employee(
                    name="New Hire",
                    email="new@acme.example",
                    hire_date=day("2026-10-01"),
                    trial_end_date=day("2027-01-01"),
                ),
            ]
        )
    assert {(e.person, e.kind, e.on) for e in list_events(store)} == {
        ("Old Hand", "joined", day("2015-03-02")),
        ("New Hire", "joined", day("2026-10-01")),
        ("New Hire", "trial_end", day("2027-01-01")),
    }
    assert list_cases(store) == []


def test_person_timeline_holds_events_and_cases(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    with store.session() as session:
        lea = session.scalar(select(Employee.id).where(Employee.email == "lea@acme.example"))
    entries = [(e.on, e.what) for e in person_timeline(store, lea)]
    assert entries == [
        (day("2026-11-16"), "Left"),
        (day("2026-11-16"), "Exit/offboarding case opened"),
    ]


def test_the_same_change_found_twice_is_one_event_and_one_case(store, tmp_path, pinned):  # noqa: F811
    """Two reps importing the same roster change before they sync: same ids, so one record."""
    from partnerdesk.core.lifecycle import _states, record_changes

    import_both(store, tmp_path)
    with store.transaction() as session:
        after = _states(session)
        before = {ref: state for ref, state in after.items() if state.name != "Mina Park"}
        first = record_changes(session, before, after, day("2026-11-16"))
        again = record_changes(session, before, after, day("2026-11-16"))
    assert first == [] and again == []  # the import already recorded Mina's joining
    assert [e.person for e in list_events(store) if e.kind == "joined"] == ["Mina Park"]
    assert [c.person for c in list_cases(store) if c.kind == "onboarding"] == ["Mina Park"]


def test_event_ids_are_the_uuid5_ids_other_devices_compute():
    import uuid

    from partnerdesk.core.lifecycle import event_id

    namespace = uuid.UUID("6f1d4c52-7a0e-4e44-9a57-1c2b7d0e8a31")
    ref, on = str(uuid.uuid4()), day("2026-11-16")
    assert event_id(ref, "moved", on, ANNA, BORIS) == str(
        uuid.uuid5(namespace, f"{ref}|moved|2026-11-16|{ANNA}|{BORIS}")
    )


def test_the_first_imports_events_are_stamped_and_travel_through_sync(store, tmp_path, pinned):  # noqa: F811
    from partnerdesk.core.sync.outbox import collect

    rows = [f"{line},2019-0{n % 9 + 1}-01" for n, line in enumerate(FIRST)]
    header = f"{HEADER},Hire Date"
    path = tmp_path / "first.csv"
    path.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    assert import_roster(store, path).applied
    stored = list_events(store)
    assert len(stored) == len(FIRST) and {e.kind for e in stored} == {"joined"}
    with store.session() as session:
        stamps = set(session.execute(select(LifecycleEvent.updated_hlc, LifecycleEvent.device_id)))
    assert len(stamps) == 1 and next(iter(stamps))[1] == store.device_id
    sent = collect(store).changes["lifecycle_event"]
    assert sorted(r["id"] for r in sent) == sorted(e.id for e in stored)
