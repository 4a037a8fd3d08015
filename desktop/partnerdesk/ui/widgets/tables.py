"""Tables that fit their view: text columns share the width, narrow ones fit their content,
long text ends in "…" and shows in full as a tooltip; no sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterable

from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

Mode = QtWidgets.QHeaderView.ResizeMode


class _ElidedTips(QtCore.QObject):
    """Shows a cell's whole text as its tooltip when the cell is too narrow for it (and the
    model gives no tooltip of its own)."""

    def __init__(self, table: QtWidgets.QAbstractItemView) -> None:
        super().__init__(table)
        self.table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() != QtCore.QEvent.Type.ToolTip:
            return False
        index = self.table.indexAt(event.pos())
        if not index.isValid() or index.data(QtCore.Qt.ItemDataRole.ToolTipRole):
            return False
        text = index.data(QtCore.Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        rect = self.table.visualRect(index)
        if QtGui.QFontMetrics(self.table.font()).horizontalAdvance(text) + 12 <= rect.width():
            QtWidgets.QToolTip.hideText()
            return True
        QtWidgets.QToolTip.showText(event.globalPos(), text, self.table.viewport(), rect)
        return True


def fit_columns(table: QtWidgets.QTableView, stretch: Iterable[int]) -> None:
    """Columns in ``stretch`` (the text ones) share the room left after every other column
    has fitted its content; text that does not fit is elided, with a tooltip."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(Mode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, Mode.Stretch)
    table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)
    _ElidedTips(table)
