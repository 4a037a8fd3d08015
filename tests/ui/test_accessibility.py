"""Every control of every view has an accessible name and description, for screen readers."""

from __future__ import annotations

import pytest

from partnerdesk.ui.accessibility import INTERACTIVE
from partnerdesk.ui.main_window import VIEWS
from partnerdesk.ui.qt import QtGui, QtWidgets

Text = QtGui.QAccessible.Text


def unnamed(root: QtWidgets.QWidget) -> list[str]:
    """The interactive widgets under ``root`` a screen reader could not name or describe."""
    missing = []
    for widget in root.findChildren(QtWidgets.QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QtWidgets.QScrollBar):
            continue
        if type(widget).__name__.startswith("QCalendar") or widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (calendar popups, scroll area corners)
        face = QtGui.QAccessible.queryAccessibleInterface(widget)
        name, description = face.text(Text.Name), face.text(Text.Description)
        if not name.strip() or not description.strip():
            label = widget.objectName() or type(widget).__name__
            missing.append(f"{label} ({'no name' if not name.strip() else 'no description'})")
    return missing


@pytest.mark.parametrize("key", [key for key, *_rest in VIEWS])
def test_every_control_of_a_view_is_named_and_described(main_window, key):
    view = main_window.show_view(key)
    assert unnamed(view) == []


def test_the_meeting_screen_is_named_and_described(main_window, store):
    from datetime import date

    from partnerdesk.core.meetings import MeetingService
    from tests.core.meetings.data import published_org

    org = published_org(store)
    meeting_id = MeetingService(store).plan(org.cs_manager, date(2026, 5, 12))
    view = main_window.open_meeting(meeting_id)
    assert unnamed(view) == []
