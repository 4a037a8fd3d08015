"""Unlocking the profile (passphrase or keyring) and changing the passphrase.

Deriving the key, opening the database and restoring a backup are slow: they run
through the operations layer (``state.ops.wait``), off the GUI thread behind a busy
indicator, and a failure becomes one sentence beside the passphrase field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from partnerdesk import APP_NAME
from partnerdesk.core.profile import open_store, unlock_key
from partnerdesk.core.store.backup import list_backups, restore_database
from partnerdesk.core.store.engine import DamagedDatabase, Store
from partnerdesk.core.store.keys import KeyFile, WrongPassphrase
from partnerdesk.paths import ProfilePaths
from partnerdesk.ui.dialogs.buttons import Role, dialog_buttons, primary_button
from partnerdesk.ui.dialogs.once import used_once
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import scale_font
from partnerdesk.ui.widgets.strength import StrengthMeter

#: Wrong passphrases allowed before each further try waits (1 s, then 2, 4... at most 30).
FREE_TRIES = 3
MAX_WAIT_S = 30


def _password_field(placeholder: str) -> QtWidgets.QLineEdit:
    field = QtWidgets.QLineEdit()
    field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(320)
    return field


@dataclass(frozen=True)
class Opened:
    """What one unlock found: the open store, a wrong passphrase, or a damaged database
    (with the key that opened it, to restore a backup with)."""

    store: Store | None = None
    wrong: bool = False
    damage: str | None = None
    key: bytes | None = None


def open_with(paths: ProfilePaths, passphrase: str | None) -> Opened:
    """Derive the key (keyring or ``passphrase``) and open the store (background work)."""
    try:
        key = unlock_key(paths, passphrase, create=False)
    except WrongPassphrase:
        return Opened(wrong=True)
    try:
        return Opened(store=open_store(paths, key))
    except DamagedDatabase as exc:
        return Opened(damage=str(exc), key=key)


def restore_and_open(paths: ProfilePaths, backup: Path, key: bytes) -> Store:
    """Replace the database with ``backup`` (the current file is kept), then open it."""
    restore_database(paths.database, backup, key, paths.backups)
    return open_store(paths, key)


def offer_restore(
    parent: QtWidgets.QWidget | None,
    state: AppState,
    key: bytes,
    on_error: Callable[[str], None] | None = None,
) -> Store | None:
    """Offer to replace a damaged database with the newest backup; the opened store or None
    (a failure is shown: through ``on_error``, else the default way)."""
    paths = state.paths
    backups = list_backups(paths.backups)
    if not backups:
        QtWidgets.QMessageBox.information(
            parent,
            "No backup yet",
            "There is no backup of this profile. Copy the profile folder somewhere safe "
            "and run `partnerdesk doctor` for details; nothing was changed.",
        )
        return None
    answer = QtWidgets.QMessageBox.question(
        parent,
        "Restore latest backup",
        f"Replace the damaged database with the backup {backups[0].name}?\n\n"
        "The damaged file is kept in the backups folder.",
    )
    if answer != QtWidgets.QMessageBox.StandardButton.Yes:
        return None
    _ok, store = state.ops.wait(
        lambda: restore_and_open(paths, backups[0], key),
        "Restoring the latest backup…",
        parent=parent,
        on_error=on_error,
    )
    return store


class UnlockDialog(QtWidgets.QDialog):
    """Asks for the passphrase until it opens the store (or the user gives up)."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.paths = paths = state.paths
        self.store: Store | None = None
        self._key: bytes | None = None
        self.wrong_tries = 0
        self.waiting = False
        self.setWindowTitle(f"Unlock {APP_NAME}")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        title = QtWidgets.QLabel("Unlock your notes")
        scale_font(title, 1.35, bold=True)
        intro = QtWidgets.QLabel(
            "Enter the passphrase that protects your encrypted notes.<br>"
            f"<small>Profile: {paths.root}</small>"
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(380)
        layout.addWidget(title)
        self.passphrase = _password_field("Passphrase")
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = dialog_buttons(self, "Unlock", on_accept=self.try_unlock)
        self.unlock_button = primary_button(buttons)
        self.change_button = buttons.addButton("Change passphrase…", Role.ActionRole)
        self.restore_button = buttons.addButton("Restore latest backup…", Role.ActionRole)
        self.restore_button.hide()
        self.restore_button.clicked.connect(self.restore_latest)
        self.change_button.clicked.connect(lambda: ChangePassphraseDialog.change(self, state))
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.passphrase.setFocus()  # where the eye starts, whatever the buttons' order

    def try_unlock(self) -> None:
        """Open the store with the typed passphrase; on failure say why and let them retry."""
        if self.waiting:  # after wrong tries, the next one waits
            return
        passphrase, paths = self.passphrase.text(), self.paths
        ok, opened = self.state.ops.wait(
            lambda: open_with(paths, passphrase), "Unlocking…", parent=self, on_error=self._fail
        )
        if not ok:
            return
        if opened.wrong:
            self.wrong_tries += 1
            self._fail("That passphrase is wrong. Check Caps Lock and try again.")
            self._back_off()
            return
        if opened.damage is not None:
            self._key = opened.key
            self._fail(opened.damage)
            self.restore_button.setVisible(bool(list_backups(self.paths.backups)))
            return
        self.store = opened.store
        self.accept()

    def backoff_seconds(self) -> int:
        """How long the next try waits after the wrong passphrases typed so far."""
        extra = self.wrong_tries - FREE_TRIES
        return 0 if extra < 0 else min(MAX_WAIT_S, 2**extra)

    def _back_off(self) -> None:
        """After a few wrong passphrases, each further try waits longer (guessing slows)."""
        wait = self.backoff_seconds()
        if not wait:
            return
        self.waiting = True
        self.passphrase.setReadOnly(True)
        self.error.setText(
            f"That passphrase is wrong ({self.wrong_tries} wrong tries). Wait {wait} "
            f"second{'s' if wait != 1 else ''} before trying again."
        )
        QtCore.QTimer.singleShot(wait * 1000, self._end_back_off)

    def _end_back_off(self) -> None:
        self.waiting = False
        self.passphrase.setReadOnly(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def restore_latest(self) -> None:
        """Replace a damaged database with the newest backup (the damaged file is kept)."""
        self.store = offer_restore(self, self.state, self._key, on_error=self._fail)
        if self.store is not None:
            self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    @classmethod
    def get_store(
        cls, parent: QtWidgets.QWidget | None, state: AppState, passphrase: str | None = None
    ) -> tuple[Store | None, bool]:
        """The unlocked store: straight from the keyring or a given passphrase, else by asking."""
        paths = state.paths
        if KeyFile(paths.key_file).mode == "keyring" or passphrase is not None:
            ok, opened = state.ops.wait(
                lambda: open_with(paths, passphrase), "Unlocking…", parent=parent
            )
            if not ok:
                return None, False
            if opened.store is not None:
                return opened.store, True
            if opened.damage is not None:
                QtWidgets.QMessageBox.warning(parent, "Your database is damaged", opened.damage)
                store = offer_restore(parent, state, opened.key)
                return store, store is not None
            # a wrong passphrase: ask interactively below
        dialog = cls(state, parent)
        with used_once(dialog) as ok:  # the passphrase typed is not kept in a hidden dialog
            return dialog.store, ok and dialog.store is not None


class ChangePassphraseDialog(QtWidgets.QDialog):
    """Re-wraps the data key under a new passphrase (the database itself is not rewritten)."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.paths = state.paths
        self.setWindowTitle("Change passphrase")
        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(24, 20, 24, 16)
        form.setVerticalSpacing(10)
        self.old = _password_field("Current passphrase")
        self.new = _password_field("New passphrase")
        self.repeat = _password_field("Repeat the new passphrase")
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = dialog_buttons(self, "Change passphrase", on_accept=self.try_change)
        form.addRow("Current:", self.old)
        self.meter = StrengthMeter(self.new)
        form.addRow("New:", self.new)
        form.addRow("Repeat:", self.repeat)
        form.addRow(self.meter)
        form.addRow(self.error)
        form.addRow(buttons)
        self.old.setFocus()

    def try_change(self) -> None:
        if not self.meter.ok:
            self._fail("Choose a stronger new passphrase: " + self.meter.strength.describe())
            return
        if self.new.text() != self.repeat.text():
            self._fail("The two new passphrases differ.")
            return
        key_file, old, new = KeyFile(self.paths.key_file), self.old.text(), self.new.text()
        ok, _ = self.state.ops.wait(
            lambda: key_file.change_passphrase(old, new),
            "Changing the passphrase…",
            parent=self,
            on_error=self._fail,
        )
        if ok:
            self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    @classmethod
    def change(cls, parent: QtWidgets.QWidget | None, state: AppState) -> tuple[None, bool]:
        """Run the dialog; ok is True when the passphrase was changed."""
        if KeyFile(state.paths.key_file).mode != "passphrase":
            QtWidgets.QMessageBox.information(
                parent,
                "Change passphrase",
                "This profile keeps its key in your computer's keyring, so it has no passphrase.",
            )
            return None, False
        with used_once(cls(state, parent)) as ok:
            return None, ok
