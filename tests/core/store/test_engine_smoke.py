"""Smoke test of the store fixture: a write is stamped and read back."""

from sqlalchemy import select

from partnerdesk.core.store.models import Rep


def test_write_is_stamped(store):
    with store.transaction() as s:
        s.add(Rep(name="Terry", email="terry@example.com", capacity=0.8))
    with store.session() as s:
        rep = s.scalars(select(Rep)).one()
    assert rep.device_id == store.device_id
    assert rep.updated_hlc.endswith(store.device_id)


def test_reopened_store_stamps_after_everything_stored(store, profile_paths, data_key):
    from partnerdesk.core.clock import Stamp, wall_ms
    from partnerdesk.core.profile import open_store

    ahead = str(Stamp(wall_ms() + 3_600_000, 0, "other-device"))  # an hour ahead: allowed drift
    with store.transaction() as s:
        rep = Rep(name="Rick", email="rick@example.com")
        s.add(rep)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE rep SET updated_hlc = ?", (ahead,))
    store.close()
    reopened = open_store(profile_paths, data_key)
    with reopened.transaction() as s:
        s.get(Rep, rep.id).capacity = 0.8
    with reopened.session() as s:
        assert s.get(Rep, rep.id).updated_hlc > ahead
    reopened.close()
