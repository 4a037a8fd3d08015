"""Dialog buttons by role: the primary button stays the default under GNOME's order."""

from __future__ import annotations

from partnerdesk.ui.dialogs.buttons import Role, dialog_buttons, primary_button
from partnerdesk.ui.dialogs.meeting_actions import AddendumDialog
from partnerdesk.ui.qt import QtCore, QtWidgets


def test_enter_in_a_field_runs_the_primary_button(qtbot, gnome_buttons):
    dialog = QtWidgets.QDialog()
    qtbot.addWidget(dialog)
    field = QtWidgets.QLineEdit(dialog)
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(field)
    box = dialog_buttons(dialog, "Save")
    helper = box.addButton("Help me…", Role.ActionRole)
    layout.addWidget(box)
    field.setFocus()
    dialog.show()
    dialog.activateWindow()
    helper.setFocus()  # a focused side button is the default while it has the focus ...
    qtbot.waitUntil(helper.hasFocus)
    field.setFocus()  # ... and gives it back to the primary button when it loses it
    qtbot.waitUntil(field.hasFocus)
    assert primary_button(box).isDefault() and not helper.isDefault()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(field, QtCore.Qt.Key.Key_Return)


def test_meeting_dialogs_name_their_action(qtbot, gnome_buttons):
    dialog = AddendumDialog()
    qtbot.addWidget(dialog)
    box = dialog.findChild(QtWidgets.QDialogButtonBox)
    assert primary_button(box).isDefault()
    assert primary_button(box).text() == "Add addendum"
