"""The Reports view: pick a period and a scope, the preview follows, an export writes a file."""

from __future__ import annotations

import pytest

from partnerdesk.core.reports.csv_export import TABLES
from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.views.reports import ReportsView
from tests import reports_data as data


@pytest.fixture
def view(qtbot, app_state):
    with app_state.store.transaction() as session:
        data.build(session)
    widget = ReportsView(app_state)
    qtbot.addWidget(widget)
    widget.setMinimumSize(1100, 800)  # as inside the main window: no size-hint churn
    with qtbot.waitSignal(widget.preview_ready, timeout=10_000):
        widget.show()
    return widget


def _pick(qtbot, view, action) -> str:
    with qtbot.waitSignal(view.preview_ready, timeout=10_000):
        action()
    return view.preview.toPlainText()


def test_preview_follows_period_and_scope(qtbot, view):
    assert not view.name_individuals.isChecked()
    assert view.scope_value.isHidden()  # whole company needs no value
    text = _pick(qtbot, view, lambda: view.select_period("2026-Q2"))
    assert "People Partner summary — Q2 2026" in text
    assert "Whole company" in text
    assert f"{data.EXEC_MARKER}00" in text
    assert data.PRIVATE_MARKER not in text and data.TEAM_MARKER not in text
    assert data.PERSON_MARKER not in text

    text = _pick(qtbot, view, lambda: view.select_scope("department"))
    assert view.scope_value.isVisible() and view.scope_value.isEnabled()
    departments = [view.scope_value.itemText(i) for i in range(view.scope_value.count())]
    assert departments == ["Customer Success", "Engineering", "Sales"]
    assert "Department: Customer Success" in text

    text = _pick(qtbot, view, lambda: view.scope_value.setCurrentIndex(2))
    assert "Department: Sales" in text
    assert f"{data.EXEC_MARKER}00" not in text  # an Engineering quote

    text = _pick(qtbot, view, lambda: qtbot.mouseClick(view.name_individuals, _left()))
    assert data.PERSON_MARKER in text

    text = _pick(qtbot, view, lambda: view.period_kind.setCurrentIndex(1))
    assert (
        view.period_box.currentData().count("-") == 1 and "Q" not in view.period_box.currentData()
    )


def test_export_button_writes_a_pdf_off_the_gui_thread(qtbot, view, tmp_path, monkeypatch):
    _pick(qtbot, view, lambda: view.select_period("2026-Q2"))
    target = tmp_path / "q2.pdf"
    asked = []
    monkeypatch.setattr(view, "ask_target", lambda fmt, name: asked.append((fmt, name)) or target)
    with qtbot.waitSignal(view.export_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(view.export_buttons["pdf"], _left())
        assert view.progress.isVisible()
        assert not view.export_buttons["md"].isEnabled()
    assert blocker.args == [[target]]
    assert asked == [("pdf", "partnerdesk-summary-2026-Q2.pdf")]
    assert target.read_bytes().startswith(b"%PDF")
    assert not view.progress.isVisible()
    assert str(target) in view.status.text()


def test_export_csv_and_cancel(qtbot, view, tmp_path, monkeypatch):
    monkeypatch.setattr(view, "ask_target", lambda fmt, name: None)
    qtbot.mouseClick(view.export_buttons["md"], _left())
    assert not view.progress.isVisible()
    assert not list(tmp_path.glob("*.md"))
    monkeypatch.setattr(view, "ask_target", lambda fmt, name: tmp_path / "report")
    with qtbot.waitSignal(view.export_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(view.export_buttons["csv"], _left())
    assert len(blocker.args[0]) == len(TABLES)
    assert (tmp_path / "report-signals.csv").exists()
    assert (tmp_path / "report-engagement.csv").exists()


def test_export_failure_is_shown(qtbot, view, tmp_path, monkeypatch):
    monkeypatch.setattr(view, "ask_target", lambda fmt, name: tmp_path / "missing" / "x.md")
    with qtbot.waitSignal(view.export_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(view.export_buttons["md"], _left())
    assert blocker.args == [[]]
    assert "does not exist" in view.status.text()
    assert all(button.isEnabled() for button in view.export_buttons.values())


@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
def test_deck_and_workbook_export_beside_the_others(qtbot, view, tmp_path, monkeypatch, fmt):
    buttons = view.findChildren(QtWidgets.QPushButton)
    names = [b.objectName() for b in buttons if b.objectName().startswith("export-")]
    assert names[-2:] == ["export-pptx", "export-xlsx"]
    _pick(qtbot, view, lambda: view.select_period("2026-Q2"))
    target = tmp_path / f"q2.{fmt}"
    asked = []
    monkeypatch.setattr(view, "ask_target", lambda f, name: asked.append(name) or target)
    with qtbot.waitSignal(view.export_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(view.export_buttons[fmt], _left())
        assert view.progress.isVisible()
        assert not view.export_buttons["pdf"].isEnabled()
    assert blocker.args == [[target]]
    assert asked == [f"partnerdesk-summary-2026-Q2.{fmt}"]
    assert target.read_bytes().startswith(b"PK")  # an Office (zip) package
    assert str(target) in view.status.text() and not view.progress.isVisible()


def test_the_deck_uses_the_profiles_own_template(qtbot, view, tmp_path, monkeypatch):
    from pptx import Presentation
    from pptx.util import Inches

    Presentation().save(view.state.paths.deck_template)  # a 4:3 "company" template
    _pick(qtbot, view, lambda: view.select_period("2026-Q2"))
    target = tmp_path / "brand.pptx"
    monkeypatch.setattr(view, "ask_target", lambda f, name: target)
    with qtbot.waitSignal(view.export_finished, timeout=30_000):
        qtbot.mouseClick(view.export_buttons["pptx"], _left())
    assert Presentation(str(target)).slide_width == Inches(10)


def _left():
    from partnerdesk.ui.qt import QtCore

    return QtCore.Qt.MouseButton.LeftButton
