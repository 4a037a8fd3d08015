"""UI fixtures: an AppState over the test store and a main window on it."""

from __future__ import annotations

import pytest

from partnerdesk.ui.state import AppState


@pytest.fixture
def app_state(qapp, store, profile_paths) -> AppState:
    """The app's shared state over a fresh store."""
    return AppState(store, profile_paths)


@pytest.fixture
def locked_state(qapp, profile_paths) -> AppState:
    """The app's state before the profile is unlocked (no store yet)."""
    return AppState(None, profile_paths)


@pytest.fixture
def main_window(qtbot, app_state):
    """The real main window, shown offscreen."""
    from partnerdesk.ui.main_window import MainWindow

    window = MainWindow(app_state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
