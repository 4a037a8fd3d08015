"""Idle lock: after N minutes without keyboard or mouse use, lock and ask for the key again."""

from __future__ import annotations

import time
from collections.abc import Callable

from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState

#: Events that count as the user being present.
ACTIVITY = frozenset(
    {
        QtCore.QEvent.Type.KeyPress,
        QtCore.QEvent.Type.MouseButtonPress,
        QtCore.QEvent.Type.MouseMove,
        QtCore.QEvent.Type.Wheel,
        QtCore.QEvent.Type.TouchBegin,
        QtCore.QEvent.Type.InputMethod,
    }
)


class IdleLock(QtCore.QObject):
    """An application event filter that notes the last input; after N idle minutes, lock.

    ``on_lock`` locks the app (the store is closed, so the key leaves memory, and the
    window's content is hidden); ``on_unlock`` then asks for the key again. The minutes
    come from ``state.settings.idle_lock_minutes`` (0 = never) and are re-read when the
    settings change.

    Input is sampled: each check (every few seconds, while unlocked) installs the filter,
    and the filter removes itself at the first input it sees.
    So the app's events do not all pass through Python, and the idle time is exact to
    within one check interval.
    """

    CHECK_MS = 5_000

    locked = QtCore.Signal()

    def __init__(
        self,
        state: AppState,
        on_lock: Callable[[], None],
        on_unlock: Callable[[], object] | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.on_lock = on_lock
        self.on_unlock = on_unlock
        self.last_activity = time.monotonic()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(self.CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._watching = False
        state.hub.locked_changed.connect(self._on_locked_changed)
        state.hub.changed.connect(self._on_changed)
        self.rearm()

    def limit_seconds(self) -> int:
        """Idle time before locking, in seconds (0 = never)."""
        return max(int(self.state.settings.idle_lock_minutes), 0) * 60

    def idle_seconds(self) -> float:
        """Seconds since the last keyboard, mouse or touch input."""
        return time.monotonic() - self.last_activity

    def rearm(self) -> None:
        """Count idle time from now (the check stops while locked or when idle lock is off)."""
        self.last_activity = time.monotonic()
        if self.limit_seconds() and self.state.store is not None:
            self.timer.start()  # its first check starts listening
        else:
            self.timer.stop()
            self._watch(False)

    def _watch(self, on: bool) -> None:
        """Install (or remove) the application event filter that notices input."""
        app = QtWidgets.QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)  # safe from inside eventFilter, too
        self._watching = on

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.monotonic()
            self._watch(False)  # seen: the next check listens again
        return False

    def check(self) -> None:
        """Lock when the user has been away longer than the limit; else listen again."""
        limit = self.limit_seconds()
        if limit and self.idle_seconds() >= limit:
            self.lock_now()
        else:
            self._watch(bool(limit))

    def lock_now(self) -> None:
        """Lock (if unlocked), then ask for the key again."""
        if self.state.store is None:
            return
        self.timer.stop()
        self._watch(False)
        self.on_lock()
        self.locked.emit()
        if self.on_unlock is not None:
            QtCore.QTimer.singleShot(0, self.on_unlock)

    def _on_locked_changed(self, is_locked: bool) -> None:
        if is_locked:
            self.timer.stop()
            self._watch(False)
        else:
            QtCore.QTimer.singleShot(0, self.rearm)

    def _on_changed(self, changes: Changes) -> None:
        if changes.settings:
            self.rearm()

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self.timer.stop()
        self._watch(False)
