"""The follow-up dialog: what, who owns it and when it is due (with quick picks)."""

from __future__ import annotations

from datetime import date

from partnerdesk.core import clock, daytext
from partnerdesk.core.followups import DUE_PICKS, FollowUpSpec, due_from_pick
from partnerdesk.ui.dialogs.buttons import dialog_buttons
from partnerdesk.ui.dialogs.once import WordsDialog, used_once
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def _hint_label(text: str) -> QtWidgets.QLabel:
    """A calm, wrapped line above the form (e.g. why the text was not copied)."""
    label = QtWidgets.QLabel(text)
    label.setObjectName("emptyBody")
    label.setWordWrap(True)
    return label


class FollowUpDialog(WordsDialog):
    """Create (or edit) a follow-up; Enter accepts, Alt+1..3 pick a due date."""

    def __init__(
        self,
        state: AppState,
        *,
        spec: FollowUpSpec | None = None,
        manager_name: str = "",
        today: date | None = None,
        editing: bool = False,
        managers: list[tuple[str, str]] | None = None,
        hint: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit follow-up" if editing else "New follow-up")
        self.setMinimumWidth(640)
        self.state = state
        self.spec = spec or FollowUpSpec("")
        self.today = today or clock.today()
        self.pick_days: dict[str, date] = {}
        self.manager: QtWidgets.QComboBox | None = None
        if managers is not None:
            self.manager = QtWidgets.QComboBox()
            self.manager.addItem("No manager", None)
            for manager_id, name in managers:
                self.manager.addItem(name, manager_id)
            self.manager.setCurrentIndex(max(0, self.manager.findData(self.spec.manager_id)))
            self.manager.currentIndexChanged.connect(lambda _i: self._manager_changed())

        self.text = QtWidgets.QLineEdit(self.spec.text)
        self.text.setObjectName("followupTextInput")
        self.text.setPlaceholderText("What is to be done, e.g. send the career ladder doc")

        self.owner_me = QtWidgets.QRadioButton("&Me")
        self.owner_manager = QtWidgets.QRadioButton()
        self._show_manager(manager_name)
        self.owner_named = QtWidgets.QRadioButton("Someone &else:")
        self.owner_name = QtWidgets.QLineEdit(self.spec.owner_name)
        self.owner_name.setPlaceholderText("name, e.g. Payroll or Dana Lee")
        self.owner_name.textEdited.connect(lambda _t: self.owner_named.setChecked(True))
        {"me": self.owner_me, "manager": self.owner_manager, "named": self.owner_named}.get(
            self.spec.owner_kind, self.owner_me
        ).setChecked(True)
        owners = QtWidgets.QGridLayout()
        owners.setHorizontalSpacing(8)
        owners.addWidget(self.owner_me, 0, 0)
        owners.addWidget(self.owner_manager, 0, 1, 1, 2)
        owners.addWidget(self.owner_named, 1, 0)
        owners.addWidget(self.owner_name, 1, 1, 1, 2)

        self.due = QtWidgets.QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        self.no_date = QtWidgets.QCheckBox("No due date")
        self.no_date.toggled.connect(lambda off: self.due.setEnabled(not off))
        picks = QtWidgets.QHBoxLayout()
        picks.setSpacing(8)  # in a form with its own row spacing, a nested row gets none
        self.pick_buttons: dict[str, QtWidgets.QPushButton] = {}
        for index, (key, _label) in enumerate(DUE_PICKS, start=1):
            button = QtWidgets.QPushButton()
            button.setObjectName(f"pick-{key}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, k=key: self.set_due(self.pick_days[k]))
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(f"Alt+{index}"), self)
            shortcut.activated.connect(lambda k=key: self.set_due(self.pick_days[k]))
            picks.addWidget(button)
            self.pick_buttons[key] = button
        picks.addStretch(1)
        self._update_picks()
        due_row = QtWidgets.QHBoxLayout()
        due_row.setSpacing(12)
        due_row.addWidget(self.due)
        due_row.addWidget(self.no_date)
        due_row.addStretch(1)
        if self.spec.due_date is not None:
            self.set_due(self.spec.due_date)
        elif editing:
            self.set_due(None)
        else:
            self.set_due(self.pick_days["next_meeting"])

        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorText")
        self.error.hide()
        buttons = dialog_buttons(self, "Save follow-up")

        form = QtWidgets.QFormLayout(self)
        form.setVerticalSpacing(10)
        if hint:
            form.addRow(_hint_label(hint))
        form.addRow("Follow-up", self.text)
        if self.manager is not None:
            form.addRow("Manager", self.manager)
        form.addRow("Owner", owners)
        form.addRow("Due", picks)
        form.addRow("", due_row)
        form.addRow(self.error)
        form.addRow(buttons)
        self.text.setFocus()

    def _show_manager(self, name: str) -> None:
        self.owner_manager.setText(f"The ma&nager ({name})" if name else "The ma&nager")
        self.owner_manager.setEnabled(bool(self.spec.manager_id or name))
        if not self.owner_manager.isEnabled() and self.owner_manager.isChecked():
            self.owner_me.setChecked(True)

    def _update_picks(self) -> None:
        """Work out (again) what each quick pick means for the chosen manager."""
        for index, (key, label) in enumerate(DUE_PICKS, start=1):
            day = due_from_pick(self.state.store, key, self.spec.manager_id, self.today)
            self.pick_days[key] = day
            self.pick_buttons[key].setText(f"{label} · {_day(day)}")
            self.pick_buttons[key].setToolTip(f"Due {daytext.long_day(day)} (Alt+{index})")

    def _manager_changed(self) -> None:
        was_next = self.due.date().toPython() == self.pick_days["next_meeting"]
        self.spec.manager_id = self.manager.currentData()
        self._show_manager(self.manager.currentText() if self.spec.manager_id else "")
        self._update_picks()
        if was_next and not self.no_date.isChecked():
            self.set_due(self.pick_days["next_meeting"])

    def set_due(self, day: date | None) -> None:
        """Show ``day`` as the due date (None: no date)."""
        self.no_date.setChecked(day is None)
        if day is not None:
            self.due.setDate(QtCore.QDate(day))

    def value(self) -> FollowUpSpec:
        """The follow-up as entered."""
        if self.owner_named.isChecked():
            kind = "named"
        elif self.owner_manager.isChecked():
            kind = "manager"
        else:
            kind = "me"
        return FollowUpSpec(
            text=self.text.text().strip(),
            owner_kind=kind,
            owner_name=self.owner_name.text().strip() if kind == "named" else "",
            due_date=None if self.no_date.isChecked() else self.due.date().toPython(),
            manager_id=self.spec.manager_id,
            meeting_id=self.spec.meeting_id,
            note_id=self.spec.note_id,
            rep_id=self.spec.rep_id,
        )

    def accept(self) -> None:
        spec = self.value()
        if not spec.text:
            self._complain("Write what is to be done.")
            return
        if spec.owner_kind == "named" and not spec.owner_name:
            self._complain("Name the person who owns it, or pick Me or the manager.")
            return
        super().accept()

    def _complain(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def unfinished(self) -> str:
        text = self.text.text().strip()
        return f"Follow-up: {text}" if text and text != self.spec.text.strip() else ""

    @classmethod
    def get_followup(
        cls,
        parent: QtWidgets.QWidget | None,
        state: AppState,
        spec: FollowUpSpec | None = None,
        *,
        manager_name: str = "",
        today: date | None = None,
        editing: bool = False,
        managers: list[tuple[str, str]] | None = None,
        hint: str = "",
    ) -> tuple[FollowUpSpec, bool]:
        """Ask for a follow-up; returns (spec, accepted). With ``managers`` [(id, name)]
        the rep also picks the manager (outside a meeting); ``hint`` is shown above."""
        dialog = cls(
            state,
            spec=spec,
            manager_name=manager_name,
            today=today,
            editing=editing,
            managers=managers,
            hint=hint,
            parent=parent,
        )
        with used_once(dialog) as ok:
            return dialog.value(), ok
