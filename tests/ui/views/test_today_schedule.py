"""Today's schedule section: my overdue, due and never-met managers, and the cadence flag."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from partnerdesk.core import clock
from partnerdesk.core.assign import reassign
from partnerdesk.core.me import set_me
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.schedule import month_from
from partnerdesk.core.store.models import Meeting
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.views.today import TodayView
from tests.core.roster.org import add_team, load_northwind


def held(store, manager_id, months_ago: int) -> None:
    day = clock.month_start(month_from(), -months_ago).replace(day=10)
    meeting = MeetingService(store).plan(manager_id, day)
    MeetingService(store).hold(meeting, datetime(day.year, day.month, day.day, 9))


@pytest.fixture
def setup(store):
    ids = load_northwind(store)
    team = add_team(store)
    for email in ("aisha.bello@northwind.example", "tom.becker@northwind.example",
                  "maya.chen@northwind.example", "omar.haddad@northwind.example"):  # fmt: skip
        reassign(store, ids[email], team["terry"])
    held(store, ids["aisha.bello@northwind.example"], 1)  # monthly: due this month
    held(store, ids["maya.chen@northwind.example"], 2)  # monthly: overdue
    # Tom (team of 2, quarterly) and Omar never met; Omar's meeting moved twice this quarter.
    quarter = month_from().replace(month=3 * ((month_from().month - 1) // 3) + 1)
    first = MeetingService(store).plan(ids["omar.haddad@northwind.example"], quarter.replace(day=3))
    second = MeetingService(store).reschedule(first, quarter.replace(day=4))
    MeetingService(store).reschedule(second, clock.month_start(quarter, 2).replace(day=27))
    set_me(store, team["terry"])
    return ids, team


@pytest.fixture
def today(qtbot, app_state, setup):
    app_state.me_rep_id = app_state.load_me()
    view = TodayView(app_state)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def names(bucket) -> list[str]:
    """The managers' names on a bucket's lines (the first line, before any flag)."""
    return [text.split("\n")[0].split("   ⚑")[0] for text, _tip, _id in bucket.model.rows]


def test_buckets_for_me(today):
    section = today.schedule
    assert names(section.overdue) == ["Maya Chen"]
    assert names(section.due) == ["Aisha Bello"]
    assert names(section.never) == ["Omar Haddad", "Tom Becker"]
    assert section.overdue.label.text() == "Overdue (1)"
    assert "your managers" in section.subtitle.text()


def test_reschedule_flag_is_shown(today):
    section = today.schedule
    assert section.flagged.isVisibleTo(today)
    assert "Omar Haddad" in section.flagged.text()
    line = section.never.model.index(0).data()
    assert "⚑ re-evaluate cadence?" in line


def test_models(qtmodeltester, today):
    qtmodeltester.check(today.schedule.never.model)


def test_without_a_rep_it_shows_the_whole_team(qtbot, app_state, setup):
    app_state.me_rep_id = None
    view = TodayView(app_state)
    qtbot.addWidget(view)
    view.show()
    assert "whole team" in view.schedule.subtitle.text()
    assert "Hannah Müller" in names(view.schedule.never)


def test_enter_opens_the_meeting(qtbot, main_window, setup):
    main_window.state.me_rep_id = main_window.state.load_me()
    view = main_window.show_view("today")
    view.refresh()
    bucket = view.schedule.overdue
    bucket.view.setCurrentIndex(bucket.model.index(0))
    bucket.view.setFocus()
    qtbot.keyClick(bucket.view, QtCore.Qt.Key.Key_Return)
    assert main_window.stack.currentWidget() is main_window._meeting_view
    with main_window.state.store.session() as session:
        planned = session.scalars(select(Meeting).where(Meeting.status == "planned")).all()
    assert setup[0]["maya.chen@northwind.example"] in {m.manager_id for m in planned}


def test_empty_profile_shows_the_calm_empty_state(qtbot, app_state):
    view = TodayView(app_state)
    qtbot.addWidget(view)
    view.show()
    assert view.pages.currentWidget() is view.empty


def test_unassigned_managers_are_never_hidden_behind_everyone_met(qtbot, main_window):
    from unittest import mock

    from partnerdesk.ui.dialogs.assign import AssignmentDialog

    store = main_window.state.store
    ids = load_northwind(store)
    team = add_team(store)
    aisha = ids.pop("aisha.bello@northwind.example")
    reassign(store, aisha, team["terry"])
    meeting = MeetingService(store).plan(aisha, month_from())
    MeetingService(store).hold(meeting)  # met this month
    set_me(store, team["terry"])
    main_window.state.me_rep_id = main_window.state.load_me()
    view = main_window.show_view("today")
    view.refresh()
    section = view.schedule
    assert section.unassigned.isVisibleTo(view) and section.assign_button.isVisibleTo(view)
    assert section.unassigned.text().startswith("⚠ 6 managers have no rep yet")
    assert section.never.empty.text() == "Not known yet: 6 managers have no rep yet."
    assert section.due.empty.text() == "Not known yet: 6 managers have no rep yet."

    def choose(dialog):  # the rep presses Apply on the proposal
        dialog.strategy.setCurrentIndex(dialog.strategy.findData("blended"))
        return AssignmentDialog.DialogCode.Accepted

    with mock.patch.object(AssignmentDialog, "exec", choose):
        click = QtCore.Qt.MouseButton.LeftButton
        qtbot.mouseClick(section.assign_button, click)
    view = main_window.show_view("today")
    view.refresh()
    assert not section.unassigned.isVisibleTo(view)
    assert section.never.empty.text() == "You have met every manager at least once."


def test_the_empty_state_offers_the_roster_import(qtbot, main_window, monkeypatch):
    from partnerdesk.ui.dialogs.roster_import import RosterImportDialog

    asked = []
    monkeypatch.setattr(
        RosterImportDialog, "get_report", lambda *a: asked.append(1) or (None, False)
    )
    today = main_window.show_view("today")
    assert today.pages.currentWidget() is today.empty
    today.empty.button.click()
    assert asked and main_window.current_view_key() == "managers"


def test_each_manager_once_in_full_lists_with_whole_dates(qtbot, app_state, store, setup):
    ids, _team = setup
    aisha = ids["aisha.bello@northwind.example"]
    MeetingService(store).plan(aisha, month_from().replace(day=28))  # due, and planned this month
    app_state.me_rep_id = app_state.load_me()
    view = TodayView(app_state)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    section = view.schedule
    assert names(section.due) == ["Aisha Bello"]
    assert "Aisha Bello" not in names(section.coming)  # once, in the most urgent bucket
    (line,) = [text for text, _tip, _id in section.due.model.rows]
    assert "planned 28\u00a0" in line  # the date does not break across lines
    for bucket in section.buckets:  # the page scrolls, not the cards
        policy = bucket.view.verticalScrollBarPolicy()
        assert policy == QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        rows = bucket.model.rowCount()
        assert bucket.view.height() >= sum(bucket.view.sizeHintForRow(r) for r in range(rows))


def bucket_lines(qtbot, app_state, bucket: str) -> list[str]:
    """The lines of one of Today's buckets, once a new Today view has loaded them."""
    app_state.me_rep_id = app_state.load_me()
    view = TodayView(app_state)
    qtbot.addWidget(view)
    view.show()
    model = getattr(view.schedule, bucket).model
    qtbot.waitUntil(lambda: bool(model.rows))
    return [text for text, _tip, _id in model.rows]


def test_an_overdue_line_says_when_they_last_met_beside_the_planned_day(
    qtbot, app_state, store, setup
):
    """ "Overdue · planned 14 Dec" alone reads as a contradiction: the line says why."""
    ids, _team = setup
    maya = ids["maya.chen@northwind.example"]  # met two months ago, monthly: overdue
    planned = month_from().replace(day=27)
    MeetingService(store).plan(maya, planned)
    (line,) = bucket_lines(qtbot, app_state, "overdue")
    met = clock.month_start(month_from(), -2).replace(day=10)
    assert line.endswith(
        f"last met {met.day}\u00a0{met:%b}\u00a0{met.year} · planned 27\u00a0{planned:%b}"
        f"\u00a0{planned.year}"
    )


def test_a_due_manager_planned_after_this_month_says_so(qtbot, app_state, store, setup):
    """Due this month, but the meeting is planned for next month: the line says it will
    not happen this month."""
    ids, _team = setup
    aisha = ids["aisha.bello@northwind.example"]  # monthly, met last month: due now
    planned = clock.month_start(month_from(), 1).replace(day=5)
    MeetingService(store).plan(aisha, planned)
    (line,) = bucket_lines(qtbot, app_state, "due")
    assert line.endswith(f"planned 5\u00a0{planned:%b}\u00a0{planned.year}\u00a0(after this month)")
