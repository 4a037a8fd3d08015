"""The strength meter follows the typed passphrase; the dialogs accept only strong ones."""

from __future__ import annotations

from partnerdesk.ui.dialogs.first_run import FirstRunWizard
from partnerdesk.ui.dialogs.unlock import ChangePassphraseDialog, UnlockDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.widgets.strength import StrengthMeter
from tests.conftest import TEST_PASSPHRASE


def test_meter_follows_typing(qtbot):
    field = QtWidgets.QLineEdit()
    meter = StrengthMeter(field)
    qtbot.addWidget(field)
    qtbot.addWidget(meter)
    qtbot.keyClicks(field, "abc")
    assert not meter.ok and meter.bar.value() <= 1
    assert "weak" in meter.text.text()
    field.setText("copper lantern quietly orbits")
    assert meter.ok and meter.bar.value() >= 3
    assert "strong" in meter.text.text() and "weak" not in meter.text.text()


def test_first_run_needs_a_strong_passphrase(qtbot, empty_profile):
    wizard = FirstRunWizard(empty_profile)
    qtbot.addWidget(wizard)
    page = wizard.key
    page.use_passphrase.setChecked(True)
    page.passphrase.setText("password1")
    page.repeat.setText("password1")
    assert not page.isComplete() and "stronger" in page.hint.text()
    page.passphrase.setText("copper lantern quietly orbits")
    page.repeat.setText("copper lantern quietly orbits")
    assert page.isComplete()


def test_change_dialog_refuses_a_weak_new_passphrase(qtbot, profile_paths, locked_state):
    before = profile_paths.key_file.read_bytes()
    dialog = ChangePassphraseDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.old.setText(TEST_PASSPHRASE)
    dialog.new.setText("1")
    dialog.repeat.setText("1")
    dialog.try_change()
    assert "stronger" in dialog.error.text() and "could be guessed in" in dialog.error.text()
    assert profile_paths.key_file.read_bytes() == before


def test_repeated_wrong_passphrases_back_off(qtbot, locked_state):
    dialog = UnlockDialog(locked_state)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        assert not dialog.waiting
        dialog.passphrase.setText("not it")
        qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.wrong_tries == 3 and dialog.backoff_seconds() == 1
    assert dialog.waiting and dialog.passphrase.isReadOnly()
    assert "Wait 1 second " in dialog.error.text()
    dialog.try_unlock()  # ignored while waiting
    assert dialog.wrong_tries == 3
    dialog.wrong_tries = 9
    assert dialog.backoff_seconds() == 30  # doubling, at most 30 s
    qtbot.waitUntil(lambda: not dialog.waiting, timeout=5000)
    dialog.passphrase.setText(TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, QtCore.Qt.Key.Key_Return)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    dialog.store.close()
