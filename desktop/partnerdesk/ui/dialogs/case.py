"""The case dialog: kind, manager, person (optional), owner, summary and due date."""

from __future__ import annotations

from datetime import timedelta

from partnerdesk.core.cases import CaseSpec, templates
from partnerdesk.core.clock import today
from partnerdesk.ui.qt import QtCore, QtWidgets


class CaseDialog(QtWidgets.QDialog):
    """Open a case (or turn a signal into one: then only the kind is asked)."""

    def __init__(
        self,
        spec: CaseSpec,
        *,
        managers: list[tuple[str, str]] | None = None,
        kind_only: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setWindowTitle("Make it a case" if kind_only else "New case")
        self.setMinimumWidth(460)
        self.kind = QtWidgets.QComboBox()
        for template in templates().values():
            self.kind.addItem(template.label, template.id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(spec.kind)))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form = QtWidgets.QFormLayout()
        form.addRow("&Kind", self.kind)
        self.manager = QtWidgets.QComboBox()
        self.manager.addItem("No manager", None)
        for manager_id, name in managers or []:
            self.manager.addItem(name, manager_id)
        self.manager.setCurrentIndex(max(0, self.manager.findData(spec.manager_id)))
        self.person = QtWidgets.QLineEdit(spec.person)
        self.person.setPlaceholderText("optional: leave blank to keep the person anonymous")
        self.owner = QtWidgets.QLineEdit(spec.owner)
        self.owner.setPlaceholderText("default: the manager's People Partner")
        self.summary = QtWidgets.QLineEdit(spec.summary)
        self.summary.setPlaceholderText("What the case is about, in a line")
        self.has_due = QtWidgets.QCheckBox("Due")
        self.due = QtWidgets.QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        due_row = QtWidgets.QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.has_due.toggled.connect(self.due.setEnabled)
        if not kind_only:
            form.addRow("&Manager", self.manager)
            form.addRow("&Person", self.person)
            form.addRow("&Owner", self.owner)
            form.addRow("&Summary", self.summary)
            form.addRow("", due_row)
        self._kind_changed()
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText("Open case")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _kind_changed(self) -> None:
        """The kind's usual due date (none for leave and return)."""
        days = templates()[self.kind.currentData()].due_days
        self.has_due.setChecked(bool(days))
        self.due.setEnabled(bool(days))
        self.due.setDate(QtCore.QDate(today() + timedelta(days=days or 30)))

    def result_spec(self) -> CaseSpec:
        spec = self.spec
        spec.kind = self.kind.currentData()
        spec.manager_id = self.manager.currentData()
        spec.person = self.person.text()
        spec.owner = self.owner.text()
        spec.summary = self.summary.text()
        spec.due_date = self.due.date().toPython() if self.has_due.isChecked() else None
        return spec

    @classmethod
    def get_case(
        cls,
        parent: QtWidgets.QWidget | None,
        spec: CaseSpec,
        *,
        managers: list[tuple[str, str]] | None = None,
        kind_only: bool = False,
    ) -> tuple[CaseSpec | None, bool]:
        dialog = cls(spec, managers=managers, kind_only=kind_only, parent=parent)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None, False
        return dialog.result_spec(), True
