"""The meeting screen: a manager's meeting, prepared, captured and closed.

Opened by ``MainWindow.open_meeting(meeting_id)``. The header says who the meeting is
with and where it stands; the left column holds the recap of the last meeting and the
month's agenda items in order, each with its suggested prompts and an answer editor,
after what changed in the manager's team (joiners, trials, leavers, moves, engagement);
the right column holds the open follow-ups, signals and cases to check on, what was
agreed, the parking lot and, once finalised, the dated addenda. Every action has a
shortcut.

The main window keeps one screen and refills it in place for each meeting opened
(:meth:`MeetingView.load`): the item cards of an agenda, the follow-up and signal rows
and the editors are made once and reused, so opening a meeting costs the prefill, new
texts and a paint instead of ~170 new widgets. Every editor saves what was typed before
it shows another meeting's note.

Other features act on the focused note through :meth:`MeetingView.current_note` and
:attr:`MeetingView.meeting_id`.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, replace
from datetime import date

from partnerdesk.core import clock, daytext
from partnerdesk.core.agenda import ItemData, month_label, month_of
from partnerdesk.core.cases import CaseRow, CaseSpec, close_case, from_signal
from partnerdesk.core.cases import add_update as add_case_update
from partnerdesk.core.followups import set_status as set_followup_status
from partnerdesk.core.meeting_timers import load_times, save_times
from partnerdesk.core.meetings import (
    HELD,
    IN_PROGRESS,
    PLANNED,
    FollowUpView,
    MeetingService,
    Prefill,
    PrefillItem,
    SignalView,
)
from partnerdesk.core.notes import NoteDraft, NoteView, notes_for_meeting
from partnerdesk.core.prepare import engagement_line
from partnerdesk.core.sharing import share_now
from partnerdesk.core.signals import KIND_LABELS
from partnerdesk.core.signals import add_update as add_signal_update
from partnerdesk.core.signals import resolve as resolve_signal
from partnerdesk.core.store.engine import StoreError
from partnerdesk.ui.accessibility import describe
from partnerdesk.ui.dialogs.case import CaseDialog
from partnerdesk.ui.dialogs.meeting_actions import AddendumDialog, ReasonDialog, RescheduleDialog
from partnerdesk.ui.dialogs.person_timeline import PersonTimelineDialog
from partnerdesk.ui.meeting_shortcuts import NEW_FOLLOWUP, MeetingShortcuts
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.sync_controller import controller_for
from partnerdesk.ui.views.base import phrases, scale_font
from partnerdesk.ui.widgets.elided import ElidedLabel
from partnerdesk.ui.widgets.note_editor import (
    LOCKED_TEXT,
    SHARE_NOW_SHORTCUT,
    NoteEditor,
    repolish,
)

#: (name, label, shortcut, tooltip) of the meeting actions, in toolbar order.
ACTIONS = (
    ("start", "Start", "Ctrl+Shift+S", "Start the meeting: the section time budgets begin"),
    ("hold", "Mark held", "Ctrl+Shift+D", "The meeting took place"),
    ("reschedule", "Reschedule…", "Ctrl+Shift+R", "Move the meeting to another day"),
    ("cancel", "Cancel meeting…", "Ctrl+Shift+X", "Cancel the meeting, with a reason"),
    ("finalise", "Finalise", "Ctrl+Shift+L", "Lock the notes; later additions become addenda"),
    ("addendum", "Add addendum…", "Ctrl+Shift+A", "Append a dated addendum to the locked notes"),
    ("share", "Share now", SHARE_NOW_SHORTCUT, "Let the team have what was typed so far now"),
)
NEXT_ITEM, PREVIOUS_ITEM, PARK = "Alt+Down", "Alt+Up", "Ctrl+Shift+P"
HIDDEN_TEXT = "•••  hidden (privacy screen)"
MOVED_TEXT = "Rescheduled: write in the meeting it moved to."


@dataclass(frozen=True)
class MeetingPlace:
    """Where the rep was in a meeting, holding none of its text: the meeting, the editor
    (its index on the screen), the cursor in it and both columns' scroll positions."""

    meeting_id: str
    editor: int | None
    cursor: int
    scroll: tuple[int, int]


class WrappedLabel(QtWidgets.QLabel):
    """A word-wrapped label that remembers its height for each width until its text or
    font changes: Qt lays the text out again for every height-for-width question, and a
    layout pass asks several (about 6x fewer text layouts when a meeting is opened)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:
        if text != self.text():
            self._heights = {}
            super().setText(text)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._heights = {}
        super().changeEvent(event)


def _label(text: str = "", name: str = "", wrap: bool = True) -> QtWidgets.QLabel:
    label = WrappedLabel(text) if wrap else QtWidgets.QLabel(text)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


class PromptLink(ElidedLabel):
    """A suggested question on one line that puts itself in the answer when clicked, or
    when focused and Enter or Space is pressed."""

    clicked = QtCore.Signal()

    def __init__(self, text: str) -> None:
        super().__init__(f"➜ {text}", "promptLink", f"{text}\nClick to put it in the answer")
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)

    def _underlined(self) -> bool:
        return self.hasFocus() or self.underMouse()

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


@functools.lru_cache(maxsize=512)
def _day(value: date) -> str:
    return daytext.weekday(value)


def budget_text(minutes: int, elapsed: int, running: bool = True) -> str:
    """A quiet countdown: "10 min", "7:41 left", "2 min over"; once the meeting is no
    longer in progress, the time it took: "12 of 15 min used"."""
    if not elapsed:
        return f"{minutes} min"
    if not running:
        return f"{max(1, round(elapsed / 60))} of {minutes} min used"
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

    def carry_on(self, elapsed: int, running: bool) -> None:
        """Start from the time used before (this meeting was open earlier)."""
        self.elapsed = elapsed
        self.label.setText(budget_text(self.minutes, elapsed, running))


class _SectionHeader(QtWidgets.QWidget):
    """A section's title and, when it has one, its time budget."""

    def __init__(self, section: str, minutes: int, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 8, 0, 0)
        title = _label(section, "sectionTitle", wrap=False)
        scale_font(title, 1.2, bold=True)
        row.addWidget(title)
        row.addStretch(1)
        self.budget: _SectionBudget | None = None
        if minutes:
            label = _label(budget_text(minutes, 0), "sectionBudget", wrap=False)
            label.setToolTip("A gentle time budget: it counts down while you are in this section")
            row.addWidget(label)
            self.budget = _SectionBudget(minutes, label)

    def reset(self) -> None:
        """A new meeting: the budget starts again."""
        if self.budget is not None and self.budget.elapsed:
            self.budget.elapsed = 0
            self.budget.label.setText(budget_text(self.budget.minutes, 0))


class _ItemCard(QtWidgets.QFrame):
    """One agenda item: its text, date and audience, the suggested prompts and the answer
    editor. Kept per item and refilled for the next meeting (only the answer changes)."""

    def __init__(self, view: MeetingView, item: ItemData, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("agendaItemCard")
        self.item = item
        self.number = 0
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        self.title = _label(item.text, "itemText")
        scale_font(self.title, 1.0, bold=True)
        layout.addWidget(self.title)
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
        self.editor = view._new_editor(self)
        for link, prompt in zip(links, item.prompts, strict=True):
            link.clicked.connect(lambda e=self.editor, p=prompt: view._insert_prompt(e, p))
        layout.addWidget(self.editor)

    def set_number(self, number: int) -> None:
        if number != self.number:
            self.number = number
            self.title.setText(f"{number}.  {self.item.text}")


class _FollowUpRow(QtWidgets.QWidget):
    """A carried-over follow-up: a Done box, its text, who owns it and when it is due."""

    def __init__(self, view: MeetingView, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.followup_id: str | None = None
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.box = QtWidgets.QCheckBox()
        self.box.setToolTip("Done: closed in this meeting")
        self.box.toggled.connect(self._toggled)
        self._view = view
        lines = QtWidgets.QVBoxLayout()
        lines.setSpacing(0)
        self.text = ElidedLabel("", "followupText")
        self.when = ElidedLabel("", "followupWhen")
        lines.addWidget(self.text)
        lines.addWidget(self.when)
        row.addWidget(self.box, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        row.addLayout(lines, 1)

    def fill(self, followup: FollowUpView | None, when: str = "", locked: bool = False) -> None:
        """Show ``followup`` (None: show nothing, keep no text)."""
        self.followup_id = followup.id if followup else None
        with QtCore.QSignalBlocker(self.box):
            self.box.setChecked(followup is not None and followup.status != "open")
        self.box.setEnabled(not locked)
        text = followup.text if followup else ""
        self.text.setText(text)
        self.text.setToolTip(text)
        self.when.setText(when)
        self.when.setToolTip(when)
        self.when.setVisible(bool(when))

    def _toggled(self, done: bool) -> None:
        if self.followup_id is not None:
            self._view._set_followup_done(self.followup_id, done)


class _SideRow(QtWidgets.QWidget):
    """A record to check on in the side column: a title, a text, and (while the meeting is
    not finalised) a row of action buttons, each ``(text, tip, object name, action)``."""

    def __init__(self, title_name: str, actions: list[tuple], parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        column = QtWidgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.title = _label("", title_name)
        self.detail = _label("", "signalText")
        self.detail.setContentsMargins(18, 0, 0, 6)
        column.addWidget(self.title)
        column.addWidget(self.detail)
        self.buttons = QtWidgets.QWidget()
        grid = QtWidgets.QGridLayout(self.buttons)  # two a row: the column may be narrow
        grid.setContentsMargins(18, 0, 0, 6)
        for index, (text, tip, name, action) in enumerate(actions):
            button = QtWidgets.QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, act=action: act())
            grid.addWidget(button, index // 2, index % 2)
        grid.setColumnStretch(2, 1)
        column.addWidget(self.buttons)

    def _clear(self) -> list:
        self.title.setText("")
        self.detail.setText("")
        return []


class _SignalRow(_SideRow):
    """An open signal to check on: kind, severity and person, its summary; add an update,
    resolve it, or make it a case."""

    def __init__(self, view: MeetingView, parent: QtWidgets.QWidget) -> None:
        self.signal_id: str | None = None
        super().__init__(
            "signalTitle",
            [
                (
                    "Add update…",
                    "Add what the manager said to the signal's timeline",
                    "signalUpdate",
                    lambda: view.update_signal(self.signal_id, resolve=False),
                ),
                (
                    "Resolve…",
                    "Close the signal, with how it was resolved",
                    "signalResolve",
                    lambda: view.update_signal(self.signal_id, resolve=True),
                ),
                (
                    "Make a case…",
                    "Follow it as a case with a checklist; it keeps this story",
                    "signalToCase",
                    lambda: view.signal_to_case(self.signal_id),
                ),
            ],
            parent,
        )

    def fill(self, signal: SignalView | None, locked: bool = False) -> list:
        """Show ``signal`` (None: show nothing, keep no text); returns the privacy screen's
        (label, text, covered text) entries, which set the texts."""
        self.signal_id = signal.id if signal else None
        if signal is None:
            return self._clear()
        kind = KIND_LABELS.get(signal.kind, signal.kind)
        who = f"  ·  {signal.person}" if signal.person else ""
        heading = f"●  {kind}, severity {signal.severity}"
        repolish(self.title, "severity", signal.severity)
        text = f"{signal.summary}\nopen since {_day(clock.local_day(signal.opened_at))}"
        self.buttons.setVisible(not locked)
        return [(self.title, heading + who, heading), (self.detail, text, HIDDEN_TEXT)]


class _CaseRow(_SideRow):
    """An open case to check on: kind and person, summary, checklist progress and due date;
    add an update or close it here."""

    def __init__(self, view: MeetingView, parent: QtWidgets.QWidget) -> None:
        self.case_id: str | None = None
        super().__init__(
            "caseTitle",
            [
                (
                    "Add update…",
                    "Add what happened to the case's timeline",
                    "caseUpdate",
                    lambda: view.update_case(self.case_id, close=False),
                ),
                (
                    "Close…",
                    "Close the case in this meeting, with how it ended",
                    "caseClose",
                    lambda: view.update_case(self.case_id, close=True),
                ),
            ],
            parent,
        )

    def fill(self, case: CaseRow | None, locked: bool = False) -> list:
        """Show ``case`` (None: show nothing); returns the privacy screen's entries."""
        self.case_id = case.id if case else None
        if case is None:
            return self._clear()
        heading = f"◆  {case.kind_label}"
        who = f"  ·  {case.person}" if case.person else ""
        facts = [f"steps {case.progress}"] if case.progress else []
        if case.due_date:
            facts.append(f"due {_day(case.due_date)}")
        if case.status == "closed":
            facts.append("closed in this meeting")
        text = "\n".join(part for part in (case.summary, "  ·  ".join(facts)) if part)
        self.buttons.setVisible(not locked and case.status == "open")
        return [(self.title, heading + who, heading), (self.detail, text, HIDDEN_TEXT)]


def _fill_pool(
    pool: list, count: int, make, box: QtWidgets.QVBoxLayout
) -> list:  # list of row widgets, the first ``count`` shown
    """Grow ``pool`` to ``count`` rows (made by ``make()``, added to ``box``); show the first
    ``count`` and hide the rest."""
    while len(pool) < count:
        row = make()
        box.addWidget(row)
        pool.append(row)
    for index, row in enumerate(pool):
        if row.isHidden() == (index < count):
            row.setVisible(index < count)
    return pool[:count]


class MeetingView(QtWidgets.QWidget):
    """The meeting screen; one is kept and refilled for each meeting opened (:meth:`load`)."""

    closed = QtCore.Signal()
    status_changed = QtCore.Signal(str)

    #: Item cards kept for reuse (the items of the last agendas opened).
    CARDS_KEPT = 40

    def __init__(
        self,
        state: AppState,
        meeting_id: str | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingView")
        self.state = state
        self.meeting_id = meeting_id
        self.prefill: Prefill | None = None
        self.answer_editors: dict[str, NoteEditor] = {}
        self.editors: list[NoteEditor] = []
        self.followup_boxes: dict[str, QtWidgets.QCheckBox] = {}
        self._last_editor: NoteEditor | None = None
        self._budgets: dict[str, _SectionBudget] = {}
        self._times_changed = False  # time was counted since it was last kept
        self._editor_section: dict[NoteEditor, str] = {}
        #: Labels showing note text: (label, its text, its text behind the privacy screen).
        self._private_main: list[tuple[QtWidgets.QLabel, str, str]] = []
        self._private_side: list[tuple[QtWidgets.QLabel, str, str]] = []
        self._cards: dict[str, _ItemCard] = {}  # by agenda item id, least recently used first
        self._headers: dict[tuple[str, int], _SectionHeader] = {}
        self._agenda_shown: list[QtWidgets.QWidget] = []  # in the agenda box, in order
        self._followup_rows: list[_FollowUpRow] = []
        self._signal_rows: list[_SignalRow] = []
        self._case_rows: list[_CaseRow] = []

        self.actions_by_name: dict[str, QtGui.QAction] = {}
        self.action_buttons: dict[str, QtWidgets.QToolButton] = {}
        layout = QtWidgets.QVBoxLayout(self)
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(self._make_header())
        self._action_row = self._make_action_bar()
        layout.addLayout(self._action_row)
        self._hint_below = False  # the hint sits beside the buttons while it fits there
        self.error = _label(name="errorText")
        self.error.hide()
        layout.addWidget(self.error)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.main_scroll = QtWidgets.QScrollArea(self.splitter)
        self.main_scroll.setWidgetResizable(True)
        self.main_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.side_scroll = QtWidgets.QScrollArea(self.splitter)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.side_scroll.setMinimumWidth(250)
        for scroll in (self.main_scroll, self.side_scroll):  # columns wrap, never scroll sideways
            scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter.addWidget(self.main_scroll)
        self.splitter.addWidget(self.side_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 400])
        layout.addWidget(self.splitter, 1)
        self._make_main_page()
        self._make_side_page()

        self._make_shortcuts()
        controller_for(state).finished.connect(self._show_share_states)  # "shared" after a sync
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._watching = False
        self._watch(True)
        state.hub.changed.connect(self._on_changed)
        state.hub.privacy_changed.connect(self._apply_privacy)
        if meeting_id is not None:
            self.reload()

    # ----- public ------------------------------------------------------------------------

    @property
    def service(self) -> MeetingService:
        """Meeting operations on the open store (a new one after the app is unlocked again)."""
        return MeetingService(self.state.store, self.state.settings.default_visibility)

    def current_note(self) -> NoteEditor | None:
        """The note editor the rep is typing in (or last typed in), for shortcuts."""
        focus = QtWidgets.QApplication.focusWidget()
        for editor in self.editors:
            if focus is not None and editor.isAncestorOf(focus):
                return editor
        return self._last_editor if self._last_editor in self.editors else None

    def load(self, meeting_id: str) -> bool:
        """Show ``meeting_id`` in this screen, refilled in place. What was typed is saved
        first; if it cannot be saved, the current meeting stays (with the reason) and False
        is returned."""
        self._watch(True)
        if not self.flush() or not self._park_pending():
            self._show_error(
                "Your last words could not be saved yet, so this meeting stays open. "
                "Try again in a moment."
            )
            return False
        self.error.hide()
        self.meeting_id = meeting_id
        self._last_editor = None
        self.reload()
        for scroll in (self.main_scroll, self.side_scroll):  # a new meeting opens at its top
            scroll.verticalScrollBar().setValue(0)
        describe(self)  # names for screen readers of the cards just built
        return True

    def unload(self) -> bool:
        """Save what was typed and empty the screen (it keeps no meeting's text while
        closed); False, and nothing emptied, when something could not be saved."""
        if not self.flush() or not self._park_pending():
            return False
        self.prefill = None
        self.meeting_id = None
        self._last_editor = None
        self._fill_main(None)
        self._fill_side(None)
        return True

    def reload(self) -> None:
        """Save what is typed, then refill the whole screen from the store."""
        self.flush()
        try:
            self.prefill = self.service.prefill(self.meeting_id)
        except StoreError as exc:
            self.prefill = None
            self._show_error(str(exc))
            for name, action in self.actions_by_name.items():
                action.setEnabled(False)
                self.action_buttons[name].hide()
            self.follow_move.hide()
            for label in (self.title, self.subtitle, self.status_pill):
                label.setText("")
            self._fill_main(None)
            self._fill_side(None)
            self.splitter.hide()
            return
        self.splitter.show()
        self._fill_header()
        self._fill_main(self.prefill)
        self._fill_side(self.prefill)
        self._apply_privacy(self.state.privacy)

    def flush(self) -> bool:
        """Save every editor (and the sections' time used) now; False when some typed
        text is not in the store yet."""
        if self._times_changed and self.meeting_id and self.state.store is not None:
            times = {section: b.elapsed for section, b in self._budgets.items() if b.elapsed}
            meeting_id = self.meeting_id
            ok, _ = self.state.ops.change(
                lambda store: save_times(store, meeting_id, times), Changes(), initiator=self
            )
            self._times_changed = not ok
        saved = True
        for editor in self.editors:
            if not editor.flush() and editor.is_dirty():
                saved = False
        return saved

    def focus_first_answer(self) -> None:
        """Put the cursor where the rep starts typing: the first answer not written yet
        (else the first answer, else the other notes); the screen when all are locked."""
        editors = [e for e in self.editors if not e.edit.isReadOnly()]
        target = next((e for e in editors if not e.text().strip()), None)
        target = target or next(iter(editors), None)
        if target is None:
            self.setFocus()
            return
        target.edit.setFocus()
        self.main_scroll.ensureWidgetVisible(target)

    def place(self) -> MeetingPlace | None:
        """Where the rep is in this meeting (None when no meeting is shown), to come back
        to after a lock."""
        if self.meeting_id is None or self.prefill is None:
            return None
        editor = self.current_note()
        index = self.editors.index(editor) if editor in self.editors else None
        cursor = editor.edit.textCursor().position() if editor is not None else 0
        bars = (self.main_scroll.verticalScrollBar(), self.side_scroll.verticalScrollBar())
        return MeetingPlace(self.meeting_id, index, cursor, (bars[0].value(), bars[1].value()))

    def restore(self, place: MeetingPlace) -> None:
        """Put the cursor and both scroll positions back where ``place`` had them (this
        screen shows ``place``'s meeting, just loaded)."""
        if place.meeting_id != self.meeting_id:
            return
        for scroll in (self.main_scroll, self.side_scroll):  # the page's height as shown
            scroll.widget().adjustSize()
        if place.editor is not None and place.editor < len(self.editors):
            editor = self.editors[place.editor]
            cursor = editor.edit.textCursor()
            cursor.setPosition(min(place.cursor, len(editor.text())))
            editor.edit.setTextCursor(cursor)
            editor.edit.setFocus()
            self._last_editor = editor
        bars = (self.main_scroll.verticalScrollBar(), self.side_scroll.verticalScrollBar())
        for bar, value in zip(bars, place.scroll, strict=True):
            bar.setValue(value)

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
            "share": self.share_now,
        }
        for name, text, shortcut, tip in ACTIONS:
            action = QtGui.QAction(text, self)
            action.setShortcut(QtGui.QKeySequence(shortcut))
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
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
        row.addSpacing(12)
        # On a narrow window (150% on a small screen) it wraps between shortcuts.
        self.shortcut_hint = _label(self._hint(locked=False), "emptyBody")
        row.addWidget(self.shortcut_hint, 1)
        row.addStretch(0)  # the buttons stay together when the hint goes below them
        return row

    def _place_hint(self) -> None:
        """The hint beside the buttons when it fits there in two lines at most, else on a
        line of its own below them (at 150% on a small screen it was cut on every side)."""
        margins = self.layout().contentsMargins()
        buttons = [b for b in self.action_buttons.values() if not b.isHidden()]
        if not self.follow_move.isHidden():
            buttons.append(self.follow_move)
        used = sum(b.sizeHint().width() + self._action_row.spacing() for b in buttons)
        room = self.width() - margins.left() - margins.right() - used - 12
        hint = self.shortcut_hint
        metrics = hint.fontMetrics()
        widest = max(metrics.horizontalAdvance(p) for p in hint.text().split("·"))
        fits = room > widest and hint.heightForWidth(room) <= 2 * metrics.lineSpacing()
        if fits == (not self._hint_below):
            return
        self._hint_below = not fits
        layout = self.layout()
        if fits:
            layout.removeWidget(hint)
            self._action_row.insertWidget(self._action_row.count() - 1, hint, 1)
        else:
            self._action_row.removeWidget(hint)
            layout.insertWidget(layout.indexOf(self.error), hint)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_hint()

    @staticmethod
    def _hint(locked: bool) -> str:
        """The keys of the moment (a finalised meeting has no parking lot to type in)."""
        return phrases(
            [
                f"{NEXT_ITEM} / {PREVIOUS_ITEM}: next / previous item",
                "" if locked else f"{PARK}: park a topic",
                f"{NEW_FOLLOWUP}: follow-up",
                "Alt+1…6: flag",
            ]
        )

    def _make_shortcuts(self) -> None:
        for keys, slot in (
            (NEXT_ITEM, lambda: self.focus_item(1)),
            (PREVIOUS_ITEM, lambda: self.focus_item(-1)),
            (PARK, self._focus_parking),
            ("Esc", self.close_meeting),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self.meeting_keys = MeetingShortcuts(self)  # Ctrl+Shift+F follow-up, Alt+1..6 flags
        self.meeting_keys.failed.connect(self._show_error)

    def _fill_header(self) -> None:
        header = self.prefill.header
        self.title.setText(header.manager_name)
        parts = [
            header.department,
            f"{header.tier} tier" if header.tier else "",
            f"team of {header.team_size}",
            f"meets {header.cadence}",
            f"with {header.rep_name}" if header.rep_name else "",
        ]
        # the job title may wrap; the facts after it break only between one another
        title = f"{header.manager_title}\u00a0·  " if header.manager_title else ""
        self.subtitle.setText(title + phrases(parts))
        status = header.status_label
        if header.reason:
            status += f" ({header.reason})"
        self.status_pill.setText(f"{status}  ·  {_day(header.planned_for)}")
        repolish(self.status_pill, "status", "final" if header.locked else header.status)
        available = {
            "start": header.status == PLANNED,
            "hold": header.status in (PLANNED, IN_PROGRESS),
            "reschedule": header.status in (PLANNED, IN_PROGRESS),
            "cancel": header.status in (PLANNED, IN_PROGRESS),
            "finalise": header.status == HELD and not header.locked,
            "addendum": header.locked,
            "share": header.status in (PLANNED, IN_PROGRESS),
        }
        for name, action in self.actions_by_name.items():
            action.setEnabled(available[name])
            self.action_buttons[name].setVisible(available[name])
        self.follow_move.setVisible(header.rescheduled_to_id is not None)
        self.shortcut_hint.setText(self._hint(header.locked))
        self._place_hint()
        for budget in self._budgets.values():  # counting down, or the time it took
            budget.carry_on(budget.elapsed, header.status == IN_PROGRESS)

    # ----- the agenda column -------------------------------------------------------------

    def _make_main_page(self) -> None:
        """The agenda column's page, made once: the recap, a notice when there are no
        items, the agenda box (section headers and item cards, refilled per meeting) and
        the "Other notes" editor."""
        page = QtWidgets.QWidget(self.main_scroll.viewport())
        page.setObjectName("meetingAgenda")
        column = QtWidgets.QVBoxLayout(page)
        column.setContentsMargins(0, 0, 12, 12)
        column.setSpacing(10)

        self.recap_box = QtWidgets.QFrame(page)
        self.recap_box.setObjectName("recapBox")
        recap = QtWidgets.QVBoxLayout(self.recap_box)
        recap.setContentsMargins(12, 10, 12, 10)
        recap.setSpacing(2)
        self.recap_title = _label("", "recapTitle", wrap=False)
        scale_font(self.recap_title, 1.0, bold=True)
        self.recap_text = _label("", "recapText")
        recap.addWidget(self.recap_title)
        recap.addWidget(self.recap_text)
        column.addWidget(self.recap_box)

        self.team_box = QtWidgets.QFrame(page)
        self.team_box.setObjectName("teamBox")
        team = QtWidgets.QVBoxLayout(self.team_box)
        team.setContentsMargins(12, 10, 12, 10)
        team.setSpacing(4)
        team_top = QtWidgets.QHBoxLayout()
        self.team_title = _label("", "teamTitle")
        scale_font(self.team_title, 1.0, bold=True)
        self.team_button = QtWidgets.QToolButton()
        self.team_button.setText("Team timeline…")
        self.team_button.setObjectName("teamTimeline")
        self.team_button.setToolTip("Each person's story: joined, trial, moves, leave, cases")
        self.team_button.clicked.connect(self.open_team_timeline)
        team_top.addWidget(self.team_title, 1)
        team_top.addWidget(self.team_button)
        self.team_text = _label("", "teamText")
        self.engagement_text = _label("", "engagementText")
        team.addLayout(team_top)
        team.addWidget(self.team_text)
        team.addWidget(self.engagement_text)
        column.addWidget(self.team_box)

        self.agenda_notice = _label("", "emptyBody")
        column.addWidget(self.agenda_notice)
        self.agenda_box = QtWidgets.QWidget(page)
        self._agenda_column = QtWidgets.QVBoxLayout(self.agenda_box)
        self._agenda_column.setContentsMargins(0, 0, 0, 0)
        self._agenda_column.setSpacing(10)
        column.addWidget(self.agenda_box)

        column.addWidget(_SectionHeader("Other notes", 0, page))
        self.other_editor = self._new_editor(page)
        column.addWidget(self.other_editor)
        column.addStretch(1)
        self.main_scroll.setWidget(page)

    def _fill_main(self, prefill: Prefill | None) -> None:
        """Refill the agenda column for ``prefill`` (None: empty it). Every editor saves
        what was typed before it shows another note."""
        self.flush()
        self.answer_editors = {}
        self._editor_section = {}
        self._budgets = {}
        self._private_main = []
        # a rescheduled meeting is written in where it moved to, not here
        moved = prefill is not None and prefill.header.rescheduled_to_id is not None
        locked = prefill is not None and (prefill.header.locked or moved)
        why = MOVED_TEXT if moved else LOCKED_TEXT

        recap = prefill.recap if prefill else None
        if recap is not None:
            self.recap_title.setText(f"Last meeting  ·  {_day(recap.held_on)}")
            lines = [f"•  {line}" for line in recap.key_notes] or ["No notes were kept."]
            if recap.agreed:
                lines.append("Agreed:  " + "  ·  ".join(recap.agreed))
            self._private_main.append((self.recap_text, "\n".join(lines), HIDDEN_TEXT))
        else:
            self.recap_text.setText("")
        self.recap_box.setVisible(recap is not None)
        self._fill_team(prefill)

        notice = ""
        if prefill is not None and prefill.agenda is None:
            month = month_label(month_of(prefill.header.planned_for))
            notice = (
                f"No published agenda for {month} yet. Use the notes below; the HR lead "
                "publishes the month's agenda from the Agenda view."
            )
        elif prefill is not None and not prefill.items:
            notice = (
                "None of this month's agenda items is for this manager's department or "
                "tier. Use the notes below."
            )
        self.agenda_notice.setText(notice)
        self.agenda_notice.setVisible(bool(notice))

        shown: list[QtWidgets.QWidget] = []
        cards: list[tuple[_ItemCard, PrefillItem]] = []
        times = load_times(self.state.store, self.meeting_id) if prefill else {}
        running = prefill is not None and prefill.header.status == IN_PROGRESS
        for section, minutes in prefill.sections if prefill else []:
            header = self._header_for(section, minutes)
            header.reset()
            shown.append(header)
            if header.budget is not None:
                self._budgets[section] = header.budget
                header.budget.carry_on(times.get(section, 0), running)
            for entry in prefill.items_in(section):
                card = self._card_for(entry.item)
                card.set_number(len(cards) + 1)
                shown.append(card)
                cards.append((card, entry))
                self.answer_editors[entry.item.id] = card.editor
                self._editor_section[card.editor] = section
        self._arrange_agenda(shown)

        placeholder = "Nothing was recorded here." if locked else None
        for card, entry in cards:
            draft = NoteDraft(
                meeting_id=prefill.header.id,
                manager_id=prefill.header.manager_id,
                agenda_item_id=entry.item.id,
                kind="answer",
            )
            card.editor.bind(
                note=entry.answer,
                draft=draft,
                locked=locked,
                placeholder=placeholder or "The manager's answer…",
                locked_text=why,
            )
        if prefill is None:
            self.other_editor.unbind()
        else:
            self.other_editor.bind(
                note=prefill.free_notes[0] if prefill.free_notes else None,
                draft=NoteDraft(
                    meeting_id=prefill.header.id,
                    manager_id=prefill.header.manager_id,
                    kind="free",
                ),
                locked=locked,
                placeholder=placeholder or "Anything else worth keeping from this meeting…",
                locked_text=why,
            )
        self.editors = [card.editor for card, _entry in cards]
        if prefill is not None:
            self.editors.append(self.other_editor)

    def _fill_team(self, prefill: Prefill | None) -> None:
        """What changed in the manager's team since the last meeting, and its engagement."""
        prompts = prefill.team if prefill else []
        since = "since the last meeting" if prefill and prefill.recap else "lately"
        self.team_title.setText(f"The team {since}")
        lines = [f"•  {p.text}" for p in prompts] or ["No joiners, trials, leavers or moves."]
        self._private_main.append((self.team_text, "\n".join(lines), HIDDEN_TEXT))
        self.engagement_text.setText(
            "Engagement  ·  " + engagement_line(prefill) if prefill else ""
        )
        self.team_box.setVisible(prefill is not None)

    def open_team_timeline(self) -> None:
        """The manager's team, each person's lifecycle and cases."""
        if self.prefill is None:
            return
        header = self.prefill.header
        PersonTimelineDialog.open_for(
            self, self.state, manager_email=header.manager_email, manager_name=header.manager_name
        )

    def _header_for(self, section: str, minutes: int) -> _SectionHeader:
        header = self._headers.get((section, minutes))
        if header is None:
            header = _SectionHeader(section, minutes, self.agenda_box)
            self._headers[(section, minutes)] = header
        return header

    def _card_for(self, item: ItemData) -> _ItemCard:
        """The card of ``item``: the one kept from an earlier meeting when the item is
        unchanged, else a new one."""
        card = self._cards.pop(item.id, None)
        if card is not None and card.item != item:  # the agenda was edited since
            card.editor.unbind()
            self._drop(card)
            card = None
        if card is None:
            card = _ItemCard(self, item, self.agenda_box)
        self._cards[item.id] = card  # most recently used last
        return card

    def _arrange_agenda(self, shown: list[QtWidgets.QWidget]) -> None:
        """Put ``shown`` in the agenda box in this order; other cards are emptied and
        hidden, and the least recently used beyond :attr:`CARDS_KEPT` are deleted."""
        keep = set(shown)
        for card in self._cards.values():
            if card not in keep and card.editor.draft.meeting_id is not None:
                card.editor.unbind()  # saved already; keeps no text of another meeting
        if shown != self._agenda_shown:
            for widget in self._agenda_shown:
                self._agenda_column.removeWidget(widget)
                if widget not in keep:
                    widget.hide()
            for widget in shown:
                self._agenda_column.addWidget(widget)
                widget.show()
            self._agenda_shown = shown
        spare = [key for key, card in self._cards.items() if card not in keep]
        for key in spare[: max(0, len(self._cards) - self.CARDS_KEPT)]:
            self._drop(self._cards.pop(key))

    def _drop(self, card: _ItemCard) -> None:
        if card in self._agenda_shown:
            self._agenda_column.removeWidget(card)
            self._agenda_shown.remove(card)
        card.hide()
        card.deleteLater()

    def _new_editor(self, parent: QtWidgets.QWidget) -> NoteEditor:
        """The one place answer areas are made (autosaving, with visibility); they are bound
        to the meeting's notes from the prefill, so they read nothing themselves."""
        editor = NoteEditor(self.state, locked=True, parent=parent)
        editor.setMinimumHeight(90)
        editor.setMaximumHeight(130)
        editor.initiator = self  # its saves are this screen's own edits
        return editor

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

    def _make_side_page(self) -> None:
        """The side column's page, made once: follow-up and signal rows are kept and
        refilled per meeting."""
        page = QtWidgets.QWidget(self.side_scroll.viewport())
        page.setObjectName("meetingSide")
        column = QtWidgets.QVBoxLayout(page)
        column.setContentsMargins(12, 0, 4, 12)
        column.setSpacing(4)

        self.followups_title, self._followup_box, self.followups_empty = self._side_list(
            column, "None carried over."
        )
        self.signals_title, self._signal_box, self.signals_empty = self._side_list(
            column, "No open signals."
        )
        self.cases_title, self._case_box, self.cases_empty = self._side_list(
            column, "No open cases."
        )

        self.agreed_title = self._side_title("")
        self.agreed_text = _label("", "agreed")
        column.addWidget(self.agreed_title)
        column.addWidget(self.agreed_text)

        column.addWidget(self._side_title("Parking lot"))
        self.parking_input = QtWidgets.QLineEdit()
        self.parking_input.setObjectName("parkingInput")
        # short enough for the narrow column at 150%; the key is in the tooltip and the hint
        self.parking_input.setPlaceholderText("Off-agenda topic, Enter to park")
        self.parking_input.setToolTip(f"Park an off-agenda topic ({PARK} comes here)")
        self.parking_input.returnPressed.connect(self.park_topic)
        column.addWidget(self.parking_input)
        self.parked_text = _label("", "parkedTopics")
        column.addWidget(self.parked_text)

        self.addenda_title = self._side_title("")
        self.addenda_text = _label("", "addendaText")
        column.addWidget(self.addenda_title)
        column.addWidget(self.addenda_text)
        column.addStretch(1)
        self._side_page = page
        self.side_scroll.setWidget(page)

    def _fill_side(self, prefill: Prefill | None) -> None:
        """Refill the side column for ``prefill`` (None: empty it, keeping no text)."""
        private: list[tuple[QtWidgets.QLabel, str, str]] = []
        locked = prefill is not None and prefill.header.locked
        followups = prefill.followups if prefill else []
        signals = prefill.signals if prefill else []

        self.followups_title.setText(f"Open follow-ups ({len(followups)})")
        rows = _fill_pool(
            self._followup_rows,
            len(followups),
            lambda: _FollowUpRow(self, self._side_page),
            self._followup_box,
        )
        self.followup_boxes = {}
        for row, followup in zip(rows, followups, strict=True):
            row.fill(followup, self._followup_when(followup), locked)
            private.append((row.text, followup.text, HIDDEN_TEXT))
            self.followup_boxes[followup.id] = row.box
        for row in self._followup_rows[len(followups) :]:
            if row.followup_id is not None:
                row.fill(None)
        self.followups_empty.setVisible(prefill is not None and not followups)

        self.signals_title.setText(f"Signals to check on ({len(signals)})")
        rows = _fill_pool(
            self._signal_rows,
            len(signals),
            lambda: _SignalRow(self, self._side_page),
            self._signal_box,
        )
        for row, signal in zip(rows, signals, strict=True):
            private += row.fill(signal, locked)
        for row in self._signal_rows[len(signals) :]:
            if row.signal_id is not None:
                row.fill(None)
        self.signals_empty.setVisible(prefill is not None and not signals)

        cases = prefill.cases if prefill else []
        self.cases_title.setText(f"Cases ({sum(c.status == 'open' for c in cases)})")
        rows = _fill_pool(
            self._case_rows, len(cases), lambda: _CaseRow(self, self._side_page), self._case_box
        )
        for row, case in zip(rows, cases, strict=True):
            private += row.fill(case, locked)
        for row in self._case_rows[len(cases) :]:
            if row.case_id is not None:
                row.fill(None)
        self.cases_empty.setVisible(prefill is not None and not cases)

        agreed = prefill.agreed if prefill else []
        text = "\n".join(f"•  {self._followup_text(f)}" for f in agreed)
        self.agreed_title.setText(f"Agreed in this meeting ({len(agreed)})")
        self._show_private(private, self.agreed_text, text, bool(agreed), self.agreed_title)

        self.parking_input.setVisible(prefill is not None and not locked)
        parking = prefill.parking if prefill else []
        topics = "\n".join(f"•  {n.body}" for n in parking) or "Nothing was parked."
        self._show_private(private, self.parked_text, topics, bool(parking) or locked)

        addenda = prefill.addenda if prefill else []
        entries = [f"{daytext.moment(n.created_at)}\n{n.body}" for n in addenda]
        text = "\n\n".join(entries) or "None. Later additions appear here, dated."
        self.addenda_title.setText(f"Addenda ({len(addenda)})")
        self._show_private(
            private, self.addenda_text, text, locked or bool(addenda), self.addenda_title
        )
        self._private_side = private

    @staticmethod
    def _show_private(
        private: list,
        label: QtWidgets.QLabel,
        text: str,
        shown: bool,
        title: QtWidgets.QLabel | None = None,
    ) -> None:
        """Show ``label`` with ``text`` under the privacy screen, or hide it keeping no text."""
        if shown:
            private.append((label, text, HIDDEN_TEXT))
        else:
            label.setText("")
        label.setVisible(shown)
        if title is not None:
            title.setVisible(shown)

    def _side_title(self, text: str) -> QtWidgets.QLabel:
        label = _label(text, "sectionTitle", wrap=False)
        scale_font(label, 1.1, bold=True)
        label.setContentsMargins(0, 10, 0, 2)
        return label

    def _side_list(self, column: QtWidgets.QVBoxLayout, empty_text: str):
        """A side section: its title, a box for its pooled rows, and its empty line."""
        title = self._side_title("")
        box = QtWidgets.QVBoxLayout()
        box.setSpacing(4)
        empty = _label(empty_text, "emptyBody")
        column.addWidget(title)
        column.addLayout(box)
        column.addWidget(empty)
        return title, box, empty

    @staticmethod
    def _followup_when(followup: FollowUpView) -> str:
        """Who owns it and when it is due: "me  ·  overdue since Wed 29 Apr 2026"."""
        extras = [followup.owner] if followup.owner else []
        if followup.due_date:
            overdue = followup.due_date < clock.today() and followup.status == "open"
            extras.append(("overdue since " if overdue else "due ") + _day(followup.due_date))
        return "  ·  ".join(extras)

    def _followup_text(self, followup: FollowUpView) -> str:
        when = self._followup_when(followup)
        return followup.text + (f"  ({when})" if when else "")

    # ----- actions -----------------------------------------------------------------------

    def start(self) -> None:
        self._act(lambda service: service.start(self.meeting_id), "Meeting started")

    def hold(self) -> None:
        self._act(lambda service: service.hold(self.meeting_id), "Meeting marked as held")

    def reschedule(self) -> None:
        (new_date, reason), ok = RescheduleDialog.get_reschedule(
            self, self.prefill.header.planned_for
        )
        if not ok:
            return
        self.flush()
        ok, moved = self._change(
            lambda service: service.reschedule(self.meeting_id, new_date, reason)
        )
        if ok:
            self.meeting_id = moved
            self._after_change(f"Rescheduled to {_day(new_date)}", rebuild=True)

    def cancel(self) -> None:
        reason, ok = ReasonDialog.get_reason(self, "Cancel meeting", "Reason", "Cancel the meeting")
        if ok:
            self._act(lambda service: service.cancel(self.meeting_id, reason), "Meeting cancelled")

    def finalise(self) -> None:
        answer = QtWidgets.QMessageBox.question(
            self,
            "Finalise meeting",
            "Finalising locks this meeting's notes so they stay defensible. Anything added "
            "later is kept as a dated addendum. Finalise now?",
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        if not self.flush() or not self._park_pending():
            return  # the reason is shown; the words are kept, and the meeting stays open
        self._act(lambda service: service.finalise(self.meeting_id), "Meeting finalised", True)

    def add_addendum(self) -> None:
        text, ok = AddendumDialog.get_text(self)
        if not ok or not text:
            return
        self._act(
            lambda service: service.add_addendum(self.meeting_id, text, self.state.me_rep_id),
            "Addendum added",
            changes=Changes(notes=True),
        )

    def share_now(self) -> None:
        """Share now: what was typed so far may leave, and a sync starts at once."""
        for editor in self.editors:
            editor.flush()
        ok, _ = self._change(lambda service: share_now(service.store), Changes(notes=True))
        if not ok:
            return
        self._show_share_states()
        if not controller_for(self.state).sync_now():
            self.state.hub.status_message.emit("Shared: your notes go to the team at the next sync")

    def _show_share_states(self, _report: object = None) -> None:
        if self.state.store is not None:
            for editor in self.editors:
                editor.show_share_state()

    def park_topic(self) -> None:
        text = self.parking_input.text().strip()
        if not text:
            return
        ok, _ = self._change(
            lambda service: service.add_parking(self.meeting_id, text), Changes(notes=True)
        )
        if ok:
            self.parking_input.clear()
            self._after_change("Topic parked", rebuild=False)
            self.parking_input.setFocus()

    def _park_pending(self) -> bool:
        """Park a topic typed but not yet parked (Enter) in the meeting it was typed for,
        before the screen shows another meeting or none: it never reaches the next
        manager's parking lot, nor stays in a widget after a lock. False if it could not
        be parked (it stays)."""
        ok = self._keep(self.parking_input.text().strip())
        if ok:
            self.parking_input.clear()
        return ok

    def keep_unfinished(self, texts: list[str]) -> None:
        """Keep what was typed in dialogs a lock is closing (a follow-up or flag not yet
        saved) in this meeting's parking lot, marked as unfinished."""
        for text in texts:
            self._keep(f"{text} (unfinished when Partner Desk locked)")

    def _keep(self, text: str) -> bool:
        """Park ``text`` in the meeting shown (an addendum once it is finalised, as by a
        sync meanwhile); True when kept or when there is nothing to keep."""
        if not text or self.meeting_id is None or self.prefill is None:
            return True
        meeting_id, me = self.meeting_id, self.state.me_rep_id
        if self.prefill.header.locked:
            ok, _ = self._change(
                lambda service: service.add_addendum(meeting_id, text, me), Changes(notes=True)
            )
        else:
            ok, _ = self._change(
                lambda service: service.add_parking(meeting_id, text), Changes(notes=True)
            )
        return ok

    def open_moved(self) -> None:
        """Switch to the meeting this one was rescheduled to."""
        moved = self.prefill.header.rescheduled_to_id if self.prefill else None
        if moved:
            self.load(moved)

    def close_meeting(self) -> None:
        """Save everything and leave the meeting screen."""
        self.flush()
        self.closed.emit()

    def _change(self, call, changes: Changes | None = None) -> tuple[bool, object]:
        """Run ``call(service)`` as one operation of this screen; a failure is shown on
        the screen (and the screen re-read, so it shows what the store holds)."""
        ok, result = self.state.ops.change(
            lambda store: call(MeetingService(store, self.state.settings.default_visibility)),
            changes or Changes(meetings=True),
            initiator=self,
            on_error=self._show_error,
        )
        if not ok and self.prefill is not None:
            self.refresh_side(keep_error=True)
        return ok, result

    def _act(
        self, call, message: str, rebuild: bool = False, changes: Changes | None = None
    ) -> None:
        if self._change(call, changes)[0]:
            self._after_change(message, rebuild)

    def _after_change(self, message: str, rebuild: bool) -> None:
        self.error.hide()
        if rebuild:
            self.reload()
        else:
            self.refresh_side()
        if self.prefill is not None:
            self.status_changed.emit(self.prefill.header.status)
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
        act = resolve_signal if resolve else add_signal_update
        meeting_id = self.meeting_id
        ok, _ = self._change(
            lambda service: act(service.store, signal_id, text, meeting_id=meeting_id),
            Changes(signals=True),
        )
        if ok:
            self.refresh_side()
            self.state.hub.status_message.emit("Signal resolved" if resolve else "Signal updated")

    def signal_to_case(self, signal_id: str | None) -> None:
        """Turn a flag into a case opened in this meeting (the kind is asked)."""
        if signal_id is None:
            return
        spec, ok = CaseDialog.get_case(self, CaseSpec("performance"), kind_only=True)
        if not ok or spec is None:
            return
        meeting_id = self.meeting_id
        ok, _ = self._change(
            lambda service: from_signal(service.store, signal_id, spec.kind, meeting_id=meeting_id),
            Changes(signals=True),
        )
        if not ok:
            return
        self.refresh_side()
        self.state.hub.status_message.emit("The signal is now a case")

    def update_case(self, case_id: str | None, *, close: bool = False) -> None:
        """Follow a case in this meeting: add to its timeline, or close it here."""
        if case_id is None:
            return
        title, prompt, ok_text = (
            ("Close case", "How it ended", "Close")
            if close
            else ("Update case", "What happened", "Add update")
        )
        text, ok = ReasonDialog.get_reason(self, title, prompt, ok_text)
        if not ok:
            return
        act = close_case if close else add_case_update
        meeting_id = self.meeting_id
        ok, _ = self._change(
            lambda service: act(service.store, case_id, text, meeting_id=meeting_id),
            Changes(signals=True),
        )
        if not ok:
            return
        self.refresh_side()
        self.state.hub.status_message.emit("Case closed" if close else "Case updated")

    def _set_followup_done(self, followup_id: str, done: bool) -> None:
        """Tick (done, closed in this meeting) or untick a carried-over follow-up."""
        meeting_id = self.meeting_id
        self._change(
            lambda service: set_followup_status(
                service.store, followup_id, "done" if done else "open", meeting_id=meeting_id
            ),
            Changes(followups=True),
        )  # a failure re-reads the side column: the box shows what the store holds

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
            self._times_changed = True

    def _on_focus_changed(self, _old, new) -> None:
        if new is None:
            return
        for editor in self.editors:
            if editor.isAncestorOf(new):
                self._last_editor = editor
                return

    def _on_changed(self, changes: Changes) -> None:
        """Another's change (a sync, another view): re-read the header and side column;
        the answer editors, the cursor and both scroll positions stay as they are."""
        if changes.initiator is self or not self.isVisible() or self.prefill is None:
            return
        if changes.touches("followups", "signals", "meetings", "roster"):
            was = self.prefill.header.status
            self.refresh_side()
            moved = self.prefill.header.rescheduled_to_id if self.prefill else None
            if moved and was in (PLANNED, IN_PROGRESS):
                self._follow_reschedule()
                return
        if changes.touches("notes") and self.prefill is not None:
            self._take_notes_from_elsewhere()

    def _take_notes_from_elsewhere(self) -> None:
        """The notes as a sync left them: an answer the rep is not in shows the words
        that came; the one they are in keeps theirs and says both versions are kept."""
        meeting_id, locked = self.meeting_id, self.prefill.header.locked
        ok, notes = self.state.ops.read(
            lambda store: notes_for_meeting(store, meeting_id), on_error=self._show_error
        )
        if not ok:
            return
        stored = {note.id: NoteView.of(note) for note in notes}
        for editor in self.editors:
            if editor.note_id in stored:
                editor.changed_elsewhere(stored[editor.note_id], locked)

    def _follow_reschedule(self) -> None:
        """The meeting being written in was rescheduled on another device: what was
        written here moves with it, and the screen goes on in the meeting it now is, at
        the same answer and cursor (else the next words would go to the old one)."""
        place = self.place()
        if place is None or not self.flush():
            return  # the reason is shown; the words stay here
        ok, target = self._change(lambda service: service.follow_reschedule(place.meeting_id))
        if not ok or target is None or not self.load(target):
            return
        self.restore(replace(place, meeting_id=target))
        self.state.hub.status_message.emit(
            f"Rescheduled on another device to {_day(self.prefill.header.planned_for)}: "
            "your notes moved with it"
        )

    def refresh_side(self, keep_error: bool = False) -> None:
        """Re-read the meeting and rebuild the header and the side column (not the editors),
        keeping the scroll positions and the focus."""
        focus = QtWidgets.QApplication.focusWidget()
        bars = [s.verticalScrollBar() for s in (self.main_scroll, self.side_scroll)]
        positions = [bar.value() for bar in bars]
        try:
            self.prefill = self.service.prefill(self.meeting_id)
        except StoreError as exc:
            self._show_error(str(exc))
            return
        if not keep_error:
            self.error.hide()
        self._fill_header()
        self._fill_side(self.prefill)
        self._apply_privacy(self.state.privacy)
        for bar, position in zip(bars, positions, strict=True):
            bar.setValue(position)
        if focus is not None and self.isAncestorOf(focus) and focus.isVisible():
            focus.setFocus()

    def _apply_privacy(self, hidden: bool) -> None:
        for label, shown, covered in self._private_main + self._private_side:
            label.setText(covered if hidden else shown)
            if isinstance(label, ElidedLabel):
                label.setToolTip("" if hidden else shown)

    def _watch(self, on: bool) -> None:
        """Follow the focus (for the current note) and tick the section budgets, or stop."""
        if on == self._watching:
            return
        self._watching = on
        app = QtWidgets.QApplication.instance()
        if on:
            self._timer.start()
            app.focusChanged.connect(self._on_focus_changed)
            return
        self._timer.stop()
        if app is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._on_focus_changed)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.flush()
        self._watch(False)
        super().closeEvent(event)
