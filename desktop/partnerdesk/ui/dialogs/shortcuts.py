"""The keyboard shortcut sheet (F1 or Ctrl+/): every key the app answers to, by place.

The sheet is collected from the code: the main window's menu actions (views, lock,
privacy screen, settings ...) are read from the live menus, and the meeting screen's
keys from the constants its modules define. ``shortcuts_markdown`` renders the same
table for ``docs/shortcuts.md``.
"""

from __future__ import annotations

from partnerdesk.core.followups import DUE_PICKS
from partnerdesk.ui.dialogs.buttons import dialog_buttons
from partnerdesk.ui.geometry import sized_for_screen
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

Section = tuple[str, list[tuple[str, str]]]
PORTABLE = QtGui.QKeySequence.SequenceFormat.PortableText
NATIVE = QtGui.QKeySequence.SequenceFormat.NativeText


def _plain(text: str) -> str:
    """A menu text without its mnemonic markers ("&&" is a literal ampersand)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _menu_rows(menu_bar: QtWidgets.QMenuBar) -> list[Section]:
    """One section per menu: (keys, action text) of every action that has shortcuts."""
    sections: list[Section] = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        rows = []
        for action in menu.actions():
            keys = [k.toString(PORTABLE) for k in action.shortcuts() if not k.isEmpty()]
            if keys:
                text = _plain(action.text())
                rows.append((" or ".join(keys), text))
        if rows:
            sections.append((f"{_plain(top.text())} menu (anywhere)", rows))
    return sections


def meeting_rows() -> list[Section]:
    """The meeting screen's keys, from the modules that install them."""
    from partnerdesk.ui.meeting_shortcuts import shortcut_help
    from partnerdesk.ui.views.meeting import ACTIONS, NEXT_ITEM, PARK, PREVIOUS_ITEM
    from partnerdesk.ui.widgets.note_editor import VISIBILITY_SHORTCUT

    during = [
        (NEXT_ITEM, "Next agenda item"),
        (PREVIOUS_ITEM, "Previous agenda item"),
        (PARK, "Park an off-agenda topic (parking lot)"),
        *shortcut_help(),
        (VISIBILITY_SHORTCUT, "Switch the note: private ⇄ team (exec only from its chip, asked)"),
        ("Esc", "Leave the meeting screen (notes are already saved)"),
    ]
    actions = [
        (keys, f"{label.rstrip('…')} — {tip[0].lower()}{tip[1:]}")
        for _n, label, keys, tip in ACTIONS
    ]
    return [("Meeting screen: taking notes", during), ("Meeting screen: the meeting", actions)]


def other_rows() -> list[Section]:
    """Keys of single views and dialogs (each works while that view or dialog is shown)."""
    return [
        (
            "Today and Meetings",
            [
                ("Return", "Open the selected manager's or meeting's meeting screen"),
                ("Ctrl+F", "Meetings: filter the list"),
            ],
        ),
        (
            "Managers",
            [
                ("Ctrl+F", "Filter managers by name, email, department or title"),
                ("Ctrl+Return", "Open the selected manager's meeting"),
                ("Ctrl+Shift+P", "Plan a meeting with the selected manager"),
                ("Ctrl+I", "Import a roster (CSV from the HRIS)"),
                ("Ctrl+Shift+A", "Propose an assignment of reps to managers"),
            ],
        ),
        (
            "Follow-ups",
            [
                ("Ctrl+D", "Mark the selected follow-ups done"),
                ("Ctrl+Shift+Backspace", "Drop the selected follow-ups"),
                ("Ctrl+R", "Reopen the selected follow-ups"),
                ("Return", "Edit the selected follow-up"),
                ("Ctrl+N", "New follow-up outside a meeting (pick the manager)"),
            ],
        ),
        (
            "Signals & cases",
            [
                ("Ctrl+N", "New signal"),
                ("Ctrl+E", "Edit the selected signal"),
                ("Ctrl+Shift+R", "Resolve or close (or reopen) the selected signal or case"),
            ],
        ),
        (
            "Agenda",
            [
                ("Ctrl+Shift+M", "Start a new month's agenda"),
                ("Ctrl+Shift+I", "Add an item"),
                ("Alt+Up", "Move the selected item up"),
                ("Alt+Down", "Move the selected item down"),
            ],
        ),
        ("Reports", [("Ctrl+Shift+E", "Export the summary as PDF")]),
        (
            "New follow-up dialog",
            [
                *((f"Alt+{n}", f"Due: {label}") for n, (_key, label) in enumerate(DUE_PICKS, 1)),
                ("Return", "Save the follow-up"),
            ],
        ),
    ]


def shortcut_sections(window: QtWidgets.QMainWindow | None = None) -> list[Section]:
    """Every shortcut, grouped by where it works (menus come from ``window``, if given)."""
    menus = _menu_rows(window.menuBar()) if window is not None else []
    return menus + meeting_rows() + other_rows()


def shortcuts_markdown(sections: list[Section]) -> str:
    """The shortcut sheet as Markdown tables (what ``docs/shortcuts.md`` holds)."""
    lines = [
        "# Keyboard shortcuts",
        "",
        "Press **F1** (or **Ctrl+/**) in Partner Desk to see this sheet. On macOS, Ctrl is ⌘.",
        "",
    ]
    for title, rows in sections:
        lines += [f"## {title}", "", "| Keys | What it does |", "|---|---|"]
        lines += [f"| {keys} | {what} |" for keys, what in rows]
        lines.append("")
    return "\n".join(lines)


class ShortcutsDialog(QtWidgets.QDialog):
    """A searchable table of every shortcut, grouped by where it works."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        sized_for_screen(self, 640, 620)
        window = parent if isinstance(parent, QtWidgets.QMainWindow) else None
        self.sections = shortcut_sections(window)
        layout = QtWidgets.QVBoxLayout(self)
        self.filter = QtWidgets.QLineEdit()
        self.filter.setPlaceholderText("Type to filter, e.g. follow-up or Ctrl+Shift")
        self.filter.setClearButtonEnabled(True)
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setHeaderLabels(["Keys", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for title, rows in self.sections:
            group = QtWidgets.QTreeWidgetItem([title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            for keys, what in rows:
                native = QtGui.QKeySequence(keys).toString(NATIVE) or keys
                group.addChild(QtWidgets.QTreeWidgetItem([native, what]))
            group.setExpanded(True)
            group.setFirstColumnSpanned(True)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        buttons = dialog_buttons(self, None, cancel="Close")
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.setFocus()

    def apply_filter(self, text: str) -> None:
        """Show only the shortcuts whose keys or description contain ``text``."""
        needle = text.strip().casefold()
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            shown = 0
            for row in range(group.childCount()):
                child = group.child(row)
                hit = not needle or any(needle in child.text(c).casefold() for c in (0, 1))
                child.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)

    def visible_rows(self) -> list[tuple[str, str]]:
        """(keys, description) of the rows the filter leaves visible."""
        out = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for row in range(group.childCount()):
                child = group.child(row)
                if not child.isHidden() and not group.isHidden():
                    out.append((child.text(0), child.text(1)))
        return out
