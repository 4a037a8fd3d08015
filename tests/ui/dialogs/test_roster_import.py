"""The roster import dialog: file, column mapping, dry-run review, import off the GUI thread."""

from __future__ import annotations

from unittest import mock

import pytest
from sqlalchemy import func, select

from partnerdesk.core.store.models import Manager
from partnerdesk.ui.dialogs.roster_import import (
    COLUMNS_PAGE,
    FILE_PAGE,
    REVIEW_PAGE,
    RosterImportDialog,
)
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from tests.core.roster.org import DATA


@pytest.fixture
def dialog(qtbot, app_state):
    widget = RosterImportDialog(app_state)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def managers(store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Manager))


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


def read_file(qtbot, dialog, path) -> None:
    """Type the file's path and press Next: the file is read off the GUI thread."""
    qtbot.keyClicks(dialog.path, str(path))
    click(qtbot, dialog.next_button)
    assert dialog.busy  # the progress bar shows while the file is read
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)


def imports_plain_roster(qtbot):
    """A stand-in for the dialog's ``exec``: the rep imports employees_plain.csv through
    every step (file, columns, review, Import) and the dialog is accepted."""

    def run(dialog):
        dialog.path.setText(str(DATA / "employees_plain.csv"))
        dialog.next()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
        dialog.next()
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
        dialog.next()
        qtbot.waitUntil(lambda: dialog.result() == QtWidgets.QDialog.DialogCode.Accepted,
                        timeout=20000)  # fmt: skip
        return QtWidgets.QDialog.DialogCode.Accepted

    return run


def to_review(qtbot, dialog, name: str) -> None:
    read_file(qtbot, dialog, str(DATA / name))
    assert dialog.pages.currentIndex() == COLUMNS_PAGE
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)


def test_review_model(qtmodeltester, dialog, app_state):
    from partnerdesk.core.roster import import_roster

    dialog.review_model.set_report(
        import_roster(app_state.store, DATA / "employees_problems.csv", dry_run=True)
    )
    qtmodeltester.check(dialog.review_model)


def test_mapping_step_recognises_the_columns_and_shows_examples(qtbot, dialog):
    read_file(qtbot, dialog, str(DATA / "employees_utf16_excel.csv"))
    assert dialog.mapping_choice() == {
        "Employee ID": "employee_id",
        "Worker": "name",
        "Email - Primary Work": "email",
        "Business Title": "title",
        "Division": "department",
        "Location": "location",
        "Manager Employee ID": "manager_id",
    }
    assert "UTF-16, tab separated" in dialog.file_info.text()
    assert dialog.mapping.item(0, 1).text() == "E001 · E002 · E003"
    assert "employee export" in dialog.shape.text()


def test_dry_run_then_import(qtbot, dialog, app_state):
    to_review(qtbot, dialog, "employees_quirks.csv")
    assert "7 new, 0 changed, 0 unchanged, 0 leaving" in dialog.summary.text()
    assert dialog.review_model.rowCount() == 7
    assert managers(app_state.store) == 0  # the dry run wrote nothing
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        click(qtbot, dialog.next_button)
    assert dialog.report.applied
    assert managers(app_state.store) == 7


def test_the_import_cannot_be_cancelled_once_it_runs(qtbot, dialog, app_state):
    to_review(qtbot, dialog, "employees_quirks.csv")
    click(qtbot, dialog.next_button)  # Import: it commits, and its report is due
    assert dialog.busy and not dialog.cancel_button.isEnabled()
    qtbot.keyClick(dialog, QtCore.Qt.Key.Key_Escape)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result() == QtWidgets.QDialog.DialogCode.Accepted,
                    timeout=20000)  # fmt: skip
    assert dialog.report.applied and managers(app_state.store) == 7


def test_problem_rows_block_the_import_until_skipped(qtbot, dialog, app_state):
    to_review(qtbot, dialog, "employees_problems.csv")
    assert "5 problems" in dialog.summary.text()
    first = [dialog.review_model.index(0, c).data() for c in range(4)]
    assert first == ["Problem", "5", "Grace Kim", "missing email"]
    warning = [dialog.review_model.index(5, c).data() for c in range(4)]
    assert warning == ["Warning", "", "", (
        "line 11 (Zoe Lang): their manager's row cannot be used, so they are imported "
        "without a manager"
    )]  # fmt: skip
    assert "1 warning (listed below, after the problems)" in dialog.summary.text()
    assert not dialog.next_button.isEnabled()
    dialog.skip.setChecked(True)
    assert dialog.next_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        click(qtbot, dialog.next_button)
    assert managers(app_state.store) == 3


def test_unknown_headers_are_mapped_by_hand(qtbot, dialog, app_state):
    read_file(qtbot, dialog, str(DATA / "employees_custom_headers.csv"))
    assert "no column for email" in dialog.shape.text()
    assert not dialog.next_button.isEnabled()
    for header, field in {
        "Staff Ref": "employee_id",
        "Colleague": "name",
        "Login": "email",
        "Role Name": "title",
        "Org": "department",
        "Site": "location",
        "Boss Login": "manager_email",
    }.items():
        dialog.set_field(header, field)
    assert dialog.next_button.isEnabled()
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        click(qtbot, dialog.next_button)
    assert managers(app_state.store) == 7


def test_the_file_is_read_off_the_gui_thread_and_a_close_lets_it_go(qtbot, app_state):
    from partnerdesk.core.roster import csvfile

    dialog = RosterImportDialog(app_state)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.path, str(DATA / "employees_plain.csv"))
    click(qtbot, dialog.next_button)
    assert dialog.busy and dialog.progress.isVisible()
    assert dialog.activity.isVisible() and dialog.activity.text() == "Reading employees_plain.csv…"
    assert not dialog.back_button.isEnabled() and not dialog.next_button.isEnabled()
    assert dialog.path.isReadOnly() and not dialog.browse_button.isEnabled()  # one file
    click(qtbot, dialog.cancel_button)  # the rep gives up while the file is read
    qtbot.waitUntil(lambda: not app_state.ops.in_flight, timeout=20000)
    assert dialog.table is None and dialog.pages.currentIndex() == FILE_PAGE
    assert csvfile._last_read is None  # nothing of the file is kept


def test_bad_file_says_what_to_do_and_changes_nothing(qtbot, dialog, app_state, tmp_path):
    click(qtbot, dialog.next_button)
    assert dialog.error.text() == "Choose the CSV or Excel file first."
    read_file(qtbot, dialog, str(tmp_path / "missing.csv"))
    assert "no file" in dialog.error.text()
    assert dialog.pages.currentIndex() == FILE_PAGE
    assert managers(app_state.store) == 0


def test_back_returns_to_the_mapping(qtbot, dialog):
    to_review(qtbot, dialog, "managers_list.csv")
    assert "managers list" not in dialog.summary.text()
    click(qtbot, dialog.back_button)
    assert dialog.pages.currentIndex() == COLUMNS_PAGE
    assert "managers list" in dialog.shape.text()


def test_get_report_and_the_managers_view_refresh(qtbot, app_state):
    from partnerdesk.ui.views.managers import ManagersView

    view = ManagersView(app_state)
    qtbot.addWidget(view)
    view.show()

    run = imports_plain_roster(qtbot)

    with mock.patch.object(RosterImportDialog, "exec", run):
        click(qtbot, view.empty.button)
    assert view.model.rowCount() == 7
    assert view.pages.currentWidget() is view.tabs


def test_dropping_a_file_goes_to_the_mapping_step(qtbot, dialog):
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(DATA / "managers_list.csv"))])
    position = QtCore.QPointF(50, 50)
    actions = QtCore.Qt.DropAction.CopyAction
    buttons, modifiers = QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(position.toPoint(), actions, mime, buttons, modifiers)
    dialog.dragEnterEvent(enter)
    assert enter.isAccepted()
    dialog.dropEvent(QtGui.QDropEvent(position, actions, mime, buttons, modifiers))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert dialog.pages.currentIndex() == COLUMNS_PAGE
    assert "managers list" in dialog.shape.text()


def test_mass_leave_needs_the_confirmation_box(qtbot, dialog, app_state, tmp_path):
    from partnerdesk.core.roster import import_roster
    from tests.core.roster.test_import import GOOD_ORG, UNTERMINATED

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_ORG)
    bad.write_text(UNTERMINATED)
    import_roster(app_state.store, good)
    read_file(qtbot, dialog, str(bad))
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "unterminated quote" in dialog.review_model.index(0, 3).data()
    assert "3 of the 3 active managers would leave" in dialog.summary.text()
    assert "tick the box below" in dialog.summary.text()
    assert "--allow-mass-leave" not in dialog.summary.text()  # no command-line hint in the app
    dialog.skip.setChecked(True)
    assert dialog.mass_leave.isVisible() and not dialog.next_button.isEnabled()
    assert "3 managers really left" in dialog.mass_leave.text()
    dialog.mass_leave.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        click(qtbot, dialog.next_button)
    assert dialog.report.applied
    with app_state.store.session() as session:
        assert not session.scalar(select(func.count()).where(Manager.active.is_(True)))


def three_sheet_workbook(path):
    """A workbook: a cover page, the Gusto export, then a sheet of notes."""
    from openpyxl import Workbook

    from tests.core.roster.exports import BY_KEY

    vendor = BY_KEY["gusto"]
    book = Workbook()
    book.active.title = "Cover"
    book.active.append(["Exported from Gusto"])
    people = book.create_sheet("People")
    people.append(vendor.headers())
    for row in vendor.rows():
        people.append(row)
    notes = book.create_sheet("Notes")
    notes.append(["Note", "Added on"])
    notes.append(["Gusto export for the December review", "2026-12-01"])
    book.save(path)
    return path


def test_a_workbook_with_several_sheets_offers_the_sheet_picker(qtbot, dialog, tmp_path):
    path = three_sheet_workbook(tmp_path / "gusto.xlsx")
    read_file(qtbot, dialog, str(path))
    assert dialog.pages.currentIndex() == COLUMNS_PAGE
    assert dialog.sheet_row.isVisible()
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == [
        "Cover",
        "People",
        "Notes",
    ]
    assert dialog.sheet.currentText() == "People"  # the cover sheet is passed over
    dialog.sheet.setCurrentIndex(0)
    dialog.sheet.activated.emit(0)  # the cover: one title line, nobody under it
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "The sheet 'Cover' has a header row but nobody under it" in dialog.error.text()
    assert "choose another sheet" in dialog.error.text()
    assert dialog.sheet.currentText() == "People"  # still the sheet whose columns are shown
    dialog.sheet.setCurrentIndex(2)
    dialog.sheet.activated.emit(2)  # a sheet of notes: no roster columns
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "no column for email" in dialog.shape.text()
    assert "choose the sheet that holds the people" in dialog.shape.text()
    assert "Read as" in dialog.shape.text() and "--map" not in dialog.shape.text()
    dialog.sheet.setCurrentIndex(1)
    dialog.sheet.activated.emit(1)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert "XLSX workbook, sheet 'People'" in dialog.file_info.text()
    assert dialog.shape.text().startswith("Looks like a Gusto export.")
    assert dialog.next_button.isEnabled()
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "11 staff (1 on leave), 3 leavers (not staff)" in dialog.summary.text()
    assert "5 new" in dialog.summary.text()


def test_two_columns_read_as_one_field_is_fixed_in_the_mapping_step(qtbot, dialog):
    read_file(qtbot, dialog, str(DATA / "employees_plain.csv"))
    dialog.set_field("Department", "email")
    assert "Two columns are read as work email" in dialog.shape.text()
    assert not dialog.next_button.isEnabled()
    dialog.set_field("Department", "department")
    assert dialog.next_button.isEnabled()


def test_a_confirmed_mapping_makes_next_months_import_one_step(qtbot, app_state):
    first = RosterImportDialog(app_state)
    qtbot.addWidget(first)
    first.show()
    read_file(qtbot, first, str(DATA / "employees_custom_headers.csv"))
    for header, field in {
        "Staff Ref": "employee_id", "Colleague": "name", "Login": "email",
        "Boss Login": "manager_email",
    }.items():  # fmt: skip
        first.set_field(header, field)
    click(qtbot, first.next_button)
    qtbot.waitUntil(lambda: first.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    with qtbot.waitSignal(first.accepted, timeout=20000):
        click(qtbot, first.next_button)

    again = RosterImportDialog(app_state)
    qtbot.addWidget(again)
    again.show()
    read_file(qtbot, again, DATA / "employees_custom_headers.csv")  # straight on to the review
    qtbot.waitUntil(lambda: again.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "mapping you confirmed on" in again.summary.text()
    assert "0 new, 0 changed, 7 unchanged" in again.summary.text()
    click(qtbot, again.back_button)
    assert again.mapping_choice()["Login"] == "email"


def test_a_pdf_is_refused_on_the_file_step(qtbot, dialog, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"%PDF-1.5\n" + bytes(300))
    read_file(qtbot, dialog, str(path))
    assert dialog.pages.currentIndex() == FILE_PAGE
    assert "this is not a CSV or Excel file (it is a PDF document)" in dialog.error.text()


def test_import_continues_to_assign_reps_and_then_today(qtbot, main_window):
    from partnerdesk.core.schedule import count_unassigned_managers
    from partnerdesk.ui.dialogs.assign import AssignmentDialog
    from tests.core.roster.org import add_team

    store = main_window.state.store
    add_team(store)
    proposals = []

    run = imports_plain_roster(qtbot)

    def apply(dialog):
        proposals.append(len(dialog.proposal.moves))
        return QtWidgets.QDialog.DialogCode.Accepted

    managers = main_window.show_view("managers")
    with (
        mock.patch.object(RosterImportDialog, "exec", run),
        mock.patch.object(AssignmentDialog, "exec", apply),
    ):
        managers.import_roster()
    assert proposals == [7]  # the proposal diff was shown with every new manager
    assert count_unassigned_managers(store) == 0
    assert main_window.current_view_key() == "today"


def test_two_status_columns_are_both_read_as_status(qtbot, dialog, app_state, tmp_path):
    path = tmp_path / "bamboohr.csv"
    path.write_text(
        "employeeNumber,firstName,lastName,workEmail,supervisorEId,status,employmentStatus\n"
        "1,Ann,Boss,ann@x.example,,Active,Full-Time\n"
        "2,Old,Boss,old@x.example,1,Inactive,Full-Time\n"
        "3,Bob,Low,bob@x.example,1,Active,Part-Time\n",
        encoding="utf-8",
    )
    read_file(qtbot, dialog, str(path))
    choice = dialog.mapping_choice()
    assert (choice["status"], choice["employmentStatus"]) == ("status", "status")
    assert dialog.next_button.isEnabled()  # two status columns are no conflict
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "2 staff, 1 leaver (not staff)" in dialog.summary.text()


def test_import_without_reps_shows_where_to_add_them(qtbot, main_window):
    store = main_window.state.store
    messages: list[str] = []
    main_window.state.hub.status_message.connect(messages.append)

    run = imports_plain_roster(qtbot)

    view = main_window.show_view("managers")
    with mock.patch.object(RosterImportDialog, "exec", run):
        view.import_roster()
    assert view.tabs.currentWidget() is view.workload  # where Add rep is
    assert messages[-1] == (
        "Next: add your reps (Add rep), then Assign reps. 7 managers without a rep are on "
        "nobody's schedule."
    )
    assert managers(store) == 7


def test_a_long_problem_is_shown_whole(qtbot, dialog, tmp_path):
    path = tmp_path / "smiths.csv"
    path.write_text(
        "Employee ID,Full Name,Work Email,Manager\n"
        "1,Ann Boss,ann.boss@acme.example,\n"
        "2,John Smith,john.smith@acme.example,Ann Boss\n"
        "3,John Smith,john.smith2@acme.example,Ann Boss\n"
        "4,Mary Lee,mary.lee@acme.example,John Smith\n",
        encoding="utf-8",
    )
    read_file(qtbot, dialog, str(path))
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "john.smith2@acme.example" in dialog.review_model.index(0, 3).data()
    rows = dialog.review.verticalHeader()
    assert rows.sectionSize(0) > rows.defaultSectionSize()  # the candidates are not cut off
    assert rows.sectionSize(1) == rows.defaultSectionSize()
    tip = dialog.review_model.index(0, 3).data(QtCore.Qt.ItemDataRole.ToolTipRole)
    assert "give the manager's email or id instead" in tip


def test_a_file_rewritten_after_the_review_is_reviewed_again_not_imported(
    qtbot, dialog, app_state, tmp_path
):
    import os
    import shutil

    path = tmp_path / "roster.csv"
    shutil.copy(DATA / "employees_plain.csv", path)
    read_file(qtbot, dialog, str(path))
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "7 new" in dialog.summary.text()
    shutil.copy(DATA / "employees_problems.csv", path)  # another export saved over it
    os.utime(path, ns=(1, 1))
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: "The file changed after your review" in dialog.error.text(),
                    timeout=20000)  # fmt: skip
    assert "5 problems" in dialog.summary.text()  # the new review, not an import of it
    assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert managers(app_state.store) == 0


def test_a_column_without_a_header_can_be_mapped(qtbot, dialog, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "Employee ID,Name,,Manager ID\n1,Ann Boss,ann@x.example,\n2,Bob Low,bob@x.example,1\n",
        encoding="utf-8",
    )
    read_file(qtbot, dialog, str(path))
    assert "no column for email" in dialog.shape.text()
    dialog.set_field("Column C", "email")
    assert dialog.next_button.isEnabled()
    click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == REVIEW_PAGE, timeout=20000)
    assert "1 new" in dialog.summary.text() and "No problems found." in dialog.summary.text()
