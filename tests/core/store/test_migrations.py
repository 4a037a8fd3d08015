"""Migrations: empty to head, old fixtures upgrade intact after a backup, newer is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from partnerdesk import __version__
from partnerdesk.core.profile import open_store
from partnerdesk.core.store import migrate
from partnerdesk.core.store.backup import list_backups
from partnerdesk.core.store.engine import make_engine
from partnerdesk.core.store.models import Manager, Note, Rep
from partnerdesk.paths import ProfilePaths

DATA = Path(__file__).with_name("data")
#: The raw key of the committed fixture databases (test data only).
FIXTURE_KEY = bytes.fromhex("5d" * 32)


def test_exactly_one_head():
    heads = ScriptDirectory.from_config(migrate._config()).get_heads()
    assert len(heads) == 1, f"migrations have several heads: {heads}"


def test_empty_database_reaches_head(empty_profile):
    key = bytes(range(32))
    store = open_store(empty_profile, key)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert list_backups(empty_profile.backups) == []  # nothing to back up on creation
    store.close()


def _profile_with(fixture: str, tmp_path) -> ProfilePaths:
    paths = ProfilePaths(tmp_path / "old")
    paths.ensure()
    shutil.copy(DATA / fixture, paths.database)
    return paths


#: One fixture per earlier revision (tools/make_revision_fixtures.py writes them).
FIXTURES = sorted(path.name for path in DATA.glob("rev*.db"))


def test_there_is_a_fixture_for_every_earlier_revision():
    revisions = migrate.known_revisions() - {migrate.head_revision()}
    assert {f"rev{rev}.db" for rev in revisions} <= set(FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_every_earlier_revision_upgrades_with_data_intact(tmp_path, fixture):
    paths = _profile_with(fixture, tmp_path)
    store = open_store(paths, FIXTURE_KEY)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.session() as s:
        rep = s.scalars(select(Rep)).one()
        manager = s.scalars(select(Manager)).one()
        note = s.scalars(select(Note)).one()
    assert (rep.name, rep.capacity) == ("Terry Rep", 0.8)
    assert (manager.email, manager.team_size, manager.rep_id) == ("maria@example.com", 7, rep.id)
    assert note.body.startswith("Fixture note from revision 0001")
    store.close()
    backups = list_backups(paths.backups)
    assert len(backups) == 1
    old = make_engine(backups[0], FIXTURE_KEY)
    assert migrate.current_revision(old) == fixture[3:7]
    old.dispose()
    leftovers = [
        p.name for p in paths.root.iterdir() if p.name.endswith((".upgrading", ".partial"))
    ]
    assert leftovers == []


def test_the_caller_hears_of_an_upgrade_before_it_starts_and_only_then(tmp_path):
    """open_store calls ``on_upgrade`` once when a migration is due (the app says what it
    is doing), before the backup is taken; an up-to-date store opens without it."""
    paths = _profile_with(FIXTURES[-1], tmp_path)
    heard: list[int] = []
    store = open_store(
        paths, FIXTURE_KEY, on_upgrade=lambda: heard.append(len(list_backups(paths.backups)))
    )
    store.close()
    assert heard == [0]  # once, and before the backup
    store = open_store(paths, FIXTURE_KEY, on_upgrade=lambda: heard.append(-1))
    store.close()
    assert heard == [0]


def test_a_failed_upgrade_leaves_the_database_and_keeps_its_backup(tmp_path, monkeypatch):
    paths = _profile_with("rev0002.db", tmp_path)
    before = paths.database.read_bytes()

    def broken(_path, _key):
        raise RuntimeError("the migration failed half-way")

    monkeypatch.setattr(migrate, "_upgrade_file", broken)
    for _ in range(7):  # more attempts than backups kept
        with pytest.raises(RuntimeError):
            open_store(paths, FIXTURE_KEY)
    assert paths.database.read_bytes() == before
    assert not migrate.staged_upgrade_path(paths.database).exists()
    saved = list_backups(paths.backups)
    assert len(saved) == 7  # failed attempts never prune
    monkeypatch.undo()
    open_store(paths, FIXTURE_KEY).close()
    assert len(list_backups(paths.backups)) == 5


def test_backups_are_pruned(tmp_path):
    paths = _profile_with("rev0001.db", tmp_path)
    engine = make_engine(paths.database, FIXTURE_KEY)
    from partnerdesk.core.store.backup import backup_database

    for _ in range(4):
        backup_database(engine, paths.backups, keep=2)
    engine.dispose()
    assert len(list_backups(paths.backups)) == 2


def test_newer_database_is_refused_naming_both_versions(store, profile_paths, data_key):
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
        conn.execute(
            text("UPDATE local_setting SET value = '9.4.0' WHERE key = :k"),
            {"k": migrate.WRITTEN_BY},
        )
    store.close()
    before = profile_paths.database.read_bytes()
    with pytest.raises(migrate.NewerDatabase) as info:
        open_store(profile_paths, data_key)
    message = str(info.value)
    assert "9.4.0" in message and __version__ in message
    assert profile_paths.database.read_bytes() == before


def test_models_match_the_migrations(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from partnerdesk.core.store.models import Base

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": migrate.include_object})
        diff = compare_metadata(context, Base.metadata)
    # SQLite reports a rowid alias (INTEGER PRIMARY KEY) as nullable, though it never is.
    rowid_alias = [
        change
        for change in diff
        if isinstance(change, list)
        and change[0][:4] == ("modify_nullable", None, "search_doc", "doc_id")
    ]
    assert [change for change in diff if change not in rowid_alias] == []
