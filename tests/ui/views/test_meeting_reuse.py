"""One meeting screen, refilled for each meeting opened: no word typed is lost or lands in
the wrong meeting, and everything the screen shows follows the meeting it now shows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.profile import open_store
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import AgendaItem, FollowUp, Meeting, Note, Signal
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.widgets import note_editor
from tests.core.meetings.data import published_org

CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
ALT = QtCore.Qt.KeyboardModifier.AltModifier


@pytest.fixture
def org(store):
    return published_org(store)


@pytest.fixture
def meetings(store, org) -> dict[str, str]:
    """Planned May meetings with Priya (who has a follow-up and a signal open) and Marco,
    a finalised one with Dana, and a cancelled one with Marco."""
    service = MeetingService(store)
    ids = {
        "priya": service.plan(org.cs_manager, date(2026, 5, 12)),
        "marco": service.plan(org.eng_manager, date(2026, 5, 13)),
        "dana": service.plan(org.vp, date(2026, 5, 14)),
        "cancelled": service.plan(org.eng_manager, date(2026, 5, 27)),
    }
    with store.transaction() as session:
        session.add_all(
            [
                FollowUp(manager_id=org.cs_manager, text="Send Priya the ladder doc"),
                Signal(
                    manager_id=org.cs_manager,
                    kind="flight_risk",
                    severity=3,
                    summary="Priya's CSM is interviewing",
                    person="Pat Person",
                ),
            ]
        )
    service.hold(ids["dana"])
    service.finalise(ids["dana"])
    service.cancel(ids["cancelled"], "offsite")
    return ids


@pytest.fixture
def window(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is main_window)
    return main_window


def _notes(store, meeting_id: str) -> dict[str | None, str]:
    """The meeting's live notes: agenda item id (None for free notes) -> body."""
    with store.session() as session:
        rows = session.scalars(
            select(Note).where(Note.meeting_id == meeting_id, Note.deleted.is_(False))
        ).all()
        return {n.agenda_item_id: n.body for n in rows}


def _labels(view) -> str:
    """Every label's text, shown or not (a hidden row must not keep another meeting's)."""
    return "\n".join(label.text() for label in view.findChildren(QtWidgets.QLabel))


def _editors_texts(view) -> str:
    return "\n".join(e.toPlainText() for e in view.findChildren(QtWidgets.QPlainTextEdit))


def _type_in_first_answer(qtbot, view, text: str):
    item_id, editor = next(iter(view.answer_editors.items()))
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, text)
    return item_id, editor


def test_words_typed_then_another_meeting_opened_stay_in_the_first(qtbot, window, store, meetings):
    view = window.open_meeting(meetings["priya"])
    item_id, editor = _type_in_first_answer(qtbot, view, "Priya: slides too long")
    assert editor.is_dirty()  # the autosave has not fired yet, and focus never left

    assert window.open_meeting(meetings["marco"]) is view  # the same screen, refilled
    assert view.meeting_id == meetings["marco"]
    assert _notes(store, meetings["priya"]) == {item_id: "Priya: slides too long"}
    assert _notes(store, meetings["marco"]) == {}
    assert view.title.text() == "Marco Rossi"
    assert "Priya: slides too long" not in _editors_texts(view)
    for shown in view.editors:
        assert shown.note_id is None and shown.draft.meeting_id == meetings["marco"]

    marco_item, marco_editor = _type_in_first_answer(qtbot, view, "Marco: keep Q&A")
    assert marco_editor.flush()
    assert _notes(store, meetings["marco"]) == {marco_item: "Marco: keep Q&A"}
    assert _notes(store, meetings["priya"]) == {item_id: "Priya: slides too long"}

    bar = view.main_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    window.open_meeting(meetings["priya"])  # and back: Priya's answer is shown, editable
    # Not left where Marco's meeting was scrolled to: at the top, or just as far as the first
    # unanswered answer (where the cursor now is) needs to be in view.
    assert bar.value() < bar.maximum()
    focused = QtWidgets.QApplication.focusWidget()
    viewport = view.main_scroll.viewport()
    top = focused.mapTo(viewport, QtCore.QPoint(0, 0)).y()
    assert 0 <= top < viewport.height()
    assert view.answer_editors[item_id].text() == "Priya: slides too long"
    back = view.answer_editors[item_id]
    back.edit.setFocus()
    back.edit.moveCursor(back.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(back.edit, " and late")
    window.open_meeting(meetings["marco"])
    assert _notes(store, meetings["priya"]) == {item_id: "Priya: slides too long and late"}
    assert _notes(store, meetings["marco"]) == {marco_item: "Marco: keep Q&A"}


def test_no_pending_autosave_or_undo_reaches_the_next_meeting(qtbot, window, store, meetings):
    view = window.open_meeting(meetings["priya"])
    item_id, editor = _type_in_first_answer(qtbot, view, "Typed just before switching")
    window.open_meeting(meetings["marco"])
    qtbot.wait(editor.autosave_ms() + 200)  # a timer left running would fire now
    assert _notes(store, meetings["marco"]) == {}
    assert _notes(store, meetings["priya"]) == {item_id: "Typed just before switching"}
    for shown in view.editors:
        assert not shown.is_dirty()
        assert not shown.edit.document().isUndoAvailable()  # no undo into Priya's words
    first = next(iter(view.answer_editors.values()))
    first.edit.setFocus()
    qtbot.keyClick(first.edit, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert first.text() == "" and not first.is_dirty()


def test_a_finalised_meeting_after_a_planned_one_is_read_only(qtbot, window, store, meetings):
    view = window.open_meeting(meetings["priya"])
    assert view.parking_input.isVisible() and view.action_buttons["start"].isVisible()
    window.open_meeting(meetings["dana"])
    assert "Finalised" in view.status_pill.text()
    assert view.status_pill.property("status") == "final"
    assert view.editors and all(e.edit.isReadOnly() for e in view.editors)
    assert not any(e.chip.isEnabled() for e in view.editors)
    assert not view.parking_input.isVisible()
    assert view.action_buttons["addendum"].isVisible()
    assert not view.action_buttons["start"].isVisible()
    assert not view.action_buttons["finalise"].isVisible()
    assert "Addenda (0)" in _labels(view)
    editor = next(iter(view.answer_editors.values()))
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "too late")
    window.open_meeting(meetings["priya"])
    assert _notes(store, meetings["dana"]) == {}

    assert view.parking_input.isVisible() and view.action_buttons["start"].isVisible()
    assert not any(e.edit.isReadOnly() for e in view.editors)
    assert all(e.chip.isEnabled() for e in view.editors)
    assert view.status_pill.property("status") == "planned"
    assert not view.addenda_text.isVisible()


def test_a_cancelled_meeting_offers_no_meeting_actions(window, meetings):
    view = window.open_meeting(meetings["priya"])
    window.open_meeting(meetings["cancelled"])
    assert "Cancelled (offsite)" in view.status_pill.text()
    for name in ("start", "hold", "reschedule", "cancel", "finalise", "addendum"):
        assert not view.actions_by_name[name].isEnabled()
        assert not view.action_buttons[name].isVisible()


def test_followups_and_signals_follow_the_meeting(qtbot, window, store, meetings):
    view = window.open_meeting(meetings["priya"])
    assert "Send Priya the ladder doc" in _labels(view)
    assert "Priya's CSM is interviewing" in _labels(view)
    assert view.findChild(QtWidgets.QToolButton, "signalUpdate").isVisible()

    window.open_meeting(meetings["marco"])
    assert view.followup_boxes == {}
    assert view.followups_empty.isVisible() and view.signals_empty.isVisible()
    shown = _labels(view)
    assert "Send Priya the ladder doc" not in shown
    assert "Priya's CSM is interviewing" not in shown and "Pat Person" not in shown

    window.open_meeting(meetings["priya"])
    [box] = view.followup_boxes.values()
    box.setChecked(True)
    with store.session() as session:
        followup = session.scalars(select(FollowUp)).one()
    assert followup.status == "done" and followup.closed_meeting_id == meetings["priya"]
    assert view.followup_boxes[followup.id].isChecked()  # refilled in place, still ticked


def test_privacy_screen_stays_on_for_the_next_meeting(qtbot, window, app_state, store, meetings):
    view = window.open_meeting(meetings["priya"])
    _item_id, editor = _type_in_first_answer(qtbot, view, "Priya's answer, confidential")
    assert editor.flush()
    app_state.set_privacy(True)
    window.open_meeting(meetings["marco"])
    window.open_meeting(meetings["priya"])
    visible = [label.text() for label in view.findChildren(QtWidgets.QLabel) if label.isVisible()]
    assert not any("Priya's CSM" in text or "ladder doc" in text for text in visible)
    assert all(e.is_text_hidden() for e in view.editors)
    app_state.set_privacy(False)
    assert not any(e.is_text_hidden() for e in view.editors)
    assert "Priya's answer, confidential" in _editors_texts(view)
    assert "Priya's CSM is interviewing" in _labels(view)


def test_meeting_keys_act_on_the_meeting_shown(qtbot, window, store, org, meetings, monkeypatch):
    view = window.open_meeting(meetings["priya"])
    window.open_meeting(meetings["marco"])
    editors = list(view.answer_editors.values())
    editors[0].edit.setFocus()
    qtbot.keyClick(editors[0].edit, QtCore.Qt.Key.Key_Down, ALT)
    assert view.current_note() is editors[1]

    qtbot.keyClick(editors[1].edit, QtCore.Qt.Key.Key_S, CTRL_SHIFT)
    with store.session() as session:
        assert session.get(Meeting, meetings["marco"]).status == "in_progress"
        assert session.get(Meeting, meetings["priya"]).status == "planned"

    monkeypatch.setattr(SignalDialog, "get_signal", classmethod(lambda cls, *a, **k: (a[1], False)))
    qtbot.keyClick(editors[1].edit, QtCore.Qt.Key.Key_3, ALT)
    with store.session() as session:
        raised = session.scalars(select(Signal).where(Signal.kind == "training")).one()
    assert (raised.meeting_id, raised.manager_id) == (meetings["marco"], org.eng_manager)


def test_leaving_saves_and_keeps_no_text(qtbot, window, store, meetings):
    view = window.open_meeting(meetings["priya"])
    item_id, _editor = _type_in_first_answer(qtbot, view, "Said before Esc")
    qtbot.keyClick(view, QtCore.Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is not view
    assert _notes(store, meetings["priya"]) == {item_id: "Said before Esc"}
    assert view.meeting_id is None and view.editors == []
    assert "Said before Esc" not in _editors_texts(view)
    assert "Send Priya the ladder doc" not in _labels(view)
    assert window.open_meeting(meetings["priya"]) is view
    assert view.answer_editors[item_id].text() == "Said before Esc"


def test_words_that_cannot_be_saved_keep_the_meeting_open(
    qtbot, window, store, meetings, monkeypatch
):
    view = window.open_meeting(meetings["priya"])

    def failing(*_args, **_kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(note_editor, "create_note", failing)
    item_id, editor = _type_in_first_answer(qtbot, view, "Not lost")
    window.open_meeting(meetings["marco"])
    assert view.meeting_id == meetings["priya"]  # stayed, saying why
    assert view.error.isVisible() and "could not be saved" in view.error.text()
    assert view.answer_editors[item_id] is editor and editor.text() == "Not lost"
    assert editor.draft.meeting_id == meetings["priya"]

    monkeypatch.undo()
    window.open_meeting(meetings["marco"])
    assert view.meeting_id == meetings["marco"] and not view.error.isVisible()
    assert _notes(store, meetings["priya"]) == {item_id: "Not lost"}


def test_an_edited_agenda_item_is_shown_as_edited(window, store, meetings):
    view = window.open_meeting(meetings["priya"])
    item_id, editor = next(iter(view.answer_editors.items()))
    with store.transaction() as session:
        session.execute(
            update(AgendaItem).where(AgendaItem.id == item_id).values(text="Reworded item")
        )
    window.open_meeting(meetings["marco"])
    window.open_meeting(meetings["priya"])
    assert view.answer_editors[item_id] is not editor  # a new card for the changed item
    assert "1.  Reworded item" in _labels(view)


def test_a_meeting_gone_after_another_says_so(window, meetings):
    view = window.open_meeting(meetings["priya"])
    window.open_meeting("no-such-meeting")
    assert "no longer exists" in view.error.text()
    assert view.title.text() == "" and view.editors == [] and view.answer_editors == {}
    assert not any(action.isEnabled() for action in view.actions_by_name.values())
    window.open_meeting(meetings["marco"])
    assert view.title.text() == "Marco Rossi" and not view.error.isVisible()
    assert view.splitter.isVisible()


def test_lock_and_unlock_with_a_meeting_open(
    qtbot, window, app_state, profile_paths, data_key, meetings
):
    from partnerdesk.core.profile import open_store

    view = window.open_meeting(meetings["priya"])
    item_id, _editor = _type_in_first_answer(qtbot, view, "Before the lock")
    window.lock()
    assert app_state.store is None and view.editors == []
    assert "Before the lock" not in _editors_texts(view)
    window.set_store(open_store(profile_paths, data_key))
    store = app_state.store
    assert _notes(store, meetings["priya"]) == {item_id: "Before the lock"}
    assert window.open_meeting(meetings["priya"]) is view  # on the reopened store
    editor = view.answer_editors[item_id]
    assert editor.text() == "Before the lock"
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, ", and after")
    window.open_meeting(meetings["marco"])
    assert _notes(store, meetings["priya"]) == {item_id: "Before the lock, and after"}


@pytest.mark.parametrize("leave", ["another meeting", "close", "lock"])
def test_a_topic_typed_in_the_parking_lot_stays_with_its_meeting(
    qtbot, window, store, meetings, leave, profile_paths, data_key
):
    """A topic typed but not parked with Enter is parked in its own meeting when the rep
    leaves it: never shown in (and parked by Enter into) the next manager's meeting, and
    not left in a widget after a lock."""
    view = window.open_meeting(meetings["priya"])
    qtbot.keyClick(view, QtCore.Qt.Key.Key_P, CTRL_SHIFT)
    assert view.parking_input.hasFocus()
    qtbot.keyClicks(view.parking_input, "Priya's office move")
    if leave == "another meeting":
        window.open_meeting(meetings["marco"])
    elif leave == "close":
        qtbot.keyClick(view.parking_input, QtCore.Qt.Key.Key_Escape)
    else:
        window.lock()
        store = open_store(profile_paths, data_key)
    assert view.parking_input.text() == ""
    assert "Priya's office move" in _notes(store, meetings["priya"]).values()
    assert "Priya's office move" not in _notes(store, meetings["marco"]).values()
    if leave == "lock":
        store.close()
