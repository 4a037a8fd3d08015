"""Tables that fit their view: narrow columns fit their content, text columns share the
rest by weight (the main text first), long text ends in "…" and shows in full as a
tooltip; no sideways scrolling. On a narrow window the columns a table can spare (what
the panel beside it shows too) step aside, first given first, rather than squeeze every
column into "…". A :class:`SayingTable` says what would be in it while it is empty."""

from __future__ import annotations

from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

#: A narrow column never takes more than this share of the width.
NARROW_SHARE = 0.3
#: Columns that can be spared step aside while the others want more than this much of
#: the room (text columns can give up a little to "…").
CROWDED = 1.0


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


def share(room: int, weights: dict[int, int], wants: dict[int, int]) -> dict[int, int]:
    """Split ``room`` between weighted columns: one that wants less than its share gets
    what it wants, the others share the rest; room left over is shared by weight."""
    widths: dict[int, int] = {}
    pending = dict(weights)
    while pending:
        unit = room / sum(pending.values())
        content = [c for c in pending if wants[c] <= unit * pending[c]]
        if not content:
            widths.update({c: int(unit * w) for c, w in pending.items()})
            return widths
        for column in content:
            widths[column] = wants[column]
            room -= wants[column]
            del pending[column]
    spare, whole = max(0, room), sum(weights.values())
    for column, weight in weights.items():
        widths[column] += int(spare * weight / whole)
    return widths


class _ColumnFitter(QtCore.QObject):
    """Lays the columns out again whenever the table's width or rows change."""

    def __init__(
        self, table: QtWidgets.QTableView, weights: dict[int, int], spare: tuple[int, ...]
    ) -> None:
        super().__init__(table)
        self.table = table
        self.weights = weights
        self.spare = spare
        self._pending = False
        table.viewport().installEventFilter(self)  # its width is the room to share
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.later)

    def later(self, *_args) -> None:
        if not self._pending:
            self._pending = True
            QtCore.QTimer.singleShot(0, self.fit)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Show):
            self.fit()
        return False

    def fit(self) -> None:
        self._pending = False
        table, header = self.table, self.table.horizontalHeader()
        total = table.viewport().width()
        if total <= 0:
            return
        columns = [
            c for c in range(header.count()) if c in self.spare or not header.isSectionHidden(c)
        ]

        def wanted(column: int) -> int:
            return max(table.sizeHintForColumn(column), header.sectionSizeHint(column)) + 8

        wants_all = {c: wanted(c) for c in columns}
        for column in self.spare:  # first given, first to step aside
            if sum(wants_all[c] for c in columns) <= total * CROWDED:
                break
            columns.remove(column)
        for column in self.spare:
            header.setSectionHidden(column, column not in columns)

        narrow = {c: min(wants_all[c], int(total * NARROW_SHARE)) for c in columns}
        weights = {c: w for c, w in self.weights.items() if c in columns}
        for column in weights:
            del narrow[column]
        wants = {c: wants_all[c] for c in weights}
        widths = {**narrow, **share(total - sum(narrow.values()), weights, wants)}
        for column, width in widths.items():
            header.resizeSection(column, max(width, header.minimumSectionSize()))


def fit_columns(
    table: QtWidgets.QTableView, stretch: dict[int, int], spare: tuple[int, ...] = ()
) -> None:
    """The columns in ``stretch`` (the text ones -> their weights) share the room left
    after every other column has fitted its content; text that does not fit is elided,
    with a tooltip. The ``spare`` columns are hidden, in that order, while the table is
    too narrow for all of them."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
    table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
    header.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)  # headings too, not clipped
    table.setWordWrap(False)
    _ElidedTips(table)
    _ColumnFitter(table, stretch, spare)


class SayingTable(QtWidgets.QTableView):
    """A table that, while it has no rows, says in its middle what would be there (in the
    palette's placeholder colour), rather than show an empty grid."""

    def __init__(self, empty_text: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text

    def is_empty(self) -> bool:
        """Whether the table has no rows (and so shows its empty text)."""
        model = self.model()
        return model is None or model.rowCount() == 0

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.is_empty():
            return
        painter = QtGui.QPainter(self.viewport())
        painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.PlaceholderText))
        flags = QtCore.Qt.AlignmentFlag.AlignCenter | QtCore.Qt.TextFlag.TextWordWrap
        painter.drawText(self.viewport().rect().adjusted(16, 8, -16, -8), flags, self.empty_text)
        painter.end()
