"""What every view shares: the open store, the profile, settings, the user, the signal hub."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from partnerdesk.core.settings import Settings
from partnerdesk.paths import ProfilePaths
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.tasks import Task

if TYPE_CHECKING:  # the store (and SQLAlchemy) load after the window has painted
    from partnerdesk.core.store.engine import Store


class Hub(QtCore.QObject):
    """The app's one signal hub, passed in (never a global)."""

    data_changed = QtCore.Signal(str)
    privacy_changed = QtCore.Signal(bool)
    locked_changed = QtCore.Signal(bool)
    status_message = QtCore.Signal(str)
    task_started = QtCore.Signal(str)
    task_finished = QtCore.Signal(str)


class AppState:
    """The unlocked app: store, paths, settings, the current rep and the hub."""

    def __init__(self, store: Store | None, paths: ProfilePaths, hub: Hub | None = None) -> None:
        self.store = store
        self.paths = paths
        self.settings = Settings.load(paths.settings_file)
        self.hub = hub or Hub()
        self.privacy = False
        self._tasks: set[Task] = set()
        self.me_rep_id: str | None = self.load_me() if store else None

    def load_me(self) -> str | None:
        """The current user's rep id, kept device-locally."""
        from partnerdesk.core.me import get_me

        me = get_me(self.store)
        return me.id if me else None

    def set_privacy(self, hidden: bool) -> None:
        """Hide (or show again) every note's text on screen."""
        self.privacy = hidden
        self.hub.privacy_changed.emit(hidden)

    def run_task(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        label: str = "Working…",
    ) -> None:
        """Run ``fn`` off the GUI thread; the status bar shows ``label`` until it ends."""
        task = Task(fn)
        self._tasks.add(task)

        def finish(callback, value, failed: bool = False) -> None:
            self._tasks.discard(task)
            self.hub.task_finished.emit(label)
            if failed:
                self.hub.status_message.emit(f"{label.rstrip('…')} — failed: {value}")
            if callback is not None:
                callback(value)

        task.signals.done.connect(lambda value: finish(on_done, value))
        task.signals.failed.connect(lambda exc: finish(on_error, exc, failed=True))
        self.hub.task_started.emit(label)
        QtCore.QThreadPool.globalInstance().start(task)
