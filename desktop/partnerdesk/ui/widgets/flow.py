"""A row of filters that wraps onto a second line when the window is narrow, rather than
squeezing each combo box until its text ends in "…"."""

from __future__ import annotations

from partnerdesk.ui.qt import QtCore, QtWidgets

_EXPANDING = QtWidgets.QSizePolicy.PolicyFlag.ExpandFlag.value


class FlowRow(QtWidgets.QLayout):
    """Lays its widgets left to right at their preferred widths, starting a new line when
    the next one does not fit; on each line the horizontally expanding ones (a filter
    field) share the room left over."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QtWidgets.QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    # ----- QLayout ------------------------------------------------------------------------

    def addItem(self, item: QtWidgets.QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QtWidgets.QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QtWidgets.QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> QtCore.Qt.Orientation:
        return QtCore.Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QtCore.QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QtCore.QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QtCore.QSize:
        shown = self._shown()
        width = sum(_wants(i) for i in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return self._with_margins(QtCore.QSize(width, height))

    def minimumSize(self) -> QtCore.QSize:
        size = QtCore.QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return self._with_margins(size)

    # ----- laying out ---------------------------------------------------------------------

    def _shown(self) -> list[QtWidgets.QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _with_margins(self, size: QtCore.QSize) -> QtCore.QSize:
        margins = self.contentsMargins()
        return size + QtCore.QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def lines(self, width: int) -> list[list[QtWidgets.QLayoutItem]]:
        """The items on each line at ``width`` (less the margins)."""
        lines: list[list[QtWidgets.QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            wants = min(_wants(item), width)
            if lines[-1] and used + self.spacing() + wants > width:
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + wants
            lines[-1].append(item)
        return [line for line in lines if line]

    def _lay_out(self, rect: QtCore.QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for line in self.lines(area.width()):
            widths = [min(_wants(i), area.width()) for i in line]
            height = max(i.sizeHint().height() for i in line)
            spare = area.width() - sum(widths) - self.spacing() * (len(line) - 1)
            growing = [n for n, i in enumerate(line) if _grows(i)]
            for n in growing:
                widths[n] += spare // len(growing)
            if move:
                x = area.x()
                for item, width in zip(line, widths, strict=True):
                    top = y + (height - item.sizeHint().height()) // 2
                    item.setGeometry(QtCore.QRect(x, top, width, item.sizeHint().height()))
                    x += width + self.spacing()
            y += height + self.spacing()
        return y - self.spacing() - area.y() + margins.top() + margins.bottom()


def _wants(item: QtWidgets.QLayoutItem) -> int:
    """The width an item takes on its line: its preferred one, at least its minimum."""
    return max(item.sizeHint().width(), item.minimumSize().width())


def _grows(item: QtWidgets.QLayoutItem) -> bool:
    widget = item.widget()
    if widget is None:
        return False
    return bool(widget.sizePolicy().horizontalPolicy().value & _EXPANDING)


def labelled(label: str, field: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """A label and its field kept together on one line of a :class:`FlowRow`."""
    pair = QtWidgets.QWidget()
    row = QtWidgets.QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    text = QtWidgets.QLabel(label)
    text.setBuddy(field)
    row.addWidget(text)
    row.addWidget(field, 1)
    pair.setSizePolicy(field.sizePolicy().horizontalPolicy(), QtWidgets.QSizePolicy.Policy.Fixed)
    return pair
