"""Background sync for the GUI: on demand, every few minutes, and a status-bar sentence.

The main window and the Team & Sync view share one controller per app state
(:func:`controller_for`, kept as ``state.sync``), so a sync started from either place is
the same sync. Syncs run through ``state.ops.background`` (the registry of work in
flight, which lock and close stop between two transactions); status counts run on the
global thread pool, which is drained before the store closes. A sync that imported
changes announces :meth:`Changes.everything` with the controller as initiator.
"""

from __future__ import annotations

from partnerdesk.core.sync.runner import SyncReport, sync
from partnerdesk.core.sync.status import sync_status
from partnerdesk.core.sync.team import current_team
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.state import AppState

#: How often the background sync runs while a team is set up.
INTERVAL_MS = 5 * 60 * 1000
#: After an edit, how long to wait before recounting the changes waiting.
RECOUNT_DELAY_MS = 3000


class SyncController(QtCore.QObject):
    """Runs syncs off the GUI thread and says how sync stands in one sentence."""

    status_changed = QtCore.Signal(str)
    progress = QtCore.Signal(int, int, str)
    finished = QtCore.Signal(object)
    _counted = QtCore.Signal(str)

    def __init__(
        self,
        state: AppState,
        parent: QtCore.QObject | None = None,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self.status = ""
        self._counting = False
        self._count_again = False
        self._counted.connect(self._on_counted)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)
        self._recount = QtCore.QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_DELAY_MS)
        self._recount.timeout.connect(self.refresh_status)
        state.hub.changed.connect(self._on_changed)
        state.hub.locked_changed.connect(lambda _locked: self.refresh_status())

    def start(self) -> None:
        """Begin the periodic background sync and show the current status."""
        self.timer.start()
        self.refresh_status()

    def stop(self) -> None:
        self.timer.stop()
        self._recount.stop()

    def refresh_status(self) -> None:
        """Recount off the GUI thread (a network folder may hang) and announce the status."""
        store = self.state.store
        if store is None:
            self._announce("")
            return
        if self._counting:
            self._count_again = True
            return
        self._counting = True

        def count() -> None:
            try:
                text = sync_status(store).message
            except Exception as exc:  # the store closed under us, the folder vanished, ...
                text = f"Sync status unavailable: {exc}"
            self._counted.emit(text)

        QtCore.QThreadPool.globalInstance().start(count)

    def _on_counted(self, text: str) -> None:
        self._counting = False
        self._announce(text)
        if self._count_again:
            self._count_again = False
            self.refresh_status()

    def _announce(self, text: str) -> None:
        if text != self.status:
            self.status = text
            self.status_changed.emit(text)

    def sync_now(self) -> bool:
        """Start a sync off the GUI thread; False when locked, not in a team or already busy."""
        store = self.state.store
        if store is None or self.running or current_team(store) is None:
            self.refresh_status()
            return False
        self.running = True
        self.state.ops.background(
            lambda: sync(store, progress=self.progress.emit),
            on_done=self._done,
            on_error=self._failed,
            label="Syncing with the team…",
        )
        return True

    def _done(self, report: SyncReport) -> None:
        self.running = False
        self.refresh_status()
        if report.imported_changes or report.released:
            self.state.ops.announce(Changes.everything(initiator=self))
        self.finished.emit(report)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self._announce(f"Sync failed: {exc}")
        self.finished.emit(exc)

    def _on_changed(self, changes: Changes) -> None:
        if changes.initiator is not self and self.state.store is not None:
            self._recount.start()


def controller_for(state: AppState) -> SyncController:
    """The one sync controller of ``state``: a child of its hub, created on first use."""
    if state.sync is None:
        state.sync = SyncController(state, parent=state.hub)
    return state.sync
