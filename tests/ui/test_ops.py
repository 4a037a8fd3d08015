"""The one change path: store errors as one message with the widgets matching the store,
typed changes that refresh only what they concern (never the initiator, never twice),
views that keep the rep's place through a sync, and the first answer ready for typing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from partnerdesk.core.agenda import AgendaService
from partnerdesk.core.followups import FollowUpSpec, create_followup
from partnerdesk.core.me import set_me
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.profile import open_store
from partnerdesk.core.signals import SignalSpec
from partnerdesk.core.store.messages import user_message
from partnerdesk.core.store.models import FollowUp, Meeting, Note
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views import meeting as meeting_module
from partnerdesk.ui.views.agenda import AgendaView
from partnerdesk.ui.views.meeting import MeetingView
from partnerdesk.ui.views.signals import SignalsView
from partnerdesk.ui.widgets import note_editor
from tests.core.meetings.data import published_org
from tests.demo_fixtures import demo_paths, demo_template  # noqa: F401 - fixtures
from tests.helpers import locked


def shown(qtbot, widget, size=(1300, 850)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is widget)
    return widget


@pytest.fixture
def org(store):
    return published_org(store)


@pytest.fixture
def meeting(qtbot, app_state, store, org) -> MeetingView:
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    create_followup(store, FollowUpSpec("Book product training", manager_id=org.cs_manager))
    return shown(qtbot, MeetingView(app_state, meeting_id))


def test_a_locked_database_is_one_sentence():
    try:
        locked()
    except OperationalError as exc:
        message = user_message(exc)
    assert message.startswith("The database is busy") and "Nothing was changed" in message
    assert user_message(KeyError("a bug")) is None  # left to the excepthook


def test_a_locked_database_in_a_meeting_action_leaves_the_screen_as_the_store_is(
    meeting, store, monkeypatch
):
    monkeypatch.setattr(meeting_module, "set_followup_status", locked)
    [box] = meeting.followup_boxes.values()
    box.setChecked(True)
    assert meeting.error.isVisible() and meeting.error.text().startswith("The database is busy")
    [box] = meeting.followup_boxes.values()  # the side column was re-read
    assert not box.isChecked()
    with store.session() as session:
        assert session.scalars(select(FollowUp)).one().status == "open"

    monkeypatch.setattr(MeetingService, "start", locked)
    meeting.start()
    assert meeting.status_pill.text().startswith("Planned")  # as the store has it
    with store.session() as session:
        assert session.get(Meeting, meeting.meeting_id).status == "planned"


def test_a_locked_database_keeps_the_typed_answer_and_retries(qtbot, meeting, monkeypatch):
    editor = next(iter(meeting.answer_editors.values()))
    monkeypatch.setattr(note_editor, "create_note", locked)
    qtbot.keyClicks(editor.edit, "Two hires")
    assert not editor.flush()
    assert editor.is_dirty() and editor.text() == "Two hires"
    assert editor.status.text().startswith("The database is busy")
    monkeypatch.undo()
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=3000)  # the autosave retried


def test_a_failed_action_elsewhere_is_one_warning(qtbot, app_state, org, monkeypatch):
    from partnerdesk.ui.dialogs.signal import SignalDialog
    from partnerdesk.ui.views import signals as signals_module

    view = shown(qtbot, SignalsView(app_state))
    warnings = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(
        SignalDialog, "get_signal", classmethod(lambda cls, *a, **k: (SignalSpec("other"), True))
    )
    monkeypatch.setattr(signals_module, "raise_signal", locked)
    view.new_signal()
    assert len(warnings) == 1 and warnings[0].startswith("The database is busy")
    assert view.model.rows == []


def test_signals_refresh_once_per_change_and_only_for_what_concerns_them(
    qtbot, app_state, org, monkeypatch
):
    from partnerdesk.ui.dialogs.signal import SignalDialog

    view = shown(qtbot, SignalsView(app_state))
    refreshes = []
    real = SignalsView.refresh
    monkeypatch.setattr(SignalsView, "refresh", lambda v: refreshes.append(1) or real(v))
    spec = SignalSpec("flight_risk", summary="Lead engineer unhappy", manager_id=org.cs_manager)
    monkeypatch.setattr(SignalDialog, "get_signal", classmethod(lambda cls, *a, **k: (spec, True)))
    view.new_signal()
    assert len(refreshes) == 1 and len(view.model.rows) == 1
    app_state.ops.announce(Changes(agenda=True, notes=True))
    assert len(refreshes) == 1
    app_state.ops.announce(Changes.everything())
    assert len(refreshes) == 2


def test_the_agenda_editor_keeps_item_text_and_cursor_through_a_sync(
    qtbot, store, profile_paths, org
):
    """A sync changes another item of the month being edited: the HR lead stays in the
    item, with the words as typed and the cursor where it was."""
    set_me(store, org.lead)
    state = AppState(store, profile_paths)
    view = shown(qtbot, AgendaView(state))
    view.month_box.setCurrentIndex(view.month_box.findData("2026-05"))
    items = view.doc.items
    mine, other = items[0], items[1]
    node = view.tree.topLevelItem(0).child(0)
    view.tree.setCurrentItem(node)
    assert view.current is mine
    view.item_text.setFocus()
    view.item_text.moveCursor(view.item_text.textCursor().MoveOperation.End)
    qtbot.keyClicks(view.item_text, " and what ")
    typed = view.item_text.toPlainText()
    cursor = view.item_text.textCursor()
    cursor.setPosition(5)
    view.item_text.setTextCursor(cursor)
    assert view.item_text.hasFocus()

    theirs = AgendaService(store).get("2026-05")  # what the sync brings: another item edited
    next(i for i in theirs.items if i.id == other.id).text = "Changed on the lead's laptop"
    AgendaService(store).save(theirs, rep_id=org.lead)
    state.ops.announce(Changes.everything(initiator=object()))

    assert view.current.id == mine.id and view.detail.currentIndex() == 2
    assert view.item_text.toPlainText() == typed
    assert view.item_text.textCursor().position() == 5
    assert view.item_text.hasFocus()
    tree = view.tree
    labels = [
        tree.topLevelItem(s).child(i).text(0)
        for s in range(tree.topLevelItemCount())
        for i in range(tree.topLevelItem(s).childCount())
    ]
    assert any(label.endswith(". Changed on the lead's laptop") for label in labels)
    assert view.save_now()
    saved = {i.id: i.text for i in AgendaService(store).get("2026-05").items}
    assert saved[mine.id] == typed.strip()
    assert saved[other.id] == "Changed on the lead's laptop"  # the sync's change is kept


def test_the_meeting_screen_keeps_scroll_and_editor_through_a_sync(qtbot, app_state, store, org):
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    view = shown(qtbot, MeetingView(app_state, meeting_id), size=(1000, 420))
    editors = list(view.answer_editors.values())
    last = editors[-1]
    last.edit.setFocus()
    qtbot.keyClicks(last.edit, "Hiring freeze")
    view.main_scroll.ensureWidgetVisible(last)
    scrolled = view.main_scroll.verticalScrollBar().value()
    assert scrolled > 0 and not view.followup_boxes and last.edit.hasFocus()
    create_followup(store, FollowUpSpec("Arrived by sync", manager_id=org.cs_manager))
    app_state.ops.announce(Changes.everything(initiator=object()))

    assert len(view.followup_boxes) == 1  # the side column shows what the sync brought
    assert view.main_scroll.verticalScrollBar().value() == scrolled
    assert last.edit.hasFocus() and last.text() == "Hiring freeze"
    assert last.edit.textCursor().position() == len("Hiring freeze")


def test_typing_right_after_enter_on_today_lands_in_the_first_answer(
    qtbot,
    demo_paths,  # noqa: F811
    data_key,
):
    window = shown(qtbot, MainWindow(AppState(open_store(demo_paths, data_key), demo_paths)))
    due = window.view("today").schedule.due
    qtbot.waitUntil(lambda: due.model.rowCount() > 0, timeout=5000)
    due.view.setCurrentIndex(due.model.index(0))
    due.view.setFocus()
    qtbot.keyClick(due.view, QtCore.Qt.Key.Key_Return)
    screen = window._meeting_view
    assert window.stack.currentWidget() is screen
    qtbot.keyClicks(QtWidgets.QApplication.focusWidget(), "Two hires")
    first = next(e for e in screen.answer_editors.values() if e.text())
    assert first.text() == "Two hires"
    earlier = list(screen.answer_editors.values())
    assert all(e.text() for e in earlier[: earlier.index(first)]), "the first unanswered"
    pool = QtCore.QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=20_000)
    window.close()


def test_a_reschedule_made_on_another_laptop_takes_the_words_along(qtbot, app_state, store, org):
    """A sync brings the move of the meeting being written in: the screen follows it to
    the new date, the answer typed (and the next words) are in the new meeting, and the
    cursor stays in the answer."""
    service = MeetingService(store)
    meeting_id = service.plan(org.cs_manager, date(2026, 5, 12))
    view = shown(qtbot, MeetingView(app_state, meeting_id))
    first = view.editors[0]
    first.edit.setFocus()
    qtbot.keyClicks(first.edit, "Two hires")
    assert first.flush()
    moved = service.reschedule(meeting_id, date(2026, 5, 19), "offsite")  # what sync brings,
    with store.transaction() as session:  # the other laptop never had this answer
        for note in session.scalars(select(Note).where(Note.meeting_id == moved)):
            note.meeting_id = meeting_id
    app_state.ops.announce(Changes.everything(initiator=object()))

    assert view.meeting_id == moved and "19 May" in view.status_pill.text()
    assert view.editors[0].edit.hasFocus()
    assert view.editors[0].edit.textCursor().position() == len("Two hires")
    qtbot.keyClicks(view.editors[0].edit, " in June")
    assert view.editors[0].flush()
    with store.session() as session:
        bodies = {n.meeting_id: n.body for n in session.scalars(select(Note))}
    assert bodies == {moved: "Two hires in June"}


def test_a_sync_that_brings_other_versions_of_the_answers(qtbot, app_state, store, org):
    """The rep's other laptop changed two answers: the one the rep is not in shows the
    new words at once; the one being typed in keeps the rep's words and says that both
    versions are kept (it said only "Saved", while the other words went to Team & Sync)."""
    from partnerdesk.core.notes import save_body

    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    view = shown(qtbot, MeetingView(app_state, meeting_id))
    done, typing = view.editors[0], view.editors[1]
    for editor, words in ((done, "Two hires"), (typing, "Budget ok")):
        editor.edit.setFocus()
        qtbot.keyClicks(editor.edit, words)
        assert editor.flush()
    save_body(store, done.note_id, "Two hires, one backfill")  # what the sync brings
    save_body(store, typing.note_id, "Budget cut")
    app_state.ops.announce(Changes.everything(initiator=object()))

    assert done.text() == "Two hires, one backfill"
    assert typing.text() == "Budget ok" and typing.edit.hasFocus()
    assert "both versions kept" in typing.status.text()
    qtbot.keyClicks(typing.edit, " in Q1")
    assert typing.flush()
    assert typing.status.text().startswith("Saved") and "both versions" in typing.status.text()
    with store.session() as session:
        note = session.get(Note, typing.note_id)
        assert (note.body, note.conflict_body) == ("Budget ok in Q1", "Budget cut")
