"""Signals: raise, follow a case end to end, the performance checklist, the signals list."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from partnerdesk.core.signals import (
    SignalSpec,
    add_update,
    delete_signal,
    get_signal,
    list_signals,
    raise_signal,
    reopen,
    resolve,
    set_checklist_item,
    set_review_date,
    timeline,
    update_signal,
)
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import Signal
from tests.core.notes.data import add_manager, add_meeting


def test_one_case_followed_end_to_end(store):
    manager = add_manager(store, "Ana Ruiz")
    m1 = add_meeting(store, manager.id, date(2026, 4, 2))
    m2 = add_meeting(store, manager.id, date(2026, 5, 4))
    m3 = add_meeting(store, manager.id, date(2026, 6, 1))
    signal = raise_signal(
        store,
        SignalSpec(
            "flight_risk",
            severity=3,
            summary="Top engineer interviewing #retention",
            manager_id=manager.id,
            meeting_id=m1.id,
        ),
    )
    add_update(store, signal.id, "Counteroffer discussed", meeting_id=m2.id)
    resolve(store, signal.id, "Stayed after promotion", meeting_id=m3.id)
    row = get_signal(store, signal.id)
    assert (row.status, row.person_label, row.tags) == ("resolved", "Anonymous", "retention")
    assert row.resolved_at is not None
    story = timeline(store, signal.id)
    assert [(u.status, u.meeting_id) for u in story] == [
        ("open", m1.id),
        ("open", m2.id),
        ("resolved", m3.id),
    ]
    assert story[0].text == "Opened: Top engineer interviewing #retention"
    reopen(store, signal.id)
    assert get_signal(store, signal.id).resolved_at is None
    assert len(timeline(store, signal.id)) == 4


def test_validation(store):
    with pytest.raises(StoreError, match="Unknown signal kind"):
        raise_signal(store, SignalSpec("gossip"))
    with pytest.raises(StoreError, match="Severity"):
        raise_signal(store, SignalSpec("other", severity=9))
    signal = raise_signal(store, SignalSpec("other"))
    with pytest.raises(StoreError, match="Write what changed"):
        add_update(store, signal.id, "  ")
    with pytest.raises(StoreError, match="Only a performance concern"):
        set_checklist_item(store, signal.id, "support_offered", True)
    assert len(timeline(store, signal.id)) == 1


def test_performance_checklist(store):
    signal = raise_signal(
        store,
        SignalSpec("performance", person="J. Doe", checklist={"expectations_set": True}),
    )
    assert get_signal(store, signal.id).checklist == {
        "expectations_set": True,
        "support_offered": False,
        "documentation_started": False,
    }
    set_checklist_item(store, signal.id, "documentation_started", True)
    set_review_date(store, signal.id, date(2026, 6, 30))
    row = get_signal(store, signal.id)
    assert row.checklist["documentation_started"] and row.review_date == date(2026, 6, 30)
    with pytest.raises(StoreError, match="Unknown checklist step"):
        set_checklist_item(store, signal.id, "fired", True)
    update_signal(store, signal.id, SignalSpec("performance", review_date=date(2026, 7, 1)))
    kept = get_signal(store, signal.id)
    assert kept.checklist["documentation_started"] and kept.review_date == date(2026, 7, 1)
    update_signal(store, signal.id, SignalSpec("training", person="J. Doe"))
    changed = get_signal(store, signal.id)
    assert (changed.checklist, changed.review_date) == ({}, None)
    delete_signal(store, signal.id)
    assert list_signals(store, status=None) == [] and timeline(store, signal.id) == []


def test_open_signals_by_department_and_kind_oldest_first(store):
    cs = add_manager(store, "Ana Ruiz", "Customer Success")
    eng = add_manager(store, "Bo Chen", "Engineering")

    def make(kind, manager, opened):
        signal = raise_signal(store, SignalSpec(kind, manager_id=manager.id, summary=kind))
        with store.transaction() as session:
            session.get(Signal, signal.id).opened_at = opened
        return signal

    newer = make("training", eng, datetime(2026, 5, 1))
    older = make("training", eng, datetime(2026, 3, 1))
    cs_risk = make("flight_risk", cs, datetime(2026, 5, 2))
    eng_head = make("headcount", eng, datetime(2026, 1, 1))
    done = make("pain_point", cs, datetime(2026, 1, 1))
    resolve(store, done.id)
    rows = list_signals(store)
    assert [r.id for r in rows] == [cs_risk.id, eng_head.id, older.id, newer.id]
    assert [r.id for r in list_signals(store, department="Engineering", kind="training")] == [
        older.id,
        newer.id,
    ]
    assert [r.id for r in list_signals(store, status="resolved")] == [done.id]
