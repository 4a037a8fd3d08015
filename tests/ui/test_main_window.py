"""The main window: sidebar switching, keyboard navigation, privacy screen, lock and unlock."""

from __future__ import annotations

from partnerdesk.ui.dialogs.roster_import import RosterImportDialog
from partnerdesk.ui.dialogs.unlock import UnlockDialog
from partnerdesk.ui.main_window import VIEWS
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets


def test_sidebar_switches_every_view(main_window):
    for row, (key, label, _m, _c) in enumerate(VIEWS):
        main_window.sidebar.setCurrentRow(row)
        view = main_window.stack.currentWidget()
        assert view.objectName() == f"view-{key}"
        assert view.title == label


def test_ctrl_number_selects_view(qtbot, main_window):
    qtbot.keyClick(main_window, QtCore.Qt.Key.Key_3, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_view_key() == VIEWS[2][0]


def test_status_bar_says_where_data_lives(main_window, profile_paths):
    assert str(profile_paths.root) in main_window.where_label.text()
    assert main_window.lock_label.text().startswith("Unlocked")


def test_privacy_shortcut_toggles(qtbot, main_window, app_state):
    seen = []
    app_state.hub.privacy_changed.connect(seen.append)
    mods = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(main_window, QtCore.Qt.Key.Key_H, mods)
    qtbot.keyClick(main_window, QtCore.Qt.Key.Key_H, mods)
    assert seen == [True, False]


def test_lock_drops_store_and_unlock_reopens(qtbot, main_window, app_state, monkeypatch):
    from tests.conftest import TEST_PASSPHRASE

    main_window.lock()
    assert app_state.store is None
    assert main_window.pages.currentWidget() is main_window.lock_page
    assert main_window.lock_label.text() == "Locked"
    assert not main_window.sync_button.isEnabled()  # nothing to sync while locked

    def fake_exec(dialog):
        dialog.passphrase.setText("wrong one")
        dialog.try_unlock()
        assert dialog.error.isVisibleTo(dialog)
        assert "wrong" in dialog.error.text()
        dialog.passphrase.setText(TEST_PASSPHRASE)
        dialog.try_unlock()
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnlockDialog, "exec", fake_exec)
    assert main_window.unlock()
    assert app_state.store is not None
    assert main_window.pages.currentWidget() is main_window.content
    assert main_window.sync_button.isEnabled()


def test_damage_found_switches_to_read_only(qtbot, main_window, app_state, monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    main_window.on_integrity_result(["*** in database main *** Page 6: btreeInitPage() error"])
    assert app_state.store.readonly
    assert "Read-only" in main_window.lock_label.text()
    assert shown and "read-only" in shown[0]
    from sqlalchemy.exc import OperationalError

    from partnerdesk.core.store.models import Rep

    try:
        with app_state.store.transaction() as s:
            s.add(Rep(name="x", email="x@example.com"))
    except OperationalError as exc:
        assert "readonly" in str(exc).lower()
    else:  # pragma: no cover
        raise AssertionError("a damaged store must refuse writes")


def test_healthy_check_changes_nothing(qtbot, main_window, app_state):
    with qtbot.waitSignal(app_state.hub.task_finished, timeout=10_000):
        main_window.check_integrity()
    assert not app_state.store.readonly
    assert main_window.lock_label.text().startswith("Unlocked")


def test_restore_backup_from_the_file_menu(qtbot, main_window, app_state, profile_paths):
    from sqlalchemy import select

    from partnerdesk.core.store.backup import backup_database
    from partnerdesk.core.store.models import Rep

    with app_state.store.transaction() as s:
        s.add(Rep(name="Before Backup", email="before@example.com"))
    backup = backup_database(app_state.store.engine, profile_paths.backups)
    with app_state.store.transaction() as s:
        s.add(Rep(name="After Backup", email="after@example.com"))

    assert main_window.restore_backup(str(backup))
    with app_state.store.session() as s:
        assert s.scalars(select(Rep.name)).all() == ["Before Backup"]
    assert main_window.pages.currentWidget() is main_window.content


def test_restore_of_a_bad_file_changes_nothing(
    qtbot, main_window, app_state, tmp_path, monkeypatch
):
    from sqlalchemy import select

    from partnerdesk.core.store.models import Rep

    with app_state.store.transaction() as s:
        s.add(Rep(name="Stays", email="stays@example.com"))
    bogus = tmp_path / "not-a-backup.pdbackup"
    bogus.write_bytes(b"garbage" * 100)
    warnings = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert not main_window.restore_backup(str(bogus))
    assert warnings
    with app_state.store.session() as s:
        assert s.scalars(select(Rep.name)).all() == ["Stays"]


def test_a_failed_task_says_so_in_the_status_bar(qtbot, main_window, app_state):
    def boom():
        raise OSError("the shared folder is not reachable")

    with qtbot.waitSignal(app_state.hub.task_finished, timeout=5000):
        app_state.ops.background(boom, label="Creating the team…")
    qtbot.waitUntil(lambda: "failed" in main_window.statusBar().currentMessage(), timeout=2000)
    assert "not reachable" in main_window.statusBar().currentMessage()


def test_back_up_now_writes_an_encrypted_copy(qtbot, main_window, app_state, profile_paths):
    from partnerdesk.core.store.backup import list_backups

    before = len(list_backups(profile_paths.backups))
    with qtbot.waitSignal(app_state.hub.task_finished, timeout=10_000):
        main_window.back_up_now()
    backups = list_backups(profile_paths.backups)
    assert len(backups) == before + 1
    assert not backups[0].read_bytes().startswith(b"SQLite format 3")


def _opening_window(qtbot, profile_paths):
    """A window painted before its store is open, as the app starts."""
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.state import AppState

    window = MainWindow(AppState(None, profile_paths))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_opening_page_says_when_the_store_is_being_updated(qtbot, store, profile_paths):
    """The opening thread's "upgrade due" reaches the page: the rep sees why it takes
    longer than usual after an update."""
    import threading

    store.close()
    window = _opening_window(qtbot, profile_paths)
    window.show_opening()
    thread = threading.Thread(target=window.upgrading.emit)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: "Updating your notes" in window.lock_title.text())
    assert "backup is taken first" in window.lock_note.text()


def test_paint_first_then_open_in_the_background(qtbot, store, profile_paths):
    from tests.conftest import TEST_PASSPHRASE

    store.close()  # the profile exists; the app opens it itself
    window = _opening_window(qtbot, profile_paths)
    window.open_in_background(TEST_PASSPHRASE)
    assert window.pages.currentWidget() is window.lock_page
    assert window.lock_title.text() == "Opening your notes…"
    assert window.lock_label.text() == "Opening…"
    assert not window.menuBar().isEnabled()
    qtbot.waitUntil(lambda: window.state.store is not None, timeout=20_000)
    assert window.pages.currentWidget() is window.content
    assert window.current_view_key() == "today"
    assert window.menuBar().isEnabled()
    qtbot.waitUntil(lambda: window.sync is not None)  # started after the first paint
    qtbot.waitUntil(lambda: window._meeting_view is not None)  # built ahead of first use
    assert window.stack.currentWidget() is window.view("today")
    window.close()


def test_a_wrong_passphrase_at_start_asks_again_and_changes_nothing(
    qtbot, store, profile_paths, monkeypatch
):
    store.close()
    before = profile_paths.database.read_bytes()
    asked = []

    def refuse(dialog):
        asked.append(dialog)
        return QtWidgets.QDialog.DialogCode.Rejected

    monkeypatch.setattr(UnlockDialog, "exec", refuse)
    window = _opening_window(qtbot, profile_paths)
    window.open_in_background("not the passphrase")
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    assert window.state.store is None
    assert window.pages.currentWidget() is window.lock_page
    assert window.lock_title.text().endswith("is locked")
    assert "wrong" in window.statusBar().currentMessage()
    assert profile_paths.database.read_bytes() == before


def test_closing_while_the_store_opens_leaves_it_closed(qtbot, store, profile_paths):
    from tests.conftest import TEST_PASSPHRASE

    store.close()
    window = _opening_window(qtbot, profile_paths)
    opened = []
    window.state.hub.task_finished.connect(opened.append)
    window.open_in_background(TEST_PASSPHRASE)
    window.close()
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    qtbot.waitUntil(lambda: window.state.store is None)
    assert not window.idle_lock.timer.isActive()


def _view_shortcut(view, keys: str) -> QtGui.QShortcut:
    wanted = QtGui.QKeySequence(keys)
    return next(s for s in view.findChildren(QtGui.QShortcut) if s.key() == wanted)


def test_a_view_key_works_right_after_ctrl_number(qtbot, main_window, monkeypatch):
    monkeypatch.setattr(RosterImportDialog, "get_report", lambda *_a: (None, False))
    main_window.sidebar.setFocus()
    qtbot.keyClick(
        main_window.sidebar, QtCore.Qt.Key.Key_2, QtCore.Qt.KeyboardModifier.ControlModifier
    )
    managers = main_window.view("managers")
    assert main_window.stack.currentWidget() is managers
    assert main_window.sidebar.hasFocus()  # the focus stayed where it was ...
    with qtbot.waitSignal(_view_shortcut(managers, "Ctrl+I").activated):  # ... and Ctrl+I works
        qtbot.keyClick(
            main_window.sidebar, QtCore.Qt.Key.Key_I, QtCore.Qt.KeyboardModifier.ControlModifier
        )
    # A hidden view's keys are asleep: Ctrl+E on Signals does nothing while Follow-ups shows.
    main_window.show_view("followups")
    signals = main_window.view("signals")
    main_window.show_view("followups")
    with qtbot.assertNotEmitted(_view_shortcut(signals, "Ctrl+E").activated):
        qtbot.keyClick(
            main_window.sidebar, QtCore.Qt.Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier
        )


def test_a_failed_restore_is_one_warning_and_reopens_the_notes_as_they_were(
    qtbot, main_window, app_state, profile_paths, monkeypatch
):
    from sqlalchemy import select

    from partnerdesk.core.store import backup
    from partnerdesk.core.store.models import Rep
    from tests.helpers import locked

    with app_state.store.transaction() as s:
        s.add(Rep(name="Stays", email="stays@example.com"))
    good = backup.backup_database(app_state.store.engine, profile_paths.backups)
    warnings, started = [], []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(backup, "restore_database", locked)
    app_state.hub.task_started.connect(started.append)
    assert not main_window.restore_backup(str(good))
    assert len(warnings) == 1 and warnings[0].startswith("The database is busy")
    assert started[:2] == ["Restoring the backup…", "Opening your notes…"]
    assert app_state.ops.busy() in ([], ["Checking the database…"])  # only set_store's check
    qtbot.waitUntil(lambda: not app_state.ops.busy(), timeout=10_000)
    assert main_window.pages.currentWidget() is main_window.content
    with app_state.store.session() as s:
        assert s.scalars(select(Rep.name)).all() == ["Stays"]


def test_engagement_results_are_imported_from_the_file_menu(
    qtbot, main_window, tmp_path, monkeypatch
):
    from partnerdesk.core.engagement import departments
    from tests.core.lifecycle.org import ENGAGEMENT, engagement_csv, import_both

    store = main_window.state.store
    import_both(store, tmp_path)
    said: list[str] = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "information", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: said.append(a[2]))
    menu = next(a for a in main_window.menus["&File"].actions() if "engagement" in a.text())
    assert menu.text() == "Import &engagement results…"
    today = main_window.show_view("today")
    main_window.import_engagement(str(engagement_csv(tmp_path)))
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert said[0].startswith(f"{len(ENGAGEMENT) - 2} added, 0 updated, 0 unchanged.")
    assert "nobody@acme.example" in said[0]  # the row that names no manager
    assert departments(store)
    section = next(s for s in today.sections if s.key == "engagement")
    qtbot.waitUntil(lambda: section.model.rowCount() > 0, timeout=20000)  # Today follows


def test_an_engagement_file_that_cannot_be_read_says_why_and_stores_nothing(
    qtbot, main_window, tmp_path, monkeypatch
):
    from partnerdesk.core.engagement import departments

    said: list[str] = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: said.append(a[2]))
    pdf = tmp_path / "survey.csv"
    pdf.write_bytes(b"%PDF-1.5\n" + bytes(300))
    main_window.import_engagement(str(pdf))
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert said == [
        "survey.csv: this is not a CSV or Excel file. Export the results from your survey tool "
        "as CSV or Excel (XLSX) and import that file."
    ]
    assert departments(main_window.state.store) == []
