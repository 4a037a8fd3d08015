"""Search filters inside the index: a ``scope`` column of manager, department and kind tokens.

Revision 0003 filtered hits by joining every match to ``search_doc``, which is slow
for common words over 60,000 notes. The FTS5 table now has a second indexed column,
``scope``, holding ``m<manager id>``, ``d<department, hex>`` and ``k<kind>`` tokens, so a
filter is one more term that FTS5 intersects natively. Triggers keep it current,
including when a manager arrives later (sync) or changes department.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_KIND_NOTE = (
    "CASE WHEN new.agenda_item_id IS NOT NULL OR new.kind = 'answer' THEN 'answer' ELSE 'note' END"
)
_SIGNAL_MANAGER = "(SELECT s.manager_id FROM signal AS s WHERE s.id = new.signal_id)"

# source table -> (kind, manager, meeting, target, at, visibility, body, watched columns)
_SOURCES = {
    "note": (
        _KIND_NOTE,
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
        _SIGNAL_MANAGER,
        "new.meeting_id",
        "new.signal_id",
        "new.at",
        "'team'",
        "new.text",
        "text, deleted, signal_id, meeting_id, at",
    ),
}


def _scope(manager: str, kind: str) -> str:
    """SQL for the scope tokens of a document (must match core.search.scope_token)."""
    department = f"(SELECT mg.department FROM manager AS mg WHERE mg.id = {manager})"
    return (
        f"'m' || replace(coalesce({manager}, ''), '-', '') || "
        f"' d' || lower(hex(coalesce({department}, ''))) || ' k' || {kind}"
    )


def _forget(source: str) -> str:
    return (
        "DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_doc "
        f"WHERE source = '{source}' AND ref_id = old.id);\n"
        f"  DELETE FROM search_doc WHERE source = '{source}' AND ref_id = old.id;"
    )


def _index(source: str) -> str:
    kind, manager, meeting, target, at, visibility, body, _cols = _SOURCES[source]
    scope = _scope("d.manager_id", "d.kind")
    return (
        "INSERT INTO search_doc "
        "(source, ref_id, kind, manager_id, meeting_id, target_id, at, visibility)\n"
        f"  SELECT '{source}', new.id, {kind}, {manager}, {meeting}, {target}, {at}, "
        f"{visibility} WHERE new.deleted = 0;\n"
        "  INSERT INTO search_fts (rowid, body, scope)\n"
        f"  SELECT d.doc_id, {body}, {scope} FROM search_doc AS d "
        f"WHERE d.source = '{source}' AND d.ref_id = new.id;"
    )


def _rescope(where: str) -> str:
    scope = _scope("d.manager_id", "d.kind")
    return (
        f"UPDATE search_fts SET scope = (SELECT {scope} FROM search_doc AS d "
        f"WHERE d.doc_id = search_fts.rowid) WHERE rowid IN (SELECT doc_id FROM search_doc "
        f"WHERE {where});"
    )


def _triggers(source: str) -> list[str]:
    cols = _SOURCES[source][7]
    extra = ""
    if source == "signal":
        extra = (
            "\n  UPDATE search_doc SET manager_id = new.manager_id "
            "WHERE source = 'signal_update' AND target_id = new.id;\n  "
            + _rescope("source = 'signal_update' AND target_id = new.id")
        )
    return [
        f"CREATE TRIGGER search_{source}_ai AFTER INSERT ON {source} BEGIN\n"
        f"  {_index(source)}\nEND",
        f"CREATE TRIGGER search_{source}_au AFTER UPDATE OF {cols} ON {source} BEGIN\n"
        f"  {_forget(source)}\n  {_index(source)}{extra}\nEND",
        f"CREATE TRIGGER search_{source}_ad AFTER DELETE ON {source} BEGIN\n"
        f"  {_forget(source)}\nEND",
    ]


_MANAGER_TRIGGERS = (
    "CREATE TRIGGER search_manager_ai AFTER INSERT ON manager BEGIN\n  "
    + _rescope("manager_id = new.id")
    + "\nEND",
    "CREATE TRIGGER search_manager_au AFTER UPDATE OF department ON manager BEGIN\n  "
    + _rescope("manager_id = new.id")
    + "\nEND",
)


def upgrade() -> None:
    _drop_search()
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(body, scope, "
        "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for source in _SOURCES:
        for statement in _triggers(source):
            op.execute(statement)
    for statement in _MANAGER_TRIGGERS:
        op.execute(statement)
    _touch_all()
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def _drop_search() -> None:
    for source in _SOURCES:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{source}_{suffix}")
    op.execute("DROP TRIGGER IF EXISTS search_manager_ai")
    op.execute("DROP TRIGGER IF EXISTS search_manager_au")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DELETE FROM search_doc")


def downgrade() -> None:
    """Back to revision 0003's single-column index (its own triggers, rebuilt)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "search_index_0003", Path(__file__).with_name("0003_search_index.py")
    )
    previous = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previous)
    _drop_search()
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "body, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for source in previous._SOURCES:
        for statement in previous._triggers(source):
            op.execute(statement)
    _touch_all()


def _touch_all() -> None:
    """Index what is already there: touching a watched column fires the update triggers."""
    op.execute("UPDATE note SET body = body")
    op.execute("UPDATE followup SET text = text")
    op.execute("UPDATE signal SET summary = summary")
    op.execute("UPDATE signal_update SET text = text")
