"""Starting from the Today snapshot: what the last close showed, until the store is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.snapshot import Snapshot
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.state import AppState
from tests.conftest import ROOT, TEST_PASSPHRASE
from tests.demo_fixtures import demo_paths, demo_template  # noqa: F401 - fixtures


def window_on(qtbot, paths, store=None) -> MainWindow:
    window = MainWindow(AppState(store, paths))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    if store is None:
        window.show_opening()
    window.show()
    qtbot.waitExposed(window)
    return window


def settle(qtbot) -> None:
    pool = QtCore.QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=20_000)


@pytest.fixture
def closed_once(qtbot, demo_paths, data_key):  # noqa: F811
    """The demo profile after the app was used and closed: it left a Today snapshot."""
    window = window_on(qtbot, demo_paths, open_store(demo_paths, data_key))
    settle(qtbot)
    shown = window.view("today").present(window.state.store)
    window.close()
    return demo_paths, shown


def test_closing_keeps_what_today_shows(closed_once, data_key):
    paths, shown = closed_once
    snapshot = Snapshot.current(paths.today_snapshot, paths.database)
    assert snapshot is not None
    kept = snapshot.open(data_key)
    assert kept == json.loads(json.dumps(shown))  # as JSON keeps it
    assert kept["sections"]["schedule"]["buckets"][1]["rows"]  # the demo's managers due


def test_locking_keeps_it_too(qtbot, main_window, profile_paths, data_key):
    main_window.lock()
    assert Snapshot.current(profile_paths.today_snapshot, profile_paths.database).open(data_key)


def test_a_today_that_cannot_be_read_still_closes(
    qtbot, main_window, profile_paths, caplog, monkeypatch
):
    from partnerdesk.ui.views.today import TodayView

    def broken(_view, _store):
        raise RuntimeError("no such table: manager")

    store = main_window.state.store
    profile_paths.today_snapshot.write_bytes(b"an older snapshot")
    monkeypatch.setattr(TodayView, "present", broken)
    main_window.close()
    assert store.key is None  # closed
    assert not profile_paths.today_snapshot.exists()  # an older one is not left behind
    assert "Today was not kept for the next start" in caplog.text


def test_the_next_start_shows_it_then_the_store(qtbot, closed_once):
    paths, shown = closed_once
    window = window_on(qtbot, paths)
    sources = []
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source == "snapshot", timeout=20_000)
    today = window.view("today")
    assert window.state.store is None  # the store is not open yet ...
    assert window.stack.currentWidget() is today  # ... but Today is on screen, filled
    assert today.date.text() == shown["date"]
    due, due_shown = today.schedule.due, shown["sections"]["schedule"]["buckets"][1]
    assert due.label.text() == due_shown["label"] == "Due this month (4)"
    assert [row[0] for row in due.model.rows] == [text for text, _tip, _id in due_shown["rows"]]
    assert not window.sidebar.isEnabled() and not window.menuBar().isEnabled()
    assert window.lock_label.text() == "Opening…"
    window.state.hub.data_changed.connect(sources.append)
    qtbot.waitUntil(lambda: window.today_source == "store", timeout=20_000)
    assert sources[0] == "*"  # Today refreshed from the store
    assert window.sidebar.isEnabled() and window.menuBar().isEnabled()
    assert today.present(window.state.store) == shown
    settle(qtbot)
    window.close()


def test_a_meeting_asked_for_meanwhile_opens_once_the_store_is(qtbot, closed_once):
    paths, _shown = closed_once
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source == "snapshot", timeout=20_000)
    bucket = window.view("today").schedule.due
    bucket.view.setCurrentIndex(bucket.model.index(0))
    bucket.view.setFocus()
    qtbot.keyClick(bucket.view, QtCore.Qt.Key.Key_Return)
    if window.state.store is None:  # the usual case: the store opens ~0.5 s later
        assert "Opening your notes" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window._meeting_view is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window._meeting_view)
    name = bucket.model.rows[0][0].split("\n")[0].split("   ⚑")[0]
    assert name in window._meeting_view.title.text()
    settle(qtbot)
    window.close()


def test_a_changed_database_is_read_from_the_store(qtbot, closed_once):
    paths, _shown = closed_once
    info = paths.database.stat()
    os.utime(paths.database, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    window = window_on(qtbot, paths)
    sources = []
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source is not None, timeout=20_000)
    sources.append(window.today_source)
    assert sources == ["store"]
    settle(qtbot)
    window.close()


def test_a_wrong_passphrase_shows_nothing_from_it(qtbot, closed_once, monkeypatch):
    from partnerdesk.ui.dialogs.unlock import UnlockDialog
    from partnerdesk.ui.qt import QtWidgets

    paths, _shown = closed_once
    asked = []
    monkeypatch.setattr(
        UnlockDialog, "exec", lambda dialog: asked.append(1) or QtWidgets.QDialog.Rejected
    )
    window = window_on(qtbot, paths)
    window.open_in_background("not the passphrase")
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    assert window.today_source is None
    assert window.pages.currentWidget() is window.lock_page
    assert window.view("today").schedule.due.model.rowCount() == 0


def test_the_today_view_loads_without_sqlalchemy():
    """The snapshot is shown before SQLAlchemy loads: Today's modules must not need it."""
    code = (
        "import sys; import partnerdesk.ui.main_window, partnerdesk.ui.views.today, "
        "partnerdesk.core.store.snapshot; print('sqlalchemy' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"
