"""Follow-ups: quick-pick due dates, owners, closing in a meeting, overdue/this-week lists."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.clock import add_months
from partnerdesk.core.followups import (
    FollowUpFilter,
    FollowUpSpec,
    create_followup,
    due_from_pick,
    due_this_week,
    find_manager,
    list_followups,
    overdue,
    set_status,
    update_followup,
)
from partnerdesk.core.store.engine import StoreError
from tests.core.notes.data import add_manager, add_meeting, add_rep

TODAY = date(2026, 5, 13)  # a Wednesday


def _open_for(store, manager_id):
    return list_followups(store, FollowUpFilter(manager_id=manager_id))


def test_add_months_clamps():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_quick_picks(store):
    monthly = add_manager(store, "Ana Ruiz")
    quarterly = add_manager(store, "Bo Chen", cadence_pref="quarterly")
    add_meeting(store, monthly.id, date(2026, 6, 2))
    add_meeting(store, monthly.id, date(2026, 5, 1))  # in the past: ignored
    add_meeting(store, monthly.id, date(2026, 5, 20), status="cancelled")
    assert due_from_pick(store, "next_meeting", monthly.id, TODAY) == date(2026, 6, 2)
    assert due_from_pick(store, "next_meeting", quarterly.id, TODAY) == date(2026, 8, 13)
    assert due_from_pick(store, "next_meeting", None, TODAY) == date(2026, 6, 13)
    assert due_from_pick(store, "one_week", monthly.id, TODAY) == date(2026, 5, 20)
    assert due_from_pick(store, "end_of_month", monthly.id, TODAY) == date(2026, 5, 31)
    with pytest.raises(StoreError, match="next_meeting"):
        due_from_pick(store, "someday", monthly.id, TODAY)


def test_create_validates(store):
    with pytest.raises(StoreError, match="needs some text"):
        create_followup(store, FollowUpSpec("   "))
    with pytest.raises(StoreError, match="Name the person"):
        create_followup(store, FollowUpSpec("Ask payroll", owner_kind="named"))
    with pytest.raises(StoreError, match="Unknown owner"):
        create_followup(store, FollowUpSpec("Ask payroll", owner_kind="boss"))
    assert list_followups(store, FollowUpFilter(statuses=())) == []


def test_closing_in_a_meeting_records_when_and_where(store):
    manager = add_manager(store, "Ana Ruiz")
    first = add_meeting(store, manager.id, date(2026, 4, 2))
    second = add_meeting(store, manager.id, date(2026, 5, 4))
    followup = create_followup(
        store, FollowUpSpec("Share the ladder doc", owner_kind="manager", meeting_id=first.id)
    )
    (row,) = _open_for(store, manager.id)  # carried into the next meeting
    assert (row.manager_id, row.owner_label) == (manager.id, "Ana Ruiz")
    set_status(store, followup.id, "done", meeting_id=second.id)
    assert _open_for(store, manager.id) == []
    (done,) = list_followups(store, FollowUpFilter(statuses=("done",)))
    assert done.closed_meeting_id == second.id and done.closed_at is not None
    set_status(store, followup.id, "open")
    (reopened,) = _open_for(store, manager.id)
    assert reopened.closed_at is None and reopened.closed_meeting_id is None
    with pytest.raises(StoreError, match="Unknown status"):
        set_status(store, followup.id, "finished")


def test_overdue_this_week_and_groups(store):
    ana = add_manager(store, "Ana Ruiz")
    bo = add_manager(store, "Bo Chen")
    rep = add_rep(store, "Rita Rep", "rita@example.com")

    def make(text, due, manager, **kw):
        return create_followup(store, FollowUpSpec(text, due_date=due, manager_id=manager.id, **kw))

    late = make("late", date(2026, 5, 1), ana, rep_id=rep.id)
    make("sunday", date(2026, 5, 17), bo, owner_kind="named", owner_name="Payroll")
    make("next week", date(2026, 5, 18), bo)
    make("undated", None, ana)
    closed = make("closed late", date(2026, 5, 2), ana)
    set_status(store, closed.id, "dropped")

    assert [r.text for r in overdue(store, TODAY)] == ["late"]
    assert [r.text for r in due_this_week(store, TODAY)] == ["sunday"]
    rows = list_followups(store, FollowUpFilter(today=TODAY), rep.id)
    assert [r.text for r in rows] == ["late", "sunday", "next week", "undated"]
    assert rows[0].is_overdue(TODAY) and not rows[1].is_overdue(TODAY)
    assert sorted({r.owner_label for r in rows}) == ["Me", "Payroll"]
    by_owner = list_followups(store, FollowUpFilter(owner_kind="named", owner_name="Payroll"))
    assert [r.text for r in by_owner] == ["sunday"]
    by_manager = list_followups(store, FollowUpFilter(manager_id=ana.id, today=TODAY))
    assert [r.text for r in by_manager] == ["late", "undated"]
    mine = list_followups(store, FollowUpFilter(rep_id=rep.id))
    assert [r.id for r in mine] == [late.id]
    everything = list_followups(store, FollowUpFilter(statuses=()))
    assert len(everything) == 5


def test_update_and_find_manager(store):
    manager = add_manager(store, "Ana Ruiz", email="Ana.Ruiz@Example.com")
    followup = create_followup(store, FollowUpSpec("draft", manager_id=manager.id))
    update_followup(store, followup.id, FollowUpSpec("final", owner_kind="named", owner_name="IT"))
    (row,) = list_followups(store)
    assert (row.text, row.owner_label) == ("final", "IT")
    assert find_manager(store, "ana.ruiz@example.com").id == manager.id
    with pytest.raises(StoreError, match="No manager has the email"):
        find_manager(store, "nobody@example.com")


def test_owner_me_reads_me_only_for_the_current_users_own_follow_ups(store):
    """Owner "me" means the rep who created it: another rep's follow-up shows their name."""
    ana = add_manager(store, "Ana Ruiz")
    rita = add_rep(store, "Rita Rep", "rita@example.com")
    sam = add_rep(store, "Sam Second", "sam@example.com")
    create_followup(store, FollowUpSpec("mine", manager_id=ana.id, rep_id=rita.id))
    create_followup(store, FollowUpSpec("theirs", manager_id=ana.id, rep_id=sam.id))
    labels = {r.text: r.owner_label for r in list_followups(store, me_rep_id=rita.id)}
    assert labels == {"mine": "Me", "theirs": "Sam Second"}
    as_sam = {r.text: r.owner_label for r in list_followups(store, me_rep_id=sam.id)}
    assert as_sam == {"mine": "Rita Rep", "theirs": "Me"}


def test_next_meeting_pick_follows_the_small_team_rule(store):
    tiny = add_manager(store, "Cy Park", team_size=2)
    large = add_manager(store, "Di Ode", team_size=9)
    assert due_from_pick(store, "next_meeting", tiny.id, TODAY) == date(2026, 8, 13)
    assert due_from_pick(store, "next_meeting", large.id, TODAY) == date(2026, 6, 13)
