"""Replicas with random edits and syncs in random orders all end identical.

The team: a (the admin, lead@), b and c (one rep, pat@, on two laptops: their concurrent
edits make conflicts), and d (another rep) who is approved at the start and removed at
a random point. Edits follow the rights a real app gives: a rep edits their own notes,
the admin the roster. Every bundle is signed and checked.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.store.models import Manager, Note
from partnerdesk.core.sync.admin import approve, remove
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.team import create_team, join_team
from tests.sync_fixtures import FAST_KDF, TEAM_PASSPHRASE

from .helpers import replica

WORDS = st.sampled_from(["budget", "hiring", "training", "reorg", "offsite", ""])
REPLICA = st.integers(0, 3)
OPS = st.one_of(
    st.tuples(st.just("remove"), REPLICA),
    st.tuples(st.just("new"), REPLICA, WORDS),
    st.tuples(st.just("edit"), REPLICA, st.integers(0, 5), WORDS),
    st.tuples(st.just("delete"), REPLICA, st.integers(0, 5)),
    st.tuples(st.just("visibility"), REPLICA, st.integers(0, 5)),
    st.tuples(st.just("manager"), REPLICA, WORDS),
    st.tuples(st.just("sync"), REPLICA),
    st.tuples(st.just("sync"), REPLICA),
)


EMAILS = ("lead@example.com", "pat@example.com", "pat@example.com", "dee@example.com")


def _apply(stores, op, note_ids: list[str], owners: dict[str, str], manager_id: str) -> None:
    kind, store = op[0], stores[op[1]]
    email = EMAILS[op[1]]
    if kind == "sync":
        sync(store)
        return
    if kind == "remove":
        if not _removed:
            sync(stores[0])  # the admin has read all d wrote so far: the cut is the same for all
            remove(stores[0], stores[3].device_id)
            _removed.append(True)
        return
    if kind == "manager":
        store, email = stores[0], EMAILS[0]  # the roster is the admin's
    with store.transaction() as session:
        if kind == "new":
            note = Note(body=f"note {op[2]}", visibility="team")
            session.add(note)
            session.flush()
            note_ids.append(note.id)
            owners[note.id] = email
        elif kind == "manager":
            manager = session.get(Manager, manager_id)
            if manager is not None:
                manager.title = op[2]
        elif note_ids:
            note_id = note_ids[op[2] % len(note_ids)]
            note = session.get(Note, note_id)
            if note is None or note.deleted or owners[note_id] != email:
                return  # the app lets a rep edit their own notes only
            if kind == "edit":
                note.body = f"{note.body} {op[3]}".strip()
            elif kind == "visibility":
                note.visibility = "team" if note.visibility == "private" else "private"
            else:
                note.deleted = True


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, max_size=14))
def test_replicas_converge(make_store, shared, ops):
    run = next(_runs)
    stores = [make_store(f"run{run}-{name}") for name in "abcd"]
    folder = shared / f"run{run}"
    folder.mkdir()
    create_team(stores[0], folder, "Team", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAILS[0])
    for store, email in zip(stores[1:], EMAILS[1:], strict=True):
        join_team(store, folder, TEAM_PASSPHRASE, email=email)
    approve(stores[0])
    _removed.clear()
    with stores[0].transaction() as session:
        manager = Manager(name="Dana", email="dana@example.com")
        session.add(manager)
    note_ids: list[str] = []
    owners: dict[str, str] = {}
    try:
        for op in ops:
            _apply(stores, op, note_ids, owners, manager.id)
        for _round in range(2):
            for store in stores:
                sync(store)
        members = stores if not _removed else stores[:3]
        replicas = [replica(store) for store in members]
        # a note someone keeps private is theirs alone; the others agree on what they hold
        private = set(note_ids) - set.intersection(*(set(r["note"]) for r in replicas))
        for note_id in private:
            held = [r["note"].pop(note_id) for r in replicas if note_id in r["note"]]
            assert all(version == held[0] for version in held)
        for other in replicas[1:]:
            assert other == replicas[0]
        if not private and not _removed:
            assert len(replicas[0]["note"]) == len(set(note_ids))
    finally:
        for store in stores:
            store.close()


_runs = itertools.count()
_removed: list[bool] = []
