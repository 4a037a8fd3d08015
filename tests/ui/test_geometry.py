"""The window fits the screen on first start and comes back where it was left."""

from __future__ import annotations

from partnerdesk.ui import geometry
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.qt import QtCore


def test_fitted_to_a_small_screen():
    available = QtCore.QRect(0, 27, 853, 453)  # 1280x720 at 150%, less a top panel
    rect = geometry.fitted(available)
    assert available.contains(rect)
    assert (rect.width(), rect.height()) == (853, 453)
    big = geometry.fitted(QtCore.QRect(0, 0, 2560, 1440))
    assert (big.width(), big.height()) == geometry.PREFERRED
    assert big.center() == QtCore.QRect(0, 0, 2560, 1440).center()


def test_the_window_fits_its_screen_and_remembers_its_size(qtbot, app_state):
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.minimumWidth() <= 853 and window.minimumHeight() <= 453
    window.resize(780, 470)
    window.close()
    again = MainWindow(app_state)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (780, 470)
    assert (app_state.paths.root / "window.ini").exists()


def test_each_screen_keeps_its_own_place(qtbot, app_state, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "window.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.resize(770, 430)
    geometry.remember(window, settings)
    screen = window.screen()
    size = screen.size()
    own = f"window/{screen.name() or 'screen'}-{size.width()}x{size.height()}"
    assert settings.value(own) is not None
    other = f"window/dock-{size.width() + 640}x{size.height() + 480}"
    settings.setValue(other, settings.value(own))  # a place kept on another screen
    settings.remove(own)
    again = MainWindow(app_state)
    qtbot.addWidget(again)
    geometry.restore(again, settings)  # not on that screen: fitted to this one
    assert again.geometry() == geometry.fitted(screen.availableGeometry())
