"""The Managers view: every active manager with rep, tier, team, cadence and meetings.

A filterable, sortable table on the left, the selected manager's card on the right
(reassign the rep, record their cadence preference, open or plan a meeting), and a
Team workload tab. Import the roster (Ctrl+I) and propose an assignment (Ctrl+Shift+A)
from the toolbar. Ctrl+F filters, Ctrl+Return opens the selected manager's meeting.
"""

from __future__ import annotations

from partnerdesk.core import clock, daytext
from partnerdesk.core.assign import apply_assignment, reassign
from partnerdesk.core.cadence import set_cadence_preference, suggested_cadence
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.reps import RepInfo, list_reps
from partnerdesk.core.roster import TierRules
from partnerdesk.core.schedule import DUE, NEVER_MET, OVERDUE, ScheduleRow, schedule
from partnerdesk.core.words import plural
from partnerdesk.core.workload import workload
from partnerdesk.ui.dialogs.person_timeline import PersonTimelineDialog
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.views.base import EmptyState, View, heading, scale_font
from partnerdesk.ui.views.manager_models import (
    ID_ROLE,
    STATUS_LABELS,
    ManagersFilter,
    ManagersModel,
    day_text,
)
from partnerdesk.ui.views.workload import WorkloadPanel
from partnerdesk.ui.widgets.flow import FlowRow
from partnerdesk.ui.widgets.tables import fit_columns

CADENCE_CHOICES = (("default", None), ("Monthly", "monthly"), ("Quarterly", "quarterly"))


class ManagerCard(QtWidgets.QFrame):
    """The selected manager: facts, rep and cadence pickers, meeting actions."""

    rep_chosen = QtCore.Signal(str, object)
    cadence_chosen = QtCore.Signal(str, object)
    open_requested = QtCore.Signal(str)
    plan_requested = QtCore.Signal(str, object)
    team_requested = QtCore.Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("managerCard")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setMinimumWidth(220)
        self.setMaximumWidth(300)
        self.row: ScheduleRow | None = None
        self._loading = False

        self.name = QtWidgets.QLabel()
        scale_font(self.name, 1.3, bold=True)
        self.name.setWordWrap(True)
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.email = QtWidgets.QLabel()
        self.email.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.email.setObjectName("emptyBody")
        self.facts = {
            key: QtWidgets.QLabel()
            for key in ("tier", "team", "region", "executive", "last", "next", "status")
        }
        self.rep = QtWidgets.QComboBox()
        self.rep.setObjectName("repPicker")
        self.rep.setAccessibleName("Rep")
        self.cadence = QtWidgets.QComboBox()
        self.cadence.setObjectName("cadencePicker")
        self.cadence.setAccessibleName("Cadence")
        self.flag = QtWidgets.QLabel()
        self.flag.setObjectName("reevaluateFlag")
        self.flag.setWordWrap(True)
        self.open_button = QtWidgets.QPushButton("Open meeting")
        self.open_button.setObjectName("openMeeting")
        self.open_button.setToolTip(
            "Open the next planned meeting, or start one today (Ctrl+Return)"
        )
        self.plan_date = QtWidgets.QDateEdit()
        self.plan_date.setCalendarPopup(True)
        self.plan_date.setDisplayFormat("d MMM yyyy")
        self.plan_date.setAccessibleName("Meeting date")
        today = clock.today()
        self.plan_date.setDate(QtCore.QDate(today.year, today.month, today.day))
        self.plan_button = QtWidgets.QPushButton("Plan")
        self.plan_button.setObjectName("planMeeting")
        self.plan_button.setToolTip("Plan a meeting on this date (Ctrl+Shift+P)")
        self.team_button = QtWidgets.QPushButton("Team timeline…")
        self.team_button.setObjectName("teamTimeline")
        self.team_button.setToolTip("Each person's story: joined, trial, moves, leave, left, cases")

        form = self.form = QtWidgets.QFormLayout()
        form.setLabelAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        form.addRow("Tier", self.facts["tier"])
        form.addRow("Team", self.facts["team"])
        form.addRow("Region", self.facts["region"])
        form.addRow("Executive", self.facts["executive"])
        form.addRow("Rep", self.rep)
        form.addRow("Cadence", self.cadence)
        form.addRow("Last met", self.facts["last"])
        form.addRow("Next", self.facts["next"])
        form.addRow("Status", self.facts["status"])
        plan_row = QtWidgets.QHBoxLayout()
        plan_row.addWidget(self.plan_date, 1)
        plan_row.addWidget(self.plan_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.name)
        layout.addWidget(self.title)
        layout.addWidget(self.email)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.flag)
        layout.addSpacing(8)
        layout.addWidget(self.open_button)
        layout.addLayout(plan_row)
        layout.addWidget(self.team_button)
        layout.addStretch(1)

        self.rep.currentIndexChanged.connect(self._rep_changed)
        self.cadence.currentIndexChanged.connect(self._cadence_changed)
        self.open_button.clicked.connect(
            lambda: self.row and self.open_requested.emit(self.row.manager_id)
        )
        self.plan_button.clicked.connect(
            lambda: (
                self.row
                and self.plan_requested.emit(self.row.manager_id, self.plan_date.date().toPython())
            )
        )
        self.team_button.clicked.connect(
            lambda: self.row and self.team_requested.emit(self.row.email, self.row.name)
        )
        self.show_row(None, [], {})

    def show_row(self, row: ScheduleRow | None, reps: list[RepInfo], names: dict[str, str]) -> None:
        """Show ``row`` (or a hint when nothing is selected)."""
        self.row = row
        self._loading = True
        try:
            widgets = (self.rep, self.cadence, self.open_button, self.plan_button, self.team_button)
            for widget in widgets:
                widget.setEnabled(row is not None)
            self.plan_date.setEnabled(row is not None)
            if row is None:
                self.name.setText("No manager selected")
                self.title.setText("Select a manager to see their details, change their rep "
                                   "or cadence, and open or plan a meeting.")  # fmt: skip
                self.email.clear()
                for label in self.facts.values():
                    label.clear()
                self.rep.clear()
                self.cadence.clear()
                self.flag.hide()
                self._show_filled_rows()
                return
            self.name.setText(row.name)
            self.title.setText(" · ".join(p for p in (row.title, row.department) if p))
            self.email.setText(row.email)
            self.facts["tier"].setText(row.tier)
            reports = "report" if row.team_size == 1 else "reports"
            self.facts["team"].setText(f"{row.team_size} direct {reports}")
            self.facts["region"].setText(row.region or "—")
            self.facts["executive"].setText(names.get(row.executive_id or "", "—"))
            self.facts["last"].setText(day_text(row.last_met))
            self.facts["next"].setText(day_text(row.next_meeting))
            self.facts["status"].setText(STATUS_LABELS.get(row.status, row.status))
            self.rep.clear()
            self.rep.addItem("Unassigned", None)
            for rep in reps:
                self.rep.addItem(rep.name + (" (HR lead)" if rep.is_lead else ""), rep.id)
            self.rep.setCurrentIndex(max(0, self.rep.findData(row.rep_id)))
            self.cadence.clear()
            rule = suggested_cadence(row.team_size)
            for label, value in CADENCE_CHOICES:
                text = f"Default rule ({rule})" if value is None else label
                self.cadence.addItem(text, value)
            self.cadence.setCurrentIndex(max(0, self.cadence.findData(row.cadence_pref)))
            self.flag.setVisible(row.reevaluate)
            self.flag.setText(
                f"⚑ Rescheduled {row.reschedules} times this quarter: re-evaluate the cadence "
                "with this manager?"
            )
            start = row.next_meeting or clock.today()
            self.plan_date.setDate(QtCore.QDate(start.year, start.month, start.day))
            self.open_button.setText(
                "Open meeting" if row.next_meeting else "Start a meeting today"
            )
            self._show_filled_rows()
        finally:
            self._loading = False

    def _show_filled_rows(self) -> None:
        """Only facts with a value get a row (no label next to a blank or a dash)."""
        for label in self.facts.values():
            self.form.setRowVisible(label, label.text() not in ("", "—"))
        for picker in (self.rep, self.cadence):
            self.form.setRowVisible(picker, self.row is not None)

    def _rep_changed(self) -> None:
        if not self._loading and self.row is not None:
            self.rep_chosen.emit(self.row.manager_id, self.rep.currentData())

    def _cadence_changed(self) -> None:
        if not self._loading and self.row is not None:
            self.cadence_chosen.emit(self.row.manager_id, self.cadence.currentData())


class ManagersView(View):
    """Sidebar view: the managers table, the selected manager's card, the team workload."""

    title = "Managers"

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        self.tiers = TierRules.load(state.paths.root)
        self.reps: list[RepInfo] = []
        self.names: dict[str, str] = {}

        self.model = ManagersModel(self)
        self.proxy = ManagersFilter(self)
        self.proxy.setSourceModel(self.model)

        self.import_button = QtWidgets.QPushButton("Import roster…")
        self.import_button.setObjectName("importRoster")
        self.import_button.setToolTip("Import the HRIS export (Ctrl+I)")
        self.assign_button = QtWidgets.QPushButton("Assign reps…")
        self.assign_button.setObjectName("assignReps")
        self.assign_button.setToolTip("Propose who supports whom (Ctrl+Shift+A)")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(heading(self.title))
        top.addStretch(1)
        self.ics_button = QtWidgets.QPushButton("Export calendar…")
        self.ics_button.setObjectName("exportIcs")
        self.ics_button.setToolTip("Save the planned meetings as an .ics file for your calendar")
        top.addWidget(self.import_button)
        top.addWidget(self.assign_button)
        top.addWidget(self.ics_button)

        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("managerSearch")
        self.search.setPlaceholderText("Filter by name, email, department, title… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.rep_filter = QtWidgets.QComboBox()
        self.rep_filter.setObjectName("repFilter")
        self.rep_filter.setAccessibleName("Rep filter")
        self.status_filter = QtWidgets.QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setAccessibleName("Status filter")
        self.status_filter.addItem("Any status", ManagersFilter.ANY)
        for status in (OVERDUE, NEVER_MET, DUE):
            self.status_filter.addItem(STATUS_LABELS[status], status)
        self.status_filter.addItem("Re-evaluate cadence?", ManagersFilter.REEVALUATE)
        self.show_former = QtWidgets.QCheckBox("Show former managers")
        self.show_former.setObjectName("showFormer")
        self.show_former.setToolTip(
            "Managers no longer in the roster file, kept with their history"
        )
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("emptyBody")
        for box in (self.rep_filter, self.status_filter):
            box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search.setMinimumWidth(200)
        filters = FlowRow()  # wraps, rather than cut a combo's text, when narrow
        for widget in (self.search, self.rep_filter, self.status_filter, self.show_former):
            filters.addWidget(widget)

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("managersTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ManagersModel.NAME, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        fit_columns(
            self.table,
            stretch={
                ManagersModel.NAME: 2,
                ManagersModel.STATUS: 1,
                ManagersModel.REP: 1,
                ManagersModel.DEPARTMENT: 1,
            },
            # what the card beside the table shows too, least needed first
            spare=(
                ManagersModel.NEXT,
                ManagersModel.CADENCE,
                ManagersModel.LAST,
                ManagersModel.TEAM,
                ManagersModel.DEPARTMENT,
            ),
        )
        self.table.setColumnHidden(ManagersModel.TIER, True)  # on the card beside it
        self.card = ManagerCard()

        splitter = QtWidgets.QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.card)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 220])  # the card keeps 220 px, the table the rest
        splitter.setChildrenCollapsible(False)
        managers_tab = QtWidgets.QWidget()
        tab_layout = QtWidgets.QVBoxLayout(managers_tab)
        tab_layout.setContentsMargins(0, 8, 0, 0)
        tab_layout.addLayout(filters)
        tab_layout.addWidget(splitter, 1)
        tab_layout.addWidget(self.count)  # below the table, as in the other views
        self.workload = WorkloadPanel()
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("managersTabs")
        self.tabs.addTab(managers_tab, "Managers")
        self.tabs.addTab(self.workload, "Team workload")

        self.empty = EmptyState(
            "No managers yet",
            "Import the roster from your HRIS export (Workday, BambooHR, HiBob, Personio) "
            "to see every manager, their rep, team size and cadence.",
            "Import roster…",
            self.import_roster,
        )
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.tabs)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.search.textChanged.connect(self._filter_changed)
        self.rep_filter.currentIndexChanged.connect(self._filter_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.show_former.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.import_button.clicked.connect(self.import_roster)
        self.assign_button.clicked.connect(self.propose_assignment)
        self.ics_button.clicked.connect(self.export_calendar)
        self.card.rep_chosen.connect(self.reassign)
        self.card.cadence_chosen.connect(self.set_cadence)
        self.card.open_requested.connect(self.open_meeting)
        self.card.plan_requested.connect(self.plan)
        self.card.team_requested.connect(self.open_team)
        self.workload.add_requested.connect(self.add_rep)
        self.workload.edit_requested.connect(self.edit_rep)
        self._shortcut("Ctrl+F", lambda: (self.search.setFocus(), self.search.selectAll()))
        self._shortcut("Ctrl+I", self.import_roster)
        self._shortcut("Ctrl+Shift+A", self.propose_assignment)
        self._shortcut("Ctrl+Return", self.open_selected)
        self._shortcut("Ctrl+Shift+P", self.card.plan_button.click)

    def _shortcut(self, keys: str, slot) -> None:
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
        shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    # ----- data --------------------------------------------------------------------------

    def primary(self) -> QtWidgets.QWidget:
        """The filter field, then the table."""
        return self.search

    def refresh(self) -> None:
        store = self.state.store
        if store is None:
            return
        selected = self.selected_id()
        rows = schedule(store, include_former=self.show_former.isChecked())
        self.reps = list_reps(store)
        self.names = {r.manager_id: r.name for r in rows}
        rank = {tier: self.tiers.rank(tier) for tier in {r.tier for r in rows}}
        self.model.set_rows(rows, rank)
        self._fill_rep_filter()
        self.workload.set_workload(workload(store))
        self.pages.setCurrentWidget(self.tabs if rows else self.empty)
        self.assign_button.setEnabled(bool(rows))
        self.ics_button.setEnabled(bool(rows))
        self._update_count()
        if selected:
            self.select(selected)
        if self.selected_id() is None:
            self.card.show_row(None, self.reps, self.names)

    def _fill_rep_filter(self) -> None:
        current = self.proxy.rep_id
        self.rep_filter.blockSignals(True)
        self.rep_filter.clear()
        self.rep_filter.addItem("All reps", ManagersFilter.ANY)
        if self.state.me_rep_id:
            self.rep_filter.addItem("My managers", self.state.me_rep_id)
        self.rep_filter.addItem("Unassigned", None)
        for rep in self.reps:
            self.rep_filter.addItem(rep.name, rep.id)
        index = self.rep_filter.findData(current)
        self.rep_filter.setCurrentIndex(max(0, index))
        self.rep_filter.blockSignals(False)
        self.proxy.set_rep(self.rep_filter.currentData())

    def _filter_changed(self) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_rep(self.rep_filter.currentData())
        self.proxy.set_status(self.status_filter.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(plural(total, "manager") if shown == total else f"{shown} of {total}")

    # ----- selection ---------------------------------------------------------------------

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select(self, manager_id: str) -> bool:
        """Select a manager's row (if the filter shows it)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == manager_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def _show_selected(self) -> None:
        index = self.table.currentIndex()
        row = None
        if index.isValid():
            row = self.model.row_at(self.proxy.mapToSource(index).row())
        self.card.show_row(row, self.reps, self.names)

    # ----- actions -----------------------------------------------------------------------

    def _change(self, fn, changes: Changes, message: str) -> None:
        """Run one change; this view refreshes itself (its own edits are not announced
        back to it), the others as the announced ``changes`` concern them."""
        ok, _ = self.state.ops.change(fn, changes, initiator=self)
        if ok:
            self.state.hub.status_message.emit(message)
        self.refresh()

    def reassign(self, manager_id: str, rep_id: str | None) -> None:
        rep = next((r.name for r in self.reps if r.id == rep_id), "nobody")
        self._change(
            lambda store: reassign(store, manager_id, rep_id),
            Changes(roster=True),
            f"{self.names.get(manager_id, 'Manager')} is now supported by {rep}.",
        )

    def set_cadence(self, manager_id: str, cadence: str | None) -> None:
        what = cadence or "the default rule"
        self._change(
            lambda store: set_cadence_preference(store, manager_id, cadence),
            Changes(roster=True, meetings=True),
            f"Cadence of {self.names.get(manager_id, 'manager')}: {what}.",
        )

    def open_selected(self) -> None:
        manager_id = self.selected_id()
        if manager_id:
            self.open_meeting(manager_id)

    def open_meeting(self, manager_id: str) -> None:
        """Open the manager's next planned meeting (or one started today)."""
        self.state.navigate(Navigate("manager", manager_id))

    def open_team(self, email: str, name: str) -> None:
        """The manager's team, each person's lifecycle and cases."""
        PersonTimelineDialog.open_for(self, self.state, manager_email=email, manager_name=name)

    def plan(self, manager_id: str, day) -> None:
        self._change(
            lambda store: MeetingService(store).plan(manager_id, day),
            Changes(meetings=True),
            f"Planned a meeting with {self.names.get(manager_id, 'the manager')} "
            f"on {daytext.day(day)}.",
        )

    def import_roster(self) -> None:
        from partnerdesk.ui.dialogs.roster_import import RosterImportDialog

        report, ok = RosterImportDialog.get_report(self, self.state)
        if ok and report is not None and report.applied:
            counts = report.counts
            self.state.ops.announce(Changes(roster=True, meetings=True, initiator=self))
            self.state.hub.status_message.emit(
                f"Roster imported: {counts.new} new, {counts.changed} changed, "
                f"{plural(counts.leaving, 'manager')} leaving."
            )
            self.refresh()
            self._after_import()

    def _after_import(self) -> None:
        """Import -> assign reps (the proposal) -> Today, while managers have no rep."""
        from partnerdesk.core.schedule import count_unassigned_managers

        unassigned = count_unassigned_managers(self.state.store)
        if not unassigned:
            return
        if not list_reps(self.state.store):  # the reps come first: show where they are added
            self.tabs.setCurrentWidget(self.workload)
            self.state.hub.status_message.emit(
                f"Next: add your reps (Add rep), then Assign reps. {plural(unassigned, 'manager')}"
                " without a rep are on nobody's schedule."
            )
            return
        self.propose_assignment()
        self.state.navigate(Navigate("view", "today"))

    def export_calendar(self) -> None:
        """Save my planned meetings (everyone's, if I am not a rep) as an .ics file."""
        from pathlib import Path

        from partnerdesk.core.schedule import export_ics

        path, _chosen = QtWidgets.QFileDialog.getSaveFileName(
            self,
            "Export planned meetings",
            str(Path.home() / "partner-desk-meetings.ics"),
            "Calendar files (*.ics)",
        )
        if not path:
            return
        ok, count = self.state.ops.change(
            lambda store: export_ics(store, path, self.state.me_rep_id), Changes()
        )
        if ok:
            self.state.hub.status_message.emit(
                f"Saved {plural(count, 'planned meeting')} to {path}."
            )

    def add_rep(self) -> None:
        from partnerdesk.core.reps import add_rep
        from partnerdesk.ui.dialogs.rep import RepDialog

        spec, ok = RepDialog.get_rep(self)
        if not ok or spec is None:
            return
        self._change(
            lambda store: add_rep(
                store,
                spec.name,
                spec.email,
                spec.capacity,
                spec.timezone,
                spec.region,
                spec.is_lead,
            ),
            Changes(roster=True),
            f"Added {spec.name} ({spec.capacity:.0%}).",
        )

    def edit_rep(self, rep_id: str) -> None:
        from partnerdesk.core.reps import update_rep
        from partnerdesk.ui.dialogs.rep import RepDialog

        current = next((r for r in list_reps(self.state.store, include_inactive=True)
                        if r.id == rep_id), None)  # fmt: skip
        spec, ok = RepDialog.get_rep(self, current)
        if not ok or spec is None:
            return
        self._change(
            lambda store: update_rep(store, rep_id, **vars(spec)),
            Changes(roster=True),
            f"Saved {spec.name}.",
        )

    def propose_assignment(self) -> None:
        from partnerdesk.ui.dialogs.assign import AssignmentDialog

        proposal, ok = AssignmentDialog.get_proposal(self, self.state)
        if not ok or proposal is None:
            return
        ok, moved = self.state.ops.change(
            lambda store: apply_assignment(store, proposal), Changes(roster=True), initiator=self
        )
        if ok:
            self.state.hub.status_message.emit(
                f"Assignment applied ({proposal.strategy}): {plural(moved, 'manager')} moved."
            )
        self.refresh()
