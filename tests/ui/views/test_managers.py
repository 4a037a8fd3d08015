"""The Managers view driven like a user: filter, sort, reassign, cadence, plan, open, workload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from partnerdesk.core import clock
from partnerdesk.core.assign import reassign
from partnerdesk.core.me import set_me
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.schedule import month_from
from partnerdesk.core.store.models import Manager, Meeting
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.manager_models import ID_ROLE, ManagersModel
from partnerdesk.ui.views.managers import ManagersView
from tests.core.roster.org import add_team, load_northwind

AISHA = "aisha.bello@northwind.example"


@pytest.fixture
def org(store):
    ids = load_northwind(store)
    team = add_team(store)
    reassign(store, ids[AISHA], team["terry"])
    reassign(store, ids["tom.becker@northwind.example"], team["terry"])
    reassign(store, ids["maya.chen@northwind.example"], team["vera"])
    set_me(store, team["terry"])
    return ids, team


@pytest.fixture
def view(qtbot, app_state, org):
    app_state.me_rep_id = app_state.load_me()
    widget = ManagersView(app_state)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def names(view) -> list[str]:
    return [
        view.proxy.index(row, ManagersModel.NAME).data() for row in range(view.proxy.rowCount())
    ]


def pick(qtbot, view, name: str) -> None:
    row = names(view).index(name)
    rect = view.table.visualRect(view.proxy.index(row, ManagersModel.NAME))
    qtbot.mouseClick(view.table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.card.name.text() == name


def stored(store, email: str) -> Manager:
    with store.session() as session:
        return session.scalars(select(Manager).where(Manager.email == email)).one()


def test_models_are_sound(qtmodeltester, view):
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    qtmodeltester.check(view.workload.model)


def test_lists_every_active_manager(view):
    assert view.model.rowCount() == 7
    assert names(view)[0] == "Aisha Bello"
    assert view.count.text() == "7 managers"
    row = names(view).index("Hannah Müller")
    rep = view.proxy.index(row, ManagersModel.REP).data()
    cadence = view.proxy.index(row, ManagersModel.CADENCE).data()
    assert (rep, cadence) == ("unassigned", "Quarterly · small team")


def test_filter_by_text_rep_and_status(qtbot, view):
    qtbot.keyClicks(view.search, "sales")
    assert set(names(view)) == {"Omar Haddad", "Tom Becker"}
    assert view.count.text() == "2 of 7"
    view.search.clear()
    view.rep_filter.setCurrentIndex(view.rep_filter.findText("My managers"))
    assert names(view) == ["Aisha Bello", "Tom Becker"]
    view.rep_filter.setCurrentIndex(view.rep_filter.findText("Unassigned"))
    assert len(names(view)) == 4
    view.rep_filter.setCurrentIndex(0)
    view.status_filter.setCurrentIndex(view.status_filter.findText("Never met"))
    assert len(names(view)) == 7
    view.status_filter.setCurrentIndex(view.status_filter.findText("Overdue"))
    assert names(view) == []


def test_ctrl_f_focuses_the_filter(qtbot, view):
    view.table.setFocus()
    qtbot.keyClick(view, QtCore.Qt.Key.Key_F, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_sort_by_team_size_and_tier(qtbot, view):
    header = view.table.horizontalHeader()
    team_x = header.sectionViewportPosition(ManagersModel.TEAM) + 5
    qtbot.mouseClick(
        header.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(team_x, 5)
    )
    sizes = [int(view.proxy.index(r, ManagersModel.TEAM).data()) for r in range(7)]
    assert sizes in (sorted(sizes), sorted(sizes, reverse=True))
    view.table.sortByColumn(ManagersModel.TIER, QtCore.Qt.SortOrder.AscendingOrder)
    assert names(view)[0] == "Maya Chen"  # Executive first
    assert view.proxy.index(6, ManagersModel.TIER).data() == "Manager"


def test_reassign_from_the_card_reaches_the_store(qtbot, view, app_state, org):
    _ids, team = org
    pick(qtbot, view, "Hannah Müller")
    with qtbot.waitSignal(app_state.hub.changed):
        view.card.rep.setCurrentIndex(view.card.rep.findData(team["rick"]))
    assert stored(app_state.store, "hannah.muller@northwind.example").rep_id == team["rick"]
    row = names(view).index("Hannah Müller")
    assert view.proxy.index(row, ManagersModel.REP).data() == "Rick Tan"
    assert view.card.name.text() == "Hannah Müller"  # selection kept across the refresh


def test_cadence_preference_from_the_card(qtbot, view, app_state):
    pick(qtbot, view, "Aisha Bello")
    assert view.card.cadence.currentText() == "Default rule (monthly)"
    view.card.cadence.setCurrentIndex(view.card.cadence.findData("quarterly"))
    assert stored(app_state.store, AISHA).cadence_pref == "quarterly"
    row = names(view).index("Aisha Bello")
    assert view.proxy.index(row, ManagersModel.CADENCE).data() == "Quarterly · asked"


def test_plan_a_meeting_with_the_keyboard(qtbot, view, app_state):
    pick(qtbot, view, "Aisha Bello")
    day = month_from() + timedelta(days=40)
    view.card.plan_date.setDate(QtCore.QDate(day.year, day.month, day.day))
    qtbot.keyClick(view.table, QtCore.Qt.Key.Key_P, QtCore.Qt.KeyboardModifier.ControlModifier
                   | QtCore.Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    with app_state.store.session() as session:
        meeting = session.scalars(select(Meeting)).one()
    assert meeting.planned_for == day
    assert meeting.rep_id == stored(app_state.store, AISHA).rep_id
    assert view.card.facts["next"].text() == f"{day.day} {day:%b %Y}"


def test_open_meeting_shows_the_meeting_screen(qtbot, main_window, org):
    view = main_window.show_view("managers")
    qtbot.waitUntil(lambda: view.model.rowCount() == 7)
    pick(qtbot, view, "Tom Becker")
    qtbot.keyClick(view.table, QtCore.Qt.Key.Key_Return, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert main_window.stack.currentWidget() is main_window._meeting_view
    with main_window.state.store.session() as session:
        meeting = session.scalars(select(Meeting)).one()
    assert meeting.manager_id == view.card.row.manager_id


def test_selection_id_role(view):
    view.select(view.model.rows[2].manager_id)
    assert view.selected_id() == view.model.rows[2].manager_id
    assert view.table.currentIndex().data(ID_ROLE) == view.model.rows[2].manager_id


def test_workload_tab(view, org):
    view.tabs.setCurrentIndex(1)
    rows = {r.name: r for r in view.workload.model.rows}
    assert rows["Terry Lane"].managers == 2 and rows["Terry Lane"].headcount == 5
    assert rows["Vera Lind"].headcount == 4
    assert "3 reps support 14 people" in view.workload.summary.text()
    assert "4 managers (5 people) have no rep yet" in view.workload.summary.text()


def test_empty_store_offers_the_import(qtbot, app_state):
    widget = ManagersView(app_state)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.pages.currentWidget() is widget.empty
    assert isinstance(widget.empty.button, QtWidgets.QPushButton)
    assert not widget.assign_button.isEnabled()


def test_add_and_edit_reps_from_the_workload_tab(qtbot, view, app_state, monkeypatch):
    from partnerdesk.core.reps import find_rep
    from partnerdesk.ui.dialogs.rep import RepDialog

    def add(dialog):
        qtbot.keyClicks(dialog.name, "Sam Ortega")
        qtbot.keyClicks(dialog.email, "sam@hr.example")
        dialog.capacity.setValue(60)
        dialog.timezone.setCurrentText("America/Sao_Paulo")
        qtbot.keyClicks(dialog.region, "South America")
        return QtWidgets.QDialog.DialogCode.Accepted

    view.tabs.setCurrentIndex(1)
    monkeypatch.setattr(RepDialog, "exec", add)
    qtbot.mouseClick(view.workload.add_button, QtCore.Qt.MouseButton.LeftButton)
    sam = find_rep(app_state.store, "sam@hr.example")
    assert (sam.capacity, sam.timezone, sam.region) == (0.6, "America/Sao_Paulo", "South America")
    assert "Sam Ortega" in {r.name for r in view.workload.model.rows}

    def edit(dialog):
        assert dialog.name.text() == "Sam Ortega"
        dialog.capacity.setValue(80)
        dialog.lead.setChecked(True)
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(RepDialog, "exec", edit)
    row = [r.name for r in view.workload.model.rows].index("Sam Ortega")
    proxy = view.workload.table.model()
    source = view.workload.model.index(row, 0)
    view.workload.table.setCurrentIndex(proxy.mapFromSource(source))
    qtbot.mouseClick(view.workload.edit_button, QtCore.Qt.MouseButton.LeftButton)
    sam = find_rep(app_state.store, "sam@hr.example")
    assert sam.capacity == 0.8 and sam.is_lead
    assert not find_rep(app_state.store, "vera@hr.example").is_lead


def test_invalid_rep_gets_a_clear_message_and_nothing_is_added(qtbot, view, app_state, monkeypatch):
    from partnerdesk.core.reps import list_reps
    from partnerdesk.ui.dialogs.rep import RepDialog

    def add(dialog):
        qtbot.keyClicks(dialog.name, "Sam")
        qtbot.keyClicks(dialog.email, "sam@hr")
        return QtWidgets.QDialog.DialogCode.Accepted

    warnings = []
    monkeypatch.setattr(RepDialog, "exec", add)
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    view.add_rep()
    assert warnings == ["'sam@hr' is not an email address."]
    assert len(list_reps(app_state.store)) == 3


def test_export_calendar(qtbot, view, app_state, org, tmp_path, monkeypatch):
    from icalendar import Calendar

    ids, _team = org
    service = MeetingService(app_state.store)
    service.plan(ids[AISHA], clock.month_start(month_from(), 1))  # Terry's (me)
    service.plan(ids["maya.chen@northwind.example"], clock.month_start(month_from(), 1))
    target = tmp_path / "mine.ics"
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getSaveFileName", lambda *args: (str(target), "*.ics")
    )
    qtbot.mouseClick(view.ics_button, QtCore.Qt.MouseButton.LeftButton)
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["People Partner 1:1 with Aisha Bello"]


def test_show_former_managers(qtbot, view, app_state):
    from partnerdesk.core.roster import import_roster
    from tests.core.roster.org import DATA

    import_roster(app_state.store, DATA / "employees_v2.csv")
    view.refresh()
    assert "Priya Nair" not in names(view)
    view.show_former.setChecked(True)
    row = names(view).index("Priya Nair")
    assert view.proxy.index(row, ManagersModel.STATUS).data() == "Left the roster"
    view.show_former.setChecked(False)
    assert "Priya Nair" not in names(view)
