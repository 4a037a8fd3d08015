"""Dialog buttons by role, with the intended default kept under every platform's order.

Qt orders a ``QDialogButtonBox`` the platform's way (GNOME puts action buttons first and
OK last). A default set on a button before its box belongs to the dialog is not known to
the dialog, so the first auto-default button that takes focus becomes the dialog's
default for good (on GNOME, Enter in the unlock field opened "Change passphrase…").
Here the box is built inside the dialog and its primary button made the dialog's default
at once; the focus then starts in the dialog's first field, not on a button.
"""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.ui.qt import QtWidgets

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
