"""The meeting screen, driven like a rep would: see the prefill, type, act, finalise."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.sharing import SHARE_NOW_KEY
from partnerdesk.core.store.models import FollowUp, LocalSetting, Meeting, Note, Signal
from partnerdesk.ui.dialogs.meeting_actions import AddendumDialog, ReasonDialog, RescheduleDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.meeting import HIDDEN_TEXT, MeetingView, PromptLink, budget_text
from tests.core.meetings.data import published_org

CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def org(store):
    return published_org(store)


@pytest.fixture
def meeting_id(store, org) -> str:
    service = MeetingService(store)
    april = service.plan(org.cs_manager, date(2026, 4, 14))
    with store.transaction() as session:
        session.add_all(
            [
                Note(meeting_id=april, manager_id=org.cs_manager, kind="free", body="Two on leave"),
                FollowUp(manager_id=org.cs_manager, meeting_id=april, text="Book product training"),
                Signal(
                    manager_id=org.cs_manager,
                    kind="flight_risk",
                    severity=3,
                    summary="CSM interviewing",
                    person="Priya Person",
                ),
            ]
        )
    service.hold(april)
    return service.plan(org.cs_manager, date(2026, 5, 12))


@pytest.fixture
def view(qtbot, app_state, meeting_id) -> MeetingView:
    widget = MeetingView(app_state, meeting_id)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _texts(widget: QtWidgets.QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QtWidgets.QLabel))


def _body(store, meeting_id: str, item_id: str) -> str | None:
    with store.session() as session:
        note = session.scalars(
            select(Note).where(Note.meeting_id == meeting_id, Note.agenda_item_id == item_id)
        ).first()
        return note.body if note else None


def test_opens_prefilled(view):
    shown = _texts(view)
    assert view.title.text() == "Priya Shah"
    subtitle = view.subtitle.text().replace("\u00a0", " ")
    assert "Customer Success" in subtitle and "with Terry Moss" in subtitle
    assert "Planned" in view.status_pill.text()
    assert "Last meeting" in shown and "Two on leave" in shown
    assert "Book product training" in shown  # carried follow-up (and agreed last time)
    assert "CSM interviewing" in shown
    assert "Product knowledge session with the Product team" in shown  # department item
    assert "Headcount plans" not in shown  # a VP-only item
    assert "15 min" in shown
    assert len(view.answer_editors) == 6
    assert view.action_buttons["start"].isVisible()
    assert not view.action_buttons["finalise"].isVisible()


def test_typed_answers_reach_the_store(qtbot, view, store, meeting_id):
    item_id, editor = next(iter(view.answer_editors.items()))
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "Slides were too long; keep Q&A")
    qtbot.waitUntil(lambda: _body(store, meeting_id, item_id) == "Slides were too long; keep Q&A")
    assert view.current_note() is editor


def test_prompt_click_puts_the_question_in_the_answer(qtbot, view):
    first = view.prefill.items[0]
    editor = view.answer_editors[first.item.id]
    link = editor.parent().findChild(PromptLink)
    qtbot.mouseClick(link, QtCore.Qt.MouseButton.LeftButton)
    assert editor.text().startswith(first.item.prompts[0])
    link.setFocus()
    qtbot.keyClick(link, QtCore.Qt.Key.Key_Return)
    assert editor.text().count(first.item.prompts[0]) == 2


def test_keyboard_moves_between_items(qtbot, view):
    editors = list(view.answer_editors.values())
    editors[0].edit.setFocus()
    qtbot.keyClick(editors[0].edit, QtCore.Qt.Key.Key_Down, QtCore.Qt.KeyboardModifier.AltModifier)
    assert view.current_note() is editors[1]


def test_start_hold_finalise_with_shortcuts_then_addendum(
    qtbot, view, store, meeting_id, monkeypatch
):
    item_id, editor = next(iter(view.answer_editors.items()))
    qtbot.keyClick(view, QtCore.Qt.Key.Key_S, CTRL_SHIFT)
    assert "In progress" in view.status_pill.text()
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "Keep it short")
    view.parking_input.setFocus()
    qtbot.keyClicks(view.parking_input, "Office move rumours")
    qtbot.keyClick(view.parking_input, QtCore.Qt.Key.Key_Return)
    assert "Office move rumours" in _texts(view)
    qtbot.keyClick(view, QtCore.Qt.Key.Key_D, CTRL_SHIFT)
    assert "Held" in view.status_pill.text()
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "question", lambda *a, **k: QtWidgets.QMessageBox.StandardButton.Yes
    )
    qtbot.keyClick(view, QtCore.Qt.Key.Key_L, CTRL_SHIFT)
    assert "Finalised" in view.status_pill.text()
    assert _body(store, meeting_id, item_id) == "Keep it short"
    locked = view.answer_editors[item_id]
    assert locked.edit.isReadOnly()
    assert not view.parking_input.isVisible()
    assert "Ctrl+Shift+P" not in view.shortcut_hint.text()  # no parking lot to type in
    assert view.action_buttons["addendum"].isVisible()

    monkeypatch.setattr(
        AddendumDialog, "get_text", classmethod(lambda cls, p: ("Slides fixed", True))
    )
    qtbot.keyClick(view, QtCore.Qt.Key.Key_A, CTRL_SHIFT)
    assert "Slides fixed" in _texts(view)
    with store.session() as session:
        kinds = sorted(
            n.kind for n in session.scalars(select(Note).where(Note.meeting_id == meeting_id))
        )
    assert kinds == ["addendum", "answer", "parking"]


def test_closing_a_followup_in_the_meeting(view, store, meeting_id):
    [box] = view.followup_boxes.values()
    box.setChecked(True)
    with store.session() as session:
        followup = session.scalars(select(FollowUp)).one()
    assert followup.status == "done" and followup.closed_meeting_id == meeting_id


def test_signals_are_followed_up_in_the_meeting(qtbot, view, store, meeting_id, monkeypatch):
    from partnerdesk.core.store.models import SignalUpdate

    answers = iter([("Two interviews this week", True), ("Counter-offer accepted", True)])
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a: next(answers)))
    update = view.findChild(QtWidgets.QToolButton, "signalUpdate")
    qtbot.mouseClick(update, QtCore.Qt.MouseButton.LeftButton)
    resolve = view.findChild(QtWidgets.QToolButton, "signalResolve")
    qtbot.mouseClick(resolve, QtCore.Qt.MouseButton.LeftButton)
    with store.session() as session:
        signal = session.scalars(select(Signal)).one()
        updates = session.scalars(select(SignalUpdate)).all()
    assert signal.status == "resolved"
    assert {u.text for u in updates} >= {"Two interviews this week"}
    assert all(u.meeting_id == meeting_id for u in updates)
    assert "CSM interviewing" not in _texts(view)  # no longer open


def test_reschedule_and_cancel(qtbot, view, store, monkeypatch, meeting_id):
    monkeypatch.setattr(
        RescheduleDialog,
        "get_reschedule",
        classmethod(lambda cls, p, d: ((date(2026, 5, 19), "offsite"), True)),
    )
    qtbot.keyClick(view, QtCore.Qt.Key.Key_R, CTRL_SHIFT)
    assert view.meeting_id != meeting_id
    assert "Tue 19 May 2026" in view.status_pill.text()
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a: ("sick", True)))
    qtbot.keyClick(view, QtCore.Qt.Key.Key_X, CTRL_SHIFT)
    assert "Cancelled (sick)" in view.status_pill.text()
    with store.session() as session:
        assert session.get(Meeting, meeting_id).status == "rescheduled"
    old = MeetingView(view.state, meeting_id)
    qtbot.addWidget(old)
    assert old.follow_move.isVisibleTo(old)
    old.open_moved()
    assert old.meeting_id == view.meeting_id


def test_a_refused_action_shows_why(view):
    view.service.hold(view.meeting_id)
    view.service.finalise(view.meeting_id)
    view.start()  # stale screen: the meeting was finalised elsewhere
    assert view.error.isVisible() and "finalised" in view.error.text()


def test_privacy_screen_hides_recap_and_signals(view, app_state):
    app_state.set_privacy(True)
    shown = _texts(view)
    assert "Two on leave" not in shown and "CSM interviewing" not in shown
    assert "Priya Person" not in shown and "Book product training" not in shown
    tips = "\n".join(label.toolTip() for label in view.findChildren(QtWidgets.QLabel))
    assert "Book product training" not in tips
    assert HIDDEN_TEXT in shown
    app_state.set_privacy(False)
    shown = _texts(view)
    assert "Two on leave" in shown and "Priya Person" in shown
    assert "Book product training" in shown


def test_escape_leaves_the_meeting(qtbot, view):
    with qtbot.waitSignal(view.closed, timeout=1000):
        qtbot.keyClick(view, QtCore.Qt.Key.Key_Escape)


def test_main_window_opens_the_meeting(main_window, meeting_id):
    view = main_window.open_meeting(meeting_id)
    assert main_window.stack.currentWidget() is view
    assert view.meeting_id == meeting_id
    view.close_meeting()
    assert main_window.stack.currentWidget() is not view


@pytest.mark.parametrize(
    ("minutes", "elapsed", "text"),
    [(10, 0, "10 min"), (10, 139, "7:41 left"), (10, 600, "0:00 left"), (5, 421, "2 min over")],
)
def test_budget_text_is_a_quiet_countdown(minutes, elapsed, text):
    assert budget_text(minutes, elapsed) == text


def test_section_budget_counts_down_only_while_in_progress(view):
    feedback = view._budgets["Feedback"]
    editor = next(iter(view.answer_editors.values()))
    editor.edit.setFocus()
    view._tick()
    assert feedback.elapsed == 0  # planned: no countdown yet
    view.start()
    editor.edit.setFocus()
    for _ in range(3):
        view._tick()
    assert feedback.elapsed == 3
    assert feedback.label.text() == "9:57 left"
    assert view._budgets["Reminders"].elapsed == 0


def test_section_time_is_kept_across_reopening_and_shown_once_held(view, meeting_id, store, org):
    view.start()
    next(iter(view.answer_editors.values())).edit.setFocus()
    for _ in range(90):
        view._tick()
    other = MeetingService(store).plan(org.cs_manager, date(2026, 6, 9))
    assert view.load(other)
    assert view.load(meeting_id)  # reopened: the time used carries on
    feedback = view._budgets["Feedback"]
    assert feedback.elapsed == 90 and feedback.label.text() == "8:30 left"
    view.hold()
    assert view._budgets["Feedback"].label.text() == "2 of 10 min used"


def test_without_a_published_agenda_there_are_still_notes(qtbot, app_state, store, org):
    june = MeetingService(store).plan(org.cs_manager, date(2026, 6, 9))
    widget = MeetingView(app_state, june)
    qtbot.addWidget(widget)
    assert "No published agenda for June 2026 yet" in _texts(widget)
    assert widget.answer_editors == {}
    [other] = widget.editors
    other.edit.setFocus()
    qtbot.keyClicks(other.edit, "Talked about the reorg")
    assert other.flush()
    with store.session() as session:
        note = session.scalars(select(Note).where(Note.meeting_id == june)).one()
    assert (note.kind, note.body) == ("free", "Talked about the reorg")


def test_a_missing_meeting_says_so(qtbot, app_state):
    widget = MeetingView(app_state, "no-such-meeting")
    qtbot.addWidget(widget)
    assert "no longer exists" in widget.error.text()
    assert not any(action.isEnabled() for action in widget.actions_by_name.values())


def test_share_now_is_one_key_and_the_chips_follow(qtbot, view, store):
    editor = view.editors[0]
    # an answer not written yet has nothing to share: no "not shared yet" beside it
    assert all(e.shared.isHidden() for e in view.editors)
    qtbot.keyClicks(editor.edit, "typed while the manager talks")
    assert editor.flush()
    assert editor.shared.text() == "not shared yet"
    assert view.actions_by_name["share"].isEnabled()
    qtbot.keyClick(
        view,
        QtCore.Qt.Key.Key_O,
        QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier,
    )
    with store.session() as session:
        assert session.get(LocalSetting, SHARE_NOW_KEY) is not None


def test_the_shortcut_hint_wraps_only_between_shortcuts(view):
    """However narrow the window, a line of the hint starts with a shortcut ("Alt+1…6:
    flag" broke after its "…", leaving "6: flag" on a line of its own)."""
    from partnerdesk.ui.qt import QtGui

    text = view.shortcut_hint.text()
    starts = {"Alt+Down", "Ctrl+Shift+P", "Ctrl+Shift+F", "Alt+1"}
    for width in range(60, 900, 7):
        layout = QtGui.QTextLayout(text, view.shortcut_hint.font())
        option = QtGui.QTextOption()
        option.setWrapMode(QtGui.QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        lines = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(text[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
        for shown in lines:
            assert any(shown.startswith(s) for s in starts), (width, lines)


def test_the_parking_placeholder_fits_the_narrowest_side_column(view):
    """At 150% on a 1280x720 screen the side column is at its minimum width: the
    placeholder is read whole ("Enter to park (C…" was cut)."""
    field = view.parking_input
    metric = field.style().pixelMetric
    room = (
        view.side_scroll.minimumWidth()
        - 16  # the side column's margins
        - metric(QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent)
        - 2 * metric(QtWidgets.QStyle.PixelMetric.PM_DefaultFrameWidth)
        - 8  # the line edit's text margins
    )
    assert field.fontMetrics().horizontalAdvance(field.placeholderText()) < room


@pytest.mark.parametrize("width", [672, 1100])
def test_the_shortcut_hint_is_never_cut(qtbot, view, width):
    """At 150% on a 1280x720 screen (a 672 px wide meeting screen) the hint beside the
    five buttons of a planned meeting was cut on every side; it goes below them when it
    does not fit beside them, and stays beside them on a wide screen."""
    view.resize(width, 434)
    qtbot.waitUntil(lambda: view.width() == width)
    QtWidgets.QApplication.processEvents()
    hint = view.shortcut_hint
    metrics = hint.fontMetrics()
    assert hint.width() >= max(metrics.horizontalAdvance(p) for p in hint.text().split("·"))
    assert hint.height() >= hint.heightForWidth(hint.width())
    assert hint.geometry().right() <= view.width()
    start = view.action_buttons["start"].geometry()
    beside = hint.geometry().top() < start.bottom()
    assert beside == (width == 1100)


def test_a_rescheduled_meeting_is_written_in_where_it_moved(qtbot, app_state, store, org):
    """Opened from the Meetings list, the old date of a rescheduled meeting takes no new
    words (they would sit in a meeting nobody opens again); it says where to write."""
    service = MeetingService(store)
    may = service.plan(org.cs_manager, date(2026, 5, 12))
    service.reschedule(may, date(2026, 5, 19), "offsite")
    old = MeetingView(app_state, may)
    qtbot.addWidget(old)
    assert old.follow_move.isVisibleTo(old)
    for editor in old.editors:
        assert editor.edit.isReadOnly()
        assert editor.status.text().startswith("Rescheduled: write in the meeting it moved to")
    qtbot.keyClicks(old.editors[0].edit, "Lost words")
    assert old.editors[0].text() == ""
