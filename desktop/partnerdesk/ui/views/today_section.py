"""A section of the Today view: a titled card that reloads its own data on refresh().

A section reads in ``load`` (core calls only, no widgets: it may run off the GUI thread)
and shows what it read in ``fill``; ``refresh`` does both.
"""

from __future__ import annotations

from typing import Any

from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import heading


class TodaySection(QtWidgets.QFrame):
    """Base of every Today section; subclasses fill ``self.body`` and implement refresh()."""

    def __init__(self, state: AppState, title: str, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("todaySection")
        self.title = heading(title, 1.25)
        self.subtitle = QtWidgets.QLabel()
        self.subtitle.setObjectName("emptyBody")
        self.subtitle.setWordWrap(True)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 12)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        self.body = QtWidgets.QVBoxLayout()
        outer.addLayout(self.body)

    def load(self, store) -> Any:
        """What the section shows, read from the store (no widgets touched)."""

    def fill(self, data: Any) -> None:
        """Show what ``load`` read."""

    def refresh(self) -> None:
        """Reload from the store."""
        store = self.state.store
        if store is not None:
            self.fill(self.load(store))
