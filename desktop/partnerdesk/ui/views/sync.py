"""The Team & Sync view (an honest empty state until its feature lands)."""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.base import EmptyState, View


class TeamSyncView(View):
    """Sidebar view: Team & Sync."""

    title = "Team & Sync"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                "Not part of a team yet",
                "Create or join a team through a shared folder (OneDrive, SharePoint, "
                "Dropbox, Syncthing, a file share) to compare notes with the other "
                "reps.",
            )
        )
