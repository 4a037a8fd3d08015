"""The Meetings view: planned and held meetings, filtered, and opened with Enter."""

from __future__ import annotations

from partnerdesk.core import clock, daytext
from partnerdesk.core.meetings import MeetingRow, MeetingService
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.rows_model import RowsModel
from partnerdesk.ui.views.base import EmptyState, View, heading
from partnerdesk.ui.widgets.tables import fit_columns

#: Status filter choices: (label, statuses).
FILTERS = (
    ("Upcoming and in progress", ("planned", "in_progress")),
    ("Held", ("held",)),
    ("All", ()),
    ("Rescheduled", ("rescheduled",)),
    ("Cancelled", ("cancelled",)),
)
ID_ROLE = QtCore.Qt.ItemDataRole.UserRole
SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1


class MeetingsModel(RowsModel):
    """Meetings as rows: date, manager, department, rep, status."""

    DATE, MANAGER, DEPARTMENT, REP, STATUS = range(5)
    HEADERS = ("Date", "Manager", "Department", "Rep", "Status")

    rows: list[MeetingRow]

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return (
                daytext.weekday(row.planned_for),
                row.manager_name,
                row.department,
                row.rep_name,
                row.status_label,
            )[column]
        if role == SORT_ROLE:
            return (
                row.planned_for.isoformat(),
                row.manager_name.casefold(),
                row.department.casefold(),
                row.rep_name.casefold(),
                row.status_label,
            )[column]
        if role == ID_ROLE:
            return row.id
        return None


class MeetingsView(View):
    """Sidebar view: Meetings."""

    title = "Meetings"
    concerns = ("meetings", "roster")

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading("Meetings"))
        top = QtWidgets.QHBoxLayout()  # the filters, on a row of their own
        self.status_filter = QtWidgets.QComboBox()
        for label, _statuses in FILTERS:
            self.status_filter.addItem(label)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.mine_only = QtWidgets.QCheckBox("Only mine")
        self.mine_only.setChecked(state.me_rep_id is not None)
        self.mine_only.setEnabled(state.me_rep_id is not None)
        self.mine_only.toggled.connect(lambda _on: self.refresh())
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText("Filter by manager or department (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.mine_only)
        layout.addLayout(top)

        self.model = MeetingsModel(self)
        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("meetingsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MeetingsModel.DATE, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        fit_columns(
            self.table,
            stretch={MeetingsModel.MANAGER: 2, MeetingsModel.DEPARTMENT: 1, MeetingsModel.REP: 1},
        )
        self.table.setAlternatingRowColors(True)
        self.table.activated.connect(self._open_index)
        self.empty = EmptyState(
            "No meetings here",
            "Planned and held meetings appear here. Plan them from the Managers view or the "
            "Today schedule; change the filter above to see others.",
        )
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("emptyBody")
        layout.addWidget(self.count)
        shortcut = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+F"), self)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.search.setFocus)

    @property
    def service(self) -> MeetingService:
        """The service over the open store (a new one after the app was locked)."""
        return MeetingService(self.state.store)

    def primary(self) -> QtWidgets.QWidget:
        """The filter field, then the table."""
        return self.search

    def refresh(self) -> None:
        if self.state.store is None:
            return
        _label, statuses = FILTERS[self.status_filter.currentIndex()]
        rows = self.service.list_meetings(
            rep_id=self.state.me_rep_id if self.mine_only.isChecked() else None,
            statuses=statuses,
        )
        self.model.set_rows(rows)
        today = clock.today()
        overdue = sum(1 for r in rows if r.status == "planned" and r.planned_for < today)
        self.count.setText(
            f"{len(rows)} meeting{'s' if len(rows) != 1 else ''}"
            + (f", {overdue} planned in the past (not marked held)" if overdue else "")
            + ".  Enter or double-click opens the meeting."
        )
        self.stack.setCurrentWidget(self.table if rows else self.empty)

    def open_meeting(self, meeting_id: str) -> None:
        """Show the meeting screen (through the main window)."""
        self.state.navigate(Navigate("meeting", meeting_id))

    def _open_index(self, index: QtCore.QModelIndex) -> None:
        meeting_id = self.proxy.data(index, ID_ROLE)
        if meeting_id:
            self.open_meeting(meeting_id)
