"""The main window: sidebar of views, the meeting screen, status bar, menus and locking."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

from partnerdesk import APP_NAME, __version__
from partnerdesk.ui import geometry, tab_order
from partnerdesk.ui.after_paint import after_next_paint
from partnerdesk.ui.idle_lock import IdleLock
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.status_bar import StatusBar
from partnerdesk.ui.views.base import View, scale_font

log = logging.getLogger(__name__)

#: Sidebar entries: (key, label, module, class). Views are built the first time they are shown.
VIEWS: tuple[tuple[str, str, str, str], ...] = (
    ("today", "Today", "today", "TodayView"),
    ("managers", "Managers", "managers", "ManagersView"),
    ("meetings", "Meetings", "meetings", "MeetingsView"),
    ("followups", "Follow-ups", "followups", "FollowUpsView"),
    ("signals", "Signals & cases", "signals", "SignalsView"),
    ("agenda", "Agenda", "agenda", "AgendaView"),
    ("reports", "Reports", "reports", "ReportsView"),
    ("sync", "Team & Sync", "sync", "TeamSyncView"),
)


class MainWindow(QtWidgets.QMainWindow):
    """Partner Desk's window: a sidebar on the left, the selected view on the right."""

    view_changed = QtCore.Signal(str)
    #: Emitted (from the opening thread) when the store must be upgraded first.
    upgrading = QtCore.Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setWindowTitle(APP_NAME)
        # fitted to the screen, or as last left on it
        geometry.restore(self, geometry.window_settings(state.paths.root))
        self._views: dict[str, View] = {}
        self._chrome_finished = False
        self._closed = False
        self._meeting_view: QtWidgets.QWidget | None = None
        self._place = None  # where the rep was in a meeting when the app locked
        self.search_panel = None  # made the first time search is opened (Ctrl+K)
        #: What Today shows: None yet, "snapshot" (the last close's) or "store".
        self.today_source: str | None = None
        self._when_open: Callable[[], None] | None = None
        self._checked_ok = False  # this session's integrity check found nothing wrong

        self.lock_page = self._make_lock_page()
        self.upgrading.connect(self._show_upgrading)  # queued: emitted off the GUI thread
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.lock_page)
        self.setCentralWidget(self.pages)

        self.sync = None
        self._make_status_bar()
        bar = self.menuBar()
        self.menus = {title: bar.addMenu(title) for title in ("&File", "&View", "&Help")}
        state.hub.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        state.hub.problem.connect(lambda text: self.statusBar().showMessage(text, 12_000))
        state.hub.navigate.connect(self.navigate)
        state.hub.task_started.connect(self._on_task_started)
        state.hub.task_finished.connect(self._on_task_finished)
        self.idle_lock = IdleLock(state, self.lock, self.unlock, parent=self)
        if state.store is not None:
            self._show_unlocked()
        else:
            self._show_locked()

    def _make_content(self) -> None:
        """The sidebar of views and the stack that shows them."""
        self.sidebar = QtWidgets.QListWidget()
        self.sidebar.setObjectName("sidebar")
        for index, (_key, label, _module, _cls) in enumerate(VIEWS):
            item = QtWidgets.QListWidgetItem(label)
            item.setToolTip(f"{label} (Ctrl+{index + 1})")
            self.sidebar.addItem(item)
        # as wide as its longest name (with the style sheet's padding) and a little air:
        # no wider, so a narrow window (150% on a small screen) keeps its room for the view
        self.sidebar.ensurePolished()
        margins = self.sidebar.contentsMargins()
        width = self.sidebar.sizeHintForColumn(0) + margins.left() + margins.right() + 12
        self.sidebar.setFixedWidth(width)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.setObjectName("viewStack")
        self.content = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.pages.addWidget(self.content)
        self.sidebar.currentRowChanged.connect(self._on_row_changed)

    # ----- views -------------------------------------------------------------------------

    def view(self, key: str) -> View:
        """The view for ``key``, built on first use."""
        if key not in self._views:
            _key, _label, module, cls = next(v for v in VIEWS if v[0] == key)
            view_cls = getattr(importlib.import_module(f"partnerdesk.ui.views.{module}"), cls)
            view = view_cls(self.state)
            view.setObjectName(f"view-{key}")
            view.tabs_arranged.connect(lambda v=view: self._link_tabs(v))
            self._views[key] = view
            self.stack.addWidget(view)
        return self._views[key]

    def _link_tabs(self, view: View) -> None:
        """Tab goes from the sidebar into the view's chain, and from its end to Sync."""
        if view.isVisible():
            tab_order.chain([self.sidebar, *view.tab_chain, getattr(self, "sync_button", None)])

    def show_view(self, key: str) -> View:
        """Select ``key`` in the sidebar and show its view."""
        row = next(i for i, v in enumerate(VIEWS) if v[0] == key)
        self.sidebar.setCurrentRow(row)
        return self._views[key]

    def current_view_key(self) -> str:
        return VIEWS[max(self.sidebar.currentRow(), 0)][0]

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = VIEWS[row][0]
        self.stack.setCurrentWidget(self.view(key))
        self.view_changed.emit(key)

    def navigate(self, request: Navigate) -> None:
        """Show what ``request`` asks for (every navigation of the app comes here); while
        the store is still opening, once it is open."""
        if self.state.store is None:
            self.when_open(lambda: self.navigate(request))
            return
        kind, target = request.kind, request.target
        if kind == "view":
            self.show_view(target)
        elif kind == "meeting":
            self.open_meeting(target)
        elif kind == "manager":
            from partnerdesk.core.meetings import MeetingService

            ok, meeting_id = self.state.ops.change(
                lambda store: MeetingService(store).open_or_plan(target), Changes(meetings=True)
            )
            if ok:
                self.open_meeting(meeting_id)
        elif kind == "signal":
            self.show_view("signals").select_signal(target)
        elif kind == "followup":
            self.show_view("followups").show_followup(target)
        elif kind == "department":
            view = self.show_view("signals")
            view.department_box.setCurrentIndex(max(0, view.department_box.findData(target)))
        elif kind == "assign":
            self.show_view("managers").propose_assignment()
        elif kind == "import":
            self.show_view("managers").import_roster()
        elif kind == "search":
            self.open_search()
            self.search_panel.query.setText(target)
            self.search_panel.run_search()

    def open_meeting(self, meeting_id: str) -> QtWidgets.QWidget:
        """Show the meeting screen for ``meeting_id`` (Esc or Back returns to the sidebar view).

        One meeting screen is kept and refilled in place: it saves what was typed in the
        previous meeting first (and stays on it, saying why, if that cannot be saved)."""
        view = self.meeting_screen()
        view.load(meeting_id)
        self.stack.setCurrentWidget(view)
        view.focus_first_answer()
        return view

    def meeting_screen(self) -> QtWidgets.QWidget:
        """The one meeting screen, built on first use or ahead of it once the app is idle
        (building it takes about a quarter of a second)."""
        from partnerdesk.ui.views.meeting import MeetingView

        if self._meeting_view is None:
            self._meeting_view = MeetingView(self.state, parent=self.stack)
            self._meeting_view.closed.connect(self.close_meeting)
            self.stack.addWidget(self._meeting_view)
        return self._meeting_view

    def close_meeting(self) -> None:
        """Leave the meeting screen (its notes are saved, and it keeps none of their text)
        and go back to the view."""
        if self._meeting_view is not None:
            self._meeting_view.unload()
        self.statusBar().clearMessage()  # it may quote the meeting ("Follow-up added: …")
        self.stack.setCurrentWidget(self.view(self.current_view_key()))

    # ----- chrome -------------------------------------------------------------------------

    def _make_status_bar(self) -> None:
        bar = StatusBar(self)
        self.setStatusBar(bar)
        self.lock_label = QtWidgets.QLabel()
        self.lock_label.setObjectName("lockState")
        self.where_label = QtWidgets.QLabel()
        self.where_label.setObjectName("dataLocation")
        self.task_progress = QtWidgets.QProgressBar()
        self.task_progress.setRange(0, 0)
        self.task_progress.setMaximumWidth(140)
        self.task_progress.hide()
        bar.addPermanentWidget(self.task_progress)
        bar.addPermanentWidget(self.where_label)
        bar.give_way(self.where_label)  # it is in Settings too; a message says more
        bar.addPermanentWidget(self.lock_label)
        self._update_status()

    def _update_status(self) -> None:
        if self.state.store is None:
            self.lock_label.setText("Locked")
        else:
            from partnerdesk.core.profile import key_storage

            how = "OS keyring" if key_storage(self.state.paths) == "keyring" else "passphrase"
            self.lock_label.setText(f"Unlocked ({how})")
        if self.sync is not None:  # locked: nothing to sync until the notes are open
            self.sync_button.setEnabled(self.state.store is not None)
        self.where_label.setText(f"Data: {self.state.paths.root}")
        self.where_label.setToolTip("Where this profile keeps its encrypted database")

    def _on_task_started(self, label: str) -> None:
        self.task_progress.show()
        self.statusBar().showMessage(label)

    def _on_task_finished(self, label: str) -> None:
        self.task_progress.hide()
        self.statusBar().showMessage(f"{label.rstrip('…')} — done", 4000)

    def _make_menus(self) -> None:
        file_menu = self.menus["&File"]
        self._action(file_menu, "&Settings…", "Ctrl+,", self.open_settings)
        self._action(file_menu, "S&ync with the team now", "F5", self.sync_now)
        self._action(file_menu, "Change &passphrase…", None, self.change_passphrase)
        self._action(file_menu, "&Back up now", None, self.back_up_now)
        self._action(file_menu, "&Restore backup…", None, self.restore_backup)
        file_menu.addSeparator()
        self._action(file_menu, "Import &engagement results…", None, self.import_engagement)
        self.lock_action = self._action(file_menu, "&Lock now", "Ctrl+L", self.lock)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QtGui.QKeySequence.StandardKey.Quit, self.close)

        view_menu = self.menus["&View"]
        for index, (key, label, _m, _c) in enumerate(VIEWS):
            text = label.replace("&", "&&")
            self._action(view_menu, text, f"Ctrl+{index + 1}", lambda k=key: self.show_view(k))
        view_menu.addSeparator()
        self._action(view_menu, "&Search notes, follow-ups, signals…", "Ctrl+K", self.open_search)
        self.privacy_action = self._action(
            view_menu, "&Privacy screen (hide note text)", "Ctrl+Shift+H", self.toggle_privacy
        )
        self.privacy_action.setCheckable(True)

        help_menu = self.menus["&Help"]
        sheet = self._action(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        sheet.setShortcuts([QtGui.QKeySequence("F1"), QtGui.QKeySequence("Ctrl+/")])
        self._action(help_menu, f"&About {APP_NAME}", None, self.show_about)

    def _action(self, menu, text, shortcut, slot) -> QtGui.QAction:
        action = menu.addAction(text)
        if isinstance(shortcut, str):
            # setShortcuts, not setShortcut: resolving that overload loads every Qt enum
            action.setShortcuts([QtGui.QKeySequence(shortcut)])
        elif shortcut is not None:
            action.setShortcuts(QtGui.QKeySequence.keyBindings(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def open_search(self) -> None:
        """Show the search panel (results as you type)."""
        from partnerdesk.ui.widgets.search_panel import SearchPanel, open_hit

        if self.search_panel is None:
            self.search_panel = SearchPanel(self.state, self)
            self.search_panel.hit_activated.connect(
                lambda hit: open_hit(self.state, self.search_panel, hit)
            )
        self.search_panel.show_ready()

    def toggle_privacy(self) -> None:
        """Hide every note's text on screen, or bring it back."""
        self.state.set_privacy(not self.state.privacy)
        self.privacy_action.setChecked(self.state.privacy)
        self.statusBar().showMessage(
            "Privacy screen on: note text hidden (Ctrl+Shift+H to show)"
            if self.state.privacy
            else "Privacy screen off",
            5000,
        )

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Prepare, capture and report your People Partner meetings with managers.</p>"
            f"<p>Your data lives, encrypted, in<br><code>{self.state.paths.root}</code></p>",
        )

    def show_shortcuts(self) -> None:
        from partnerdesk.ui.dialogs.once import used_once
        from partnerdesk.ui.dialogs.shortcuts import ShortcutsDialog

        with used_once(ShortcutsDialog(self)):
            pass

    def open_settings(self) -> None:
        from partnerdesk.ui.dialogs.settings import SettingsDialog
        from partnerdesk.ui.theme import apply as apply_appearance

        settings, ok = SettingsDialog.get_settings(self, self.state.settings, self.state.paths)
        if ok:
            from partnerdesk.core.cases import set_auto_cases

            settings.save(self.state.paths.settings_file)
            if self.state.store is not None:
                self.state.ops.change(
                    lambda store: set_auto_cases(store, settings.lifecycle_cases), Changes()
                )
            self.state.settings = settings
            apply_appearance(QtWidgets.QApplication.instance(), settings.appearance)
            self.state.ops.announce(Changes(settings=True))

    def change_passphrase(self) -> None:
        from partnerdesk.ui.dialogs.unlock import ChangePassphraseDialog

        ChangePassphraseDialog.change(self, self.state)

    # ----- sync ---------------------------------------------------------------------------

    def _settle(self) -> None:
        """After the view's first paint: start syncing, then prepare the meeting screen."""
        self._make_sync()
        QtCore.QTimer.singleShot(0, self.meeting_screen)

    def _make_sync(self) -> None:
        """The sync status in the status bar, a Sync button, and the periodic background sync."""
        from partnerdesk.ui.sync_controller import controller_for

        if self.sync is not None or self.state.store is None:
            return
        self.sync = controller_for(self.state)
        self.sync_label = QtWidgets.QLabel()
        self.sync_label.setObjectName("syncStatus")
        self.sync_button = QtWidgets.QToolButton()
        self.sync_button.setText("Sync")
        self.sync_button.setToolTip("Send this device's changes and receive the team's")
        self.sync_button.clicked.connect(self.sync_now)
        self.statusBar().insert_first(self.sync_button)
        self.statusBar().insert_first(self.sync_label)
        self.sync.status_changed.connect(self.sync_label.setText)
        self.sync.start()

    def sync_now(self) -> None:
        """Sync with the team off the GUI thread (the status bar shows progress)."""
        if self.sync is not None and not self.sync.sync_now():
            self.statusBar().showMessage(self.sync.status or "Not syncing: no team yet", 5000)

    # ----- health -------------------------------------------------------------------------

    def check_integrity(self) -> None:
        """Verify every page of the database off the GUI thread (doctor runs the full check)."""
        from partnerdesk.core.store.backup import integrity_problems

        self._checked_ok = False
        engine = self.state.store.engine
        self.state.ops.background(
            lambda: integrity_problems(engine, full=False),
            on_done=self.on_integrity_result,
            on_error=lambda exc: self.on_integrity_result([str(exc)]),
            label="Checking the database…",
        )

    def on_integrity_result(self, problems: list[str]) -> None:
        """A damaged database is reopened read-only, and the user is told what to do."""
        self._checked_ok = not problems
        if not problems or self.state.store is None:
            return
        self.state.store.reopen_readonly()
        self.lock_label.setText("Read-only: database damaged")
        QtWidgets.QMessageBox.warning(
            self,
            "Your database is damaged",
            f"Partner Desk found {len(problems)} problem(s) in {self.state.store.path}.\n\n"
            "It is now open read-only, so nothing is written over it. Restore the latest "
            "backup (File ▸ Restore backup…) or run `partnerdesk doctor` for details.",
        )

    def back_up_now(self) -> None:
        """Write an encrypted backup into the profile's backups folder, off the GUI thread."""
        from partnerdesk.core.store.backup import backup_database

        engine, folder = self.state.store.engine, self.state.paths.backups
        keep = self.state.settings.backup_keep
        self.state.ops.background(
            lambda: backup_database(engine, folder, keep=keep),
            on_done=lambda path: self.statusBar().showMessage(f"Backup written: {path}", 10_000),
            label="Backing up…",
        )

    def import_engagement(self, source: str | None = None) -> None:
        """Import a survey tool's engagement results (CSV or Excel) off the GUI thread, then
        say what was added and which rows named no manager of the roster."""
        from partnerdesk.core.engagement import import_results
        from partnerdesk.core.store.messages import user_message

        if source is None:
            source, _filter = QtWidgets.QFileDialog.getOpenFileName(
                self,
                "Engagement results",
                str(Path.home()),
                "Survey exports (*.csv *.xlsx *.xls *.ods *.txt);;All files (*)",
            )
            if not source:
                return
        store, title = self.state.store, "Engagement results"

        def done(result) -> None:
            if self.state.store is None:  # locked meanwhile: nothing shows over the lock page
                return
            self.state.ops.announce(Changes(engagement=True, initiator=self))
            QtWidgets.QMessageBox.information(self, title, "\n".join(result.lines()))

        def failed(exc: Exception) -> None:
            if self.state.store is not None:
                QtWidgets.QMessageBox.warning(self, title, user_message(exc) or str(exc))

        self.state.ops.background(
            lambda: import_results(store, source), done, failed, "Importing engagement results…"
        )

    def restore_backup(self, source: str | None = None) -> bool:
        """Replace the database with a backup file (checked first; the current one is kept).

        The store closes, the restore and the reopening run through ``ops.wait`` (off the
        GUI thread, with a busy indicator); a failure is one warning, and the profile is
        reopened as it was (or, if even that fails, left locked to unlock again)."""
        from partnerdesk.core.profile import open_store
        from partnerdesk.core.store.backup import restore_database
        from partnerdesk.core.store.secret import wipe

        if source is None:
            source, _filter = QtWidgets.QFileDialog.getOpenFileName(
                self,
                "Restore a backup",
                str(self.state.paths.backups),
                "Partner Desk backups (*.pdbackup);;All files (*)",
            )
            if not source:
                return False
            answer = QtWidgets.QMessageBox.question(
                self,
                "Restore backup",
                "Replace everything in this profile with the backup? The current database "
                "is kept as a backup first.",
            )
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return False
        paths, keep = self.state.paths, self.state.settings.backup_keep
        key = bytes(self.state.store.key)  # a copy: locking wipes the store's own
        self.lock_for_maintenance()
        ops = self.state.ops
        restored, _ = ops.wait(
            lambda: restore_database(paths.database, Path(source), key, paths.backups, keep),
            "Restoring the backup…",
            parent=self,
        )
        opened, store = ops.wait(lambda: open_store(paths, key), "Opening your notes…", parent=self)
        wipe(key)
        if opened:
            self.set_store(store)
        if restored:
            self.statusBar().showMessage("Backup restored.", 8000)
        return restored and opened

    # ----- locking ------------------------------------------------------------------------

    def _make_lock_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        page.setObjectName("lockPage")
        layout = QtWidgets.QVBoxLayout(page)
        layout.addStretch(1)
        self.lock_title = QtWidgets.QLabel()
        self.lock_title.setObjectName("emptyTitle")
        scale_font(self.lock_title, 1.5, bold=True)
        self.lock_note = QtWidgets.QLabel()  # both centred by app.qss (#lockPage QLabel)
        self.unlock_button = QtWidgets.QPushButton("Unlock…")
        self.unlock_button.clicked.connect(self.unlock)
        button_row = QtWidgets.QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.unlock_button)
        button_row.addStretch(1)
        layout.addWidget(self.lock_title)
        layout.addWidget(self.lock_note)
        layout.addLayout(button_row)
        layout.addStretch(2)
        return page

    def lock(self) -> None:
        """Close the store (the key leaves memory) and hide everything behind the lock page."""
        if self.state.store is None:
            return
        screen = self._meeting_view
        if screen is not None and self.stack.currentWidget() is screen:
            self._place = screen.place()  # unlocking comes back to it
        self.state.hub.locked_changed.emit(True)  # editors save what is typed first
        self.lock_for_maintenance()
        self.unlock_button.setFocus()

    def lock_for_maintenance(self) -> None:
        """Save what is being typed, close the store and show the lock page."""
        self._close_other_windows()
        if self._meeting_view is not None:
            self.close_meeting()
        focus = QtWidgets.QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()  # lets note editors save on focus-out before the store closes
        self.state.store.writes.close()  # background writes end (one chunk at most)
        self._show_locked()  # covers the notes; the store closes behind it
        self.statusBar().clearMessage()
        self._close_store()
        self._update_status()

    def _close_other_windows(self) -> None:
        """Close every dialog, menu and tooltip of the app, and drop the search panel with
        its results: each may show note text, which must not stay over the lock page (an
        idle lock comes while a follow-up or flag dialog is open). An open dialog is
        cancelled, as if the rep pressed Esc, after the meeting screen keeps what was typed
        into the dialogs it opened (its parking lot, marked unfinished); what a dialog of
        another view holds (a follow-up about someone else) never lands in that meeting."""
        from partnerdesk.ui.dialogs.once import WordsDialog

        QtWidgets.QToolTip.hideText()
        shown = [
            w for w in QtWidgets.QApplication.topLevelWidgets() if w is not self and w.isVisible()
        ]
        meeting = self._meeting_view
        if meeting is not None:  # the store is still open here
            words = [
                w.unfinished()
                for w in shown
                if isinstance(w, WordsDialog) and _opened_from(w, meeting)
            ]
            meeting.keep_unfinished([text for text in words if text])
        for widget in shown:
            if isinstance(widget, QtWidgets.QDialog):
                widget.reject()
            else:
                widget.close()
        if self.search_panel is not None:
            self.search_panel.hide()
            self.search_panel.deleteLater()  # its query and hits go with it
            self.search_panel = None

    def _close_store(self) -> None:
        """Close the store, and keep what Today shows (encrypted) for the next start."""
        from partnerdesk.core.store.snapshot import discard_snapshot, write_snapshot
        from partnerdesk.ui.views.today import TodayView

        store, paths = self.state.store, self.state.paths
        self.state.ops.stop_background()  # background work ends between two transactions
        self.state.store = None
        self.today_source = None
        self._when_open = None
        from partnerdesk.core.store.secret import wipe

        # A copy: closing the store wipes its key, and the snapshot is sealed after that.
        key = bytearray(store.key) if store.key is not None else None
        shown = self._today_now(store)
        store.close()
        try:
            if shown is None or key is None:
                discard_snapshot(paths)
                return
            write_snapshot(paths, TodayView.LAYOUT, key, shown)
        except Exception:  # a convenience for the next start: closing must go on
            log.exception("Today was not kept for the next start")
            discard_snapshot(paths)
        finally:
            wipe(key)

    def _today_now(self, store) -> dict | None:
        """What Today shows now, read from the store; None unless this session's check
        found the database sound, or if it cannot be read (the next start then reads the
        store)."""
        if store.readonly or not self._checked_ok:
            return None
        try:
            return self.view("today").present(store)
        except Exception:  # a convenience for the next start: closing must go on
            log.exception("Today was not kept for the next start")
            return None

    def show_opening(self) -> None:
        """The lock page saying the notes are being opened (what the first paint shows)."""
        self._show_locked(opening=True)

    def _show_upgrading(self) -> None:
        """The opening page, while this version upgrades the store (once, after an update)."""
        title = "Updating your notes for this version…"
        if self.pages.currentWidget() is not self.lock_page:  # Today from the snapshot
            self.statusBar().showMessage(title)
            return
        self.lock_title.setText(title)
        self.lock_note.setText(
            "Once after an update; a backup is taken first. A large store can take a minute."
        )

    def _show_locked(self, opening: bool = False) -> None:
        """The lock page: locked (with an Unlock button), or opening the store."""
        if opening:
            self.lock_title.setText("Opening your notes…")
            self.lock_note.setText("Decrypting the database on this computer.")
        else:
            self.lock_title.setText(f"{APP_NAME} is locked")
            self.lock_note.setText(
                "Your notes are encrypted and closed; unlock to open them again."
            )
        self.unlock_button.setVisible(not opening)
        self.pages.setCurrentWidget(self.lock_page)
        self.menuBar().setEnabled(False)
        self._update_status()
        if opening:
            self.lock_label.setText("Opening…")

    def finish_chrome(self) -> None:
        """Build what the first paint does not show: the sidebar and its views, the menus'
        actions with shortcuts that work from any window of the app (the shortcut context
        would load every enum of Qt's namespace, ~30 ms), a selectable data path."""
        if self._chrome_finished:
            return
        self._chrome_finished = True
        self._make_content()
        self._make_menus()
        application_wide = QtCore.Qt.ShortcutContext.ApplicationShortcut
        for action in self.menuBar().findChildren(QtGui.QAction):
            if not action.shortcut().isEmpty():
                action.setShortcutContext(application_wide)
        self.where_label.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )

    def _show_unlocked(self, start_sync_later: bool = False) -> None:
        """The app on an unlocked store; sync starts with it (after the first paint of the
        view when ``start_sync_later``: its status count can wait, the rep's day cannot)."""
        self.finish_chrome()
        if self.sync is None:
            if start_sync_later:
                after_next_paint(self.stack, self._settle, at_most_ms=300)
            else:
                self._make_sync()
        self.pages.setCurrentWidget(self.content)
        self.menuBar().setEnabled(True)
        self.sidebar.setEnabled(True)
        if self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)
        self._update_status()

    def set_store(self, store) -> None:
        """Show the app on an unlocked store: views refresh, the database is checked."""
        if self._closed:  # opened in the background after the window was closed
            store.close()
            return
        self.state.store = store
        self.state.me_rep_id = self.state.load_me()
        self.state.hub.locked_changed.emit(False)
        self.state.ops.announce(Changes.everything())  # hidden views refresh when shown
        self._show_unlocked(start_sync_later=True)
        self.today_source = "store"
        self.check_integrity()
        pending, self._when_open = self._when_open, None
        if pending is not None:
            pending()

    def when_open(self, act: Callable[[], None]) -> None:
        """Run ``act`` now if the store is open, else once it is (a rep may act on Today
        while it still shows the snapshot); a later act replaces one still waiting."""
        if self.state.store is not None:
            act()
        else:
            self._when_open = act
            self.statusBar().showMessage("Opening your notes… one moment.", 4000)

    def open_in_background(self, passphrase: str | None = None) -> None:
        """Unlock after the window has painted, off the GUI thread: the keyring or the given
        passphrase (a pending migration runs there too); without either, the unlock dialog.

        The key is fetched on a thread of its own (Argon2id releases the GIL). Meanwhile,
        if the last close left a Today snapshot that still holds, the Today view is built,
        and shown from the snapshot once the key is known; the store opens after that.
        Otherwise the open task loads SQLAlchemy while the key is derived."""
        from partnerdesk.core.store.snapshot import Snapshot
        from partnerdesk.ui.tasks import in_thread
        from partnerdesk.ui.views.today import TodayView

        paths = self.state.paths

        def fetch_key() -> bytes:
            from partnerdesk.core.profile import unlock_key

            return unlock_key(paths, passphrase, create=False)

        key = in_thread(fetch_key)
        self.show_opening()
        self.finish_chrome()
        snapshot = Snapshot.current(paths, TodayView.LAYOUT)
        if snapshot is None:
            self._open_store(key)
        else:
            self.view("today")
            self.state.ops.background(
                key.result,
                on_done=lambda data_key: self._show_snapshot(snapshot, data_key, key),
                on_error=self._open_failed,
                label="Unlocking…",
            )

    def _open_store(self, key) -> None:
        """Open the store off the GUI thread with the key the ``key`` future brings."""

        def open_it():
            importlib.import_module("partnerdesk.core.store.migrate")  # SQLAlchemy, meanwhile
            from partnerdesk.core.profile import open_store

            return open_store(self.state.paths, key.result(), on_upgrade=self.upgrading.emit)

        self.state.ops.background(
            open_it, on_done=self.set_store, on_error=self._open_failed, label="Opening your notes…"
        )

    def _show_snapshot(self, snapshot, data_key: bytes, key) -> None:
        """Show Today as the last close left it, then open the store behind it: once Today
        is painted (the open would hold up the paint), or after 0.2 s at most (a hidden
        window is not painted)."""
        if self._closed or self.state.store is not None:
            return
        today = self.view("today")
        try:
            shown = snapshot.open(data_key) if snapshot.holds() else None
            if shown is not None:
                today.display(shown)
        except Exception:  # a snapshot this version cannot show: read the store instead
            log.exception("The Today snapshot could not be shown")
            shown = None
        if shown is None:
            self._open_store(key)
            return
        self.pages.setCurrentWidget(self.content)
        self.sidebar.setEnabled(False)  # the other views need the store
        self.sidebar.setCurrentRow(0)
        self.today_source = "snapshot"

        def open_store_now() -> None:
            if not self._closed:
                self._open_store(key)

        after_next_paint(today, open_store_now, at_most_ms=200)

    def _open_failed(self, exc: Exception) -> None:
        """The background unlock failed: ask (and explain) through the unlock dialog."""
        self.today_source = None
        self._when_open = None  # a click on the snapshot's Today is not carried over
        self._show_locked()
        self.statusBar().showMessage(str(exc), 10_000)
        self.unlock()

    def unlock(self) -> bool:
        """Ask for the key again and reopen the store."""
        from partnerdesk.ui.dialogs.unlock import UnlockDialog

        store, ok = UnlockDialog.get_store(self, self.state)
        if not ok:
            return False
        self.set_store(store)
        place, self._place = self._place, None
        if place is not None:  # back in the meeting, where the rep was before the lock
            self.open_meeting(place.meeting_id).restore(place)
        return True

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self._closed = True
        geometry.remember(self, geometry.window_settings(self.state.paths.root))
        self.idle_lock.stop()
        if self.sync is not None:
            self.sync.stop()
        focus = QtWidgets.QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()
        if self._meeting_view is not None:
            self._meeting_view.close()
        if self.state.store is not None:
            self._close_store()
        else:
            QtCore.QThreadPool.globalInstance().waitForDone(10_000)
        super().closeEvent(event)


def _opened_from(dialog: QtWidgets.QWidget, screen: QtWidgets.QWidget) -> bool:
    """True when ``dialog`` was opened from ``screen`` (its parent, or a parent's parent)."""
    parent = dialog.parentWidget()
    while parent is not None and parent is not screen:
        parent = parent.parentWidget()
    return parent is screen
