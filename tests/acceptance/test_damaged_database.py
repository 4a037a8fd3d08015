"""A damaged database is reported by doctor and never written over."""

from __future__ import annotations

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.engine import DamagedDatabase
from partnerdesk.core.store.models import Note
from tests.helpers import run_cli

PAGE = 4096


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
