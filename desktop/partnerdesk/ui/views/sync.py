"""The Team & Sync view: set up a team, then see people, computers, conflicts and problems.

Without a team it offers to create one (the HR lead, usually) or ask to join one
through the shared folder. With a team it shows the status line with a Sync now button;
the people in the team with their computers and fingerprints, computers asking to join
(Approve / Decline, for admins), Remove a person and "I lost this computer"; the
computers heard from; notes two reps edited at once (both versions side by side: keep
one, or edit the shown one into a merge and save it); and sync problems with what to do.
"""

from __future__ import annotations

from pathlib import Path

from partnerdesk.core.me import get_me
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.sync.admin import Overview, approve, decline, overview, remove
from partnerdesk.core.sync.conflicts import Conflict, list_conflicts, resolve_conflict
from partnerdesk.core.sync.problems import dismiss_problem, list_problems
from partnerdesk.core.sync.runner import resend_all
from partnerdesk.core.sync.status import list_devices
from partnerdesk.core.sync.team import MIN_PASSPHRASE, create_team, current_team, join_team
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.sync_controller import controller_for
from partnerdesk.ui.views.base import View, heading
from partnerdesk.ui.views.sync_models import (
    ConflictsModel,
    DevicesModel,
    PeopleModel,
    ProblemsModel,
    RequestsModel,
)
from partnerdesk.ui.widgets.tables import SayingTable

HIDDEN_TEXT = "Note text hidden (privacy screen is on: Ctrl+Shift+H)"


def _password() -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit()
    edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
    return edit


class FolderField(QtWidgets.QWidget):
    """A folder path with a Choose… button."""

    def __init__(self, placeholder: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QtWidgets.QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.button = QtWidgets.QPushButton("Choose…")
        self.button.clicked.connect(self.choose)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def choose(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "The shared folder")
        if folder:
            self.edit.setText(folder)

    def path(self) -> Path:
        return Path(self.edit.text().strip()).expanduser()


class TeamSetupPanel(QtWidgets.QWidget):
    """Create a team in a shared folder, or join the team already there."""

    team_ready = QtCore.Signal()

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading("Team & Sync"))
        intro = QtWidgets.QLabel(
            "Share notes with the other reps through a folder your company already syncs "
            "(OneDrive, SharePoint, Dropbox, Syncthing, a file share). Everything written "
            "there is encrypted and signed; private notes never leave this computer. The "
            "team passphrase only invites: a team admin approves each new computer after "
            "comparing its fingerprint. Share the passphrase in person, never through the "
            "folder."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        boxes = QtWidgets.QHBoxLayout()
        boxes.addWidget(self._create_box(), 1)
        boxes.addWidget(self._join_box(), 1)
        layout.addLayout(boxes)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _create_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Create a team (usually the HR lead)")
        form = QtWidgets.QFormLayout(box)
        self.create_folder = FolderField("the shared folder")
        self.team_name = QtWidgets.QLineEdit()
        self.team_name.setPlaceholderText("e.g. People Partners")
        self.create_email = self._email()
        self.create_pass = _password()
        self.create_repeat = _password()
        self.create_button = QtWidgets.QPushButton("&Create team")
        self.create_button.clicked.connect(self.create)
        form.addRow("Shared folder:", self.create_folder)
        form.addRow("Team name:", self.team_name)
        form.addRow("Your work email:", self.create_email)
        form.addRow("Team passphrase:", self.create_pass)
        form.addRow("Repeat it:", self.create_repeat)
        form.addRow("", self.create_button)
        return box

    def _join_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Join your team")
        form = QtWidgets.QFormLayout(box)
        self.join_folder = FolderField("the folder the team shares with you")
        self.join_email = self._email()
        self.join_pass = _password()
        self.join_button = QtWidgets.QPushButton("&Ask to join")
        self.join_button.clicked.connect(self.join)
        form.addRow("Shared folder:", self.join_folder)
        form.addRow("Your work email:", self.join_email)
        form.addRow("Team passphrase:", self.join_pass)
        form.addRow("", self.join_button)
        return box

    def _email(self) -> QtWidgets.QLineEdit:
        edit = QtWidgets.QLineEdit()
        edit.setPlaceholderText("name@company.com")
        me = get_me(self.state.store) if self.state.store is not None else None
        if me is not None:
            edit.setText(me.email)
        return edit

    def _busy(self, busy: bool, text: str = "") -> None:
        self.create_button.setEnabled(not busy)
        self.join_button.setEnabled(not busy)
        self.message.setText(text)

    def create(self) -> None:
        passphrase = self.create_pass.text()
        if passphrase != self.create_repeat.text():
            self.message.setText("The two passphrases differ; type them again.")
            return
        if len(passphrase) < MIN_PASSPHRASE:
            self.message.setText(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
            return
        store, folder, name = self.state.store, self.create_folder.path(), self.team_name.text()
        email = self.create_email.text()
        self._run(
            lambda: create_team(store, folder, name, passphrase, email=email), "Creating the team…"
        )

    def join(self) -> None:
        store, folder, passphrase = self.state.store, self.join_folder.path(), self.join_pass.text()
        if not self.join_folder.edit.text().strip():
            self.message.setText("Choose the shared folder first.")
            return
        email = self.join_email.text()
        self._run(
            lambda: join_team(store, folder, passphrase, email=email), "Asking to join the team…"
        )

    def _run(self, fn, label: str) -> None:
        self._busy(True, label)
        self.state.ops.background(fn, on_done=self._done, on_error=self._failed, label=label)

    def _done(self, _team) -> None:
        self._busy(False)
        for edit in (self.create_pass, self.create_repeat, self.join_pass):
            edit.clear()
        self.team_ready.emit()

    def _failed(self, exc: Exception) -> None:
        text = str(exc) if isinstance(exc, StoreError) else f"That did not work: {exc}"
        self._busy(False, text)


class ConflictPanel(QtWidgets.QWidget):
    """Both versions of a note side by side: keep one, or edit the shown one and save it."""

    resolve = QtCore.Signal(str, str, bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: Conflict | None = None
        layout = QtWidgets.QVBoxLayout(self)
        sides = QtWidgets.QHBoxLayout()
        self.shown = QtWidgets.QPlainTextEdit()
        self.other = QtWidgets.QPlainTextEdit()
        self.other.setReadOnly(True)
        self.shown_label = QtWidgets.QLabel("Shown version (edit it to merge)")
        self.other_label = QtWidgets.QLabel("Other version")
        for label, edit in ((self.shown_label, self.shown), (self.other_label, self.other)):
            label.setBuddy(edit)
            column = QtWidgets.QVBoxLayout()
            column.addWidget(label)
            column.addWidget(edit, 1)
            sides.addLayout(column, 1)
        layout.addLayout(sides, 1)
        buttons = QtWidgets.QHBoxLayout()
        self.keep_shown = QtWidgets.QPushButton("Keep &shown version")
        self.keep_other = QtWidgets.QPushButton("Keep &other version")
        self.save_merge = QtWidgets.QPushButton("Save &merged text")
        self.keep_shown.clicked.connect(lambda: self._resolve(self.conflict.body))
        self.keep_other.clicked.connect(self._keep_other)
        self.save_merge.clicked.connect(lambda: self._resolve(self.shown.toPlainText()))
        buttons.addStretch(1)
        for button in (self.keep_shown, self.keep_other, self.save_merge):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.show_conflict(None, hidden=False)

    def show_conflict(self, conflict: Conflict | None, hidden: bool) -> None:
        """Fill both sides (or clear them); the privacy screen hides the words."""
        self.conflict = conflict
        usable = conflict is not None and not hidden
        for button in (self.keep_shown, self.keep_other, self.save_merge):
            button.setEnabled(usable)
        self.shown.setReadOnly(not usable)
        if conflict is None:
            self.shown.setPlainText("")
            self.other.setPlainText("")
            self.shown.setPlaceholderText("Select a note on the left to compare its versions.")
            return
        if hidden:
            self.shown.setPlainText(HIDDEN_TEXT)
            self.other.setPlainText(HIDDEN_TEXT)
            return
        self.shown.setPlainText(conflict.body)
        by = f": {conflict.shown_by}" if conflict.shown_by else ""
        self.shown_label.setText(f"Shown version{by} (edit it to merge)")
        if conflict.deleted_elsewhere:
            self.other_label.setText("Other version: deleted on another device")
            self.other.setPlainText("")
            self.other.setPlaceholderText("Keep the other version to delete the note.")
            self.keep_other.setText("Delete the &note")
        else:
            authors = "; ".join(a for a in conflict.others_by if a)
            self.other_label.setText(
                ("Other version" if len(conflict.others) == 1 else "Other versions")
                + (f": {authors}" if authors else "")
            )
            self.other.setPlainText("\n\n───\n\n".join(conflict.others))
            self.keep_other.setText("Keep &other version")

    def _keep_other(self) -> None:
        if self.conflict is not None and self.conflict.deleted_elsewhere:
            self.resolve.emit(self.conflict.note_id, "", True)
        else:
            self._resolve(self.other.toPlainText())

    def _resolve(self, body: str) -> None:
        if self.conflict is not None:
            self.resolve.emit(self.conflict.note_id, body, False)


class TeamSyncView(View):
    """Sidebar view: Team & Sync."""

    title = "Team & Sync"
    PEOPLE_TAB, COMPUTERS_TAB, CONFLICTS_TAB, PROBLEMS_TAB = range(4)

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.controller = controller_for(state)
        self.pages = QtWidgets.QStackedWidget()
        self.setup = TeamSetupPanel(state)
        self.setup.team_ready.connect(self._team_ready)
        self.pages.addWidget(self.setup)
        self.pages.addWidget(self._team_page())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.controller.status_changed.connect(self.status.setText)
        self.controller.progress.connect(self._progress)
        self.controller.finished.connect(self._finished)
        state.hub.privacy_changed.connect(lambda _hidden: self._show_selected_conflict())

    def _team_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        top = QtWidgets.QHBoxLayout()
        self.team_title = heading("Team & Sync")
        top.addWidget(self.team_title, 1)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.sync_button = QtWidgets.QPushButton("&Sync now")
        self.sync_button.setToolTip("Send this device's changes and receive the team's")
        self.sync_button.clicked.connect(self.sync_now)
        top.addWidget(self.progress)
        top.addWidget(self.sync_button)
        layout.addLayout(top)
        self.folder = QtWidgets.QLabel()
        self.folder.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setWordWrap(True)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("errorText")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.folder)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self._people_tab(), "People")
        self.devices_model = DevicesModel(self)
        self.devices = self._table(self.devices_model)
        devices = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(devices)
        column.addWidget(self.devices, 1)
        hint = QtWidgets.QLabel(
            "Each computer writes its changes, encrypted and signed, into its own folder "
            "inside the shared folder, and reads everyone else's. Another rep's computer "
            "appears here after its first sync. Private notes never leave this computer."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        column.addWidget(hint)
        self.tabs.addTab(devices, "Computers")

        self.conflicts_model = ConflictsModel(self)
        self.conflicts = self._table(
            self.conflicts_model, "No conflicts: no one else's change crossed one of yours."
        )
        self.conflicts.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_selected_conflict()
        )
        self.conflict_panel = ConflictPanel()
        self.conflict_panel.resolve.connect(self.resolve)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        split.addWidget(self.conflicts)
        split.addWidget(self.conflict_panel)
        split.setSizes([160, 340])
        self.tabs.addTab(split, "Conflicts")

        problems = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(problems)
        self.problems_model = ProblemsModel(self)
        self.problems = self._table(
            self.problems_model, "No problems: every update in the shared folder was read."
        )
        self.problems.setWordWrap(True)
        column.addWidget(self.problems, 1)
        row = QtWidgets.QHBoxLayout()
        self.resend_button = QtWidgets.QPushButton("Send everything again…")
        self.resend_button.setToolTip(
            "When another rep's computer reports one of this computer's updates as damaged: "
            "send everything this computer wrote again"
        )
        self.resend_button.clicked.connect(self.resend_everything)
        row.addWidget(self.resend_button)
        row.addStretch(1)
        self.dismiss_button = QtWidgets.QPushButton("&Dismiss")
        self.dismiss_all_button = QtWidgets.QPushButton("Dismiss &all")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.dismiss_all_button.clicked.connect(self.dismiss_all)
        row.addWidget(self.dismiss_button)
        row.addWidget(self.dismiss_all_button)
        column.addLayout(row)
        self.tabs.addTab(problems, "Problems")
        layout.addWidget(self.tabs, 1)
        return page

    def _people_tab(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(page)
        self.fingerprint = QtWidgets.QLabel()
        self.fingerprint.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        column.addWidget(self.fingerprint)
        self.people_model = PeopleModel(self)
        self.people = self._table(self.people_model)
        column.addWidget(self.people, 2)
        row = QtWidgets.QHBoxLayout()
        self.remove_person_button = QtWidgets.QPushButton("Remove this person…")
        self.remove_person_button.setToolTip(
            "They leave the team: their computers receive nothing written from now on"
        )
        self.lost_button = QtWidgets.QPushButton("I lost this computer…")
        self.lost_button.setToolTip(
            "Remove one lost or replaced computer: it receives nothing written from now on"
        )
        self.remove_person_button.clicked.connect(lambda: self._remove(whole_person=True))
        self.lost_button.clicked.connect(lambda: self._remove(whole_person=False))
        row.addStretch(1)
        row.addWidget(self.remove_person_button)
        row.addWidget(self.lost_button)
        column.addLayout(row)
        self.requests_label = QtWidgets.QLabel("Asking to join")
        self.requests_label.setObjectName("sectionTitle")
        column.addWidget(self.requests_label)
        self.requests_model = RequestsModel(self)
        self.requests = self._table(
            self.requests_model,
            "No one is asking to join. A new computer asks from its own Team & Sync view, "
            "then shows here for an admin to approve.",
        )
        column.addWidget(self.requests, 1)
        row = QtWidgets.QHBoxLayout()
        hint = QtWidgets.QLabel(
            "Before approving, ask the person (in person or by phone) to read the "
            "fingerprint their computer shows; it must match the one here."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        row.addWidget(hint, 1)
        self.approve_button = QtWidgets.QPushButton("&Approve")
        self.decline_button = QtWidgets.QPushButton("Decline")
        self.approve_button.clicked.connect(self.approve_selected)
        self.decline_button.clicked.connect(self.decline_selected)
        row.addWidget(self.approve_button)
        row.addWidget(self.decline_button)
        column.addLayout(row)
        self.people_message = QtWidgets.QLabel()
        self.people_message.setObjectName("errorText")
        self.people_message.setWordWrap(True)
        column.addWidget(self.people_message)
        return page

    def _table(self, model: QtCore.QAbstractTableModel, empty: str = "") -> QtWidgets.QTableView:
        table = SayingTable(empty)
        table.setModel(model)
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        return table

    # ----- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.state.store
        if store is None:
            return
        team = current_team(store)
        if team is None:
            self.pages.setCurrentWidget(self.setup)
            return
        self.pages.setCurrentIndex(1)
        self.team_title.setText(f"Team & Sync — {team.name}")
        self.folder.setText(f"Shared folder: {team.folder}")
        self.status.setText(self.controller.status)
        self.controller.refresh_status()
        self.devices_model.set_rows(list_devices(store))
        self.devices.resizeColumnsToContents()
        selected = self._selected_conflict()
        conflicts = list_conflicts(store)
        self.conflicts_model.set_rows(conflicts)
        self.conflicts.resizeColumnsToContents()
        ids = [c.note_id for c in conflicts]
        if conflicts:
            row = ids.index(selected.note_id) if selected and selected.note_id in ids else 0
            self.conflicts.selectRow(row)
        self._show_selected_conflict()
        problems = list_problems(store)
        self.problems_model.set_rows(problems)
        self.problems.resizeColumnToContents(ProblemsModel.WHEN)
        self.problems.resizeColumnToContents(ProblemsModel.KIND)
        self.problems.resizeRowsToContents()
        self.dismiss_button.setEnabled(bool(problems))
        self.dismiss_all_button.setEnabled(bool(problems))
        self.tabs.setTabText(
            self.CONFLICTS_TAB, f"Conflicts ({len(conflicts)})" if conflicts else "Conflicts"
        )
        self.tabs.setTabText(
            self.PROBLEMS_TAB, f"Problems ({len(problems)})" if problems else "Problems"
        )
        self._load_people()

    def _load_people(self) -> None:
        """Read the member list and requests off the GUI thread (the folder may be slow)."""
        store = self.state.store
        self.state.ops.background(
            lambda: overview(store),
            on_done=self._show_people,
            on_error=lambda exc: self._people_failed(str(exc)),
            label="Reading the team's member list…",
        )

    def _show_people(self, team: Overview) -> None:
        self.people_model.set_people(team.members, self.state.store.device_id)
        self.people.resizeColumnsToContents()
        self.requests_model.set_rows(team.requests)
        self.requests.resizeColumnsToContents()
        self.fingerprint.setText(f"This computer's fingerprint: {team.fingerprint}")
        for button in (
            self.approve_button,
            self.decline_button,
            self.remove_person_button,
            self.lost_button,
        ):
            button.setEnabled(team.admin)
        self.approve_button.setEnabled(team.admin and bool(team.requests))
        self.decline_button.setEnabled(team.admin and bool(team.requests))
        self.people_message.setText(
            ""
            if team.admin
            else "Only a team admin approves, declines or removes; tell an admin if you lost "
            "a computer."
        )
        self.banner.setVisible(not team.approved)
        self.banner.setText(
            ""
            if team.approved
            else f"Waiting for a team admin to approve this computer. Read them its "
            f"fingerprint, {team.fingerprint}, so they can check it is yours."
        )
        count = len(team.requests)
        self.tabs.setTabText(0, f"People ({count} asking)" if count else "People")

    def _team_changed(self) -> None:
        self.state.ops.announce(Changes(team=True, initiator=self))
        self.refresh()

    def _people_failed(self, text: str) -> None:
        self.people_message.setText(text)

    def _selected(self, table: QtWidgets.QTableView, model) -> object | None:
        index = table.currentIndex()
        return (
            model.rows[index.row()] if index.isValid() and index.row() < len(model.rows) else None
        )

    def approve_selected(self) -> None:
        request = self._selected(self.requests, self.requests_model)
        if request is None:
            self.people_message.setText("Select a computer in 'Asking to join' first.")
            return
        self._team_action(lambda store: approve(store, request.device.device_id))

    def decline_selected(self) -> None:
        request = self._selected(self.requests, self.requests_model)
        if request is None:
            self.people_message.setText("Select a computer in 'Asking to join' first.")
            return
        self._team_action(lambda store: decline(store, request.device.device_id))

    def _remove(self, whole_person: bool) -> None:
        row = self._selected(self.people, self.people_model)
        if row is None:
            self.people_message.setText("Select a person's computer in the list first.")
            return
        member, device = row
        who = member.email if whole_person else device.device_id
        what = (
            f"Remove {member.email} and all their computers from the team?"
            if whole_person
            else f"Remove the computer {device.name or device.device_id} of {member.email}?"
        )
        answer = QtWidgets.QMessageBox.question(
            self,
            "Remove from the team",
            f"{what} A new team key is used from now on: nothing written after this is "
            "readable on the removed computer. What it already received stays on it.",
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            self._team_action(lambda store: remove(store, who))

    def _team_action(self, action) -> None:
        store = self.state.store
        self.state.ops.background(
            lambda: action(store),
            on_done=lambda _result: self._team_changed(),
            on_error=lambda exc: self._people_failed(str(exc)),
            label="Updating the team…",
        )

    def _selected_conflict(self) -> Conflict | None:
        index = self.conflicts.currentIndex()
        rows = self.conflicts_model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _show_selected_conflict(self) -> None:
        self.conflict_panel.show_conflict(self._selected_conflict(), self.state.privacy)

    # ----- actions --------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.controller.sync_now():
            self.sync_button.setEnabled(False)
            self.progress.setRange(0, 0)
            self.progress.show()

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total}")
        self.progress.setToolTip(label)

    def _finished(self, _report) -> None:
        self.sync_button.setEnabled(True)
        self.progress.hide()
        if self.isVisible():
            self.refresh()

    def _team_ready(self) -> None:
        self.refresh()
        self.controller.start()
        self.sync_now()

    def resolve(self, note_id: str, body: str, delete: bool) -> None:
        """Keep ``body`` as the note's text, or agree to the other device's deletion."""
        self.state.ops.change(
            lambda store: resolve_conflict(store, note_id, body, delete),
            Changes(notes=True),
            initiator=self,
        )
        self.refresh()

    def dismiss_selected(self) -> None:
        index = self.problems.currentIndex()
        if index.isValid():
            problem_id = self.problems_model.rows[index.row()].id
            self.state.ops.change(
                lambda store: dismiss_problem(store, problem_id), Changes(team=True), initiator=self
            )
            self.refresh()

    def resend_everything(self) -> None:
        """After a confirmation, send every record this device wrote again."""
        answer = QtWidgets.QMessageBox.question(
            self,
            "Send everything again",
            "Send everything this computer wrote to the team again? Do this when another "
            "rep's Partner Desk reports one of your updates as damaged.",
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        ok, _ = self.state.ops.change(resend_all, Changes(team=True), initiator=self)
        if ok:
            self.sync_now()

    def dismiss_all(self) -> None:
        self.state.ops.change(dismiss_problem, Changes(team=True), initiator=self)
        self.refresh()
