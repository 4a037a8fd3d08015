"""Cases end to end: checklists, a timeline across three meetings, closing, signals to cases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from partnerdesk.core import clock, signals
from partnerdesk.core.cases import (
    CaseError,
    CaseSpec,
    add_update,
    close_case,
    from_signal,
    get_case,
    list_cases,
    open_case,
    set_notes,
    set_step,
    story,
    templates,
)
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.store.models import CASE_KINDS
from tests.core.lifecycle.org import pinned  # noqa: F401 - fixture
from tests.core.meetings.data import make_org


def test_every_kind_has_a_checklist_template():
    assert set(templates()) == set(CASE_KINDS)
    assert all(t.steps for t in templates().values())
    assert "exit_interview" in dict(templates()["exit"].steps)


def test_a_case_timeline_spans_three_meetings(store, pinned):  # noqa: F811
    org = make_org(store)
    meetings = MeetingService(store)
    days = [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]
    ids = [meetings.plan(org.cs_manager, d) for d in days]
    clock.set_now(datetime(2026, 10, 6, 10, tzinfo=UTC))
    case_id = open_case(
        store,
        CaseSpec(
            kind="trial_review",
            manager_id=org.cs_manager,
            person="Tariq Aziz",
            summary="Trial ends 23 Feb",
            meeting_id=ids[0],
        ),
    )
    case = get_case(store, case_id)
    assert case.owner == "Terry Moss"  # the manager's rep by default
    assert case.due_date == date(2026, 12, 5)
    assert case.progress == "0/5"
    clock.set_now(datetime(2026, 11, 3, 10, tzinfo=UTC))
    add_update(store, case_id, "Mid-point review went well", meeting_id=ids[1])
    set_step(store, case_id, "midpoint_review", True)
    clock.set_now(datetime(2026, 12, 1, 10, tzinfo=UTC))
    close_case(store, case_id, "Trial confirmed", meeting_id=ids[2])
    entries = story(store, case_id)
    assert [(e.text, e.meeting_id, e.status) for e in entries] == [
        ("Opened: Trial ends 23 Feb", ids[0], "open"),
        ("Mid-point review went well", ids[1], "open"),
        ("Trial confirmed", ids[2], "closed"),
    ]
    closed = get_case(store, case_id)
    assert closed.status == "closed"
    assert closed.closed_at.replace(microsecond=0) == datetime(2026, 12, 1, 10)
    assert closed.closed_meeting_id == ids[2]
    assert closed.progress == "1/5"
    assert list_cases(store, open_only=True) == []


def test_a_signal_becomes_a_case_keeping_its_story(store, pinned):  # noqa: F811
    org = make_org(store)
    flag = signals.raise_signal(
        store,
        signals.SignalSpec(
            kind="performance",
            person="Omar",
            summary="Missed two deadlines",
            manager_id=org.eng_manager,
            checklist={"expectations_set": True},
        ),
    )
    case_id = from_signal(store, flag.id)
    case = get_case(store, case_id)
    assert (case.kind, case.person, case.summary) == ("performance", "Omar", "Missed two deadlines")
    assert case.checklist["expectations_set"] is True
    assert signals.get_signal(store, flag.id).status == "resolved"
    texts = [e.text for e in story(store, case_id)]
    assert texts == [
        "Opened: Missed two deadlines",
        "Became a performance case",
        "Opened: Missed two deadlines",
    ]
    with pytest.raises(CaseError, match="already a case"):
        from_signal(store, flag.id)


def test_exit_interview_notes_and_clear_errors(store, pinned):  # noqa: F811
    case_id = open_case(store, CaseSpec(kind="exit", person="Lea Moreau"))
    set_notes(store, case_id, "Left for a shorter commute; liked the team.")
    assert get_case(store, case_id).notes.startswith("Left for a shorter commute")
    with pytest.raises(CaseError, match="choose one of"):
        open_case(store, CaseSpec(kind="holiday"))
    with pytest.raises(CaseError, match="Unknown step"):
        set_step(store, case_id, "nope", True)
    with pytest.raises(CaseError, match="Write what changed"):
        add_update(store, case_id, "  ")
