"""Dialog buttons by role, with the intended default kept under every platform's order.

Qt orders a ``QDialogButtonBox`` the platform's way (GNOME puts action buttons first and
OK last). A default set on a button before its box belongs to the dialog is not known to
the dialog, so the first auto-default button that takes focus becomes the dialog's
default for good (on GNOME, Enter in the unlock field opened "Change passphrase…").
Here the box is built inside the dialog and its primary button made the dialog's default
at once; the focus then starts in the dialog's first field, not on a button (or in the
field the dialog chose), and Tab walks the dialog top to bottom, left to right.
"""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.tab_order import arrange

Role = QtWidgets.QDialogButtonBox.ButtonRole
Standard = QtWidgets.QDialogButtonBox.StandardButton


def dialog_buttons(
    dialog: QtWidgets.QDialog,
    primary: str | None,
    *,
    on_accept: Callable[[], None] | None = None,
    cancel: str = "Cancel",
) -> QtWidgets.QDialogButtonBox:
    """A button box inside ``dialog``: ``primary`` (the accept role, the default, running
    ``on_accept`` or accepting) and a cancel button; without ``primary`` only ``cancel``
    (a Close role: Esc and Enter both close)."""
    box = QtWidgets.QDialogButtonBox(dialog)
    _TabsOnShow(dialog)
    if primary is None:
        close = box.addButton(Standard.Close)
        close.setText(cancel)
        close.setDefault(True)
        box.rejected.connect(dialog.reject)
        return box
    ok = box.addButton(Standard.Ok)
    ok.setText(primary)
    box.addButton(Standard.Cancel).setText(cancel)
    ok.setDefault(True)  # the box is the dialog's already: the dialog keeps it as default
    box.accepted.connect(on_accept or dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def primary_button(box: QtWidgets.QDialogButtonBox) -> QtWidgets.QPushButton:
    """The box's primary (default) button."""
    return box.button(Standard.Ok) or box.button(Standard.Close)


class _TabsOnShow(QtCore.QObject):
    """When its dialog shows: Tab in reading order, from the field the dialog chose (the
    one it gave the focus) or else its first one, which gets the focus."""

    def __init__(self, dialog: QtWidgets.QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.dialog and event.type() == QtCore.QEvent.Type.Show:
            chosen = self.dialog.focusWidget()
            if isinstance(chosen, QtWidgets.QPushButton):
                chosen = None  # a button the dialog fell back on, not a chosen field
            order = [w for w in arrange(self.dialog, chosen) if w.isEnabled()]
            if order and chosen not in order:
                order[0].setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        return False
