"""Running slow work off the GUI thread: a runnable that reports back through signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from partnerdesk.ui.qt import QtCore

if TYPE_CHECKING:
    from concurrent.futures import Future


class TaskSignals(QtCore.QObject):
    """Carries a background task's result back to the GUI thread."""

    done = QtCore.Signal(object)
    failed = QtCore.Signal(object)


class Task(QtCore.QRunnable):
    """Runs one callable on the global thread pool."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, which shows it
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def in_thread(fn: Callable[[], Any]) -> Future:
    """Start ``fn`` on a thread of its own now (not the pool: tasks may wait for it);
    its result, or its exception, arrives in the returned future."""
    from concurrent.futures import Future  # not needed before the first paint

    future: Future = Future()

    def work() -> None:
        try:
            future.set_result(fn())
        except BaseException as exc:  # handed to whoever waits for the result
            future.set_exception(exc)

    threading.Thread(target=work, daemon=True).start()
    return future
