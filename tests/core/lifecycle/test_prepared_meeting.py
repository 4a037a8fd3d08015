"""The prepared meeting: team prompts by manager and date window, engagement, Markdown."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from partnerdesk.core import clock
from partnerdesk.core.engagement import import_results
from partnerdesk.core.lifecycle import track_import
from partnerdesk.core.linter import default_linter
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.prepare import to_markdown
from partnerdesk.core.store.models import Employee, Manager
from partnerdesk.core.team_prompts import config
from tests.core.lifecycle.org import (
    ANNA,
    BORIS,
    HIDDEN_QUESTION_SCORE,
    HIDDEN_SCORE,
    engagement_csv,
    import_both,
    pinned,  # noqa: F401 - fixture
)


def ids(store) -> dict[str, str]:
    with store.session() as session:
        return dict(session.execute(select(Manager.email, Manager.id)).all())


def held(store, manager_id: str, day: date) -> str:
    meetings = MeetingService(store)
    meeting = meetings.plan(manager_id, day)
    MeetingService(store).hold(meeting, datetime(day.year, day.month, day.day, 10))
    return meeting


def set_trial(store, email: str, day: date) -> None:
    with store.transaction() as session:
        track_import(session)
        session.execute(update(Employee).where(Employee.email == email).values(trial_end_date=day))


def kinds(prefill) -> list[tuple[str, str]]:
    return [(p.kind, p.person) for p in prefill.team]


def test_every_template_passes_the_linter():
    sample = {
        "name": "Mina Park",
        "first": "Mina",
        "day": "16 Nov",
        "to": "Vera Stone",
        "before": "80%",
        "after": "70%",
        "period": "2026-Q4",
    }
    linter = default_linter()
    for kind, template in config()["templates"].items():
        text = template.format(**sample)
        assert linter.lint(text) == [], (kind, text)


def test_prompts_appear_in_the_right_meetings(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    set_trial(store, "tariq@acme.example", date(2027, 1, 20))
    people = ids(store)
    anna, boris = people[ANNA], people[BORIS]
    service = MeetingService(store)
    october = held(store, anna, date(2026, 10, 1))
    held(store, boris, date(2026, 11, 2))
    december = service.plan(anna, date(2026, 12, 1))
    boris_december = service.plan(boris, date(2026, 12, 2))
    january = service.plan(anna, date(2027, 1, 12))

    prefill = service.prefill(december)
    assert kinds(prefill) == [
        ("left", "Lea Moreau"),
        ("joined", "Mina Park"),
        ("moved_in", "Omar Said"),
        ("trial_end", "Tariq Aziz"),
    ]
    texts = [p.text for p in prefill.team]
    assert texts[1] == "Mina Park joined on 16 Nov: what does Mina still need to be productive?"
    assert texts[3] == (
        "What evidence will confirm Tariq's trial by 20 Jan, and what is still missing?"
    )
    assert all(default_linter().lint(text) == [] for text in texts)

    assert kinds(service.prefill(boris_december)) == [
        ("moved_out", "Ines Roth"),
        ("moved_out", "Omar Said"),
    ]
    assert "moved to Anna Berg on 16 Nov" in service.prefill(boris_december).team[1].text
    assert kinds(service.prefill(october)) == []  # before the events, trial too far ahead
    MeetingService(store).hold(december, datetime(2026, 12, 1, 10))
    assert kinds(service.prefill(january)) == [("trial_end", "Tariq Aziz")]  # Nov is covered


def test_an_engagement_drop_prompts_and_small_groups_stay_hidden(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    import_results(store, engagement_csv(tmp_path))
    people = ids(store)
    service = MeetingService(store)
    anna = service.prepare(people[ANNA], date(2026, 12, 1))
    assert anna.team[-1].text.startswith("Engagement fell from 80% to 70% in 2026-Q4:")
    text = to_markdown(anna)
    assert "2026-Q4: 70%, -10 pts since 2026-Q3, 90% responded" in text
    assert "- I see myself here in two years: 55%" in text
    boris = to_markdown(service.prepare(people[BORIS], date(2026, 12, 1)))
    assert "2026-Q4: too few responses, 67% responded" in boris
    assert "- I know what is expected of me: too few responses" in boris
    assert HIDDEN_SCORE not in boris and HIDDEN_QUESTION_SCORE not in boris
    assert "Engagement fell" not in boris


def test_prepare_markdown_holds_every_section(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    people = ids(store)
    held(store, people[ANNA], date(2026, 11, 2))
    clock.set_now(datetime(2026, 12, 3, 9, tzinfo=UTC))
    prefill = MeetingService(store).prepare(people[ANNA], date(2026, 12, 1))
    assert prefill.header.planned_for == date(2026, 12, 3)  # today, in the current month
    text = to_markdown(prefill)
    for heading in (
        "# Meeting with Anna Berg",
        "## Agenda",
        "## Team changes",
        "## Engagement",
        "## Follow-ups carried over",
        "## Open signals and cases",
        "## Last meeting",
    ):
        assert heading in text
    assert "- Onboarding case: Mina Park — Onboarding of Mina Park (steps 0/6" in text
    assert "- Exit/offboarding case: Lea Moreau" in text
    assert "Held 2 Nov 2026." in text
