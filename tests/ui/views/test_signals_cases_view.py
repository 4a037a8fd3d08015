"""Signals & cases: one list and view for both; a flag becomes a case; a case's checklist,
notes, timeline and closing, driven by clicks and keys and checked against the store."""

from __future__ import annotations

from partnerdesk.core.cases import CaseSpec, get_case, open_case, story
from partnerdesk.core.signals import SignalSpec, get_signal, raise_signal
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.views.signals import SignalModel, SignalsView
from tests.core.notes.data import add_manager


def _show(qtbot, view):
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is view)
    return view


def _kinds(view) -> list[str]:
    return [view.proxy.index(r, SignalModel.KIND).data() for r in range(view.proxy.rowCount())]


def test_signals_and_cases_share_one_list(qtbot, app_state, store, qtmodeltester):
    ana = add_manager(store, "Ana Ruiz", "Customer Success")
    raise_signal(store, SignalSpec("flight_risk", manager_id=ana.id, summary="Offer elsewhere"))
    case_id = open_case(
        store, CaseSpec("exit", manager_id=ana.id, person="Lea Moreau", summary="Exit of Lea")
    )
    view = _show(qtbot, SignalsView(app_state))
    qtmodeltester.check(view.model)
    assert _kinds(view) == ["Flight risk", "Exit/offboarding case"]
    assert view.count.text() == "1 signal, 1 case"
    view.kind_box.setCurrentIndex(view.kind_box.findData("cases"))
    assert _kinds(view) == ["Exit/offboarding case"]
    assert view.details.currentWidget() is view.case_detail
    detail = view.case_detail
    assert detail.row.id == case_id and detail.notes_title.text() == "Exit interview notes"
    detail.checks["exit_interview"].click()
    assert get_case(store, case_id).checklist["exit_interview"] is True
    detail.notes.setPlainText("Left for a shorter commute.")
    detail.notes_button.click()
    assert get_case(store, case_id).notes == "Left for a shorter commute."
    qtbot.keyClicks(detail.update_edit, "Handover agreed with Omar")
    qtbot.keyClick(detail.update_edit, QtCore.Qt.Key.Key_Return)
    qtbot.keyClick(
        view.table,
        QtCore.Qt.Key.Key_R,
        QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier,
    )
    assert get_case(store, case_id).status == "closed"
    assert [e.status for e in story(store, case_id)] == ["open", "open", "closed"]
    assert view.model.rowCount() == 0  # closed cases leave the open list
    app_state.set_privacy(True)


def test_a_flag_becomes_a_case(qtbot, app_state, store, monkeypatch):
    from partnerdesk.ui.dialogs.case import CaseDialog

    ana = add_manager(store, "Ana Ruiz", "Customer Success")
    flag = raise_signal(
        store, SignalSpec("performance", manager_id=ana.id, person="Omar", summary="Late twice")
    )

    def pick(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("performance"))
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(CaseDialog, "exec", pick)
    view = _show(qtbot, SignalsView(app_state))
    assert view.detail.row.id == flag.id
    view.detail.case_button.click()
    assert get_signal(store, flag.id).status == "resolved"
    assert view.details.currentWidget() is view.case_detail
    case = view.case_detail.row
    assert (case.kind, case.person, case.summary) == ("performance", "Omar", "Late twice")
    assert view.case_detail.timeline.count() == 3  # the flag's story, then the case's
    assert _kinds(view) == ["Performance case"]


def test_new_case_from_the_view(qtbot, app_state, store, monkeypatch):
    from partnerdesk.ui.dialogs.case import CaseDialog

    ana = add_manager(store, "Ana Ruiz", "Customer Success")

    def fill(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("review"))
        dialog.manager.setCurrentIndex(dialog.manager.findData(ana.id))
        dialog.person.setText("Tariq Aziz")
        dialog.summary.setText("Promotion to senior")
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(CaseDialog, "exec", fill)
    view = _show(qtbot, SignalsView(app_state))
    view.new_case_button.click()
    case = view.case_detail.row
    assert (case.kind, case.person, case.manager_name) == ("review", "Tariq Aziz", "Ana Ruiz")
    assert case.due_date is not None
