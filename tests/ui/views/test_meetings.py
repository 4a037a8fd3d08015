"""The Meetings list: model checked by qtmodeltester, filters, and opening a meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerdesk.core import clock
from partnerdesk.core.me import set_me
from partnerdesk.core.meetings import MeetingService
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.views.meetings import MeetingsModel, MeetingsView
from tests.core.meetings.data import make_org


@pytest.fixture
def planned(store):
    org = make_org(store)
    service = MeetingService(store)
    today = clock.today()
    ids = {
        "priya": service.plan(org.cs_manager, today + timedelta(days=3)),
        "marco": service.plan(org.eng_manager, today + timedelta(days=1)),
        "dana": service.plan(org.vp, today - timedelta(days=20)),
    }
    service.hold(ids["dana"])
    set_me(store, org.rep)
    return org, ids


def _names(view: MeetingsView) -> list[str]:
    proxy = view.proxy
    return [proxy.data(proxy.index(row, MeetingsModel.MANAGER)) for row in range(proxy.rowCount())]


def test_model_passes_qtmodeltester(qtmodeltester, planned, store):
    model = MeetingsModel()
    model.set_rows(MeetingService(store).list_meetings())
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_lists_upcoming_sorted_and_filters(qtbot, main_window, planned):
    main_window.state.me_rep_id = planned[0].rep
    view = main_window.show_view("meetings")
    assert _names(view) == ["Marco Rossi", "Priya Shah"]  # mine, upcoming, soonest first
    view.status_filter.setCurrentIndex(1)  # held
    assert view.stack.currentWidget() is view.empty  # Dana's meeting is the lead's
    view.mine_only.setChecked(False)
    assert _names(view) == ["Dana Lee"]
    view.status_filter.setCurrentIndex(2)  # all
    qtbot.keyClicks(view.search, "customer")
    assert _names(view) == ["Priya Shah"]


def test_enter_opens_the_meeting(qtbot, main_window, planned):
    _org, ids = planned
    main_window.state.me_rep_id = planned[0].rep
    view = main_window.show_view("meetings")
    view.table.setFocus()
    view.table.selectRow(0)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    qtbot.keyClick(view.table, QtCore.Qt.Key.Key_Return)
    screen = main_window.stack.currentWidget()
    assert getattr(screen, "meeting_id", None) == ids["marco"]
