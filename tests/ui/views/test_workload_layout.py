"""The Team workload table on a 1280x720 screen at 150% (853x480 logical): no sideways
scrolling, and each rep's balance words ("24% over") show whole beside a shorter bar."""

from __future__ import annotations

from partnerdesk.core.demo import load_demo
from partnerdesk.ui.geometry import fitted
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.views.workload import BAR_MIN, BalanceBarDelegate, WorkloadModel


def test_the_balance_words_show_whole_on_a_small_screen(qtbot, main_window, store):
    load_demo(store)
    main_window.state.ops.announce(Changes.everything())
    main_window.setGeometry(fitted(QtCore.QRect(0, 0, 853, 480)))
    view = main_window.show_view("managers")
    view.tabs.setCurrentWidget(view.workload)
    table = view.workload.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0 and table.isVisible())
    QtCore.QCoreApplication.processEvents()
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= table.viewport().width()
    metrics = table.fontMetrics()
    for row in range(table.model().rowCount()):
        index = table.model().index(row, WorkloadModel.BALANCE)
        words = index.data()
        bar, text = BalanceBarDelegate.split(
            table.visualRect(index), metrics.horizontalAdvance(words)
        )
        assert text.width() >= metrics.horizontalAdvance(words), words
        assert bar.width() >= BAR_MIN and bar.right() < text.left()


def test_a_wide_cell_gives_the_bar_its_full_share():
    bar, text = BalanceBarDelegate.split(QtCore.QRect(0, 0, 416, 38), 60)
    assert bar.width() == int(400 * 0.55)
    assert text.left() > bar.right() and text.right() == 407
