"""Meeting keys: Ctrl+Shift+F makes a follow-up, Alt+1..6 raise signals at once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from partnerdesk.core import clock
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.signals import timeline
from partnerdesk.core.store.models import FollowUp, Signal, SignalUpdate
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.meeting_shortcuts import PRIVATE_HINT
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.meeting import MeetingView
from tests.core.meetings.data import make_org, publish_may

ACCEPTED = QtWidgets.QDialog.DialogCode.Accepted
REJECTED = QtWidgets.QDialog.DialogCode.Rejected
CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
ALT = QtCore.Qt.KeyboardModifier.AltModifier


@pytest.fixture
def view(qtbot, app_state, store):
    org = make_org(store)
    publish_may(store, org)
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    widget = MeetingView(app_state, meeting_id)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is widget)
    editor = next(iter(widget.answer_editors.values()))
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "They need the career ladder doc")
    widget.org = org
    return widget


def _rows(store, model):
    with store.session() as session:
        return list(session.scalars(select(model).where(model.deleted.is_(False))))


def test_shortcut_creates_a_followup_from_the_note_line(qtbot, view, store, monkeypatch):
    seen = {}

    def fake_exec(dialog):
        seen["text"] = dialog.text.text()
        dialog.owner_manager.setChecked(True)
        dialog.pick_buttons["one_week"].click()
        return ACCEPTED

    monkeypatch.setattr(FollowUpDialog, "exec", fake_exec)
    editor = view.current_note()
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_F, CTRL_SHIFT)
    (followup,) = _rows(store, FollowUp)
    assert seen["text"] == "They need the career ladder doc"
    assert (followup.text, followup.owner_kind) == ("They need the career ladder doc", "manager")
    assert (followup.meeting_id, followup.manager_id) == (view.meeting_id, view.org.cs_manager)
    assert followup.note_id == editor.note_id is not None
    assert followup.due_date is not None and followup.due_date > clock.today()


def test_cancelled_followup_dialog_stores_nothing(qtbot, view, store, monkeypatch):
    monkeypatch.setattr(FollowUpDialog, "exec", lambda _d: REJECTED)
    qtbot.keyClick(view.current_note().edit, QtCore.Qt.Key.Key_F, CTRL_SHIFT)
    assert _rows(store, FollowUp) == []


def test_one_key_raises_a_flight_risk_signal(qtbot, view, store, monkeypatch):
    monkeypatch.setattr(SignalDialog, "exec", lambda _d: REJECTED)  # "Keep as is"
    qtbot.keyClick(view.current_note().edit, QtCore.Qt.Key.Key_1, ALT)
    (signal,) = _rows(store, Signal)
    assert (signal.kind, signal.meeting_id, signal.manager_id) == (
        "flight_risk",
        view.meeting_id,
        view.org.cs_manager,
    )
    assert signal.summary == "They need the career ladder doc" and signal.person == ""
    assert [u.status for u in timeline(store, signal.id)] == ["open"]


def test_flag_details_and_discard(qtbot, view, store, monkeypatch):
    def add_details(dialog):
        dialog.person.setText("Sam K.")
        dialog.severity.button(3).setChecked(True)
        dialog.checks["expectations_set"].setChecked(True)
        return ACCEPTED

    monkeypatch.setattr(SignalDialog, "exec", add_details)
    qtbot.keyClick(view.current_note().edit, QtCore.Qt.Key.Key_2, ALT)
    (signal,) = _rows(store, Signal)
    assert (signal.kind, signal.person, signal.severity) == ("performance", "Sam K.", 3)
    assert signal.checklist["expectations_set"] is True

    def discard(dialog):
        box = dialog.findChild(QtWidgets.QDialogButtonBox)
        next(b for b in box.buttons() if b.text() == "Discard signal").click()
        return REJECTED

    monkeypatch.setattr(SignalDialog, "exec", discard)
    qtbot.keyClick(view.current_note().edit, QtCore.Qt.Key.Key_5, ALT)
    assert [s.kind for s in _rows(store, Signal)] == ["performance"]


def test_private_note_text_never_reaches_followups_or_signals(qtbot, view, store, monkeypatch):
    marker = "PRIVATE-MARKER-7731"
    editor = view.current_note()
    editor.set_visibility("private")
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, f"Thinks about leaving {marker}")
    hints = []

    def followup_exec(dialog):
        hints.extend(label.text() for label in dialog.findChildren(QtWidgets.QLabel))
        assert dialog.text.text() == ""
        dialog.text.setText("Check in on workload")
        return ACCEPTED

    def signal_exec(dialog):
        hints.extend(label.text() for label in dialog.findChildren(QtWidgets.QLabel))
        assert dialog.summary.toPlainText() == ""
        return ACCEPTED  # saved with the summary left blank

    monkeypatch.setattr(FollowUpDialog, "exec", followup_exec)
    monkeypatch.setattr(SignalDialog, "exec", signal_exec)
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_1, ALT)
    monkeypatch.setattr(SignalDialog, "exec", lambda _d: REJECTED)  # "Keep as is"
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_3, ALT)

    assert sum(PRIVATE_HINT in text for text in hints) == 2
    (followup,) = _rows(store, FollowUp)
    assert followup.text == "Check in on workload"
    signals = _rows(store, Signal)
    assert sorted(s.summary for s in signals) == ["Flight risk", "Training need"]
    stored = [followup.text] + [f"{s.summary} {s.person} {s.tags}" for s in signals]
    stored += [u.text for u in _rows(store, SignalUpdate)]
    assert len(stored) == 5 and not any(marker in text for text in stored)


def test_team_note_text_is_still_copied(qtbot, view, store, monkeypatch):
    editor = view.current_note()
    editor.set_visibility("exec")
    monkeypatch.setattr(SignalDialog, "exec", lambda _d: REJECTED)
    qtbot.keyClick(editor.edit, QtCore.Qt.Key.Key_4, ALT)
    (signal,) = _rows(store, Signal)
    assert signal.summary == "They need the career ladder doc"


def test_status_message_keeps_the_followup_text_behind_the_privacy_screen(
    qtbot, view, app_state, monkeypatch
):
    messages = []
    app_state.hub.status_message.connect(messages.append)
    monkeypatch.setattr(FollowUpDialog, "exec", lambda _d: ACCEPTED)
    app_state.set_privacy(True)
    qtbot.keyClick(view, QtCore.Qt.Key.Key_F, CTRL_SHIFT)
    app_state.set_privacy(False)
    qtbot.keyClick(view, QtCore.Qt.Key.Key_F, CTRL_SHIFT)
    assert messages == [
        "Follow-up added",
        "Follow-up added: They need the career ladder doc",
    ]
