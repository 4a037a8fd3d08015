"""A meeting moved on one laptop while the rep wrote in it on another: after the sync,
the words are in the meeting it became, whichever screen the rep was on."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.notes import NoteDraft, create_note
from partnerdesk.core.store.models import Note
from partnerdesk.core.sync.runner import sync
from tests.core.meetings.data import published_org


def test_words_written_here_follow_a_move_made_on_the_other_laptop(laptops):
    """The rep was not on the meeting screen when the sync landed (the screen follows a
    move only for the meeting it shows): the sync itself hands the words on."""
    a, b, _c = laptops
    org = published_org(a)
    may = MeetingService(a).plan(org.cs_manager, date(2026, 5, 12))
    item = MeetingService(a).prefill(may).items[0].item.id
    sync(a)
    sync(b)
    moved = MeetingService(b).reschedule(may, date(2026, 5, 19), "offsite")
    draft = NoteDraft(meeting_id=may, agenda_item_id=item, kind="answer")
    create_note(a, draft, "Typed on the plane")  # a has not heard of the move yet
    sync(b)
    sync(a)
    assert MeetingService(a).prefill(moved).items[0].answer.body == "Typed on the plane"
    with a.session() as session:
        left = session.scalars(select(Note).where(Note.meeting_id == may, Note.deleted.is_(False)))
        assert left.all() == []
