"""Full-text search over notes, agenda answers, follow-ups and signals (SQLite FTS5).

The index lives inside the encrypted store and is kept current by SQL triggers
(revision 0003), so every writer (the editor, sync imports, the CLI) keeps it in step.
Private notes are indexed too: the index never leaves this device. Results are ranked
with bm25 and carry a snippet whose matches are wrapped in :data:`HIT_START` /
:data:`HIT_END`; :func:`render_snippet` turns them into the caller's markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import text

from partnerdesk.core.store.engine import Store

SEARCH_KINDS = ("note", "answer", "followup", "signal")
KIND_LABELS = {
    "note": "Note",
    "answer": "Agenda answer",
    "followup": "Follow-up",
    "signal": "Signal",
}
HIT_START = "\x02"
HIT_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """One search result: what it is, where it belongs and a marked-up snippet."""

    kind: str
    source: str
    ref_id: str
    target_id: str
    manager_id: str | None
    manager_name: str
    department: str
    meeting_id: str | None
    at: datetime | None
    visibility: str
    snippet: str
    score: float

    def snippet_text(self, start: str = "[", end: str = "]") -> str:
        """The snippet with matches wrapped in ``start``/``end`` (plain text)."""
        return render_snippet(self.snippet, start, end)

    def snippet_html(self) -> str:
        """The snippet as escaped HTML with matches in bold."""
        return render_snippet(self.snippet, "<b>", "</b>", escape=html.escape)


def render_snippet(
    snippet: str, start: str, end: str, escape: Callable[[str], str] | None = None
) -> str:
    """Replace the hit markers in ``snippet``, escaping the text between them first."""
    clean = " ".join(snippet.split())
    if escape is not None:
        clean = escape(clean)
    return clean.replace(HIT_START, start).replace(HIT_END, end)


def fts_query(query: str, *, prefix: bool = True) -> str:
    """A safe FTS5 query: every word must match; the last one may be a prefix (typing)."""
    words = _WORD.findall(query)
    if not words:
        return ""
    terms = [f'"{word}"' for word in words]
    if prefix:
        terms[-1] += "*"
    return " ".join(terms)


def search(
    store: Store,
    query: str,
    *,
    manager_id: str | None = None,
    department: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 50,
    prefix: bool = True,
) -> list[SearchHit]:
    """Best matches first (bm25); filters narrow by manager, department, period and kind."""
    match = fts_query(query, prefix=prefix)
    if not match:
        return []
    where = ["search_fts MATCH :match"]
    params: dict[str, object] = {"match": match, "limit": int(limit)}
    if manager_id:
        where.append("d.manager_id = :manager_id")
        params["manager_id"] = manager_id
    if department:
        where.append("m.department = :department")
        params["department"] = department
    if since:
        where.append("d.at >= :since")
        params["since"] = since.isoformat()
    if until:
        where.append("d.at < :until")
        params["until"] = (until + timedelta(days=1)).isoformat()
    kind_list = [k for k in (kinds or ()) if k in SEARCH_KINDS]
    if kind_list:
        names = [f":kind{i}" for i in range(len(kind_list))]
        where.append(f"d.kind IN ({', '.join(names)})")
        params.update({f"kind{i}": k for i, k in enumerate(kind_list)})
    # Rank first, then build snippets for the few rows shown (snippet() is the costly part).
    sql = f"""
        WITH top AS (
            SELECT search_fts.rowid AS doc_id, bm25(search_fts) AS score
            FROM search_fts
            JOIN search_doc AS d ON d.doc_id = search_fts.rowid
            LEFT JOIN manager AS m ON m.id = d.manager_id
            WHERE {" AND ".join(where)}
            ORDER BY score
            LIMIT :limit
        )
        SELECT d.kind, d.source, d.ref_id, d.target_id, d.manager_id,
               coalesce(m.name, ''), coalesce(m.department, ''), d.meeting_id, d.at,
               d.visibility,
               snippet(search_fts, 0, :hit_start, :hit_end, '…', 14), top.score
        FROM search_fts
        JOIN top ON top.doc_id = search_fts.rowid
        JOIN search_doc AS d ON d.doc_id = search_fts.rowid
        LEFT JOIN manager AS m ON m.id = d.manager_id
        WHERE search_fts MATCH :match
        ORDER BY top.score
    """
    params.update(hit_start=HIT_START, hit_end=HIT_END)
    with store.engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    hits = [
        SearchHit(
            kind=row[0],
            source=row[1],
            ref_id=row[2],
            target_id=row[3],
            manager_id=row[4],
            manager_name=row[5],
            department=row[6],
            meeting_id=row[7],
            at=_as_datetime(row[8]),
            visibility=row[9],
            snippet=row[10] or "",
            score=float(row[11]),
        )
        for row in rows
    ]
    # A signal and its timeline entries lead to one case: keep its best hit only.
    seen: set[tuple[str, str]] = set()
    unique = []
    for hit in hits:
        if (hit.kind, hit.target_id) not in seen:
            seen.add((hit.kind, hit.target_id))
            unique.append(hit)
    return unique


PERIODS = (
    ("any", "Any time"),
    ("month", "This month"),
    ("quarter", "This quarter"),
    ("year", "This year"),
    ("12m", "Last 12 months"),
)


def period_start(key: str, today: date) -> date | None:
    """First day of a named period ending today (None for "any")."""
    if key == "month":
        return today.replace(day=1)
    if key == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if key == "year":
        return date(today.year, 1, 1)
    if key == "12m":
        return today - timedelta(days=365)
    return None


def filter_choices(store: Store) -> tuple[list[tuple[str, str]], list[str]]:
    """Managers (id, name) and departments to offer as search filters."""
    with store.engine.connect() as conn:
        managers = conn.execute(
            text("SELECT id, name FROM manager WHERE deleted = 0 ORDER BY name")
        ).all()
        departments = conn.execute(
            text(
                "SELECT DISTINCT department FROM manager "
                "WHERE deleted = 0 AND department != '' ORDER BY department"
            )
        ).scalars()
        return [(row[0], row[1]) for row in managers], list(departments)


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def indexed_docs(store: Store) -> dict[tuple[str, str], str]:
    """Everything in the index as ``{(source, ref_id): text}`` (for checks and tests)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.source, d.ref_id, f.body FROM search_doc AS d "
                "JOIN search_fts AS f ON f.rowid = d.doc_id"
            )
        ).all()
    return {(row[0], row[1]): row[2] for row in rows}


def rebuild_index(store: Store) -> int:
    """Rebuild the whole index from the records (a repair tool); returns the document count."""
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_fts"))
        conn.execute(text("DELETE FROM search_doc"))
        # Touching a watched column fires the triggers that index each live row.
        for table, column in (
            ("note", "body"),
            ("followup", "text"),
            ("signal", "summary"),
            ("signal_update", "text"),
        ):
            conn.execute(text(f"UPDATE {table} SET {column} = {column}"))
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
        return int(conn.execute(text("SELECT count(*) FROM search_doc")).scalar_one())
