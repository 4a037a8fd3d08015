"""A member with the team passphrase and their own real keys cannot act as anyone else.

Team: a (admin, a@), b and c (members, b@ and c@). Manager Bea is supported by b,
manager Cal by c, with b as co-rep of one of Cal's meetings. Every attack: refused,
listed under Problems, nothing applied, and the rest of the sync goes on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.core.clock import utcnow, wall_ms
from partnerdesk.core.me import set_me
from partnerdesk.core.store.models import Agenda, AssignmentRule, Manager, Meeting, Rep
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.team import current_team

from .helpers import add_note, edit_note, note, plant


def _refused(store) -> list[str]:
    return [p.message for p in list_problems(store) if p.kind == "refused"]


@pytest.fixture
def team(trio):
    """Reps, managers and notes everyone has received."""
    a, b, c = trio
    with a.transaction() as session:
        reps = {
            name: Rep(name=name.upper(), email=f"{name}@example.com", is_lead=name == "a")
            for name in "abc"
        }
        session.add_all(reps.values())
        session.flush()
        bea = Manager(name="Bea", email="bea@example.com", rep_id=reps["b"].id)
        cal = Manager(name="Cal", email="cal@example.com", rep_id=reps["c"].id)
        session.add_all([bea, cal])
        session.flush()
        ids = {k: v.id for k, v in reps.items()} | {"bea": bea.id, "cal": cal.id}
    for store, name in zip(trio, "abc", strict=True):
        set_me(store, ids[name])
    sync(a)
    for store in (b, c):
        sync(store)
    ids["b_note"] = add_note(
        b, "flight risk: Bea's deputy", manager_id=ids["bea"], author_rep_id=ids["b"]
    )
    with a.transaction() as session:  # the admin makes b a co-rep of Cal for one meeting
        meeting = Meeting(manager_id=ids["cal"], rep_id=ids["b"], planned_for=utcnow().date())
        session.add(meeting)
    ids["b_meeting"] = meeting.id
    sync(b), sync(a), sync(c)
    return a, b, c, ids


def test_rewriting_withdrawing_or_deleting_another_reps_note_is_refused(team):
    a, b, c, ids = team
    edit_note(c, ids["b_note"], body="rewritten by c")
    sync(c), sync(a)
    assert note(a, ids["b_note"]).body == "flight risk: Bea's deputy"
    assert any("from c@example.com were refused" in m for m in _refused(a))
    edit_note(c, ids["b_note"], visibility="exec")  # quoted to executives
    sync(c), sync(a)
    assert note(a, ids["b_note"]).visibility == "team"
    edit_note(c, ids["b_note"], deleted=True)
    sync(c), sync(a)
    assert not note(a, ids["b_note"]).deleted
    # the admin cannot rewrite it either; the author can
    edit_note(a, ids["b_note"], body="rewritten by the admin")
    sync(a), sync(b)
    assert note(b, ids["b_note"]).body == "flight risk: Bea's deputy"
    edit_note(b, ids["b_note"], body="b's own edit")
    sync(b), sync(a)
    assert "b's own edit" in (note(a, ids["b_note"]).body, note(a, ids["b_note"]).conflict_body)


def test_a_note_filed_under_another_author_is_refused(team):
    a, _b, c, ids = team
    forged = add_note(c, "c writes as b", author_rep_id=ids["b"])
    fine = add_note(c, "c writes as c", author_rep_id=ids["c"])
    sync(c), sync(a)
    assert note(a, forged) is None and note(a, fine).body == "c writes as c"


def test_making_oneself_lead_or_demoting_the_lead_is_refused(team):
    a, _b, c, ids = team
    with c.transaction() as session:
        session.get(Rep, ids["c"]).is_lead = True
        session.get(Rep, ids["a"]).is_lead = False
        session.get(Rep, ids["b"]).email = "c@example.com"
    sync(c), sync(a)
    with a.session() as session:
        assert not session.get(Rep, ids["c"]).is_lead
        assert session.get(Rep, ids["a"]).is_lead
        assert session.get(Rep, ids["b"]).email == "b@example.com"
    assert _refused(a)


def test_taking_another_reps_manager_or_assignment_is_refused(team):
    a, _b, c, ids = team
    with c.transaction() as session:
        session.get(Manager, ids["bea"]).rep_id = ids["c"]
        session.add(AssignmentRule(kind="department", key="Sales", rep_id=ids["c"]))
        session.get(Manager, ids["cal"]).cadence_pref = "monthly"  # c's own manager: fine
    sync(c), sync(a)
    with a.session() as session:
        assert session.get(Manager, ids["bea"]).rep_id == ids["b"]
        assert session.query(AssignmentRule).count() == 0
        assert session.get(Manager, ids["cal"]).cadence_pref == "monthly"


def test_a_co_rep_cannot_finalise_another_reps_meeting(team):
    a, _b, c, ids = team
    with c.transaction() as session:  # c supports Cal, but the meeting is b's
        session.get(Meeting, ids["b_meeting"]).finalized_at = utcnow()
    sync(c), sync(a)
    with a.session() as session:
        assert session.get(Meeting, ids["b_meeting"]).finalized_at is None
    assert _refused(a)


def test_signals_on_a_manager_one_does_not_support_are_refused(team):
    from partnerdesk.core.store.models import Signal

    a, _b, c, ids = team
    with c.transaction() as session:
        session.add(Signal(manager_id=ids["bea"], summary="invented", rep_id=ids["c"]))
        session.add(Signal(manager_id=ids["cal"], summary="real concern", rep_id=ids["c"]))
    sync(c), sync(a)
    with a.session() as session:
        assert [s.summary for s in session.query(Signal)] == ["real concern"]


def test_an_agenda_in_the_leads_name_is_held_back(team):
    _a, b, c, ids = team
    stamp = f"{wall_ms():013d}-0000-{c.device_id}"
    payload = {
        "rep": ids["a"],  # claims to speak for the lead: ignored
        "changes": {
            "agenda": {
                "cols": ["id", "month", "status", "updated_hlc", "device_id", "author_rep_id"],
                "rows": [["ag1", "2026-05", "published", stamp, c.device_id, ids["a"]]],
            }
        },
    }
    plant(c, current_team(c).last_seq + 1, payload)
    sync(b)
    with b.session() as session:
        assert session.get(Agenda, "ag1") is None
    assert any(p.kind == "not_lead" for p in list_problems(b))


def test_forging_a_bundle_as_another_device_is_refused(team):
    a, b, c, ids = team
    stamp = f"{wall_ms():013d}-0000-{b.device_id}"
    payload = {
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id", "visibility", "author_rep_id"],
                "rows": [[ids["b_note"], "forged", stamp, b.device_id, "team", ids["b"]]],
            }
        }
    }
    # c signs with its own key but puts the file in b's folder, claiming to be b
    plant(c, current_team(b).last_seq + 1, payload, device=b.device_id)
    report = sync(a)
    assert note(a, ids["b_note"]).body == "flight risk: Bea's deputy"
    assert any("is not signed by the laptop whose folder it is in" in p for p in report.problems)
    # the rest of the sync goes on
    later = add_note(b, "later", author_rep_id=ids["b"])
    sync(b)
    folder = Path(current_team(b).folder) / "devices" / b.device_id
    assert len(list(folder.glob("*.pdsync"))) >= 2
    sync(a)
    assert note(a, later).body == "later"


def test_a_change_arriving_before_the_manager_it_names_waits_then_applies(trio):
    a, b, c = trio
    with a.transaction() as session:
        rep = Rep(name="B", email="b@example.com")
        session.add(rep)
        session.flush()
        dana = Manager(name="Dana", email="dana@example.com", rep_id=rep.id)
        session.add(dana)
    sync(a), sync(b)
    with b.transaction() as session:
        meeting = Meeting(manager_id=dana.id, rep_id=rep.id, planned_for=utcnow().date())
        session.add(meeting)
    sync(b)
    a_folder = Path(current_team(a).folder) / "devices" / a.device_id
    hidden = a_folder.parent.parent / "elsewhere"
    a_folder.rename(hidden)  # the sync service has not delivered a's files to c yet
    sync(c)
    with c.session() as session:
        assert session.get(Meeting, meeting.id) is None
    assert _refused(c) == []
    hidden.rename(a_folder)
    sync(c)
    with c.session() as session:
        assert session.get(Meeting, meeting.id) is not None


def test_a_note_arriving_before_its_authors_rep_record_waits_then_applies(trio):
    a, b, c = trio
    with a.transaction() as session:
        rep = Rep(name="B", email="b@example.com")
        session.add(rep)
    sync(a), sync(b)
    note_id = add_note(b, "b's note", author_rep_id=rep.id)
    sync(b)
    a_folder = Path(current_team(a).folder) / "devices" / a.device_id
    hidden = a_folder.parent.parent / "elsewhere"
    a_folder.rename(hidden)
    sync(c)
    assert note(c, note_id) is None and _refused(c) == []
    hidden.rename(a_folder)
    sync(c)
    assert note(c, note_id).body == "b's note"


def test_cases_events_and_engagement_follow_the_same_rights(team):
    """A case on a manager one does not support, a case update on it, a case about no
    manager, a forged lifecycle event and a forged engagement result: all refused."""
    from datetime import date

    from partnerdesk.core.store.models import Case, CaseUpdate, EngagementResult, LifecycleEvent

    a, _b, c, ids = team
    with c.transaction() as session:
        session.add(Case(kind="performance", manager_id=ids["bea"], summary="invented"))
        session.add(Case(kind="exit", manager_id=None, summary="no manager"))
        mine = Case(kind="onboarding", manager_id=ids["cal"], summary="real onboarding")
        session.add(mine)
        session.flush()
        session.add(CaseUpdate(case_id=mine.id, text="first call done"))
        session.add(
            LifecycleEvent(employee_ref="x", person="Bea", kind="left", on_date=date(2026, 1, 5))
        )
        session.add(EngagementResult(manager_id=ids["bea"], period="2026-Q1", score=12.0))
    sync(c), sync(a)
    with a.session() as session:
        assert [k.summary for k in session.query(Case)] == ["real onboarding"]
        assert [u.text for u in session.query(CaseUpdate)] == ["first call done"]
        assert session.query(LifecycleEvent).count() == 0
        assert session.query(EngagementResult).count() == 0
    assert _refused(a)
