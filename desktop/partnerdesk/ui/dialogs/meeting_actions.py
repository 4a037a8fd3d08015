"""Small dialogs of the meeting screen: reschedule, cancel with a reason, add an addendum."""

from __future__ import annotations

from datetime import date

from partnerdesk.ui.dialogs.buttons import dialog_buttons
from partnerdesk.ui.dialogs.once import WordsDialog, used_once
from partnerdesk.ui.qt import QtCore, QtWidgets


class RescheduleDialog(QtWidgets.QDialog):
    """Pick the new date and say why the meeting moves."""

    def __init__(self, current: date, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reschedule meeting")
        self.date_edit = QtWidgets.QDateEdit(QtCore.QDate(current).addDays(7))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText("e.g. manager at the customer offsite")
        hint = QtWidgets.QLabel(
            "Rescheduling is counted: twice in a quarter suggests re-evaluating the cadence."
        )
        hint.setWordWrap(True)
        hint.setObjectName("emptyBody")
        form = QtWidgets.QFormLayout(self)
        form.addRow("New date", self.date_edit)
        form.addRow("Reason", self.reason)
        form.addRow(hint)
        form.addRow(dialog_buttons(self, "Reschedule"))

    @classmethod
    def get_reschedule(
        cls, parent: QtWidgets.QWidget | None, current: date
    ) -> tuple[tuple[date, str], bool]:
        dialog = cls(current, parent)
        with used_once(dialog) as ok:
            return (dialog.date_edit.date().toPython(), dialog.reason.text().strip()), ok


class ReasonDialog(QtWidgets.QDialog):
    """Ask for a short reason (cancelling a meeting)."""

    def __init__(self, title: str, prompt: str, ok_text: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = QtWidgets.QLineEdit()
        form = QtWidgets.QFormLayout(self)
        form.addRow(prompt, self.reason)
        form.addRow(dialog_buttons(self, ok_text))

    @classmethod
    def get_reason(
        cls, parent: QtWidgets.QWidget | None, title: str, prompt: str, ok_text: str
    ) -> tuple[str, bool]:
        dialog = cls(title, prompt, ok_text, parent)
        with used_once(dialog) as ok:
            return dialog.reason.text().strip(), ok


class AddendumDialog(WordsDialog):
    """Write a dated addendum to a finalised meeting."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add addendum")
        self.resize(520, 260)
        note = QtWidgets.QLabel(
            "This meeting is finalised: its notes stay as they were. The addendum is kept "
            "with today's date."
        )
        note.setWordWrap(True)
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setPlaceholderText("What came up after the meeting…")
        self.text.setTabChangesFocus(True)  # Tab reaches "Add addendum" (Enter is a new line)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addWidget(dialog_buttons(self, "Add addendum"))

    def unfinished(self) -> str:
        text = self.text.toPlainText().strip()
        return f"Addendum: {text}" if text else ""

    @classmethod
    def get_text(cls, parent: QtWidgets.QWidget | None) -> tuple[str, bool]:
        dialog = cls(parent)
        with used_once(dialog) as ok:
            return dialog.text.toPlainText().strip(), ok
