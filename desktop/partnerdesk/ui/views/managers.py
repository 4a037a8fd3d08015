"""The Managers view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class ManagersView(View):
    """Sidebar view: Managers."""

    title = "Managers"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "No managers yet",
                "Import the roster from your HRIS export (Workday, BambooHR, HiBob, "
                "Personio) to see every manager, their rep, team size and cadence.",
            )
        )
