"""The unlock dialog: wrong passphrase, and a damaged database restored from its backup."""

from __future__ import annotations

from sqlalchemy import select

from partnerdesk.core.store.backup import backup_database, list_backups
from partnerdesk.core.store.models import Rep
from partnerdesk.ui.dialogs.unlock import UnlockDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from tests.conftest import TEST_PASSPHRASE


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
