"""search index: prefix indexes of 2 to 8 letters, so the word being typed is one read

Search-as-you-type makes the last word a prefix (``"workl"*``). FTS5 answers a prefix
of an indexed length from one doclist, like a whole word; any other length first
merges the doclists of every term with that prefix, all of them, whatever the LIMIT.
Revision 0005 indexed 2 and 3 letters only. Measured on the 10x bench store (940,111
records, both indexes optimized), the newest 120 matches read downwards: ``"workload"*``
6.9 -> 0.1 ms, ``"hiring" "backfill"*`` 5.7 -> 0.1 ms, ``"calib"*`` 5.6 -> 0.1 ms,
``"on" "call" "escalation"*`` 3.6 -> 1.4 ms; the index grows from 264 to 455 MB (1x:
about a tenth). Stems longer than 8 letters are rare enough to merge quickly.

FTS5 cannot change ``prefix`` in place: the index is built anew beside the old one
from its own stored text, the old one dropped and the new one renamed (with
``legacy_alter_table``, so the triggers that name ``search_fts`` keep that name and
resolve to the new table). No text leaves the encrypted database; an upgrade killed
half-way leaves the database as it was (``migrate.upgrade`` works on a copy).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TOKENIZE = "porter unicode61 remove_diacritics 2"


def _rebuild(prefix: str) -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_fts_new USING fts5(body, scope, "
        f"tokenize = '{_TOKENIZE}', prefix = '{prefix}')"
    )
    op.execute(
        "INSERT INTO search_fts_new (rowid, body, scope) "
        "SELECT rowid, body, scope FROM search_fts ORDER BY rowid"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("PRAGMA legacy_alter_table = ON")  # keep the triggers' text as it is
    try:
        op.execute("ALTER TABLE search_fts_new RENAME TO search_fts")
    finally:
        op.execute("PRAGMA legacy_alter_table = OFF")
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def upgrade() -> None:
    _rebuild("2 3 4 5 6 7 8")


def downgrade() -> None:
    _rebuild("2 3")
