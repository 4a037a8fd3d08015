"""Modal dialogs are used once and deleted: none keeps the words typed into it.

A lock closes every open dialog before the store closes; a :class:`WordsDialog` first
gives up what was typed into it and not saved yet, and the meeting it was opened from
keeps those words (``MeetingView.keep_unfinished``): a lock never loses a word.
"""

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


class WordsDialog(QtWidgets.QDialog):
    """A dialog a rep writes words into (a follow-up, a flag's details, an addendum)."""

    def unfinished(self) -> str:
        """What was typed and not saved yet, labelled ("Follow-up: …"); "" for nothing."""
        return ""
