"""The meeting screen's team box, cases and person timelines; Today's engagement section."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from partnerdesk.core.cases import get_case, list_cases, story
from partnerdesk.core.engagement import import_results
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.signals import SignalSpec, get_signal, raise_signal
from partnerdesk.core.store.models import Manager
from partnerdesk.ui.dialogs.meeting_actions import ReasonDialog
from partnerdesk.ui.dialogs.person_timeline import PersonTimelineDialog
from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.meeting import HIDDEN_TEXT, MeetingView
from partnerdesk.ui.views.today_insights import EngagementSection
from tests.core.lifecycle.org import (
    ANNA,
    BORIS,
    HIDDEN_SCORE,
    engagement_csv,
    import_both,
    pinned,  # noqa: F401 - fixture
)


@pytest.fixture
def team(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    import_results(store, engagement_csv(tmp_path))
    with store.session() as session:
        ids = dict(session.execute(select(Manager.email, Manager.id)).all())
    service = MeetingService(store)
    november = service.plan(ids[ANNA], date(2026, 11, 2))
    MeetingService(store).hold(november, datetime(2026, 11, 2, 10))
    return ids, service.plan(ids[ANNA], date(2026, 12, 1))


def _open(qtbot, app_state, meeting_id) -> MeetingView:
    view = MeetingView(app_state, meeting_id)
    qtbot.addWidget(view)
    view.resize(1300, 850)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_team_box_and_cases(qtbot, app_state, store, team, monkeypatch):
    _ids, december = team
    view = _open(qtbot, app_state, december)
    assert view.team_box.isVisible()
    assert view.team_title.text() == "The team since the last meeting"
    text = view.team_text.text()
    assert "Mina Park joined on 16 Nov: what does Mina still need to be productive?" in text
    assert "What did we learn from Lea's exit" in text
    assert "Engagement fell from 80% to 70%" in text
    assert "2026-Q4: 70%, -10 pts since 2026-Q3, 90% responded" in view.engagement_text.text()
    assert view.cases_title.text() == "Cases (2)"
    app_state.set_privacy(True)
    assert view.team_text.text() == HIDDEN_TEXT
    app_state.set_privacy(False)
    exit_case = next(c for c in list_cases(store) if c.kind == "exit")
    row = next(r for r in view._case_rows if r.case_id == exit_case.id)
    monkeypatch.setattr(
        ReasonDialog, "get_reason", classmethod(lambda cls, *a: ("Backfill approved", True))
    )
    row.buttons.findChild(QtWidgets.QToolButton, "caseClose").click()
    closed = get_case(store, exit_case.id)
    assert (closed.status, closed.closed_meeting_id) == ("closed", december)
    assert story(store, exit_case.id)[-1].meeting_id == december
    qtbot.waitUntil(lambda: view.cases_title.text() == "Cases (1)")


def test_a_flag_in_the_meeting_becomes_a_case(qtbot, app_state, store, team, monkeypatch):
    from partnerdesk.ui.dialogs.case import CaseDialog

    ids, december = team
    flag = raise_signal(
        store, SignalSpec("performance", manager_id=ids[ANNA], person="Omar", summary="Late")
    )
    view = _open(qtbot, app_state, december)
    monkeypatch.setattr(CaseDialog, "exec", lambda _d: QtWidgets.QDialog.DialogCode.Accepted)
    row = next(r for r in view._signal_rows if r.signal_id == flag.id)
    row.buttons.findChild(QtWidgets.QToolButton, "signalToCase").click()
    assert get_signal(store, flag.id).status == "resolved"
    case = next(c for c in list_cases(store) if c.person == "Omar")
    assert case.kind == "performance"
    assert story(store, case.id)[-1].meeting_id == december
    qtbot.waitUntil(lambda: view.cases_title.text() == "Cases (3)")


def test_small_groups_show_no_score_in_the_meeting(qtbot, app_state, store, team):
    ids, _december = team
    boris = MeetingService(store).plan(ids[BORIS], date(2026, 12, 2))
    view = _open(qtbot, app_state, boris)
    assert "too few responses" in view.engagement_text.text()
    shown = "\n".join(label.text() for label in view.findChildren(QtWidgets.QLabel))
    assert f"{HIDDEN_SCORE}%" not in shown and "Engagement fell" not in shown


def test_person_timeline_for_a_team_and_a_search(qtbot, app_state, store, team):
    dialog = PersonTimelineDialog(app_state, manager_email=ANNA, manager_name="Anna Berg")
    qtbot.addWidget(dialog)
    names = [p.name for p in dialog.people]
    assert names == ["Lea Moreau", "Mina Park", "Omar Said", "Tariq Aziz"]
    dialog.list.setCurrentRow(names.index("Lea Moreau"))
    entries = [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]
    assert entries == ["16 Nov 2026  ·  Left", "16 Nov 2026  ·  Exit/offboarding case opened"]
    assert dialog.list.item(0).text() == "Lea Moreau  ·  left"
    search = PersonTimelineDialog(app_state, query="omar")
    qtbot.addWidget(search)
    assert [p.name for p in search.people] == ["Omar Said"]
    assert "Moved team: Marketing → Sales" in search.timeline.item(0).text()
    app_state.set_privacy(True)
    search._refill()
    assert search.list.item(0).text() == "•••" and search.name.text() == "•••"


def test_today_shows_engagement_by_department(qtbot, app_state, store, team):
    section = EngagementSection(app_state)
    qtbot.addWidget(section)
    section.display(section.present(section.load(store)))
    lines = [section.model.rows[i][0] for i in range(len(section.model.rows))]
    assert lines == [
        "Marketing: too few responses in 2026-Q4",
        "Sales: 70% in 2026-Q4, -10 pts since 2026-Q3",
    ]
    assert HIDDEN_SCORE not in " ".join(lines)
