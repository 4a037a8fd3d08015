"""At 1280 px wide (a 1280x720 screen) the Managers, Signals and Follow-ups tables fit
their view: no sideways scrolling, and the text columns that stay show their text whole
(the columns the panel beside a table repeats step aside first); on a narrow window
(1280x720 at 150%) those spare columns step aside and the rest still fits."""

from __future__ import annotations

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.ui.geometry import fitted
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.views.followups import FollowUpModel
from partnerdesk.ui.views.manager_models import ManagersModel
from partnerdesk.ui.views.signals import SignalModel

#: Columns whose text must show whole at 1280 px, by view.
WHOLE = {
    "managers": (ManagersModel.NAME, ManagersModel.STATUS, ManagersModel.REP),
    "signals": (SignalModel.KIND, SignalModel.SEVERITY),
    "followups": (0,),  # Due
}


@pytest.fixture
def demo_window(main_window, store):
    load_demo(store)
    main_window.state.ops.announce(Changes.everything())
    return main_window


def laid_out(qtbot, window, key: str, width: int, height: int, fit: bool = True):
    """The view ``key`` in the window fitted to a ``width`` x ``height`` screen (or, not
    ``fit``, that size itself)."""
    if fit:
        window.setGeometry(fitted(QtCore.QRect(0, 0, width, height)))
    else:
        window.resize(width, height)
    view = window.show_view(key)
    table = view.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    QtCore.QCoreApplication.processEvents()
    return table


def shown_columns(table) -> list[int]:
    header = table.horizontalHeader()
    return [c for c in range(header.count()) if not header.isSectionHidden(c)]


@pytest.mark.parametrize("key", ["managers", "signals", "followups"])
def test_no_sideways_scrolling_and_whole_text_at_1280(qtbot, demo_window, key):
    table = laid_out(qtbot, demo_window, key, 1280, 720)
    header = table.horizontalHeader()
    columns = shown_columns(table)
    assert sum(header.sectionSize(c) for c in columns) <= table.viewport().width()
    assert table.horizontalScrollBarPolicy() == QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for column in WHOLE[key]:
        assert column in columns
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), (
            f"{key}: column {column} is squeezed"
        )


def test_the_managers_table_keeps_name_status_rep_and_department_on_a_narrow_window(
    qtbot, demo_window
):
    table = laid_out(qtbot, demo_window, "managers", 853, 480)  # 1280x720 at 150%
    columns = shown_columns(table)
    for spared in (ManagersModel.NEXT, ManagersModel.CADENCE):
        assert spared not in columns  # the card beside the table shows them
    assert {ManagersModel.NAME, ManagersModel.STATUS, ManagersModel.REP} <= set(columns)
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in columns) <= table.viewport().width()
    # widened again, the spare columns come back
    table = laid_out(qtbot, demo_window, "managers", 2400, 1000, fit=False)
    assert ManagersModel.NEXT in shown_columns(table)


#: Columns whose text must show whole on a 1280x720 screen at 150% (853x480 logical).
WHOLE_AT_150 = {
    "managers": (ManagersModel.NAME, ManagersModel.REP),
    "signals": (SignalModel.SEVERITY,),
    "followups": (FollowUpModel.DUE, FollowUpModel.STATUS),
}


@pytest.mark.parametrize("key", ["managers", "signals", "followups"])
def test_at_150_the_spare_columns_step_aside_so_the_essential_ones_show_whole(
    qtbot, demo_window, key
):
    table = laid_out(qtbot, demo_window, key, 853, 480)
    header = table.horizontalHeader()
    columns = shown_columns(table)
    assert sum(header.sectionSize(c) for c in columns) <= table.viewport().width()
    for column in WHOLE_AT_150[key]:
        assert column in columns
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), (
            f"{key}: column {column} is squeezed"
        )
    # what the panel beside the table (or the manager's name) already says steps aside
    stepped_aside = {
        "managers": ManagersModel.DEPARTMENT,
        "signals": SignalModel.MANAGER,
        "followups": FollowUpModel.DEPARTMENT,
    }[key]
    assert stepped_aside not in columns


@pytest.mark.parametrize("key", ["managers", "signals", "followups", "meetings"])
def test_every_heading_says_itself_whole_in_its_tooltip(qtbot, demo_window, key):
    """A heading that elides at 150% ("Severity / …") still reads whole on hover."""
    model = laid_out(qtbot, demo_window, key, 1280, 720).model()
    tip = QtCore.Qt.ItemDataRole.ToolTipRole
    for column in range(model.columnCount()):
        heading = model.headerData(column, QtCore.Qt.Orientation.Horizontal)
        assert (
            heading and model.headerData(column, QtCore.Qt.Orientation.Horizontal, tip) == heading
        )
