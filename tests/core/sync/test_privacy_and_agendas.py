"""Private notes never reach the shared folder; agendas travel only from the HR lead."""

from __future__ import annotations

from pathlib import Path

from partnerdesk.core.me import set_me
from partnerdesk.core.store.models import Agenda, AgendaItem, Rep
from partnerdesk.core.sync.admin import set_role
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.status import sync_status

from .helpers import add_note, all_bytes, edit_note, note

MARKERS = ("ZEBRA-PRIVATE-7731", "OKAPI-WITHDRAWN-5120", "narwhal-private-tag")


def test_private_note_words_never_reach_the_shared_folder(trio, shared):
    a, b, c = trio
    private_id = add_note(a, f"{MARKERS[0]} flight risk rumour #{MARKERS[2]}", "private")
    shared_id = add_note(a, f"{MARKERS[1]} first shared", "team", tags="")
    team_id = add_note(a, "plain team note")
    for store in (a, b, c):
        sync(store)
    assert note(b, shared_id).body.startswith(MARKERS[1])
    assert note(b, private_id) is None
    # the shared note is switched to private: withdrawn from the team, words and all
    edit_note(a, shared_id, visibility="private", body=f"{MARKERS[1]} now private")
    edit_note(a, private_id, body=f"{MARKERS[0]} edited again")
    edit_note(a, team_id, body="plain team note, edited")
    assert sync(a).exported == 2  # the withdrawal and the team note; the private note: nothing
    for store in (b, c):
        sync(store)
        withdrawn = note(store, shared_id)
        assert withdrawn.deleted and withdrawn.body == "" and withdrawn.visibility == "private"
        assert note(store, team_id).body == "plain team note, edited"
    # a's private note is untouched at home
    assert note(a, shared_id).body == f"{MARKERS[1]} now private" and not note(a, shared_id).deleted
    assert sync(a).exported == 0  # nothing more to withdraw
    everything = all_bytes(shared)
    for marker in MARKERS:
        assert marker.encode() not in everything
        assert marker.lower().encode() not in everything.lower()
    log = Path(a.path).parent / "logs" / "partnerdesk.log"
    if log.exists():
        assert all(m.encode() not in log.read_bytes() for m in MARKERS)


def test_a_note_made_team_again_travels_again(trio):
    a, b, _c = trio
    note_id = add_note(a, "shared then private then shared")
    sync(a), sync(b)
    edit_note(a, note_id, visibility="private")
    sync(a), sync(b)
    assert note(b, note_id).deleted
    edit_note(a, note_id, visibility="team")
    sync(a), sync(b)
    back = note(b, note_id)
    assert not back.deleted and back.body == "shared then private then shared"


def test_a_remote_edit_never_overwrites_a_note_made_private_here(laptops):
    a, b, _c = laptops
    note_id = add_note(a, "original")
    sync(a), sync(b)
    edit_note(a, note_id, visibility="private", body="mine only")
    edit_note(b, note_id, body="b's edit")
    sync(b), sync(a), sync(b)
    assert note(a, note_id).body == "mine only" and note(a, note_id).visibility == "private"
    kept = note(b, note_id)
    assert not kept.deleted and kept.body == "b's edit"  # b's words survive on b's side


def _rep(store, name: str, lead: bool) -> str:
    with store.transaction() as session:
        rep = Rep(name=name, email=f"{name.lower()}@example.com", is_lead=lead)
        session.add(rep)
    set_me(store, rep.id)
    return rep.id


def _agenda(store, month: str, status: str) -> str:
    with store.transaction() as session:
        agenda = Agenda(month=month, title=f"Agenda {month}", status=status)
        session.add(agenda)
        session.flush()
        session.add(AgendaItem(agenda_id=agenda.id, section="Priorities", text="Brand refresh"))
    return agenda.id


def _agendas(store) -> dict[str, str]:
    with store.session() as session:
        return {a.month: a.status for a in session.query(Agenda).filter_by(deleted=False)}


def _items(store) -> int:
    with store.session() as session:
        return session.query(AgendaItem).count()


def test_agendas_are_accepted_only_from_the_leads_devices(trio):
    a, b, c = trio
    _rep(a, "Lena", lead=True)
    sync(a), sync(b), sync(c)
    _rep(b, "Bo", lead=False)
    _agenda(a, "2026-05", "published")
    _agenda(a, "2026-06", "draft")  # drafts stay home
    _agenda(b, "2026-07", "published")  # not the lead
    for store in (a, b, c, a):
        sync(store)
    for store in (a, c):
        assert _agendas(store).get("2026-05") == "published"
        assert "2026-06" not in _agendas(store) or store is a
        assert "2026-07" not in _agendas(store)
    assert _items(c) == 1
    problems = [p for p in list_problems(c) if p.kind == "not_lead"]
    assert problems and "only the team admins' computers" in problems[0].message
    assert sync_status(c).held == 2  # b's agenda and its item, kept aside
    # a Rep record saying "lead" changes nothing: roles live in the signed member list
    with b.transaction() as session:
        session.query(Rep).filter_by(name="Bo").one().is_lead = True
    sync(b), sync(c)
    assert "2026-07" not in _agendas(c)
    # the admin makes Bo an admin: the held agenda is accepted at the next sync
    set_role(a, "b@example.com", "admin")
    sync(c)
    assert _agendas(c).get("2026-07") == "published"
    assert sync_status(c).held == 0


def test_publishing_later_sends_the_items_written_as_a_draft(trio):
    a, b, _c = trio
    _rep(a, "Lena", lead=True)
    agenda_id = _agenda(a, "2026-05", "draft")
    sync(a), sync(b)
    assert _items(b) == 0
    with a.transaction() as session:
        session.get(Agenda, agenda_id).status = "published"
    sync(a), sync(b)
    assert _agendas(b) == {"2026-05": "published"} and _items(b) == 1
