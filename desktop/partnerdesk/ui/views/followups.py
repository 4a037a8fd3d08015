"""The Follow-ups view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class FollowUpsView(View):
    """Sidebar view: Follow-ups."""

    title = "Follow-ups"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "No follow-ups yet",
                "Follow-up tasks agreed in meetings appear here: overdue, due this "
                "week, by manager and by owner.",
            )
        )
