"""Notes: tags from the text, visibility, autosave path, finalised meetings lock notes."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.clock import utcnow
from partnerdesk.core.notes import (
    NoteDraft,
    NoteLocked,
    create_note,
    delete_note,
    get_note,
    next_visibility,
    notes_for_meeting,
    parse_tags,
    save_body,
    set_visibility,
)
from partnerdesk.core.settings import Settings
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import Meeting
from tests.core.notes.data import add_manager, add_meeting


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Team lacks #product-knowledge again", ["product-knowledge"]),
        ("#Onboarding and #onboarding twice", ["onboarding"]),
        ("# Heading\n## Sub heading", []),
        ("Issue #42 is fixed", []),
        ("see page#anchor and a&#39;b", []),
        ("ends with #tag-, then #two_words.", ["tag", "two_words"]),
        ("list:\n- #a1 item\n- #b", ["a1", "b"]),
    ],
)
def test_parse_tags(text, tags):
    assert parse_tags(text) == tags


def test_next_visibility_cycles():
    assert [next_visibility(v) for v in ("private", "team", "exec")] == [
        "team",
        "exec",
        "private",
    ]


def test_create_uses_default_visibility_and_tags(store):
    manager = add_manager(store, "Ana Ruiz")
    meeting = add_meeting(store, manager.id, date(2026, 5, 4))
    note = create_note(
        store,
        NoteDraft(meeting_id=meeting.id),
        "Lots of **churn**; #product-knowledge",
        settings=Settings(default_visibility="private"),
    )
    stored = get_note(store, note.id)
    assert stored.visibility == "private"
    assert stored.tags == "product-knowledge"
    assert stored.manager_id == manager.id  # taken from the meeting
    assert stored.body == "Lots of **churn**; #product-knowledge"  # Markdown kept as typed
    assert stored.updated_hlc


def test_save_body_updates_text_and_tags(store):
    note = create_note(store, NoteDraft(), "first")
    assert save_body(store, note.id, "second #wins") is True
    assert save_body(store, note.id, "second #wins") is False
    stored = get_note(store, note.id)
    assert (stored.body, stored.tags) == ("second #wins", "wins")


def test_bad_visibility_and_kind_are_refused(store):
    note = create_note(store, NoteDraft(), "x")
    with pytest.raises(StoreError, match="choose one of"):
        set_visibility(store, note.id, "public")
    with pytest.raises(StoreError, match="kind"):
        create_note(store, NoteDraft(kind="diary"), "x")
    assert get_note(store, note.id).visibility == "team"


def test_finalised_meeting_locks_notes_and_turns_additions_into_addenda(store):
    manager = add_manager(store, "Bo Chen")
    meeting = add_meeting(store, manager.id, date(2026, 5, 4))
    note = create_note(store, NoteDraft(meeting_id=meeting.id, kind="answer"), "agreed")
    with store.transaction() as session:
        session.get(Meeting, meeting.id).finalized_at = utcnow()
    with pytest.raises(NoteLocked):
        save_body(store, note.id, "rewritten history")
    with pytest.raises(NoteLocked):
        set_visibility(store, note.id, "exec")
    with pytest.raises(NoteLocked):
        delete_note(store, note.id)
    assert get_note(store, note.id).body == "agreed"
    later = create_note(store, NoteDraft(meeting_id=meeting.id, kind="free"), "one more thing")
    assert later.kind == "addendum"
    assert save_body(store, later.id, "one more thing, corrected")
    assert [n.kind for n in notes_for_meeting(store, meeting.id)] == ["answer", "addendum"]


def test_delete_is_a_tombstone(store):
    note = create_note(store, NoteDraft(meeting_id=None), "gone soon")
    delete_note(store, note.id)
    with pytest.raises(StoreError, match="no longer exists"):
        get_note(store, note.id)


def test_a_stale_save_keeps_the_other_version_as_a_conflict(store):
    from partnerdesk.core.notes import get_note, save_body

    note = create_note(store, NoteDraft(), "original")
    # A co-rep's edit arrives (a sync) while this editor still holds "original".
    assert save_body(store, note.id, "original + their words")
    assert save_body(store, note.id, "original + my words", base="original")
    kept = get_note(store, note.id)
    assert kept.body == "original + my words"
    assert kept.conflict_body == "original + their words"
    # Saving on top of what this editor itself stored is an ordinary save.
    assert save_body(store, note.id, "original + my words!", base="original + my words")
    assert get_note(store, note.id).conflict_body == "original + their words"
