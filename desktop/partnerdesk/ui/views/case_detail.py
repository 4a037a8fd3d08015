"""One case in the Signals & cases view: its checklist, notes and timeline across meetings.

The checklist comes from the case kind's template (``resources/cases/checklists.toml``);
the notes box keeps free text with the case, such as the exit interview's notes. Updates
are added with Enter; Ctrl+Shift+R closes or reopens the case.
"""

from __future__ import annotations

from partnerdesk.core import daytext
from partnerdesk.core.cases import (
    CaseRow,
    add_update,
    close_case,
    get_case,
    reopen_case,
    set_notes,
    set_step,
    story,
)
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.base import scale_font

HIDDEN = "•••  hidden (privacy screen)"
HIDDEN_SHORT = "•••"


def timeline_action(detail, action, *, needs_text: bool) -> None:
    """Run ``action(store, record id, text)`` with the detail panel's "what changed" text
    (a signal's or a case's: ``detail`` has ``row``, ``update_edit`` and ``_act``), then
    clear the text."""
    text = detail.update_edit.text().strip()
    if detail.row is None or (needs_text and not text):
        return
    record_id = detail.row.id
    detail._act(lambda store: action(store, record_id, text))
    detail.update_edit.clear()


class CaseDetail(QtWidgets.QWidget):
    """A case: title, what it is, the checklist, notes, the timeline and close/reopen."""

    changed = QtCore.Signal()

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.row: CaseRow | None = None
        self.hidden = False
        self._entries: list[tuple[str, str, str]] = []
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        scale_font(self.title, 1.25, bold=True)
        self.meta = QtWidgets.QLabel()
        self.meta.setObjectName("emptyBody")
        self.meta.setWordWrap(True)
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("signalSummaryText")
        self.summary.setWordWrap(True)
        self.checklist = QtWidgets.QGroupBox("Checklist")
        self._checks_layout = QtWidgets.QVBoxLayout(self.checklist)
        self.checks: dict[str, QtWidgets.QCheckBox] = {}
        self.notes = QtWidgets.QPlainTextEdit()
        self.notes.setObjectName("caseNotes")
        self.notes.setAccessibleName("Case notes")
        self.notes.setPlaceholderText("Notes on this case (exit interview, agreements)…")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.notes_button = QtWidgets.QPushButton("Save notes")
        self.notes_button.clicked.connect(self.save_notes)
        notes_row = QtWidgets.QHBoxLayout()
        notes_row.addWidget(self.notes, 1)
        notes_row.addWidget(self.notes_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.timeline = QtWidgets.QListWidget()
        self.timeline.setObjectName("caseTimeline")
        self.timeline.setWordWrap(True)
        self.timeline.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.update_edit = QtWidgets.QLineEdit()
        self.update_edit.setPlaceholderText("What changed?")
        self.update_edit.setToolTip("Enter (or Add update) adds it to the timeline")
        self.update_edit.returnPressed.connect(self.add_update)
        self.add_button = QtWidgets.QPushButton("Add update")
        self.add_button.clicked.connect(self.add_update)
        update_row = QtWidgets.QHBoxLayout()
        update_row.addWidget(self.update_edit, 1)
        update_row.addWidget(self.add_button)
        self.close_button = QtWidgets.QPushButton("Close case")
        self.close_button.setToolTip("Close or reopen (Ctrl+Shift+R); the update text is kept")
        self.close_button.clicked.connect(self.toggle_closed)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.summary)
        layout.addWidget(self.checklist)
        self.notes_title = QtWidgets.QLabel("Notes")
        scale_font(self.notes_title, 1.05, bold=True)
        layout.addWidget(self.notes_title)
        layout.addLayout(notes_row)
        timeline_title = QtWidgets.QLabel("Timeline")
        scale_font(timeline_title, 1.05, bold=True)
        layout.addWidget(timeline_title)
        layout.addWidget(self.timeline, 1)
        layout.addLayout(update_row)
        layout.addLayout(buttons)

    def show_case(self, case_id: str | None) -> None:
        store = self.state.store
        self.row = get_case(store, case_id) if case_id and store else None
        self.setEnabled(self.row is not None)
        if self.row is None:
            self.title.setText("Select a case")
            self.meta.clear()
            self.summary.clear()
            self.timeline.clear()
            return
        row = self.row
        manager = f"{row.manager_name} ({row.department})" if row.manager_name else "No manager"
        parts = [manager, f"owner {row.owner or 'not set'}", f"opened {daytext.day(row.opened_at)}"]
        if row.due_date:
            parts.append(f"due {daytext.day(row.due_date)}")
        if row.closed_at:
            parts.append(f"closed {daytext.day(row.closed_at)}")
        self.meta.setText(" · ".join(parts))
        self._fill_checks(row)
        self.notes_title.setText(
            "Exit interview notes" if row.kind == "exit" else "Notes kept with the case"
        )
        self.close_button.setText("Reopen case" if row.status == "closed" else "Close case")
        self._entries = [
            (daytext.day(e.at), "closed" if e.status == "closed" else "", e.text)
            for e in story(store, row.id)
        ]
        self.set_hidden(self.hidden)

    def _fill_checks(self, row: CaseRow) -> None:
        for box in self.checks.values():
            self._checks_layout.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.checks = {}
        for key, label, done in row.steps():
            box = QtWidgets.QCheckBox(label)
            box.setChecked(done)
            box.toggled.connect(lambda on, k=key: self._tick(k, on))
            self._checks_layout.addWidget(box)
            self.checks[key] = box
        self.checklist.setTitle(f"Checklist ({row.progress})")

    def set_hidden(self, hidden: bool) -> None:
        """Privacy screen: hide the person, summary, notes and the timeline text."""
        self.hidden = hidden
        if self.row is None:
            return
        who = HIDDEN_SHORT if hidden else self.row.person_label
        self.title.setText(f"{self.row.kind_label} case · {who}")
        self.summary.setText(HIDDEN if hidden else (self.row.summary or "No summary."))
        self.notes.setPlainText(HIDDEN if hidden else self.row.notes)
        self.notes.setReadOnly(hidden)
        self.notes.setPlaceholderText(
            "What was said in the exit interview" if self.row.kind == "exit" else "Anything to keep"
        )
        self.timeline.clear()
        for day, status, text in self._entries:
            body = HIDDEN if hidden else text
            self.timeline.addItem(f"{day}  ·  {body}" + (f"  ({status})" if status else ""))

    def _act(self, call) -> None:
        """Run one change to this case (``call(store)``) through the operations layer."""
        ok, _ = self.state.ops.change(call, Changes())
        if ok:
            self.changed.emit()

    def _tick(self, key: str, done: bool) -> None:
        if self.row is not None:
            self._act(lambda store: set_step(store, self.row.id, key, done))

    def save_notes(self) -> None:
        if self.row is not None and not self.hidden:
            text = self.notes.toPlainText()
            self._act(lambda store: set_notes(store, self.row.id, text))

    def add_update(self) -> None:
        timeline_action(self, add_update, needs_text=True)

    def toggle_closed(self) -> None:
        if self.row is not None:
            action = reopen_case if self.row.status == "closed" else close_case
            timeline_action(self, action, needs_text=False)
