"""The summary's numbers match counts made independently from the fixture's own objects."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

import pytest

from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.scope import Scope
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.store.engine import StoreError
from tests import reports_data as data

Q2 = Period.parse(data.PERIOD)
START, END = datetime(2026, 4, 1), datetime(2026, 7, 1)


@pytest.fixture
def fx(store):
    with store.transaction() as session:
        return data.build(session)


def _summary(store, period=Q2, scope=None, **kw):
    return build_summary(store, period, scope, today=data.TODAY, **kw)


def _cadence(manager) -> str:
    if manager.cadence_pref:
        return manager.cadence_pref
    return "quarterly" if manager.team_size <= 2 else "monthly"


def _expected_cadence(fx, managers):
    """Per department: (due, held, met, rescheduled, never met), counted by hand."""
    first, end = START.date(), END.date()
    out = defaultdict(lambda: [0, 0, 0, 0, 0])
    for m in managers:
        mine = [x for x in fx.meetings if x.manager_id == m.id and not x.deleted]
        held = sum(1 for x in mine if x.status == "held" and first <= x.planned_for < end)
        due = 3 if _cadence(m) == "monthly" else 1
        row = out[m.department]
        row[0] += due
        row[1] += held
        row[2] += min(due, held)
        row[3] += sum(1 for x in mine if x.status == "rescheduled" and first <= x.planned_for < end)
        row[4] += not any(x.status == "held" and x.planned_for < end for x in mine)
    return dict(out)


def _open_at_end(signal) -> bool:
    if signal.resolved_at is not None:
        return signal.resolved_at >= END
    return signal.status == "open"


def test_cadence_by_department_matches_hand_count(store, fx):
    summary = _summary(store)
    active = [m for m in fx.managers if m.active]
    expected = _expected_cadence(fx, active)
    got = {
        r.label: [r.due, r.held, r.met, r.rescheduled, r.never_met]
        for r in summary.cadence_by_department
    }
    assert got == expected
    h = summary.headline
    assert h.managers == len(active) == 13
    assert h.meetings_due == sum(v[0] for v in expected.values())
    assert h.meetings_held == sum(v[1] for v in expected.values())
    assert h.never_met == 3  # Dee (only a deleted meeting), Carl, Gus
    assert sum(r.managers for r in summary.cadence_by_rep) == len(active)
    by_rep = {r.label: r.managers for r in summary.cadence_by_rep}
    assert by_rep == {"Alice Rep": 5, "Bob Rep": 5, "Vera VP": 2, "(unassigned)": 1}


def test_signals_match_hand_count(store, fx):
    summary = _summary(store)
    opened = Counter(
        (fx_manager.department, s.kind)
        for s in fx.signals
        for fx_manager in fx.managers
        if fx_manager.id == s.manager_id and START <= s.opened_at < END
    )
    open_now = Counter(
        (m.department, s.kind)
        for s in fx.signals
        for m in fx.managers
        if m.id == s.manager_id and s.opened_at < END and _open_at_end(s)
    )
    resolved = Counter(
        (m.department, s.kind)
        for s in fx.signals
        for m in fx.managers
        if m.id == s.manager_id and s.resolved_at and START <= s.resolved_at < END
    )
    groups = {(g.department, g.kind): g for g in summary.signal_groups}
    assert {k: g.opened for k, g in groups.items() if g.opened} == dict(opened)
    assert {k: g.open for k, g in groups.items() if g.open} == dict(open_now)
    assert {k: g.resolved for k, g in groups.items() if g.resolved} == dict(resolved)
    assert summary.headline.signals_open == sum(open_now.values()) == 6
    # The performance signal opened on 5 January is 176 days old on 30 June.
    assert groups["Sales", "performance"].oldest_open_days == (END - datetime(2026, 1, 6)).days


def test_followups_match_hand_count(store, fx):
    h = _summary(store).headline
    assert h.followups_opened == sum(1 for f in fx.followups if START <= f.created_at < END)
    assert h.followups_done == sum(
        1 for f in fx.followups if f.status == "done" and START <= f.closed_at < END
    )
    last_day = date(2026, 6, 30)  # figures are as of the period's last day
    open_at_end = [
        f
        for f in fx.followups
        if f.created_at < END
        and ((f.closed_at is None and f.status == "open") or (f.closed_at and f.closed_at >= END))
    ]
    overdue = [f for f in open_at_end if f.due_date and f.due_date < last_day]
    assert h.followups_overdue == len(overdue) == 3


def test_agenda_rollup_counts_shared_answers_and_quotes_only_exec(store, fx):
    summary = _summary(store)
    rollups = {r.item: r for r in summary.agenda}
    answered = {
        n.manager_id
        for n in fx.notes
        if n.kind == "answer"
        and n.visibility != "private"
        and not n.deleted
        and n.agenda_item_id in {fx.items["5:0"].id, fx.items["6:0"].id}
    }
    assert rollups[data.ALLHANDS].managers_answered == len(answered) == 14
    assert rollups[data.BRAND].managers_answered == 1  # the private answer does not count
    quotes = [q.text for q in rollups[data.ALLHANDS].quotes]
    assert len(quotes) == 7
    assert all(q.startswith(data.EXEC_MARKER) for q in quotes)
    others = [q.text for q in summary.other_quotes]
    assert data.HYPERLINK in others
    assert not any("old news" in q or "deleted" in q for q in others)


def test_themes_respect_the_threshold(store, fx):
    summary = _summary(store)
    assert [(t.department, t.tag, t.managers) for t in summary.themes] == [
        ("Customer Success", "product-knowledge", 4)
    ]
    lower = _summary(store, theme_threshold=2)
    tags = {t.tag for t in lower.themes}
    assert "comp-bands" in tags  # two Sales managers
    assert "secret-theme" not in tags  # only ever in private notes


def test_individuals_named_only_on_request(store, fx):
    plain = _summary(store)
    assert not any(s.person or s.summary or s.manager for s in plain.signals)
    assert not any(f.text for f in plain.followups)
    assert not any(data.PERSON_MARKER in f.owner for f in plain.followups)
    named = _summary(store, name_individuals=True)
    assert {s.person for s in named.signals} == {data.PERSON_MARKER}
    assert any(data.PERSON_MARKER in f.owner for f in named.followups)


@pytest.mark.parametrize(
    ("scope", "managers"),
    [
        (Scope("department", "sales"), {"Sam Seller", "Bea Closer", "Carl Caller", "Dee Deals"}),
        (
            Scope("executive", "ERIN@example.com"),
            {"Erin Exec", "Ada Lovelace", "Grace Hopper", "Linus Small", "Ken Quarterly"},
        ),
        (
            Scope("rep", "bob@hr.example.com"),
            {"Ken Quarterly", "Bea Closer", "Carl Caller", "Gus Guide", "Hal Helper"},
        ),
    ],
)
def test_scopes_pick_their_managers(store, fx, scope, managers):
    summary = _summary(store, scope=scope)
    assert {m.name for m in summary.managers} == managers
    departments = {m.department for m in fx.managers if m.name in managers}
    assert {g.department for g in summary.signal_groups} <= departments
    assert {g.department for g in summary.followup_groups} <= departments


def test_month_period_asks_quarterly_managers_once_by_quarter_end(store, fx):
    june = {m.name: m for m in _summary(store, Period.parse("2026-06")).managers}
    assert june["Grace Hopper"].due == 0  # met in May
    assert june["Ken Quarterly"].due == 1  # not met this quarter yet
    assert june["Ada Lovelace"].due == 1
    may = {m.name: m for m in _summary(store, Period.parse("2026-05")).managers}
    assert may["Ken Quarterly"].due == 0
    assert may["Grace Hopper"].held == 1


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (Scope("department", "Marketing"), "Known departments: Customer Success, Engineering"),
        (Scope("executive", "ada@example.com"), "No executive"),
        (Scope("rep", "nobody@example.com"), "No rep"),
        (Scope("galaxy"), "Unknown scope"),
    ],
)
def test_unknown_scope_says_what_to_do(store, fx, scope, message):
    with pytest.raises(StoreError, match=message):
        _summary(store, scope=scope)


def test_empty_store_gives_an_empty_summary(store):
    summary = _summary(store)
    assert summary.headline.managers == 0
    assert summary.headline.adherence == "–"
    assert summary.agenda == [] and summary.themes == [] and summary.signals == []


def test_due_counts_only_what_was_due_up_to_the_as_of_day(store):
    """A period still running asks only for ended months and months already held (issue 7)."""
    from partnerdesk.core.store.models import Manager, Meeting

    with store.transaction() as session:
        monthly = Manager(name="Mo Monthly", email="mo@example.com", team_size=6)
        quarterly = Manager(name="Quin Quarterly", email="quin@example.com", team_size=1)
        session.add_all([monthly, quarterly])
        session.flush()
        for day, status in [(date(2026, 10, 6), "held"), (date(2026, 11, 3), "held")]:
            session.add(Meeting(manager_id=monthly.id, planned_for=day, status=status))
        session.add(Meeting(manager_id=monthly.id, planned_for=date(2026, 12, 1), status="planned"))
    today = date(2026, 11, 22)

    def headline(code):
        return build_summary(store, Period.parse(code), today=today).headline

    quarter = headline("2026-Q4")  # October ended, November held, December not yet due
    assert (quarter.meetings_due, quarter.meetings_met) == (2, 2)
    assert quarter.meetings_held <= quarter.meetings_due
    december = headline("2026-12")  # not started: nothing is due, nothing missed
    assert (december.meetings_due, december.adherence) == (0, "–")
    assert headline("2026-11").meetings_due == 1  # running, but held already
    past = build_summary(store, Period.parse("2026-Q4"), today=date(2027, 1, 10)).headline
    assert (past.meetings_due, past.meetings_met) == (4, 2)  # 3 months + the quarterly manager
