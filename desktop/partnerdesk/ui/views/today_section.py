"""A section of the Today view: a titled card that shows one kind of data.

A section reads in ``load`` (core calls only, no widgets: it may run off the GUI thread),
turns what it read into plain text and values in ``present`` (JSON-able: the Today
snapshot keeps it for the next start) and shows that in ``display``.

The Today modules import the core (and so SQLAlchemy) only inside ``load`` and
``present``: a start shows Today from its snapshot before SQLAlchemy has loaded.
"""

from __future__ import annotations

from typing import Any

from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import heading

VALUE_ROLE = QtCore.Qt.ItemDataRole.UserRole + 3


class LineModel(QtCore.QAbstractListModel):
    """Display lines, each with a tooltip and a value that activating it acts on."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, object]] = []

    def set_rows(self, rows: list[tuple[str, str, object]]) -> None:
        """Rows of (text, tooltip, value); the same rows again change nothing (the view
        keeps its selection)."""
        rows = [tuple(row) for row in rows]
        if rows != self.rows:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        text, tip, value = self.rows[index.row()]
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return text
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == VALUE_ROLE:
            return value
        return None


class TodaySection(QtWidgets.QFrame):
    """Base of every Today section; subclasses implement load, present and display."""

    #: The section's name in the Today snapshot.
    key = ""

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

    def present(self, data: Any) -> dict[str, Any]:
        """What ``load`` read, as the texts and values the section shows."""
        return {}

    def display(self, shown: dict[str, Any]) -> None:
        """Show what ``present`` made (now, or at the last close: the snapshot)."""

    def navigate(self, request: Navigate) -> None:
        """Ask the main window to show something (it waits for the store if need be)."""
        self.state.navigate(request)
