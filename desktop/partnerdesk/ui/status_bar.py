"""The main window's status bar: one line of message that ends in "…" (whole in its
tooltip) when the room is short, and quiet widgets that step aside while it shows."""

from __future__ import annotations

from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.widgets.elided import ElidedLabel


class StatusBar(QtWidgets.QStatusBar):
    """A status bar whose message never runs under the widgets on its right: it takes the
    room they leave, the widgets marked with ``give_way`` hide while it shows, and what
    still does not fit ends in "…" with the whole message as the tooltip."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = ElidedLabel("", "statusMessage")
        self.message_label.setMinimumWidth(0)
        self.message_label.setAccessibleName("Status message")
        self.addWidget(self.message_label, 1)
        self._giving_way: list[QtWidgets.QWidget] = []
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def give_way(self, widget: QtWidgets.QWidget) -> None:
        """Hide ``widget`` (a permanent one) while a message shows."""
        self._giving_way.append(widget)
        widget.setVisible(not self.currentMessage())

    def insert_first(self, widget: QtWidgets.QWidget) -> None:
        """Put a permanent widget first on the right, just after the message."""
        self.insertPermanentWidget(1, widget)  # index 0 is the message

    def showMessage(self, text: str, timeout: int = 0) -> None:
        """Show ``text`` (for ``timeout`` ms, or until the next message when 0)."""
        self._timer.stop()
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        for widget in self._giving_way:
            widget.setVisible(not text)
        if text and timeout > 0:
            self._timer.start(timeout)
        self.messageChanged.emit(text)

    def clearMessage(self) -> None:
        """Remove the message; the widgets that gave way come back."""
        self.showMessage("")

    def currentMessage(self) -> str:
        """The whole message shown (also when it shows cut with "…")."""
        return self.message_label.text()
