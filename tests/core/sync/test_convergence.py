"""Three replicas, random edits and syncs in random orders: all end identical."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.store.models import Manager, Note
from partnerdesk.core.sync.runner import sync
from tests.sync_fixtures import team_of

from .helpers import replica

WORDS = st.sampled_from(["budget", "hiring", "training", "reorg", "offsite", ""])
REPLICA = st.integers(0, 2)
OPS = st.one_of(
    st.tuples(st.just("new"), REPLICA, WORDS),
    st.tuples(st.just("edit"), REPLICA, st.integers(0, 5), WORDS),
    st.tuples(st.just("delete"), REPLICA, st.integers(0, 5)),
    st.tuples(st.just("visibility"), REPLICA, st.integers(0, 5)),
    st.tuples(st.just("manager"), REPLICA, WORDS),
    st.tuples(st.just("sync"), REPLICA),
    st.tuples(st.just("sync"), REPLICA),
)


def _apply(store, op, note_ids: list[str], manager_id: str) -> None:
    kind = op[0]
    if kind == "sync":
        sync(store)
        return
    with store.transaction() as session:
        if kind == "new":
            note = Note(body=f"note {op[2]}", visibility="team")
            session.add(note)
            session.flush()
            note_ids.append(note.id)
        elif kind == "manager":
            manager = session.get(Manager, manager_id)
            if manager is not None:
                manager.title = op[2]
        elif note_ids:
            note = session.get(Note, note_ids[op[2] % len(note_ids)])
            if note is None or note.deleted:
                return
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
    stores = [make_store(f"run{run}-{name}") for name in "abc"]
    folder = shared / f"run{run}"
    folder.mkdir()
    team_of(stores, folder, "Team")
    with stores[0].transaction() as session:
        manager = Manager(name="Dana", email="dana@example.com")
        session.add(manager)
    note_ids: list[str] = []
    try:
        for op in ops:
            _apply(stores[op[1]], op, note_ids, manager.id)
        for _round in range(2):
            for store in stores:
                sync(store)
        replicas = [replica(store) for store in stores]
        # a note someone keeps private is theirs alone; the others agree on what they hold
        private = set(note_ids) - set.intersection(*(set(r["note"]) for r in replicas))
        for note_id in private:
            held = [r["note"].pop(note_id) for r in replicas if note_id in r["note"]]
            assert all(version == held[0] for version in held)
        assert replicas[1] == replicas[0]
        assert replicas[2] == replicas[0]
        if not private:
            assert len(replicas[0]["note"]) == len(set(note_ids))
    finally:
        for store in stores:
            store.close()


_runs = itertools.count()
