"""The Reports view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class ReportsView(View):
    """Sidebar view: Reports."""

    title = "Reports"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "Summaries for the VP and executives",
                "Pick a month or quarter and a scope to preview and export a summary "
                "(PDF, Markdown, HTML, CSV).",
            )
        )
