"""Dialogs start in their first field and Tab walks them top to bottom, left to right."""

from __future__ import annotations

import pytest

from partnerdesk.core.cases import CaseSpec
from partnerdesk.core.signals import SignalSpec
from partnerdesk.ui.dialogs.case import CaseDialog
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.rep import RepDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.tab_order import reading_order


def _dialogs(app_state):
    return {
        "follow-up": lambda: FollowUpDialog(app_state),
        "signal": lambda: SignalDialog(SignalSpec("training", summary="needs SQL")),
        "case": lambda: CaseDialog(CaseSpec("onboarding"), managers=[("m1", "Ana Ruiz")]),
        "rep": lambda: RepDialog(),
    }


@pytest.mark.parametrize("name", ["follow-up", "signal", "case", "rep"])
def test_a_dialog_starts_in_its_first_field_and_reads_down(qtbot, app_state, name):
    dialog = _dialogs(app_state)[name]()
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    order = [w for w in reading_order(dialog) if w.isEnabled()]
    focus = QtWidgets.QApplication.focusWidget()
    # the first field, or the one the dialog chose (a flagged signal: its summary)
    assert focus is (dialog.summary if name == "signal" else order[0]), name
    start = order.index(focus)
    stops = _stops(order[start:] + order[:start])
    walked = [focus]
    for _ in stops[1:]:
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), QtCore.Qt.Key.Key_Tab)
        focus = QtWidgets.QApplication.focusWidget()
        while focus is walked[-1]:  # a date edit: Tab moves through its parts first
            qtbot.keyClick(focus, QtCore.Qt.Key.Key_Tab)
            focus = QtWidgets.QApplication.focusWidget()
        walked.append(focus)
    assert _stops(walked) == stops


def _stops(widgets: list[QtWidgets.QWidget]) -> list[int]:
    """Where Tab stops: each control, and each group of radio buttons once (Tab enters
    the group at one of them, the arrow keys move within it)."""
    stops: list[int] = []
    for widget in widgets:
        if isinstance(widget, QtWidgets.QRadioButton):
            stop = id(widget.group() or widget.parentWidget())
        else:
            stop = id(widget)
        if not stops or stops[-1] != stop:
            stops.append(stop)
    return stops


def test_an_addendum_is_added_from_the_keyboard(qtbot):
    """Enter is a new line in the addendum; Tab leaves it for the buttons (no tab typed)."""
    from partnerdesk.ui.dialogs.buttons import primary_button
    from partnerdesk.ui.dialogs.meeting_actions import AddendumDialog

    dialog = AddendumDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, "Late addition")
    add = primary_button(dialog.findChild(QtWidgets.QDialogButtonBox))
    for _ in range(3):
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), QtCore.Qt.Key.Key_Tab)
        if QtWidgets.QApplication.focusWidget() is add:
            break
    assert dialog.text.toPlainText() == "Late addition"
    assert QtWidgets.QApplication.focusWidget() is add
    qtbot.keyClick(add, QtCore.Qt.Key.Key_Return)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
