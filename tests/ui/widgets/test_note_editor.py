"""The note editor: typed text reaches the store within a second, undo, visibility, privacy."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.clock import utcnow
from partnerdesk.core.notes import (
    NoteDraft,
    NoteView,
    create_note,
    delete_note,
    get_note,
    notes_for_meeting,
)
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import Meeting
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.widgets import note_editor
from partnerdesk.ui.widgets.note_editor import NoteEditor
from tests.core.notes.data import add_manager, add_meeting


def _editor(qtbot, app_state, **kw) -> NoteEditor:
    editor = NoteEditor(app_state, **kw)
    qtbot.addWidget(editor)
    editor.setMinimumSize(500, 200)  # without one, the offscreen platform warns on show
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is editor)
    editor.edit.setFocus()
    return editor


def _body(store, meeting_id):
    return [n.body for n in notes_for_meeting(store, meeting_id)]


def test_typing_is_in_the_store_within_a_second(qtbot, app_state, store):
    manager = add_manager(store, "Ana Ruiz")
    meeting = add_meeting(store, manager.id, date(2026, 5, 4))
    editor = _editor(qtbot, app_state, draft=NoteDraft(meeting_id=meeting.id, kind="answer"))
    assert notes_for_meeting(store, meeting.id) == []  # nothing stored before typing
    qtbot.keyClicks(editor.edit, "Team is short on #product-knowledge")
    qtbot.waitUntil(lambda: len(notes_for_meeting(store, meeting.id)) == 1, timeout=1000)
    (note,) = notes_for_meeting(store, meeting.id)
    assert note.body == "Team is short on #product-knowledge"
    assert note.tags == "product-knowledge"
    assert note.visibility == app_state.settings.default_visibility
    assert not editor.is_dirty() and editor.status.text().startswith("Saved")


def test_keeps_saving_while_typing_without_pause(qtbot, app_state, store):
    note = create_note(store, NoteDraft(), "")
    editor = _editor(qtbot, app_state, note_id=note.id)
    for char in "steady typing never pauses":
        qtbot.keyClicks(editor.edit, char)
        qtbot.wait(60)  # 26 keys x 60 ms > the autosave delay
    assert get_note(store, note.id).body.startswith("steady typing")


def test_focus_change_and_close_save_at_once(qtbot, app_state, store):
    note = create_note(store, NoteDraft(), "")
    editor = _editor(qtbot, app_state, note_id=note.id)
    qtbot.keyClicks(editor.edit, "before focus change")
    editor.edit.clearFocus()
    assert get_note(store, note.id).body == "before focus change"
    qtbot.keyClicks(editor.edit, "!")
    editor.close()
    assert get_note(store, note.id).body == "before focus change!"


def test_undo_works_across_autosaves(qtbot, app_state, store):
    note = create_note(store, NoteDraft(), "")
    editor = _editor(qtbot, app_state, note_id=note.id)
    qtbot.keyClicks(editor.edit, "first second")
    assert editor.flush()
    editor.edit.selectAll()
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_Delete)
    assert editor.flush()
    assert get_note(store, note.id).body == ""
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "first second"
    assert editor.flush()
    assert get_note(store, note.id).body == "first second"


def _answer(monkeypatch, yes: bool) -> list[str]:
    """Answer the exec question with Yes or No; the list collects the questions asked."""
    asked: list[str] = []
    answer = (
        QtWidgets.QMessageBox.StandardButton.Yes if yes else QtWidgets.QMessageBox.StandardButton.No
    )

    def question(_parent, title, _text, *_args):
        asked.append(title)
        return answer

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", question)
    return asked


def _exec_entry(editor) -> QtGui.QAction:
    menu = editor.visibility_menu()
    entries = {action.text().split(":")[0]: action for action in menu.actions()}
    assert list(entries) == ["Private", "Team", "Exec"]
    assert entries["Team"].isChecked() == (editor.visibility == "team")
    return entries["Exec"]


def test_exec_is_chosen_from_the_chip_and_asks_first(qtbot, app_state, store, monkeypatch):
    note = create_note(store, NoteDraft(visibility="team"), "x")
    editor = _editor(qtbot, app_state, note_id=note.id)
    assert editor.chip.text() == "Team"
    asked = _answer(monkeypatch, yes=False)
    _exec_entry(editor).trigger()
    assert asked and get_note(store, note.id).visibility == "team"
    _answer(monkeypatch, yes=True)
    _exec_entry(editor).trigger()
    assert get_note(store, note.id).visibility == "exec" and editor.chip.text() == "Exec"


def test_the_visibility_key_never_raises_to_exec(qtbot, app_state, store, monkeypatch):
    note = create_note(store, NoteDraft(visibility="exec"), "x")
    editor = _editor(qtbot, app_state, note_id=note.id)
    asked = _answer(monkeypatch, yes=True)
    seen = []
    for _press in range(4):
        qtbot.keyClick(
            editor.edit,
            QtCore.Qt.Key.Key_V,
            QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier,
        )
        seen.append(get_note(store, note.id).visibility)
    assert seen == ["private", "team", "private", "team"] and not asked


def test_the_chip_says_whether_the_team_has_the_note(qtbot, app_state, store):
    with store.transaction() as session:
        meeting = Meeting(manager_id="m", planned_for=date(2026, 12, 4), status="in_progress")
        session.add(meeting)
    editor = _editor(qtbot, app_state, draft=NoteDraft(meeting_id=meeting.id, visibility="team"))
    qtbot.keyClicks(editor.edit, "typed in the meeting")
    assert editor.flush()
    assert editor.shared.text() == "not shared yet" and not editor.shared.isHidden()
    editor.set_visibility("private")
    assert editor.shared.isHidden()


def test_draft_keeps_visibility_until_created(qtbot, app_state, store):
    editor = _editor(qtbot, app_state, draft=NoteDraft())
    editor.set_visibility("private")
    qtbot.keyClicks(editor.edit, "secret")
    assert editor.flush()
    assert get_note(store, editor.note_id).visibility == "private"


def test_privacy_screen_hides_and_restores(qtbot, app_state, store):
    note = create_note(store, NoteDraft(), "confidential")
    editor = _editor(qtbot, app_state, note_id=note.id)
    app_state.set_privacy(True)
    assert editor.is_text_hidden() and not editor.edit.isVisible()
    assert "confidential" not in editor.cover.text()
    app_state.set_privacy(False)
    assert not editor.is_text_hidden() and editor.edit.isVisible()
    assert editor.text() == "confidential"


def test_finalised_meeting_note_is_read_only(qtbot, app_state, store):
    manager = add_manager(store, "Ana Ruiz")
    meeting = add_meeting(store, manager.id, date(2026, 5, 4))
    note = create_note(store, NoteDraft(meeting_id=meeting.id, kind="answer"), "agreed")
    with store.transaction() as session:
        session.get(Meeting, meeting.id).finalized_at = utcnow()
    editor = _editor(qtbot, app_state, note_id=note.id)
    assert editor.edit.isReadOnly() and not editor.chip.isEnabled()
    qtbot.keyClicks(editor.edit, "more")
    editor.flush()
    assert get_note(store, note.id).body == "agreed"


def test_note_deleted_elsewhere_keeps_the_typed_text(qtbot, app_state, store):
    manager = add_manager(store, "Ana Ruiz")
    meeting = add_meeting(store, manager.id, date(2026, 5, 4))
    note = create_note(store, NoteDraft(meeting_id=meeting.id, kind="answer"), "first words")
    editor = _editor(qtbot, app_state, note_id=note.id)
    editor.set_visibility("exec")
    delete_note(store, note.id)  # e.g. a sync from another device
    qtbot.keyClicks(editor.edit, " and more")
    assert editor.flush()
    (kept,) = notes_for_meeting(store, meeting.id)
    assert kept.id != note.id and kept.id == editor.note_id
    assert (kept.body, kept.kind, kept.visibility) == ("first words and more", "answer", "exec")


def test_note_read_by_the_caller_opens_without_a_read(qtbot, app_state, store, monkeypatch):
    """The meeting screen passes the notes of its prefill: editors read nothing themselves."""
    manager = add_manager(store, "Ana Ruiz")
    meeting = add_meeting(store, manager.id, date(2026, 5, 4))
    draft = NoteDraft(meeting_id=meeting.id, kind="answer", visibility="exec")
    note = NoteView.of(create_note(store, draft, "agreed"))

    def read_again(*_args):
        pytest.fail("the editor read the note it was given")

    monkeypatch.setattr(note_editor, "note_for_editing", read_again)
    editor = _editor(qtbot, app_state, note=note)
    assert (editor.note_id, editor.text(), editor.visibility) == (note.id, "agreed", "exec")
    qtbot.keyClicks(editor.edit, " to hire")
    assert editor.flush()
    assert get_note(store, note.id).body == "agreed to hire"
    locked = _editor(qtbot, app_state, note=note, locked=True)
    assert locked.edit.isReadOnly() and not locked.chip.isEnabled()


def test_failed_save_is_marked_for_the_style_sheet(qtbot, app_state, store, monkeypatch):
    note = create_note(store, NoteDraft(), "first")
    editor = _editor(qtbot, app_state, note_id=note.id)

    def full_disk(*_args, **_kwargs):
        raise StoreError("The disk is full; free some space.")

    monkeypatch.setattr(note_editor, "save_body", full_disk)
    qtbot.keyClicks(editor.edit, " words")
    assert not editor.flush()
    assert editor.status.text() == "The disk is full; free some space."
    assert editor.status.property("failed") is True
    monkeypatch.undo()
    assert editor.flush()
    qtbot.keyClicks(editor.edit, "!")
    assert editor.status.property("failed") is False
    assert editor.flush() and get_note(store, note.id).body == "first words!"


def test_the_chip_shows_what_is_stored_when_the_default_changes(qtbot, app_state, store):
    app_state.settings.default_visibility = "private"
    editor = _editor(qtbot, app_state)
    app_state.settings.default_visibility = "team"
    qtbot.keyClicks(editor.edit, "said in confidence")
    assert editor.flush()
    assert editor.visibility == "private"
    assert get_note(store, editor.note_id).visibility == "private"


def test_words_typed_when_the_meeting_is_finalised_elsewhere_become_an_addendum(
    qtbot, app_state, store
):
    from sqlalchemy import select

    from partnerdesk.core.store.models import Note

    manager = add_manager(store, "Eve Long")
    meeting = add_meeting(store, manager.id, date(2026, 5, 12), status="held")
    note = create_note(store, NoteDraft(meeting_id=meeting.id), "agreed")
    editor = _editor(qtbot, app_state, note_id=note.id)
    with store.transaction() as session:  # finalised on another device, synced in
        session.get(Meeting, meeting.id).finalized_at = utcnow()
    qtbot.keyClicks(editor.edit, " plus the last words")
    assert not editor.flush()
    with store.session() as session:
        addenda = session.scalars(select(Note.body).where(Note.kind == "addendum")).all()
    assert addenda == ["plus the last words"]
    assert get_note(store, note.id).body == "agreed"


def test_bind_saves_the_typed_text_then_shows_the_next_note(qtbot, app_state, store, monkeypatch):
    manager = add_manager(store, "Ana Ruiz")
    first = add_meeting(store, manager.id, date(2026, 5, 4))
    second = add_meeting(store, manager.id, date(2026, 6, 1))
    kept = NoteView.of(create_note(store, NoteDraft(meeting_id=second.id), "June notes"))
    editor = _editor(qtbot, app_state, draft=NoteDraft(meeting_id=first.id))
    qtbot.keyClicks(editor.edit, "May notes")
    assert editor.bind(note=kept)  # no wait: the autosave has not fired
    assert _body(store, first.id) == ["May notes"] and editor.text() == "June notes"
    assert not editor.is_dirty() and not editor.edit.document().isUndoAvailable()
    qtbot.wait(editor.autosave_ms() + 100)
    assert _body(store, second.id) == ["June notes"]

    def failing(*_args, **_kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(note_editor, "save_body", failing)
    qtbot.keyClicks(editor.edit, " and more")
    assert not editor.bind(draft=NoteDraft(meeting_id=first.id))  # unsaved: nothing changes
    assert editor.note_id == kept.id and editor.text() == "June notes and more"
    monkeypatch.undo()
    assert editor.bind(draft=NoteDraft(meeting_id=first.id), locked=True)
    assert _body(store, second.id) == ["June notes and more"]
    assert editor.text() == "" and editor.edit.isReadOnly()  # a finalised meeting's blank
