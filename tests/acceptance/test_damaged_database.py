"""A damaged database is reported by doctor and never written over, whatever the verb."""

from __future__ import annotations

import shutil

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.backup import backup_database
from partnerdesk.core.store.engine import DamagedDatabase
from partnerdesk.core.store.models import Note
from tests.helpers import run_cli

PAGE = 4096

#: Verbs that write, each refused on a damaged database (one per damaged page, in turn).
WRITERS = (
    ("agenda", "new", "2026-09"),
    ("rep", "add", "Pat Rep", "pat@example.com"),
    ("backup",),
    ("sync",),
    ("roster", "cadence", "maria@example.com", "monthly"),
    ("team", "create", "--folder", "{tmp}/shared", "--name", "Team"),
    ("demo",),
)


def _fill(store) -> None:
    with store.transaction() as s:
        for i in range(300):
            s.add(Note(body=f"note {i} " * 20))
    store.close()


def _flip(path, offset: int) -> bytes:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    return bytes(data)


def test_doctor_reports_a_flipped_byte(store, profile_paths):
    _fill(store)
    damaged = _flip(profile_paths.database, PAGE * 5 + 300)
    result = run_cli("doctor", profile=profile_paths.root)
    assert result.returncode == 1
    assert "DAMAGED" in result.stdout
    assert profile_paths.database.read_bytes() == damaged


def test_damaged_first_page_is_refused_not_replaced(store, profile_paths, data_key):
    _fill(store)
    damaged = _flip(profile_paths.database, 100)
    try:
        open_store(profile_paths, data_key)
    except DamagedDatabase as exc:
        assert "damaged" in str(exc) and "restore" in str(exc)
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a damaged first page must be refused")
    result = run_cli("doctor", profile=profile_paths.root)
    assert result.returncode == 1
    assert "DAMAGED" in result.stdout
    assert profile_paths.database.read_bytes() == damaged


def test_a_flipped_byte_on_each_of_20_pages_makes_the_profile_read_only(
    profile_paths, data_key, tmp_path
):
    store = open_store(profile_paths, data_key)
    good = backup_database(store.engine, profile_paths.backups, label="manual")
    _fill(store)
    pages = profile_paths.database.stat().st_size // PAGE
    assert pages >= 20
    template = tmp_path / "template"
    shutil.copytree(profile_paths.root, template)
    for i in range(20):
        page = i * (pages - 1) // 19  # page 0 (the first) to the last, spread
        root = tmp_path / f"page-{page}"
        shutil.copytree(template, root)
        database = root / "partnerdesk.db"
        damaged = _flip(database, page * PAGE + 40 + (i * 97) % (PAGE - 80))

        doctor = run_cli("doctor", profile=root)
        assert doctor.returncode == 1, (page, doctor.stdout, doctor.stderr)
        assert "DAMAGED" in doctor.stdout and "Traceback" not in doctor.stderr
        restore = f"partnerdesk restore {root / 'backups' / good.name}"
        assert doctor.stdout.count(restore) == 1, doctor.stdout

        verb = [part.format(tmp=tmp_path) for part in WRITERS[i % len(WRITERS)]]
        refused = run_cli(*verb, profile=root, env={"PARTNERDESK_TEAM_PASSPHRASE": "t" * 20})
        assert refused.returncode == 1, (page, verb, refused.stdout, refused.stderr)
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1 and restore in lines[0], (verb, lines)
        assert database.read_bytes() == damaged, (page, verb)
        shutil.rmtree(root)
