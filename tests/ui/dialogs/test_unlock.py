"""The unlock dialog: wrong passphrase, a damaged database restored from its backup, the
work run through the ops layer, and every failure as one sentence that changes nothing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from partnerdesk.core.profile import unlock_key
from partnerdesk.core.store.backup import backup_database, list_backups
from partnerdesk.core.store.keys import KeyFile
from partnerdesk.core.store.models import Rep
from partnerdesk.ui.dialogs import unlock as unlock_module
from partnerdesk.ui.dialogs.unlock import ChangePassphraseDialog, UnlockDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from tests.conftest import TEST_PASSPHRASE
from tests.helpers import locked


def damaged_after_backup(qtbot, store, profile_paths, locked_state) -> UnlockDialog:
    """Back the store up, damage its file, and try to unlock it in a dialog shown."""
    backup_database(store.engine, profile_paths.backups, keep=3)
    store.close()
    data = bytearray(profile_paths.database.read_bytes())
    data[100] ^= 0xFF
    profile_paths.database.write_bytes(bytes(data))
    dialog = UnlockDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(TEST_PASSPHRASE)
    dialog.try_unlock()
    return dialog


def test_wrong_passphrase_says_so_and_allows_retry(qtbot, locked_state):
    dialog = UnlockDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "nope")
    qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert "wrong" in dialog.error.text()
    assert dialog.store is None and dialog.isVisible()
    dialog.passphrase.setText(TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    dialog.store.close()


def test_damaged_database_offers_the_latest_backup(
    qtbot, store, profile_paths, locked_state, monkeypatch
):
    with store.transaction() as s:
        s.add(Rep(name="Kept In Backup", email="kept@example.com"))
    dialog = damaged_after_backup(qtbot, store, profile_paths, locked_state)
    assert "damaged" in dialog.error.text()
    assert dialog.restore_button.isVisible()

    monkeypatch.setattr(
        QtWidgets.QMessageBox, "question", lambda *a: QtWidgets.QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(dialog.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    with dialog.store.session() as s:
        assert s.scalars(select(Rep.name)).all() == ["Kept In Backup"]
    dialog.store.close()
    assert len(list_backups(profile_paths.backups)) >= 2  # the damaged file was kept


def test_enter_unlocks_under_the_gnome_button_order(qtbot, locked_state, gnome_buttons):
    dialog = UnlockDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.passphrase.hasFocus())
    box = dialog.unlock_button.parentWidget()
    order = [box.layout().itemAt(i).widget() for i in range(box.layout().count())]
    assert order.index(dialog.change_button) < order.index(dialog.unlock_button)  # GNOME's
    # Tabbing through the buttons and back does not move the default either.
    dialog.change_button.setFocus()
    qtbot.waitUntil(lambda: dialog.change_button.hasFocus())
    dialog.passphrase.setFocus()
    qtbot.waitUntil(lambda: dialog.passphrase.hasFocus())
    assert dialog.unlock_button.isDefault() and not dialog.change_button.isDefault()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert not dialog.findChildren(QtWidgets.QDialog)  # no "Change passphrase" opened
    dialog.store.close()


def test_unlock_runs_through_the_ops_layer_off_the_gui_thread(qtbot, locked_state):
    """The key derivation and the open run on the thread pool, behind a busy dialog, and
    leave nothing in flight; the store they bring back reads the profile."""
    threads = []
    real = unlock_module.unlock_key
    dialog = UnlockDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    started = []
    locked_state.hub.task_started.connect(started.append)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            unlock_module,
            "unlock_key",
            lambda *a, **k: threads.append(threading.current_thread()) or real(*a, **k),
        )
        qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert started == ["Unlocking…"] and not locked_state.ops.busy()
    assert threads and threads[0] is not threading.main_thread()
    with dialog.store.session() as s:
        assert s.scalars(select(Rep)).all() == []  # the profile's own (empty) database
    dialog.store.close()


def test_an_error_while_unlocking_is_one_sentence_and_changes_nothing(
    qtbot, profile_paths, locked_state, monkeypatch
):
    before = profile_paths.database.read_bytes()
    warnings = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(unlock_module, "open_store", locked)
    dialog = UnlockDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.error.isVisible() and dialog.error.text().startswith("The database is busy")
    assert warnings == []  # said once, beside the field
    assert dialog.isVisible() and dialog.store is None and dialog.wrong_tries == 0
    assert dialog.passphrase.text() == TEST_PASSPHRASE and not dialog.passphrase.isReadOnly()
    assert profile_paths.database.read_bytes() == before

    monkeypatch.undo()  # the database is free again: the same passphrase opens it
    qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    dialog.store.close()


def test_restoring_from_the_unlock_dialog_fails_as_one_sentence(
    qtbot, store, profile_paths, locked_state, monkeypatch
):
    dialog = damaged_after_backup(qtbot, store, profile_paths, locked_state)
    damaged = profile_paths.database.read_bytes()
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "question", lambda *a: QtWidgets.QMessageBox.StandardButton.Yes
    )
    monkeypatch.setattr(unlock_module, "restore_database", locked)
    qtbot.mouseClick(dialog.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("The database is busy")
    assert dialog.isVisible() and dialog.store is None and dialog.restore_button.isVisible()
    assert profile_paths.database.read_bytes() == damaged


def test_changing_the_passphrase_fails_as_one_sentence(
    qtbot, profile_paths, locked_state, monkeypatch
):
    before = profile_paths.key_file.read_bytes()
    dialog = ChangePassphraseDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    new = "copper lantern quietly orbits"
    dialog.old.setText(TEST_PASSPHRASE)
    dialog.new.setText(new)
    dialog.repeat.setText(new)
    real = KeyFile.change_passphrase

    def unwritable(key_file, old, new):
        raise PermissionError(13, "Permission denied", str(key_file.path))

    monkeypatch.setattr(KeyFile, "change_passphrase", unwritable)
    dialog.try_change()
    assert dialog.error.text().startswith("A file could not be used")
    assert dialog.isVisible() and dialog.new.text() == new
    assert profile_paths.key_file.read_bytes() == before

    monkeypatch.setattr(KeyFile, "change_passphrase", real)
    dialog.try_change()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert profile_paths.key_file.read_bytes() != before
    assert unlock_key(profile_paths, new, create=False)
