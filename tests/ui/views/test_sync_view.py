"""The Team & Sync view: create a team, approve a computer, remove one, sync, resolve a
conflict, dismiss a problem."""

from __future__ import annotations

import shutil

import pytest

from partnerdesk.core.store.models import Note
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.team import create_team, current_team, device_keys, join_team
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.sync_controller import SyncController, controller_for
from partnerdesk.ui.views.sync import TeamSyncView
from tests.core.sync.helpers import add_note, bundle_files, edit_note, note
from tests.sync_fixtures import FAST_KDF, TEAM_PASSPHRASE, make_store, shared, team_of

__all__ = ["make_store", "shared"]


@pytest.fixture(autouse=True)
def _drain_workers(app_state):
    """Stop the sync timers and let pooled status counts end before the store closes."""
    yield
    for controller in app_state.hub.findChildren(SyncController):
        controller.stop()
    QtCore.QThreadPool.globalInstance().waitForDone()


def _view(qtbot, app_state) -> TeamSyncView:
    view = TeamSyncView(app_state)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def pair(app_state, make_store, shared):
    """The app's store (a) and a second laptop of the same rep (b) in one team."""
    a = app_state.store
    b = make_store("b")
    team_of([a, b], shared, email="pat@example.com")
    return a, b


def _click(qtbot, button) -> None:
    from partnerdesk.ui.qt import QtCore

    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


def test_create_a_team_from_the_view(qtbot, app_state, shared):
    view = _view(qtbot, app_state)
    assert view.pages.currentWidget() is view.setup
    setup = view.setup
    qtbot.keyClicks(setup.create_folder.edit, str(shared))
    qtbot.keyClicks(setup.team_name, "People Partners")
    qtbot.keyClicks(setup.create_email, "lead@example.com")
    qtbot.keyClicks(setup.create_pass, "our team passphrase")
    qtbot.keyClicks(setup.create_repeat, "a different one")
    _click(qtbot, setup.create_button)
    assert "differ" in setup.message.text()
    assert current_team(app_state.store) is None
    setup.create_repeat.clear()
    qtbot.keyClicks(setup.create_repeat, "our team passphrase")
    with qtbot.waitSignal(controller_for(app_state).finished, timeout=20_000):
        _click(qtbot, setup.create_button)
    team = current_team(app_state.store)
    assert team is not None and team.name == "People Partners"
    assert (shared / "PartnerDesk" / team.team_id / "team.json").exists()
    assert view.pages.currentIndex() == 1
    assert "People Partners" in view.team_title.text()
    controller_for(app_state).stop()


def test_join_with_a_wrong_passphrase_says_so(qtbot, app_state, make_store, shared):
    create_team(
        make_store("lead"),
        shared,
        "People Partners",
        TEAM_PASSPHRASE,
        kdf=FAST_KDF,
        email="lead@example.com",
    )
    view = _view(qtbot, app_state)
    qtbot.keyClicks(view.setup.join_folder.edit, str(shared))
    qtbot.keyClicks(view.setup.join_email, "rep@example.com")
    qtbot.keyClicks(view.setup.join_pass, "wrong passphrase")
    with qtbot.waitSignal(app_state.hub.task_finished, timeout=20_000):
        _click(qtbot, view.setup.join_button)
    assert "passphrase for 'People Partners' is wrong" in view.setup.message.text()
    assert current_team(app_state.store) is None
    assert view.setup.join_button.isEnabled()


def test_sync_now_shows_devices_and_status(qtbot, app_state, pair, qtmodeltester):
    a, b = pair
    add_note(b, "from b")
    sync(b)
    view = _view(qtbot, app_state)
    with qtbot.waitSignal(view.controller.finished, timeout=20_000):
        _click(qtbot, view.sync_button)
    qtbot.waitUntil(lambda: view.status.text().startswith("Synced "), timeout=10_000)
    names = [row.name for row in view.devices_model.rows]
    assert names[0] == "laptop-b" or "laptop-b" in names
    assert any(row.this_device for row in view.devices_model.rows)
    qtmodeltester.check(view.devices_model)
    with a.session() as session:
        assert session.query(Note).filter_by(body="from b").count() == 1


def _conflict(a, b) -> str:
    note_id = add_note(a, "plan")
    sync(a), sync(b)
    edit_note(a, note_id, body="plan from a")
    edit_note(b, note_id, body="plan from b")
    sync(a), sync(b), sync(a)
    return note_id


def test_conflict_shows_both_versions_and_keeps_the_chosen_one(
    qtbot, app_state, pair, qtmodeltester
):
    a, b = pair
    note_id = _conflict(a, b)
    view = _view(qtbot, app_state)
    assert view.tabs.tabText(view.CONFLICTS_TAB) == "Conflicts (1)"
    qtmodeltester.check(view.conflicts_model)
    panel = view.conflict_panel
    versions = {panel.shown.toPlainText(), panel.other.toPlainText()}
    assert versions == {"plan from a", "plan from b"}
    other = panel.other.toPlainText()
    _click(qtbot, panel.keep_other)
    assert note(a, note_id).body == other and note(a, note_id).conflict_body is None
    assert view.tabs.tabText(view.CONFLICTS_TAB) == "Conflicts"
    sync(a), sync(b)
    assert note(b, note_id).body == other and note(b, note_id).conflict_body is None


def test_merge_by_editing_the_shown_version(qtbot, app_state, pair):
    a, b = pair
    note_id = _conflict(a, b)
    view = _view(qtbot, app_state)
    panel = view.conflict_panel
    panel.shown.selectAll()
    qtbot.keyClicks(panel.shown, "plan from a and b")
    _click(qtbot, panel.save_merge)
    assert note(a, note_id).body == "plan from a and b"
    assert note(a, note_id).conflict_body is None


def test_privacy_screen_hides_both_versions(qtbot, app_state, pair):
    a, b = pair
    _conflict(a, b)
    view = _view(qtbot, app_state)
    app_state.set_privacy(True)
    panel = view.conflict_panel
    assert "plan from" not in panel.shown.toPlainText() + panel.other.toPlainText()
    assert not panel.keep_other.isEnabled()
    app_state.set_privacy(False)
    assert panel.keep_other.isEnabled()


def test_problems_are_listed_and_dismissed(qtbot, app_state, pair, qtmodeltester):
    a, b = pair
    add_note(b, "x")
    sync(b)
    path = bundle_files(b)[0]
    path.write_bytes(path.read_bytes()[:60])
    sync(a)
    view = _view(qtbot, app_state)
    assert view.tabs.tabText(view.PROBLEMS_TAB) == "Problems (1)"
    qtmodeltester.check(view.problems_model)
    assert path.name in view.problems_model.rows[0].message
    view.problems.selectRow(0)
    _click(qtbot, view.dismiss_button)
    assert list_problems(a) == [] and view.tabs.tabText(view.PROBLEMS_TAB) == "Problems"


def test_controller_reports_changes_waiting_when_the_folder_is_gone(qtbot, app_state, pair, shared):
    a, _b = pair
    controller = SyncController(app_state, app_state.hub, interval_ms=60_000)
    add_note(a, "one"), add_note(a, "two"), add_note(a, "three")
    shutil.move(str(shared), str(shared.parent / "gone"))
    waiting = "3 changes waiting — shared folder not reachable"
    with qtbot.waitSignal(controller.status_changed, timeout=10_000) as signal:
        controller.refresh_status()
    assert signal.args == [waiting]
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        assert controller.sync_now()
    qtbot.waitUntil(lambda: not controller._counting)
    assert controller.status == waiting
    QtCore.QThreadPool.globalInstance().waitForDone()
    app_state.store.close()
    app_state.store = None
    with qtbot.waitSignal(controller.status_changed):
        assert not controller.sync_now()
    assert controller.status == ""


def test_send_everything_again_after_confirming(qtbot, app_state, pair, monkeypatch):
    a, b = pair
    note_id = add_note(a, "sent twice")
    sync(a)
    bundle_files(a)[0].write_bytes(b"damaged in transit")
    sync(b)
    assert note(b, note_id) is None
    view = _view(qtbot, app_state)
    answers = iter(
        [QtWidgets.QMessageBox.StandardButton.No, QtWidgets.QMessageBox.StandardButton.Yes]
    )
    monkeypatch.setattr(QtWidgets.QMessageBox, "question", lambda *args: next(answers))
    _click(qtbot, view.resend_button)
    assert not view.controller.running
    with qtbot.waitSignal(view.controller.finished, timeout=20_000):
        _click(qtbot, view.resend_button)
    sync(b)
    assert note(b, note_id).body == "sent twice"


def test_approve_a_request_and_remove_a_lost_computer(
    qtbot, app_state, make_store, shared, monkeypatch, qtmodeltester, tmp_path
):
    a = app_state.store
    create_team(
        a, shared, "People Partners", TEAM_PASSPHRASE, kdf=FAST_KDF, email="lead@example.com"
    )
    b = make_store("b")
    join_team(b, shared, TEAM_PASSPHRASE, email="rep@example.com")
    view = _view(qtbot, app_state)
    view.refresh()
    qtbot.waitUntil(lambda: bool(view.requests_model.rows), timeout=10_000)
    qtmodeltester.check(view.requests_model)
    assert view.tabs.tabText(view.PEOPLE_TAB) == "People (1 asking)"
    fingerprint = view.requests_model.rows[0].device.fingerprint
    assert fingerprint == device_keys(current_team(b)).fingerprint
    assert "This computer's fingerprint" in view.fingerprint.text()
    view.grab().save(str(tmp_path / "team-requests.png"))
    view.requests.selectRow(0)
    _click(qtbot, view.approve_button)
    qtbot.waitUntil(lambda: len(view.people_model.rows) == 2, timeout=10_000)
    qtmodeltester.check(view.people_model)
    assert not view.requests_model.rows and view.tabs.tabText(view.PEOPLE_TAB) == "People"
    assert not sync(b).pending
    view.grab().save(str(tmp_path / "team-people.png"))
    row = next(
        i for i, (m, _d) in enumerate(view.people_model.rows) if m.email == "rep@example.com"
    )
    view.people.selectRow(row)
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "question", lambda *args: QtWidgets.QMessageBox.StandardButton.Yes
    )
    _click(qtbot, view.lost_button)
    qtbot.waitUntil(lambda: len(view.people_model.rows) == 1, timeout=10_000)
    assert "removed from the team" in sync(b).summary()


def test_a_computer_waiting_for_approval_says_so_with_its_fingerprint(
    qtbot, app_state, make_store, shared
):
    create_team(
        make_store("lead"),
        shared,
        "People Partners",
        TEAM_PASSPHRASE,
        kdf=FAST_KDF,
        email="lead@example.com",
    )
    join_team(app_state.store, shared, TEAM_PASSPHRASE, email="rep@example.com")
    view = _view(qtbot, app_state)
    view.refresh()
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=10_000)
    fingerprint = device_keys(current_team(app_state.store)).fingerprint
    assert "Waiting for a team admin" in view.banner.text() and fingerprint in view.banner.text()
    assert not view.approve_button.isEnabled() and not view.lost_button.isEnabled()
