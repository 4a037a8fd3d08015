"""Tab order that starts where the eye starts and reads like the page.

:func:`reading_order` lists the controls under a widget as a reader meets them: the
children of each container row by row (siblings whose tops fall within the first one's
height share a row), each row left to right, each container's controls before the next
one's. So a table on the left is walked before the detail panel on its right, and a
panel's rows top to bottom. :func:`arrange` chains them, starting at a view's primary
control (what the rest of the page wraps around), and lets Tab leave lists and tables
(the arrow keys move inside them).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from partnerdesk.ui.qt import QtCore, QtWidgets

_TAB = QtCore.Qt.FocusPolicy.TabFocus


def _takes_tab(widget: QtWidgets.QWidget) -> bool:
    return bool(widget.focusPolicy().value & _TAB.value) and widget.focusProxy() is None


def _rows(widgets: list[QtWidgets.QWidget], root: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """``widgets`` (siblings) in reading order."""
    placed = sorted(
        ((w.mapTo(root, QtCore.QPoint(0, 0)), w) for w in widgets),
        key=lambda pair: (pair[0].y(), pair[0].x()),
    )
    ordered: list[QtWidgets.QWidget] = []
    while placed:
        first_at, first = placed[0]
        bottom = first_at.y() + max(first.height(), 1)
        row = [pair for pair in placed if pair[0].y() < bottom]
        placed = [pair for pair in placed if pair[0].y() >= bottom]
        ordered.extend(w for _at, w in sorted(row, key=lambda pair: pair[0].x()))
    return ordered


def reading_order(root: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The visible controls under ``root`` that Tab reaches, in reading order."""
    found: list[QtWidgets.QWidget] = []
    children = [
        child
        for child in root.findChildren(
            QtWidgets.QWidget, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly
        )
        if child.isVisibleTo(root) and not child.isWindow()
    ]
    for child in _rows(children, root):
        plain_scroll = isinstance(child, QtWidgets.QScrollArea)
        if _takes_tab(child) and not plain_scroll:
            found.append(child)  # a control: its own parts (a combo's field) are its own
        else:
            found.extend(reading_order(child))
    return found


def chain(widgets: Iterable[QtWidgets.QWidget | None]) -> None:
    """Tab goes from each of ``widgets`` to the next (None ones are left out)."""
    present = [w for w in widgets if w is not None]
    for first, second in pairwise(present):
        QtWidgets.QWidget.setTabOrder(first, second)


def arrange(
    root: QtWidgets.QWidget, primary: QtWidgets.QWidget | None = None
) -> list[QtWidgets.QWidget]:
    """Chain the controls under ``root`` in reading order, from ``primary`` on (those
    above it follow the last); returns the chain."""
    order = reading_order(root)
    if primary is not None and primary in order:
        start = order.index(primary)
        order = order[start:] + order[:start]
    for widget in order:
        if isinstance(widget, QtWidgets.QAbstractItemView):
            widget.setTabKeyNavigation(False)
    chain(order)
    return order
