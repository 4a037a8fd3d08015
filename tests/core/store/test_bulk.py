"""Bulk writes store exactly what the ORM stores, and bulk ids are ordinary UUIDs."""

from __future__ import annotations

import os
import uuid
from datetime import date

from partnerdesk.core.clock import utcnow
from partnerdesk.core.store.bulk import insert_rows, stored_moment, uuid_text
from partnerdesk.core.store.models import LifecycleEvent


def test_uuid_text_prints_what_uuid_prints():
    for _ in range(500):
        digits = os.urandom(16).hex()
        for version in (4, 5):
            assert uuid_text(digits, version) == str(uuid.UUID(digits, version=version))


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
        row = {**values, "id": "bulk", "detected_at": stored_moment(moment)}
        row |= {"from_manager_email": "", "department": "", "from_department": ""}
        row["updated_hlc"] = store.clock.tick()
        insert_rows(session, "lifecycle_event", list(row), [tuple(row.values())])
    compared = [c.name for c in LifecycleEvent.__table__.c if c.name not in ("id", "updated_hlc")]
    with store.session() as session:
        stored = session.connection().exec_driver_sql(
            f"SELECT {', '.join(compared)} FROM lifecycle_event ORDER BY id"
        )
        bulk, orm = stored.fetchall()
        assert bulk == orm
        assert session.get(LifecycleEvent, "bulk").detected_at == moment


def test_none_and_booleans_bind_as_null_and_integers(store):
    """The engine's adapters for None and bool (engine._quick_binds) store what the
    driver stored without them: NULL, and the integers 1 and 0."""
    with store.session() as session:
        bound = session.connection().exec_driver_sql(
            "SELECT typeof(?), ?, typeof(?), ?, typeof(?), ?", (None, None, True, True, False, 0)
        )
        assert bound.one() == ("null", None, "integer", 1, "integer", 0)
    import sqlcipher3

    registered = {kind for kind, _protocol in sqlcipher3.adapters}
    assert {type(None), bool} <= registered  # found, so no failed search per value
