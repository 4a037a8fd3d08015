"""The follow-up and signal dialogs: quick picks, owners, validation, the checklist."""

from __future__ import annotations

from datetime import date

from partnerdesk.core.followups import FollowUpSpec
from partnerdesk.core.signals import SignalSpec
from partnerdesk.ui.dialogs.followup import FollowUpDialog
from partnerdesk.ui.dialogs.signal import SignalDialog
from partnerdesk.ui.qt import QtWidgets
from tests.core.notes.data import add_manager, add_meeting

TODAY = date(2026, 5, 13)


def test_quick_picks_and_owner(qtbot, app_state, store):
    manager = add_manager(store, "Ana Ruiz")
    add_meeting(store, manager.id, date(2026, 6, 2))
    dialog = FollowUpDialog(
        app_state,
        spec=FollowUpSpec("", manager_id=manager.id),
        manager_name="Ana Ruiz",
        today=TODAY,
    )
    qtbot.addWidget(dialog)
    assert dialog.value().due_date == date(2026, 6, 2)  # next meeting by default
    assert "Tue 2 Jun" in dialog.pick_buttons["next_meeting"].text()
    dialog.pick_buttons["end_of_month"].click()
    assert dialog.value().due_date == date(2026, 5, 31)
    dialog.pick_buttons["one_week"].click()
    assert dialog.value().due_date == date(2026, 5, 20)
    dialog.no_date.setChecked(True)
    assert dialog.value().due_date is None
    qtbot.keyClicks(dialog.owner_name, "Payroll")
    assert (dialog.value().owner_kind, dialog.value().owner_name) == ("named", "Payroll")


def test_followup_dialog_refuses_empty_text(qtbot, app_state):
    dialog = FollowUpDialog(app_state, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Write what is to be done."
    dialog.text.setText("x")
    dialog.owner_named.setChecked(True)
    dialog.accept()
    assert "Name the person" in dialog.error.text()


def test_signal_dialog_checklist_only_for_performance(qtbot):
    dialog = SignalDialog(SignalSpec("training", summary="needs SQL #data"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.checklist_box.isHidden()
    dialog.kind.setCurrentIndex(dialog.kind.findData("performance"))
    assert not dialog.checklist_box.isHidden()
    dialog.checks["support_offered"].setChecked(True)
    dialog.has_review.setChecked(True)
    value = dialog.value()
    assert value.kind == "performance" and value.checklist["support_offered"]
    assert value.review_date is not None and value.severity == 2
    assert value.summary == "needs SQL #data"


def test_a_flag_dialog_typed_into_at_once_replaces_the_seeded_line(qtbot, app_state):
    """As in the follow-up dialog: the seeded line is selected, so typing replaces it
    (End keeps it), instead of gluing the words in front of it."""
    spec = SignalSpec("flight_risk", summary="Manager wants the career ladder")
    dialog = SignalDialog(spec, raised=True)
    followup = FollowUpDialog(app_state, spec=FollowUpSpec("Manager wants the career ladder"))
    for shown in (dialog, followup):
        qtbot.addWidget(shown)
        with qtbot.waitActive(shown):
            shown.show()
            shown.activateWindow()
        qtbot.keyClicks(QtWidgets.QApplication.focusWidget(), "Talks of leaving")
        shown.hide()
    assert dialog.summary.toPlainText() == "Talks of leaving"
    assert followup.text.text() == "Talks of leaving"
