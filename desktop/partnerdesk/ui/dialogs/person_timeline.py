"""A person's timeline: joined, trial end, moves, leave, left, and their cases, by date.

Opened from a manager (their team listed), from the meeting (the manager's team) and from
search (the people whose name or email matches what was typed). Pick a person on the
left; their story shows on the right. Under the privacy screen names stay covered.
"""

from __future__ import annotations

from partnerdesk.core.lifecycle import PersonRef, find_people, person_timeline, team_of
from partnerdesk.ui.geometry import sized_for_screen
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.base import scale_font

STATUS_LABELS = {"active": "", "leave": "on leave", "terminated": "left"}
HIDDEN = "•••"


class PersonTimelineDialog(QtWidgets.QDialog):
    """People on the left (a team, or a search), the selected person's timeline on the right."""

    def __init__(
        self,
        state,
        *,
        manager_email: str = "",
        manager_name: str = "",
        query: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.manager_email = manager_email
        self.people: list[PersonRef] = []
        self.setWindowTitle(f"{manager_name}'s team" if manager_name else "People")
        sized_for_screen(self, 760, 460)
        self.search = QtWidgets.QLineEdit(query)
        self.search.setObjectName("personSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            "Filter the team by name" if manager_email else "Find a person by name or email"
        )
        self.search.textChanged.connect(self._refill)
        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("peopleList")
        self.list.currentRowChanged.connect(self._show)
        self.name = QtWidgets.QLabel()
        scale_font(self.name, 1.2, bold=True)
        self.meta = QtWidgets.QLabel()
        self.meta.setObjectName("emptyBody")
        self.meta.setWordWrap(True)
        self.timeline = QtWidgets.QListWidget()
        self.timeline.setObjectName("personTimeline")
        self.timeline.setWordWrap(True)
        self.timeline.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.list, 1)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.name)
        right.addWidget(self.meta)
        right.addWidget(self.timeline, 1)
        row = QtWidgets.QHBoxLayout()
        row.addLayout(left, 2)
        row.addLayout(right, 3)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self._refill()

    @property
    def hidden(self) -> bool:
        return bool(self.state.privacy)

    def _refill(self) -> None:
        text = self.search.text().strip()
        store = self.state.store
        if self.manager_email:
            people = team_of(store, self.manager_email)
            if text:
                people = [p for p in people if text.casefold() in p.name.casefold()]
        else:
            people = find_people(store, text) if len(text) >= 2 else []
        self.people = people
        self.list.blockSignals(True)
        self.list.clear()
        for person in people:
            status = STATUS_LABELS.get(person.status, person.status)
            name = HIDDEN if self.hidden else person.name
            self.list.addItem(f"{name}  ·  {status}" if status else name)
        self.list.blockSignals(False)
        if people:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.people):
            self.name.setText("No one found" if self.search.text().strip() else "")
            self.meta.setText(
                "" if self.manager_email else "Type two letters of a name or an email."
            )
            self.timeline.clear()
            return
        person = self.people[index]
        self.name.setText(HIDDEN if self.hidden else person.name)
        parts = [person.department or "no department", f"reports to {person.manager_email}"]
        status = STATUS_LABELS.get(person.status, person.status)
        self.meta.setText(" · ".join(parts + ([status] if status else [])))
        self.timeline.clear()
        entries = person_timeline(self.state.store, person.id)
        for entry in entries:
            self.timeline.addItem(f"{entry.on.day} {entry.on:%b %Y}  ·  {entry.what}")
        if not entries:
            self.timeline.addItem("Nothing yet: events come from roster imports.")

    @classmethod
    def open_for(cls, parent: QtWidgets.QWidget, state, **kwargs: str) -> None:
        """Show the dialog (modal) for a team or a search."""
        dialog = cls(state, parent=parent, **kwargs)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()
