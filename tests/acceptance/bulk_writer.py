"""Bulk-inserts lifecycle events with the indexes dropped and waits there (a test kills it).

The page cache is tiny (and marked as grown already, so the bulk insert leaves it so), and
the uncommitted pages (the schema without its indexes among them) spill into the WAL
before the kill.
"""

import sys
from datetime import date
from pathlib import Path

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.bulk import REBUILD_FROM, insert_rows
from partnerdesk.core.store.engine import BULK_CACHE
from partnerdesk.paths import ProfilePaths

COLUMNS = ("id", "employee_ref", "person", "kind", "on_date", "manager_email")
COLUMNS += ("from_manager_email", "department", "from_department", "detected_at")
COLUMNS += ("updated_hlc", "device_id", "deleted")


class _StopsHalfway(list):
    """Rows that say so once half of them are in, then wait for the kill."""

    def __iter__(self):
        for index, row in enumerate(super().__iter__()):
            if index == len(self) // 2:
                print("halfway", flush=True)
                sys.stdin.readline()  # never answered: the test kills the process
            yield row


store = open_store(ProfilePaths(Path(sys.argv[1])), bytes.fromhex(sys.argv[2]))
rows = _StopsHalfway(
    (f"event-{n:06d}", f"person-{n % 997}", f"Person {n}", "joined", date(2020, 1, 1 + n % 28),
     f"boss{n % 50}@acme.example", "", "Sales", "", "2026-01-01 00:00:00.000000", "h", "d", 0)
    for n in range(2 * REBUILD_FROM)
)  # fmt: skip
with store.transaction() as session:
    session.connection().exec_driver_sql("PRAGMA cache_size = 8")
    session.connection().connection.info[BULK_CACHE] = True
    insert_rows(session, "lifecycle_event", COLUMNS, rows)
