"""The Meetings view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class MeetingsView(View):
    """Sidebar view: Meetings."""

    title = "Meetings"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "No meetings yet",
                "Planned and held meetings appear here. Plan one from the Managers view"
                " or the Today schedule.",
            )
        )
