"""The Today view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class TodayView(View):
    """Sidebar view: Today."""

    title = "Today"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "Your day at a glance",
                "Managers due for a meeting this month, overdue and never-met managers,"
                " open signals and recurring themes will appear here once the roster is"
                " imported.",
            )
        )
