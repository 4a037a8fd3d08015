"""The error a roster file can raise before any row is looked at."""

from __future__ import annotations

from partnerdesk.core.store.engine import StoreError


class RosterError(StoreError):
    """The roster file cannot be used at all (unreadable, empty, columns missing)."""
