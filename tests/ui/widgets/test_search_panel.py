"""The search panel: Ctrl+K, results as you type with bold matches, filters, open a hit."""

from __future__ import annotations

from datetime import date

from partnerdesk.core.followups import FollowUpSpec, create_followup
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.notes import NoteDraft, create_note
from partnerdesk.core.signals import SignalSpec, raise_signal
from partnerdesk.ui.qt import QtCore
from tests.core.notes.data import add_manager


def _setup(store):
    ana = add_manager(store, "Ana Ruiz", "Customer Success")
    bo = add_manager(store, "Bo Chen", "Engineering")
    meeting = MeetingService(store).plan(ana.id, date(2026, 5, 12))
    create_note(store, NoteDraft(meeting_id=meeting), "Reps lack product knowledge <again>")
    create_note(store, NoteDraft(manager_id=bo.id, visibility="private"), "Product roadmap slips")
    create_followup(store, FollowUpSpec("Book product training", manager_id=bo.id))
    signal = raise_signal(store, SignalSpec("training", summary="product gaps", manager_id=ana.id))
    return ana, bo, meeting, signal


def test_results_as_you_type_and_open_meeting(qtbot, main_window, store, monkeypatch):
    _ana, bo, meeting, _signal = _setup(store)
    qtbot.keyClick(main_window, QtCore.Qt.Key.Key_K, QtCore.Qt.KeyboardModifier.ControlModifier)
    panel = main_window.search_panel
    assert panel.isVisible()
    qtbot.keyClicks(panel.query, "produ")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    texts = [panel.model.index(r).data() for r in range(4)]
    assert all("<b>" in t for t in texts)
    assert any("&lt;again&gt;" in t for t in texts)  # note text is escaped
    assert any("private" in t for t in texts)  # private notes are searchable locally
    panel.manager_box.setCurrentIndex(panel.manager_box.findData(bo.id))
    assert {h.kind for h in panel.model.hits} == {"note", "followup"}
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("followup"))
    assert [h.kind for h in panel.model.hits] == ["followup"]
    panel.manager_box.setCurrentIndex(0)
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("note"))
    panel.department_box.setCurrentIndex(panel.department_box.findText("Customer Success"))
    assert [h.meeting_id for h in panel.model.hits] == [meeting]
    opened = []
    monkeypatch.setattr(main_window, "open_meeting", opened.append)
    qtbot.keyClick(panel.query, QtCore.Qt.Key.Key_Return)
    assert opened == [meeting] and not panel.isVisible()


def test_signal_hit_opens_its_case_and_privacy_hides_snippets(qtbot, main_window, store, app_state):
    *_rest, signal = _setup(store)
    main_window.open_search()
    panel = main_window.search_panel
    panel.query.setText("gaps")
    panel.run_search()
    assert [h.target_id for h in panel.model.hits] == [signal.id]
    app_state.set_privacy(True)
    assert "gaps" not in panel.model.index(0).data()
    app_state.set_privacy(False)
    panel.results.activated.emit(panel.model.index(0))
    assert main_window.current_view_key() == "signals"
    assert main_window.view("signals").detail.row.id == signal.id


def test_nothing_found_says_so(qtbot, main_window, store):
    _setup(store)
    main_window.open_search()
    panel = main_window.search_panel
    panel.query.setText("zebra")
    panel.run_search()
    assert panel.model.rowCount() == 0 and "No matches" in panel.status.text()
