"""The demo company's lifecycle: every event kind, cases of every kind, two quarters of
engagement (some groups under the floor), and prepared meetings with team prompts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnerdesk.core.cases import list_cases, story
from partnerdesk.core.engagement import MIN_RESPONDENTS, by_department
from partnerdesk.core.lifecycle import list_events
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.profile import open_store
from partnerdesk.core.store.models import CASE_KINDS, EngagementResult, Manager
from partnerdesk.paths import ProfilePaths
from tests.demo_fixtures import DEMO_TODAY as TODAY
from tests.demo_fixtures import demo_template  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def demo(demo_template, _template):  # noqa: F811
    opened = open_store(ProfilePaths(demo_template), _template[1], readonly=True)
    yield opened
    opened.close()


def test_every_event_and_case_kind_is_there(demo):
    kinds = {e.kind for e in list_events(demo)}
    assert kinds == {
        "joined",
        "trial_end",
        "moved",
        "manager_changed",
        "leave_started",
        "returned",
        "left",
    }
    cases = list_cases(demo)
    assert {c.kind for c in cases} == set(CASE_KINDS)
    assert any(c.status == "closed" and c.closed_meeting_id for c in cases)
    exits = [c for c in cases if c.kind == "exit"]
    assert all(c.notes for c in exits)
    longest = max(cases, key=lambda c: len(story(demo, c.id)))
    meetings = {e.meeting_id for e in story(demo, longest.id) if e.meeting_id}
    assert len(meetings) >= 2  # a timeline across meetings


def test_two_quarters_of_engagement_with_some_under_the_floor(demo):
    with demo.session() as session:
        results = session.scalars(select(EngagementResult)).all()
        departments = by_department(session)
    assert len({r.period for r in results}) == 2
    assert any(r.respondents < MIN_RESPONDENTS for r in results)
    assert departments and all(d.previous_period for d in departments)
    assert all(d.score is not None for d in departments)


def test_some_prepared_meetings_carry_team_prompts(demo):
    service = MeetingService(demo)
    with demo.session() as session:
        managers = session.scalars(select(Manager.id)).all()
    prompted = [m for m in managers if service.prepare(m, TODAY.replace(day=1)).team]
    assert len(prompted) >= 5
