"""What every view shares: the open store, the profile, settings, the user, the signal hub
and the operations that change the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerdesk.core.settings import Settings
from partnerdesk.paths import ProfilePaths
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.ops import Ops
from partnerdesk.ui.qt import QtCore

if TYPE_CHECKING:  # the store (and SQLAlchemy) load after the window has painted
    from partnerdesk.core.store.engine import Store
    from partnerdesk.ui.sync_controller import SyncController


class Hub(QtCore.QObject):
    """The app's one signal hub, passed in (never a global)."""

    #: A :class:`partnerdesk.ui.ops.Changes`: what an operation changed, and who made it.
    changed = QtCore.Signal(object)
    #: A :class:`partnerdesk.ui.navigation.Navigate`, handled by the main window.
    navigate = QtCore.Signal(object)
    #: One sentence about an operation that failed (the default presentation).
    problem = QtCore.Signal(str)
    privacy_changed = QtCore.Signal(bool)
    locked_changed = QtCore.Signal(bool)
    status_message = QtCore.Signal(str)
    task_started = QtCore.Signal(str)
    task_finished = QtCore.Signal(str)


class AppState:
    """The unlocked app: store, paths, settings, the current rep, the hub and its ops."""

    def __init__(self, store: Store | None, paths: ProfilePaths, hub: Hub | None = None) -> None:
        self.store = store
        self.paths = paths
        self.settings = Settings.load(paths.settings_file)
        self.hub = hub or Hub()
        self.privacy = False
        self.ops = Ops(self)
        self.sync: SyncController | None = None  # made by sync_controller.controller_for
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

    def navigate(self, request: Navigate) -> None:
        """Ask the main window to show something (see :mod:`partnerdesk.ui.navigation`)."""
        self.hub.navigate.emit(request)
