"""The Follow-ups view: every follow-up across managers, overdue first, done ones kept.

Tabs pick the slice (overdue, due this week, all open, done and dropped); the manager
and owner boxes narrow it; the table sorts by any column. Ctrl+D marks the selected
follow-up done, Ctrl+Shift+Backspace drops it, Ctrl+R opens it again, Enter edits it,
Ctrl+N adds one outside a meeting.
"""

from __future__ import annotations

from datetime import date

from partnerdesk.core import clock, daytext
from partnerdesk.core.followups import (
    STATUS_LABELS,
    FollowUpFilter,
    FollowUpRow,
    FollowUpSpec,
    create_followup,
    list_followups,
    set_status,
    update_followup,
)
from partnerdesk.core.search import filter_choices
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.rows_model import RowsModel
from partnerdesk.ui.theme import colour
from partnerdesk.ui.views.base import EmptyState, View, heading
from partnerdesk.ui.widgets.flow import FlowRow, labelled
from partnerdesk.ui.widgets.tables import fit_columns

HIDDEN = "•••"
#: Slices: (key, label, statuses, overdue, due this week).
SLICES = (
    ("overdue", "Overdue", ("open",), True, False),
    ("week", "Due this week", ("open",), False, True),
    ("open", "All open", ("open",), False, False),
    ("closed", "Done && dropped", ("done", "dropped"), False, False),
)


class FollowUpModel(RowsModel):
    """Follow-up rows: due, text, owner, manager, department, status."""

    DUE, TEXT, OWNER, MANAGER, DEPARTMENT, STATUS = range(6)
    HEADERS = ("Due", "Follow-up", "Owner", "Manager", "Department", "Status")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FollowUpRow] = []
        self.today = clock.today()

    def set_rows(self, rows: list[FollowUpRow], today: date) -> None:
        self.beginResetModel()
        self.rows = rows
        self.today = today
        self.endResetModel()

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == QtCore.Qt.ItemDataRole.UserRole:  # sort key
            if col == self.DUE:
                return row.due_date.isoformat() if row.due_date else "9999"
            return self._display(row, col)
        overdue = col == self.DUE and row.is_overdue(self.today)
        if role == QtCore.Qt.ItemDataRole.ForegroundRole and overdue:
            return QtGui.QBrush(colour("danger"))
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and col == self.TEXT and not self.hidden:
            return row.text
        return None

    def _display(self, row: FollowUpRow, col: int) -> str:
        if col == self.DUE:
            if row.due_date is None:
                return "—"
            text = f"{row.due_date.day} {row.due_date:%b %Y}"
            return f"{text} · overdue" if row.is_overdue(self.today) else text
        if col == self.TEXT:
            return HIDDEN if self.hidden else row.text
        if col == self.OWNER:
            return row.owner_label
        if col == self.MANAGER:
            return row.manager_name or "—"
        if col == self.DEPARTMENT:
            return row.department or "—"
        status = STATUS_LABELS.get(row.status, row.status)
        if row.closed_at is not None:
            status += f" {daytext.day(row.closed_at, year=False)}"
        return status


class FollowUpsView(View):
    """Sidebar view: follow-ups across all managers."""

    title = "Follow-ups"
    concerns = ("followups", "meetings", "roster")

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        self.model = FollowUpModel(self)
        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(QtCore.Qt.ItemDataRole.UserRole)
        self.proxy.setFilterCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.slices = QtWidgets.QButtonGroup(self)
        slice_row = QtWidgets.QHBoxLayout()
        slice_row.setSpacing(4)
        for index, (key, label, *_rest) in enumerate(SLICES):
            button = QtWidgets.QPushButton(label)
            button.setObjectName(f"slice-{key}")
            button.setCheckable(True)
            button.setChecked(key == "open")
            self.slices.addButton(button, index)
            slice_row.addWidget(button)
        self.slices.idClicked.connect(lambda _id: self.refresh())
        slice_row.addStretch(1)

        self.manager_box = QtWidgets.QComboBox()
        self.manager_box.setMinimumWidth(180)
        self.manager_box.currentIndexChanged.connect(self._apply_local_filters)
        self.owner_box = QtWidgets.QComboBox()
        self.owner_box.setMinimumWidth(140)
        self.owner_box.currentIndexChanged.connect(self._apply_local_filters)
        self.filter_edit = QtWidgets.QLineEdit()
        self.filter_edit.setPlaceholderText("Filter text…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_edit.textChanged.connect(lambda _text: self._show_count())
        for box in (self.manager_box, self.owner_box):
            box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_edit.setMinimumWidth(120)
        filters = FlowRow(spacing=16)  # wraps, rather than cut a combo's text, when narrow
        filters.addWidget(labelled("Manager", self.manager_box))
        filters.addWidget(labelled("Owner", self.owner_box))
        filters.addWidget(self.filter_edit)

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("followupTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FollowUpModel.DUE, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        fit_columns(
            self.table,
            stretch={
                FollowUpModel.TEXT: 3,
                FollowUpModel.OWNER: 1,
                FollowUpModel.MANAGER: 1,
                FollowUpModel.DEPARTMENT: 1,
            },
            spare=(FollowUpModel.DEPARTMENT,),  # the manager says it, on a narrow window
        )
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.done_button = self._button("Done", "Ctrl+D", lambda: self.set_selected("done"))
        self.drop_button = self._button(
            "Drop", "Ctrl+Shift+Backspace", lambda: self.set_selected("dropped")
        )
        self.reopen_button = self._button("Reopen", "Ctrl+R", lambda: self.set_selected("open"))
        self.edit_button = self._button("Edit…", "Return", self.edit_selected)
        self.new_button = self._button("New follow-up…", "Ctrl+N", self.new_followup)
        # beside the heading, where a narrow window (150% on a small screen) still has room
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("emptyBody")
        actions = QtWidgets.QHBoxLayout()
        for button in (self.done_button, self.drop_button, self.reopen_button, self.edit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.new_button)

        self.empty = EmptyState(
            "Nothing here",
            "Follow-ups agreed in meetings appear here (Ctrl+Shift+F in a meeting adds one).",
        )
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        title = QtWidgets.QHBoxLayout()
        title.addWidget(heading("Follow-ups"))
        title.addStretch(1)
        title.addWidget(self.count, 0, QtCore.Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(title)
        layout.addLayout(slice_row)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)
        state.hub.privacy_changed.connect(self.model.set_hidden)
        self.model.set_hidden(state.privacy)
        self._update_buttons()

    def _button(self, text: str, keys: str, slot) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text)
        button.setToolTip(f"{text.rstrip('…')} ({keys})")
        button.clicked.connect(lambda _c=False: slot())
        shortcut = QtGui.QShortcut(
            QtGui.QKeySequence(keys), self.table if keys == "Return" else self
        )
        shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        return button

    # ----- data --------------------------------------------------------------------------

    def current_slice(self) -> str:
        return SLICES[max(0, self.slices.checkedId())][0]

    def select_slice(self, key: str) -> None:
        index = next(i for i, s in enumerate(SLICES) if s[0] == key)
        self.slices.button(index).setChecked(True)
        self.refresh()

    def refresh(self) -> None:
        if self.state.store is None:
            return
        _key, _label, statuses, overdue, week = SLICES[max(0, self.slices.checkedId())]
        today = clock.today()
        self._all_rows = list_followups(
            self.state.store,
            FollowUpFilter(statuses=statuses, overdue=overdue, due_this_week=week, today=today),
            self.state.me_rep_id,
        )
        self._today = today
        self._update_slice_counts(today)
        self._fill_combo(
            self.manager_box,
            "All managers",
            sorted({r.manager_name for r in self._all_rows if r.manager_name}),
        )
        self._fill_combo(
            self.owner_box, "All owners", sorted({r.owner_label for r in self._all_rows})
        )
        self._apply_local_filters()

    def _update_slice_counts(self, today: date) -> None:
        open_rows = list_followups(self.state.store, FollowUpFilter(today=today))
        counts = {
            "overdue": sum(r.is_overdue(today) for r in open_rows),
            "week": len(
                list_followups(self.state.store, FollowUpFilter(due_this_week=True, today=today))
            ),
            "open": len(open_rows),
        }
        for index, (key, label, *_rest) in enumerate(SLICES):
            count = counts.get(key)
            self.slices.button(index).setText(label if count is None else f"{label} ({count})")

    @staticmethod
    def _fill_combo(box: QtWidgets.QComboBox, everyone: str, names: list[str]) -> None:
        current = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem(everyone, None)
        for name in names:
            box.addItem(name, name)
        found = box.findText(current)
        box.setCurrentIndex(found if found >= 0 else 0)
        box.blockSignals(False)

    def _apply_local_filters(self) -> None:
        rows = getattr(self, "_all_rows", [])
        manager = self.manager_box.currentData()
        owner = self.owner_box.currentData()
        shown = [
            r
            for r in rows
            if (manager is None or r.manager_name == manager)
            and (owner is None or r.owner_label == owner)
        ]
        self.model.set_rows(shown, getattr(self, "_today", clock.today()))
        self.stack.setCurrentWidget(self.table if shown else self.empty)
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        """The footer counts what the table shows (after the text filter too)."""
        rows = [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(i, 0)).row()]
            for i in range(self.proxy.rowCount())
        ]
        overdue = sum(r.is_overdue(self.model.today) for r in rows)
        extra = f" · {overdue} overdue" if overdue and self.current_slice() != "overdue" else ""
        of = f" of {len(self.model.rows)}" if len(rows) != len(self.model.rows) else ""
        self.count.setText(f"{len(rows)}{of} follow-up{'s' if len(rows) != 1 else ''}{extra}")

    def show_followup(self, followup_id: str) -> bool:
        """Show the slice holding a follow-up and select it; False when it is not found."""
        for key in ("open", "closed"):
            self.select_slice(key)
            self.manager_box.setCurrentIndex(0)
            self.owner_box.setCurrentIndex(0)
            for row, item in enumerate(self.model.rows):
                if item.id == followup_id:
                    index = self.proxy.mapFromSource(self.model.index(row, 0))
                    self.table.selectRow(index.row())
                    self.table.scrollTo(index)
                    return True
        return False

    def selected_rows(self) -> list[FollowUpRow]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        self.done_button.setEnabled(any(r.status != "done" for r in rows))
        self.drop_button.setEnabled(any(r.status != "dropped" for r in rows))
        self.reopen_button.setEnabled(any(r.status != "open" for r in rows))
        self.edit_button.setEnabled(len(rows) == 1)

    # ----- actions -----------------------------------------------------------------------

    def set_selected(self, status: str) -> None:
        """Mark the selected follow-ups done, dropped or open."""
        rows = self.selected_rows()
        if not rows:
            return
        ids = [row.id for row in rows]

        def mark(store) -> None:
            for followup_id in ids:
                set_status(store, followup_id, status)

        self.state.ops.change(mark, Changes(followups=True), initiator=self)
        self.refresh()  # also after a failure: the table shows what the store holds

    def new_followup(self) -> None:
        """Add a follow-up outside a meeting (the rep picks the manager)."""
        managers, _departments = filter_choices(self.state.store)
        spec, ok = FollowUpDialog.get_followup(
            self, self.state, FollowUpSpec("", rep_id=self.state.me_rep_id), managers=managers
        )
        if not ok:
            return
        ok, _ = self.state.ops.change(
            lambda store: create_followup(store, spec), Changes(followups=True), initiator=self
        )
        if ok:
            self.select_slice("open")

    def edit_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        spec = FollowUpSpec(
            row.text,
            owner_kind=row.owner_kind,
            owner_name=row.owner_name,
            due_date=row.due_date,
            manager_id=row.manager_id,
            meeting_id=row.meeting_id,
        )
        spec, ok = FollowUpDialog.get_followup(
            self, self.state, spec, manager_name=row.manager_name, editing=True
        )
        if not ok:
            return
        self.state.ops.change(
            lambda store: update_followup(store, row.id, spec),
            Changes(followups=True),
            initiator=self,
        )
        self.refresh()
