"""Merging: latest stamp wins, concurrent note edits keep both versions, deletes, clock skew."""

from __future__ import annotations

from partnerdesk.core.clock import wall_ms
from partnerdesk.core.store.models import Manager
from partnerdesk.core.sync.conflicts import list_conflicts, resolve_conflict
from partnerdesk.core.sync.merge import (
    VERSION_SEPARATOR,
    Head,
    dominates,
    maximal,
    merge_note,
    shown_record,
)
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.status import sync_status

from .helpers import add_note, edit_note, note, replica

YEAR_MS = 365 * 24 * 3600 * 1000


def _head(hlc: str, body: str, vv: dict[str, str], deleted: bool = False) -> Head:
    record = {
        "id": "n",
        "updated_hlc": hlc,
        "body": body,
        "deleted": deleted,
        "conflict_body": None,
    }
    return Head(record, vv)


def test_version_vectors():
    assert dominates({"a": "2", "b": "1"}, {"a": "1"})
    assert not dominates({"a": "2"}, {"a": "1", "b": "1"})
    old, new = _head("1", "x", {"a": "1"}), _head("2", "y", {"a": "2"})
    assert maximal([old, new]) == [new]
    assert merge_note([new], old) is None  # an older version changes nothing


def test_concurrent_heads_merge_the_same_in_any_order():
    base = {"a": "1"}
    x = _head("2-a", "from a", {**base, "a": "2-a"})
    y = _head("3-b", "from b", {**base, "b": "3-b"})
    z = _head("4-c", "from c", {**base, "c": "4-c"})
    one = merge_note(merge_note([x], y).heads, z)
    two = merge_note(merge_note([z], x).heads, y)
    assert one.record == two.record
    assert one.record["body"] == "from c"
    assert one.record["conflict_body"] == VERSION_SEPARATOR.join(["from a", "from b"])
    assert shown_record([x]) == x.record


def test_concurrent_edits_of_one_note_keep_both_versions(laptops):
    a, b, c = laptops
    note_id = add_note(a, "agreed plan")
    sync(a), sync(b)
    edit_note(a, note_id, body="agreed plan + budget from a")
    edit_note(b, note_id, body="agreed plan + hiring from b")
    for store in (a, b, c, a, b):
        sync(store)
    assert replica(a) == replica(b) == replica(c)
    merged = note(c, note_id)
    assert {merged.body, merged.conflict_body} == {
        "agreed plan + budget from a",
        "agreed plan + hiring from b",
    }
    assert sync_status(c).conflicts == 1
    [conflict] = list_conflicts(c)
    assert conflict.note_id == note_id and len(conflict.others) == 1
    resolve_conflict(c, note_id, "agreed plan + budget + hiring #budget")
    for store in (c, a, b):
        sync(store)
    for store in (a, b, c):
        resolved = note(store, note_id)
        assert resolved.body == "agreed plan + budget + hiring #budget"
        assert resolved.conflict_body is None and resolved.tags == "budget"
    assert replica(a) == replica(b) == replica(c)


def _delete_vs_edit(laptops, deleter_first: bool) -> None:
    a, b, c = laptops
    note_id = add_note(a, "to be discussed")
    sync(a), sync(b)
    edit_note(a, note_id, deleted=True)
    edit_note(b, note_id, body="to be discussed: more words")
    order = (a, b, c, a, b) if deleter_first else (b, a, c, b, a)
    for store in order:
        sync(store)
    assert replica(a) == replica(b) == replica(c)
    for store in (a, b, c):
        kept = note(store, note_id)
        assert not kept.deleted and kept.body == "to be discussed: more words"
        assert kept.conflict_body == ""  # the other version deleted it
    [conflict] = list_conflicts(a)
    assert conflict.deleted_elsewhere


def test_delete_vs_edit_deleter_syncs_first(laptops):
    _delete_vs_edit(laptops, deleter_first=True)


def test_delete_vs_edit_editor_syncs_first(laptops):
    _delete_vs_edit(laptops, deleter_first=False)


def test_a_delete_after_seeing_the_edit_wins_everywhere(laptops):
    a, b, c = laptops
    note_id = add_note(a, "draft")
    sync(a), sync(b)
    edit_note(b, note_id, body="draft v2")
    sync(b), sync(a)
    edit_note(a, note_id, deleted=True)
    for store in (a, b, c):
        sync(store)
    assert all(note(store, note_id).deleted for store in (a, b, c))
    assert replica(a) == replica(b) == replica(c)


def _manager(store, name: str = "Dana") -> str:
    with store.transaction() as session:
        manager = Manager(name=name, email="dana@example.com")
        session.add(manager)
    return manager.id


def _rename(store, manager_id: str, title: str) -> None:
    with store.transaction() as session:
        session.get(Manager, manager_id).title = title


def _title(store, manager_id: str) -> str:
    with store.session() as session:
        return session.get(Manager, manager_id).title


def test_a_clock_a_year_ahead_does_not_win(laptops):
    a, b, c = laptops
    manager_id = _manager(a)
    sync(a), sync(b)
    b.clock._now_ms = lambda: wall_ms() + YEAR_MS
    _rename(b, manager_id, "from the future")
    sync(b)
    _rename(a, manager_id, "from today")
    sync(a), sync(c)
    assert _title(a, manager_id) == "from today"
    assert _title(c, manager_id) == "from today"
    assert sync_status(c).held == 1
    assert any(p.kind == "future" and "ahead" in p.message for p in list_problems(c))
    # once this computer's clock reaches that date, the held change applies
    sync(c, now_ms=lambda: wall_ms() + YEAR_MS)
    assert _title(c, manager_id) == "from the future"
    assert sync_status(c).held == 0
    assert not [p for p in list_problems(c) if p.kind == "future"]


def _behind(store) -> None:
    """Put ``store``'s computer clock a year in the past."""
    store.clock._now_ms = lambda: wall_ms() - YEAR_MS


def _past() -> int:
    return wall_ms() - YEAR_MS


def test_a_clock_a_year_behind_loses_and_holds_until_fixed(laptops):
    a, b, c = laptops
    manager_id = _manager(a)
    sync(a), sync(b)
    _behind(b)
    _rename(a, manager_id, "a's edit")
    _rename(b, manager_id, "b's stale edit")  # stamped in b's past: loses
    new_id = _manager(b, "Created on b")
    sync(a), sync(b, now_ms=_past), sync(a), sync(c)
    assert _title(a, manager_id) == _title(c, manager_id) == "a's edit"
    assert _title(a, new_id) == ""  # b's new record still reached the others
    # from b's point of view a's stamps are a year ahead: held, and b is told why
    assert _title(b, manager_id) == "b's stale edit"
    assert any(p.kind == "future" for p in list_problems(b))
    b.clock._now_ms = wall_ms  # the clock is fixed
    sync(b)
    assert replica(a) == replica(b) == replica(c)
    assert not [p for p in list_problems(b) if p.kind == "future"]


def test_concurrent_note_edit_under_skew_keeps_both(laptops):
    a, b, c = laptops
    note_id = add_note(a, "base")
    sync(a), sync(b)
    _behind(b)
    edit_note(a, note_id, body="a now")
    edit_note(b, note_id, body="b a year ago")
    sync(a), sync(b, now_ms=_past), sync(c)
    merged = note(c, note_id)
    assert {merged.body, merged.conflict_body} == {"a now", "b a year ago"}
    b.clock._now_ms = wall_ms
    for store in (a, b, c):
        sync(store)
    assert replica(a) == replica(b) == replica(c)


def test_a_restarted_clock_behind_the_stored_stamps_is_primed(laptops):
    a, b, c = laptops
    manager_id = _manager(a)
    _rename(a, manager_id, "a's edit")
    sync(a), sync(b)
    # b restarts with its wall clock an hour behind the stamps it already holds
    b.clock._now_ms = lambda: wall_ms() - 3600 * 1000
    b.clock._wall = b.clock._counter = 0
    b.prime_clock()
    _rename(b, manager_id, "b's later edit")
    sync(b), sync(a), sync(c)
    assert {_title(s, manager_id) for s in (a, b, c)} == {"b's later edit"}
