"""Bulk writes store exactly what the ORM stores, and bulk ids are ordinary UUIDs."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from partnerdesk.core.clock import utcnow
from partnerdesk.core.store.bulk import (
    REBUILD_FROM,
    insert_rows,
    new_ids,
    stored_moment,
    uuid_text,
)
from partnerdesk.core.store.engine import BULK_CACHE_KIB, CACHE_KIB
from partnerdesk.core.store.models import LifecycleEvent

EVENT_COLUMNS = (
    "id", "employee_ref", "person", "kind", "on_date", "manager_email", "from_manager_email",
    "department", "from_department", "detected_at", "updated_hlc", "device_id", "deleted",
)  # fmt: skip
INDEXES = (
    "SELECT name, sql, rootpage FROM sqlite_master WHERE type = 'index' "
    "AND tbl_name = 'lifecycle_event' ORDER BY name"
)


def _events(count: int, start: int = 0) -> list[tuple]:
    return [
        (f"event-{n:06d}", f"person-{n % 997}", f"Person {n}", "joined", date(2020, 1, 1 + n % 28),
         f"boss{n % 50}@acme.example", "", "Sales", "", "2026-01-01 00:00:00.000000", "h", "d", 0)
        for n in range(start, start + count)
    ]  # fmt: skip


def _indexes(store) -> list[tuple[str, str, int]]:
    with store.session() as session:
        return session.connection().exec_driver_sql(INDEXES).all()


def test_uuid_text_prints_what_uuid_prints():
    for _ in range(500):
        digits = os.urandom(16).hex()
        for version in (4, 5):
            assert uuid_text(digits, version) == str(uuid.UUID(digits, version=version))


def test_new_ids_are_distinct_random_version_4_uuids():
    ids = new_ids(5000)
    assert len(set(ids)) == 5000 and new_ids(0) == []
    for text in ids:
        parsed = uuid.UUID(text)
        assert (str(parsed), parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)
    digits = "".join(text.replace("-", "") for text in ids)
    # random apart from the version and variant bits: every hex digit turns up in the rest
    assert set(digits[::32]) == set("0123456789abcdef")


def test_a_bulk_row_is_stored_as_the_orm_stores_it(store):
    moment, on = utcnow(), date(2015, 3, 2)
    values = {
        "employee_ref": "e",
        "person": "Old Hand",
        "kind": "joined",
        "on_date": on,
        "manager_email": "anna@acme.example",
        "device_id": store.device_id,
        "deleted": False,
    }
    with store.transaction() as session:
        session.add(LifecycleEvent(id="orm", detected_at=moment, **values))
        session.flush()
        shared = ("device_id", "deleted")
        row = {k: v for k, v in values.items() if k not in shared} | {"id": "bulk"}
        row |= {"from_manager_email": "", "department": "", "from_department": ""}
        same = {"updated_hlc": store.clock.tick(), "device_id": store.device_id, "deleted": 0}
        same["detected_at"] = stored_moment(moment)
        insert_rows(session, "lifecycle_event", list(row), [tuple(row.values())], same)
    compared = [c.name for c in LifecycleEvent.__table__.c if c.name not in ("id", "updated_hlc")]
    with store.session() as session:
        stored = session.connection().exec_driver_sql(
            f"SELECT {', '.join(compared)} FROM lifecycle_event ORDER BY id"
        )
        bulk, orm = stored.fetchall()
        assert bulk == orm
        assert session.get(LifecycleEvent, "bulk").detected_at == moment


def test_shared_values_are_written_as_given_and_only_text_or_ints_are_taken(store):
    columns = [c for c in EVENT_COLUMNS if c not in ("device_id", "deleted")]
    rows = [row[:11] for row in _events(3)]
    odd = 'it\'s -- a "device"; DROP TABLE employee; ü'
    with store.transaction() as session:
        insert_rows(session, "lifecycle_event", columns, rows, {"device_id": odd, "deleted": 1})
        for bad in (None, 1.5, True, "nul\x00byte"):
            with pytest.raises(TypeError):
                insert_rows(session, "lifecycle_event", columns, rows, {"device_id": bad})
    with store.session() as session:
        stored = session.connection().exec_driver_sql(
            "SELECT DISTINCT device_id, deleted, typeof(deleted) FROM lifecycle_event"
        )
        assert stored.all() == [(odd, 1, "integer")]
        assert session.connection().exec_driver_sql("SELECT count(*) FROM employee").scalar() == 0


def test_none_booleans_and_dates_bind_as_null_integers_and_iso_days(store):
    """The engine's adapters for None, bool and date (engine._quick_binds) store what the
    driver stored without them: NULL, the integers 1 and 0, and the ISO day as text."""
    with store.session() as session:
        bound = session.connection().exec_driver_sql(
            "SELECT typeof(?), ?, typeof(?), ?, typeof(?), ?, typeof(?), ?",
            (None, None, True, True, False, 0, date(2027, 2, 3), date(987, 6, 5)),
        )
        assert bound.one() == ("null", None, "integer", 1, "integer", 0, "text", "0987-06-05")
    import sqlcipher3

    registered = {kind for kind, _protocol in sqlcipher3.adapters}
    assert {type(None), bool, date} <= registered  # found, so no failed search per value


def test_a_big_insert_into_an_empty_table_rebuilds_the_same_indexes(store):
    before = _indexes(store)
    with store.transaction() as session:
        insert_rows(session, "lifecycle_event", EVENT_COLUMNS, _events(REBUILD_FROM))
    after = _indexes(store)
    assert [(n, sql) for n, sql, _root in after] == [(n, sql) for n, sql, _root in before]
    # Built anew (new root pages: the rows took the dropped indexes' freed pages), all
    # but the primary key's, which has no statement: on_date, employee_ref,
    # manager_email and updated_hlc.
    pairs = list(zip(after, before, strict=True))
    rebuilt = {new[0] for new, old in pairs if new[2] != old[2]}
    assert rebuilt == {new[0] for new, _old in pairs if new[1]} and len(rebuilt) == 4
    with store.session() as session:
        run = session.connection().exec_driver_sql
        assert run("PRAGMA integrity_check").scalar_one() == "ok"
        plan = run("EXPLAIN QUERY PLAN SELECT id FROM lifecycle_event WHERE employee_ref = 'x'")
        assert "ix_lifecycle_event_employee_ref" in " ".join(str(r) for r in plan)
        found = run("SELECT count(*) FROM lifecycle_event WHERE employee_ref = 'person-5'")
        assert found.scalar_one() == len(range(5, REBUILD_FROM, 997))


def test_a_small_insert_or_a_bigger_table_keeps_its_indexes_as_they_are(store):
    with store.transaction() as session:
        insert_rows(session, "lifecycle_event", EVENT_COLUMNS, _events(REBUILD_FROM - 1))
    kept = _indexes(store)
    with store.transaction() as session:  # adds fewer rows than the table holds
        insert_rows(session, "lifecycle_event", EVENT_COLUMNS, _events(REBUILD_FROM - 2, 10**5))
    assert _indexes(store) == kept


def test_a_failed_big_insert_leaves_the_table_and_its_indexes_as_they_were(store):
    before = _indexes(store)
    rows = _events(REBUILD_FROM)
    with pytest.raises(IntegrityError), store.transaction() as session:
        # nothing written before it: the insert opens the transaction for its DROP INDEX
        insert_rows(session, "lifecycle_event", EVENT_COLUMNS, [*rows, rows[0]])
    assert _indexes(store) == before
    with store.session() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM lifecycle_event")
        assert count.scalar_one() == 0


def test_a_bulk_write_keeps_its_pages_until_the_commit_then_gives_the_cache_back(store):
    def cache(raw) -> int:
        return raw.execute("PRAGMA cache_size").fetchone()[0]

    with store.transaction() as session:
        raw = session.connection().connection.dbapi_connection
        insert_rows(session, "lifecycle_event", EVENT_COLUMNS, _events(REBUILD_FROM - 1))
        assert cache(raw) == -CACHE_KIB  # a small write: the usual cache
        insert_rows(session, "lifecycle_event", EVENT_COLUMNS, _events(REBUILD_FROM, 10**5))
        assert cache(raw) == -BULK_CACHE_KIB
    assert cache(raw) == -CACHE_KIB  # back in the pool: shrunk again
    with store.session() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM lifecycle_event")
        assert count.scalar() == 2 * REBUILD_FROM - 1
