"""Today's insight sections: recurring themes with the threshold setting, open signals."""

from __future__ import annotations

from partnerdesk.core.notes import NoteDraft, create_note
from partnerdesk.core.signals import SignalSpec, raise_signal
from partnerdesk.ui.views.today_insights import OpenSignalsSection, RecurringThemesSection
from tests.core.notes.data import add_manager


def _lines(section) -> list[str]:
    return [row[0] for row in section.model.rows]


def refresh(section) -> None:
    """Read the section's data from the store and show it, as the Today view does."""
    section.display(section.present(section.load(section.state.store)))


def test_recurring_themes_follow_the_threshold(qtbot, app_state, store):
    managers = [add_manager(store, f"CS {i}", "Customer Success") for i in range(4)]
    for manager in managers:
        create_note(store, NoteDraft(manager_id=manager.id), "Gap: #product-knowledge")
    create_note(store, NoteDraft(manager_id=managers[0].id), "#one-off")
    section = RecurringThemesSection(app_state)
    qtbot.addWidget(section)
    refresh(section)
    assert _lines(section) == [
        "Customer Success: product knowledge raised by 4 managers this quarter"
    ]
    assert section.empty.isHidden()
    app_state.settings.recurring_theme_managers = 5
    refresh(section)
    assert _lines(section) == [] and not section.empty.isHidden()


def test_only_the_most_widely_raised_themes_are_listed(qtbot, app_state, store):
    managers = [add_manager(store, f"Ops {i}", "Operations") for i in range(4)]
    tags = [f"#theme-{n:02d}" for n in range(RecurringThemesSection.SHOWN + 3)]
    for reach, tag in enumerate(tags):  # theme-00 by 3 managers, the others by 4
        for manager in managers[: 3 if reach == 0 else 4]:
            create_note(store, NoteDraft(manager_id=manager.id), f"Raised: {tag}")
    section = RecurringThemesSection(app_state)
    qtbot.addWidget(section)
    refresh(section)
    lines = _lines(section)
    assert len(lines) == RecurringThemesSection.SHOWN
    assert not any("theme 00" in line for line in lines), "the least raised is left out"
    assert f"of {len(tags)}; the quarterly summary's CSV export" in section.subtitle.text()


def test_open_signals_by_department(qtbot, app_state, store):
    cs = add_manager(store, "Ana Ruiz", "Customer Success")
    eng = add_manager(store, "Bo Chen", "Engineering")
    raise_signal(store, SignalSpec("flight_risk", severity=3, manager_id=eng.id))
    raise_signal(store, SignalSpec("flight_risk", manager_id=eng.id))
    raise_signal(store, SignalSpec("training", manager_id=cs.id))
    section = OpenSignalsSection(app_state)
    qtbot.addWidget(section)
    refresh(section)
    assert _lines(section) == [
        "Engineering: flight risk ×2 (oldest 0 days · 1 high)",
        "Customer Success: training need (oldest 0 days)",
    ]
    assert section.subtitle.text().startswith("3 open")


def test_theme_line_searches_and_signal_line_filters(qtbot, main_window, store):
    managers = [add_manager(store, f"CS {i}", "Customer Success") for i in range(3)]
    for manager in managers:
        create_note(store, NoteDraft(manager_id=manager.id), "#onboarding is slow")
        raise_signal(store, SignalSpec("pain_point", manager_id=manager.id))
    today = main_window.view("today")
    themes = next(s for s in today.sections if isinstance(s, RecurringThemesSection))
    refresh(themes)
    themes.act("onboarding")
    assert main_window.search_panel.model.rowCount() == 3
    signals = next(s for s in today.sections if isinstance(s, OpenSignalsSection))
    signals.act("Customer Success")
    assert main_window.current_view_key() == "signals"
    assert main_window.view("signals").department_box.currentData() == "Customer Success"
