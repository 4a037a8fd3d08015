"""after_next_paint: queued work runs after the paint, not before it as a zero timer does."""

from __future__ import annotations

from partnerdesk.ui.after_paint import after_next_paint
from partnerdesk.ui.qt import QtCore, QtWidgets


class _Logged(QtWidgets.QWidget):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def paintEvent(self, event) -> None:
        self.log.append("paint")
        super().paintEvent(event)


def test_runs_after_the_first_paint_and_only_once(qtbot):
    log: list[str] = []
    widget = _Logged(log)
    qtbot.addWidget(widget)
    after_next_paint(widget, lambda: log.append("after"))
    QtCore.QTimer.singleShot(0, lambda: log.append("zero timer"))
    widget.show()
    qtbot.waitUntil(lambda: "after" in log)
    assert log.index("zero timer") < log.index("paint") < log.index("after")
    widget.update()
    qtbot.waitUntil(lambda: log.count("paint") >= 2)
    qtbot.wait(20)
    assert log.count("after") == 1


def test_a_widget_that_is_not_painted_runs_it_after_the_time_limit(qtbot):
    log: list[str] = []
    widget = _Logged(log)
    qtbot.addWidget(widget)  # never shown, so never painted
    after_next_paint(widget, lambda: log.append("after"), at_most_ms=50)
    qtbot.waitUntil(lambda: "after" in log, timeout=2000)
    assert "paint" not in log


def test_the_paint_and_the_time_limit_run_it_once(qtbot):
    log: list[str] = []
    widget = _Logged(log)
    qtbot.addWidget(widget)
    after_next_paint(widget, lambda: log.append("after"), at_most_ms=100)
    widget.show()
    qtbot.waitUntil(lambda: "after" in log)
    qtbot.wait(200)
    assert log.count("after") == 1
