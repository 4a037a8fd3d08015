"""Recurring themes: at least N managers of one department raise a tag within the period."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from partnerdesk.core.notes import NoteDraft, create_note, delete_note
from partnerdesk.core.signals import SignalSpec, raise_signal
from partnerdesk.core.store.gate import StoreClosed
from partnerdesk.core.store.models import Note, Signal
from partnerdesk.core.themes import Period, recurring_themes
from tests.core.notes.data import add_manager

QUARTER = Period.quarter_of(date(2026, 5, 13))
pytestmark = pytest.mark.usefixtures("utc_calendar")  # the notes below are stamped in UTC


def test_quarter_bounds():
    assert (QUARTER.start, QUARTER.end) == (date(2026, 4, 1), date(2026, 6, 30))
    q4 = Period.quarter_of(date(2026, 11, 2))
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))


def _note(store, manager, text, at=datetime(2026, 5, 1, 10)):
    note = create_note(store, NoteDraft(manager_id=manager.id), text)
    with store.transaction() as session:
        session.get(Note, note.id).created_at = at
    return note


@pytest.mark.parametrize(("threshold", "expected"), [(2, 1), (3, 1), (4, 1), (5, 0)])
def test_threshold(store, threshold, expected):
    cs = [add_manager(store, f"CS {i}", "Customer Success") for i in range(4)]
    for manager in cs[:3]:
        _note(store, manager, "Reps lack #product-knowledge-gap")
    signal = raise_signal(
        store, SignalSpec("training", manager_id=cs[3].id, tags="#product-knowledge-gap")
    )
    with store.transaction() as session:
        session.get(Signal, signal.id).opened_at = datetime(2026, 6, 30, 23, 59)
    themes = recurring_themes(store, QUARTER, threshold)
    assert len(themes) == expected
    if expected:
        assert themes[0].text == (
            "Customer Success: product knowledge gap raised by 4 managers this quarter"
        )


def test_what_does_not_count(store):
    cs = [add_manager(store, f"CS {i}", "Customer Success") for i in range(3)]
    eng = add_manager(store, "Eng 1", "Engineering")
    _note(store, cs[0], "#burnout")
    _note(store, cs[0], "#burnout again, same manager")
    _note(store, cs[1], "#burnout", at=datetime(2026, 3, 31, 23))  # last quarter
    gone = _note(store, cs[2], "#burnout")
    delete_note(store, gone.id)
    _note(store, eng, "#burnout")  # another department
    assert recurring_themes(store, QUARTER, 2) == []
    (theme,) = recurring_themes(store, QUARTER, 1, department="Customer Success")
    assert (theme.managers, theme.mentions) == (1, 2)


def test_a_read_after_the_lock_says_the_notes_are_locked(store):
    """A Today read still running when the store locks ends as StoreClosed (which the
    background work treats as the lock it is), not as an error about a missing engine."""
    store.close()
    with pytest.raises(StoreClosed):
        recurring_themes(store, QUARTER)
