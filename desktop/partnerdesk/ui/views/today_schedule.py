"""Today's schedule section: my overdue, due-this-month and never-met managers.

Each manager appears once, in the most urgent bucket (overdue, never met, due, then
coming up); each card is as long as its list (the page scrolls, not the cards). Each
list opens the manager's meeting on Enter or double-click. Managers rescheduled twice or
more this quarter carry a "re-evaluate cadence?" flag. While managers have no rep, the
section says how many and offers "Assign reps" instead of claiming that everyone was met
or nobody else is due.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from partnerdesk.core import clock
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.base import unbroken
from partnerdesk.ui.views.today_section import VALUE_ROLE, LineModel, TodaySection

if TYPE_CHECKING:
    from partnerdesk.core.schedule import ScheduleRow

MAX_LINES = 12


def schedule_line(row: ScheduleRow) -> tuple[str, str, str]:
    """A manager's two lines in a bucket (name and flag; department, cadence, when), the
    tooltip and the manager's id."""
    from partnerdesk.core.schedule import DUE, NEVER_MET, OVERDUE
    from partnerdesk.ui.views.manager_models import FLAG, day_text

    flag = f"   ⚑ {FLAG}" if row.reevaluate else ""
    when = []
    if row.last_met and (row.status == OVERDUE or not row.next_meeting):
        when.append(f"last met {unbroken(day_text(row.last_met))}")  # why it is overdue
    if row.next_meeting:
        late = row.status in (OVERDUE, DUE, NEVER_MET) and (
            row.next_meeting > clock.month_end(clock.today())
        )  # due now, yet the meeting falls in a later month
        after = "\u00a0(after this month)" if late else ""
        when.append(f"planned {unbroken(day_text(row.next_meeting))}{after}")
    parts = [row.department or row.title, row.cadence, *(when or ["not planned"])]
    text = f"{row.name}{flag}\n" + " · ".join(parts)
    tip = f"{row.name} <{row.email}>, team of {row.team_size}"
    if row.reevaluate:
        tip += (
            f"\nRescheduled {row.reschedules} times this quarter: ask whether the "
            "cadence still suits them."
        )
    return text, tip, row.manager_id


class BucketList(QtWidgets.QFrame):
    """A titled card listing managers (with its count) that opens a meeting on activation."""

    activated = QtCore.Signal(str)

    def __init__(self, title: str, status: str | None, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scheduleBucket")  # styled in app.qss
        self.title = title
        self.status = status
        self.colour: str | None = None
        self.label = QtWidgets.QLabel()
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.model = LineModel(self)
        self.view = QtWidgets.QListView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setWordWrap(False)  # a card is wide enough for a line; the rest elides
        self.view.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.empty = QtWidgets.QLabel()
        self.empty.setObjectName("emptyBody")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.label)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self.view.activated.connect(lambda index: self.activated.emit(index.data(VALUE_ROLE)))

    def present(
        self, rows: list[ScheduleRow], empty_text: str, from_today: bool = False
    ) -> dict[str, Any]:
        """The bucket's colour, lines and what it says when it has none; ``from_today``
        keeps each line's next meeting, so that ``display`` shows those still ahead."""
        from partnerdesk.ui.views.manager_models import STATUS_COLOURS

        return {
            "colour": STATUS_COLOURS.get(self.status or ""),
            "rows": [schedule_line(row) for row in rows],
            "days": [row.next_meeting.isoformat() for row in rows] if from_today else None,
            "empty": empty_text,
        }

    def display(self, shown: dict[str, Any]) -> None:
        rows = shown["rows"]
        if shown["days"] is not None:
            today = clock.today().isoformat()
            rows = [row for row, day in zip(rows, shown["days"], strict=True) if day >= today]
        self.label.setText(f"{self.title} ({len(rows)})")
        if shown["colour"] != self.colour:
            self.colour = shown["colour"]
            self.label.setProperty("tone", self.colour or "")  # coloured by app.qss
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)
        self.model.set_rows(rows)
        self._fit_list()
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(shown["empty"])

    def _fit_list(self) -> None:
        """As tall as its lines: the page scrolls, not the card."""
        rows = self.model.rowCount()
        lines = sum(self.view.sizeHintForRow(row) for row in range(rows))
        self.view.setFixedHeight(lines + 2 * self.view.frameWidth() + 2)


#: The section's width (device-independent pixels) from which its cards sit two a row.
TWO_CARDS_WIDTH = 680


class ScheduleSection(TodaySection):
    """Overdue, due this month and never met, for me (or the whole team if I am no rep)."""

    key = "schedule"

    def __init__(self, state, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(state, "Meetings this month", parent)
        self.setObjectName("todaySchedule")
        self.overdue = BucketList("Overdue", "overdue")
        self.due = BucketList("Due this month", "due")
        self.never = BucketList("Never met", "never met")
        self.coming = BucketList("Coming up this month", None)
        self.buckets = (self.overdue, self.due, self.never, self.coming)
        self.flagged = QtWidgets.QLabel()
        self.flagged.setObjectName("reevaluateFlag")
        self.flagged.setWordWrap(True)
        self.unassigned = QtWidgets.QLabel()
        self.unassigned.setObjectName("unassignedNote")
        self.unassigned.setWordWrap(True)
        self.assign_button = QtWidgets.QPushButton("Assign reps…")
        self.assign_button.setObjectName("assignReps")
        self.assign_button.clicked.connect(self.assign_reps)
        notice = QtWidgets.QHBoxLayout()
        notice.addWidget(self.unassigned, 1)
        notice.addWidget(self.assign_button)
        self.body.addLayout(notice)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setSpacing(12)
        self._columns = 0
        self._lay_cards(2)
        for bucket in self.buckets:
            bucket.activated.connect(self.open_meeting)
        self.body.addLayout(self.grid)
        self.body.addWidget(self.flagged)

    def _lay_cards(self, columns: int) -> None:
        """The cards ``columns`` to a row."""
        if columns == self._columns:
            return
        self._columns = columns
        for index, bucket in enumerate(self.buckets):
            self.grid.removeWidget(bucket)
            self.grid.addWidget(bucket, index // columns, index % columns)
        for column in (0, 1):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:
        """Two cards a row where each has room for a manager's line, else one (150%)."""
        super().resizeEvent(event)
        self._lay_cards(2 if event.size().width() >= TWO_CARDS_WIDTH else 1)

    def load(self, store) -> tuple[date, str | None, list[ScheduleRow], int]:
        from partnerdesk.core.schedule import count_unassigned_managers, schedule

        month = clock.today()
        me = self.state.me_rep_id
        rows = schedule(store, month, me) if me else schedule(store, month)
        return month, me, rows, count_unassigned_managers(store)

    def present(self, data: tuple[date, str | None, list[ScheduleRow], int]) -> dict[str, Any]:
        from partnerdesk.core.schedule import split_schedule, unassigned_note

        month, me, rows, unassigned = data
        note = unassigned_note(unassigned)
        pending = f"Not known yet: {note.partition(',')[0]}." if note else ""
        mine = split_schedule(rows)
        if me:
            whose = "your managers"
        else:
            whose = (
                "the whole team's managers: this device is not linked to a rep, so every "
                "rep's managers are listed"
            )
        listed = {r.manager_id for r in (*mine.overdue, *mine.never_met, *mine.due)}
        coming = sorted(
            (r for r in rows if r.next_meeting and r.manager_id not in listed and
             (r.next_meeting.year, r.next_meeting.month) == (month.year, month.month)),
            key=lambda r: r.next_meeting,
        )  # fmt: skip
        names = ", ".join(r.name for r in mine.reevaluate[:MAX_LINES])
        return {
            "subtitle": f"{month:%B %Y}, {whose}. Press Enter or double-click a manager to "
            "open the meeting.",
            "buckets": [
                self.overdue.present(mine.overdue, "Nobody is overdue."),
                self.due.present(
                    mine.due,
                    pending or "Nobody else is due this month: plan ahead from Managers.",
                ),
                self.never.present(
                    mine.never_met, pending or "You have met every manager at least once."
                ),
                self.coming.present(
                    coming, "Nothing else planned this month: plan one from Managers.", True
                ),
            ],
            "unassigned": note,
            "flagged": f"⚑ Re-evaluate cadence? Rescheduled twice or more this quarter: {names}."
            if names
            else "",
        }

    def display(self, shown: dict[str, Any]) -> None:
        self.subtitle.setText(shown["subtitle"])
        for bucket, bucket_shown in zip(self.buckets, shown["buckets"], strict=True):
            bucket.display(bucket_shown)
        self.flagged.setVisible(bool(shown["flagged"]))
        self.flagged.setText(shown["flagged"])
        note = shown.get("unassigned", "")  # a snapshot from an older version has none
        self.unassigned.setText(f"⚠ {note[0].upper()}{note[1:]}" if note else "")
        self.unassigned.setVisible(bool(note))
        self.assign_button.setVisible(bool(note))

    def assign_reps(self) -> None:
        """Open the assignment proposal (the Managers view's Assign reps)."""
        self.navigate(Navigate("assign"))

    def open_meeting(self, manager_id: str) -> None:
        """Open (or start today) the manager's meeting on the meeting screen."""
        self.navigate(Navigate("manager", manager_id))
