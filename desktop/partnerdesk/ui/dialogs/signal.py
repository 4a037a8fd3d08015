"""The signal dialog: kind, severity, an optional person, summary, tags and the checklist."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from partnerdesk.core import clock
from partnerdesk.core.signals import (
    CHECKLIST_ITEMS,
    KIND_LABELS,
    SEVERITY_LABELS,
    SignalSpec,
    default_checklist,
)
from partnerdesk.core.store.models import SIGNAL_KINDS
from partnerdesk.ui.dialogs.buttons import dialog_buttons
from partnerdesk.ui.dialogs.once import WordsDialog, used_once
from partnerdesk.ui.qt import QtCore, QtWidgets


class SignalDialog(WordsDialog):
    """Raise or edit a signal; for a signal already raised by a flag key it adds details."""

    def __init__(
        self,
        spec: SignalSpec,
        *,
        raised: bool = False,
        managers: list[tuple[str, str]] | None = None,
        hint: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.discarded = False
        self.setWindowTitle(f"{KIND_LABELS[spec.kind]} raised" if raised else "Signal")
        self.setMinimumWidth(500)

        self.kind = QtWidgets.QComboBox()
        for kind in SIGNAL_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.kind.setCurrentIndex(SIGNAL_KINDS.index(spec.kind))
        self.kind.currentIndexChanged.connect(self._show_checklist)

        self.severity = QtWidgets.QButtonGroup(self)
        severity_row = QtWidgets.QHBoxLayout()
        for level, label in SEVERITY_LABELS.items():
            button = QtWidgets.QRadioButton(f"&{level} {label}")
            button.setChecked(level == spec.severity)
            self.severity.addButton(button, level)
            severity_row.addWidget(button)
        severity_row.addStretch(1)

        self.manager: QtWidgets.QComboBox | None = None
        if managers is not None:
            self.manager = QtWidgets.QComboBox()
            self.manager.addItem("No manager", None)
            for manager_id, name in managers:
                self.manager.addItem(name, manager_id)
            self.manager.setCurrentIndex(max(0, self.manager.findData(spec.manager_id)))
        self.person = QtWidgets.QLineEdit(spec.person)
        self.person.setPlaceholderText("optional: leave blank to keep the person anonymous")
        self.summary = QtWidgets.QPlainTextEdit(spec.summary)
        self.summary.setObjectName("signalSummary")
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText("What was said, in a sentence or two")
        self.summary.setFixedHeight(80)
        self.tags = QtWidgets.QLineEdit(" ".join(f"#{t}" for t in spec.tags.split() if t))
        self.tags.setPlaceholderText("#product-knowledge #onboarding")

        self.checklist_box = QtWidgets.QGroupBox("Early intervention (get ahead of documentation)")
        checklist = QtWidgets.QVBoxLayout(self.checklist_box)
        self.checks: dict[str, QtWidgets.QCheckBox] = {}
        for key, label in CHECKLIST_ITEMS:
            box = QtWidgets.QCheckBox(label)
            box.setChecked(bool((spec.checklist or {}).get(key)))
            checklist.addWidget(box)
            self.checks[key] = box
        review_row = QtWidgets.QHBoxLayout()
        self.has_review = QtWidgets.QCheckBox("Review date")
        self.review = QtWidgets.QDateEdit(
            QtCore.QDate(spec.review_date or clock.today() + timedelta(days=30))
        )
        self.review.setCalendarPopup(True)
        self.review.setDisplayFormat("ddd d MMM yyyy")
        self.has_review.setChecked(spec.review_date is not None)
        self.review.setEnabled(spec.review_date is not None)
        self.has_review.toggled.connect(self.review.setEnabled)
        review_row.addWidget(self.has_review)
        review_row.addWidget(self.review)
        review_row.addStretch(1)
        checklist.addLayout(review_row)

        buttons = dialog_buttons(
            self,
            "Save details" if raised else "Save signal",
            cancel="Keep as is" if raised else "Cancel",
        )
        if raised:
            discard = buttons.addButton(
                "Discard signal", QtWidgets.QDialogButtonBox.ButtonRole.DestructiveRole
            )
            discard.clicked.connect(self._discard)

        form = QtWidgets.QFormLayout(self)
        form.setVerticalSpacing(10)
        lines = ["Saved already. Add details now or later (optional)."] if raised else []
        if hint:
            lines.append(hint)
        if lines:
            note = QtWidgets.QLabel("\n".join(lines))
            note.setObjectName("emptyBody")
            note.setWordWrap(True)
            form.addRow(note)
        if self.manager is not None:
            form.addRow("Manager", self.manager)
        form.addRow("Kind", self.kind)
        form.addRow("Severity", severity_row)
        form.addRow("Person", self.person)
        form.addRow("Summary", self.summary)
        form.addRow("Tags", self.tags)
        form.addRow(self.checklist_box)
        form.addRow(buttons)
        self._show_checklist()
        self.summary.selectAll()  # as the follow-up dialog: typing replaces the seeded line
        self.summary.setFocus()

    def _show_checklist(self) -> None:
        self.checklist_box.setVisible(self.kind.currentData() == "performance")
        self.adjustSize()

    def _discard(self) -> None:
        self.discarded = True
        self.reject()

    def value(self) -> SignalSpec:
        """The signal as entered."""
        kind = self.kind.currentData()
        checklist = default_checklist(kind)
        for key in checklist:
            checklist[key] = self.checks[key].isChecked()
        review = self.review.date().toPython() if self.has_review.isChecked() else None
        return replace(
            self.spec,
            manager_id=self.manager.currentData() if self.manager else self.spec.manager_id,
            kind=kind,
            severity=self.severity.checkedId() if self.severity.checkedId() > 0 else 2,
            person=self.person.text().strip(),
            summary=self.summary.toPlainText().strip(),
            tags=self.tags.text().strip(),
            checklist=checklist,
            review_date=review if kind == "performance" else None,
        )

    def unfinished(self) -> str:
        summary = self.summary.toPlainText().strip()
        if not summary or summary == self.spec.summary.strip():
            return ""
        return f"{self.kind.currentText()}: {summary}"

    @classmethod
    def get_signal(
        cls,
        parent: QtWidgets.QWidget | None,
        spec: SignalSpec,
        *,
        raised: bool = False,
        managers: list[tuple[str, str]] | None = None,
        hint: str = "",
    ) -> tuple[SignalSpec | None, bool]:
        """Ask for a signal: (spec, True) to save, (spec, False) to leave it, (None, False)
        when the rep discards a signal that a flag key had already raised. With
        ``managers`` [(id, name)] the rep also picks whose team it concerns; ``hint`` is
        shown above the form."""
        dialog = cls(spec, raised=raised, managers=managers, hint=hint, parent=parent)
        with used_once(dialog) as ok:
            if dialog.discarded:
                return None, False
            return dialog.value(), ok
