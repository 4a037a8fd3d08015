"""The Signals & cases view: early warnings and cases in one list, by department and kind.

Signals are the one-key flags raised in meetings; cases are people work followed end to
end (onboarding, trials, performance, reviews, leave, exits). Selecting a signal shows
its summary, the early-intervention checklist of a performance concern and the timeline
(opened, updates in later meetings, resolved); "Make a case…" turns it into a case that
keeps that story. Selecting a case shows its checklist, notes and timeline. Updates are
added with Enter in the update box; Ctrl+E edits a signal, Ctrl+Shift+R resolves or
closes, reopens.
"""

from __future__ import annotations

from datetime import date

from partnerdesk.core import clock, daytext
from partnerdesk.core.cases import CaseRow, CaseSpec, from_signal, list_cases, open_case, templates
from partnerdesk.core.search import filter_choices
from partnerdesk.core.signals import (
    CHECKLIST_ITEMS,
    KIND_LABELS,
    SEVERITY_LABELS,
    SignalRow,
    SignalSpec,
    add_update,
    get_signal,
    list_signals,
    raise_signal,
    reopen,
    resolve,
    set_checklist_item,
    set_review_date,
    story,
    update_signal,
)
from partnerdesk.core.store.models import SIGNAL_KINDS
from partnerdesk.core.words import plural
from partnerdesk.ui.dialogs.case import CaseDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.rows_model import RowsModel
from partnerdesk.ui.theme import colour
from partnerdesk.ui.views.base import EmptyState, View, heading, scale_font
from partnerdesk.ui.views.case_detail import CaseDetail, timeline_action
from partnerdesk.ui.widgets.flow import FlowRow, labelled
from partnerdesk.ui.widgets.tables import fit_columns

HIDDEN = "•••  hidden (privacy screen)"
HIDDEN_SHORT = "•••"
STATUSES = (("open", "Open"), ("resolved", "Resolved or closed"), (None, "All"))
SIGNALS_ONLY, CASES_ONLY = "signals", "cases"
CASE_PREFIX = "case:"
#: Palette colour names (ui/theme.py) by severity.
SEVERITY_COLOURS = {3: "danger", 2: "warning", 1: "muted"}


def _age(opened: date, today: date) -> str:
    days = (today - opened).days
    if days < 14:
        return f"{days} d"
    if days < 70:
        return f"{days // 7} wk"
    return f"{days // 30} mo"


class SignalModel(RowsModel):
    """Signal and case rows: department, kind, severity (a case: its checklist progress),
    person, manager, opened (summary as tooltip)."""

    DEPARTMENT, KIND, SEVERITY, PERSON, MANAGER, OPENED = range(6)
    HEADERS = ("Department", "Kind", "Severity / steps", "Person", "Manager", "Opened")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SignalRow | CaseRow] = []
        self.today = clock.today()

    def set_rows(self, rows: list[SignalRow | CaseRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.today = clock.today()
        self.endResetModel()

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == QtCore.Qt.ItemDataRole.UserRole:  # sort key
            if col == self.OPENED:
                return row.opened_at.isoformat()
            if col == self.SEVERITY:
                return row.progress if isinstance(row, CaseRow) else str(row.severity)
            return self._display(row, col)
        if isinstance(row, CaseRow):
            if role == QtCore.Qt.ItemDataRole.ToolTipRole and not self.hidden:
                return row.summary or None
            return None
        if role == QtCore.Qt.ItemDataRole.ForegroundRole and col == self.SEVERITY:
            return QtGui.QBrush(colour(SEVERITY_COLOURS.get(row.severity, "muted")))
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and not self.hidden:
            return row.summary or None
        return None

    def _display(self, row: SignalRow | CaseRow, col: int) -> str:
        is_case = isinstance(row, CaseRow)
        if col == self.DEPARTMENT:
            return row.department or "—"
        if col == self.KIND:
            return f"{row.kind_label} case" if is_case else row.kind_label
        if col == self.SEVERITY:
            if is_case:
                return f"{row.progress} steps" + (" · closed" if row.status == "closed" else "")
            return SEVERITY_LABELS.get(row.severity, str(row.severity))
        if col == self.PERSON:
            return HIDDEN_SHORT if self.hidden else row.person_label
        if col == self.MANAGER:
            return row.manager_name or "—"
        opened = clock.local_day(row.opened_at)
        return f"{opened.day} {opened:%b %Y} ({_age(opened, self.today)})"


class SignalDetail(QtWidgets.QWidget):
    """One signal's case: summary, checklist, timeline, and what can be done next."""

    changed = QtCore.Signal()

    def __init__(self, view: SignalsView) -> None:
        super().__init__()
        self.view = view
        self.row: SignalRow | None = None
        self.hidden = False
        self.title = QtWidgets.QLabel()
        scale_font(self.title, 1.25, bold=True)
        self.meta = QtWidgets.QLabel()
        self.meta.setObjectName("emptyBody")
        self.meta.setWordWrap(True)
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("signalSummaryText")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tags = QtWidgets.QLabel()
        self.tags.setObjectName("emptyBody")

        self.checklist = QtWidgets.QGroupBox("Early intervention")
        checks = QtWidgets.QVBoxLayout(self.checklist)
        self.checks: dict[str, QtWidgets.QCheckBox] = {}
        for key, label in CHECKLIST_ITEMS:
            box = QtWidgets.QCheckBox(label)
            box.toggled.connect(lambda done, k=key: self._tick(k, done))
            checks.addWidget(box)
            self.checks[key] = box
        review = QtWidgets.QHBoxLayout()
        self.has_review = QtWidgets.QCheckBox("Review date")
        self.review = QtWidgets.QDateEdit()
        self.review.setAccessibleName("Review date")
        self.review.setCalendarPopup(True)
        self.review.setDisplayFormat("ddd d MMM yyyy")
        self.has_review.toggled.connect(self._review_changed)
        self.review.dateChanged.connect(lambda _d: self._review_changed(True))
        review.addWidget(self.has_review)
        review.addWidget(self.review)
        review.addStretch(1)
        checks.addLayout(review)

        self.timeline = QtWidgets.QListWidget()
        self.timeline.setObjectName("signalTimeline")
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

        self.resolve_button = QtWidgets.QPushButton("Resolve")
        self.resolve_button.setToolTip("Resolve or reopen (Ctrl+Shift+R); the update text is kept")
        self.resolve_button.clicked.connect(self.toggle_resolved)
        self.edit_button = QtWidgets.QPushButton("Edit…")
        self.edit_button.setToolTip("Edit kind, severity, person, summary, tags (Ctrl+E)")
        self.edit_button.clicked.connect(self.edit)
        self.case_button = QtWidgets.QPushButton("Make a case…")
        self.case_button.setToolTip("Follow it as a case with a checklist; it keeps this story")
        self.case_button.clicked.connect(self.make_case)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.case_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resolve_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.setSpacing(8)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.summary)
        layout.addWidget(self.tags)
        layout.addWidget(self.checklist)
        timeline_title = QtWidgets.QLabel("Timeline")
        scale_font(timeline_title, 1.05, bold=True)
        layout.addWidget(timeline_title)
        layout.addWidget(self.timeline, 1)
        layout.addLayout(update_row)
        layout.addLayout(buttons)

    def show_signal(self, signal_id: str | None) -> None:
        store = self.view.state.store
        self.row = get_signal(store, signal_id) if signal_id and store else None
        self.setEnabled(self.row is not None)
        if self.row is None:
            self.title.setText("Select a signal")
            for label in (self.meta, self.summary, self.tags):
                label.clear()
            self.timeline.clear()
            self.checklist.hide()
            return
        row = self.row
        manager = f"{row.manager_name} ({row.department})" if row.manager_name else "No manager"
        state = "Resolved" if row.status == "resolved" else "Open"
        self.meta.setText(
            f"{SEVERITY_LABELS.get(row.severity, row.severity)} severity · {manager} · "
            f"{state} · opened {daytext.day(row.opened_at)}"
        )
        self.checklist.setVisible(row.kind == "performance")
        for key, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(bool(row.checklist.get(key)))
            box.blockSignals(False)
        for widget in (self.has_review, self.review):
            widget.blockSignals(True)
        self.has_review.setChecked(row.review_date is not None)
        self.review.setEnabled(row.review_date is not None)
        self.review.setDate(QtCore.QDate(row.review_date or clock.today()))
        for widget in (self.has_review, self.review):
            widget.blockSignals(False)
        self.resolve_button.setText("Reopen" if row.status == "resolved" else "Resolve")
        self.case_button.setEnabled(row.status == "open")
        self._entries = [
            (daytext.day(u.at), "Resolved" if u.status == "resolved" else "", u.text)
            for u in story(store, row.id)
        ]
        self.set_hidden(self.hidden)

    def set_hidden(self, hidden: bool) -> None:
        """Privacy screen: hide the person, summary, tags and the timeline text."""
        self.hidden = hidden
        if self.row is None:
            return
        person = self.row.person or "anonymous"
        self.title.setText(f"{self.row.kind_label} · {HIDDEN_SHORT if hidden else person}")
        tags = " ".join(f"#{t}" for t in self.row.tags.split())
        self.tags.setText(HIDDEN_SHORT if hidden else tags)
        self.tags.setVisible(bool(tags))
        self.summary.setText(HIDDEN if hidden else (self.row.summary or "No summary."))
        self.timeline.clear()
        for day, status, text in getattr(self, "_entries", []):
            body = HIDDEN if hidden else text
            self.timeline.addItem(f"{day}  ·  {body}" + (f"  ({status})" if status else ""))

    def _act(self, call) -> None:
        """Run one change to this signal (``call(store)``); the view refreshes either way."""
        self.view.state.ops.change(call, Changes())
        self.changed.emit()

    def _tick(self, key: str, done: bool) -> None:
        if self.row is not None:
            self._act(lambda store: set_checklist_item(store, self.row.id, key, done))

    def _review_changed(self, _on: bool) -> None:
        if self.row is None:
            return
        self.review.setEnabled(self.has_review.isChecked())
        day = self.review.date().toPython() if self.has_review.isChecked() else None
        self._act(lambda store: set_review_date(store, self.row.id, day))

    def add_update(self) -> None:
        timeline_action(self, add_update, needs_text=True)

    def toggle_resolved(self) -> None:
        if self.row is not None:
            action = reopen if self.row.status == "resolved" else resolve
            timeline_action(self, action, needs_text=False)

    def edit(self) -> None:
        if self.row is None:
            return
        row = self.row
        spec = SignalSpec(
            row.kind,
            severity=row.severity,
            person=row.person,
            summary=row.summary,
            tags=row.tags,
            manager_id=row.manager_id,
            review_date=row.review_date,
            checklist=row.checklist,
        )
        managers, _departments = filter_choices(self.view.state.store)
        spec, ok = SignalDialog.get_signal(self, spec, managers=managers)
        if ok and spec is not None:
            self._act(lambda store: update_signal(store, row.id, spec))

    def make_case(self) -> None:
        """Turn the signal into a case (the kind is asked); the view then shows the case."""
        if self.row is None:
            return
        spec, ok = CaseDialog.get_case(self, CaseSpec("performance"), kind_only=True)
        if not ok or spec is None:
            return
        signal_id = self.row.id
        ok, case_id = self.view.state.ops.change(
            lambda store: from_signal(store, signal_id, spec.kind),
            Changes(signals=True),
            initiator=self.view,
        )
        if ok:
            self.view.refresh()
            self.view.select_signal(case_id)


class SignalsView(View):
    """Sidebar view: open signals and cases by department and kind, and each one's story."""

    title = "Signals & cases"
    concerns = ("signals", "meetings", "roster")

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        self.model = SignalModel(self)
        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(QtCore.Qt.ItemDataRole.UserRole)

        self.status_box = QtWidgets.QComboBox()
        for status, label in STATUSES:
            self.status_box.addItem(label, status)
        self.department_box = QtWidgets.QComboBox()
        self.kind_box = QtWidgets.QComboBox()
        self.kind_box.addItem("Signals and cases", None)
        self.kind_box.addItem("Signals only", SIGNALS_ONLY)
        self.kind_box.addItem("Cases only", CASES_ONLY)
        self.kind_box.insertSeparator(self.kind_box.count())
        for kind in SIGNAL_KINDS:
            self.kind_box.addItem(KIND_LABELS[kind], kind)
        self.kind_box.insertSeparator(self.kind_box.count())
        for template in templates().values():
            self.kind_box.addItem(f"{template.label} cases", CASE_PREFIX + template.id)
        for box in (self.status_box, self.department_box, self.kind_box):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
            box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.new_button = QtWidgets.QPushButton("New signal…")
        self.new_button.clicked.connect(self.new_signal)
        self.new_case_button = QtWidgets.QPushButton("New case…")
        self.new_case_button.clicked.connect(self.new_case)
        filters = FlowRow(spacing=16)  # wraps, rather than cut a combo's text, when narrow
        filters.addWidget(labelled("Show", self.status_box))
        filters.addWidget(labelled("Department", self.department_box))
        filters.addWidget(labelled("Kind", self.kind_box))

        self.table = QtWidgets.QTableView()
        self.table.setObjectName("signalTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        fit_columns(
            self.table,
            stretch={
                SignalModel.KIND: 3,
                SignalModel.DEPARTMENT: 2,
                SignalModel.PERSON: 2,
                SignalModel.MANAGER: 2,
            },
            # the department filter and the panel beside the table name them all
            spare=(SignalModel.DEPARTMENT, SignalModel.OPENED, SignalModel.MANAGER),
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.detail = SignalDetail(self)
        self.detail.changed.connect(self._after_change)
        self.case_detail = CaseDetail(state)
        self.case_detail.changed.connect(self._after_change)
        self.details = QtWidgets.QStackedWidget()
        self.details.addWidget(self.detail)
        self.details.addWidget(self.case_detail)
        self.empty = EmptyState(
            "No signals or cases here",
            "Flight risks, performance concerns, training needs, headcount requests and pain "
            "points raised in meetings (Alt+1…6) appear here, oldest first, with the cases "
            "followed end to end: onboarding, trials, performance, reviews, leave and exits.",
        )
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)  # the table takes what the window gains
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([900, 300])  # the panel keeps 300 px, the table the rest
        self.details.setMinimumWidth(260)
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty)
        self.count = QtWidgets.QLabel()
        self.count.setObjectName("emptyBody")

        for keys, slot in (
            ("Ctrl+E", self.detail.edit),
            ("Ctrl+Shift+R", self._toggle_current),
            ("Ctrl+N", self.new_signal),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        top = QtWidgets.QHBoxLayout()  # what to add, beside the title; the filters below
        top.addWidget(heading("Signals & cases"))
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.new_case_button)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count)
        state.hub.privacy_changed.connect(self._set_hidden)
        self._set_hidden(state.privacy)

    def _set_hidden(self, hidden: bool) -> None:
        self.model.set_hidden(hidden)
        self.detail.set_hidden(hidden)
        self.case_detail.set_hidden(hidden)

    def _toggle_current(self) -> None:
        if self.details.currentWidget() is self.case_detail:
            self.case_detail.toggle_closed()
        else:
            self.detail.toggle_resolved()

    def _rows(self, status: str | None, department: str | None) -> list[SignalRow | CaseRow]:
        """The signals and cases the filters pick, by department and kind, oldest first."""
        store = self.state.store
        kind = self.kind_box.currentData()
        rows: list[SignalRow | CaseRow] = []
        if kind is None or kind == SIGNALS_ONLY or kind in SIGNAL_KINDS:
            signal_kind = kind if kind in SIGNAL_KINDS else None
            rows += list_signals(store, status=status, department=department, kind=signal_kind)
        if kind is None or kind == CASES_ONLY or kind.startswith(CASE_PREFIX):
            case_kind = kind[len(CASE_PREFIX) :] if kind and kind.startswith(CASE_PREFIX) else None
            cases = list_cases(store, kind=case_kind, department=department)
            if status is not None:
                cases = [c for c in cases if (c.status == "open") == (status == "open")]
            rows += cases
        return sorted(
            rows,
            key=lambda r: (r.department.casefold(), isinstance(r, CaseRow), r.kind, r.opened_at),
        )

    def primary(self) -> QtWidgets.QWidget:
        """The filters, then the table (the New buttons beside the title come last)."""
        return self.status_box

    def refresh(self) -> None:
        store = self.state.store
        if store is None:
            return
        shown = self.details.currentWidget()
        row = shown.row if shown is not None else None
        current = row.id if row else None
        status = self.status_box.currentData()
        departments = sorted({r.department for r in self._rows(status, None)})
        self.department_box.blockSignals(True)
        chosen = self.department_box.currentData()
        self.department_box.clear()
        self.department_box.addItem("All departments", None)
        for name in departments:
            self.department_box.addItem(name or "No department", name)
        found = self.department_box.findData(chosen)
        self.department_box.setCurrentIndex(found if found >= 0 else 0)
        self.department_box.blockSignals(False)
        rows = self._rows(status, self.department_box.currentData())
        self.model.set_rows(rows)
        self.proxy.sort(-1)  # keep the order: department, oldest first
        self.pages.setCurrentWidget(self.splitter if rows else self.empty)
        cases = sum(isinstance(r, CaseRow) for r in rows)
        signals = len(rows) - cases
        self.count.setText(f"{plural(signals, 'signal')}, {plural(cases, 'case')}")
        if not self.select_signal(current):
            self.select_signal(rows[0].id if rows else None)

    def select_signal(self, signal_id: str | None) -> bool:
        """Select (and show) one signal or case in the table; False when it is not listed."""
        for row, item in enumerate(self.model.rows):
            if item.id == signal_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                self._show_current()
                return True
        self.detail.show_signal(None)
        self.details.setCurrentWidget(self.detail)
        return False

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.show_signal(None)
            self.details.setCurrentWidget(self.detail)
            return
        row = self.model.rows[self.proxy.mapToSource(index).row()]
        if isinstance(row, CaseRow):
            self.case_detail.show_case(row.id)
            self.details.setCurrentWidget(self.case_detail)
        else:
            self.detail.show_signal(row.id)
            self.details.setCurrentWidget(self.detail)

    def _after_change(self) -> None:
        """The detail changed a signal: refresh once (this view made the change)."""
        self.state.ops.announce(Changes(signals=True, initiator=self))
        self.refresh()

    def new_signal(self) -> None:
        managers, _departments = filter_choices(self.state.store)
        spec, ok = SignalDialog.get_signal(
            self, SignalSpec("other", rep_id=self.state.me_rep_id), managers=managers
        )
        if not ok or spec is None:
            return
        ok, signal = self.state.ops.change(
            lambda store: raise_signal(store, spec), Changes(signals=True), initiator=self
        )
        if not ok:
            return
        self.refresh()
        self.select_signal(signal.id)

    def new_case(self) -> None:
        managers, _departments = filter_choices(self.state.store)
        spec, ok = CaseDialog.get_case(self, CaseSpec("onboarding"), managers=managers)
        if not ok or spec is None:
            return
        ok, case_id = self.state.ops.change(
            lambda store: open_case(store, spec), Changes(signals=True), initiator=self
        )
        if ok:
            self.refresh()
            self.select_signal(case_id)
