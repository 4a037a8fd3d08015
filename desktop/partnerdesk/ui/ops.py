"""The one path for every change the UI makes (after Anki's CollectionOp and QueryOp).

A view never writes to the store itself and never tells other views what to refresh:

- :meth:`Ops.change` runs one core service call on the GUI thread (a small transaction:
  the store's write gate puts it ahead of background work, which waits between its own
  small transactions, so it waits for one sync chunk at most, ~20 ms), then announces a
  :class:`Changes` value on ``hub.changed`` naming what changed and who changed it.
- :meth:`Ops.background` runs long work (sync, import, backup) on the thread pool and
  keeps it in a registry of work in flight.
- :meth:`Ops.wait` runs slow work a dialog waits for (unlock, first run, restore) on the
  thread pool behind a busy indicator, and hands back its result or shows why it failed.
- :meth:`Ops.read` runs a query on the GUI thread (a preview) with the same error path.
- A store error, or SQLite's "database is locked" and friends, becomes one sentence
  for the user (``core/store/messages.py``), shown one default way (a warning over the
  window, and ``hub.problem``) unless the caller shows it beside what failed (the
  meeting screen, a note editor: a rep who is typing is not interrupted by a dialog).
- :meth:`Ops.stop_background` (lock, close) stops background work between two
  transactions and waits for it before the store closes: nothing writes after the lock
  page shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from partnerdesk.core.store.errors import StoreError
from partnerdesk.core.store.messages import user_message
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.tasks import Task

if TYPE_CHECKING:
    from partnerdesk.core.store.engine import Store
    from partnerdesk.ui.state import AppState

log = logging.getLogger(__name__)

#: How long lock and close wait for background work to stop (it stops between two
#: transactions; a read hanging on a network folder is left behind, it can write nothing).
SHUTDOWN_WAIT_MS = 10_000


@dataclass(frozen=True)
class Changes:
    """What one operation changed, and who made it (views skip their own edits)."""

    notes: bool = False
    followups: bool = False
    signals: bool = False
    meetings: bool = False
    roster: bool = False
    agenda: bool = False
    settings: bool = False
    team: bool = False
    engagement: bool = False
    initiator: object | None = None

    @classmethod
    def everything(cls, initiator: object | None = None) -> Changes:
        """Everything may have changed (a sync that imported, a restore, an unlock)."""
        kinds = {f.name: True for f in fields(cls) if f.name != "initiator"}
        return cls(**kinds, initiator=initiator)

    def by(self, initiator: object) -> Changes:
        """The same changes, made by ``initiator``."""
        return replace(self, initiator=initiator)

    def touches(self, *kinds: str) -> bool:
        """True if any of ``kinds`` (field names) changed."""
        return any(getattr(self, kind) for kind in kinds)

    def any(self) -> bool:
        return self.touches(*(f.name for f in fields(self) if f.name != "initiator"))


class Ops(QtCore.QObject):
    """Runs the UI's changes and background work; one per app state (``state.ops``)."""

    def __init__(self, state: AppState) -> None:
        super().__init__(state.hub)
        self.state = state
        #: Background work in flight: task -> its label.
        self.in_flight: dict[Task, str] = {}

    # ----- changes -----------------------------------------------------------------------

    def change(
        self,
        fn: Callable[[Store], Any],
        changes: Changes,
        *,
        initiator: object | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> tuple[bool, Any]:
        """Run ``fn(store)`` now and announce ``changes`` made by ``initiator``.

        Returns ``(True, result)``, or ``(False, None)`` after showing why it failed
        (``on_error`` with the sentence, else the default presentation); then nothing
        was changed, and no change is announced."""
        ok, result = self.read(fn, on_error=on_error)
        if ok and changes.any():
            self.announce(changes.by(initiator) if initiator is not None else changes)
        return ok, result

    def read(
        self, fn: Callable[[Store], Any], *, on_error: Callable[[str], None] | None = None
    ) -> tuple[bool, Any]:
        """Run ``fn(store)`` now and announce nothing (a query, a preview): ``(True,
        result)``, or ``(False, None)`` after showing why it failed, as :meth:`change`."""
        store = self.state.store
        try:
            if store is None:
                raise StoreError("Partner Desk is locked: unlock it, then try again.")
            return True, fn(store)
        except Exception as exc:
            self._present(exc, on_error)
            return False, None

    def _present(self, exc: Exception, on_error: Callable[[str], None] | None) -> None:
        """Show a failed operation's one sentence (``on_error``, else the default way);
        re-raise what no sentence covers: a bug, for the excepthook."""
        store = self.state.store
        message = user_message(exc, store.path.parent if store is not None else None)
        if message is None:
            raise exc
        (on_error or self.show_problem)(message)

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed (they refresh what concerns them)."""
        self.state.hub.changed.emit(changes)

    def show_problem(self, message: str) -> None:
        """The default presentation of a failed operation: one sentence in a warning over
        the active window (and in the status bar, through ``hub.problem``)."""
        from partnerdesk import APP_NAME

        log.info("An operation failed (shown to the user)")
        self.state.hub.problem.emit(message)
        QtWidgets.QMessageBox.warning(QtWidgets.QApplication.activeWindow(), APP_NAME, message)

    # ----- background work ---------------------------------------------------------------

    def background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        label: str = "Working…",
    ) -> Task:
        """Run ``fn`` on the thread pool; the status bar shows ``label`` until it ends.

        Work stopped by a lock (the store refused its next transaction) ends quietly."""
        from partnerdesk.core.store.gate import StoreClosed

        task = Task(fn)
        self.in_flight[task] = label
        hub = self.state.hub

        def done(value: Any) -> None:
            self.in_flight.pop(task, None)
            hub.task_finished.emit(label)
            if on_done is not None:
                on_done(value)

        def failed(exc: Exception) -> None:
            self.in_flight.pop(task, None)
            hub.task_finished.emit(label)
            if isinstance(exc, StoreClosed):
                return
            message = user_message(exc) or str(exc) or type(exc).__name__
            hub.status_message.emit(f"{label.rstrip('…')} — failed: {message}")
            if on_error is not None:
                on_error(exc)

        task.signals.done.connect(done)
        task.signals.failed.connect(failed)
        hub.task_started.emit(label)
        QtCore.QThreadPool.globalInstance().start(task)
        return task

    def wait(
        self,
        fn: Callable[[], Any],
        label: str,
        *,
        parent: QtWidgets.QWidget | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> tuple[bool, Any]:
        """Run slow work that a dialog waits for (deriving a key, opening, restoring) on
        the thread pool, behind a busy indicator saying ``label``; the GUI keeps painting.

        Returns ``(True, result)``, or ``(False, None)`` after showing why it failed (as
        :meth:`change`: ``on_error`` with the sentence, else the default presentation)."""
        task = Task(fn)
        self.in_flight[task] = label
        hub = self.state.hub
        outcome: dict[str, Any] = {}
        loop = QtCore.QEventLoop()
        task.signals.done.connect(lambda value: (outcome.setdefault("value", value), loop.quit()))
        task.signals.failed.connect(lambda exc: (outcome.setdefault("error", exc), loop.quit()))
        progress = QtWidgets.QProgressDialog(label, "", 0, 0, parent)
        progress.setWindowTitle(label.rstrip("…"))
        progress.setCancelButton(None)
        progress.setWindowModality(QtCore.Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)
        progress.setMinimumWidth(320)
        hub.task_started.emit(label)
        progress.show()
        QtCore.QThreadPool.globalInstance().start(task)
        loop.exec()
        progress.close()
        progress.setParent(None)  # gone with its wrapper: no hidden child left behind

        self.in_flight.pop(task, None)
        hub.task_finished.emit(label)
        if "error" in outcome:
            self._present(outcome["error"], on_error)
            return False, None
        return True, outcome.get("value")

    def busy(self) -> list[str]:
        """The labels of the background work still running."""
        return list(self.in_flight.values())

    def stop_background(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Before the store closes (lock, quit): stop background work between two
        transactions and wait for it. The GUI thread may still save what is typed.

        True when all work ended in time (else it is left to end on its own: it can no
        longer write, the store's gate refuses it)."""
        store = self.state.store
        if store is not None:
            store.writes.close()  # the transaction running ends; no other one starts
        ended = QtCore.QThreadPool.globalInstance().waitForDone(wait_ms)
        if not ended:
            log.warning("Background work still running at lock: %s", ", ".join(self.busy()))
        return ended
