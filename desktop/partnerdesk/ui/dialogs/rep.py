"""The rep dialog: a People Partner's name, email, capacity, time zone, region, lead role."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from partnerdesk.core.reps import RepInfo
from partnerdesk.ui.dialogs.buttons import dialog_buttons, primary_button
from partnerdesk.ui.dialogs.once import used_once
from partnerdesk.ui.qt import QtCore, QtWidgets

COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
)


@dataclass(frozen=True)
class RepSpec:
    """What the dialog returns: the fields of a rep."""

    name: str
    email: str
    capacity: float
    timezone: str
    region: str
    is_lead: bool
    active: bool = True


class RepDialog(QtWidgets.QDialog):
    """Add or edit a rep; capacity is their share of full time for manager support."""

    def __init__(self, rep: RepInfo | None = None, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Edit rep" if rep else "Add rep")
        self.setMinimumWidth(440)
        self.name = QtWidgets.QLineEdit(rep.name if rep else "")
        self.name.setObjectName("repName")
        self.email = QtWidgets.QLineEdit(rep.email if rep else "")
        self.email.setObjectName("repEmail")
        self.email.setPlaceholderText("name@company.com")
        self.capacity = QtWidgets.QSpinBox()
        self.capacity.setObjectName("repCapacity")
        self.capacity.setRange(5, 100)
        self.capacity.setSingleStep(5)
        self.capacity.setSuffix(" %")
        self.capacity.setValue(round((rep.capacity if rep else 1.0) * 100))
        self.capacity.setToolTip("Share of full time: 80% for four days a week")
        self.timezone = QtWidgets.QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(COMMON_ZONES)
        completer = QtWidgets.QCompleter(sorted(available_timezones()), self.timezone)
        completer.setCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.timezone.setCompleter(completer)
        self.timezone.setCurrentText(rep.timezone if rep else "UTC")
        self.region = QtWidgets.QLineEdit(rep.region if rep else "")
        self.region.setPlaceholderText("e.g. EMEA, US East, APAC")
        self.lead = QtWidgets.QCheckBox("HR lead / VP (supports the senior tiers)")
        self.lead.setChecked(bool(rep and rep.is_lead))
        self.active = QtWidgets.QCheckBox("Active (supports managers)")
        self.active.setChecked(rep.active if rep else True)
        self.active.setVisible(rep is not None)
        form = QtWidgets.QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Email", self.email)
        form.addRow("&Capacity", self.capacity)
        form.addRow("&Time zone", self.timezone)
        form.addRow("&Region", self.region)
        form.addRow("", self.lead)
        form.addRow("", self.active)
        buttons = dialog_buttons(self, "Save")
        self.ok_button = primary_button(buttons)
        self.name.textChanged.connect(self._check)
        self.email.textChanged.connect(self._check)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._check()

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.name.text().strip()) and "@" in self.email.text())

    def spec(self) -> RepSpec:
        return RepSpec(
            name=self.name.text().strip(),
            email=self.email.text().strip(),
            capacity=self.capacity.value() / 100,
            timezone=self.timezone.currentText().strip() or "UTC",
            region=self.region.text().strip(),
            is_lead=self.lead.isChecked(),
            active=self.active.isChecked(),
        )

    @classmethod
    def get_rep(
        cls, parent: QtWidgets.QWidget | None, rep: RepInfo | None = None
    ) -> tuple[RepSpec | None, bool]:
        """Run the dialog; returns the entered fields and whether the user pressed OK."""
        dialog = cls(rep, parent)
        with used_once(dialog) as ok:
            return (dialog.spec() if ok else None), ok
