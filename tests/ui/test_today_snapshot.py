"""Starting from the Today snapshot: what the last close showed, until the store is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from partnerdesk.core import clock, daytext, profile
from partnerdesk.core.store.errors import StoreError
from partnerdesk.core.store.snapshot import Snapshot, write_snapshot
from partnerdesk.ui.dialogs.unlock import UnlockDialog
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.today import TodayView
from tests.conftest import ROOT, TEST_PASSPHRASE
from tests.demo_fixtures import demo_paths, demo_template  # noqa: F401 - fixtures
from tests.ui.views.test_today_schedule import names


def window_on(qtbot, paths, store=None) -> MainWindow:
    window = MainWindow(AppState(store, paths))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    if store is None:
        window.show_opening()
    window.show()
    qtbot.waitExposed(window)
    return window


def checked(qtbot, window) -> None:
    """Run the start-up integrity check (a snapshot is kept only once it passed)."""
    window.check_integrity()
    qtbot.waitUntil(lambda: window._checked_ok, timeout=20_000)


def settle(qtbot) -> None:
    pool = QtCore.QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=20_000)


def kept(paths, key):
    found = Snapshot.current(paths, TodayView.LAYOUT)
    return found.open(key) if found else None


@pytest.fixture
def closed_once(qtbot, demo_paths, data_key):  # noqa: F811
    """The demo profile after the app was used and closed: it left a Today snapshot."""
    window = window_on(qtbot, demo_paths, profile.open_store(demo_paths, data_key))
    checked(qtbot, window)
    shown = window.view("today").present(window.state.store)
    window.close()
    return demo_paths, shown


@pytest.fixture
def slow_open(monkeypatch):
    """The store opens only once the test sets the returned event."""
    go = threading.Event()
    real = profile.open_store

    def open_store(*args, **kwargs):
        go.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(profile, "open_store", open_store)
    yield go
    go.set()


def test_closing_keeps_what_today_shows(closed_once, data_key):
    paths, shown = closed_once
    found = kept(paths, data_key)
    assert found == json.loads(json.dumps(shown))  # as JSON keeps it
    assert found["sections"]["schedule"]["buckets"][1]["rows"]  # the demo's managers due


def test_locking_keeps_it_too(qtbot, main_window, profile_paths, data_key):
    checked(qtbot, main_window)
    main_window.lock()
    assert kept(profile_paths, data_key) == {"sections": {}}  # no roster: the empty state


def test_closing_before_the_check_has_passed_keeps_nothing(qtbot, main_window, profile_paths):
    profile_paths.today_snapshot.write_bytes(b"an older snapshot")
    main_window._checked_ok = False  # the check has not reported yet
    main_window.close()
    assert not profile_paths.today_snapshot.exists()


def test_a_today_that_cannot_be_kept_still_locks(
    qtbot, main_window, profile_paths, caplog, monkeypatch
):
    checked(qtbot, main_window)
    store = main_window.state.store
    profile_paths.today_snapshot.write_bytes(b"an older snapshot")
    monkeypatch.setattr(TodayView, "present", lambda _v, _s: {"day": clock.today()})  # no JSON
    main_window.lock()
    assert store.key is None  # closed
    assert main_window.pages.currentWidget() is main_window.lock_page
    assert not profile_paths.today_snapshot.exists()  # an older one is not left behind
    assert "Today was not kept" in caplog.text


def test_the_next_start_shows_it_then_the_store(qtbot, closed_once, slow_open):
    paths, shown = closed_once
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source == "snapshot", timeout=20_000)
    today = window.view("today")
    assert window.state.store is None  # the store is not open yet ...
    assert window.stack.currentWidget() is today  # ... but Today is on screen, filled
    assert today.date.text() == daytext.long_weekday(clock.today())
    due, due_shown = today.schedule.due, shown["sections"]["schedule"]["buckets"][1]
    assert due.label.text() == f"Due this month ({len(due_shown['rows'])})"
    assert due_shown["rows"]  # the demo has managers due on its day
    assert [row[0] for row in due.model.rows] == [text for text, _tip, _id in due_shown["rows"]]
    assert not window.sidebar.isEnabled() and not window.menuBar().isEnabled()
    assert window.lock_label.text() == "Opening…"
    due.view.setCurrentIndex(due.model.index(2))  # the rep picks a manager meanwhile
    slow_open.set()
    qtbot.waitUntil(lambda: window.today_source == "store", timeout=20_000)
    assert not paths.today_snapshot.exists()  # opening the store discarded it
    assert window.sidebar.isEnabled() and window.menuBar().isEnabled()
    assert today.present(window.state.store) == shown
    assert due.view.currentIndex().row() == 2  # the same rows: the pick stays
    qtbot.waitUntil(lambda: window.sync is not None, timeout=5000)  # Today is not repainted
    qtbot.waitUntil(lambda: window._meeting_view is not None, timeout=5000)
    settle(qtbot)
    window.close()


def test_a_meeting_asked_for_meanwhile_opens_once_the_store_is(
    qtbot, closed_once, slow_open, monkeypatch
):
    paths, _shown = closed_once
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source == "snapshot", timeout=20_000)
    bucket = window.view("today").schedule.due
    for row in (0, 1):  # the rep changes their mind: the last one counts
        bucket.view.setCurrentIndex(bucket.model.index(row))
        bucket.view.setFocus()
        qtbot.keyClick(bucket.view, QtCore.Qt.Key.Key_Return)
    assert "Opening your notes" in window.statusBar().currentMessage()
    assert window._meeting_view is None
    slow_open.set()
    qtbot.waitUntil(lambda: window._meeting_view is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window._meeting_view)
    assert window._meeting_view.prefill.header.manager_id == bucket.model.rows[1][2]
    assert names(bucket)[1] in window._meeting_view.title.text()
    settle(qtbot)
    window.close()


def test_a_hidden_window_still_opens_the_store(qtbot, closed_once):
    paths, _shown = closed_once
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    window.hide()  # not painted: the store opens anyway (and the idle lock can arm)
    qtbot.waitUntil(lambda: window.state.store is not None, timeout=20_000)
    assert window.idle_lock.timer.isActive()
    settle(qtbot)
    window.close()


def test_a_changed_database_is_read_from_the_store(qtbot, closed_once):
    paths, _shown = closed_once
    info = paths.database.stat()
    os.utime(paths.database, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source is not None, timeout=20_000)
    assert window.today_source == "store"
    settle(qtbot)
    window.close()


def test_a_snapshot_this_version_cannot_show_is_read_from_the_store(
    qtbot, closed_once, data_key, caplog
):
    paths, shown = closed_once
    del shown["sections"]["schedule"]["buckets"][0]  # a shape the view does not expect
    write_snapshot(paths, TodayView.LAYOUT, data_key, shown)
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source is not None, timeout=20_000)
    assert window.today_source == "store"
    assert "could not be shown" in caplog.text
    settle(qtbot)
    window.close()


def test_a_failed_open_after_it_was_shown_forgets_it(qtbot, closed_once, monkeypatch):
    paths, _shown = closed_once
    asked = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda _d: asked.append(1) or 0)

    clicked = threading.Event()

    def locked_elsewhere(*_args, **_kwargs):
        clicked.wait(20)  # the open fails only once the rep has clicked the snapshot
        raise StoreError("The database is locked by another program.")

    monkeypatch.setattr(profile, "open_store", locked_elsewhere)
    window = window_on(qtbot, paths)
    window.open_in_background(TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: window.today_source == "snapshot", timeout=20_000)
    window.when_open(lambda: pytest.fail("a click on the snapshot must not run later"))
    clicked.set()
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    assert window.today_source is None and window._when_open is None
    assert window.pages.currentWidget() is window.lock_page
    assert "locked by another program" in window.statusBar().currentMessage()


def test_closing_while_the_key_is_derived_opens_nothing(qtbot, closed_once, monkeypatch):
    paths, _shown = closed_once
    opens = []
    monkeypatch.setattr(profile, "open_store", lambda *a, **k: opens.append(a))
    window = window_on(qtbot, paths)
    finished = []
    window.state.hub.task_finished.connect(finished.append)
    window.open_in_background(TEST_PASSPHRASE)
    window.close()
    qtbot.waitUntil(lambda: "Unlocking…" in finished, timeout=20_000)
    qtbot.wait(300)
    assert opens == [] and window.today_source is None


def test_a_wrong_passphrase_shows_nothing_from_it(qtbot, closed_once, monkeypatch):
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
