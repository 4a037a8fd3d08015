"""The Today view: the user's day at a glance, as a column of stacked sections.

Each section is a :class:`~partnerdesk.ui.views.today_section.TodaySection`; add one
with ``self.add_section(MySection(state))`` in ``__init__`` and it is refreshed with
the view. What the view shows is also kept, encrypted, when the store closes, and
shown at the next start until the store is open (``core/store/snapshot.py``).
"""

from __future__ import annotations

from typing import Any

from partnerdesk.core import clock, daytext
from partnerdesk.ui.navigation import Navigate
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.base import EmptyState, View, heading
from partnerdesk.ui.views.today_insights import (
    EngagementSection,
    OpenSignalsSection,
    RecurringThemesSection,
)
from partnerdesk.ui.views.today_schedule import ScheduleSection
from partnerdesk.ui.views.today_section import TodaySection


class TodayView(View):
    """Sidebar view: Today (schedule first; other sections stack below)."""

    title = "Today"
    concerns = (
        "meetings", "roster", "signals", "notes", "followups", "settings", "engagement",
    )  # fmt: skip

    def __init__(self, state, parent=None) -> None:
        super().__init__(state, parent)
        self.sections: list[TodaySection] = []
        self.date = QtWidgets.QLabel()
        self.date.setObjectName("emptyBody")
        content = QtWidgets.QWidget()
        self.column = QtWidgets.QVBoxLayout(content)
        self.column.setContentsMargins(24, 20, 24, 16)
        self.column.setSpacing(18)
        self.column.addWidget(heading(self.title))
        self.column.addWidget(self.date)
        self.column.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Tab goes to its lists
        self.empty = EmptyState(
            "Your day at a glance",
            "Managers due for a meeting this month, overdue and never-met managers will appear "
            "here once the roster is imported.",
            "Import the roster…",
            self.import_roster,
        )
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(scroll)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.schedule = self.add_section(ScheduleSection(state))
        self.add_section(RecurringThemesSection(state))
        self.add_section(OpenSignalsSection(state))
        self.add_section(EngagementSection(state))

    def import_roster(self) -> None:
        """The empty state's next step: the roster import, from the Managers view."""
        self.state.navigate(Navigate("import"))

    def add_section(self, section: TodaySection) -> TodaySection:
        """Stack a section below the others (above the closing stretch)."""
        if not section.key or section.key in {s.key for s in self.sections}:
            raise ValueError(f"a Today section needs a key of its own, not {section.key!r}")
        self.column.insertWidget(self.column.count() - 1, section)
        self.sections.append(section)
        return section

    def refresh(self) -> None:
        store = self.state.store
        if store is not None:
            self.display(self.present(store))

    #: The shape of what ``present`` returns, as the Today snapshot keeps it.
    LAYOUT = "today-1"

    def present(self, store) -> dict[str, Any]:
        """Everything the view shows this month, read from the store, as plain texts and
        values (what depends on the day is worked out in ``display``)."""
        from partnerdesk.core.schedule import count_active_managers

        has_managers = count_active_managers(store) > 0
        return {
            "sections": {s.key: s.present(s.load(store)) for s in self.sections if has_managers}
        }

    def display(self, shown: dict[str, Any]) -> None:
        """Show what ``present`` made (now, or this month: the Today snapshot)."""
        sections = shown["sections"]
        self.pages.setCurrentIndex(1 if sections else 0)
        self.date.setText(daytext.long_weekday(clock.today()))
        for section in self.sections:
            if section.key in sections:
                section.display(sections[section.key])
