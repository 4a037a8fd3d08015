"""Open a manager's meeting from any view: the next planned one, or one started today."""

from __future__ import annotations

from partnerdesk.core.store.errors import StoreError
from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.state import AppState


def open_manager_meeting(widget: QtWidgets.QWidget, state: AppState, manager_id: str) -> str | None:
    """Find or plan the manager's meeting and show it in the main window; returns its id."""
    from partnerdesk.core.meetings import MeetingService

    try:
        meeting_id = MeetingService(state.store).open_or_plan(manager_id)
    except StoreError as exc:
        QtWidgets.QMessageBox.warning(widget, "Partner Desk", str(exc))
        return None
    state.hub.data_changed.emit("meetings")
    window = widget.window()
    if hasattr(window, "open_meeting"):
        window.open_meeting(meeting_id)
    return meeting_id
