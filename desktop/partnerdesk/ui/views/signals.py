"""The Signals view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class SignalsView(View):
    """Sidebar view: Signals."""

    title = "Signals"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "No open signals",
                "Flight risks, performance concerns, training needs, headcount requests"
                " and pain points flagged in meetings appear here, oldest first.",
            )
        )
