"""The Agenda view on a 1280x800 screen and on a 1280x720 screen at 150% (853x480
logical): the outline shows every question whole (wrapped, never cut), the middle shows
the first question rather than an empty pane, and on the small screen the detail and the
prompt library share one pane as tabs so nothing scrolls sideways."""

from __future__ import annotations

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.ui.geometry import fitted
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets


@pytest.fixture
def demo_window(main_window, store):
    load_demo(store)
    main_window.state.ops.announce(Changes.everything())
    return main_window


def agenda_on(qtbot, window, width: int, height: int):
    window.setGeometry(fitted(QtCore.QRect(0, 0, width, height)))
    view = window.show_view("agenda")
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() > 0)
    QtCore.QCoreApplication.processEvents()
    view.tree.doItemsLayout()
    return view


def rows(tree: QtWidgets.QTreeWidget) -> list[QtWidgets.QTreeWidgetItem]:
    found = []
    for index in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(index)
        found.append(section)
        found += [section.child(i) for i in range(section.childCount())]
    return found


def assert_questions_whole(tree: QtWidgets.QTreeWidget) -> None:
    for row in rows(tree):
        rect = tree.visualItemRect(row)
        text_width = rect.width() - 8
        needed = QtGui.QFontMetrics(row.font(0)).boundingRect(
            QtCore.QRect(0, 0, text_width, 10_000),
            int(QtCore.Qt.TextFlag.TextWordWrap),
            row.text(0),
        )
        assert rect.height() >= needed.height(), f"cut: {row.text(0)!r}"
        assert needed.width() <= text_width, f"wider than the outline: {row.text(0)!r}"


def test_on_a_small_screen_at_150_the_outline_keeps_its_width_and_the_detail_shares_a_tab(
    qtbot, demo_window
):
    view = agenda_on(qtbot, demo_window, 853, 480)
    assert view.narrow
    assert view.work_tabs.isVisible() and view.work_tabs.indexOf(view.library_pane) >= 0
    assert view.tree.width() >= 0.4 * view.splitter.width()
    assert_questions_whole(view.tree)
    assert view.detail.currentIndex() == 2  # the first question, not an empty middle
    scroll = view.detail.currentWidget()
    assert scroll.widget().width() <= scroll.viewport().width()  # nothing sideways
    view.work_tabs.setCurrentWidget(view.library_pane)
    view.library_list.setCurrentRow(0)
    view.insert_library_prompt()
    assert view.work_tabs.currentWidget() is view.detail  # shows where the prompt went
    view.save_now()


def test_on_a_1280x800_screen_three_panes_side_by_side_and_back_again(qtbot, demo_window):
    view = agenda_on(qtbot, demo_window, 853, 480)
    assert view.narrow
    view = agenda_on(qtbot, demo_window, 1280, 800)
    assert not view.narrow and not view.work_tabs.isVisible()
    outline, detail, library = view.tree.parentWidget(), view.detail, view.library_pane
    assert outline.isVisible() and detail.isVisible() and library.isVisible()
    assert outline.x() < detail.x() < library.x()
    assert outline.width() >= library.width()
    assert_questions_whole(view.tree)
    assert view.detail.currentIndex() == 2
