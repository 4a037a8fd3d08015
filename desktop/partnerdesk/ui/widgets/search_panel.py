"""The search panel (Ctrl+K): results as you type, with highlighted snippets and filters.

It searches notes, agenda answers, follow-ups and signals through
:mod:`partnerdesk.core.search` (FTS5 in the encrypted store; private notes included,
they never leave this device). Enter or a double click opens what was found; "People's
timelines…" opens the lifecycle of the people whose name or email matches.
"""

from __future__ import annotations

import html

from partnerdesk.core import clock
from partnerdesk.core.search import (
    KIND_LABELS,
    PERIODS,
    SEARCH_KINDS,
    SearchHit,
    filter_choices,
    period_start,
    search,
)
from partnerdesk.ui.dialogs.person_timeline import PersonTimelineDialog
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState

TYPING_PAUSE_MS = 120
HIT_ROLE = QtCore.Qt.ItemDataRole.UserRole


class SearchResultModel(QtCore.QAbstractListModel):
    """Search hits; the display text is HTML (a header line and the snippet)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self.hidden = False

    def set_rows(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def set_hidden(self, hidden: bool) -> None:
        self.hidden = hidden
        if self.hits:
            self.dataChanged.emit(self.index(0), self.index(len(self.hits) - 1))

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self.html(hit)
        if role == HIT_ROLE:
            return hit
        return None

    def html(self, hit: SearchHit) -> str:
        parts = [f"<b>{KIND_LABELS.get(hit.kind, hit.kind)}</b>"]
        if hit.manager_name:
            dept = f" ({html.escape(hit.department)})" if hit.department else ""
            parts.append(html.escape(hit.manager_name) + dept)
        if hit.at is not None:
            parts.append(f"{hit.at.day} {hit.at:%b %Y}")
        if hit.visibility == "private":
            parts.append("<i>private</i>")
        head = " · ".join(parts)
        body = "<i>hidden (privacy screen)</i>" if self.hidden else hit.snippet_html()
        return f"<div style='color:palette(placeholder-text)'>{head}</div><div>{body}</div>"


class HtmlDelegate(QtWidgets.QStyledItemDelegate):
    """Paints an item's HTML display text (bold matches) and sizes rows to fit it."""

    def _document(self, option, index) -> QtGui.QTextDocument:
        doc = QtGui.QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(QtCore.Qt.ItemDataRole.DisplayRole) or "")
        doc.setTextWidth(max(100, option.rect.width() - 12))
        return doc

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, option, painter)
        context = QtGui.QAbstractTextDocumentLayout.PaintContext()
        if option.state & QtWidgets.QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                QtGui.QPalette.ColorRole.Text,
                option.palette.color(QtGui.QPalette.ColorRole.HighlightedText),
            )
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QtCore.QSize:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        return QtCore.QSize(int(doc.idealWidth()), int(doc.size().height()) + 8)


class SearchPanel(QtWidgets.QDialog):
    """A search window: type, narrow with filters, open a hit with Enter."""

    hit_activated = QtCore.Signal(object)

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.setWindowTitle("Search notes, follow-ups and signals")
        self.resize(760, 560)
        self.state = state

        self.query = QtWidgets.QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText("Search… (words must all match; results appear as you type)")
        self.query.setClearButtonEnabled(True)
        self.manager_box = QtWidgets.QComboBox()
        self.department_box = QtWidgets.QComboBox()
        self.period_box = QtWidgets.QComboBox()
        for key, label in PERIODS:
            self.period_box.addItem(label, key)
        self.kind_box = QtWidgets.QComboBox()
        self.kind_box.addItem("All kinds", None)
        for kind in SEARCH_KINDS:
            self.kind_box.addItem(KIND_LABELS[kind] + "s", kind)
        filters = QtWidgets.QHBoxLayout()
        for box in (self.manager_box, self.department_box, self.period_box, self.kind_box):
            box.currentIndexChanged.connect(lambda _i: self.run_search())
            filters.addWidget(box, 1)

        self.model = SearchResultModel(self)
        self.results = QtWidgets.QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setAlternatingRowColors(True)
        self.results.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.activated.connect(self._activate)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("emptyBody")
        self.people_button = QtWidgets.QPushButton("People's timelines…")
        self.people_button.setObjectName("peopleTimelines")
        self.people_button.setToolTip(
            "The people whose name or email matches: joined, trial, moves, leave, cases"
        )
        self.people_button.clicked.connect(self.open_people)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.people_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.installEventFilter(self)
        state.hub.privacy_changed.connect(self.model.set_hidden)
        self.model.set_hidden(state.privacy)
        self.load_filters()

    def open_people(self) -> None:
        """The timelines of the people matching the words typed (name or email)."""
        PersonTimelineDialog.open_for(self, self.state, query=self.query.text().strip())

    def load_filters(self) -> None:
        """Fill the manager and department boxes from the store."""
        if self.state.store is None:
            return
        managers, departments = filter_choices(self.state.store)
        for box, everyone, items in (
            (self.manager_box, "All managers", managers),
            (self.department_box, "All departments", [(d, d) for d in departments]),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everyone, None)
            for value, label in items:
                box.addItem(label, value)
            found = box.findData(chosen)
            box.setCurrentIndex(found if found >= 0 else 0)
            box.blockSignals(False)

    def run_search(self) -> None:
        """Search now with the current words and filters."""
        self._timer.stop()
        store = self.state.store
        words = self.query.text()
        if store is None or not words.strip():
            self.model.set_rows([])
            self.status.setText("")
            return
        kind = self.kind_box.currentData()
        hits = search(
            store,
            words,
            manager_id=self.manager_box.currentData(),
            department=self.department_box.currentData(),
            since=period_start(self.period_box.currentData(), clock.today()),
            kinds=[kind] if kind else None,
        )
        self.model.set_rows(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        self.status.setText(
            f"{len(hits)} result{'s' if len(hits) != 1 else ''}, best first"
            if hits
            else "No matches. Try fewer words or a wider period."
        )

    def eventFilter(self, watched, event) -> bool:
        """Up/Down move through the results and Enter opens one, without leaving the box."""
        if watched is self.query and event.type() == QtCore.QEvent.Type.KeyPress:
            key = event.key()
            if key in (QtCore.Qt.Key.Key_Down, QtCore.Qt.Key.Key_Up) and self.model.hits:
                row = self.results.currentIndex().row()
                row = max(
                    0,
                    min(
                        len(self.model.hits) - 1, row + (1 if key == QtCore.Qt.Key.Key_Down else -1)
                    ),
                )
                self.results.setCurrentIndex(self.model.index(row))
                return True
            if key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.run_search()
                self._activate(self.results.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _activate(self, index: QtCore.QModelIndex) -> None:
        if index.isValid():
            self.hit_activated.emit(self.model.hits[index.row()])

    def show_ready(self) -> None:
        """Show the panel (made once by the main window), ready to type."""
        self.load_filters()
        if self.isVisible():
            self.raise_()
        self.show()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()


def open_hit(state, panel: SearchPanel, hit: SearchHit) -> None:
    """Go to what a hit belongs to: its meeting, the follow-ups list or the signal's case."""
    if hit.kind == "signal":
        state.navigate(Navigate("signal", hit.target_id))
    elif hit.kind == "followup":
        state.navigate(Navigate("followup", hit.target_id))
    elif hit.meeting_id:
        state.navigate(Navigate("meeting", hit.meeting_id))
    else:
        state.hub.status_message.emit("This note belongs to no meeting.")
        return
    panel.hide()
