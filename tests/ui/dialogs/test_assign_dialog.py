"""The assignment dialog: strategies, the diff, the department map, applying from the view."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnerdesk.core.assign import load_maps
from partnerdesk.core.store.models import Manager
from partnerdesk.ui.dialogs.assign import BALANCED, AssignmentDialog, ProposalModel
from partnerdesk.ui.qt import QtCore, QtWidgets
from tests.core.roster.org import add_team, load_northwind


@pytest.fixture
def team(store):
    load_northwind(store)
    return add_team(store)


@pytest.fixture
def dialog(qtbot, app_state, team):
    widget = AssignmentDialog(app_state)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def moves(dialog) -> dict[str, tuple[str, str]]:
    model = dialog.model
    return {
        model.index(r, ProposalModel.MANAGER).data(): (
            model.index(r, ProposalModel.FROM).data(),
            model.index(r, ProposalModel.TO).data(),
        )
        for r in range(model.rowCount())
    }


def test_proposal_model(qtmodeltester, dialog):
    qtmodeltester.check(dialog.model)


def test_blended_by_default_with_the_department_map(dialog):
    assert dialog.strategy.currentData() == "blended"
    assert len(moves(dialog)) == 7
    assert moves(dialog)["Maya Chen"] == ("unassigned", "→ Vera Lind")
    assert "7 managers would move" in dialog.summary.text()
    assert dialog.map_panel.isVisible()
    assert set(dialog.chosen_map()) == {"Customer Success", "Engineering", "Executive", "Sales"}
    assert set(dialog.chosen_map().values()) == {None}
    assert dialog.map_table.cellWidget(0, 1).currentText() == BALANCED


def test_department_map_changes_the_proposal(dialog, team):
    dialog.set_map_rep("Engineering", team["rick"])
    assert moves(dialog)["Aisha Bello"] == ("unassigned", "→ Rick Tan")
    dialog.set_map_rep("Engineering", team["terry"])
    assert moves(dialog)["Aisha Bello"] == ("unassigned", "→ Terry Lane")


def test_strategies_without_a_map_hide_it(dialog):
    dialog.strategy.setCurrentIndex(dialog.strategy.findData("tier"))
    assert not dialog.map_panel.isVisible()
    dialog.strategy.setCurrentIndex(dialog.strategy.findData("region"))
    assert dialog.map_panel.isVisible()
    assert "EMEA" in dialog.chosen_map()


def test_applying_from_the_managers_view(qtbot, app_state, team, monkeypatch):
    from partnerdesk.ui.views.managers import ManagersView

    view = ManagersView(app_state)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)

    def run(dialog):
        dialog.set_map_rep("Sales", team["rick"])
        qtbot.mouseClick(dialog.apply_button, QtCore.Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(AssignmentDialog, "exec", run)
    qtbot.mouseClick(view.assign_button, QtCore.Qt.MouseButton.LeftButton)
    with app_state.store.session() as session:
        reps = dict(session.execute(select(Manager.email, Manager.rep_id)).all())
    assert reps["tom.becker@northwind.example"] == team["rick"]
    assert None not in reps.values()
    assert load_maps(app_state.store)["department"]["Sales"] == team["rick"]
    assert "unassigned" not in {view.model.rows[r].rep for r in range(7)}


def test_cancel_changes_nothing(qtbot, app_state, team, monkeypatch):
    monkeypatch.setattr(
        AssignmentDialog, "exec", lambda dialog: QtWidgets.QDialog.DialogCode.Rejected
    )
    proposal, ok = AssignmentDialog.get_proposal(None, app_state)
    assert not ok and proposal is not None
    with app_state.store.session() as session:
        assert set(session.scalars(select(Manager.rep_id))) == {None}


def test_a_failed_preview_is_one_sentence_and_nothing_to_apply(dialog, store, monkeypatch):
    from partnerdesk.ui.dialogs import assign as assign_module
    from tests.helpers import locked

    warnings = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    with store.session() as s:
        before = dict(s.execute(select(Manager.id, Manager.rep_id)).all())
    monkeypatch.setattr(assign_module, "propose_assignment", locked)
    dialog.strategy.setCurrentIndex(dialog.strategy.findData("tier"))
    assert dialog.summary.text().startswith("The database is busy")
    assert warnings == []  # shown once, where the preview would be
    assert dialog.proposal is None and dialog.model.rowCount() == 0
    assert not dialog.apply_button.isEnabled()
    with store.session() as s:
        assert dict(s.execute(select(Manager.id, Manager.rep_id)).all()) == before

    monkeypatch.undo()
    dialog.strategy.setCurrentIndex(dialog.strategy.findData("blended"))
    assert len(moves(dialog)) == 7 and dialog.apply_button.isEnabled()
