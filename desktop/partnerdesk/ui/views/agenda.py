"""The Agenda view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class AgendaView(View):
    """Sidebar view: Agenda."""

    title = "Agenda"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "No agenda for this month",
                "The HR lead writes the month's agenda here and publishes it to every "
                "rep's meeting view.",
            )
        )
