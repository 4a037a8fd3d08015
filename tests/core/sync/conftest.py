"""Sync test fixtures (defined in tests/sync_fixtures.py, shared with the UI tests)."""

from tests.sync_fixtures import laptops, make_store, shared, trio

__all__ = ["laptops", "make_store", "shared", "trio"]
