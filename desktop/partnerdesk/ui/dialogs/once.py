"""Modal dialogs are used once and deleted: none keeps the words typed into it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from partnerdesk.ui.qt import QtWidgets


@contextmanager
def used_once(dialog: QtWidgets.QDialog) -> Iterator[bool]:
    """Run ``dialog`` modally; yields True when accepted. Read its answer inside the
    ``with``: the dialog is deleted after it (the next turn of the event loop)."""
    try:
        yield dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
    finally:
        dialog.hide()
        dialog.deleteLater()
