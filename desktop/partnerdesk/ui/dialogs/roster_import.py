"""The roster import dialog: choose a file, map its columns, review the dry run, import.

Step 1 picks the CSV or Excel file, read off the GUI thread (a 100,000-row workbook takes
seconds). Step 2 shows every column of the file with example
values and the field it will be read as (recognised automatically, changeable; every
mapping problem is fixed here), a sheet picker when a workbook has several sheets, and
the HRIS the file looks like. Step 3 runs the dry run off the GUI thread and shows what
would change and every problem row; the import itself also runs off the GUI thread, in
one transaction. A mapping confirmed by an import is remembered: next time the same
export goes from step 1 straight to the review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from partnerdesk.core import daytext
from partnerdesk.core.roster import (
    EMPLOYEES,
    FIELD_LABELS,
    FIELDS,
    ImportReport,
    RosterError,
    Table,
    detect_shape,
    import_roster,
    read_table,
    resolve_columns,
)
from partnerdesk.core.roster.columns import IGNORE, SECOND_STATUS, locate_header
from partnerdesk.core.roster.mappings import Remembered, remembered_mapping
from partnerdesk.core.roster.report import a_or_an, staff_line
from partnerdesk.core.roster.rules import RegionRules, TierRules
from partnerdesk.core.roster.vocabulary import vocabulary
from partnerdesk.core.words import plural
from partnerdesk.ui.dialogs.once import used_once
from partnerdesk.ui.geometry import sized_for_screen
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.rows_model import RowsModel
from partnerdesk.ui.state import AppState
from partnerdesk.ui.theme import colour
from partnerdesk.ui.views.base import heading

SAMPLES = 3
#: How many problem and warning rows of the review are grown to show their whole text
#: (each is measured on the GUI thread; a file of thousands of problems is fixed as one).
FITTED_ROWS = 500
FILE_PAGE, COLUMNS_PAGE, REVIEW_PAGE = range(3)


class ReviewModel(RowsModel):
    """The dry run as rows: problems (with line numbers), warnings, then the manager changes."""

    WHAT, LINE, WHO, DETAIL = range(4)
    HEADERS = ("", "Line", "Manager / person", "Detail")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, str]] = []

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self.rows = []
        if report is not None:
            for problem in report.problems:
                self.rows.append(("Problem", str(problem.line), problem.who, problem.reason))
            for warning in report.warnings:
                self.rows.append(("Warning", "", "", warning))
            for change in report.new:
                self.rows.append(("New", "", f"{change.name} <{change.email}>", "new manager"))
            for change in report.changed:
                what = change.describe().partition(": ")[2]
                self.rows.append(("Changed", "", f"{change.name} <{change.email}>", what))
            for change in report.leaving:
                detail = "not in the file: becomes inactive, history kept"
                self.rows.append(("Leaving", "", f"{change.name} <{change.email}>", detail))
        self.endResetModel()

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == QtCore.Qt.ItemDataRole.ForegroundRole and row[0] == "Problem":
            return QtGui.QBrush(colour("danger"))
        return None


class RosterImportDialog(QtWidgets.QDialog):
    """Three steps: file, column mapping with a preview, dry-run review and import."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Import roster")
        sized_for_screen(self, 900, 620)
        self.table: Table | None = None
        self.remembered = ""  # when the mapping shown was confirmed, if it was remembered
        self.report: ImportReport | None = None
        self.busy = False  # reading or importing off the GUI thread
        self.closed = False  # done: what a background task brings back is dropped
        self.columns_ok = False
        self.reviewed: tuple[int, int] | None = None  # the file as the review read it
        self.changed_note = ""  # said over the review when the file changed since the last one
        self.tiers = TierRules.load(state.paths.root)
        self.regions = RegionRules.load(state.paths.root)

        self.steps = QtWidgets.QLabel()
        self.steps.setObjectName("emptyBody")
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._columns_page())
        self.pages.addWidget(self._review_page())
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(8)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.activity = QtWidgets.QLabel()  # what runs behind the progress bar
        self.activity.setObjectName("emptyBody")
        self.activity.hide()

        self.back_button = QtWidgets.QPushButton("Back")
        self.next_button = QtWidgets.QPushButton("Next")
        self.next_button.setObjectName("nextStep")
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.activity)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.next_button.setDefault(True)  # in the dialog now, so the dialog keeps it

        self.setAcceptDrops(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)
        self._show_page(FILE_PAGE)

    @classmethod
    def get_report(
        cls, parent: QtWidgets.QWidget | None, state: AppState
    ) -> tuple[ImportReport | None, bool]:
        """Run the dialog; returns the applied import's report and whether it was applied."""
        dialog = cls(state, parent)
        with used_once(dialog) as ok:
            return dialog.report, ok

    def reject(self) -> None:
        """Cancel or Esc; not while the import runs (it commits, and its report is due)."""
        if not (self.busy and self.pages.currentIndex() == REVIEW_PAGE):
            super().reject()

    def done(self, result: int) -> None:
        """Closing (imported or not) drops the file's table kept between review and import."""
        from partnerdesk.core.roster.importer import forget_reads

        forget_reads()
        self.closed = True
        super().done(result)

    # ----- pages -------------------------------------------------------------------------

    def _file_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.path = QtWidgets.QLineEdit()
        self.path.setObjectName("rosterPath")
        self.path.setPlaceholderText("The CSV or Excel file exported from your HRIS")
        self.browse_button = QtWidgets.QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        text = QtWidgets.QLabel(
            "Export your people from your HRIS (Workday, ADP, SuccessFactors, BambooHR, HiBob, "
            "Personio, Rippling, Gusto, Deel, UKG...) as Excel or CSV, leavers and all. Two "
            "kinds of file work:\n\n"
            "•  an employee export: everyone, with who they report to. Managers are the people "
            "someone reports to; team size and executive are worked out for you;\n"
            "•  a managers list: one row per manager, with a team size column.\n\n"
            "XLSX, XLS, ODS or CSV (any encoding and separator): the file is read as it is; "
            "leavers are kept with their dates but are not staff. Choose the file, or drop it "
            "on this window. Nothing changes until the last step."
        )
        text.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(heading("Choose the roster file", 1.3))
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _columns_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.file_info = QtWidgets.QLabel()
        self.file_info.setWordWrap(True)
        self.sheet = QtWidgets.QComboBox()
        self.sheet.setObjectName("sheetPicker")
        self.sheet.setAccessibleName("Sheet")
        self.sheet.activated.connect(self._sheet_chosen)
        self.sheet_row = QtWidgets.QWidget()
        sheet_layout = QtWidgets.QHBoxLayout(self.sheet_row)
        sheet_layout.setContentsMargins(0, 0, 0, 0)
        sheet_layout.addWidget(QtWidgets.QLabel("Sheet"))
        sheet_layout.addWidget(self.sheet)
        sheet_layout.addStretch(1)
        self.mapping = QtWidgets.QTableWidget(0, 3)
        self.mapping.setObjectName("columnMapping")
        self.mapping.setHorizontalHeaderLabels(["Column in the file", "Examples", "Read as"])
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 260)
        self.shape = QtWidgets.QLabel()
        self.shape.setObjectName("shapeHint")
        self.shape.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(heading("Check the columns", 1.3))
        layout.addWidget(self.file_info)
        layout.addWidget(self.sheet_row)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.shape)
        return page

    def _review_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.review_model = ReviewModel(self)
        self.review = QtWidgets.QTableView()
        self.review.setObjectName("importReview")
        self.review.setModel(self.review_model)
        rows = self.review.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # fitted rows keep their air
        self.review.setWordWrap(True)
        self.review.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.review.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.skip = QtWidgets.QCheckBox()
        self.skip.setObjectName("skipBadRows")
        self.skip.toggled.connect(self._update_buttons)
        self.mass_leave = QtWidgets.QCheckBox()
        self.mass_leave.setObjectName("allowMassLeave")
        self.mass_leave.toggled.connect(self._update_buttons)
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(heading("Review and import", 1.3))
        layout.addWidget(self.summary)
        layout.addWidget(self.review, 1)
        layout.addWidget(self.skip)
        layout.addWidget(self.mass_leave)
        return page

    # ----- navigation --------------------------------------------------------------------

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        names = ("1  File", "2  Columns", "3  Review")
        self.steps.setText(
            "   ›   ".join(f"<b>{n}</b>" if i == page else n for i, n in enumerate(names))
        )
        self.error.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        self.back_button.setEnabled(page > FILE_PAGE and not self.busy)
        self.next_button.setText("Import" if page == REVIEW_PAGE else "Next")
        ready = not self.busy
        if page == COLUMNS_PAGE:
            ready = ready and self.columns_ok
        if page == REVIEW_PAGE:
            report = self.report
            ready = ready and report is not None and (report.ok or self.skip.isChecked())
            ready = ready and (not report.mass_leave or self.mass_leave.isChecked())
        self.next_button.setEnabled(ready)
        self.sheet.setEnabled(not self.busy)  # one read at a time, of the file named
        self.path.setReadOnly(self.busy)
        self.browse_button.setEnabled(not self.busy)
        self.cancel_button.setEnabled(not (self.busy and page == REVIEW_PAGE))  # it commits
        self.progress.setVisible(self.busy)
        self.activity.setVisible(self.busy)

    def back(self) -> None:
        self._show_page(max(FILE_PAGE, self.pages.currentIndex() - 1))

    def next(self) -> None:
        page = self.pages.currentIndex()
        if page == FILE_PAGE:
            self.load_file()
        elif page == COLUMNS_PAGE:
            self.dry_run()
        else:
            self.apply()

    def dragEnterEvent(self, event) -> None:
        if self.pages.currentIndex() == FILE_PAGE and self._dropped_path(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_path(event.mimeData())
        if path:
            self.path.setText(path)
            event.acceptProposedAction()
            self.load_file()

    @staticmethod
    def _dropped_path(mime) -> str | None:
        urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        return urls[0].toLocalFile() if len(urls) == 1 else None

    def browse(self) -> None:
        path, _chosen = QtWidgets.QFileDialog.getOpenFileName(
            self,
            "Roster file",
            str(Path.home()),
            "Roster exports (*.xlsx *.xls *.ods *.csv *.txt);;All files (*)",
        )
        if path:
            self.path.setText(path)

    # ----- step 1 -> 2 -------------------------------------------------------------------

    def load_file(self) -> None:
        """Read the file and fill the mapping step; a remembered mapping goes to the review."""
        path = self.path.text().strip()
        if not path:
            self.error.setText("Choose the CSV or Excel file first.")
            return
        self._read(path, None, lambda: self.dry_run() if self.remembered else None)

    def _sheet_chosen(self) -> None:
        shown = self.table.sheet if self.table is not None else None
        self._read(self.path.text().strip(), self.sheet.currentText(), shown=shown)

    def _read(
        self,
        path: str,
        sheet: str | None,
        then: Callable[[], None] = lambda: None,
        shown: str | None = None,
    ) -> None:
        """Read ``sheet`` (None: the first holding a roster) off the GUI thread, fill the
        mapping step and show it, then ``then()``. On an error, say it and stay: the sheet
        picker goes back to ``shown``, the sheet whose columns are on the page."""
        store = self.state.store

        def work() -> tuple[Table, dict[str, int], Remembered | None]:
            table = locate_header(read_table(path, sheet))
            return table, resolve_columns(table.headers), remembered_mapping(store, table.headers)

        def done(read: tuple[Table, dict[str, int], Remembered | None]) -> None:
            self._show_columns(path, *read)
            self._show_page(COLUMNS_PAGE)
            then()

        def failed(exc: Exception) -> None:
            if shown is not None:
                self.sheet.setCurrentText(shown)

        self._background(work, done, failed, f"Reading {Path(path).name}…")

    def _show_columns(
        self,
        path: str,
        table: Table,
        columns: dict[str, int],
        remembered: Remembered | None,
    ) -> None:
        """Fill the mapping step with what the file says and what was remembered for it."""
        self.table = table
        chosen = {i: "status" if f == SECOND_STATUS else f for f, i in columns.items()}
        if remembered is not None:
            by_header = {h: f for h, f in remembered.mapping.items()}
            chosen = {
                i: by_header.get(h, chosen.get(i, IGNORE)) for i, h in enumerate(table.headers)
            }
        self.remembered = daytext.day(remembered.saved) if remembered else ""
        self.sheet.clear()
        self.sheet.addItems(table.sheets)
        self.sheet.setCurrentText(table.sheet)
        self.sheet_row.setVisible(len(table.sheets) > 1)
        rows = f"{len(table.rows):,} row{'' if len(table.rows) == 1 else 's'}"
        self.file_info.setText(
            f"<b>{Path(path).name}</b>: {rows}, {table.read_as}. Each column is read as the "
            "field on the right; change any that is wrong, or choose “Ignore”."
        )
        self._fill_mapping(table, chosen)

    def _fill_mapping(self, table: Table, chosen: dict[int, str]) -> None:
        self.mapping.setRowCount(len(table.headers))
        for index, header in enumerate(table.headers):
            samples = [
                row[index] for _line, row in table.rows[:50] if index < len(row) and row[index]
            ]
            shown = " · ".join(s.replace("\n", " ") for s in samples[:SAMPLES])
            self.mapping.setItem(
                index, 0, QtWidgets.QTableWidgetItem(header or f"(column {index + 1})")
            )
            self.mapping.setItem(index, 1, QtWidgets.QTableWidgetItem(shown))
            combo = QtWidgets.QComboBox()
            combo.addItem("Ignore", IGNORE)
            for field in FIELDS:
                combo.addItem(FIELD_LABELS[field], field)
            combo.setCurrentIndex(max(0, combo.findData(chosen.get(index, IGNORE))))
            combo.currentIndexChanged.connect(self._update_shape)
            self.mapping.setCellWidget(index, 2, combo)
        self._update_shape()

    def mapping_choice(self) -> dict[str, str]:
        """The chosen field of every column: ``{"Work Email": "email", "Notes": "ignore"}``."""
        assert self.table is not None
        return {
            header: self.mapping.cellWidget(index, 2).currentData()
            for index, header in enumerate(self.table.headers)
            if header
        }

    def set_field(self, header: str, field: str) -> None:
        """Choose the field of one column (what a user does with the combo box)."""
        assert self.table is not None
        combo = self.mapping.cellWidget(self.table.headers.index(header), 2)
        combo.setCurrentIndex(combo.findData(field))

    def _update_shape(self) -> None:
        chosen = {f: i for i, f in enumerate(self.mapping_choice().values()) if f != IGNORE}
        fields = list(self.mapping_choice().values())
        doubled = [f for f in set(chosen) if fields.count(f) > (2 if f == "status" else 1)]
        try:
            if doubled:
                raise RosterError(
                    f"Two columns are read as {FIELD_LABELS[doubled[0]].lower()}: choose "
                    "“Ignore” for one of them."
                )
            shape = detect_shape(chosen)
        except RosterError as exc:
            self.columns_ok = False
            other = self.table is not None and len(self.table.sheets) > 1
            sheets = ", or choose the sheet that holds the people" if other else ""
            self.shape.setText(f"⚠ {exc} Choose it under “Read as” above{sheets}.")
            self._update_buttons()
            return
        self.columns_ok = True
        assert self.table is not None
        looks = vocabulary().vendor_of(self.table.headers)
        lead = f"Looks like {a_or_an(looks.name)} {looks.name} export. " if looks else ""
        if shape == EMPLOYEES:
            text = "This is an employee export: managers are the people someone reports to."
        else:
            text = "This is a managers list: one row per manager, with a team size."
        self.shape.setText(lead + text)
        self._update_buttons()

    # ----- step 2 -> 3 -> done -----------------------------------------------------------

    def _run(self, skip: bool, dry_run: bool, on_done: Callable[[ImportReport], None]) -> None:
        path, mapping, store = self.path.text().strip(), self.mapping_choice(), self.state.store
        tiers, regions = self.tiers, self.regions
        sheet = self.table.sheet or None if self.table is not None else None
        allow_mass_leave = self.mass_leave.isChecked()

        def work() -> ImportReport:
            return import_roster(
                store, path, mapping, skip_bad_rows=skip, dry_run=dry_run, tiers=tiers,
                regions=regions, allow_mass_leave=allow_mass_leave, sheet=sheet,
            )  # fmt: skip

        label = "Checking the roster…" if dry_run else "Importing the roster…"
        self._background(work, on_done, lambda _exc: None, label)

    def _background(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        label: str,
    ) -> None:
        """Run ``work`` off the GUI thread behind the dialog's progress bar, one at a time;
        an error is said under the page. Nothing is done once the dialog was closed."""
        if self.busy:
            return
        self.busy = True
        self.activity.setText(label)
        self.error.clear()
        self._update_buttons()

        def done(value: Any) -> None:
            if self._dropped():
                return
            self.busy = False
            on_done(value)
            self._update_buttons()

        def failed(exc: Exception) -> None:
            if self._dropped():
                return
            self.busy = False
            self.error.setText(str(exc))
            on_error(exc)
            self._update_buttons()

        self.state.ops.background(work, done, failed, label)

    def _dropped(self) -> bool:
        """True once the dialog is closed: a read that ends later is let go of (the file's
        table it kept for the import too)."""
        if self.closed:
            from partnerdesk.core.roster.importer import forget_reads

            forget_reads()
        return self.closed

    def _file_state(self) -> tuple[int, int] | None:
        """When the file was last written and its size (None when it cannot be read)."""
        try:
            found = Path(self.path.text().strip()).stat()
        except OSError:
            return None
        return found.st_mtime_ns, found.st_size

    def dry_run(self) -> None:
        self.reviewed = self._file_state()
        self._run(False, True, self._show_review)

    def _show_review(self, report: ImportReport) -> None:
        self.report = report
        counts = report.counts
        lines = []
        if report.looks_like:
            lines.append(f"<b>{report.looks_like[0].upper()}{report.looks_like[1:]}.</b>")
        if self.remembered:
            lines.append(
                f"Columns read with the mapping you confirmed on {self.remembered} "
                "(Back to change it)."
            )
        lines.append(
            f"<b>Managers:</b> {counts.new} new, {counts.changed} changed, "
            f"{counts.unchanged} unchanged, {counts.leaving} leaving."
        )
        if report.shape == EMPLOYEES:
            lines.append(f"<b>People:</b> {report.people.describe()}; {staff_line(report)}.")
        lines += report.notes
        if report.problems:
            bad = len({p.line for p in report.problems})
            problems = plural(len(report.problems), "problem")
            lines.append(
                f"<span style='color:{colour('danger').name()}'><b>{problems}</b></span> "
                "(listed first below). Fix them in the file and import again, or skip those "
                "rows."
            )
            self.skip.setText(f"Skip the {plural(bad, 'problem row')} and import everything else")
            self.skip.show()
        else:
            lines.append("No problems found.")
            self.skip.hide()
        if report.warnings:
            lines.append(
                f"{plural(len(report.warnings), 'warning')} (listed below, after the problems): "
                "those rows are imported as the warning says."
            )
        if report.mass_leave:
            lines.append(
                f"<span style='color:{colour('danger').name()}'><b>⚠ {report.mass_leave}</b></span>"
                " If they really left, tick the box below."
            )
            self.mass_leave.setText(
                f"Yes, mark them as leaving: {plural(counts.leaving, 'manager')} really left"
            )
        self.mass_leave.setVisible(bool(report.mass_leave))
        self.mass_leave.setChecked(False)
        self.skip.setChecked(False)
        self.summary.setText("<br>".join(lines))
        self.review_model.set_report(report)
        self._show_page(REVIEW_PAGE)
        self.error.setText(self.changed_note)
        self.changed_note = ""
        for row in range(min(len(report.problems) + len(report.warnings), FITTED_ROWS)):
            self.review.resizeRowToContents(row)  # a problem's candidates are never cut off

    def apply(self) -> None:
        now = self._file_state()
        if now is not None and now != self.reviewed:  # rewritten since the review: review again
            self.changed_note = (
                "The file changed after your review, so it was checked again: this is the new "
                "review. Import when it is right."
            )
            self.dry_run()
            return
        self._run(self.skip.isChecked(), False, self._applied)

    def _applied(self, report: ImportReport) -> None:
        self.report = report
        if report.applied:
            self.accept()
        else:
            self._show_review(report)
