"""The Reports view: pick a period and a scope, preview the summary, export it.

The preview is the summary's HTML rendering (with its charts) in a QTextBrowser; it is
built off the GUI thread and refreshed whenever a picker changes, and covered while the
privacy screen is on. Exports (PDF,
Markdown, HTML, CSV, a PowerPoint deck, an Excel workbook) ask for a file, then run off
the GUI thread with visible progress.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partnerdesk.core import clock
from partnerdesk.core.reports import scope as scopes
from partnerdesk.core.reports.export import write_summary
from partnerdesk.core.reports.html import render_html
from partnerdesk.core.reports.model import Summary
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.scope import Choice, Scope
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.report_charts import chart_images
from partnerdesk.ui.report_pdf import qt_renderers
from partnerdesk.ui.views.base import View, heading

SCOPE_KINDS = (
    ("company", "Whole company"),
    ("department", "Department"),
    ("executive", "Executive's org"),
    ("rep", "Rep's managers"),
)
EXPORTS = (
    ("pdf", "Export PDF…", "PDF document (*.pdf)"),
    ("md", "Markdown…", "Markdown (*.md)"),
    ("html", "HTML…", "Web page (*.html)"),
    ("csv", "CSV tables…", "CSV file prefix (*.csv)"),
    ("pptx", "Slides…", "PowerPoint deck (*.pptx)"),
    ("xlsx", "Excel…", "Excel workbook (*.xlsx)"),
)
TOOLTIPS = {
    "pptx": "The deck for the 15-minute exec slot: charts you can edit, speaker notes. "
    "Uses deck-template.pptx from the profile folder when there is one.",
    "xlsx": "Every table of the summary, one sheet each, for analysts",
}
RECENT_QUARTERS, RECENT_MONTHS = 6, 12


def recent_periods(kind: str, today: date, count: int) -> list[Period]:
    """The current month or quarter and the ones before it, newest first."""
    period = Period.containing(today, kind)
    out = []
    for _ in range(count):
        out.append(period)
        period = period.previous()
    return out


@dataclass(frozen=True)
class ScopeChoices:
    """What the scope picker can offer, read from the store."""

    departments: list[Choice]
    executives: list[Choice]
    reps: list[Choice]

    @classmethod
    def load(cls, store) -> ScopeChoices:
        return cls(*scopes.picker_choices(store))

    def for_kind(self, kind: str) -> list[Choice]:
        return {
            "department": self.departments,
            "executive": self.executives,
            "rep": self.reps,
        }.get(kind, [])


class ReportsView(View):
    """Sidebar view: executive summaries, previewed live and exported."""

    title = "Reports"
    concerns = (
        "notes", "followups", "signals", "meetings", "roster", "agenda", "engagement",
    )  # fmt: skip

    preview_ready = QtCore.Signal()
    export_finished = QtCore.Signal(list)

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        self._generation = 0
        self._summary: Summary | None = None
        self._choices: ScopeChoices | None = None
        self._build_ui()
        self._fill_periods()

    # ----- layout ------------------------------------------------------------------------

    def _build_ui(self) -> None:
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 16)
        outer.setSpacing(12)
        outer.addWidget(heading("Reports"))
        intro = QtWidgets.QLabel(
            "Summaries for the VP and each department's executive. Quotes come only from "
            "notes marked for executives; private notes never appear."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        outer.addWidget(intro)

        pickers = QtWidgets.QGridLayout()
        pickers.setHorizontalSpacing(10)
        pickers.setVerticalSpacing(8)
        self.period_kind = QtWidgets.QComboBox()
        self.period_kind.addItem("Quarter", "quarter")
        self.period_kind.addItem("Month", "month")
        self.period_box = QtWidgets.QComboBox()
        self.period_box.setMinimumContentsLength(10)
        self.scope_kind = QtWidgets.QComboBox()
        for key, label in SCOPE_KINDS:
            self.scope_kind.addItem(label, key)
        self.scope_value = QtWidgets.QComboBox()
        self.scope_value.setMinimumContentsLength(24)
        self.scope_value.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.name_individuals = QtWidgets.QCheckBox("Name individuals")
        self.name_individuals.setToolTip(
            "Show the people named in signals and follow-ups. Off by default."
        )
        self.period_kind.setAccessibleName("Period length")
        self.scope_value.setAccessibleName("Department, executive or rep")
        period_label = QtWidgets.QLabel("&Period")
        period_label.setBuddy(self.period_box)
        scope_label = QtWidgets.QLabel("&Scope")
        scope_label.setBuddy(self.scope_kind)
        pickers.addWidget(period_label, 0, 0)
        pickers.addWidget(self.period_kind, 0, 1)
        pickers.addWidget(self.period_box, 0, 2)
        pickers.addWidget(scope_label, 1, 0)
        pickers.addWidget(self.scope_kind, 1, 1)
        pickers.addWidget(self.scope_value, 1, 2)
        pickers.addWidget(self.name_individuals, 0, 3)
        pickers.setColumnStretch(4, 1)
        outer.addLayout(pickers)

        buttons = QtWidgets.QHBoxLayout()
        self.export_buttons: dict[str, QtWidgets.QPushButton] = {}
        for fmt, label, _filter in EXPORTS:
            button = QtWidgets.QPushButton(label)
            button.setObjectName(f"export-{fmt}")
            button.setToolTip(TOOLTIPS.get(fmt, ""))
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            buttons.addWidget(button)
            self.export_buttons[fmt] = button
        self.export_buttons["pdf"].setDefault(True)
        self.export_buttons["pdf"].setShortcut(QtGui.QKeySequence("Ctrl+Shift+E"))
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QtWidgets.QLabel("")
        self.status.setObjectName("muted")
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons.addSpacing(12)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.status, 1)
        outer.addLayout(buttons)

        self.preview = QtWidgets.QTextBrowser()
        self.preview.setObjectName("reportPreview")
        self.preview.setAccessibleName("Report preview")
        self.preview.setAccessibleDescription("The summary as it will be exported")
        self.preview.setOpenLinks(False)
        self.preview.document().setDocumentMargin(18)
        self.preview.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.preview, 1)
        self.cover = QtWidgets.QLabel("Summary hidden (privacy screen) — Ctrl+Shift+H")
        self.cover.setObjectName("privacyCover")
        self.cover.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.cover, 1)
        self.state.hub.privacy_changed.connect(self._set_hidden)
        self._set_hidden(self.state.privacy)

        self.period_kind.currentIndexChanged.connect(self._fill_periods)
        self.period_box.currentIndexChanged.connect(self._schedule_preview)
        self.scope_kind.currentIndexChanged.connect(self._fill_scope_values)
        self.scope_value.currentIndexChanged.connect(self._schedule_preview)
        self.name_individuals.toggled.connect(self._schedule_preview)

    def _set_hidden(self, hidden: bool) -> None:
        """Privacy screen: cover the preview (it quotes exec notes and names people)."""
        self.preview.setVisible(not hidden)
        self.cover.setVisible(hidden)

    # ----- pickers -----------------------------------------------------------------------

    def _fill_periods(self) -> None:
        kind = self.period_kind.currentData()
        count = RECENT_QUARTERS if kind == "quarter" else RECENT_MONTHS
        with QtCore.QSignalBlocker(self.period_box):
            self.period_box.clear()
            for period in recent_periods(kind, clock.today(), count):
                self.period_box.addItem(period.label, period.code)
        self._schedule_preview()

    def _fill_scope_values(self) -> None:
        kind = self.scope_kind.currentData()
        previous = self.scope_value.currentData()
        options = self._choices.for_kind(kind) if self._choices else []
        with QtCore.QSignalBlocker(self.scope_value):
            self.scope_value.clear()
            for choice in options:
                self.scope_value.addItem(choice.label, choice.value)
            if kind != "company" and not options:
                self.scope_value.addItem("(none in the roster yet)", None)
            index = self.scope_value.findData(previous)
            self.scope_value.setCurrentIndex(max(index, 0))
        self.scope_value.setVisible(kind != "company")
        self.scope_value.setEnabled(bool(options))
        self._schedule_preview()

    def select_period(self, code: str) -> None:
        """Pick a period by its code (``2026-Q2`` or ``2026-05``), adding it when not listed."""
        period = Period.parse(code)
        self.period_kind.setCurrentIndex(self.period_kind.findData(period.kind))
        index = self.period_box.findData(period.code)
        if index < 0:
            self.period_box.addItem(period.label, period.code)
            index = self.period_box.count() - 1
        self.period_box.setCurrentIndex(index)

    def select_scope(self, kind: str, value: str = "") -> None:
        """Pick a scope kind and (for all but the company) its department or email."""
        self.scope_kind.setCurrentIndex(self.scope_kind.findData(kind))
        if value:
            self.scope_value.setCurrentIndex(self.scope_value.findData(value))

    def current_period(self) -> Period:
        return Period.parse(self.period_box.currentData() or "")

    def current_scope(self) -> Scope:
        kind = self.scope_kind.currentData()
        value = self.scope_value.currentData()
        return Scope() if kind == "company" or not value else Scope(kind, value)

    # ----- preview -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.state.store is None:
            return
        self._choices = ScopeChoices.load(self.state.store)
        self._fill_scope_values()

    def _schedule_preview(self) -> None:
        if self.state.store is None or self._choices is None or not self.isVisible():
            return
        if self.scope_kind.currentData() != "company" and not self.scope_value.currentData():
            self._summary = None
            self.preview.setHtml("<p>Pick a department, executive or rep to preview.</p>")
            return
        self._generation += 1
        generation = self._generation
        build = self._builder(self.current_period(), self.current_scope())
        self.state.ops.background(
            build,
            lambda summary: self._show_preview(generation, summary),
            lambda exc: self._show_error(generation, exc),
            label="Building the summary…",
        )

    def _builder(self, period: Period, scope: Scope) -> Callable[[], Summary]:
        store, named = self.state.store, self.name_individuals.isChecked()
        threshold = self.state.settings.recurring_theme_managers
        return lambda: build_summary(
            store, period, scope, name_individuals=named, theme_threshold=threshold
        )

    def _show_preview(self, generation: int, summary: Summary) -> None:
        if generation != self._generation:
            return
        self._summary = summary
        doc = self.preview.document()
        sources = {}
        for name, image in chart_images(summary, scale=2.0).items():
            url = f"chart://{name}/{generation}"
            doc.addResource(QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(url), image)
            sources[name] = url
        self.preview.setHtml(render_html(summary, chart_src=sources, chart_width=600))
        self.preview_ready.emit()

    def _show_error(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self._summary = None
            self.preview.setPlainText(str(exc))
            self.preview_ready.emit()

    # ----- export ------------------------------------------------------------------------

    def ask_target(self, fmt: str, suggested: str) -> Path | None:
        """Ask where to save; None when the user cancels."""
        name_filter = next(f for key, _label, f in EXPORTS if key == fmt)
        start = str(Path.home() / suggested)
        path, _chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export summary", start, name_filter
        )
        return Path(path) if path else None

    def export(self, fmt: str) -> None:
        """Ask for a file, then build and write the summary off the GUI thread."""
        if self.state.store is None:
            return
        period, scope = self.current_period(), self.current_scope()
        suggested = f"partnerdesk-summary-{period.code}" + ("" if fmt == "csv" else f".{fmt}")
        target = self.ask_target(fmt, suggested)
        if target is None:
            return
        build = self._builder(period, scope)
        template = self.state.paths.slide_template()

        def run() -> list[Path]:
            return write_summary(build(), fmt, target, qt_renderers(), template)

        self._set_busy(True, f"Exporting {fmt.upper()}…")
        self.state.ops.background(run, self._export_done, self._export_failed, f"Exporting {fmt}…")

    def _set_busy(self, busy: bool, message: str) -> None:
        self.progress.setVisible(busy)
        for button in self.export_buttons.values():
            button.setEnabled(not busy)
        self.status.setText(message)

    def _export_done(self, paths: list[Path]) -> None:
        names = ", ".join(str(p) for p in paths)
        self._set_busy(False, f"Saved {names}")
        self.export_finished.emit(paths)

    def _export_failed(self, exc: Exception) -> None:
        self._set_busy(False, f"Export failed: {exc}")
        self.export_finished.emit([])
