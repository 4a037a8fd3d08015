"""A table with no rows says what would be there; with rows it is a plain table."""

from __future__ import annotations

from partnerdesk.ui.qt import QtGui, QtWidgets
from partnerdesk.ui.widgets.tables import SayingTable


def inked_pixels(table: SayingTable) -> int:
    """Pixels across the middle of the table that are not its background."""
    image = table.viewport().grab().toImage()
    background = image.pixel(2, 2)
    middle = image.height() // 2
    return sum(
        image.pixel(x, y) != background
        for y in range(middle - 10, middle + 10)
        for x in range(image.width())
    )


def test_an_empty_table_says_what_would_be_there(qtbot):
    model = QtGui.QStandardItemModel(0, 2)
    table = SayingTable("No one is asking to join.")
    table.setModel(model)
    qtbot.addWidget(table)
    table.resize(400, 200)
    table.show()
    qtbot.waitExposed(table)
    assert table.is_empty() and inked_pixels(table) > 20
    model.appendRow([QtGui.QStandardItem("dana"), QtGui.QStandardItem("laptop")])
    assert not table.is_empty() and inked_pixels(table) == 0


def test_the_team_view_tables_that_can_be_empty_say_so(qtbot, app_state):
    from partnerdesk.ui.views.sync import TeamSyncView

    view = TeamSyncView(app_state)
    qtbot.addWidget(view)
    for table in (view.requests, view.conflicts, view.problems):
        assert isinstance(table, SayingTable) and table.empty_text.startswith("No ")
    assert isinstance(view.requests, QtWidgets.QTableView)
