"""The base of the app's read-only table models: a list of rows under named columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerdesk.ui.qt import QtCore


class RowsModel(QtCore.QAbstractTableModel):
    """A read-only table over ``rows``; subclasses name the columns (HEADERS) and give data().

    ``hidden`` is the privacy screen: a subclass's data() leaves out note text while set.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.hidden = False

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_hidden(self, hidden: bool) -> None:
        """Turn the privacy screen on or off; every shown cell is asked for again."""
        self.hidden = hidden
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole)
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]  # the tooltip: the whole heading when it elides
        return None
