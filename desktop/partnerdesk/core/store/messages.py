"""What a failed store operation tells the user: one sentence, whatever raised it.

A :class:`StoreError` already speaks to the user; a file error, or SQLite's own
("database is locked" past the busy timeout, a full disk) as SQLAlchemy wraps it, is
turned into one sentence that says nothing was changed and what to do. Anything else is
a bug: None, for the app's excepthook.
"""

from __future__ import annotations

from pathlib import Path

from partnerdesk.core.store.errors import translate


def user_message(exc: BaseException, folder: Path | None = None) -> str | None:
    """The one sentence a user sees for ``exc``; None for a bug (the excepthook's case).

    ``folder`` is the profile's, to tell a full disk behind SQLite's "disk I/O error"."""
    known = translate(exc, folder)  # StoreErrors, a full disk, a damaged database
    if known is not None:
        return str(known)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"A file could not be used{where}: {exc.strerror or exc}. Nothing was changed."
    from sqlalchemy.exc import DBAPIError  # loaded with the store, long before any change

    if isinstance(exc, DBAPIError):
        reason = str(exc.orig).lower()
        if "locked" in reason or "busy" in reason:
            return (
                "The database is busy (a Partner Desk command may be writing to it). "
                "Nothing was changed; try again in a moment."
            )
        return (
            f"The database could not be written ({exc.orig}). Nothing was changed; try "
            "again, or restart Partner Desk."
        )
    return None
