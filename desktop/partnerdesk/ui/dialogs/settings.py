"""Settings: note visibility default, autosave delay, backups, idle lock and themes."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from partnerdesk.core.notes import VISIBILITY_HELP, VISIBILITY_LABELS
from partnerdesk.core.settings import Settings
from partnerdesk.core.store.models import VISIBILITIES
from partnerdesk.paths import ProfilePaths
from partnerdesk.ui.dialogs.buttons import dialog_buttons
from partnerdesk.ui.dialogs.once import used_once
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.theme import APPEARANCES

#: How soon a note saves itself after the last keystroke: (milliseconds, what it says).
AUTOSAVE_CHOICES = (
    (300, "Almost at once"),
    (800, "After a short pause (recommended)"),
    (900, "After a pause of about a second"),
)


def _spin(low: int, high: int, value: int, suffix: str, step: int = 1) -> QtWidgets.QSpinBox:
    box = QtWidgets.QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(min(max(value, low), high))
    box.setSuffix(suffix)
    box.setMinimumWidth(140)
    return box


class SettingsDialog(QtWidgets.QDialog):
    """Edits a copy of the profile's Settings; the caller saves what comes back."""

    def __init__(
        self, settings: Settings, paths: ProfilePaths, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.paths = paths
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        layout = QtWidgets.QVBoxLayout(self)
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.visibility = QtWidgets.QComboBox()
        for value in VISIBILITIES:
            self.visibility.addItem(VISIBILITY_LABELS[value], value)
            index = self.visibility.count() - 1
            self.visibility.setItemData(
                index, VISIBILITY_HELP[value], QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.visibility.setCurrentIndex(
            max(self.visibility.findData(settings.default_visibility), 0)
        )
        self.visibility_help = QtWidgets.QLabel()
        self.visibility_help.setObjectName("emptyBody")
        self.visibility.currentIndexChanged.connect(self._show_visibility_help)
        self._show_visibility_help()

        self.appearance = QtWidgets.QComboBox()
        for value, label in APPEARANCES.items():
            self.appearance.addItem(label, value)
        self.appearance.setCurrentIndex(max(self.appearance.findData(settings.appearance), 0))
        self.appearance.setToolTip("Light, Dark, or whatever your desktop uses")
        self.autosave = QtWidgets.QComboBox()
        for millis, label in AUTOSAVE_CHOICES:
            self.autosave.addItem(label, millis)
        nearest = min(AUTOSAVE_CHOICES, key=lambda c: abs(c[0] - settings.autosave_ms))
        self.autosave.setCurrentIndex(self.autosave.findData(nearest[0]))
        self.autosave.setToolTip("Notes save themselves; this is how soon after you stop typing")
        self.backup_keep = _spin(1, 100, settings.backup_keep, " backups")
        self.backup_keep.setToolTip("How many automatic backups to keep in the backups folder")
        self.idle_lock = _spin(0, 480, settings.idle_lock_minutes, " minutes")
        self.idle_lock.setSpecialValueText("Never")
        self.idle_lock.setToolTip(
            "Lock after this many minutes without keyboard or mouse use: the key leaves "
            "memory and your passphrase is asked again"
        )
        self.theme_managers = _spin(2, 50, settings.recurring_theme_managers, " managers")
        self.theme_managers.setToolTip(
            "A #tag becomes a recurring theme when this many managers of one department raise it"
        )

        self.lifecycle_cases = QtWidgets.QCheckBox("Joiners and leavers open onboarding/exit cases")
        self.lifecycle_cases.setToolTip(
            "A roster import that finds joiners and leavers opens an onboarding or exit case "
            "for each, with its checklist"
        )
        self.lifecycle_cases.setChecked(settings.lifecycle_cases)

        self.folder = QtWidgets.QLineEdit(str(paths.root))
        self.folder.setReadOnly(True)
        self.folder.setToolTip(
            "Where this profile keeps its encrypted database, key file and backups"
        )
        self.open_folder_button = QtWidgets.QPushButton("Open folder")
        self.open_folder_button.clicked.connect(self.open_folder)
        folder_row = QtWidgets.QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder_button)

        form.addRow("Default note &visibility:", self.visibility)
        form.addRow("", self.visibility_help)
        form.addRow("A&ppearance:", self.appearance)
        form.addRow("&Save notes:", self.autosave)
        form.addRow("&Lock when idle for:", self.idle_lock)
        form.addRow("Recurring &theme from:", self.theme_managers)
        form.addRow("Backups to &keep:", self.backup_keep)
        form.addRow("Cases:", self.lifecycle_cases)
        form.addRow("Data folder:", folder_row)
        layout.addLayout(form)

        buttons = dialog_buttons(self, "Save settings")
        layout.addWidget(buttons)
        order = [
            self.visibility,
            self.appearance,
            self.autosave,
            self.idle_lock,
            self.theme_managers,
            self.backup_keep,
            self.lifecycle_cases,
            self.folder,
            self.open_folder_button,
            buttons,
        ]
        for first, second in pairwise(order):
            QtWidgets.QWidget.setTabOrder(first, second)
        self.visibility.setFocus()

    def _show_visibility_help(self) -> None:
        self.visibility_help.setText(VISIBILITY_HELP[self.visibility.currentData()])

    def open_folder(self) -> None:
        """Show the profile folder in the system's file manager."""
        url = QtCore.QUrl.fromLocalFile(str(self.paths.root))
        if not QtGui.QDesktopServices.openUrl(url):
            QtWidgets.QMessageBox.information(
                self, "Data folder", f"Your data is in:\n{self.paths.root}"
            )

    def value(self) -> Settings:
        """The settings as edited (a new object; the original is untouched)."""
        return replace(
            self.settings,
            default_visibility=self.visibility.currentData(),
            autosave_ms=self.autosave.currentData(),
            appearance=self.appearance.currentData(),
            backup_keep=self.backup_keep.value(),
            idle_lock_minutes=self.idle_lock.value(),
            recurring_theme_managers=self.theme_managers.value(),
            lifecycle_cases=self.lifecycle_cases.isChecked(),
        )

    @classmethod
    def get_settings(
        cls, parent: QtWidgets.QWidget | None, settings: Settings, paths: ProfilePaths
    ) -> tuple[Settings, bool]:
        """Run the dialog; returns the edited settings and whether the user pressed OK."""
        dialog = cls(settings, paths, parent)
        with used_once(dialog) as ok:
            return (dialog.value() if ok else settings), ok
