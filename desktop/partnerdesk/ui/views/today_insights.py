"""Today's insight sections: recurring themes, open signals and engagement.

"Recurring themes" lists tags raised by at least N managers of one department this
quarter (N is ``Settings.recurring_theme_managers``); Enter or a double click searches
for the theme. "Open signals" counts open early warnings by department and kind, with
the oldest one's age; Enter opens the Signals view on that department. "Engagement"
shows each department's latest survey result against the period before (groups under
five respondents never count towards a score).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from partnerdesk.core import clock
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.today_section import VALUE_ROLE, LineModel, TodaySection

if TYPE_CHECKING:
    from partnerdesk.core.engagement import DepartmentEngagement
    from partnerdesk.core.signals import SignalCount
    from partnerdesk.core.themes import Theme


def open_signal_groups(counts: list[SignalCount]) -> tuple[list[list], int]:
    """One group per department, most open signals first: [department, the kinds in
    words, the oldest one's day (ISO), how many are high]; and the number of open signals."""
    from partnerdesk.core.signals import KIND_LABELS

    groups: dict[str, list[SignalCount]] = {}
    for count in counts:
        groups.setdefault(count.department, []).append(count)
    sizes = {department: sum(c.count for c in kinds) for department, kinds in groups.items()}
    found = []
    for department, kinds in sorted(groups.items(), key=lambda g: (-sizes[g[0]], g[0])):
        words = ", ".join(
            f"{KIND_LABELS[c.kind].lower()} ×{c.count}"
            if c.count > 1
            else KIND_LABELS[c.kind].lower()
            for c in sorted(kinds, key=lambda c: (-c.count, c.kind))
        )
        oldest = clock.local_day(min(c.oldest for c in kinds)).isoformat()
        found.append([department, words, oldest, sum(c.high for c in kinds)])
    return found, sum(sizes.values())


def signal_lines(groups: list[list], today: date) -> list[tuple[str, str, object]]:
    """The groups' lines as of ``today`` (the oldest signal's age in days)."""
    lines = []
    for department, words, oldest, high in groups:
        age = (today - date.fromisoformat(oldest)).days
        urgent = f" · {high} high" if high else ""
        text = f"{department or 'No department'}: {words} (oldest {age} days{urgent})"
        lines.append((text, "Enter opens these signals", department))
    return lines


class _ListSection(TodaySection):
    """A Today section showing a short list that acts on Enter or double click."""

    empty_text = ""

    def __init__(self, state, title: str) -> None:
        super().__init__(state, title)
        self.model = LineModel(self)
        self.list = QtWidgets.QListView()
        self.list.setModel(self.model)
        self.list.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(True)  # one-line rows: no size hint asked per row
        self.list.activated.connect(self._activated)
        self.empty = QtWidgets.QLabel(self.empty_text)
        self.empty.setObjectName("emptyBody")
        self.empty.setWordWrap(True)
        self.body.addWidget(self.list)
        self.body.addWidget(self.empty)

    def display(self, shown: dict[str, Any]) -> None:
        self.subtitle.setText(shown["subtitle"])
        rows = shown["rows"]
        self.model.set_rows(rows)
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        line = self.list.sizeHintForRow(0) if rows else 0
        self.list.setFixedHeight(len(rows) * (line + 4) + 6)

    def _activated(self, index: QtCore.QModelIndex) -> None:
        value = index.data(VALUE_ROLE)
        self.act(value)

    def act(self, value: object) -> None:
        """What activating a line does (a navigation request)."""


class RecurringThemesSection(_ListSection):
    """Themes raised by several managers of one department this quarter."""

    key = "themes"
    empty_text = (
        "No recurring theme yet. Tag notes and signals (e.g. #product-knowledge); a tag "
        "raised by several managers of one department shows up here."
    )

    def __init__(self, state) -> None:
        super().__init__(state, "Recurring themes")

    def load(self, store) -> tuple[int, list[Theme]]:
        from partnerdesk.core.themes import Period, recurring_themes

        needed = self.state.settings.recurring_theme_managers
        return needed, recurring_themes(store, Period.quarter_of(clock.today()), needed)

    #: Today is the day at a glance: the most widely raised themes, not all of them.
    SHOWN = 12

    def present(self, data: tuple[int, list[Theme]]) -> dict[str, Any]:
        needed, themes = data
        subtitle = (
            f"Tags raised by {needed} or more managers of one department this quarter — "
            "worth one fix (training, headcount) rather than many conversations."
            + (
                f" The {self.SHOWN} most widely raised of {len(themes)}; the quarterly "
                "summary's CSV export (Reports) lists them all."
                if len(themes) > self.SHOWN
                else ""
            )
        )
        rows = [(t.text, self._tip(t), t.tag) for t in themes[: self.SHOWN]]
        return {"subtitle": subtitle, "rows": rows}

    @staticmethod
    def _tip(theme: Theme) -> str:
        return f"#{theme.tag}: {theme.mentions} mentions. Enter searches for it."

    def act(self, value: object) -> None:
        self.navigate(Navigate("search", str(value).replace("-", " ")))


class OpenSignalsSection(_ListSection):
    """Open early warnings counted by department and kind."""

    key = "signals"
    empty_text = "No open signals. Flags raised in meetings (Alt+1…6) show up here."

    def __init__(self, state) -> None:
        super().__init__(state, "Open signals")

    def load(self, store) -> list[SignalCount]:
        from partnerdesk.core.signals import count_open_signals

        return count_open_signals(store)

    def present(self, data: list[SignalCount]) -> dict[str, Any]:
        groups, total = open_signal_groups(data)
        subtitle = f"{total} open, by department; oldest first in the Signals view."
        return {"subtitle": subtitle if total else "", "groups": groups}

    def display(self, shown: dict[str, Any]) -> None:
        lines = signal_lines(shown["groups"], clock.today())
        super().display({"subtitle": shown["subtitle"], "rows": lines})

    def act(self, value: object) -> None:
        self.navigate(Navigate("department", "" if value is None else str(value)))


def engagement_lines(rows: list[DepartmentEngagement]) -> list[tuple[str, str, object]]:
    """One line per department: latest result, the change since the period before."""
    lines = []
    for row in rows:
        trend = f", {row.change_text} since {row.previous_period}" if row.change_text else ""
        few = f" · {row.teams_too_few} with too few responses" if row.teams_too_few else ""
        text = f"{row.department}: {row.score_text} in {row.period}{trend}"
        tip = f"{row.teams} teams{few}; Enter opens the Reports view"
        lines.append((text, tip, row.department))
    return lines


class EngagementSection(_ListSection):
    """Engagement by department, with the change since the period before."""

    key = "engagement"
    empty_text = (
        "No engagement results yet. Import your survey tool's export (CSV or Excel): "
        "File › Import engagement results…"
    )

    def __init__(self, state) -> None:
        super().__init__(state, "Engagement")

    def load(self, store) -> list[DepartmentEngagement]:
        from partnerdesk.core.engagement import departments

        return departments(store)

    def present(self, data: list[DepartmentEngagement]) -> dict[str, Any]:
        subtitle = (
            "Each department's latest survey result and its change; teams with fewer than "
            "five respondents never count towards a score."
        )
        return {"subtitle": subtitle if data else "", "rows": engagement_lines(data)}

    def act(self, value: object) -> None:
        self.navigate(Navigate("view", "reports"))
