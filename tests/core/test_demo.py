"""The demo company: deterministic, consistent, and it never mixes with real data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from partnerdesk.core.agenda import month_of
from partnerdesk.core.clock import month_start
from partnerdesk.core.demo import DemoRefused, load_demo
from partnerdesk.core.profile import open_store
from partnerdesk.core.store.models import (
    Agenda,
    AgendaItem,
    Employee,
    FollowUp,
    LocalSetting,
    Manager,
    Meeting,
    Note,
    Rep,
    Signal,
    SignalUpdate,
)
from partnerdesk.core.themes import Period, recurring_themes
from partnerdesk.paths import ProfilePaths
from tests.demo_fixtures import DEMO_TODAY as TODAY
from tests.demo_fixtures import demo_template  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def demo(demo_template, _template):  # noqa: F811
    """The shared demo company (read-only; tests that write use their own store)."""
    opened = open_store(ProfilePaths(demo_template), _template[1], readonly=True)
    yield opened
    opened.close()


def rows(store, model):
    with store.session() as session:
        return list(session.scalars(select(model).where(model.deleted.is_(False))))


def test_reps_are_a_blended_team(demo):
    reps = rows(demo, Rep)
    assert len(reps) == 6
    assert sum(r.is_lead for r in reps) == 1
    assert [r.capacity for r in reps].count(0.8) == 1
    assert {"US East", "US West", "EMEA", "APAC"} <= {r.region for r in reps}
    lead = next(r for r in reps if r.is_lead)
    managers = rows(demo, Manager)
    senior = [m for m in managers if m.tier in ("VP", "Senior Director")]
    assert senior and all(m.rep_id == lead.id for m in senior)
    with demo.session() as session:
        assert session.get(LocalSetting, "me_rep_id").value == lead.id


def test_org_is_consistent(demo):
    managers = rows(demo, Manager)
    employees = rows(demo, Employee)
    assert len(managers) == 60
    assert len({m.department for m in managers}) == 6
    assert 500 <= len(employees) <= 700
    emails = {e.email for e in employees}
    assert len(emails) == len(employees)
    assert all(e.manager_email in emails for e in employees if e.manager_email)
    reports = Counter(e.manager_email for e in employees if e.manager_email)
    by_id = {m.id: m for m in managers}
    for manager in managers:
        assert manager.team_size == reports[manager.email]
        assert manager.email in emails
        if manager.reports_to_id:
            assert by_id[manager.reports_to_id].tier != manager.tier or manager.tier == "Manager"
    tiny = [m for m in managers if m.team_size <= 2]
    assert tiny and all(m.cadence_pref == "quarterly" for m in tiny)


def test_history_has_every_kind_of_record(demo):
    meetings = rows(demo, Meeting)
    statuses = Counter(m.status for m in meetings)
    assert {"held", "rescheduled", "cancelled", "planned"} <= set(statuses)
    months = {m.planned_for.strftime("%Y-%m") for m in meetings if m.status == "held"}
    assert month_of(month_start(TODAY, -5)) in months
    assert month_of(TODAY) in months or TODAY.day < 5
    met = {m.manager_id for m in meetings if m.status == "held"}
    assert 0 < 60 - len(met) <= 5
    notes = rows(demo, Note)
    assert {n.visibility for n in notes} == {"private", "team", "exec"}
    assert {"answer", "free", "parking"} <= {n.kind for n in notes}
    followups = rows(demo, FollowUp)
    assert {"open", "done"} <= {f.status for f in followups}
    assert any(f.status == "open" and f.due_date < TODAY for f in followups)
    signals = rows(demo, Signal)
    kinds = {s.kind for s in signals}
    assert {"flight_risk", "performance", "training", "headcount", "pain_point"} <= kinds
    assert all(s.checklist for s in signals if s.kind == "performance")
    assert rows(demo, SignalUpdate)


def test_recurring_theme_from_the_seed(demo):
    if (TODAY - Period.quarter_of(TODAY).start).days < 21:
        pytest.skip("too early in the quarter: few of this quarter's meetings have happened")
    managers = {m.id: m for m in rows(demo, Manager)}
    raised = {
        n.manager_id
        for n in rows(demo, Note)
        if "product-knowledge" in n.tags.split()
        and n.created_at.date() >= Period.quarter_of(TODAY).start
    }
    assert len(raised) >= 4
    assert {managers[i].department for i in raised} == {"Customer Success"}


def test_agendas_include_the_seed_may_agenda(demo):
    agendas = {a.month: a for a in rows(demo, Agenda)}
    for back in range(6):
        assert agendas[month_of(month_start(TODAY, -back))].status == "published"
    assert agendas[month_of(month_start(TODAY, 1))].status == "draft"
    may_year = TODAY.year if TODAY.month >= 5 else TODAY.year - 1
    may = agendas[f"{may_year}-05"]
    texts = [i.text for i in rows(demo, AgendaItem) if i.agenda_id == may.id]
    assert "Feedback on most recent Allhands, what worked and didn't work?" in texts
    assert any("Brand refresh goes live on the 15th" in t for t in texts)
    assert any("learning management system" in t for t in texts)
    assert any("engagement survey" in t for t in texts)


def test_same_seed_same_company(store, demo):
    load_demo(store, today=TODAY, team=False)
    for model, key in ((Manager, "name"), (Note, "body"), (Signal, "summary")):
        ours = sorted(getattr(r, key) for r in rows(store, model))
        assert ours == sorted(getattr(r, key) for r in rows(demo, model))


def test_refuses_then_force_replaces(store):
    load_demo(store, today=TODAY, team=False)
    before = len(rows(store, Note))
    with pytest.raises(DemoRefused, match="--force"):
        load_demo(store, today=TODAY, team=False)
    assert len(rows(store, Note)) == before
    load_demo(store, today=TODAY, force=True, team=False)
    assert len(rows(store, Manager)) == 60
    assert len(rows(store, Rep)) == 6
    assert len(rows(store, Note)) == before


def test_themes_service_finds_the_seed_theme(demo):
    if (TODAY - Period.quarter_of(TODAY).start).days < 21:
        pytest.skip("too early in the quarter: few of this quarter's meetings have happened")
    themes = recurring_themes(demo, Period.quarter_of(TODAY), min_managers=3)
    texts = [t.text for t in themes]
    assert "Customer Success: product knowledge raised by 4 managers this quarter" in texts


def test_demo_team_syncs_inside_the_profile(demo, demo_template):  # noqa: F811
    from partnerdesk.core.sync.team import current_team

    team = current_team(demo)
    assert team is not None and team.name == "People Partners (demo)"
    assert demo_template in Path(team.folder).parents
    assert list(Path(team.folder).glob("devices/*/*.pdsync"))


def test_refuses_a_profile_in_a_real_team(store, tmp_path):
    from partnerdesk.core.sync.team import create_team

    shared = tmp_path / "OneDrive"
    shared.mkdir()
    create_team(store, shared, "People Partners", "a real team passphrase", email="me@example.com")
    with pytest.raises(DemoRefused, match="would reach your team"):
        load_demo(store, today=TODAY, force=True)
    assert not rows(store, Manager)
    assert not list(shared.rglob("*.pdsync"))
