"""The privacy screen (Ctrl+Shift+H) hides every confidential text on every view, and
turning it off shows it again."""

from __future__ import annotations

import html
import re

import pytest

from partnerdesk.core import clock
from partnerdesk.core.followups import FollowUpSpec, create_followup
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.notes import NoteDraft, create_note
from partnerdesk.core.signals import SignalSpec, add_update, raise_signal
from partnerdesk.ui.qt import QtCore, QtWidgets
from tests.core.notes.data import add_manager

CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
ROLES = (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole)
#: Confidential texts, one per place they are stored.
MARKERS = {
    "person": "Ahmed Fischer",
    "summary": "zqx wants to leave for a rival",
    "tag": "zqxtag",
    "update": "zqx update after the offsite",
    "followup": "zqx send the retention offer",
    "note": "zqx note about the reorganisation",
}


@pytest.fixture
def confidential(store):
    """A manager with a signal (person, summary, tag, update), a follow-up and a note in
    a meeting today (its id is returned)."""
    ana = add_manager(store, "Ana Ruiz", "Customer Success")
    meeting = MeetingService(store).plan(ana.id, clock.today())
    create_note(store, NoteDraft(meeting_id=meeting, visibility="exec"), MARKERS["note"])
    create_followup(store, FollowUpSpec(MARKERS["followup"], manager_id=ana.id))
    signal = raise_signal(
        store,
        SignalSpec(
            "flight_risk",
            person=MARKERS["person"],
            summary=MARKERS["summary"],
            tags=f"#{MARKERS['tag']}",
            manager_id=ana.id,
        ),
    )
    add_update(store, signal.id, MARKERS["update"])
    return meeting


def shown_text(root: QtWidgets.QWidget) -> str:
    """Every text a passer-by could read: visible labels, item views' cells and their
    tooltips, text boxes."""
    parts = [label.text() for label in root.findChildren(QtWidgets.QLabel) if label.isVisible()]
    for view in root.findChildren(QtWidgets.QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None:
            continue
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            while index.isValid():
                parts += [str(index.data(role) or "") for role in ROLES]
                index = index.siblingAtColumn(index.column() + 1)
    for kind in (QtWidgets.QTextEdit, QtWidgets.QPlainTextEdit):
        parts += [e.toPlainText() for e in root.findChildren(kind) if e.isVisible()]
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(parts)))  # rich text as read


def _leaks(root: QtWidgets.QWidget) -> list[str]:
    text = shown_text(root)
    return [name for name, marker in MARKERS.items() if marker in text]


def _toggle(qtbot, window) -> None:
    qtbot.keyClick(window, QtCore.Qt.Key.Key_H, CTRL_SHIFT)


@pytest.mark.parametrize(
    "key", ("today", "managers", "meetings", "followups", "signals", "agenda", "sync")
)
def test_privacy_screen_hides_each_view(qtbot, main_window, app_state, confidential, key):
    view = main_window.show_view(key)
    view.refresh()
    before = _leaks(main_window)
    _toggle(qtbot, main_window)
    assert app_state.privacy
    assert _leaks(main_window) == []
    _toggle(qtbot, main_window)
    assert not app_state.privacy
    assert _leaks(main_window) == before


def test_signals_view_shows_the_case_again_after_the_screen(qtbot, main_window, confidential):
    main_window.show_view("signals").refresh()
    shown = ["person", "summary", "tag", "update"]
    assert _leaks(main_window) == shown
    _toggle(qtbot, main_window)
    assert _leaks(main_window) == []
    _toggle(qtbot, main_window)
    assert _leaks(main_window) == shown


def test_privacy_screen_hides_the_meeting_screen(qtbot, main_window, confidential):
    main_window.open_meeting(confidential)
    assert _leaks(main_window) == ["person", "summary", "followup", "note"]
    _toggle(qtbot, main_window)
    assert _leaks(main_window) == []
    _toggle(qtbot, main_window)
    assert _leaks(main_window) == ["person", "summary", "followup", "note"]


def test_privacy_screen_covers_the_report_preview(qtbot, main_window, confidential):
    view = main_window.show_view("reports")
    with qtbot.waitSignal(view.preview_ready, timeout=10_000):
        view.refresh()
    assert _leaks(main_window) == ["note"]  # an exec note, quoted for leadership
    _toggle(qtbot, main_window)
    assert _leaks(main_window) == [] and view.cover.isVisible()
    _toggle(qtbot, main_window)
    assert _leaks(main_window) == ["note"]


def test_privacy_screen_hides_search_results(qtbot, main_window, confidential):
    qtbot.keyClick(main_window, QtCore.Qt.Key.Key_K, QtCore.Qt.KeyboardModifier.ControlModifier)
    panel = main_window.search_panel
    qtbot.keyClicks(panel.query, "zqx")
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 3)
    assert {"summary", "followup", "note"} <= set(_leaks(panel))
    app_state = main_window.state
    app_state.set_privacy(True)
    assert _leaks(panel) == []
    app_state.set_privacy(False)
    assert {"summary", "followup", "note"} <= set(_leaks(panel))


def test_keys_typed_behind_the_privacy_screen_reach_no_other_answer(qtbot, app_state, store):
    """The privacy screen turned on mid-sentence: what is typed next goes nowhere (no
    prompt link takes the focus and puts its question into another answer), and turning
    it off puts the cursor back in the answer."""
    from datetime import date

    from partnerdesk.ui.views.meeting import MeetingView
    from tests.core.meetings.data import published_org

    org = published_org(store)
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    view = MeetingView(app_state, meeting_id)
    qtbot.addWidget(view)
    view.resize(1300, 850)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is view)
    first, *others = view.editors
    first.edit.setFocus()
    qtbot.keyClicks(first.edit, "Two hires")
    app_state.set_privacy(True)
    qtbot.keyClicks(QtWidgets.QApplication.focusWidget(), " and a backfill")
    app_state.set_privacy(False)
    assert [e.text() for e in others] == [""] * len(others)
    assert first.text() == "Two hires" and first.edit.hasFocus()
