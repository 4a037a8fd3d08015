"""What the UI reads: the status line, devices seen, conflicts and problems."""

from __future__ import annotations

import shutil

from partnerdesk.core.me import set_me
from partnerdesk.core.store.models import Rep
from partnerdesk.core.sync.conflicts import list_conflicts
from partnerdesk.core.sync.problems import dismiss_problem, list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.status import list_devices, sync_status

from .helpers import add_note, bundle_files, edit_note


def test_status_messages(make_store, trio, shared):
    lone = make_store("lone")
    assert sync_status(lone).message == "Not syncing: no team yet"
    a, _b, _c = trio
    assert sync_status(a).message == "Not synced yet"
    add_note(a, "one")
    assert sync_status(a).message == "1 change waiting — they go out at the next sync"
    sync(a)
    assert sync_status(a).message.startswith("Synced ")
    shutil.move(str(shared), str(shared.parent / "gone"))
    add_note(a, "two"), add_note(a, "three")
    status = sync_status(a)
    assert not status.reachable and status.message.startswith("2 changes waiting — shared")


def test_devices_seen_with_their_rep_and_last_bundle(trio):
    a, b, _c = trio
    with a.transaction() as session:
        rep = Rep(name="Ana Lead", email="a@example.com", is_lead=True)  # as the log says
        session.add(rep)
    set_me(a, rep.id)
    sync(a)
    add_note(a, "more")
    sync(a), sync(b)
    devices = list_devices(b)
    assert devices[0].this_device and devices[0].device_id == b.device_id
    [other] = [d for d in devices if not d.this_device]
    assert other.device_id == a.device_id and other.name == "laptop-a"
    assert other.rep_name == "Ana Lead" and other.last_seq == 2 and other.bundles == 2
    assert other.last_bundle_at is not None
    mine = list_devices(a)[0]
    assert mine.this_device and mine.last_seq == 2


def test_problems_can_be_dismissed(trio):
    a, b, _c = trio
    add_note(a, "x")
    sync(a)
    path = bundle_files(a)[0]
    path.write_bytes(path.read_bytes()[:50])
    sync(b)
    [problem] = list_problems(b)
    assert path.name in problem.message and problem.kind == "damaged"
    assert sync_status(b).problems == 1
    dismiss_problem(b, problem.id)
    assert list_problems(b) == []
    sync(b)
    assert list_problems(b) == []  # the same problem does not come back


def test_conflicts_are_listed_oldest_first(laptops):
    a, b, _c = laptops
    first, second = add_note(a, "first"), add_note(a, "second")
    sync(a), sync(b)
    for note_id in (first, second):
        edit_note(a, note_id, body="a's words")
        edit_note(b, note_id, body="b's words")
    sync(a), sync(b), sync(a)
    conflicts = list_conflicts(a)
    assert [c.note_id for c in conflicts] == [first, second]
    assert all({c.body, *c.others} == {"a's words", "b's words"} for c in conflicts)


def test_conflicts_name_who_wrote_each_version_and_when(laptops):
    """Two laptops of one rep edit the same note apart: each version names its writer."""
    a, b, _c = laptops
    with a.transaction() as session:
        pat = Rep(name="Pat Partner", email="pat@example.com")
        session.add(pat)
    set_me(a, pat.id)
    note_id = add_note(a, "first", author_rep_id=pat.id)
    sync(a), sync(b)
    set_me(b, pat.id)
    edit_note(a, note_id, body="a's words")
    edit_note(b, note_id, body="b's words")
    sync(b), sync(a)
    (conflict,) = list_conflicts(a)
    bodies = [conflict.body, *conflict.others]
    by_body = dict(zip(bodies, [conflict.shown_by, *conflict.others_by], strict=True))
    assert by_body["a's words"].startswith("You, on this computer, ")
    assert by_body["b's words"].startswith("Pat Partner on laptop-b, ")
    assert by_body["b's words"][-5:-2].endswith(":")  # a time of day, to the minute
