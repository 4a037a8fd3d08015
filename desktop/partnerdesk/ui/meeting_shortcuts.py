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
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.ops import Changes
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

    def _change(self, fn, changes: Changes) -> tuple[bool, object]:
        """Run ``fn(store)`` as one operation of the meeting screen (a failure is shown
        there); on success the screen's side column shows the result."""
        ok, result = self.view.state.ops.change(
            fn, changes, initiator=self.view, on_error=self.failed.emit
        )
        if ok:
            self.view.refresh_side()
        return ok, result

    def _notify(self, message: str) -> None:
        self.view.state.hub.status_message.emit(message)

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
        ok, followup = self._change(
            lambda store: create_followup(store, spec), Changes(followups=True)
        )
        if not ok:
            return None
        self.followup_created.emit(followup.id)
        shown = "" if state.privacy else f": {followup.text}"  # the privacy screen is on
        self._notify(f"Follow-up added{shown}")
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
        ok, signal = self._change(lambda store: raise_signal(store, spec), Changes(signals=True))
        if not ok:
            return None
        self.signal_raised.emit(signal.id)
        self._notify(f"{KIND_LABELS[kind]} raised")
        shown = replace(spec, summary="") if private else spec
        details, ok = SignalDialog.get_signal(
            self.view, shown, raised=True, hint=PRIVATE_HINT if private else ""
        )
        if details is None:
            discarded, _ = self._change(
                lambda store: delete_signal(store, signal.id), Changes(signals=True)
            )
            if discarded:
                self._notify(f"{KIND_LABELS[kind]} discarded")
            return None
        if ok:
            if private and not details.summary:
                details = replace(details, summary=spec.summary)
            saved, _ = self._change(
                lambda store: update_signal(store, signal.id, details), Changes(signals=True)
            )
            if saved:
                self._notify(f"{KIND_LABELS[details.kind]} saved")
        return signal.id
