"""First run: who you are, how the key is kept, and demo data or an empty start.

Creating the profile (deriving the key, creating the database, the demo company) runs
through the operations layer, off the GUI thread behind a busy indicator; a failure is
one warning, and the wizard stays on its last page to try again."""

from __future__ import annotations

from partnerdesk import APP_NAME
from partnerdesk.core.me import adopt_demo_rep, create_me
from partnerdesk.core.profile import open_store, unlock_key
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.keys import keyring_name, secure_keyring
from partnerdesk.paths import ProfilePaths
from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.widgets.strength import StrengthMeter


class _AboutYouPage(QtWidgets.QWizardPage):
    """Name, email and role."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(f"Welcome to {APP_NAME}")
        self.setSubTitle("Tell us who you are; your name appears on the notes you share.")
        form = QtWidgets.QFormLayout(self)
        self.name = QtWidgets.QLineEdit()
        self.name.setPlaceholderText("e.g. Terry Smith")
        self.email = QtWidgets.QLineEdit()
        self.email.setPlaceholderText("e.g. terry@example.com")
        self.rep = QtWidgets.QRadioButton("People Partner (HR rep)")
        self.lead = QtWidgets.QRadioButton("HR lead / VP (writes the monthly agenda)")
        self.rep.setChecked(True)
        form.addRow("Your name:", self.name)
        form.addRow("Work email:", self.email)
        form.addRow("Your role:", self.rep)
        form.addRow("", self.lead)
        self.registerField("name*", self.name)
        self.name.textChanged.connect(self.completeChanged)
        self.email.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) and "@" in self.email.text()


class _KeyPage(QtWidgets.QWizardPage):
    """Keyring when a secure one exists, else (or by choice) a passphrase."""

    def __init__(self, keyring_backend) -> None:
        super().__init__()
        self.keyring_backend = keyring_backend
        self.setTitle("Protect your notes")
        self.setSubTitle("Everything is encrypted on this computer. Choose where the key is kept.")
        layout = QtWidgets.QVBoxLayout(self)
        self.use_keyring = QtWidgets.QRadioButton()
        self.use_passphrase = QtWidgets.QRadioButton("Protect it with a passphrase")
        if keyring_backend is not None:
            self.use_keyring.setText(
                f"Keep the key in this computer's keyring ({keyring_name(keyring_backend)}) "
                "— recommended"
            )
            self.use_keyring.setChecked(True)
            layout.addWidget(self.use_keyring)
        else:
            self.use_keyring.hide()
            self.use_passphrase.setChecked(True)
            note = QtWidgets.QLabel(
                "No secure keyring was found on this computer, so a passphrase protects "
                "your notes. Partner Desk cannot recover a forgotten passphrase."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.use_passphrase)
        form = QtWidgets.QFormLayout()
        self.passphrase = QtWidgets.QLineEdit()
        self.passphrase.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.repeat = QtWidgets.QLineEdit()
        self.repeat.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.hint = QtWidgets.QLabel()
        self.hint.setObjectName("errorText")
        self.meter = StrengthMeter(self.passphrase)
        form.addRow("Passphrase:", self.passphrase)
        form.addRow("Repeat:", self.repeat)
        form.addRow("", self.hint)
        layout.addLayout(form)
        layout.addWidget(self.meter)
        for widget in (self.passphrase, self.repeat):
            widget.textChanged.connect(self.completeChanged)
        self.use_passphrase.toggled.connect(self.completeChanged)
        self.use_passphrase.toggled.connect(self._enable_fields)
        self._enable_fields()

    def initializePage(self) -> None:
        if self.use_passphrase.isChecked():
            self.passphrase.setFocus()

    def _enable_fields(self) -> None:
        on = self.use_passphrase.isChecked()
        self.passphrase.setEnabled(on)
        self.repeat.setEnabled(on)

    def isComplete(self) -> bool:
        if not self.use_passphrase.isChecked():
            self.hint.clear()
            return True
        text, again = self.passphrase.text(), self.repeat.text()
        if not text:
            self.hint.clear()
            return False
        if not self.meter.ok:
            self.hint.setText("Choose a stronger passphrase (see below).")
            return False
        if text != again:
            self.hint.setText("The two passphrases differ.")
            return False
        self.hint.clear()
        return True


class _StartPage(QtWidgets.QWizardPage):
    """Demo data to explore, or an empty start."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("How would you like to start?")
        layout = QtWidgets.QVBoxLayout(self)
        self.empty = QtWidgets.QRadioButton(
            "Start empty — then import your roster in Managers (Ctrl+I)"
        )
        self.demo = QtWidgets.QRadioButton(
            "Load demo data — a sample company with six months of meetings to explore"
        )
        self.empty.setChecked(True)
        layout.addWidget(self.empty)
        layout.addWidget(self.demo)
        layout.addStretch(1)


class FirstRunWizard(QtWidgets.QWizard):
    """Creates a new profile: key storage, the user's rep record, optional demo data."""

    def __init__(self, paths: ProfilePaths, parent=None, keyring_backend=None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.store: Store | None = None
        #: The app's state does not exist before its profile: the wizard's operations run
        #: on a state of its own, with no store.
        self.state = AppState(None, paths)
        self.setWindowTitle(f"Set up {APP_NAME}")
        self.setWizardStyle(QtWidgets.QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(620, 440)
        self.about = _AboutYouPage()
        self.key = _KeyPage(secure_keyring(keyring_backend))
        self.start = _StartPage()
        for page in (self.about, self.key, self.start):
            self.addPage(page)

    def accept(self) -> None:
        """Create the profile with the answers given, then close (on a failure, stay)."""
        use_passphrase = self.key.use_passphrase.isChecked()
        answers = {
            "passphrase": self.key.passphrase.text() if use_passphrase else None,
            "keyring_backend": self.key.keyring_backend,
            "prefer_passphrase": use_passphrase,
        }
        me = (self.about.name.text(), self.about.email.text(), self.about.lead.isChecked())
        demo = self.start.demo.isChecked()
        ok, store = self.state.ops.wait(
            lambda: self._create(answers, me, demo),
            "Loading the demo company…" if demo else "Creating your profile…",
            parent=self,
        )
        if ok:
            self.store = store
            super().accept()

    def _create(self, answers: dict, me: tuple[str, str, bool], demo: bool) -> Store:
        """The key, the database, and the user: a new rep, or (``demo``) one of the demo
        company's, played by name (background work: reads no widget)."""
        name, email, lead = me
        store = open_store(self.paths, unlock_key(self.paths, **answers), new=True)
        try:
            if demo:
                from partnerdesk.core.demo import load_demo

                load_demo(store)
                adopt_demo_rep(store, name, email, lead=lead)
            else:
                create_me(store, name, email, lead)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def create_profile(
        cls, parent, paths: ProfilePaths, keyring_backend=None
    ) -> tuple[Store | None, bool]:
        """Run the wizard; returns the new, open store and whether it was created."""
        wizard = cls(paths, parent, keyring_backend)
        ok = wizard.exec() == QtWidgets.QDialog.DialogCode.Accepted
        return wizard.store, ok and wizard.store is not None
