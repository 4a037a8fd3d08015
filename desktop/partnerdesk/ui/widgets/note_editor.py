"""The note editor: plain text that saves itself, a visibility chip, and the privacy screen.

There is no Save button. The first unsaved keystroke starts a timer of
``Settings.autosave_ms`` (800 ms by default, never more than 900 ms); when it fires the
text is committed, so every keystroke is durable within a second even while the rep
keeps typing. Leaving the editor (focus change), hiding or closing it, locking the app
and quitting save at once. Saving never touches the text document, so undo works
across autosaves. A note that does not exist yet (a :class:`NoteDraft`) is created on
the first save that has text, so empty answer areas leave nothing behind.

A screen that has already read the note (the meeting prefill) passes it as a
:class:`NoteView` with its lock state, so opening the editor reads nothing. Colours come
from the application style sheet (``resources/styles/app.qss``) through object names and
the ``visibility`` and ``failed`` properties: no per-widget style sheets to parse.

A screen that shows one note after another (the meeting screen, refilled in place for
the next meeting) calls :meth:`NoteEditor.bind`: it saves what was typed into the note
it had, and only then shows the next one, with a fresh undo history, so no keystroke
can reach the wrong note.
"""

from __future__ import annotations

from dataclasses import replace

from partnerdesk.core.notes import (
    VISIBILITIES,
    VISIBILITY_HELP,
    VISIBILITY_LABELS,
    NoteDraft,
    NoteLocked,
    NoteMissing,
    NoteView,
    create_note,
    note_for_editing,
    save_body,
    set_visibility,
)
from partnerdesk.core.sharing import PRIVATE, SHARED, WAITING, share_state
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState

MAX_AUTOSAVE_MS = 900
#: Private <-> team; it never raises a note to exec (that asks first, from the chip's menu).
VISIBILITY_SHORTCUT = "Ctrl+Shift+V"
PRIVACY_SHORTCUT = "Ctrl+Shift+H"
#: Let what was typed in the meeting leave now (the meeting screen's Share now).
SHARE_NOW_SHORTCUT = "Ctrl+Shift+O"
LOCKED_TEXT = "Finalised meeting: notes are locked; add an addendum."
#: Short: the footer of an answer is narrow at 150%; the tooltip says where to compare.
ELSEWHERE_TEXT = "Also changed elsewhere: both versions kept"
ELSEWHERE_TIP = "The other device's version is kept in Team & Sync, to compare and choose"


def repolish(widget: QtWidgets.QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on, and restyle ``widget`` if it changed."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if widget.isVisible() or widget.testAttribute(QtCore.Qt.WidgetAttribute.WA_WState_Polished):
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class VisibilityChip(QtWidgets.QToolButton):
    """A coloured pill saying who may read the note; a click offers the three levels
    (colours per ``visibility`` property in app.qss)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visibilityChip")
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.visibility = ""

    def show_visibility(self, visibility: str) -> None:
        if visibility == self.visibility:
            return
        self.visibility = visibility
        self.setText(VISIBILITY_LABELS.get(visibility, visibility))
        self.setToolTip(
            f"{VISIBILITY_HELP.get(visibility, visibility)}\n"
            f"Click to choose; {VISIBILITY_SHORTCUT} switches private ⇄ team."
        )
        self.setAccessibleName(f"Visibility: {VISIBILITY_LABELS.get(visibility, visibility)}")
        self.setAccessibleDescription("Who may read this note; click to choose")
        repolish(self, "visibility", visibility)


class _TextEdit(QtWidgets.QPlainTextEdit):
    """The typing surface; tells its editor when focus leaves it."""

    focus_lost = QtCore.Signal()

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class NoteEditor(QtWidgets.QWidget):
    """An autosaving plain-text editor bound to one note (or to a draft of one)."""

    saved = QtCore.Signal(str)
    note_created = QtCore.Signal(str)
    save_failed = QtCore.Signal(str)
    visibility_changed = QtCore.Signal(str)

    def __init__(
        self,
        state: AppState,
        note_id: str | None = None,
        *,
        draft: NoteDraft | None = None,
        note: NoteView | None = None,
        locked: bool = False,
        placeholder: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """Bind to ``note_id`` (read here), to ``note`` already read (``locked`` when its
        meeting is finalised), or to ``draft`` (stored on the first text)."""
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.state = state
        self.note_id = note.id if note is not None else note_id
        self.draft = draft or NoteDraft()
        self._dirty = False
        self._stored = ""  # the text the store holds, as this editor last loaded or saved it
        self._locked = False
        self._binding = False  # True while bind() replaces the text (not an edit)
        self._elsewhere = False  # a sync brought another version while the rep was in it
        #: Who the editor's saves are announced as made by (its screen, which already
        #: shows them); the editor itself when alone.
        self.initiator: object = self

        self.edit = _TextEdit()
        self.edit.setObjectName("noteText")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        self.cover: QtWidgets.QLabel | None = None  # made when the privacy screen is first on

        self.chip = VisibilityChip()
        self.chip.clicked.connect(self.choose_visibility)
        self.shared = QtWidgets.QLabel()
        self.shared.setObjectName("shareState")
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("saveStatus")
        footer = QtWidgets.QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.chip)
        footer.addWidget(self.shared)
        footer.addStretch(1)
        footer.addWidget(self.status)
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.edit, 1)
        self._layout.addLayout(footer)

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.autosave_ms())
        self._timer.timeout.connect(self.flush)

        shortcut = QtGui.QShortcut(QtGui.QKeySequence(VISIBILITY_SHORTCUT), self)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.toggle_private)

        self._load(note, locked)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.focus_lost.connect(self.flush)
        state.hub.privacy_changed.connect(self.set_privacy)
        state.hub.locked_changed.connect(self._on_app_locked)
        app = QtCore.QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self.set_privacy(getattr(state, "privacy", False))

    # ----- public ------------------------------------------------------------------------

    def autosave_ms(self) -> int:
        """The autosave delay: the setting, kept under a second."""
        return max(50, min(int(self.state.settings.autosave_ms), MAX_AUTOSAVE_MS))

    def text(self) -> str:
        return self.edit.toPlainText()

    @property
    def visibility(self) -> str:
        return self.chip.visibility

    def is_dirty(self) -> bool:
        """True while typed text is not yet in the store."""
        return self._dirty

    def selected_line(self) -> str:
        """The selected text, else the line the cursor is on (to seed a follow-up)."""
        cursor = self.edit.textCursor()
        if cursor.hasSelection():
            return cursor.selectedText().replace("\u2029", " ").strip()
        return cursor.block().text().strip().lstrip("-*# ").strip()

    def flush(self) -> bool:
        """Save now if anything changed; True when the store holds the current text."""
        self._timer.stop()
        if not self._dirty:
            return True
        if self.state.store is None or self._locked:
            return False
        body = self.text()
        if self.note_id is None and not body:
            self._dirty = False
            return True
        ok, outcome = self.state.ops.change(
            lambda store: self._write(store, body),
            Changes(notes=True),
            initiator=self.initiator,
            on_error=self._failed,
        )
        if not ok:  # the text stays here, dirty; the timer tries again
            return False
        if isinstance(outcome, NoteLocked):
            self._set_locked(str(outcome))
            self.save_failed.emit(str(outcome))
            return False
        if isinstance(outcome, NoteMissing):
            # Deleted elsewhere while being typed in: keep the words in a new note.
            self.note_id = None
            self.status.setText("The note was deleted elsewhere; saving your text as a new note")
            return self.flush()
        self._dirty = False
        self._stored = body
        created = isinstance(outcome, str)
        if created:
            self.note_id = outcome
            self.note_created.emit(outcome)
        if created or outcome:
            # This device just stamped a new version: not shared yet, known without a read
            # (one query fewer on the GUI thread per autosave; tests/bench, issue 18).
            self.show_share_state(WAITING)
        now = QtCore.QTime.currentTime().toString("HH:mm:ss")
        both = "; both versions kept" if self._elsewhere else ""
        self._elsewhere = False
        self.status.setText(f"Saved {now}{both}")
        self.status.setToolTip(ELSEWHERE_TIP if both else "")
        self.saved.emit(self.note_id)
        return True

    def bind(
        self,
        *,
        note: NoteView | None = None,
        draft: NoteDraft | None = None,
        locked: bool = False,
        placeholder: str | None = None,
        locked_text: str = LOCKED_TEXT,
    ) -> bool:
        """Show ``note`` (already read; ``locked`` when its meeting is finalised, saying
        ``locked_text``) or an empty ``draft`` instead of the current note. What was typed
        is saved first; when it cannot be (the store fails), nothing changes and False is
        returned: no word is dropped."""
        if not self.flush() and self._dirty:
            return False
        self._timer.stop()
        self._binding = True
        try:
            self.note_id = note.id if note is not None else None
            self.draft = draft or NoteDraft()
            self._dirty = self._elsewhere = False
            self._stored = ""
            if self._locked:
                self._locked = False
                self.edit.setReadOnly(False)
                self.chip.setEnabled(True)
            self.status.setText("")
            repolish(self.status, "failed", False)
            if placeholder is not None and placeholder != self.edit.placeholderText():
                self.edit.setPlaceholderText(placeholder)
            if note is None:
                self.edit.setPlainText("")  # also clears the undo history
            self._load(note, locked, locked_text)
        finally:
            self._binding = False
        return True

    def changed_elsewhere(self, note: NoteView, locked: bool) -> None:
        """A sync brought ``note``, this note as another device left it: shown at once
        unless the rep is in this note; then their words stay, and saving them keeps both
        versions, which Team & Sync shows to compare (the editor says so)."""
        if note.id != self.note_id or note.body == self._stored:
            return
        if self._dirty or self.edit.hasFocus():
            self._elsewhere = True  # said again when the rep's words are saved
            self.status.setText(ELSEWHERE_TEXT)
            self.status.setToolTip(ELSEWHERE_TIP)
            return
        self.bind(note=note, draft=self.draft, locked=locked)

    def unbind(self) -> bool:
        """Save, then hold no note at all (read-only, empty) until bound again."""
        if not self.bind(locked=True):
            return False
        self.status.setText("")
        return True

    def toggle_private(self) -> None:
        """Private <-> team (an exec note becomes private): never raises a note to exec."""
        self.set_visibility("team" if self.visibility == "private" else "private")

    def choose_visibility(self) -> None:
        """The chip's menu, below the chip."""
        self.visibility_menu().popup(self.chip.mapToGlobal(self.chip.rect().bottomLeft()))

    def visibility_menu(self) -> QtWidgets.QMenu:
        """One entry per level, the current one checked (exec asks first)."""
        menu = QtWidgets.QMenu(self)
        menu.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        for level in VISIBILITIES:
            action = menu.addAction(VISIBILITY_HELP[level])
            action.setCheckable(True)
            action.setChecked(level == self.visibility)
            action.triggered.connect(lambda _checked=False, v=level: self.choose(v))
        return menu

    def choose(self, visibility: str) -> None:
        """The rep picked ``visibility``: raising a note to exec asks first."""
        if visibility == "exec" != self.visibility and not self._exec_confirmed():
            return
        self.set_visibility(visibility)

    def set_visibility(self, visibility: str) -> None:
        """Show and store a new visibility (a draft keeps it until its note exists)."""
        if self._locked or visibility == self.visibility:
            return
        if self.note_id is not None:
            note_id = self.note_id
            ok, _ = self.state.ops.change(
                lambda store: set_visibility(store, note_id, visibility),
                Changes(notes=True),
                initiator=self.initiator,
                on_error=self._failed,
            )
            if not ok:
                return
        self.draft.visibility = visibility
        self.chip.show_visibility(visibility)
        self.show_share_state()
        self.visibility_changed.emit(visibility)

    def _exec_confirmed(self) -> bool:
        answer = QtWidgets.QMessageBox.question(
            self,
            "Share with executives?",
            "Exec notes may be quoted in executive summaries. Make this note exec?",
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def show_share_state(self, known: str | None = None) -> None:
        """The chip's neighbour: "shared" once the team has this version, else "not shared
        yet" (a meeting's words wait for it to be held, or an hour, or Share now); read
        from the store unless ``known``; nothing while the note is private or not written."""
        store = self.state.store
        state = PRIVATE
        if self.visibility != "private" and (known or self.note_id):
            state = known or (share_state(store, self.note_id) if store else WAITING)
        self.shared.setText("" if state == PRIVATE else state)
        self.shared.setVisible(state != PRIVATE)
        self.shared.setToolTip(
            "The team has this version"
            if state == SHARED
            else "Stays on this laptop until the meeting is marked held, an hour without "
            f"edits, or Share now ({SHARE_NOW_SHORTCUT})"
        )
        self.shared.setAccessibleName(f"Sharing: {state}")

    def set_privacy(self, hidden: bool) -> None:
        """Hide the text behind a cover (privacy screen) or show it again."""
        if hidden == self.is_text_hidden():
            return
        typing = self.edit.hasFocus()
        if hidden and typing:
            self.flush()
        if hidden and self.cover is None:
            self.cover = QtWidgets.QLabel(
                f"Note text hidden (privacy screen) — {PRIVACY_SHORTCUT}", self
            )
            self.cover.setObjectName("privacyCover")
            self.cover.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            self.cover.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
            self._layout.insertWidget(0, self.cover, 1)
        covered = self.cover is not None and self.cover.hasFocus()
        if self.cover is not None:
            self.cover.setVisible(hidden)
        if hidden and typing:
            # The cover keeps the focus: keys typed meanwhile go nowhere, not to the next
            # control (a prompt link's Space put its question into another answer).
            self.cover.setFocus()
        self.edit.setHidden(hidden)
        if not hidden and covered:
            self.edit.setFocus()  # typing goes on where it was

    def is_text_hidden(self) -> bool:
        return self.edit.isHidden()

    # ----- internals ---------------------------------------------------------------------

    def _load(self, note: NoteView | None, locked: bool, locked_text: str = LOCKED_TEXT) -> None:
        if note is None and self.note_id is not None and self.state.store is not None:
            note, locked = note_for_editing(self.state.store, self.note_id)
        visibility = self.draft.visibility or self.state.settings.default_visibility
        self.draft.visibility = visibility  # what the chip shows is what gets stored
        if note is not None:
            self._stored = note.body
            self.edit.setPlainText(note.body)  # a fresh undo history: no undo into another note
            self.edit.moveCursor(QtGui.QTextCursor.MoveOperation.End)  # carry on writing
            visibility = note.visibility
            self.draft = note.draft()
        if locked:  # a finalised meeting: its empty answers are read-only too
            self._set_locked(locked_text)
        self.chip.show_visibility(visibility)
        self.show_share_state()

    def _write(self, store, body: str) -> str | bool | NoteLocked | NoteMissing:
        """Store ``body`` (one operation): the new note's id when it was created, else
        whether the stored text changed; a finalised or deleted note is returned, not
        raised (the editor handles both)."""
        try:
            if self.note_id is None:
                return create_note(store, self.draft, body, settings=self.state.settings).id
            return save_body(store, self.note_id, body, base=self._stored)
        except NoteLocked as exc:
            self._keep_as_addendum(store, body)
            return exc
        except NoteMissing as exc:
            return exc

    def _keep_as_addendum(self, store, body: str) -> None:
        """The meeting was finalised elsewhere while typing: the new words become an addendum."""
        added = body[len(self._stored) :] if body.startswith(self._stored) else body
        if not added.strip():
            return
        draft = replace(self.draft, kind="addendum", visibility=self.visibility)
        create_note(store, draft, added.strip(), settings=self.state.settings)

    def _set_locked(self, message: str) -> None:
        self._locked = True
        self._dirty = False
        self.edit.setReadOnly(True)
        self.chip.setEnabled(False)
        self.status.setText(message)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        repolish(self.status, "failed", True)
        self.save_failed.emit(message)
        self._timer.start()

    def _on_text_changed(self) -> None:
        if self._locked or self._binding:
            return
        if not self._dirty:
            self._dirty = True
            repolish(self.status, "failed", False)
            self.status.setText("Editing…")
        if not self._timer.isActive():
            self._timer.start()

    def _on_app_locked(self, locked: bool) -> None:
        if locked:
            self.flush()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)
