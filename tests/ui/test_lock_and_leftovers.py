"""Lock stops background work before the store closes; an unexpected error is a calm dialog
that quotes no note; after a meeting is closed, or the app locked, no widget holds its text."""

from __future__ import annotations

import sys
import threading
import time
from datetime import date

import pytest
from sqlalchemy import event, func, select

from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.profile import open_store
from partnerdesk.core.store.models import Note
from partnerdesk.core.sync import importer
from partnerdesk.ui import crash
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.meeting_actions import ReasonDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.sync_controller import controller_for
from tests.core.meetings.data import published_org
from tests.core.sync.helpers import add_note, imported
from tests.sync_fixtures import make_store, shared, team_of

__all__ = ["make_store", "shared"]

MARKER = "zebra-crossing-7731"
NOTES = 120


def test_a_lock_during_a_slow_sync_writes_nothing_after_the_lock_page(
    qtbot, main_window, app_state, make_store, shared, profile_paths, data_key, monkeypatch
):
    a, b = app_state.store, make_store("b")
    team_of([a, b], shared)
    for n in range(NOTES):
        add_note(b, f"note {n}")
    from partnerdesk.core.sync.runner import sync

    sync(b)  # b's bundle waits in the shared folder
    chunks = []
    real_apply = importer.apply_records

    def throttled(*args, **kwargs):  # a slow share: 30 ms per chunk of 4 records
        time.sleep(0.03)
        chunks.append(threading.get_ident())
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(importer, "APPLY_CHUNK", 4)
    monkeypatch.setattr(importer, "apply_records", throttled)
    commits: list[float] = []
    event.listen(a.engine, "commit", lambda _conn: commits.append(time.monotonic()))
    locked_at: list[float] = []
    main_window.pages.currentChanged.connect(
        lambda _i: (
            locked_at.append(time.monotonic())
            if main_window.pages.currentWidget() is main_window.lock_page
            else None
        )
    )

    assert controller_for(app_state).sync_now()
    qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=10_000)
    main_window.lock()
    assert main_window.lock_label.text() == "Locked" and a.key is None
    QtCore.QThreadPool.globalInstance().waitForDone()
    assert locked_at and not [c for c in commits if c > locked_at[-1]]
    assert len(chunks) < NOTES // 4, "the sync was cut short between two chunks"

    reopened = open_store(profile_paths, data_key)
    try:
        with reopened.session() as session:
            applied = session.scalar(select(func.count()).select_from(Note))
        assert 0 < applied < NOTES
        assert imported(reopened) == [], "a bundle cut short is not marked imported"
    finally:
        reopened.close()


@pytest.fixture
def restore_hook():
    previous = sys.excepthook
    yield
    sys.excepthook = previous


def test_an_unexpected_error_is_a_calm_dialog_that_quotes_no_note(
    qtbot, main_window, profile_paths, restore_hook
):
    hook = crash.install(lambda: profile_paths.logs, lambda: main_window)

    def save_the_answer() -> None:
        raise ValueError(f"could not store {MARKER}")

    try:
        save_the_answer()
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    dialog = hook.dialog
    assert dialog is not None and dialog.isVisible()
    shown = " ".join(label.text() for label in dialog.findChildren(QtWidgets.QLabel))
    assert "keeps running" in shown and MARKER not in shown
    assert "ValueError" in dialog.report and "save_the_answer" in dialog.report
    assert MARKER not in dialog.report
    dialog.copy_details()
    assert QtWidgets.QApplication.clipboard().text() == dialog.report
    [log] = profile_paths.logs.glob("crash-*.log")
    assert "save_the_answer" in log.read_text("utf-8")
    assert MARKER not in log.read_text("utf-8")
    dialog.accept()
    qtbot.waitUntil(lambda: hook.dialog is None)
    assert main_window.state.store is not None  # the app goes on


def _text_holders(marker: str) -> list[str]:
    """Every QObject of the app whose string properties hold ``marker``."""
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    found = []
    app = QtWidgets.QApplication.instance()
    objects = set()
    for widget in app.allWidgets():
        objects.add(widget)
        objects.update(widget.findChildren(QtCore.QObject))
    for obj in objects:
        meta = obj.metaObject()
        for index in range(meta.propertyCount()):
            prop = meta.property(index)
            if prop.typeName() != "QString":
                continue
            value = prop.read(obj)
            if isinstance(value, str) and marker in value:
                found.append(f"{type(obj).__name__}.{prop.name()}")
        editable = isinstance(obj, QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit)
        if editable and marker in obj.toPlainText():
            found.append(f"{type(obj).__name__}.toPlainText")
    return found


def meeting_with_words(main_window, store):
    """A meeting open on the screen, the marker typed into its first answer: (meeting id,
    screen, editor)."""
    org = published_org(store)
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    screen = main_window.open_meeting(meeting_id)
    editor = next(iter(screen.answer_editors.values()))
    editor.edit.setFocus()
    editor.edit.insertPlainText(f"Two hires {MARKER}")
    return meeting_id, screen, editor


@pytest.mark.parametrize("leave", ["close", "lock"])
def test_no_widget_keeps_a_meetings_text(qtbot, main_window, app_state, store, monkeypatch, leave):
    _meeting, screen, _editor = meeting_with_words(main_window, store)

    def fill_followup(dialog):
        dialog.text.setText(f"Send the ladder {MARKER}")
        return QtWidgets.QDialog.DialogCode.Accepted

    def fill_signal(dialog):
        dialog.summary.setPlainText(f"Lead unhappy {MARKER}")
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(FollowUpDialog, "exec", fill_followup)
    monkeypatch.setattr(SignalDialog, "exec", fill_signal)
    monkeypatch.setattr(
        ReasonDialog, "exec", lambda d: d.reason.setText(MARKER) or QtWidgets.QDialog.Accepted
    )
    for _ in range(3):
        screen.meeting_keys.new_followup()
        screen.meeting_keys.flag("flight_risk")
    signal_id = next(iter(screen.prefill.signals)).id
    screen.update_signal(signal_id)
    assert _text_holders(MARKER), "the meeting shows its text while open"

    if leave == "close":
        main_window.close_meeting()
    else:
        main_window.lock()
    assert _text_holders(MARKER) == []


def test_a_lock_closes_an_open_dialog_and_the_search_panel(
    qtbot, main_window, store, profile_paths, data_key
):
    """The idle lock comes while a follow-up dialog holds typed words and the search
    panel lists notes: neither stays over the lock page, no widget keeps the words, and
    the words are kept in the meeting's parking lot (marked unfinished) before the store
    closes."""
    meeting_id, screen, editor = meeting_with_words(main_window, store)
    assert editor.flush()
    main_window.open_search()
    panel = main_window.search_panel
    panel.query.setText(MARKER)
    panel.run_search()
    assert panel.model.rowCount() == 1
    left_open: list[str] = []
    gone: list[bool] = []

    def type_then_lock() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, FollowUpDialog)
        dialog.destroyed.connect(lambda: gone.append(True))
        dialog.text.setText(f"Send the ladder {MARKER}")
        main_window.lock()
        QtCore.QTimer.singleShot(0, lambda: check(dialog))

    def check(dialog: QtWidgets.QDialog) -> None:
        if not gone and dialog.isVisible():  # it stays over the lock page: end it here
            left_open.append(dialog.windowTitle())
            dialog.reject()

    QtCore.QTimer.singleShot(0, type_then_lock)
    assert screen.meeting_keys.new_followup() is None
    assert left_open == []
    shown = [w for w in QtWidgets.QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [main_window]
    assert main_window.search_panel is None
    assert _text_holders(MARKER) == []
    reopened = open_store(profile_paths, data_key)
    try:
        parked = [n.body for n in MeetingService(reopened).prefill(meeting_id).parking]
    finally:
        reopened.close()
    assert parked == [f"Follow-up: Send the ladder {MARKER} (unfinished when Partner Desk locked)"]


def test_a_dialog_of_another_view_leaves_its_words_out_of_the_meeting(
    qtbot, main_window, store, profile_paths, data_key
):
    """A meeting stays loaded behind the Follow-ups view: a follow-up about someone else,
    typed there when the lock comes, is not filed in that meeting's parking lot."""
    org = published_org(store)
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    main_window.open_meeting(meeting_id)
    view = main_window.show_view("followups")
    typed: list[bool] = []

    def type_then_lock() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, FollowUpDialog)
        dialog.text.setText(f"Other manager talks of leaving {MARKER}")
        typed.append(True)
        main_window.lock()

    QtCore.QTimer.singleShot(0, type_then_lock)
    view.new_followup()
    assert typed and main_window.state.store is None
    reopened = open_store(profile_paths, data_key)
    try:
        assert MeetingService(reopened).prefill(meeting_id).parking == []
    finally:
        reopened.close()


def test_unlocking_comes_back_to_the_meeting_where_the_rep_was(
    qtbot, main_window, store, monkeypatch
):
    """Locked mid-meeting (Ctrl+L, or idle): the unlock brings back the meeting screen
    with the same answer focused, the cursor where it was and both scroll positions."""
    from partnerdesk.ui.dialogs.unlock import UnlockDialog
    from tests.conftest import TEST_PASSPHRASE

    org = published_org(store)
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    main_window.resize(1000, 500)
    screen = main_window.open_meeting(meeting_id)
    editor = list(screen.answer_editors.values())[2]
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "Two hires in March")
    cursor = editor.edit.textCursor()
    cursor.setPosition(4)
    editor.edit.setTextCursor(cursor)
    screen.main_scroll.ensureWidgetVisible(editor)
    scrolled = screen.main_scroll.verticalScrollBar().value()
    assert scrolled > 0
    main_window.lock()
    assert main_window.stack.currentWidget() is not screen or main_window.state.store is None

    def enter_passphrase(dialog):
        dialog.passphrase.setText(TEST_PASSPHRASE)
        dialog.try_unlock()
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnlockDialog, "exec", enter_passphrase)
    assert main_window.unlock()
    assert main_window.stack.currentWidget() is screen and screen.meeting_id == meeting_id
    back = list(screen.answer_editors.values())[2]
    assert back.text() == "Two hires in March" and main_window.focusWidget() is back.edit
    assert back.edit.textCursor().position() == 4
    assert screen.main_scroll.verticalScrollBar().value() == scrolled
