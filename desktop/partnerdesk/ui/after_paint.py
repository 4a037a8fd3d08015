"""Run something right after a widget's next paint (a zero timer would run before it)."""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.ui.qt import QtCore, QtWidgets


class _AfterPaint(QtCore.QObject):
    """A one-shot event filter: at the widget's next paint, queue ``fn`` and go away."""

    def __init__(self, widget: QtWidgets.QWidget, fn: Callable[[], None]) -> None:
        super().__init__(widget)
        self.fn: Callable[[], None] | None = fn
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            QtCore.QTimer.singleShot(0, self.run)  # runs once this paint has been flushed
        return False

    def run(self) -> None:
        """Call ``fn`` (once: the paint and the time limit may both come) and go away."""
        fn, self.fn = self.fn, None
        if fn is not None:
            self.parent().removeEventFilter(self)
            self.deleteLater()
            fn()


def after_next_paint(
    widget: QtWidgets.QWidget, fn: Callable[[], None], at_most_ms: int | None = None
) -> None:
    """Call ``fn`` once ``widget`` has next been painted (it must be shown, or about to be),
    or after ``at_most_ms`` if that comes first (a hidden window, or a widget whose
    children repaint but not itself)."""
    waiter = _AfterPaint(widget, fn)
    if at_most_ms is not None:
        QtCore.QTimer.singleShot(at_most_ms, waiter, waiter.run)
