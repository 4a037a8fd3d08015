"""Meeting prefill (agenda by audience, carried follow-ups and signals, recap) and life cycle."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from partnerdesk.core import clock
from partnerdesk.core.meetings import (
    MeetingError,
    MeetingLocked,
    MeetingService,
)
from partnerdesk.core.notes import NoteDraft, NoteLocked, create_note, save_body
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import FollowUp, Meeting, Note, Signal
from tests.core.meetings.data import make_org, published_org


@pytest.fixture
def org(store):
    return published_org(store)


@pytest.fixture
def service(store) -> MeetingService:
    return MeetingService(store)


def _answer(store, meeting_id: str, item_id: str, text: str) -> str:
    note = create_note(
        store, NoteDraft(meeting_id=meeting_id, agenda_item_id=item_id, kind="answer"), text
    )
    return note.id


def _held_meeting_with_history(store, service, org) -> str:
    """An April meeting with Priya, held, with notes and two agreed follow-ups."""
    april = service.plan(org.cs_manager, date(2026, 4, 14))
    service.start(april)
    create_note(
        store, NoteDraft(meeting_id=april, kind="free"), "Two people out on leave in May.\nMore"
    )
    create_note(store, NoteDraft(meeting_id=april, kind="free"), "Product knowledge gap #training")
    with store.transaction() as session:
        session.add_all(
            [
                FollowUp(manager_id=org.cs_manager, meeting_id=april, text="Book product training"),
                FollowUp(
                    manager_id=org.cs_manager,
                    meeting_id=april,
                    text="Share the leave policy",
                    status="done",
                ),
                FollowUp(manager_id=org.eng_manager, text="Someone else's follow-up"),
                Signal(
                    manager_id=org.cs_manager,
                    kind="flight_risk",
                    severity=3,
                    summary="Senior CSM interviewing",
                ),
                Signal(
                    manager_id=org.cs_manager, kind="training", status="resolved", summary="old"
                ),
                Signal(manager_id=org.eng_manager, kind="performance", summary="not this manager"),
            ]
        )
    service.hold(april)
    return april


def test_prefill_filters_agenda_items_by_audience(service, org):
    cs = service.prefill(service.plan(org.cs_manager, date(2026, 5, 12)))
    eng = service.prefill(service.plan(org.eng_manager, date(2026, 5, 12)))
    vp = service.prefill(service.plan(org.vp, date(2026, 5, 12)))
    cs_texts = [p.item.text for p in cs.items]
    eng_texts = [p.item.text for p in eng.items]
    vp_texts = [p.item.text for p in vp.items]
    product = "Product knowledge session with the Product team, learning session and Q&A"
    headcount = "Headcount plans for the second half are due on the 29th"
    assert product in cs_texts and product not in eng_texts and product not in vp_texts
    assert headcount in vp_texts and headcount not in cs_texts and headcount not in eng_texts
    assert cs_texts[0] == "Feedback on the most recent All-hands"  # agenda order kept
    assert len(eng_texts) == 5
    assert cs.items[0].item.prompts[0].startswith("What worked and what didn't")
    assert [name for name, _ in cs.sections] == [
        "Feedback",
        "Priorities this month",
        "Reminders",
        "Team health",
    ]
    assert cs.sections[1] == ("Priorities this month", 15)
    assert cs.header.manager_name == "Priya Shah" and cs.header.rep_name == "Terry Moss"
    assert eng.header.cadence == "quarterly" and cs.header.cadence == "monthly"


def test_only_a_published_agenda_prefills(service, store):
    org = make_org(store)
    from partnerdesk.core.agenda import AgendaService
    from partnerdesk.paths import resource_path

    AgendaService(store).import_file(resource_path("agendas", "2026-05.toml"))
    prefill = service.prefill(service.plan(org.cs_manager, date(2026, 5, 12)))
    assert prefill.agenda is None and prefill.items == []


def test_prefill_carries_followups_signals_and_recap(service, store, org):
    april = _held_meeting_with_history(store, service, org)
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    prefill = service.prefill(may)
    assert [f.text for f in prefill.followups] == ["Book product training"]
    assert [s.summary for s in prefill.signals] == ["Senior CSM interviewing"]
    recap = prefill.recap
    assert recap.meeting_id == april
    assert recap.held_on == clock.today()
    assert recap.key_notes == ["Two people out on leave in May.", "Product knowledge gap #training"]
    assert recap.agreed == ["Book product training", "Share the leave policy"]


def test_followups_agreed_in_this_meeting_are_listed_apart(service, store, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    with store.transaction() as session:
        session.add(FollowUp(manager_id=org.cs_manager, meeting_id=may, text="Send LMS link"))
    prefill = service.prefill(may)
    assert [f.text for f in prefill.agreed] == ["Send LMS link"]
    assert prefill.followups == []


def test_answers_show_in_the_prefill(service, store, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    item = service.prefill(may).items[1]
    _answer(store, may, item.item.id, "Two slides still on the old brand")
    again = service.prefill(may)
    assert again.items[1].answer.body == "Two slides still on the old brand"
    assert again.items[0].answer is None


def test_life_cycle_start_hold_finalise(service, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    header = service.start(may)
    assert header.status == "in_progress" and header.started_at is not None
    with pytest.raises(MeetingError, match="in progress, so it cannot be started"):
        service.start(may)
    with pytest.raises(MeetingError, match="Only a held meeting"):
        service.finalise(may)
    assert service.hold(may).status == "held"
    header = service.finalise(may)
    assert header.locked and header.status_label.startswith("Finalised")
    with pytest.raises(MeetingLocked, match="already finalised"):
        service.finalise(may)
    with pytest.raises(MeetingLocked, match="addendum"):
        service.cancel(may)


def test_start_pins_the_published_agenda(service, store, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    service.start(may)
    with store.session() as session:
        assert session.get(Meeting, may).agenda_id is not None


def test_finalised_notes_are_locked_and_addenda_are_dated(service, store, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    service.start(may)
    item = service.prefill(may).items[0]
    note_id = _answer(store, may, item.item.id, "Slides too long")
    parked = service.add_parking(may, "Office move rumours")
    service.hold(may)
    service.finalise(may)
    with pytest.raises(NoteLocked):
        save_body(store, note_id, "Edited afterwards")
    with pytest.raises(MeetingLocked):
        service.add_parking(may, "late topic")
    addendum = service.add_addendum(may, "Manager emailed: slides fixed", org.rep)
    assert addendum.kind == "addendum" and addendum.created_at is not None
    prefill = service.prefill(may)
    assert prefill.items[0].answer.body == "Slides too long"
    assert [a.body for a in prefill.addenda] == ["Manager emailed: slides fixed"]
    assert [p.body for p in prefill.parking] == [parked.body]
    with store.session() as session:
        assert session.get(Note, addendum.id).author_rep_id == org.rep


def test_addendum_only_after_finalising(service, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    with pytest.raises(MeetingError, match="Addenda are for finalised meetings"):
        service.add_addendum(may, "x")
    with pytest.raises(MeetingError, match="Type the addendum"):
        service.add_addendum(may, "  ")
    with pytest.raises(MeetingError, match="Type the topic"):
        service.add_parking(may, "")


def test_reschedule_moves_typed_notes_and_counts(service, store, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    service.start(may)
    item = service.prefill(may).items[0]
    _answer(store, may, item.item.id, "Started, then fire alarm")
    moved = service.reschedule(may, date(2026, 5, 19), "fire drill")
    with store.session() as session:
        old = session.get(Meeting, may)
        assert old.status == "rescheduled" and old.reason == "fire drill"
        assert old.rescheduled_to_id == moved
        assert session.get(Meeting, moved).planned_for == date(2026, 5, 19)
    assert service.prefill(moved).items[0].answer.body == "Started, then fire alarm"
    with pytest.raises(MeetingError, match="rescheduled, so it cannot be cancelled"):
        service.cancel(may)


def test_reschedule_is_one_transaction(service, store, org, monkeypatch):
    """A failure after the new meeting is planned and the old one marked: nothing moved."""
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    item = service.prefill(may).items[0]
    _answer(store, may, item.item.id, "Typed before the move")

    def fail(*_args) -> None:
        raise MeetingError("The disk is full.")

    monkeypatch.setattr(MeetingService, "_move_notes", staticmethod(fail))
    with pytest.raises(MeetingError, match="disk is full"):
        service.reschedule(may, date(2026, 5, 19), "fire drill")
    with store.session() as session:
        meetings = session.scalars(select(Meeting).where(Meeting.manager_id == org.cs_manager))
        assert [(m.id, m.status, m.rescheduled_to_id) for m in meetings] == [(may, "planned", None)]
    assert service.prefill(may).items[0].answer.body == "Typed before the move"


def test_notes_written_after_a_reschedule_made_elsewhere_follow_the_meeting(service, store, org):
    """Another laptop rescheduled the meeting twice (a sync brought both moves) while
    words were still written here into the first one: they move to where it now is."""
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    item = service.prefill(may).items[0]
    second = service.reschedule(may, date(2026, 5, 19), "offsite")
    third = service.reschedule(second, date(2026, 5, 26), "sick")
    assert service.follow_reschedule(third) is None  # not rescheduled: nothing to follow
    _answer(store, may, item.item.id, "Typed here after the move")
    assert service.follow_reschedule(may) == third
    assert service.prefill(third).items[0].answer.body == "Typed here after the move"
    with store.session() as session:
        assert not session.scalars(select(Note).where(Note.meeting_id == may)).all()


def test_an_answer_written_on_both_laptops_is_not_doubled_when_it_follows(service, store, org):
    """The other laptop moved the meeting and answered the same question there: the words
    written here become the answer, with the other laptop's kept beside them as another
    version; a private answer stays a private note of its own, merged into nothing."""
    from partnerdesk.core.sync.merge import split_versions

    may = service.plan(org.cs_manager, date(2026, 5, 12))
    first, second = (i.item.id for i in service.prefill(may).items[:2])
    moved = service.reschedule(may, date(2026, 5, 19), "offsite")  # "the other laptop"
    _answer(store, moved, first, "Written on the other laptop")
    _answer(store, moved, second, "Team answer there")
    _answer(store, may, first, "Typed here offline")
    private = NoteDraft(meeting_id=may, agenda_item_id=second, kind="answer", visibility="private")
    create_note(store, private, "Private words here")
    assert service.follow_reschedule(may) == moved
    prefill = service.prefill(moved)
    answer = prefill.items[0].answer
    assert answer.body == "Typed here offline"
    with store.session() as session:
        notes = session.scalars(
            select(Note).where(Note.meeting_id == moved, Note.deleted.is_(False))
        ).all()
        answers = [n for n in notes if n.kind == "answer" and n.agenda_item_id == first]
        assert len(answers) == 1
        assert split_versions(answers[0].conflict_body) == ["Written on the other laptop"]
        [kept] = [n for n in notes if n.body == "Private words here"]
        assert (kept.kind, kept.visibility) == ("free", "private")
        assert prefill.items[1].answer.body == "Team answer there"  # no private words in it
        assert not session.scalars(
            select(Note).where(Note.meeting_id == may, Note.deleted.is_(False))
        ).all()


def test_words_do_not_follow_into_a_finalised_or_cancelled_meeting(service, store, org):
    """The meeting it became was held and finalised (or cancelled) on the other laptop:
    the words written here stay where they were, not in a locked or unopened record."""
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    item = service.prefill(may).items[0].item.id
    moved = service.reschedule(may, date(2026, 5, 19), "offsite")
    _answer(store, may, item, "Typed here offline")
    service.cancel(moved, "manager left")
    assert service.follow_reschedule(may) is None
    with store.session() as session:
        [note] = session.scalars(
            select(Note).where(Note.meeting_id == may, Note.deleted.is_(False))
        ).all()
        assert note.body == "Typed here offline"


def test_cancel_and_open_or_plan(service, org):
    first = service.open_or_plan(org.cs_manager, date(2026, 5, 2))
    assert service.open_or_plan(org.cs_manager) == first
    assert service.cancel(first, "manager on leave").status == "cancelled"
    second = service.open_or_plan(org.cs_manager, date(2026, 5, 9))
    assert second != first
    assert service.header(second).planned_for == date(2026, 5, 9)


def test_list_meetings_filters(service, org):
    a = service.plan(org.cs_manager, date(2026, 4, 14))
    b = service.plan(org.eng_manager, date(2026, 5, 12))
    service.hold(a)
    rows = service.list_meetings()
    assert [r.id for r in rows] == [b, a]
    assert rows[1].manager_name == "Priya Shah" and rows[1].status_label == "Held"
    assert [r.id for r in service.list_meetings(statuses=("held",))] == [a]
    assert [r.id for r in service.list_meetings(since=date(2026, 5, 1))] == [b]
    assert service.list_meetings(rep_id=org.lead) == []


def test_unknown_ids_give_clear_errors(service):
    with pytest.raises(MeetingError, match="no longer exists"):
        service.prefill("missing")
    with pytest.raises(StoreError, match="no longer on the roster"):
        service.plan("missing", date(2026, 5, 1))


def test_prefill_does_not_write(service, store, org):
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    service.prefill(may)
    with store.session() as session:
        assert session.scalars(select(Note)).all() == []
