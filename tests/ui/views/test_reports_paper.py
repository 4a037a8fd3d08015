"""The Reports preview stays a white paper page with dark ink in the dark look too (the
issue found navy and grey text on dark grey with a white chart slab)."""

from __future__ import annotations

import pytest

from partnerdesk.ui import theme
from partnerdesk.ui.qt import QtGui
from partnerdesk.ui.views.reports import ReportsView
from tests import reports_data as data


@pytest.fixture
def dark(qapp):
    theme.apply(qapp, "dark")
    yield
    theme.apply(qapp, "light")


def test_the_preview_is_a_white_page_in_the_dark(qtbot, app_state, dark):
    with app_state.store.transaction() as session:
        data.build(session)
    view = ReportsView(app_state)
    qtbot.addWidget(view)
    view.setMinimumSize(1100, 800)
    with qtbot.waitSignal(view.preview_ready, timeout=10_000):
        view.show()
    window = view.palette().color(QtGui.QPalette.ColorRole.Window)
    assert window.lightness() < 80  # the app around it is dark
    image = view.preview.viewport().grab().toImage()
    assert QtGui.QColor(image.pixel(4, 4)).lightness() > 245  # white paper
    inked = [
        QtGui.QColor(image.pixel(x, y)).lightness()
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
    ]
    assert sum(v < 110 for v in inked) > 50  # dark ink on it, not grey on grey
