"""The Agenda view: the HR lead writes, lints and publishes the month's agenda.

Left: the outline (sections and their items, in meeting order). Middle: the selected
section (name, time budget) or item (text, date, audience, follow-up prompts), with
the question linter underlining opinion-collecting questions as they are typed and
offering one-click rewrites. Right: the prompt library, to insert ready-made,
action-oriented prompts. Changes save themselves; only the HR lead can publish.
"""

from __future__ import annotations

from pathlib import Path

from partnerdesk.core import clock, daytext
from partnerdesk.core.agenda import (
    AgendaDoc,
    AgendaError,
    AgendaService,
    ItemData,
    month_label,
    month_of,
)
from partnerdesk.core.linter import Finding, apply_rewrite, default_linter
from partnerdesk.core.me import get_me
from partnerdesk.core.prompts import PromptLibrary, PromptLibraryError
from partnerdesk.ui.dialogs.agenda_month import NewMonthDialog
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.views.base import EmptyState, View, heading
from partnerdesk.ui.widgets.lint import FindingsPanel, LintHighlighter, flagged

SAVE_DELAY_MS = 600
AUDIENCES = (("all", "All managers"), ("department", "Department"), ("tier", "Tier"))
KIND_ROLE = QtCore.Qt.ItemDataRole.UserRole
KEY_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
#: Below this width (logical px) the detail and the prompt library become two tabs.
THREE_PANES = 900
#: How the editor's width is shared, side by side and as outline + tabs.
PANES_WIDE = {"outline": 3, "detail": 4, "library": 2}
PANES_NARROW = {"outline": 5, "tabs": 6}


class WrappedRows(QtWidgets.QStyledItemDelegate):
    """Outline rows as tall as their wrapped text at the tree's width (Qt's own height
    leaves out the indentation, so a wrapped question's last line would be cut), laid out
    again when the width changes."""

    def __init__(self, tree: QtWidgets.QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree
        tree.header().sectionResized.connect(lambda *_: tree.scheduleDelayedItemsLayout())

    def sizeHint(self, option, index) -> QtCore.QSize:
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(0) - self.tree.indentation() * depth - 12
        font = index.data(QtCore.Qt.ItemDataRole.FontRole) or option.font
        text = index.data(QtCore.Qt.ItemDataRole.DisplayRole) or ""
        box = QtGui.QFontMetrics(font).boundingRect(
            QtCore.QRect(0, 0, max(width, 40), 100_000),
            int(QtCore.Qt.TextFlag.TextWordWrap),
            text,
        )
        return QtCore.QSize(max(width, 40), box.height() + 4)


class AgendaView(View):
    """Sidebar view: Agenda (editor, linter, prompt library, publish)."""

    title = "Agenda"
    concerns = ("agenda", "roster", "team")

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        self.linter = default_linter()
        self.doc: AgendaDoc | None = None
        self.current: ItemData | str | None = None
        self._loading = False
        self._dirty = False
        self.read_only = False
        self.is_lead = False
        self._audience_choices: dict[str, list[str]] = {}
        self._save_timer = QtCore.QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._make_top_bar())
        self.second_row = QtWidgets.QHBoxLayout()  # the actions, when the window is narrow
        self.second_row.addStretch(1)
        layout.addLayout(self.second_row)
        self.banner = QtWidgets.QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.pages = QtWidgets.QStackedWidget()
        self.empty = EmptyState(
            "No agenda for this month",
            "Start the month from last month's agenda or the template, or import a file. "
            "Publishing (HR lead only) puts it in every rep's meeting view.",
            "New month…",
            self.new_month,
        )
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self._make_editor())
        layout.addWidget(self.pages, 1)
        self._make_shortcuts()

    # ----- building ----------------------------------------------------------------------

    def _make_top_bar(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.addWidget(heading("Agenda"))
        row.addSpacing(12)
        self.month_box = QtWidgets.QComboBox()
        self.month_box.setMinimumWidth(170)
        self.month_box.setToolTip("Which month's agenda")
        self.month_box.currentIndexChanged.connect(self._on_month_picked)
        row.addWidget(self.month_box)
        self.status_pill = QtWidgets.QLabel()
        self.status_pill.setObjectName("statusPill")
        row.addWidget(self.status_pill)
        row.addStretch(1)
        self.actions = QtWidgets.QWidget()
        buttons = QtWidgets.QHBoxLayout(self.actions)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.top_row = row
        row.addWidget(self.actions)
        for text, tip, slot in (
            ("New month…", "Start a month's agenda (Ctrl+Shift+M)", self.new_month),
            ("Import…", "Import an agenda file (TOML)", self.import_file),
            ("Export…", "Write this agenda to a file (TOML) to share or archive", self.export),
        ):
            button = QtWidgets.QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.publish_button = QtWidgets.QPushButton("Publish")
        self.publish_button.setObjectName("publishButton")
        self.publish_button.clicked.connect(self.publish)
        buttons.addWidget(self.publish_button)
        return row

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_actions()
        self._arrange_panes(self._inner_width())

    def _inner_width(self) -> int:
        margins = self.layout().contentsMargins()
        return self.width() - margins.left() - margins.right()

    def _place_actions(self) -> None:
        """The action buttons beside the month where there is room, else on a row below
        (checked on a resize and whenever the status pill's text changes its width)."""
        self.top_row.invalidate()  # its cached minimum predates the pill's new text
        room = self._inner_width() - self.top_row.minimumSize().width()
        beside = self.top_row.indexOf(self.actions) >= 0
        if beside and room < 0:
            self.top_row.removeWidget(self.actions)
            self.second_row.addWidget(self.actions)
        elif not beside and room > self.actions.sizeHint().width() + 40:
            self.second_row.removeWidget(self.actions)
            self.top_row.addWidget(self.actions)

    def _arrange_panes(self, width: int) -> None:
        """Outline, detail and prompt library side by side where there is room; on a
        narrow window (a small screen at 150%) the outline keeps its width and the detail
        and the library share a pane as two tabs."""
        narrow = width < THREE_PANES
        if narrow == self.narrow:
            return
        self.narrow = narrow
        if narrow:
            self.work_tabs.addTab(self.detail, "Edit")
            self.work_tabs.addTab(self.library_pane, "Prompt library")
            self.work_tabs.show()
        else:
            self.work_tabs.hide()
            self.splitter.insertWidget(1, self.detail)
            self.splitter.insertWidget(2, self.library_pane)
            self.detail.show()
            self.library_pane.show()
        self._share_panes(width)
        if self.isVisible():
            QtCore.QTimer.singleShot(0, self.arrange_tabs)  # the controls moved

    def _share_panes(self, width: int = 0) -> None:
        """Size the splitter's panes by weight (the outline holds whole questions)."""
        weights = PANES_NARROW if self.narrow else PANES_WIDE
        panes = {"outline": self.outline, "detail": self.detail, "library": self.library_pane}
        panes["tabs"] = self.work_tabs
        by_widget = {panes[name]: weight for name, weight in weights.items()}
        total = sum(self.splitter.sizes()) or width or 1000
        sizes = []
        for index in range(self.splitter.count()):
            weight = by_widget.get(self.splitter.widget(index), 0)
            self.splitter.setStretchFactor(index, weight)
            sizes.append(round(total * weight / sum(weights.values())))
        self.splitter.setSizes(sizes)

    def _make_editor(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        title_row = QtWidgets.QHBoxLayout()
        title_row.addWidget(QtWidgets.QLabel("Title"))
        self.title_edit = QtWidgets.QLineEdit()
        self.title_edit.setAccessibleName("Agenda title")
        self.title_edit.textEdited.connect(self._on_title_edited)
        title_row.addWidget(self.title_edit, 1)
        layout.addLayout(title_row)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.outline = self._make_outline()
        self.splitter.addWidget(self.outline)
        self.detail = QtWidgets.QStackedWidget()
        self.detail.addWidget(self._hint("Pick a section or an item in the outline."))
        self.detail.addWidget(self._make_section_page())
        self.detail.addWidget(self._make_item_page())
        self.splitter.addWidget(self.detail)
        self.library_pane = self._make_library()
        self.splitter.addWidget(self.library_pane)
        self.work_tabs = QtWidgets.QTabWidget()  # the detail and the library, when narrow
        self.work_tabs.setObjectName("agendaWorkTabs")
        self.splitter.addWidget(self.work_tabs)
        self.work_tabs.hide()
        self.narrow = False
        self._share_panes()
        layout.addWidget(self.splitter, 1)
        return page

    @staticmethod
    def _hint(text: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setObjectName("emptyBody")
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        return label

    def _make_outline(self) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(box)
        column.setContentsMargins(0, 0, 6, 0)
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setObjectName("agendaOutline")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)  # whole questions, on as many lines as they need
        self.tree.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.tree.setItemDelegate(WrappedRows(self.tree))
        self.tree.setMinimumWidth(200)
        self.tree.currentItemChanged.connect(self._on_outline_selected)
        column.addWidget(self.tree, 1)
        buttons = QtWidgets.QGridLayout()
        self.outline_buttons = {}
        for index, (name, text, tip, slot) in enumerate(
            (
                ("add_item", "+ Item", "Add an item to the section (Ctrl+Shift+I)", self.add_item),
                ("add_section", "+ Section", "Add a custom section", self.add_section),
                ("up", "Move up", "Move up (Alt+Up)", lambda: self.move(-1)),
                ("down", "Move down", "Move down (Alt+Down)", lambda: self.move(1)),
                ("delete", "Remove", "Remove the selected item or section", self.remove),
            )
        ):
            button = QtWidgets.QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button, index // 2, index % 2)
            self.outline_buttons[name] = button
        column.addLayout(buttons)
        return box

    def _make_section_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(page)
        self.section_name = QtWidgets.QLineEdit()
        self.section_name.editingFinished.connect(self._on_section_renamed)
        self.section_minutes = QtWidgets.QSpinBox()
        self.section_minutes.setRange(0, 240)
        self.section_minutes.setSuffix(" min")
        self.section_minutes.setSpecialValueText("no time budget")
        self.section_minutes.valueChanged.connect(self._on_minutes_changed)
        note = QtWidgets.QLabel(
            "The time budget is a gentle guide: the meeting screen counts it down quietly "
            "while the rep is in this section."
        )
        note.setWordWrap(True)
        note.setObjectName("emptyBody")
        form.addRow("Section", self.section_name)
        form.addRow("Time budget", self.section_minutes)
        form.addRow(note)
        return page

    def _make_item_page(self) -> QtWidgets.QWidget:
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Tab goes to its fields
        page = QtWidgets.QWidget()
        outer = QtWidgets.QVBoxLayout(page)
        outer.setContentsMargins(6, 0, 6, 0)
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        self.item_section = QtWidgets.QComboBox()
        self.item_section.activated.connect(self._on_item_section_changed)
        self.item_text = QtWidgets.QPlainTextEdit()
        self.item_text.setObjectName("itemTextEdit")
        self.item_text.setTabChangesFocus(True)
        self.item_text.setPlaceholderText("e.g. Brand refresh goes live on the 15th")
        self.item_text.setFixedHeight(72)
        self.highlighter = LintHighlighter(self.item_text.document(), self.linter)
        self.item_text.textChanged.connect(self._on_item_text_changed)
        date_row = QtWidgets.QHBoxLayout()
        self.has_date = QtWidgets.QCheckBox("On")
        self.has_date.toggled.connect(self._on_date_changed)
        self.item_date = QtWidgets.QDateEdit()
        self.item_date.setAccessibleName("Item date")
        self.item_date.setCalendarPopup(True)
        self.item_date.setDisplayFormat("ddd d MMM yyyy")
        self.item_date.dateChanged.connect(self._on_date_changed)
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.item_date)
        date_row.addStretch(1)
        audience_row = QtWidgets.QHBoxLayout()
        self.audience_kind = QtWidgets.QComboBox()
        for key, label in AUDIENCES:
            self.audience_kind.addItem(label, key)
        self.audience_kind.activated.connect(self._on_audience_changed)
        self.audience_value = QtWidgets.QComboBox()
        self.audience_value.setAccessibleName("Audience")
        self.audience_value.setEditable(True)
        self.audience_value.setMinimumWidth(120)
        self.audience_value.lineEdit().setPlaceholderText("name; several with commas")
        self.audience_value.lineEdit().textEdited.connect(self._on_audience_changed)
        self.audience_value.activated.connect(self._on_audience_changed)
        audience_row.addWidget(self.audience_kind)
        audience_row.addWidget(self.audience_value, 1)
        self.prompt_list = QtWidgets.QListWidget()
        self.prompt_list.setObjectName("promptList")
        self.prompt_list.setWordWrap(True)
        self.prompt_list.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.prompt_list.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.prompt_list.setMaximumHeight(100)
        self.prompt_list.itemChanged.connect(self._on_prompt_edited)
        prompt_row = QtWidgets.QHBoxLayout()
        self.new_prompt = QtWidgets.QLineEdit()
        self.new_prompt.setPlaceholderText("Add a prompt (Enter)")
        self.new_prompt.returnPressed.connect(self._on_prompt_added)
        remove = QtWidgets.QPushButton("Remove prompt")
        remove.clicked.connect(self._on_prompt_removed)
        prompt_row.addWidget(self.new_prompt, 1)
        prompt_row.addWidget(remove)
        self.findings = FindingsPanel()
        self.clean_label = QtWidgets.QLabel(
            "✓ Linter: action-oriented, no opinion-collecting questions."
        )
        self.clean_label.setObjectName("emptyBody")
        self.clean_label.setWordWrap(True)
        form.addRow("Section", self.item_section)
        form.addRow("Text", self.item_text)
        form.addRow("Date", date_row)
        form.addRow("Audience", audience_row)
        form.addRow("Prompts", self.prompt_list)
        form.addRow("", prompt_row)
        outer.addWidget(self.clean_label)
        outer.addWidget(self.findings)
        outer.addStretch(1)
        scroll.setWidget(page)
        return scroll

    def _make_library(self) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(box)
        column.setContentsMargins(6, 0, 0, 0)
        title = QtWidgets.QLabel("Prompt library")
        title.setObjectName("sectionTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)
        self.topic_box = QtWidgets.QComboBox()
        self.topic_box.currentIndexChanged.connect(self._show_topic)
        column.addWidget(self.topic_box)
        self.library_list = QtWidgets.QListWidget()
        self.library_list.setObjectName("libraryList")
        self.library_list.setWordWrap(True)
        self.library_list.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.library_list.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.library_list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.library_list.itemDoubleClicked.connect(lambda _item: self.insert_library_prompt())
        column.addWidget(self.library_list, 1)
        self.insert_button = QtWidgets.QPushButton("Insert into item")
        self.insert_button.setToolTip("Add the selected prompt to the item (or double-click it)")
        self.insert_button.clicked.connect(self.insert_library_prompt)
        add_own = QtWidgets.QPushButton("Add my own…")
        add_own.setToolTip("Keep your own prompt in this topic (it must pass the linter)")
        add_own.clicked.connect(self.add_own_prompt)
        column.addWidget(self.insert_button)
        column.addWidget(add_own)
        self._load_library()
        return box

    def _make_shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+Shift+I", self.add_item),
            ("Ctrl+Shift+M", self.new_month),
            ("Alt+Up", lambda: self.move(-1)),
            ("Alt+Down", lambda: self.move(1)),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # ----- loading -----------------------------------------------------------------------

    @property
    def service(self) -> AgendaService:
        """The service over the open store (a new one after the app was locked)."""
        return AgendaService(self.state.store)

    def refresh(self) -> None:
        """Reload the month list and the shown agenda (typed changes are saved first)."""
        if self.state.store is None:
            return
        self.save_now()
        months = [m for m, _status in self.service.months()]
        this_month = month_of(clock.today())
        if this_month not in months:
            months.insert(0, this_month)
        wanted = self.doc.month if self.doc else this_month
        self._loading = True
        self.month_box.clear()
        for month in sorted(set(months), reverse=True):
            self.month_box.addItem(month_label(month), month)
        self.month_box.setCurrentIndex(max(0, self.month_box.findData(wanted)))
        self._loading = False
        departments, tiers = self.service.audience_choices()
        self._audience_choices = {"department": departments, "tier": tiers}
        self.show_month(self.month_box.currentData())

    def show_month(self, month: str) -> None:
        """Show ``month``'s agenda (or the empty state offering to start it)."""
        self.doc = self.service.get(month)
        self.current = None
        if self.doc is None:
            self.pages.setCurrentWidget(self.empty)
            self.status_pill.setText(f"{month_label(month)}: no agenda yet")
            self.status_pill.setProperty("status", "")
            self.publish_button.setEnabled(False)
            self._repolish(self.status_pill)
            self._place_actions()
            return
        self.pages.setCurrentIndex(1)
        self._loading = True
        self.title_edit.setText(self.doc.title)
        self._loading = False
        self._fill_status()
        self._rebuild_outline()

    def _fill_status(self) -> None:
        doc = self.doc
        me = get_me(self.state.store) if self.state.store else None
        self.is_lead = bool(me and me.is_lead)
        if doc.is_published:
            published = daytext.day(doc.published_at)
            self.status_pill.setText(f"Published {published}")
            self.status_pill.setProperty("status", "held")
        else:
            self.status_pill.setText("Draft: only on this device until published")
            self.status_pill.setProperty("status", "")
        self._repolish(self.status_pill)
        self._place_actions()
        self.publish_button.setEnabled(self.is_lead and not doc.is_published)
        self.publish_button.setText("Published ✓" if doc.is_published else "Publish")
        self.publish_button.setToolTip(
            "Publish: every rep's meeting view uses this agenda"
            if self.is_lead
            else "Only the HR lead publishes the agenda"
        )
        self.read_only = doc.is_published and not self.is_lead
        for widget in (self.title_edit, self.detail, *self.outline_buttons.values()):
            widget.setEnabled(not self.read_only)
        if self.read_only:
            self._say("This agenda is published; only the HR lead can change it.", error=False)
        else:
            self.banner.hide()

    @staticmethod
    def _repolish(widget: QtWidgets.QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _rebuild_outline(self) -> None:
        selected = self.current
        self._loading = True
        self.tree.clear()
        select_item = None
        for name, minutes in self.doc.sections:
            label = f"{name}  ({minutes} min)" if minutes else name
            node = QtWidgets.QTreeWidgetItem([label])
            node.setData(0, KIND_ROLE, "section")
            node.setData(0, KEY_ROLE, name)
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            self.tree.addTopLevelItem(node)
            if selected == name:
                select_item = node
            for number, item in enumerate(self.doc.items_in(name), 1):
                child = QtWidgets.QTreeWidgetItem([f"{number}. {item.text or '(new item)'}"])
                child.setData(0, KIND_ROLE, "item")
                child.setData(0, KEY_ROLE, id(item))
                child.setToolTip(0, item.text)
                if self._item_findings(item):
                    child.setForeground(0, QtGui.QBrush(flagged()))
                    child.setToolTip(0, "The linter has a suggestion for this item")
                node.addChild(child)
                if selected is item:
                    select_item = child
        self.tree.expandAll()
        self.item_section.clear()
        self.item_section.addItems(self.doc.section_names())
        self._loading = False
        if select_item is None and self.tree.topLevelItemCount():
            first = self.tree.topLevelItem(0)  # never an empty middle: the first question
            select_item = first.child(0) or first
        if select_item is not None:
            self.tree.setCurrentItem(select_item)
        else:
            self.detail.setCurrentIndex(0)

    def _item_findings(self, item: ItemData) -> list[Finding]:
        found = list(self.linter.lint(item.text))
        for prompt in item.prompts:
            found += self.linter.lint(prompt)
        return found

    # ----- selection and editing ---------------------------------------------------------

    def _on_month_picked(self, _index: int) -> None:
        if not self._loading and self.month_box.currentData():
            self.save_now()
            self.show_month(self.month_box.currentData())

    def _on_outline_selected(self, node, _previous) -> None:
        if self._loading or node is None:
            return
        if node.data(0, KIND_ROLE) == "section":
            self.current = node.data(0, KEY_ROLE)
            self._show_section(self.current)
        else:
            key = node.data(0, KEY_ROLE)
            self.current = next(i for i in self.doc.items if id(i) == key)
            self._show_item(self.current)

    def _show_section(self, name: str) -> None:
        self._loading = True
        self.section_name.setText(name)
        self.section_minutes.setValue(self.doc.minutes_for(name))
        self._loading = False
        self.detail.setCurrentIndex(1)

    def _show_item(self, item: ItemData) -> None:
        self._loading = True
        self.item_section.setCurrentText(item.section)
        self.item_text.setPlainText(item.text)
        self.has_date.setChecked(item.item_date is not None)
        year, month = (int(p) for p in self.doc.month.split("-"))
        day = item.item_date or QtCore.QDate(year, month, 1).toPython()
        self.item_date.setDate(QtCore.QDate(day))
        self.item_date.setEnabled(item.item_date is not None)
        self.audience_kind.setCurrentIndex(self.audience_kind.findData(item.audience_kind))
        self._fill_audience_values(item.audience_kind)
        self.audience_value.setCurrentText(item.audience_value)
        self.audience_value.setEnabled(item.audience_kind != "all")
        self._fill_prompts(item)
        self._loading = False
        self.detail.setCurrentIndex(2)
        self._update_findings()

    def _fill_audience_values(self, kind: str) -> None:
        self.audience_value.clear()
        self.audience_value.addItems(self._audience_choices.get(kind, []))

    def _fill_prompts(self, item: ItemData) -> None:
        self.prompt_list.clear()
        for prompt in item.prompts:
            entry = QtWidgets.QListWidgetItem(prompt)
            entry.setFlags(entry.flags() | QtCore.Qt.ItemFlag.ItemIsEditable)
            if self.linter.lint(prompt):
                entry.setForeground(QtGui.QBrush(flagged()))
                entry.setToolTip("The linter has a suggestion for this prompt (see below)")
            self.prompt_list.addItem(entry)

    def _update_findings(self) -> None:
        item = self.current
        if not isinstance(item, ItemData):
            return
        groups = [("Item", self.linter.lint(item.text), self._rewrite_text)]
        for index, prompt in enumerate(item.prompts):
            groups.append(
                (
                    f"Prompt {index + 1}",
                    self.linter.lint(prompt),
                    lambda f, r, i=index: self._rewrite_prompt(i, f, r),
                )
            )
        groups = [g for g in groups if g[1]]
        self.findings.show_findings(groups)
        self.clean_label.setVisible(not groups)

    def _rewrite_text(self, finding: Finding, rewrite: str) -> None:
        self.item_text.setPlainText(apply_rewrite(self.item_text.toPlainText(), finding, rewrite))

    def _rewrite_prompt(self, index: int, finding: Finding, rewrite: str) -> None:
        item = self.current
        item.prompts[index] = apply_rewrite(item.prompts[index], finding, rewrite)
        self._fill_prompts(item)
        self._changed(outline=True)

    def _on_title_edited(self, text: str) -> None:
        if self.doc is not None:
            self.doc.title = text
            self._changed()

    def _on_section_renamed(self) -> None:
        if self._loading or not isinstance(self.current, str):
            return
        new = self.section_name.text().strip()
        if new == self.current:
            return
        try:
            self.doc.rename_section(self.current, new)
        except AgendaError as exc:
            self._say(str(exc))
            self.section_name.setText(self.current)
            return
        self.current = new
        self._changed(outline=True)

    def _on_minutes_changed(self, value: int) -> None:
        if self._loading or not isinstance(self.current, str):
            return
        self.doc.set_section_minutes(self.current, value)
        self._changed(outline=True)

    def _on_item_text_changed(self) -> None:
        if self._loading or not isinstance(self.current, ItemData):
            return
        self.current.text = self.item_text.toPlainText().strip()
        node = self.tree.currentItem()
        if node is not None:
            number = node.text(0).split(".", 1)[0]
            node.setText(0, f"{number}. {self.current.text or '(new item)'}")
        self._update_findings()
        self._changed()

    def _on_item_section_changed(self, _index: int) -> None:
        if self._loading or not isinstance(self.current, ItemData):
            return
        self.doc.move_item_to_section(self.current, self.item_section.currentText())
        self._changed(outline=True)

    def _on_date_changed(self, *_args) -> None:
        if self._loading or not isinstance(self.current, ItemData):
            return
        on = self.has_date.isChecked()
        self.item_date.setEnabled(on)
        self.current.item_date = self.item_date.date().toPython() if on else None
        self._changed()

    def _on_audience_changed(self, *_args) -> None:
        if self._loading or not isinstance(self.current, ItemData):
            return
        kind = self.audience_kind.currentData()
        if kind != self.current.audience_kind:
            self._loading = True
            self._fill_audience_values(kind)
            self.audience_value.setCurrentText("")
            self._loading = False
        self.audience_value.setEnabled(kind != "all")
        self.current.audience_kind = kind
        self.current.audience_value = "" if kind == "all" else self.audience_value.currentText()
        if kind == "all" or self.current.audience_value.strip():
            self._changed()

    def _on_prompt_added(self) -> None:
        text = " ".join(self.new_prompt.text().split())
        if not text or not isinstance(self.current, ItemData):
            return
        self.current.prompts.append(text)
        self.new_prompt.clear()
        self._fill_prompts(self.current)
        self._update_findings()
        self._changed(outline=True)

    def _on_prompt_edited(self, entry: QtWidgets.QListWidgetItem) -> None:
        if self._loading or not isinstance(self.current, ItemData):
            return
        row = self.prompt_list.row(entry)
        self.current.prompts[row] = " ".join(entry.text().split())
        self._update_findings()
        self._changed(outline=True)

    def _on_prompt_removed(self) -> None:
        row = self.prompt_list.currentRow()
        if row < 0 or not isinstance(self.current, ItemData):
            return
        del self.current.prompts[row]
        self._fill_prompts(self.current)
        self._update_findings()
        self._changed(outline=True)

    # ----- outline actions ---------------------------------------------------------------

    def add_item(self) -> None:
        """Add an item to the selected section (or the first one)."""
        if self.doc is None or self.read_only:
            return
        if isinstance(self.current, ItemData):
            section = self.current.section
        elif isinstance(self.current, str):
            section = self.current
        else:
            section = (self.doc.section_names() or ["Priorities this month"])[0]
        self.current = self.doc.add_item(ItemData(section=section, text=""))
        self._changed(outline=True)
        self.item_text.setFocus()

    def add_section(self) -> None:
        if self.doc is None:
            return
        name, ok = QtWidgets.QInputDialog.getText(self, "Add section", "Section name")
        if not ok or not name.strip():
            return
        try:
            self.doc.add_section(name)
        except AgendaError as exc:
            self._say(str(exc))
            return
        self.current = name.strip()
        self._changed(outline=True)

    def move(self, offset: int) -> None:
        """Move the selected item (within its section) or section up or down."""
        if self.doc is None or self.current is None:
            return
        if isinstance(self.current, ItemData):
            self.doc.move_item(self.current, offset)
        else:
            self.doc.move_section(self.current, offset)
        self._changed(outline=True)

    def remove(self) -> None:
        if self.doc is None or self.current is None:
            return
        if isinstance(self.current, ItemData):
            self.doc.remove_item(self.current)
        else:
            self.doc.remove_section(self.current)
        self.current = None
        self._changed(outline=True)

    # ----- prompt library ----------------------------------------------------------------

    def _load_library(self) -> None:
        try:
            self.library = PromptLibrary.load(self.state.paths.prompts_file)
        except PromptLibraryError as exc:
            self.library = PromptLibrary.load()
            self._say(f"Your own prompts could not be read: {exc}")
        current = self.topic_box.currentData()
        self.topic_box.blockSignals(True)
        self.topic_box.clear()
        for topic in self.library.topics:
            self.topic_box.addItem(topic.title, topic.id)
        self.topic_box.setCurrentIndex(max(0, self.topic_box.findData(current)))
        self.topic_box.blockSignals(False)
        self._show_topic()

    def _show_topic(self, *_args) -> None:
        topic = self.library.topic(self.topic_box.currentData() or "")
        self.library_list.clear()
        if topic is None:
            return
        for prompt in topic.all_prompts:
            entry = QtWidgets.QListWidgetItem(prompt)
            if prompt in topic.user_prompts:
                entry.setToolTip("One of your own prompts")
            self.library_list.addItem(entry)

    def insert_library_prompt(self) -> None:
        """Add the selected library prompt to the current item."""
        entry = self.library_list.currentItem()
        if entry is None or not isinstance(self.current, ItemData):
            self._say("Pick an item in the outline and a prompt in the library first.", False)
            return
        if entry.text() not in self.current.prompts:
            self.current.prompts.append(entry.text())
        self._fill_prompts(self.current)
        self._update_findings()
        self._changed(outline=True)
        if self.narrow:
            self.work_tabs.setCurrentWidget(self.detail)  # show where it went

    def add_own_prompt(self) -> None:
        text, ok = QtWidgets.QInputDialog.getText(
            self, "Add your own prompt", f"Prompt for “{self.topic_box.currentText()}”"
        )
        if not ok or not text.strip():
            return
        try:
            self.library.add(self.topic_box.currentData(), text)
        except PromptLibraryError as exc:
            self._say(f"Not added: {exc}")
            return
        self._show_topic()
        self._say("Added to your prompt library.", error=False)

    # ----- saving, publishing, files -----------------------------------------------------

    def _changed(self, outline: bool = False) -> None:
        if self._loading or self.doc is None:
            return
        self._dirty = True
        self._save_timer.start()
        if outline:
            self._rebuild_outline()

    def save_now(self) -> bool:
        """Write pending edits to the store; False (with the reason shown) when refused."""
        self._save_timer.stop()
        if not self._dirty or self.doc is None or self.state.store is None:
            return True
        doc = self.doc
        ok, saved = self._change(
            lambda service: service.save(doc, rep_id=self.state.me_rep_id), Changes(agenda=True)
        )
        if not ok:
            return False
        self._dirty = False
        self.doc.status, self.doc.published_at = saved.status, saved.published_at
        return True

    def publish(self) -> None:
        if self.doc is None or not self.save_now():
            return
        month = self.doc.month
        ok, published = self._change(
            lambda service: service.publish(month, self.state.me_rep_id), Changes(agenda=True)
        )
        if not ok:
            return
        self.doc = published
        self.current = None
        self._fill_status()
        self._rebuild_outline()
        self._say(
            f"Published: every rep's meetings in {month_label(self.doc.month)} use it "
            "(it reaches the other reps with the next sync).",
            error=False,
        )

    def new_month(self) -> None:
        self.save_now()
        (month, start_from), ok = NewMonthDialog.get_new_month(self, clock.today())
        if not ok:
            return
        ok, _ = self._change(
            lambda service: service.create(month, start_from=start_from), Changes(agenda=True)
        )
        if not ok:
            return
        self.doc = self.service.get(month)
        self.refresh()

    def import_file(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self, "Import agenda", str(Path.home()), "Agenda files (*.toml);;All files (*)"
        )
        if not path:
            return
        self.save_now()
        ok, imported = self._change(
            lambda service: service.import_file(Path(path)), Changes(agenda=True)
        )
        if not ok:
            return
        self.doc = imported
        self.refresh()
        self._say(f"Imported {Path(path).name} as the {self.doc.month} draft.", error=False)

    def export(self) -> None:
        if self.doc is None or not self.save_now():
            return
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self,
            "Export agenda",
            str(Path.home() / f"agenda-{self.doc.month}.toml"),
            "Agenda files (*.toml)",
        )
        if not path:
            return
        month = self.doc.month
        ok, _ = self._change(lambda service: service.export_file(month, Path(path)), Changes())
        if ok:
            self._say(f"Wrote {path}.", error=False)

    def _change(self, call, changes: Changes) -> tuple[bool, object]:
        """Run ``call(service)`` as one operation of this view (a failure is said in its
        banner); other views hear of ``changes``, this one already shows them."""
        return self.state.ops.change(
            lambda store: call(AgendaService(store)), changes, initiator=self, on_error=self._say
        )

    def _on_changed(self, changes: Changes) -> None:
        """Another change (a sync, another view): reload in place, keeping the rep where
        they are (month, item or section, the item's text as typed, cursor and focus)."""
        if changes.initiator is self or not changes.touches(*self.concerns):
            return
        if not self.isVisible() or self.doc is None or self.state.store is None:
            return  # refreshed when shown
        self._reload_in_place()

    def _reload_in_place(self) -> None:
        """Re-read the shown month; the item being edited keeps the rep's version (saved
        by the autosave that follows), the other items take the store's."""
        editing = self.current if isinstance(self.current, ItemData) else None
        section = self.current if isinstance(self.current, str) else None
        focus = QtWidgets.QApplication.focusWidget()
        typed, cursor = self.item_text.toPlainText(), self.item_text.textCursor().position()
        dirty = self._dirty
        fresh = self.service.get(self.doc.month)
        if fresh is None:
            return
        if editing is not None and dirty:
            fresh.items = [editing if i.id == editing.id else i for i in fresh.items]
            if editing.id is None or editing not in fresh.items:
                fresh.items.append(editing)
        elif editing is not None:
            editing = next((i for i in fresh.items if i.id == editing.id), None)
        if dirty and self.doc.title != fresh.title:
            fresh.title = self.doc.title
        self.doc = fresh
        self.current = editing or (section if section in fresh.section_names() else None)
        self._loading = True
        self.title_edit.setText(self.doc.title)
        self._loading = False
        self._fill_status()
        self._rebuild_outline()
        if editing is not None:
            self._loading = True
            if self.item_text.toPlainText() != typed and typed.strip() == editing.text:
                self.item_text.setPlainText(typed)  # as typed (a trailing space, too)
            text_cursor = self.item_text.textCursor()
            text_cursor.setPosition(min(cursor, len(self.item_text.toPlainText())))
            self.item_text.setTextCursor(text_cursor)
            self._loading = False
        if focus is not None and self.isAncestorOf(focus) and focus.isVisible():
            focus.setFocus()

    def _say(self, text: str, error: bool = True) -> None:
        self.banner.setObjectName("errorText" if error else "emptyBody")
        self._repolish(self.banner)
        self.banner.setText(text)
        self.banner.show()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        self.save_now()
        super().hideEvent(event)
