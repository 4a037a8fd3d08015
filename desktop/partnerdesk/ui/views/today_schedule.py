"""Today's schedule section: my overdue, due-this-month and never-met managers.

Each list opens the manager's meeting on Enter or double-click. Managers rescheduled
twice or more this quarter carry a "re-evaluate cadence?" flag.
"""

from __future__ import annotations

from datetime import date

from partnerdesk.core.clock import utcnow
from partnerdesk.core.schedule import ScheduleRow, schedule, split_schedule
from partnerdesk.ui.meeting_launch import open_manager_meeting
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.manager_models import FLAG, STATUS_COLOURS, day_text
from partnerdesk.ui.views.today_section import TodaySection

ID_ROLE = QtCore.Qt.ItemDataRole.UserRole + 2
MAX_LINES = 12


class ScheduleListModel(QtCore.QAbstractListModel):
    """Managers of one bucket, one line each with department, last and next meeting."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ScheduleRow] = []

    def set_rows(self, rows: list[ScheduleRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            flag = f"   ⚑ {FLAG}" if row.reevaluate else ""
            if row.next_meeting:
                when = f"planned {day_text(row.next_meeting)}"
            elif row.last_met:
                when = f"last met {day_text(row.last_met)}"
            else:
                when = "not planned"
            return f"{row.name}{flag}\n{row.department or row.title} · {row.cadence} · {when}"
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            tip = f"{row.name} <{row.email}>, team of {row.team_size}"
            if row.reevaluate:
                tip += (
                    f"\nRescheduled {row.reschedules} times this quarter: ask whether the "
                    "cadence still suits them."
                )
            return tip
        if role == ID_ROLE:
            return row.manager_id
        return None


class BucketList(QtWidgets.QFrame):
    """A titled card listing managers (with its count) that opens a meeting on activation."""

    activated = QtCore.Signal(str)

    def __init__(self, title: str, colour: str | None, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scheduleBucket")  # styled in app.qss
        self.title = title
        self.label = QtWidgets.QLabel()
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        if colour:
            self.label.setStyleSheet(f"color: {colour}; border: none;")
        self.model = ScheduleListModel(self)
        self.view = QtWidgets.QListView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.empty = QtWidgets.QLabel()
        self.empty.setObjectName("emptyBody")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.setMinimumHeight(190)
        self.view.activated.connect(lambda index: self.activated.emit(index.data(ID_ROLE)))

    def set_rows(self, rows: list[ScheduleRow], empty_text: str) -> None:
        self.label.setText(f"{self.title} ({len(rows)})")
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(empty_text)


class ScheduleSection(TodaySection):
    """Overdue, due this month and never met, for me (or the whole team if I am no rep)."""

    def __init__(self, state, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(state, "Meetings this month", parent)
        self.setObjectName("todaySchedule")
        self.overdue = BucketList("Overdue", STATUS_COLOURS["overdue"])
        self.due = BucketList("Due this month", STATUS_COLOURS["due"])
        self.never = BucketList("Never met", STATUS_COLOURS["never met"])
        self.coming = BucketList("Coming up this month", None)
        self.flagged = QtWidgets.QLabel()
        self.flagged.setObjectName("reevaluateFlag")
        self.flagged.setWordWrap(True)
        self.flagged.setStyleSheet("color: #b7791f;")
        row = QtWidgets.QHBoxLayout()
        for bucket in (self.overdue, self.due, self.never, self.coming):
            row.addWidget(bucket, 1)
            bucket.activated.connect(self.open_meeting)
        self.body.addLayout(row)
        self.body.addWidget(self.flagged)

    def load(self, store) -> tuple[date, str | None, list[ScheduleRow]]:
        month = utcnow().date()
        me = self.state.me_rep_id
        return month, me, schedule(store, month, me) if me else schedule(store, month)

    def fill(self, data: tuple[date, str | None, list[ScheduleRow]]) -> None:
        month, me, rows = data
        mine = split_schedule(rows)
        overdue, due, never, flagged = mine.overdue, mine.due, mine.never_met, mine.reevaluate
        if me:
            whose = "your managers"
        else:
            whose = "the whole team (you are not set up as a rep on this device)"
        self.subtitle.setText(
            f"{month:%B %Y}, {whose}. Press Enter or double-click a manager to open the meeting."
        )
        self.overdue.set_rows(overdue, "Nobody is overdue.")
        self.due.set_rows(due, "Nobody else is due this month.")
        self.never.set_rows(never, "You have met every manager at least once.")
        coming = sorted(
            (r for r in rows if r.next_meeting and r.next_meeting >= month and
             (r.next_meeting.year, r.next_meeting.month) == (month.year, month.month)),
            key=lambda r: r.next_meeting,
        )  # fmt: skip
        self.coming.set_rows(coming, "No more meetings planned this month.")
        self.flagged.setVisible(bool(flagged))
        names = ", ".join(r.name for r in flagged[:MAX_LINES])
        self.flagged.setText(
            f"⚑ Re-evaluate cadence? Rescheduled twice or more this quarter: {names}."
        )

    def open_meeting(self, manager_id: str) -> None:
        """Open (or start today) the manager's meeting on the meeting screen."""
        open_manager_meeting(self, self.state, manager_id)
