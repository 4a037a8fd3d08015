"""Run something right after a widget's next paint (a zero timer would run before it)."""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.ui.qt import QtCore, QtWidgets


class _AfterPaint(QtCore.QObject):
    """A one-shot event filter: at the widget's next paint, queue ``fn`` and go away."""

    def __init__(self, widget: QtWidgets.QWidget, fn: Callable[[], None]) -> None:
        super().__init__(widget)
        self.fn = fn
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QtCore.QTimer.singleShot(0, self.fn)  # runs once this paint has been flushed
            self.deleteLater()
        return False


def after_next_paint(widget: QtWidgets.QWidget, fn: Callable[[], None]) -> None:
    """Call ``fn`` once ``widget`` has next been painted (it must be shown, or about to be)."""
    _AfterPaint(widget, fn)
