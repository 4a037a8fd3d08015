"""The start-up fast path: a store at the newest schema is opened without asking Alembic."""

from __future__ import annotations

from alembic import command

from partnerdesk.core.store import migrate


def test_the_head_the_app_starts_with_is_alembics_head():
    assert migrate.head_revision() == migrate.HEAD


def test_a_store_at_head_is_left_alone_and_an_older_one_is_upgraded(store, profile_paths):
    assert migrate.upgrade(store.engine, store.path, profile_paths.backups, store.key) is None
    config = migrate._config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")
    assert migrate.current_revision(store.engine) != migrate.head_revision()
    backup = migrate.upgrade(store.engine, store.path, profile_paths.backups, store.key)
    assert backup is not None and backup.exists()
    assert migrate.current_revision(store.engine) == migrate.head_revision()
