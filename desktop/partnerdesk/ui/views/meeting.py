"""The meeting screen: a manager's meeting, prepared, captured and closed.

Opened by ``MainWindow.open_meeting(meeting_id)``. The header says who the meeting is
with and where it stands; the left column holds the recap of the last meeting and the
month's agenda items in order, each with its suggested prompts and an answer editor;
the right column holds the open follow-ups and signals to check on, what was agreed,
the parking lot and, once finalised, the dated addenda. Every action has a shortcut.

Other features act on the focused note through :meth:`MeetingView.current_note` and
:attr:`MeetingView.meeting_id`.
"""

from __future__ import annotations

import contextlib
from datetime import date

from partnerdesk.core.agenda import month_label, month_of
from partnerdesk.core.clock import utcnow
from partnerdesk.core.followups import set_status as set_followup_status
from partnerdesk.core.meetings import (
    HELD,
    IN_PROGRESS,
    PLANNED,
    FollowUpView,
    MeetingService,
    Prefill,
    PrefillItem,
)
from partnerdesk.core.notes import NoteDraft, NoteView
from partnerdesk.core.signals import KIND_LABELS
from partnerdesk.core.signals import add_update as add_signal_update
from partnerdesk.core.signals import resolve as resolve_signal
from partnerdesk.core.store.engine import StoreError
from partnerdesk.ui.dialogs.meeting_actions import AddendumDialog, ReasonDialog, RescheduleDialog
from partnerdesk.ui.meeting_shortcuts import NEW_FOLLOWUP, MeetingShortcuts
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import scale_font
from partnerdesk.ui.widgets.note_editor import NoteEditor

#: (name, label, shortcut, tooltip) of the meeting actions, in toolbar order.
ACTIONS = (
    ("start", "Start", "Ctrl+Shift+S", "Start the meeting: the section time budgets begin"),
    ("hold", "Mark held", "Ctrl+Shift+D", "The meeting took place"),
    ("reschedule", "Reschedule…", "Ctrl+Shift+R", "Move the meeting to another day"),
    ("cancel", "Cancel meeting…", "Ctrl+Shift+X", "Cancel the meeting, with a reason"),
    ("finalise", "Finalise", "Ctrl+Shift+L", "Lock the notes; later additions become addenda"),
    ("addendum", "Add addendum…", "Ctrl+Shift+A", "Append a dated addendum to the locked notes"),
)
NEXT_ITEM, PREVIOUS_ITEM, PARK = "Alt+Down", "Alt+Up", "Ctrl+Shift+P"
HIDDEN_TEXT = "•••  hidden (privacy screen)"


def _label(text: str = "", name: str = "", wrap: bool = True) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class ElidedLabel(QtWidgets.QLabel):
    """One line of plain text, elided to the width, whole in its tooltip (cheap to lay out:
    no word-wrap height-for-width passes)."""

    def __init__(self, text: str, name: str, tooltip: str = "") -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)
        self.setToolTip(tooltip or text)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        font = self.font()
        font.setUnderline(
            self.focusPolicy() != QtCore.Qt.FocusPolicy.NoFocus
            and (self.hasFocus() or self.underMouse())
        )
        painter.setFont(font)
        rect = self.contentsRect()
        metrics = QtGui.QFontMetrics(font)
        text = metrics.elidedText(self.text(), QtCore.Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(
            painter,
            rect,
            int(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            text,
            QtGui.QPalette.ColorRole.WindowText,
        )


class PromptLink(ElidedLabel):
    """A suggested question on one line that puts itself in the answer when clicked, or
    when focused and Enter or Space is pressed."""

    clicked = QtCore.Signal()

    def __init__(self, text: str) -> None:
        super().__init__(f"➜ {text}", "promptLink", f"{text}\nClick to put it in the answer")
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (
            QtCore.Qt.Key.Key_Return,
            QtCore.Qt.Key.Key_Enter,
            QtCore.Qt.Key.Key_Space,
        ):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def _day(value: date) -> str:
    return value.strftime("%a %d %b %Y").replace(" 0", " ")


def budget_text(minutes: int, elapsed: int) -> str:
    """A quiet countdown: "10 min", "7:41 left", "2 min over"."""
    if not elapsed:
        return f"{minutes} min"
    left = minutes * 60 - elapsed
    if left >= 0:
        return f"{left // 60}:{left % 60:02d} left"
    return f"{max(1, -left // 60)} min over"


class _SectionBudget:
    """The time budget of one agenda section and the label showing it."""

    def __init__(self, minutes: int, label: QtWidgets.QLabel) -> None:
        self.minutes = minutes
        self.label = label
        self.elapsed = 0

    def tick(self) -> None:
        self.elapsed += 1
        self.label.setText(budget_text(self.minutes, self.elapsed))


class MeetingView(QtWidgets.QWidget):
    """The meeting screen for one meeting."""

    closed = QtCore.Signal()
    status_changed = QtCore.Signal(str)

    def __init__(
        self, state: AppState, meeting_id: str, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingView")
        self.state = state
        self.meeting_id = meeting_id
        self.service = MeetingService(state.store, state.settings.default_visibility)
        self.prefill: Prefill | None = None
        self.answer_editors: dict[str, NoteEditor] = {}
        self.editors: list[NoteEditor] = []
        self._last_editor: NoteEditor | None = None
        self._budgets: dict[str, _SectionBudget] = {}
        self._editor_section: dict[NoteEditor, str] = {}
        #: Labels showing note text: (label, its text, its text behind the privacy screen).
        self._private_main: list[tuple[QtWidgets.QLabel, str, str]] = []
        self._private_side: list[tuple[QtWidgets.QLabel, str, str]] = []

        self.actions_by_name: dict[str, QtGui.QAction] = {}
        self.action_buttons: dict[str, QtWidgets.QToolButton] = {}
        layout = QtWidgets.QVBoxLayout(self)
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(self._make_header())
        layout.addLayout(self._make_action_bar())
        self.error = _label(name="errorText")
        self.error.hide()
        layout.addWidget(self.error)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.main_scroll = QtWidgets.QScrollArea()
        self.main_scroll.setWidgetResizable(True)
        self.main_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.side_scroll = QtWidgets.QScrollArea()
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.side_scroll.setMinimumWidth(280)
        self.splitter.addWidget(self.main_scroll)
        self.splitter.addWidget(self.side_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 400])
        layout.addWidget(self.splitter, 1)

        self._make_shortcuts()
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

        self.reload()
        app = QtWidgets.QApplication.instance()
        app.focusChanged.connect(self._on_focus_changed)
        state.hub.data_changed.connect(self._on_data_changed)
        state.hub.privacy_changed.connect(self._apply_privacy)

    # ----- public ------------------------------------------------------------------------

    def current_note(self) -> NoteEditor | None:
        """The note editor the rep is typing in (or last typed in), for shortcuts."""
        focus = QtWidgets.QApplication.focusWidget()
        for editor in self.editors:
            if focus is not None and editor.isAncestorOf(focus):
                return editor
        return self._last_editor if self._last_editor in self.editors else None

    def reload(self) -> None:
        """Save what is typed, then rebuild the whole screen from the store."""
        self.flush()
        try:
            self.prefill = self.service.prefill(self.meeting_id)
        except StoreError as exc:
            self._show_error(str(exc))
            for name, action in self.actions_by_name.items():
                action.setEnabled(False)
                self.action_buttons[name].hide()
            return
        self._fill_header()
        self._build_main()
        self._build_side()
        self._apply_privacy(self.state.privacy)

    def flush(self) -> None:
        """Save every editor now."""
        for editor in self.editors:
            editor.flush()

    def focus_item(self, offset: int) -> None:
        """Move the cursor to the next (or previous) answer editor."""
        editors = list(self.answer_editors.values())
        if not editors:
            return
        current = self.current_note()
        index = editors.index(current) if current in editors else -1
        target = editors[max(0, min(len(editors) - 1, index + offset))]
        target.edit.setFocus()
        self.main_scroll.ensureWidgetVisible(target)

    # ----- header and actions ------------------------------------------------------------

    def _make_header(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        self.back = QtWidgets.QToolButton()
        self.back.setText("‹ Back")
        self.back.setToolTip("Back to the list (Esc); everything typed is saved")
        self.back.clicked.connect(self.close_meeting)
        who = QtWidgets.QVBoxLayout()
        who.setSpacing(2)
        self.title = _label(name="viewTitle", wrap=False)
        scale_font(self.title, 1.6, bold=True)
        self.subtitle = _label(name="meetingSubtitle")
        who.addWidget(self.title)
        who.addWidget(self.subtitle)
        self.status_pill = _label(name="statusPill", wrap=False)
        self.status_pill.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.back, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        row.addSpacing(8)
        row.addLayout(who, 1)
        row.addWidget(self.status_pill, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        return row

    def _make_action_bar(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(6)
        handlers = {
            "start": self.start,
            "hold": self.hold,
            "reschedule": self.reschedule,
            "cancel": self.cancel,
            "finalise": self.finalise,
            "addendum": self.add_addendum,
        }
        for name, text, shortcut, tip in ACTIONS:
            action = QtGui.QAction(text, self)
            action.setShortcut(QtGui.QKeySequence(shortcut))
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} ({shortcut})")
            action.triggered.connect(lambda _checked=False, h=handlers[name]: h())
            self.addAction(action)
            button = QtWidgets.QToolButton()
            button.setObjectName(f"action-{name}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
            self.actions_by_name[name] = action
            self.action_buttons[name] = button
        self.follow_move = QtWidgets.QToolButton()
        self.follow_move.setObjectName("action-open-moved")
        self.follow_move.setText("Open the rescheduled meeting")
        self.follow_move.clicked.connect(self.open_moved)
        self.follow_move.hide()
        row.addWidget(self.follow_move)
        row.addStretch(1)
        self.shortcut_hint = _label(
            f"{NEXT_ITEM} / {PREVIOUS_ITEM}: next / previous item  ·  {PARK}: park a topic"
            f"  ·  {NEW_FOLLOWUP}: follow-up  ·  Alt+1…6: flag",
            "emptyBody",
            wrap=False,
        )
        row.addWidget(self.shortcut_hint)
        return row

    def _make_shortcuts(self) -> None:
        for keys, slot in (
            (NEXT_ITEM, lambda: self.focus_item(1)),
            (PREVIOUS_ITEM, lambda: self.focus_item(-1)),
            (PARK, self._focus_parking),
            ("Esc", self.close_meeting),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.meeting_keys = MeetingShortcuts(self)  # Ctrl+Shift+F follow-up, Alt+1..6 flags
        self.meeting_keys.failed.connect(self._show_error)

    def _fill_header(self) -> None:
        header = self.prefill.header
        self.title.setText(header.manager_name)
        parts = [
            header.manager_title,
            header.department,
            f"{header.tier} tier" if header.tier else "",
            f"team of {header.team_size}",
            f"meets {header.cadence}",
            f"with {header.rep_name}" if header.rep_name else "",
        ]
        self.subtitle.setText("  ·  ".join(p for p in parts if p))
        status = header.status_label
        if header.reason:
            status += f" ({header.reason})"
        self.status_pill.setText(f"{status}  ·  {_day(header.planned_for)}")
        self.status_pill.setProperty("status", "final" if header.locked else header.status)
        self.status_pill.style().unpolish(self.status_pill)
        self.status_pill.style().polish(self.status_pill)
        available = {
            "start": header.status == PLANNED,
            "hold": header.status in (PLANNED, IN_PROGRESS),
            "reschedule": header.status in (PLANNED, IN_PROGRESS),
            "cancel": header.status in (PLANNED, IN_PROGRESS),
            "finalise": header.status == HELD and not header.locked,
            "addendum": header.locked,
        }
        for name, action in self.actions_by_name.items():
            action.setEnabled(available[name])
            self.action_buttons[name].setVisible(available[name])
        self.follow_move.setVisible(header.rescheduled_to_id is not None)

    # ----- the agenda column -------------------------------------------------------------

    def _build_main(self) -> None:
        self.flush()
        self.answer_editors.clear()
        self.editors = []
        self._last_editor = None
        self._editor_section.clear()
        self._budgets.clear()
        self._private_main = []
        page, column = self._new_page("meetingAgenda", self.main_scroll)
        column.setContentsMargins(0, 0, 12, 12)
        column.setSpacing(10)
        prefill = self.prefill
        if prefill.recap is not None:
            column.addWidget(self._recap_box())
        if prefill.agenda is None:
            month = month_label(month_of(prefill.header.planned_for))
            column.addWidget(
                _label(
                    f"No published agenda for {month} yet. Use the notes below; the HR lead "
                    "publishes the month's agenda from the Agenda view.",
                    "emptyBody",
                )
            )
        elif not prefill.items:
            column.addWidget(
                _label(
                    "None of this month's agenda items is for this manager's department or "
                    "tier. Use the notes below.",
                    "emptyBody",
                )
            )
        number = 0
        for section, minutes in prefill.sections:
            column.addLayout(self._section_header(section, minutes))
            for entry in prefill.items_in(section):
                number += 1
                column.addWidget(self._item_card(page, number, entry, section))
        column.addLayout(self._section_header("Other notes", 0))
        free = prefill.free_notes[0] if prefill.free_notes else None
        other = self._make_answer_editor(
            NoteDraft(
                meeting_id=self.meeting_id,
                manager_id=prefill.header.manager_id,
                kind="free",
            ),
            free,
            "Anything else worth keeping from this meeting…",
            page,
        )
        column.addWidget(other)
        column.addStretch(1)
        self._install(self.main_scroll, page)

    @staticmethod
    def _new_page(
        name: str, scroll: QtWidgets.QScrollArea
    ) -> tuple[QtWidgets.QWidget, QtWidgets.QVBoxLayout]:
        """An empty page for ``scroll``, born in its viewport and built top-down: widgets
        made in their final parent take the style once, not again per reparenting."""
        page = QtWidgets.QWidget(scroll.viewport())
        page.setObjectName(name)
        return page, QtWidgets.QVBoxLayout(page)

    @staticmethod
    def _install(scroll: QtWidgets.QScrollArea, page: QtWidgets.QWidget) -> None:
        """Show ``page`` in ``scroll`` in place of the previous one."""
        old = scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        scroll.setWidget(page)

    def _make_answer_editor(
        self,
        draft: NoteDraft,
        note: NoteView | None,
        placeholder: str,
        parent: QtWidgets.QWidget,
    ) -> NoteEditor:
        """The one place answer areas are made (autosaving, with visibility), from the
        prefill's notes: the editors read nothing themselves."""
        locked = self.prefill.header.locked
        if locked:
            placeholder = "Nothing was recorded here."
        editor = NoteEditor(
            self.state,
            draft=draft,
            note=note,
            locked=locked,
            placeholder=placeholder,
            parent=parent,
        )
        editor.setMinimumHeight(90)
        editor.setMaximumHeight(130)
        editor.saved.connect(lambda _id: self.state.hub.data_changed.emit("notes"))
        self.editors.append(editor)
        return editor

    def _recap_box(self) -> QtWidgets.QFrame:
        recap = self.prefill.recap
        box = QtWidgets.QFrame()
        box.setObjectName("recapBox")
        layout = QtWidgets.QVBoxLayout(box)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        title = _label(f"Last meeting  ·  {_day(recap.held_on)}", "recapTitle", wrap=False)
        scale_font(title, 1.0, bold=True)
        layout.addWidget(title)
        lines = [f"•  {line}" for line in recap.key_notes] or ["No notes were kept."]
        if recap.agreed:
            lines.append("Agreed:  " + "  ·  ".join(recap.agreed))
        text = "\n".join(lines)
        notes = _label(text, "recapText")
        self._private_main.append((notes, text, HIDDEN_TEXT))
        layout.addWidget(notes)
        return box

    def _section_header(self, section: str, minutes: int) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 8, 0, 0)
        title = _label(section, "sectionTitle", wrap=False)
        scale_font(title, 1.2, bold=True)
        row.addWidget(title)
        row.addStretch(1)
        if minutes:
            budget = _label(budget_text(minutes, 0), "sectionBudget", wrap=False)
            budget.setToolTip("A gentle time budget: it counts down while you are in this section")
            row.addWidget(budget)
            self._budgets[section] = _SectionBudget(minutes, budget)
        return row

    def _item_card(
        self, page: QtWidgets.QWidget, number: int, entry: PrefillItem, section: str
    ) -> QtWidgets.QFrame:
        item = entry.item
        card = QtWidgets.QFrame(page)
        card.setObjectName("agendaItemCard")
        layout = QtWidgets.QVBoxLayout(card)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        title = _label(f"{number}.  {item.text}", "itemText")
        scale_font(title, 1.0, bold=True)
        layout.addWidget(title)
        meta = []
        if item.item_date:
            meta.append(_day(item.item_date))
        if item.audience_kind != "all":
            meta.append(f"for {item.audience_label}")
        if meta:
            layout.addWidget(_label("  ·  ".join(meta), "itemMeta", wrap=False))
        links = [PromptLink(prompt) for prompt in item.prompts]
        for link in links:
            layout.addWidget(link)
        editor = self._make_answer_editor(
            NoteDraft(
                meeting_id=self.meeting_id,
                manager_id=self.prefill.header.manager_id,
                agenda_item_id=item.id,
                kind="answer",
            ),
            entry.answer,
            "The manager's answer…",
            card,
        )
        for link, prompt in zip(links, item.prompts, strict=True):
            link.clicked.connect(lambda e=editor, p=prompt: self._insert_prompt(e, p))
        layout.addWidget(editor)
        self.answer_editors[item.id] = editor
        self._editor_section[editor] = section
        return card

    @staticmethod
    def _insert_prompt(editor: NoteEditor, prompt: str) -> None:
        if editor.edit.isReadOnly():
            return
        cursor = editor.edit.textCursor()
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        prefix = "\n" if editor.text() and not editor.text().endswith("\n") else ""
        cursor.insertText(f"{prefix}{prompt}\n")
        editor.edit.setTextCursor(cursor)
        editor.edit.setFocus()

    # ----- the side column ---------------------------------------------------------------

    def _build_side(self) -> None:
        prefill = self.prefill
        locked = prefill.header.locked
        self._private_side = []
        page, column = self._new_page("meetingSide", self.side_scroll)
        column.setContentsMargins(12, 0, 4, 12)
        column.setSpacing(4)

        column.addWidget(self._side_title(f"Open follow-ups ({len(prefill.followups)})"))
        self.followup_boxes: dict[str, QtWidgets.QCheckBox] = {}
        for followup in prefill.followups:
            column.addLayout(self._followup_row(followup, locked))
        if not prefill.followups:
            column.addWidget(_label("None carried over.", "emptyBody"))

        column.addWidget(self._side_title(f"Signals to check on ({len(prefill.signals)})"))
        for signal in prefill.signals:
            kind = KIND_LABELS.get(signal.kind, signal.kind)
            who = f"  ·  {signal.person}" if signal.person else ""
            heading = f"●  {kind}, severity {signal.severity}"
            title = _label(heading + who, "signalTitle")
            title.setProperty("severity", signal.severity)
            self._private_side.append((title, heading + who, heading))
            text = f"{signal.summary}\nopen since {_day(signal.opened_at.date())}"
            detail = _label(text, "signalText")
            detail.setContentsMargins(18, 0, 0, 6)
            self._private_side.append((detail, text, HIDDEN_TEXT))
            column.addWidget(title)
            column.addWidget(detail)
            if not locked:
                column.addLayout(self._signal_buttons(signal.id))
        if not prefill.signals:
            column.addWidget(_label("No open signals.", "emptyBody"))

        if prefill.agreed:
            column.addWidget(self._side_title(f"Agreed in this meeting ({len(prefill.agreed)})"))
            agreed = "\n".join(f"•  {self._followup_text(f)}" for f in prefill.agreed)
            agreed_label = _label(agreed, "agreed")
            self._private_side.append((agreed_label, agreed, HIDDEN_TEXT))
            column.addWidget(agreed_label)

        column.addWidget(self._side_title("Parking lot"))
        self.parking_input = QtWidgets.QLineEdit()
        self.parking_input.setObjectName("parkingInput")
        self.parking_input.setPlaceholderText(f"Off-agenda topic, Enter to park ({PARK})")
        self.parking_input.returnPressed.connect(self.park_topic)
        self.parking_input.setVisible(not locked)
        column.addWidget(self.parking_input)
        if prefill.parking or locked:
            topics = "\n".join(f"•  {n.body}" for n in prefill.parking) or "Nothing was parked."
            parked = _label(topics, "parkedTopics")
            self._private_side.append((parked, topics, HIDDEN_TEXT))
            column.addWidget(parked)

        if locked or prefill.addenda:
            column.addWidget(self._side_title(f"Addenda ({len(prefill.addenda)})"))
            entries = [f"{n.created_at:%d %b %Y %H:%M} UTC\n{n.body}" for n in prefill.addenda]
            text = "\n\n".join(entries) or "None. Later additions appear here, dated."
            addenda = _label(text, "addendaText")
            self._private_side.append((addenda, text, HIDDEN_TEXT))
            column.addWidget(addenda)
        column.addStretch(1)
        self._install(self.side_scroll, page)

    def _side_title(self, text: str) -> QtWidgets.QLabel:
        label = _label(text, "sectionTitle", wrap=False)
        scale_font(label, 1.1, bold=True)
        label.setContentsMargins(0, 10, 0, 2)
        return label

    def _signal_buttons(self, signal_id: str) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(18, 0, 0, 6)
        for text, tip, resolve in (
            ("Add update…", "Add what the manager said to the signal's timeline", False),
            ("Resolve…", "Close the signal, with how it was resolved", True),
        ):
            button = QtWidgets.QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName("signalResolve" if resolve else "signalUpdate")
            button.clicked.connect(
                lambda _checked=False, r=resolve: self.update_signal(signal_id, resolve=r)
            )
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _followup_row(self, followup: FollowUpView, locked: bool) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(6)
        box = QtWidgets.QCheckBox()
        box.setChecked(followup.status != "open")
        box.setToolTip("Done: closed in this meeting")
        box.setEnabled(not locked)
        box.toggled.connect(lambda done, f=followup.id: self._set_followup_done(f, done))
        lines = QtWidgets.QVBoxLayout()
        lines.setSpacing(0)
        text = ElidedLabel(followup.text, "followupText")
        self._private_side.append((text, followup.text, HIDDEN_TEXT))
        lines.addWidget(text)
        when = self._followup_when(followup)
        if when:
            lines.addWidget(ElidedLabel(when, "followupWhen"))
        row.addWidget(box, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        row.addLayout(lines, 1)
        self.followup_boxes[followup.id] = box
        return row

    @staticmethod
    def _followup_when(followup: FollowUpView) -> str:
        """Who owns it and when it is due: "me  ·  overdue since Wed 29 Apr 2026"."""
        extras = [followup.owner] if followup.owner else []
        if followup.due_date:
            overdue = followup.due_date < utcnow().date() and followup.status == "open"
            extras.append(("overdue since " if overdue else "due ") + _day(followup.due_date))
        return "  ·  ".join(extras)

    def _followup_text(self, followup: FollowUpView) -> str:
        when = self._followup_when(followup)
        return followup.text + (f"  ({when})" if when else "")

    # ----- actions -----------------------------------------------------------------------

    def start(self) -> None:
        self._act(lambda: self.service.start(self.meeting_id), "Meeting started")

    def hold(self) -> None:
        self._act(lambda: self.service.hold(self.meeting_id), "Meeting marked as held")

    def reschedule(self) -> None:
        (new_date, reason), ok = RescheduleDialog.get_reschedule(
            self, self.prefill.header.planned_for
        )
        if not ok:
            return
        self.flush()
        try:
            moved = self.service.reschedule(self.meeting_id, new_date, reason)
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self.meeting_id = moved
        self._after_change(f"Rescheduled to {_day(new_date)}", rebuild=True)

    def cancel(self) -> None:
        reason, ok = ReasonDialog.get_reason(self, "Cancel meeting", "Reason", "Cancel the meeting")
        if ok:
            self._act(lambda: self.service.cancel(self.meeting_id, reason), "Meeting cancelled")

    def finalise(self) -> None:
        answer = QtWidgets.QMessageBox.question(
            self,
            "Finalise meeting",
            "Finalising locks this meeting's notes so they stay defensible. Anything added "
            "later is kept as a dated addendum. Finalise now?",
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        self.flush()
        self._act(lambda: self.service.finalise(self.meeting_id), "Meeting finalised", True)

    def add_addendum(self) -> None:
        text, ok = AddendumDialog.get_text(self)
        if not ok or not text:
            return
        try:
            self.service.add_addendum(self.meeting_id, text, self.state.me_rep_id)
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self._after_change("Addendum added", rebuild=False)

    def park_topic(self) -> None:
        text = self.parking_input.text().strip()
        if not text:
            return
        try:
            self.service.add_parking(self.meeting_id, text)
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self.parking_input.clear()
        self._after_change("Topic parked", rebuild=False)
        self.parking_input.setFocus()

    def open_moved(self) -> None:
        """Switch to the meeting this one was rescheduled to."""
        moved = self.prefill.header.rescheduled_to_id if self.prefill else None
        if moved:
            self.flush()
            self.meeting_id = moved
            self.reload()

    def close_meeting(self) -> None:
        """Save everything and leave the meeting screen."""
        self.flush()
        self.closed.emit()

    def _act(self, call, message: str, rebuild: bool = False) -> None:
        try:
            call()
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self._after_change(message, rebuild)

    def _after_change(self, message: str, rebuild: bool) -> None:
        self.error.hide()
        if rebuild:
            self.reload()
        else:
            self._refresh_side()
        self.status_changed.emit(self.prefill.header.status)
        self.state.hub.data_changed.emit("meetings")
        self.state.hub.status_message.emit(message)

    def update_signal(self, signal_id: str, *, resolve: bool = False) -> None:
        """Follow a signal in this meeting: add an update to its timeline, or resolve it."""
        title, prompt, ok_text = (
            ("Resolve signal", "How it was resolved", "Resolve")
            if resolve
            else ("Update signal", "What the manager said", "Add update")
        )
        text, ok = ReasonDialog.get_reason(self, title, prompt, ok_text)
        if not ok:
            return
        try:
            if resolve:
                resolve_signal(self.state.store, signal_id, text, meeting_id=self.meeting_id)
            else:
                add_signal_update(self.state.store, signal_id, text, meeting_id=self.meeting_id)
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self.state.hub.data_changed.emit("signals")
        self.state.hub.status_message.emit("Signal resolved" if resolve else "Signal updated")

    def _set_followup_done(self, followup_id: str, done: bool) -> None:
        """Tick (done, closed in this meeting) or untick a carried-over follow-up."""
        try:
            set_followup_status(
                self.state.store,
                followup_id,
                "done" if done else "open",
                meeting_id=self.meeting_id,
            )
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self.state.hub.data_changed.emit("followups")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _focus_parking(self) -> None:
        if self.prefill is not None and self.parking_input.isVisible():
            self.parking_input.setFocus()

    # ----- live updates ------------------------------------------------------------------

    def _tick(self) -> None:
        """Count down the budget of the section being discussed (only while in progress)."""
        if self.prefill is None or self.prefill.header.status != IN_PROGRESS:
            return
        section = self._editor_section.get(self.current_note())
        budget = self._budgets.get(section or "")
        if budget is not None:
            budget.tick()

    def _on_focus_changed(self, _old, new) -> None:
        if new is None:
            return
        for editor in self.editors:
            if editor.isAncestorOf(new):
                self._last_editor = editor
                return

    def _on_data_changed(self, what: str) -> None:
        if what in ("followups", "signals", "*") and self.isVisible() and self.prefill:
            self._refresh_side()

    def _refresh_side(self) -> None:
        """Re-read the meeting and rebuild the header and the side column (not the editors)."""
        try:
            self.prefill = self.service.prefill(self.meeting_id)
        except StoreError as exc:
            self._show_error(str(exc))
            return
        self._fill_header()
        self._build_side()
        self._apply_privacy(self.state.privacy)

    def _apply_privacy(self, hidden: bool) -> None:
        for label, shown, covered in self._private_main + self._private_side:
            label.setText(covered if hidden else shown)
            if isinstance(label, ElidedLabel):
                label.setToolTip("" if hidden else shown)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.flush()
        self._timer.stop()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._on_focus_changed)
        super().closeEvent(event)
