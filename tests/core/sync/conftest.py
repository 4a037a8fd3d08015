"""Sync test fixtures (defined in tests/sync_fixtures.py, shared with the UI tests)."""

from tests.sync_fixtures import make_store, shared, trio

__all__ = ["make_store", "shared", "trio"]
