"""The note editor: plain text that saves itself, a visibility chip, and the privacy screen.

There is no Save button. The first unsaved keystroke starts a timer of
``Settings.autosave_ms`` (800 ms by default, never more than 900 ms); when it fires the
text is committed, so every keystroke is durable within a second even while the rep
keeps typing. Leaving the editor (focus change), hiding or closing it, locking the app
and quitting save at once. Saving never touches the text document, so undo works
across autosaves. A note that does not exist yet (a :class:`NoteDraft`) is created on
the first save that has text, so empty answer areas leave nothing behind.
"""

from __future__ import annotations

from partnerdesk.core.notes import (
    VISIBILITY_HELP,
    VISIBILITY_LABELS,
    NoteDraft,
    NoteLocked,
    NoteMissing,
    create_note,
    get_note,
    is_locked,
    next_visibility,
    save_body,
    set_visibility,
)
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import Note
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState

MAX_AUTOSAVE_MS = 900
VISIBILITY_SHORTCUT = "Ctrl+Shift+V"
PRIVACY_SHORTCUT = "Ctrl+Shift+H"
#: Chip colours per visibility: (background, text).
CHIP_COLOURS = {
    "private": ("#5f6368", "#ffffff"),
    "team": ("#1a73e8", "#ffffff"),
    "exec": ("#b06000", "#ffffff"),
}


class VisibilityChip(QtWidgets.QToolButton):
    """A coloured pill saying who may read the note; a click moves to the next visibility."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visibilityChip")
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.visibility = ""

    def show_visibility(self, visibility: str) -> None:
        self.visibility = visibility
        background, colour = CHIP_COLOURS.get(visibility, ("#777777", "#ffffff"))
        self.setText(VISIBILITY_LABELS.get(visibility, visibility))
        self.setToolTip(
            f"{VISIBILITY_HELP.get(visibility, visibility)}\n"
            f"Click or press {VISIBILITY_SHORTCUT} to change."
        )
        self.setAccessibleName(f"Visibility: {VISIBILITY_LABELS.get(visibility, visibility)}")
        self.setStyleSheet(
            f"QToolButton#visibilityChip {{ background: {background}; color: {colour};"
            " border: none; border-radius: 9px; padding: 1px 10px; font-weight: 600; }"
            "QToolButton#visibilityChip:disabled { background: #9aa0a6; }"
        )


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
        placeholder: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.state = state
        self.note_id = note_id
        self.draft = draft or NoteDraft()
        self._dirty = False
        self._locked = False

        self.edit = _TextEdit()
        self.edit.setObjectName("noteText")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        self.cover = QtWidgets.QLabel(f"Note text hidden (privacy screen) — {PRIVACY_SHORTCUT}")
        self.cover.setObjectName("privacyCover")
        self.cover.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet(
            "QLabel#privacyCover { background: palette(alternate-base);"
            " color: palette(placeholder-text); border: 1px dashed palette(mid); }"
        )
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.edit)
        self.pages.addWidget(self.cover)

        self.chip = VisibilityChip()
        self.chip.clicked.connect(self.cycle_visibility)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setStyleSheet("QLabel#saveStatus { color: palette(placeholder-text); }")
        footer = QtWidgets.QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.chip)
        footer.addStretch(1)
        footer.addWidget(self.status)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.autosave_ms())
        self._timer.timeout.connect(self.flush)

        shortcut = QtGui.QShortcut(QtGui.QKeySequence(VISIBILITY_SHORTCUT), self)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.cycle_visibility)

        self._load()
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
        store = self.state.store
        if store is None or self._locked:
            return False
        body = self.text()
        try:
            if self.note_id is None:
                if not body:
                    self._dirty = False
                    return True
                note = create_note(store, self.draft, body, settings=self.state.settings)
                self.note_id = note.id
                self._dirty = False
                self.note_created.emit(note.id)
            else:
                save_body(store, self.note_id, body)
                self._dirty = False
        except NoteLocked as exc:
            self._set_locked(str(exc))
            self.save_failed.emit(str(exc))
            return False
        except NoteMissing:
            # Deleted elsewhere while being typed in: keep the words in a new note.
            self.note_id = None
            self.status.setText("The note was deleted elsewhere; saving your text as a new note")
            return self.flush()
        except StoreError as exc:
            self._failed(str(exc))
            return False
        except Exception as exc:  # a busy or failing database: keep the text, try again
            self._failed(f"Not saved yet ({type(exc).__name__}); retrying")
            return False
        now = QtCore.QTime.currentTime().toString("HH:mm:ss")
        self.status.setText(f"Saved {now}")
        self.saved.emit(self.note_id)
        return True

    def cycle_visibility(self) -> None:
        """Move to the next visibility (private -> team -> exec)."""
        self.set_visibility(next_visibility(self.visibility))

    def set_visibility(self, visibility: str) -> None:
        """Show and store a new visibility (a draft keeps it until its note exists)."""
        if self._locked or visibility == self.visibility:
            return
        store = self.state.store
        try:
            if self.note_id is not None and store is not None:
                set_visibility(store, self.note_id, visibility)
            self.draft.visibility = visibility
        except StoreError as exc:
            self._failed(str(exc))
            return
        self.chip.show_visibility(visibility)
        self.visibility_changed.emit(visibility)

    def set_privacy(self, hidden: bool) -> None:
        """Hide the text behind a cover (privacy screen) or show it again."""
        if hidden and self.edit.hasFocus():
            self.flush()
        self.pages.setCurrentWidget(self.cover if hidden else self.edit)

    def is_text_hidden(self) -> bool:
        return self.pages.currentWidget() is self.cover

    # ----- internals ---------------------------------------------------------------------

    def _load(self) -> None:
        visibility = self.draft.visibility or self.state.settings.default_visibility
        if self.note_id is not None and self.state.store is not None:
            note: Note = get_note(self.state.store, self.note_id)
            self.edit.setPlainText(note.body)
            self.edit.moveCursor(QtGui.QTextCursor.MoveOperation.End)  # carry on writing
            visibility = note.visibility
            self.draft = NoteDraft(
                meeting_id=note.meeting_id,
                manager_id=note.manager_id,
                agenda_item_id=note.agenda_item_id,
                kind=note.kind,
                position=note.position,
                visibility=note.visibility,
                author_rep_id=note.author_rep_id,
            )
            with self.state.store.session() as session:
                if is_locked(session, note):
                    self._set_locked("Finalised meeting: notes are locked; add an addendum.")
        self.chip.show_visibility(visibility)

    def _set_locked(self, message: str) -> None:
        self._locked = True
        self._dirty = False
        self.edit.setReadOnly(True)
        self.chip.setEnabled(False)
        self.status.setText(message)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("QLabel#saveStatus { color: #c62828; }")
        self.save_failed.emit(message)
        self._timer.start()

    def _on_text_changed(self) -> None:
        if self._locked:
            return
        if not self._dirty:
            self._dirty = True
            self.status.setStyleSheet("QLabel#saveStatus { color: palette(placeholder-text); }")
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
