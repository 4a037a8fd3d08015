"""The first-run wizard creates a working profile from what the user types."""

from __future__ import annotations

import keyring.backends.fail

from partnerdesk.core.me import get_me
from partnerdesk.core.profile import key_storage, open_store, unlock_key
from partnerdesk.ui.dialogs import first_run
from partnerdesk.ui.dialogs.first_run import FirstRunWizard
from partnerdesk.ui.qt import QtCore, QtWidgets
from tests.helpers import locked


def answered_wizard(qtbot, profile, name: str, email: str) -> FirstRunWizard:
    """A wizard shown on its last page, the name, email and a passphrase typed in."""
    wizard = FirstRunWizard(profile, keyring_backend=keyring.backends.fail.Keyring())
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.about.name, name)
    qtbot.keyClicks(wizard.about.email, email)
    wizard.next()
    qtbot.keyClicks(wizard.key.passphrase, "a long passphrase")
    qtbot.keyClicks(wizard.key.repeat, "a long passphrase")
    wizard.next()
    return wizard


def test_wizard_creates_a_passphrase_profile(qtbot, empty_profile):
    wizard = FirstRunWizard(empty_profile, keyring_backend=keyring.backends.fail.Keyring())
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(wizard.WizardButton.NextButton)
    assert not wizard.about.isComplete()
    qtbot.keyClicks(wizard.about.name, "Terry Smith")
    qtbot.keyClicks(wizard.about.email, "Terry@Example.com")
    qtbot.mouseClick(wizard.about.lead, QtCore.Qt.MouseButton.LeftButton)
    qtbot.mouseClick(next_button, QtCore.Qt.MouseButton.LeftButton)

    assert wizard.key.use_passphrase.isChecked()  # no secure keyring here
    qtbot.keyClicks(wizard.key.passphrase, "a long passphrase")
    qtbot.keyClicks(wizard.key.repeat, "a long passphrase!")
    assert not wizard.key.isComplete()
    assert "differ" in wizard.key.hint.text()
    qtbot.keyClick(wizard.key.repeat, QtCore.Qt.Key.Key_Backspace)
    assert wizard.key.isComplete()
    qtbot.mouseClick(next_button, QtCore.Qt.MouseButton.LeftButton)

    assert wizard.start.empty.isChecked()
    qtbot.mouseClick(
        wizard.button(wizard.WizardButton.FinishButton), QtCore.Qt.MouseButton.LeftButton
    )
    assert wizard.result() == wizard.DialogCode.Accepted
    wizard.store.close()

    assert key_storage(empty_profile) == "passphrase"
    store = open_store(empty_profile, unlock_key(empty_profile, "a long passphrase"), new=True)
    me = get_me(store)
    store.close()
    assert (me.name, me.email, me.is_lead) == ("Terry Smith", "terry@example.com", True)


def test_wizard_can_load_the_demo_as_a_rep(qtbot, empty_profile):
    wizard = answered_wizard(qtbot, empty_profile, "Rick", "rick@example.com")
    wizard.start.demo.setChecked(True)
    wizard.accept()
    me = get_me(wizard.store)
    wizard.store.close()
    assert me is not None and not me.is_lead
    assert (me.name, me.email) == ("Rick", "rick@example.com")


def test_a_failure_while_creating_is_one_warning_and_the_wizard_stays(
    qtbot, empty_profile, monkeypatch
):
    """The profile is made off the GUI thread; a failure is one warning, the wizard keeps
    every answer, no user is stored, and Finish again completes it."""
    wizard = answered_wizard(qtbot, empty_profile, "Terry Smith", "terry@example.com")
    warnings, started = [], []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(first_run, "create_me", locked)
    wizard.state.hub.task_started.connect(started.append)
    finish = wizard.button(wizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, QtCore.Qt.MouseButton.LeftButton)
    assert len(warnings) == 1 and warnings[0].startswith("The database is busy")
    assert started == ["Creating your profile…"]
    assert wizard.isVisible() and wizard.store is None
    assert wizard.currentPage() is wizard.start and wizard.about.name.text() == "Terry Smith"
    store = open_store(empty_profile, unlock_key(empty_profile, "a long passphrase"))
    assert get_me(store) is None  # the failed step stored nothing
    store.close()

    monkeypatch.undo()
    qtbot.mouseClick(finish, QtCore.Qt.MouseButton.LeftButton)
    assert wizard.result() == wizard.DialogCode.Accepted
    me = get_me(wizard.store)
    wizard.store.close()
    assert (me.name, me.email) == ("Terry Smith", "terry@example.com")
