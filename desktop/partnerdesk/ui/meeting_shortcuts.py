"""Meeting keys: a new follow-up from anywhere, and one-key flags that raise signals.

``MeetingShortcuts(view)`` installs the keys on a meeting screen. The view provides
``state``, ``meeting_id``, ``prefill.header`` (manager id and name) and
``current_note()`` (the NoteEditor being typed in, or None). A flag key raises the
signal at once (so nothing is lost if the rep just keeps going), then offers a quick,
optional dialog for details; "Discard" removes a signal raised by mistake.

Follow-ups and signals always sync to the team, so text from a private note is never
copied into them: the dialog opens empty with a hint instead, and a flag key raises the
signal with the kind's label as its summary.
"""

from __future__ import annotations

from dataclasses import replace

from partnerdesk.core.followups import FollowUpSpec, create_followup
from partnerdesk.core.signals import (
    KIND_LABELS,
    SignalSpec,
    delete_signal,
    raise_signal,
    update_signal,
)
from partnerdesk.core.store.engine import StoreError
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

NEW_FOLLOWUP = "Ctrl+Shift+F"
#: One-key flags: key -> signal kind.
FLAG_KEYS = (
    ("Alt+1", "flight_risk"),
    ("Alt+2", "performance"),
    ("Alt+3", "training"),
    ("Alt+4", "headcount"),
    ("Alt+5", "pain_point"),
    ("Alt+6", "other"),
)
PRIVATE_HINT = "This note is private, so its text was not copied — write what the team may see."


def shortcut_help() -> list[tuple[str, str]]:
    """(keys, what they do) for the shortcuts list."""
    rows = [(NEW_FOLLOWUP, "New follow-up (from the selected line of the note)")]
    rows += [(keys, f"Flag: {KIND_LABELS[kind]}") for keys, kind in FLAG_KEYS]
    return rows


class MeetingShortcuts(QtCore.QObject):
    """Installs the follow-up and flag keys on a meeting screen and acts on them."""

    followup_created = QtCore.Signal(str)
    signal_raised = QtCore.Signal(str)
    failed = QtCore.Signal(str)

    def __init__(self, view: QtWidgets.QWidget) -> None:
        super().__init__(view)
        self.view = view
        self.shortcuts: dict[str, QtGui.QShortcut] = {}
        self._add(NEW_FOLLOWUP, self.new_followup)
        for keys, kind in FLAG_KEYS:
            self._add(keys, lambda k=kind: self.flag(k))

    def _add(self, keys: str, slot) -> None:
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self.view)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        self.shortcuts[keys] = shortcut

    # ----- what the view knows -----------------------------------------------------------

    def _manager(self) -> tuple[str | None, str]:
        prefill = getattr(self.view, "prefill", None)
        header = getattr(prefill, "header", None)
        if header is None:
            return None, ""
        return header.manager_id, header.manager_name

    def _selected_line(self) -> tuple[str, str | None, bool]:
        """(the selected line, the note's id, whether the note is private); a private
        note's line is never returned."""
        editor = self.view.current_note()
        if editor is None:
            return "", None, False
        editor.flush()
        if editor.visibility == "private":
            return "", editor.note_id, True
        return editor.selected_line(), editor.note_id, False

    def _notify(self, what: str, message: str) -> None:
        state = self.view.state
        state.hub.data_changed.emit(what)
        state.hub.status_message.emit(message)

    # ----- actions -----------------------------------------------------------------------

    def new_followup(self) -> str | None:
        """Ask for a follow-up (seeded with the selected line) and store it."""
        state = self.view.state
        text, note_id, private = self._selected_line()
        manager_id, manager_name = self._manager()
        spec = FollowUpSpec(
            text,
            manager_id=manager_id,
            meeting_id=self.view.meeting_id,
            note_id=note_id,
            rep_id=state.me_rep_id,
        )
        spec, ok = FollowUpDialog.get_followup(
            self.view,
            state,
            spec,
            manager_name=manager_name,
            hint=PRIVATE_HINT if private else "",
        )
        if not ok:
            return None
        try:
            followup = create_followup(state.store, spec)
        except StoreError as exc:
            self.failed.emit(str(exc))
            return None
        self.followup_created.emit(followup.id)
        shown = "" if state.privacy else f": {followup.text}"  # the privacy screen is on
        self._notify("followups", f"Follow-up added{shown}")
        return followup.id

    def flag(self, kind: str) -> str | None:
        """Raise a ``kind`` signal now, then offer the optional details dialog."""
        state = self.view.state
        text, _note_id, private = self._selected_line()
        manager_id, _name = self._manager()
        spec = SignalSpec(
            kind,
            summary=KIND_LABELS[kind] if private else text,
            manager_id=manager_id,
            meeting_id=self.view.meeting_id,
            rep_id=state.me_rep_id,
        )
        try:
            signal = raise_signal(state.store, spec)
        except StoreError as exc:
            self.failed.emit(str(exc))
            return None
        self.signal_raised.emit(signal.id)
        self._notify("signals", f"{KIND_LABELS[kind]} raised")
        shown = replace(spec, summary="") if private else spec
        details, ok = SignalDialog.get_signal(
            self.view, shown, raised=True, hint=PRIVATE_HINT if private else ""
        )
        try:
            if details is None:
                delete_signal(state.store, signal.id)
                self._notify("signals", f"{KIND_LABELS[kind]} discarded")
                return None
            if ok:
                if private and not details.summary:
                    details = replace(details, summary=spec.summary)
                update_signal(state.store, signal.id, details)
                self._notify("signals", f"{KIND_LABELS[details.kind]} saved")
        except StoreError as exc:
            self.failed.emit(str(exc))
        return signal.id
