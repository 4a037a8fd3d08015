"""On the demo company every sidebar view shows real content, never its empty state."""

from __future__ import annotations

import pytest

from partnerdesk.core.profile import open_store
from partnerdesk.ui.main_window import VIEWS, MainWindow
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import EmptyState
from tests.demo_fixtures import demo_paths, demo_template  # noqa: F401 - fixtures


@pytest.fixture
def demo_window(qtbot, demo_paths, data_key) -> MainWindow:  # noqa: F811
    window = MainWindow(AppState(open_store(demo_paths, data_key), demo_paths))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def settle(qtbot) -> None:
    pool = QtCore.QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=20_000)
    qtbot.wait(20)


def visible(widgets):
    """The widgets actually on screen (not in a hidden tab, not a closed combo popup)."""
    return [w for w in widgets if w.isVisible()]


@pytest.mark.parametrize("key", [key for key, *_rest in VIEWS])
def test_view_has_content(qtbot, demo_window, key):
    view = demo_window.show_view(key)
    settle(qtbot)
    empties = visible(view.findChildren(EmptyState))
    assert not empties, (
        f"{key} shows its empty state: {empties[0].findChild(QtWidgets.QLabel).text()}"
    )
    tables = visible(view.findChildren(QtWidgets.QAbstractItemView))
    if tables:
        rows = [t.model().rowCount() for t in tables if t.model() is not None]
        assert any(rows), f"{key}: every list and table is empty"
