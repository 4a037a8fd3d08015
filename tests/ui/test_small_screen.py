"""Every view on a 1280x720 screen at 150% (853x480 logical pixels): no control off the
window, no button or combo box cut narrower than its text, and no one-line label cut
(what scrolls inside a scroll area may lie below the fold; it scrolls into view; an
elided label shows its whole text in its tooltip)."""

from __future__ import annotations

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.ui.geometry import fitted
from partnerdesk.ui.main_window import VIEWS
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.widgets.elided import ElidedLabel

SMALL = QtCore.QRect(0, 0, 853, 480)
CONTROLS = (QtWidgets.QAbstractButton, QtWidgets.QComboBox, QtWidgets.QLineEdit)


@pytest.fixture
def small_window(qtbot, main_window, store):
    load_demo(store)
    main_window.state.ops.announce(Changes.everything())
    main_window.setGeometry(fitted(SMALL))
    return main_window


def scrolled(widget: QtWidgets.QWidget, root: QtWidgets.QWidget) -> bool:
    """Whether ``widget`` sits in a scroll area (or an item view) under ``root``."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QtWidgets.QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def controls(view: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    return [
        w
        for w in view.findChildren(QtWidgets.QWidget)
        if isinstance(w, CONTROLS)
        and w.isVisible()
        and not scrolled(w, view)
        and not isinstance(w.parentWidget(), (QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox))
    ]


@pytest.mark.parametrize("key", [v[0] for v in VIEWS])
def test_no_control_is_off_the_window_or_cut(qtbot, small_window, key):
    view = small_window.show_view(key)
    qtbot.waitUntil(view.isVisible)
    for _ in range(3):
        QtCore.QCoreApplication.processEvents()
    window = small_window.rect()
    assert window.width() <= SMALL.width() and window.height() <= SMALL.height()
    found = controls(view) + controls(small_window.statusBar())
    assert small_window.sync_button in found
    for widget in found:
        rect = QtCore.QRect(widget.mapTo(small_window, QtCore.QPoint(0, 0)), widget.size())
        name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or widget
        assert window.contains(rect), f"{key}: {name!r} is off the window"
        if isinstance(widget, QtWidgets.QPushButton):
            assert widget.width() >= widget.sizeHint().width(), f"{key}: {name!r} is cut"
    for label in labels(view):
        assert label.width() >= label.sizeHint().width(), f"{key}: {label.text()!r} is cut"


def labels(view: QtWidgets.QWidget) -> list[QtWidgets.QLabel]:
    """The one-line labels that show text on ``view`` (not scrolled, not elided)."""
    return [
        w
        for w in view.findChildren(QtWidgets.QLabel)
        if w.isVisible()
        and w.text()
        and not w.wordWrap()
        and not isinstance(w, ElidedLabel)
        and not scrolled(w, view)
    ]


def test_the_meeting_screen_keeps_its_controls_on_the_window(qtbot, small_window, store):
    from sqlalchemy import select

    from partnerdesk.core.store.models import Meeting

    with store.session() as session:
        meeting_id = session.scalars(select(Meeting.id).where(Meeting.status == "held")).first()
    small_window.show_view("meetings")
    small_window.open_meeting(meeting_id)
    screen = small_window.meeting_screen()
    qtbot.waitUntil(screen.isVisible)
    QtCore.QCoreApplication.processEvents()
    window = small_window.rect()
    found = controls(screen)
    assert len(found) >= 2  # Back and the meeting's own actions
    for widget in found:
        rect = QtCore.QRect(widget.mapTo(small_window, QtCore.QPoint(0, 0)), widget.size())
        assert window.contains(rect), widget.text()
        if isinstance(widget, QtWidgets.QPushButton):
            assert widget.width() >= widget.sizeHint().width(), widget.text()


def test_the_sidebar_fits_its_names_and_no_more(qtbot, small_window):
    """Every view's name whole in the sidebar, which leaves the rest to the view."""
    sidebar = small_window.sidebar
    small_window.show()
    qtbot.waitExposed(small_window)
    metrics = sidebar.fontMetrics()
    for row in range(sidebar.count()):
        item = sidebar.item(row)
        shown = sidebar.visualItemRect(item)
        assert shown.width() >= metrics.horizontalAdvance(item.text()), item.text()
    assert sidebar.width() <= sidebar.sizeHintForColumn(0) + 24
