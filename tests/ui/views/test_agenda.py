"""The agenda editor, driven like the HR lead would: start a month, write, lint, publish."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.agenda import AgendaService
from partnerdesk.core.me import set_me
from partnerdesk.paths import resource_path
from partnerdesk.ui.dialogs.agenda_month import NewMonthDialog
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.agenda import AgendaView
from tests.core.meetings.data import make_org


@pytest.fixture
def org(store):
    return make_org(store)


def _view(qtbot, store, profile_paths, rep_id) -> AgendaView:
    set_me(store, rep_id)
    view = AgendaView(AppState(store, profile_paths))
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def lead_view(qtbot, store, profile_paths, org) -> AgendaView:
    return _view(qtbot, store, profile_paths, org.lead)


def _start_june(view, monkeypatch, start_from="template") -> None:
    monkeypatch.setattr(
        NewMonthDialog,
        "get_new_month",
        classmethod(lambda cls, parent, suggested: (("2026-06", start_from), True)),
    )
    view.new_month()


def test_empty_month_offers_to_start(lead_view):
    assert lead_view.pages.currentWidget() is lead_view.empty
    assert lead_view.empty.button is not None


def test_write_lint_rewrite_and_publish(qtbot, lead_view, store, monkeypatch):
    view = lead_view
    _start_june(view, monkeypatch)
    assert view.doc.month == "2026-06"
    assert view.month_box.currentData() == "2026-06"
    sections = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert sections[0] == "Feedback  (10 min)"

    view.tree.setCurrentItem(view.tree.topLevelItem(1))  # Priorities this month
    qtbot.keyClick(view, QtCore.Qt.Key.Key_I, CTRL_SHIFT)
    assert view.detail.currentIndex() == 2
    qtbot.keyClicks(view.item_text, "Did you like the new expense tool?")
    assert view.findings.rewrite_buttons, "the linter flags the question live"
    assert "opinion" in view.findings.findChildren(QtWidgets.QLabel)[1].text()
    qtbot.mouseClick(view.findings.rewrite_buttons[0], QtCore.Qt.MouseButton.LeftButton)
    assert view.item_text.toPlainText() == "What worked and what didn't about the new expense tool?"
    assert view.clean_label.isVisible() and not view.findings.rewrite_buttons

    view.has_date.setChecked(True)
    view.item_date.setDate(QtCore.QDate(2026, 6, 15))
    view.audience_kind.setCurrentIndex(view.audience_kind.findData("department"))
    view.audience_kind.activated.emit(view.audience_kind.currentIndex())
    view.audience_value.setCurrentText("Customer Success")
    view.audience_value.activated.emit(0)
    view.audience_value.setCurrentText("Customer Success")
    view._on_audience_changed()
    qtbot.keyClicks(view.new_prompt, "Which receipts still go missing?")
    qtbot.keyClick(view.new_prompt, QtCore.Qt.Key.Key_Return)
    view.topic_box.setCurrentIndex(view.topic_box.findData("wins"))
    view.library_list.setCurrentRow(0)
    view.insert_library_prompt()

    qtbot.waitUntil(lambda: not view._dirty, timeout=3000)
    doc = AgendaService(store).get("2026-06")
    item = doc.items_in("Priorities this month")[0]
    assert item.text == "What worked and what didn't about the new expense tool?"
    assert item.item_date == date(2026, 6, 15)
    assert (item.audience_kind, item.audience_value) == ("department", "Customer Success")
    assert item.prompts[0] == "Which receipts still go missing?"
    assert item.prompts[1].startswith("What win from this month")

    assert view.publish_button.isEnabled()
    qtbot.mouseClick(view.publish_button, QtCore.Qt.MouseButton.LeftButton)
    assert AgendaService(store).get("2026-06").is_published
    assert view.status_pill.text().startswith("Published")
    assert "Published" in view.banner.text()


def test_autosave_does_not_reload_the_editor_under_the_cursor(qtbot, lead_view, monkeypatch):
    view = lead_view
    _start_june(view, monkeypatch)
    view.tree.setCurrentItem(view.tree.topLevelItem(1))
    view.add_item()
    qtbot.keyClicks(view.item_text, "Expense tool goes live")
    assert view.save_now()
    qtbot.keyClicks(view.item_text, " on the 3rd")
    assert view.item_text.toPlainText() == "Expense tool goes live on the 3rd"
    assert view.item_text.textCursor().position() == len("Expense tool goes live on the 3rd")


def test_reorder_sections_and_items(qtbot, lead_view, store, monkeypatch):
    view = lead_view
    _start_june(view, monkeypatch)
    view.tree.setCurrentItem(view.tree.topLevelItem(2))  # Reminders
    qtbot.keyClick(view.tree, QtCore.Qt.Key.Key_Up, QtCore.Qt.KeyboardModifier.AltModifier)
    assert view.save_now()
    assert AgendaService(store).get("2026-06").section_names()[1] == "Reminders"
    health = view.tree.topLevelItem(3)  # Team health, with one item
    view.tree.setCurrentItem(health.child(0))
    view.section_minutes.setValue(7)  # not on the section page: ignored
    view.remove()
    assert view.save_now()
    assert AgendaService(store).get("2026-06").items_in("Team health") == []


def test_section_budget_and_custom_section(qtbot, lead_view, store, monkeypatch):
    view = lead_view
    _start_june(view, monkeypatch, "empty")
    monkeypatch.setattr(QtWidgets.QInputDialog, "getText", lambda *a, **k: ("Brand refresh", True))
    view.add_section()
    assert view.detail.currentIndex() == 1
    view.section_minutes.setValue(12)
    assert view.save_now()
    assert AgendaService(store).get("2026-06").sections == [("Brand refresh", 12)]


def test_a_rep_cannot_publish_or_change_a_published_agenda(qtbot, store, profile_paths, org):
    service = AgendaService(store)
    service.import_file(resource_path("agendas", "2026-05.toml"))
    service.publish("2026-05", org.lead)
    view = _view(qtbot, store, profile_paths, org.rep)
    view.month_box.setCurrentIndex(view.month_box.findData("2026-05"))
    assert view.doc.is_published
    assert not view.publish_button.isEnabled()
    assert "only the HR lead" in view.banner.text()
    assert not view.detail.isEnabled() and not view.title_edit.isEnabled()


def test_import_and_a_malformed_file(qtbot, lead_view, store, tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text('month = "2026-05"\n[[sections]]\nminutes = 3\n', encoding="utf-8")
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    lead_view.import_file()
    assert "nothing was imported" in lead_view.banner.text()
    assert AgendaService(store).months() == []
    sample = str(resource_path("agendas", "2026-05.toml"))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (sample, ""))
    lead_view.import_file()
    assert lead_view.doc.month == "2026-05"
    assert lead_view.tree.topLevelItemCount() == 4


def test_export(lead_view, store, tmp_path, monkeypatch):
    AgendaService(store).import_file(resource_path("agendas", "2026-05.toml"))
    lead_view.refresh()
    lead_view.month_box.setCurrentIndex(lead_view.month_box.findData("2026-05"))
    out = tmp_path / "out.toml"
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    lead_view.export()
    assert 'month = "2026-05"' in out.read_text("utf-8")


def test_own_prompt_must_pass_the_linter(lead_view, profile_paths, monkeypatch):
    answers = iter(
        [("Are you happy with the offsite?", True), ("Which offsite session helped most?", True)]
    )
    monkeypatch.setattr(QtWidgets.QInputDialog, "getText", lambda *a, **k: next(answers))
    lead_view.add_own_prompt()
    assert "Not added" in lead_view.banner.text()
    assert "What would you change about the offsite?" in lead_view.banner.text()
    lead_view.add_own_prompt()
    texts = [lead_view.library_list.item(i).text() for i in range(lead_view.library_list.count())]
    assert "Which offsite session helped most?" in texts
    assert profile_paths.prompts_file.exists()


CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
