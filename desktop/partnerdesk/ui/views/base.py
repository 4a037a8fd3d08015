"""The base of every sidebar view, and the calm empty state they show when there is no data."""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.ui import tab_order
from partnerdesk.ui.accessibility import describe
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState


def unbroken(text: str) -> str:
    """``text`` that never breaks across lines ("14 Dec 2026", "team of 3", "follow-up"
    stay whole: no-break spaces and hyphens; "Alt+1…6" too: word joiners round the "…")."""
    return text.replace(" ", "\u00a0").replace("-", "\u2011").replace("…", "\u2060…\u2060")


def phrases(parts: list[str]) -> str:
    """Non-empty ``parts`` joined by " · ", each whole: a wrapped line breaks only between
    them, and the dot stays with the phrase before it."""
    return "\u00a0·  ".join(unbroken(p) for p in parts if p)


def scale_font(widget: QtWidgets.QWidget, factor: float, bold: bool = False) -> None:
    """Make a widget's text larger (set in code: style-sheet fonts break word-wrap sizing)."""
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)


def heading(text: str, factor: float = 1.6) -> QtWidgets.QLabel:
    """A view or section heading label."""
    label = QtWidgets.QLabel(text)
    label.setObjectName("viewTitle" if factor >= 1.5 else "sectionTitle")
    scale_font(label, factor, bold=True)
    return label


class EmptyState(QtWidgets.QWidget):
    """A centred message saying what will appear here and what to do next."""

    def __init__(
        self,
        title: str,
        message: str,
        action: str | None = None,
        on_action: Callable[[], None] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addStretch(1)
        heading = QtWidgets.QLabel(title)
        heading.setObjectName("emptyTitle")
        heading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        scale_font(heading, 1.5, bold=True)
        body = QtWidgets.QLabel(message)
        body.setObjectName("emptyBody")
        body.setWordWrap(True)
        body.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        scale_font(body, 1.1)
        body.setFixedWidth(520)
        layout.addWidget(heading)
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(body)
        row.addStretch(1)
        layout.addLayout(row)
        self.button: QtWidgets.QPushButton | None = None
        if action and on_action:
            self.button = QtWidgets.QPushButton(action)
            self.button.clicked.connect(on_action)
            layout.addWidget(self.button, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class View(QtWidgets.QWidget):
    """A sidebar view: built lazily, refreshed when shown and when the data it shows changes.

    A change the view made itself (its initiator) does not refresh it: the view already
    shows it. A refresh keeps the selection and scroll position (each view's ``refresh``
    refills its model in place)."""

    title = ""
    #: Emitted after the view (re)chained its controls for Tab, on each show.
    tabs_arranged = QtCore.Signal()
    #: The kinds of :class:`Changes` that make this view refresh (field names).
    concerns: tuple[str, ...] = ()

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        #: The view's controls in Tab order, from its primary one (set when shown).
        self.tab_chain: list[QtWidgets.QWidget] = []
        state.hub.changed.connect(self._on_changed)

    def primary(self) -> QtWidgets.QWidget | None:
        """Where the eye starts, and so the first Tab (None: the top left control)."""
        return None

    def refresh(self) -> None:
        """Reload what the view shows from the store."""

    def _on_changed(self, changes: Changes) -> None:
        if changes.initiator is self or not changes.touches(*self.concerns):
            return
        if self.isVisible():
            self.refresh()
            self.arrange_tabs()  # what shows may have changed (an empty state, a list)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()
        describe(self)  # names for screen readers (what was built meanwhile, too)
        self.arrange_tabs()

    def arrange_tabs(self) -> None:
        """Chain the view's controls for Tab, from its primary one, as they show now."""
        self.tab_chain = tab_order.arrange(self, self.primary())
        self.tabs_arranged.emit()
