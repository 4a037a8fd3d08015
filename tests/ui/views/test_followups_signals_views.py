"""The Follow-ups and Signals views, driven by clicks and keys, checked against the store."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from partnerdesk.core import clock
from partnerdesk.core.followups import FollowUpFilter, FollowUpSpec, create_followup, list_followups
from partnerdesk.core.signals import SignalSpec, get_signal, raise_signal, story
from partnerdesk.core.store.models import Signal
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.followups import FollowUpModel, FollowUpsView
from partnerdesk.ui.views.signals import SignalModel, SignalsView
from tests.core.notes.data import add_manager


def _show(qtbot, view):
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is view)
    return view


@pytest.fixture
def followups(store):
    ana = add_manager(store, "Ana Ruiz", "Customer Success")
    bo = add_manager(store, "Bo Chen", "Engineering")
    today = clock.today()
    for text, due, manager, owner in (
        ("Late one", today - timedelta(days=5), ana, "me"),
        ("This week", today, bo, "manager"),
        ("Later", today + timedelta(days=30), bo, "me"),
    ):
        create_followup(
            store, FollowUpSpec(text, owner_kind=owner, due_date=due, manager_id=manager.id)
        )
    return ana, bo


def _texts(view) -> list[str]:
    return [view.proxy.index(r, FollowUpModel.TEXT).data() for r in range(view.proxy.rowCount())]


def test_followups_slices_filters_and_done(qtbot, app_state, store, followups, qtmodeltester):
    view = _show(qtbot, FollowUpsView(app_state))
    qtmodeltester.check(view.model)
    assert sorted(_texts(view)) == ["Late one", "Later", "This week"]
    assert view.slices.button(0).text() == "Overdue (1)"
    view.slices.button(0).click()
    assert _texts(view) == ["Late one"]
    view.slices.button(2).click()
    view.manager_box.setCurrentIndex(view.manager_box.findText("Bo Chen"))
    assert sorted(_texts(view)) == ["Later", "This week"]
    view.owner_box.setCurrentIndex(view.owner_box.findText("Bo Chen"))
    assert _texts(view) == ["This week"]
    # A click, as the rep selects (selectRow would read modifiers left by earlier tests).
    qtbot.mouseClick(
        view.table.viewport(),
        QtCore.Qt.MouseButton.LeftButton,
        pos=view.table.visualRect(view.proxy.index(0, 0)).center(),
    )
    qtbot.keyClick(view.table, QtCore.Qt.Key.Key_D, QtCore.Qt.KeyboardModifier.ControlModifier)
    (done,) = list_followups(store, FollowUpFilter(statuses=("done",)))
    assert done.text == "This week" and done.closed_at is not None
    view.slices.button(3).click()
    assert _texts(view) == ["This week"]


def test_followups_privacy_hides_text(qtbot, app_state, followups):
    view = _show(qtbot, FollowUpsView(app_state))
    app_state.set_privacy(True)
    assert set(_texts(view)) == {"•••"}
    app_state.set_privacy(False)
    assert "Later" in _texts(view)


def test_signals_view_case_end_to_end(qtbot, app_state, store, qtmodeltester):
    cs = add_manager(store, "Ana Ruiz", "Customer Success")
    eng = add_manager(store, "Bo Chen", "Engineering")
    ids = {}
    for name, kind, manager, opened in (
        ("eng-new", "training", eng, datetime(2026, 5, 1)),
        ("eng-old", "training", eng, datetime(2026, 3, 1)),
        ("cs", "performance", cs, datetime(2026, 4, 1)),
    ):
        signal = raise_signal(store, SignalSpec(kind, manager_id=manager.id, summary=name))
        with store.transaction() as session:
            session.get(Signal, signal.id).opened_at = opened
        ids[name] = signal.id
    view = _show(qtbot, SignalsView(app_state))
    qtmodeltester.check(view.model)
    order = [
        view.model.rows[view.proxy.mapToSource(view.proxy.index(r, 0)).row()].summary
        for r in range(view.proxy.rowCount())
    ]
    assert order == ["cs", "eng-old", "eng-new"]
    assert view.detail.row.id == ids["cs"] and view.detail.checklist.isVisibleTo(view)
    view.detail.checks["documentation_started"].click()
    assert get_signal(store, ids["cs"]).checklist["documentation_started"] is True
    qtbot.keyClicks(view.detail.update_edit, "Manager set clear goals")
    qtbot.keyClick(view.detail.update_edit, QtCore.Qt.Key.Key_Return)
    assert view.detail.timeline.count() == 2
    view.detail.resolve_button.click()
    assert get_signal(store, ids["cs"]).status == "resolved"
    assert [e.status for e in story(store, ids["cs"])] == ["open", "open", "resolved"]
    assert view.model.rowCount() == 2  # resolved ones leave the open list
    view.kind_box.setCurrentIndex(view.kind_box.findData("training"))
    view.department_box.setCurrentIndex(view.department_box.findData("Engineering"))
    assert [r.summary for r in view.model.rows] == ["eng-old", "eng-new"]
    app_state.set_privacy(True)
    assert "eng-old" not in view.detail.summary.text()
    assert view.model.index(0, SignalModel.KIND).data(QtCore.Qt.ItemDataRole.ToolTipRole) is None


def test_new_signal_from_the_view_names_its_manager(qtbot, app_state, store, monkeypatch):
    from partnerdesk.ui.dialogs.signal import SignalDialog

    manager = add_manager(store, "Ana Ruiz", "Customer Success")

    def fill(dialog):
        dialog.manager.setCurrentIndex(dialog.manager.findData(manager.id))
        dialog.kind.setCurrentIndex(dialog.kind.findData("headcount"))
        dialog.summary.setPlainText("Needs two more CSMs for the enterprise tier")
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(SignalDialog, "exec", fill)
    view = _show(qtbot, SignalsView(app_state))
    qtbot.keyClick(view, QtCore.Qt.Key.Key_N, QtCore.Qt.KeyboardModifier.ControlModifier)
    (row,) = view.model.rows
    assert (row.kind, row.manager_name, row.department) == (
        "headcount",
        "Ana Ruiz",
        "Customer Success",
    )
    assert view.detail.row.id == row.id


def test_new_followup_outside_a_meeting(qtbot, app_state, store, monkeypatch):
    from partnerdesk.ui.dialogs.followup import FollowUpDialog

    manager = add_manager(store, "Ana Ruiz", "Customer Success")

    def fill(dialog):
        dialog.text.setText("Share the hiring plan template")
        dialog.manager.setCurrentIndex(dialog.manager.findData(manager.id))
        assert dialog.owner_manager.isEnabled() and "Ana Ruiz" in dialog.owner_manager.text()
        dialog.owner_manager.setChecked(True)
        dialog.pick_buttons["end_of_month"].click()
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(FollowUpDialog, "exec", fill)
    view = _show(qtbot, FollowUpsView(app_state))
    qtbot.keyClick(view, QtCore.Qt.Key.Key_N, QtCore.Qt.KeyboardModifier.ControlModifier)
    (row,) = list_followups(store)
    assert (row.text, row.manager_name, row.owner_label) == (
        "Share the hiring plan template",
        "Ana Ruiz",
        "Ana Ruiz",
    )
    assert row.due_date is not None and row.due_date.day >= 28
    assert _texts(view) == ["Share the hiring plan template"]


def test_followups_owner_column_says_me_only_for_my_own(qtbot, app_state, store):
    from tests.core.notes.data import add_rep

    ana = add_manager(store, "Ana Ruiz", "Customer Success")
    sam = add_rep(store, "Sam Second", "sam@example.com")
    app_state.me_rep_id = add_rep(store, "Rita Rep", "rita@example.com").id
    create_followup(store, FollowUpSpec("Theirs", manager_id=ana.id, rep_id=sam.id))
    create_followup(store, FollowUpSpec("Mine", manager_id=ana.id, rep_id=app_state.me_rep_id))
    view = _show(qtbot, FollowUpsView(app_state))
    owners = {
        view.proxy.index(r, FollowUpModel.TEXT).data(): view.proxy.index(
            r, FollowUpModel.OWNER
        ).data()
        for r in range(view.proxy.rowCount())
    }
    assert owners == {"Theirs": "Sam Second", "Mine": "Me"}


def test_followups_footer_counts_what_the_filter_shows(qtbot, app_state, followups):
    view = _show(qtbot, FollowUpsView(app_state))
    view.slices.button(2).click()
    total = view.count.text()
    assert total.startswith("3 follow-ups")
    view.filter_edit.setText("late")
    assert sorted(_texts(view)) == ["Late one", "Later"]
    assert view.count.text().startswith("2 of 3 follow-ups")
    view.filter_edit.clear()
    assert view.count.text() == total


def test_tables_fit_without_sideways_scrolling(qtbot, app_state, followups):
    view = _show(qtbot, FollowUpsView(app_state))
    view.resize(900, 600)
    qtbot.waitUntil(lambda: view.table.viewport().width() < 900)
    header = view.table.horizontalHeader()
    assert header.length() <= view.table.viewport().width() + 1
    assert view.table.horizontalScrollBarPolicy() == QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    widest = max(range(header.count()), key=header.sectionSize)
    assert widest == FollowUpModel.TEXT  # the text column has the room


def test_text_columns_share_the_room_by_weight():
    from partnerdesk.ui.widgets.tables import share

    # Enough room: each gets what it wants, and the spare is shared by weight.
    assert share(600, {1: 2, 2: 1}, {1: 100, 2: 50}) == {1: 400, 2: 200}
    # Too little: the short one gets what it wants, the long one the rest.
    assert share(300, {1: 3, 2: 1}, {1: 900, 2: 40}) == {1: 260, 2: 40}
