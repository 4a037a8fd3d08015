"""Idle lock: the key leaves memory, the content is hidden, and the unlock dialog asks again."""

from __future__ import annotations

import gc
import weakref

import pytest

from partnerdesk.core.profile import open_store
from partnerdesk.ui.dialogs.unlock import UnlockDialog
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def window(qtbot, profile_paths, data_key) -> MainWindow:
    """A main window whose store only the app holds (no fixture keeps a reference)."""
    shown = MainWindow(AppState(open_store(profile_paths, data_key), profile_paths))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def away(window: MainWindow, minutes: float) -> None:
    """Pretend the user left the keyboard ``minutes`` ago."""
    window.idle_lock.last_activity -= minutes * 60


def test_idle_lock_drops_the_key_and_the_unlock_dialog_appears(qtbot, window, monkeypatch):
    state = window.state
    seen: dict[str, object] = {}
    old_store = weakref.ref(state.store)
    old_engine = weakref.ref(state.store.engine)

    def answer(dialog: UnlockDialog) -> int:
        gc.collect()
        seen["key held"] = old_store() is not None or old_engine() is not None
        seen["store"] = state.store
        seen["page"] = window.pages.currentWidget()
        seen["menu"] = window.menuBar().isEnabled()
        dialog.show()
        qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
        qtbot.mouseClick(dialog.unlock_button, QtCore.Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", answer)
    idle = window.idle_lock
    assert idle.timer.isActive()
    idle.check()
    assert state.store is not None  # not idle long enough yet

    away(window, state.settings.idle_lock_minutes + 1)
    idle.check()
    qtbot.waitUntil(lambda: "store" in seen and state.store is not None, timeout=10_000)

    assert seen["key held"] is False
    assert seen["store"] is None
    assert seen["page"] is window.lock_page
    assert seen["menu"] is False
    assert window.pages.currentWidget() is window.content
    qtbot.waitUntil(idle.timer.isActive)
    assert idle.idle_seconds() < 60


def test_unlock_cancelled_stays_locked(qtbot, window, monkeypatch):
    monkeypatch.setattr(UnlockDialog, "exec", lambda _dialog: QtWidgets.QDialog.DialogCode.Rejected)
    away(window, 60)
    with qtbot.waitSignal(window.idle_lock.locked):
        window.idle_lock.timer.start(1)
    qtbot.waitUntil(lambda: window.state.store is None)
    assert window.pages.currentWidget() is window.lock_page
    assert not window.idle_lock.timer.isActive()


def test_input_counts_as_presence_and_zero_means_never(qtbot, window):
    idle = window.idle_lock
    assert not idle._watching, "no filter on every event until the first check"
    idle.check()
    away(window, 10)
    qtbot.keyClick(window.sidebar, QtCore.Qt.Key.Key_Down)
    assert idle.idle_seconds() < 60
    away(window, 2)
    qtbot.mouseClick(window.sidebar.viewport(), QtCore.Qt.MouseButton.LeftButton)
    assert idle.idle_seconds() > 60, "input is sampled: once seen, the next check listens"
    idle.check()
    assert window.state.store is not None
    qtbot.mouseClick(window.sidebar.viewport(), QtCore.Qt.MouseButton.LeftButton)
    assert idle.idle_seconds() < 60

    window.state.settings.idle_lock_minutes = 0
    window.state.ops.announce(Changes(settings=True))
    assert not idle.timer.isActive()
    assert not idle._watching, "no event filter while idle lock is off"
    away(window, 600)
    idle.check()
    assert window.state.store is not None
