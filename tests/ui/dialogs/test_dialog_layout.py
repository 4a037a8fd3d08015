"""Dialog layout: big dialogs fit their screen (on 1280x720 at 150% the screen has
853x480 logical pixels: a dialog asking for 1040x620 would run off it), the assignment
dialog says why there is nothing to move instead of showing an empty table, and the
follow-up dialog's due-date buttons keep a gap between them."""

from __future__ import annotations

import itertools

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.ui import geometry
from partnerdesk.ui.dialogs.assign import AssignmentDialog
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.roster_import import RosterImportDialog
from partnerdesk.ui.dialogs.shortcuts import ShortcutsDialog
from partnerdesk.ui.qt import QtWidgets


@pytest.mark.parametrize("make", [AssignmentDialog, RosterImportDialog])
def test_big_dialogs_fit_the_screen(qtbot, app_state, make):
    dialog = make(app_state)
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() - geometry.DIALOG_FRAME[0]
    assert dialog.height() <= room.height() - geometry.DIALOG_FRAME[1]


def test_a_dialog_keeps_its_preferred_size_where_there_is_room(qtbot, main_window):
    dialog = ShortcutsDialog(main_window)
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() == min(640, room.width() - geometry.DIALOG_FRAME[0])
    widget = QtWidgets.QDialog()
    qtbot.addWidget(widget)
    geometry.sized_for_screen(widget, 300, 200)
    assert (widget.width(), widget.height()) == (300, 200)


def test_nothing_to_move_says_so_instead_of_an_empty_table(qtbot, app_state, store):
    load_demo(store)  # the demo company already follows the blended strategy
    dialog = AssignmentDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 0
    assert dialog.moves.currentWidget() is dialog.no_moves and dialog.no_moves.isVisible()
    assert not dialog.table.isVisible() and not dialog.apply_button.isEnabled()


def test_the_due_date_buttons_keep_a_gap(qtbot, app_state):
    dialog = FollowUpDialog(app_state, manager_name="Ana Russo")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = sorted(dialog.pick_buttons.values(), key=lambda b: b.x())
    for left, right in itertools.pairwise(buttons):
        assert right.x() - left.geometry().right() > 6
    assert dialog.no_date.x() - dialog.due.geometry().right() > 6
    assert all(b.width() >= b.sizeHint().width() for b in buttons)
