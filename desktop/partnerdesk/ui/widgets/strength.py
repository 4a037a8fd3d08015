"""A passphrase strength meter that follows a password field as the user types."""

from __future__ import annotations

from partnerdesk.core.strength import Strength, estimate
from partnerdesk.ui.qt import QtCore, QtWidgets


class StrengthMeter(QtWidgets.QWidget):
    """A bar (0-4) and one sentence: how strong the typed passphrase is, and what helps."""

    changed = QtCore.Signal()

    def __init__(self, field: QtWidgets.QLineEdit, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.strength: Strength = estimate("")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.bar = QtWidgets.QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        self.text.setObjectName("hintText")
        # Room for three lines from the start: the dialog does not jump or clip as one types.
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 3 + 4)
        self.text.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.bar)
        layout.addWidget(self.text)
        field.textChanged.connect(self._update)
        self._update(field.text())

    @property
    def ok(self) -> bool:
        """True when the typed passphrase is strong enough to be accepted."""
        return self.strength.ok

    def _update(self, text: str) -> None:
        self.strength = estimate(text)
        self.bar.setValue(self.strength.score if text else 0)
        if not text:
            self.text.setText("Several uncommon words make a strong passphrase.")
        else:
            self.text.setText(self.strength.describe())
        self.changed.emit()
