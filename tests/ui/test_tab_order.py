"""Tab starts where the eye starts: from the sidebar, the first Tab lands on a view's
primary control, and Tab then walks the view top to bottom, left to right."""

from __future__ import annotations

from itertools import pairwise

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

Name = QtGui.QAccessible.Text.Name


def accessible_name(widget: QtWidgets.QWidget) -> str:
    """What a screen reader announces for ``widget``."""
    return QtGui.QAccessible.queryAccessibleInterface(widget).text(Name)


def walk(qtbot, steps: int) -> list[QtWidgets.QWidget]:
    """The widgets Tab reaches, ``steps`` presses from where the focus is."""
    reached = []
    for _ in range(steps):
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), QtCore.Qt.Key.Key_Tab)
        reached.append(QtWidgets.QApplication.focusWidget())
    return reached


@pytest.fixture
def demo_window(qtbot, main_window, store):
    """The main window on the demo company, active (keys go to it)."""
    from partnerdesk.ui.ops import Changes

    load_demo(store)
    main_window.state.ops.announce(Changes.everything())
    with qtbot.waitActive(main_window, timeout=20_000):
        main_window.activateWindow()
    return main_window


def from_sidebar(qtbot, window, key: str, steps: int) -> list[QtWidgets.QWidget]:
    window.show_view(key)
    window.sidebar.setFocus()
    return walk(qtbot, steps)


def test_today_starts_at_the_first_due_manager(qtbot, demo_window):
    first = from_sidebar(qtbot, demo_window, "today", 1)[0]
    assert isinstance(first, QtWidgets.QListView)
    assert demo_window.view("today").schedule.isAncestorOf(first)
    assert first.model().rowCount() > 0
    assert first.currentIndex().row() == 0  # the first manager, Enter opens the meeting


@pytest.mark.parametrize("key", ["managers", "meetings"])
def test_the_filter_field_then_the_filters_then_the_table(qtbot, demo_window, key):
    view = demo_window.view(key)
    reached = from_sidebar(qtbot, demo_window, key, 6)
    assert reached[0] is view.search
    assert accessible_name(reached[0]).startswith("Filter by")
    before_table = reached[: reached.index(view.table)]
    table_top = view.table.mapTo(view, QtCore.QPoint(0, 0)).y()
    # the filter row above the table
    assert all(w.mapTo(view, QtCore.QPoint(0, 0)).y() < table_top for w in before_table)
    # the filter row, left to right (and on to its next line where it wraps when narrow)
    for first, second in pairwise(before_table):
        a, b = (w.mapTo(view, QtCore.QPoint(0, 0)) for w in (first, second))
        assert b.x() > a.x() or b.y() >= a.y() + first.height(), (first, second)


def test_followups_filters_then_the_table(qtbot, demo_window):
    view = demo_window.view("followups")
    reached = from_sidebar(qtbot, demo_window, "followups", 4)
    assert reached[0] is view.slices.checkedButton() or reached[0] in view.slices.buttons()
    assert reached[1:] == [view.manager_box, view.owner_box, view.filter_edit][: len(reached) - 1]
    assert view.table in walk(qtbot, 2)


def test_signals_filters_left_to_right_then_the_table(qtbot, demo_window):
    view = demo_window.view("signals")
    reached = from_sidebar(qtbot, demo_window, "signals", 4)
    assert reached == [view.status_box, view.department_box, view.kind_box, view.table]
    assert view.tab_chain[-2:] == [view.new_button, view.new_case_button]


@pytest.mark.parametrize(
    "key", ["today", "managers", "meetings", "followups", "signals", "agenda", "reports", "sync"]
)
def test_tab_walks_down_the_page_and_back_to_the_sidebar(qtbot, demo_window, key):
    view = demo_window.show_view(key)
    demo_window.sidebar.setFocus()
    chain = view.tab_chain
    assert chain, key
    reached = walk(qtbot, len(chain))
    visited = [w for w in reached if view.isAncestorOf(w)]
    # each control once, in the view's chain (date edits take Tab inside them, once per part)
    assert [w for i, w in enumerate(visited) if w not in visited[:i]] == [
        w for w in chain if w.isEnabled() and w in visited
    ]
    primary = view.primary()
    assert primary is None or chain[0] is primary


def test_reading_order_rows_left_to_right_and_a_panel_after_its_table(qtbot):
    from partnerdesk.ui.tab_order import arrange

    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    add = QtWidgets.QPushButton("New…")
    search, kind = QtWidgets.QLineEdit(), QtWidgets.QComboBox()
    table = QtWidgets.QTableWidget(3, 2)
    panel = QtWidgets.QWidget()
    title, open_button = QtWidgets.QLineEdit(), QtWidgets.QPushButton("Open")
    date, plan = QtWidgets.QDateEdit(), QtWidgets.QPushButton("Plan")
    rows = QtWidgets.QVBoxLayout(panel)
    rows.addWidget(title)
    rows.addWidget(open_button)
    pair = QtWidgets.QHBoxLayout()
    pair.addWidget(date)
    pair.addWidget(plan)
    rows.addLayout(pair)
    layout = QtWidgets.QGridLayout(page)
    # built in a muddled order: the reading order comes from where they show
    layout.addWidget(panel, 2, 1)
    layout.addWidget(table, 2, 0)
    layout.addWidget(kind, 1, 1)
    layout.addWidget(search, 1, 0)
    layout.addWidget(add, 0, 1)
    page.resize(640, 400)
    page.show()
    qtbot.waitExposed(page)
    chain = arrange(page, primary=search)
    assert chain == [search, kind, table, title, open_button, date, plan, add]
    assert not table.tabKeyNavigation()  # Tab leaves the table; arrows move inside it
    walked = [search]
    for _ in chain[1:]:
        walked.append(walked[-1].nextInFocusChain())
        while walked[-1] not in chain:  # a date edit's own field, a table's viewport
            walked[-1] = walked[-1].nextInFocusChain()
    assert walked == chain


def test_the_meeting_screen_starts_at_the_first_unanswered_answer(qtbot, demo_window, store):
    """A meeting to hold now (any day: a held meeting's notes may be locked by then)."""
    from sqlalchemy import select

    from partnerdesk.core.meetings import MeetingService
    from partnerdesk.core.store.models import Manager

    with store.session() as session:
        manager_id = session.scalars(
            select(Manager.id).where(Manager.deleted.is_(False)).order_by(Manager.name)
        ).first()
    demo_window.show_view("meetings")
    view = demo_window.open_meeting(MeetingService(store).open_or_plan(manager_id))
    editable = [e for e in view.editors if not e.edit.isReadOnly()]
    first = next(e for e in editable if not e.text().strip())
    assert QtWidgets.QApplication.focusWidget() is first.edit
