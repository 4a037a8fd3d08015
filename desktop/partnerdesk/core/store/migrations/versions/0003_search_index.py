"""Full-text search: an FTS5 index over notes, follow-ups, signals and signal updates.

``search_doc`` holds one row per searchable record (what it is, whose, when) with an
integer ``doc_id`` that is also the row id of its text in ``search_fts``. SQL triggers
keep both in step with every insert, update, tombstone and delete, whoever writes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# source table -> (kind, manager, meeting, target, at, visibility, body, watched columns)
_SOURCES = {
    "note": (
        "CASE WHEN new.agenda_item_id IS NOT NULL OR new.kind = 'answer' "
        "THEN 'answer' ELSE 'note' END",
        "new.manager_id",
        "new.meeting_id",
        "new.id",
        "new.created_at",
        "new.visibility",
        "new.body",
        "body, deleted, kind, agenda_item_id, manager_id, meeting_id, created_at, visibility",
    ),
    "followup": (
        "'followup'",
        "new.manager_id",
        "new.meeting_id",
        "new.id",
        "new.created_at",
        "'team'",
        "new.text || ' ' || new.owner_name",
        "text, owner_name, deleted, manager_id, meeting_id, created_at",
    ),
    "signal": (
        "'signal'",
        "new.manager_id",
        "new.meeting_id",
        "new.id",
        "new.opened_at",
        "'team'",
        "new.summary || ' ' || new.person || ' ' || new.tags",
        "summary, person, tags, deleted, manager_id, meeting_id, opened_at",
    ),
    "signal_update": (
        "'signal'",
        "(SELECT s.manager_id FROM signal AS s WHERE s.id = new.signal_id)",
        "new.meeting_id",
        "new.signal_id",
        "new.at",
        "'team'",
        "new.text",
        "text, deleted, signal_id, meeting_id, at",
    ),
}


def _forget(source: str, row: str) -> str:
    return (
        f"DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_doc "
        f"WHERE source = '{source}' AND ref_id = {row}.id);\n"
        f"  DELETE FROM search_doc WHERE source = '{source}' AND ref_id = {row}.id;"
    )


def _index(source: str) -> str:
    kind, manager, meeting, target, at, visibility, body, _cols = _SOURCES[source]
    return (
        "INSERT INTO search_doc "
        "(source, ref_id, kind, manager_id, meeting_id, target_id, at, visibility)\n"
        f"  SELECT '{source}', new.id, {kind}, {manager}, {meeting}, {target}, {at}, "
        f"{visibility} WHERE new.deleted = 0;\n"
        "  INSERT INTO search_fts (rowid, body)\n"
        f"  SELECT doc_id, {body} FROM search_doc WHERE source = '{source}' AND ref_id = new.id;"
    )


def _triggers(source: str) -> list[str]:
    cols = _SOURCES[source][7]
    extra = ""
    if source == "signal":
        extra = (
            "\n  UPDATE search_doc SET manager_id = new.manager_id "
            "WHERE source = 'signal_update' AND target_id = new.id;"
        )
    return [
        f"CREATE TRIGGER search_{source}_ai AFTER INSERT ON {source} BEGIN\n"
        f"  {_index(source)}\nEND",
        f"CREATE TRIGGER search_{source}_au AFTER UPDATE OF {cols} ON {source} BEGIN\n"
        f"  {_forget(source, 'old')}\n  {_index(source)}{extra}\nEND",
        f"CREATE TRIGGER search_{source}_ad AFTER DELETE ON {source} BEGIN\n"
        f"  {_forget(source, 'old')}\nEND",
    ]


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE search_doc (
            doc_id INTEGER PRIMARY KEY,
            source VARCHAR(16) NOT NULL,
            ref_id VARCHAR(36) NOT NULL,
            kind VARCHAR(16) NOT NULL,
            manager_id VARCHAR(36),
            meeting_id VARCHAR(36),
            target_id VARCHAR(36) NOT NULL,
            at DATETIME,
            visibility VARCHAR(8) NOT NULL,
            UNIQUE (source, ref_id)
        )
        """
    )
    op.execute("CREATE INDEX ix_search_doc_manager ON search_doc (manager_id)")
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "body, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for source in _SOURCES:
        for statement in _triggers(source):
            op.execute(statement)
    # Index what is already there: touching a watched column fires the update triggers.
    op.execute("UPDATE note SET body = body")
    op.execute("UPDATE followup SET text = text")
    op.execute("UPDATE signal SET summary = summary")
    op.execute("UPDATE signal_update SET text = text")


def downgrade() -> None:
    for source in _SOURCES:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{source}_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_doc")
