"""Start a month's agenda: which month, and whether to copy last month or the template."""

from __future__ import annotations

from datetime import date

from partnerdesk.ui.dialogs.buttons import dialog_buttons
from partnerdesk.ui.dialogs.once import used_once
from partnerdesk.ui.qt import QtCore, QtWidgets

STARTS = (
    ("previous", "Copy the latest earlier agenda (dates cleared)"),
    ("template", "Start from the template"),
    ("empty", "Start empty"),
)


class NewMonthDialog(QtWidgets.QDialog):
    """Pick the month and how to start it."""

    def __init__(self, suggested: date, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New month's agenda")
        self.month = QtWidgets.QDateEdit(QtCore.QDate(suggested.year, suggested.month, 1))
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setCalendarPopup(True)
        self.start = QtWidgets.QComboBox()
        for key, label in STARTS:
            self.start.addItem(label, key)
        buttons = dialog_buttons(self, "Create draft")
        form = QtWidgets.QFormLayout(self)
        form.addRow("Month", self.month)
        form.addRow("Start from", self.start)
        form.addRow(buttons)

    @classmethod
    def get_new_month(
        cls, parent: QtWidgets.QWidget | None, suggested: date
    ) -> tuple[tuple[str, str], bool]:
        """((YYYY-MM, start_from), accepted)."""
        dialog = cls(suggested, parent)
        with used_once(dialog) as ok:
            picked = dialog.month.date()
            month = f"{picked.year():04d}-{picked.month():02d}"
            return (month, dialog.start.currentData()), ok
